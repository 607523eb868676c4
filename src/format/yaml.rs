//! YAML text to a tree of spanned nodes, within hard limits.
//!
//! serde-saphyr parses the text (YAML 1.2, pure Rust) into [`Node`]s that keep
//! the byte span of every key and value. The decoder in [`super::decode`] then
//! walks that tree and collects *all* problems of a file, which serde's derive
//! (stopping at the first error) cannot do. Limits on size, depth, nodes and
//! alias expansion are enforced here, before anything else sees the input.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::limits;

mod fast;

/// A YAML value with its span in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

impl Node {
    /// Moves every span `by` bytes on, for a text read as part of a longer one.
    pub fn shift(&mut self, by: usize) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            node.span = Span::new(node.span.start + by, node.span.end + by);
            match &mut node.kind {
                NodeKind::Seq(items) => stack.extend(items.iter_mut()),
                NodeKind::Map(entries) => {
                    for (key, value) in entries.iter_mut() {
                        stack.push(key);
                        stack.push(value);
                    }
                }
                _ => {}
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// How the kind is named in error messages ("expected text, found a list").
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing (null)",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(_) => "a number",
            NodeKind::String(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// The node tree as serde-saphyr hands it over: spans still as serde-saphyr locations.
struct RawNode(RawKind);

enum RawKind {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Null))
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Number(v as f64)))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Number(v as f64)))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Number(v as f64)))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Number(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::Number(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::String(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::String(v)))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode(RawKind::String(
            String::from_utf8_lossy(v).into_owned(),
        )))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode(RawKind::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode(RawKind::Map(entries)))
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = limits::MAX_DEPTH;
    budget.max_nodes = limits::MAX_NODES;
    budget.max_events = limits::MAX_NODES * 2;
    budget.max_total_scalar_bytes = limits::MAX_FILE_BYTES * 4;
    budget.max_recorded_anchor_events = limits::MAX_ALIAS_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits::MAX_ALIAS_EVENTS;
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    options.with_snippet = false;
    options
}

/// Parses YAML text into a node tree, or one diagnostic saying why it could not.
pub fn parse(file: &SourceFile) -> Result<Node, Diagnostic> {
    let text = file.text.as_str();
    if text.len() > limits::MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "too-large",
            format!(
                "the map is {} bytes; the limit is {} bytes",
                text.len(),
                limits::MAX_FILE_BYTES
            ),
        )
        .with_hint("split the journey into several maps, one per persona or scenario"));
    }
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Diagnostic::error("empty", "the map file is empty")
            .at(Span::new(0, 0))
            .with_hint("start with `title: ...` and a list of `touchpoints:`; `journeymap init` writes a starter map"));
    }
    // Performance: most maps are built straight from the parser's events, several
    // times faster; anything unusual, including every error, takes serde-saphyr's
    // path below, unchanged (see `fast`).
    if let Some(node) = fast::parse(file) {
        return Ok(node);
    }
    let raw: Spanned<RawNode> =
        serde_saphyr::from_str_with_options(text, options()).map_err(|e| syntax_error(file, &e))?;
    if let Some(tagged) = first_tag(file) {
        return Err(tagged);
    }
    Ok(convert(file, raw))
}

/// The first value with a YAML tag other than `!!str`, as an error. Tags change what
/// a value is (`!!binary` text is decoded from base64, `!!int` makes text a number),
/// which a map has no use for; `!!str` only says "this is text", which it is anyway.
/// Only run on the slow path: the fast one gives up on any tag.
fn first_tag(file: &SourceFile) -> Option<Diagnostic> {
    use granit_parser::{Event, Parser};
    for (event, span) in Parser::new_from_str(&file.text).flatten() {
        let tag = match &event {
            Event::Scalar(_, _, _, Some(tag))
            | Event::SequenceStart(_, _, Some(tag))
            | Event::MappingStart(_, _, Some(tag)) => tag,
            _ => continue,
        };
        if tag.is_yaml_core_schema() && tag.suffix() == "str" {
            continue;
        }
        let start = span.start.byte_offset().unwrap_or(0).min(file.text.len());
        let written = format!("{}{}", tag.original_handle(), tag.suffix());
        return Some(
            Diagnostic::error(
                "syntax",
                format!(
                    "the YAML tag `{}` has no meaning in a map",
                    crate::controls::strip(&written)
                ),
            )
            .at(Span::new(start, (start + 1).min(file.text.len())))
            .with_label("tagged value")
            .with_hint("remove the tag; to keep a value as text, put it in quotes"),
        );
    }
    None
}

