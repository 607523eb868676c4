//! The front matter of a Mermaid file (the YAML between `---` lines at the top), read
//! as YAML by the parser maps use, with the same limits (see [`crate::format::yaml`]),
//! so quoting, comments, folded blocks and escapes mean what YAML says and hostile
//! input (alias bombs, deep nesting) stays bounded.
//!
//! Only `title` is kept. Every other key is Mermaid configuration and a warning at
//! its own line; front matter that is not YAML, or not a mapping, is a warning and
//! is ignored (Mermaid would not draw the file).

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::format::yaml::{self, Node, NodeKind};

/// Reads the front matter at `range` of `file`: the title as written in YAML, if any,
/// with a warning for everything else.
pub(super) fn title(
    file: &SourceFile,
    range: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = file.text.get(range.start..range.end)?;
    let front = SourceFile::new(file.name.clone(), text.to_owned());
    let shift = |span: Span| Span::new(span.start + range.start, span.end + range.start);
    let root = match yaml::parse(&front) {
        Ok(root) => root,
        // Blank lines and comments only.
        Err(error) if error.code == "empty" => return None,
        Err(error) => {
            let at = error.span.map_or(range, shift);
            diagnostics.push(
                Diagnostic::warning(
                    "mermaid-syntax",
                    format!(
                        "the front matter is not valid YAML ({}), so journeymap ignores it",
                        error.message
                    ),
                )
                .at(at)
                .with_hint("Mermaid does not draw a file whose front matter is not YAML"),
            );
            return None;
        }
    };
    let NodeKind::Map(entries) = root.kind else {
        diagnostics.push(
            Diagnostic::warning(
                "mermaid-ignored",
                format!(
                    "the front matter is {}, not a mapping of keys such as `title`; journeymap ignores it",
                    root.kind.describe()
                ),
            )
            .at(shift(root.span)),
        );
        return None;
    };
    let mut title = None;
    for (key, value) in entries {
        match &key.kind {
            NodeKind::String(name) if name == "title" => {
                title = text_of(&front, &value, diagnostics, shift);
            }
            _ => diagnostics.push(ignored(&front, &key, shift(key.span))),
        }
    }
    title
}

/// The warning for a front-matter key other than `title`.
fn ignored(front: &SourceFile, key: &Node, at: Span) -> Diagnostic {
    let name: String = source_text(front, key).chars().take(40).collect();
    Diagnostic::warning(
        "mermaid-ignored",
        format!(
            "front matter other than `title` is Mermaid configuration; journeymap ignores `{name}`"
        ),
    )
    .at(at)
    .with_hint("journeymap has its own layout and colours; persona colours can be set in the map")
}

/// A title value as text: text as YAML reads it, a number or boolean as written
/// (`2024`, not `2024.0`), nothing for null; a list or mapping is a warning.
fn text_of(
    front: &SourceFile,
    value: &Node,
    diagnostics: &mut Vec<Diagnostic>,
    shift: impl Fn(Span) -> Span,
) -> Option<String> {
    match &value.kind {
        NodeKind::String(text) => Some(text.clone()),
        NodeKind::Number(_) | NodeKind::Bool(_) => Some(source_text(front, value).to_owned()),
        NodeKind::Null => None,
        kind @ (NodeKind::Seq(_) | NodeKind::Map(_)) => {
            diagnostics.push(
                Diagnostic::warning(
                    "mermaid-ignored",
                    format!(
                        "the front matter's `title` is {}, not text; journeymap ignores it",
                        kind.describe()
                    ),
                )
                .at(shift(value.span)),
            );
            None
        }
    }
}

/// The text of a node as written in the front matter.
fn source_text<'t>(front: &'t SourceFile, node: &Node) -> &'t str {
    front
        .text
        .get(node.span.start..node.span.end)
        .unwrap_or_default()
        .trim()
}