/// Turns the parser's error into one a map author can act on: said in the map's
/// words, at the line a person would fix, with the fix.
fn syntax_error(file: &SourceFile, error: &serde_saphyr::Error) -> Diagnostic {
    use serde_saphyr::{Error, budget::BudgetBreach};
    let at = error
        .location()
        .map(|location| location_offset(file, &location));
    let point = |offset: usize| Span::new(offset, (offset + 1).min(file.text.len()));
    let error = error.without_snippet();
    let uses_aliases = file.text.contains('*') && file.text.contains('&');
    match error {
        Error::MultipleDocuments { .. } => {
            let start = second_document_start(file, at.unwrap_or(0));
            Diagnostic::error("syntax", "a map file holds one YAML document, and a second one starts here")
                .at(Span::new(start, start + 3))
                .with_label("second document")
                .with_hint("remove this `---` line and what follows, or put the second map in a file of its own")
        }
        Error::UnknownAnchor { .. } => {
            let name = at
                .map(|offset| alias_name(file, offset))
                .unwrap_or_default();
            Diagnostic::error("syntax", format!("the alias `*{name}` refers to no anchor"))
                .at(point(at.unwrap_or(0)))
                .with_label("no `&` anchor with this name comes before it")
                .with_hint(format!("define `&{name}` on a value above this line, or quote the text if `*` was meant literally: \"*{name}\""))
        }
        Error::RecursiveReferencesRequireWeakTypes { .. } => {
            let name = at
                .map(|offset| alias_name(file, offset))
                .unwrap_or_default();
            Diagnostic::error("syntax", format!("the alias `*{name}` is used inside the value its anchor names"))
                .at(point(at.unwrap_or(0)))
                .with_label("refers to a value that contains it")
                .with_hint("an alias cannot repeat a mapping or list from inside itself; write the values out instead")
        }
        Error::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => Diagnostic::error(
            "limit",
            format!(
                "the map is nested more than {} levels deep",
                limits::MAX_DEPTH
            ),
        )
        .at(point(at.unwrap_or(0)))
        .with_label("too deep")
        .with_hint("a map needs only a few levels; check for unclosed `[` or `{`"),
        _ if error.to_string().contains("budget breached")
            || error.to_string().contains("alias") =>
        {
            let (message, hint) = if uses_aliases {
                (
                    "the map is too large once YAML anchors and aliases are expanded",
                    format!(
                        "maps are limited to {} YAML nodes and {} events replayed from aliases; use fewer aliases",
                        limits::MAX_NODES,
                        limits::MAX_ALIAS_EVENTS
                    ),
                )
            } else {
                (
                    "the map has too many YAML values",
                    format!(
                        "maps are limited to {} YAML nodes; split the journey into several maps",
                        limits::MAX_NODES
                    ),
                )
            };
            Diagnostic::error("limit", message)
                .at(point(at.unwrap_or(0)))
                .with_hint(hint)
        }
        _ => scan_error(file, &plain_message(error), at.unwrap_or(0)),
    }
}

/// The parser's message without the position it repeats at either end.
fn plain_message(error: &serde_saphyr::Error) -> String {
    let message = error.to_string();
    // serde-saphyr prefixes "line L column C: "; the position goes in the span instead.
    let message = match message.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") => rest.to_owned(),
        _ => message,
    };
    // ... and may repeat it at the end.
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => message[..at].to_owned(),
        _ => message,
    }
}

/// Errors of the YAML scanner, with the two or three mistakes behind most of them
/// said in plain words.
fn scan_error(file: &SourceFile, message: &str, at: usize) -> Diagnostic {
    let point = Span::new(at, (at + 1).min(file.text.len()));
    if message.contains("tab")
        && let Some(tab) = indenting_tab(file, at)
    {
        return Diagnostic::error("syntax", "YAML indents with spaces, not tabs")
            .at(Span::new(tab, tab + 1))
            .with_label("a tab")
            .with_hint("replace the tab with spaces; most editors can be set to insert spaces for Tab in .yaml files");
    }
    let diagnostic = Diagnostic::error("syntax", format!("invalid YAML: {message}")).at(point);
    if message.contains("mapping values are not allowed") {
        diagnostic
            .with_label("a second `: ` on this line")
            .with_hint("text that contains `: ` needs quotes, such as name: \"Step 1: pay\"")
    } else if message.contains("did not find expected '-' indicator")
        || message.contains("did not find expected key")
    {
        diagnostic
            .with_label("not where the indentation says")
            .with_hint("check the indentation: list items start with `- ` in the same column as the items before them, and each key lines up with the keys around it")
    } else {
        diagnostic
    }
}

/// The first tab in the indentation of the lines around `at` (the scanner reports a
/// tab where it gives up, which may be the line before the tab's).
fn indenting_tab(file: &SourceFile, at: usize) -> Option<usize> {
    let line_start = file.text[..at.min(file.text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let mut offset = line_start;
    for line in file.text[line_start..].split_inclusive('\n').take(3) {
        let indent = line.len() - line.trim_start_matches([' ', '\t', '-']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some(offset + tab);
        }
        offset += line.len();
    }
    file.text[line_start..]
        .find('\t')
        .map(|tab| line_start + tab)
}

/// Where the second YAML document begins: the last `---` line before `at`, or `at`.
fn second_document_start(file: &SourceFile, at: usize) -> usize {
    let before = &file.text[..at.min(file.text.len())];
    let mut offset = 0;
    let mut found = None;
    for line in before.split_inclusive('\n') {
        if line.starts_with("---") && offset > 0 {
            found = Some(offset);
        }
        offset += line.len();
    }
    found.unwrap_or(at)
}

/// The alias name written at `offset` (`*name`), for messages.
fn alias_name(file: &SourceFile, offset: usize) -> String {
    let rest = file.text.get(offset..).unwrap_or_default();
    let rest = rest.strip_prefix('*').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .take(40)
        .collect();
    crate::controls::strip(&name).into_owned()
}

fn location_offset(file: &SourceFile, location: &serde_saphyr::Location) -> usize {
    match location.span().byte_offset() {
        Some(offset) if (offset as usize) <= file.text.len() => offset as usize,
        _ => file.offset_of(location.line() as usize, location.column() as usize),
    }
}

fn span_of<T>(file: &SourceFile, spanned: &Spanned<T>) -> Span {
    let location = &spanned.referenced;
    let start = location_offset(file, location);
    let len = location
        .span()
        .byte_len()
        .filter(|&len| len != u32::MAX as u64)
        .unwrap_or(0) as usize;
    Span::new(start, (start + len).min(file.text.len()))
}

fn convert(file: &SourceFile, raw: Spanned<RawNode>) -> Node {
    let span = span_of(file, &raw);
    let kind = match raw.value.0 {
        RawKind::Null => NodeKind::Null,
        RawKind::Bool(b) => NodeKind::Bool(b),
        RawKind::Number(n) => NodeKind::Number(n),
        RawKind::String(s) => NodeKind::String(s),
        RawKind::Seq(items) => NodeKind::Seq(items.into_iter().map(|i| convert(file, i)).collect()),
        RawKind::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(file, k), convert(file, v)))
                .collect(),
        ),
    };
    Node { span, kind }
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node, Diagnostic> {
        parse(&SourceFile::new("t.yaml", text))
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let node = parse_str("title: Hello\nn: 2.5\n").map_err(|d| d.message);
        let Ok(Node {
            kind: NodeKind::Map(entries),
            ..
        }) = node
        else {
            panic!("expected a mapping, got {node:?}");
        };
        assert_eq!(entries[0].0.span, Span::new(0, 5));
        assert_eq!(entries[0].1.span, Span::new(7, 12));
        assert_eq!(entries[1].1.kind, NodeKind::Number(2.5));
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let error = parse_str(&text).err().map(|d| d.code);
        assert_eq!(error, Some("limit"));
    }

    #[test]
    fn refuses_deep_nesting() {
        let text = format!("title: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(parse_str(&text).is_err());
    }

    #[test]
    fn empty_and_comment_only_files_are_one_error() {
        assert_eq!(parse_str("").err().map(|d| d.code), Some("empty"));
        assert_eq!(
            parse_str("# nothing\n\n").err().map(|d| d.code),
            Some("empty")
        );
    }
}
