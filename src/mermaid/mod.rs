//! Mermaid's `journey` diagram, both ways: `journeymap import` and `journeymap export --to mermaid`.
//!
//! - [`parse`] reads Mermaid journey text into a [`Journey`], following Mermaid's
//!   own grammar (`journey.jison`): `title`, `section`, tasks `name: score: actor,
//!   actor`, `accTitle`, `accDescr` (one line or `accDescr { ... }`), `%%` comments,
//!   case-insensitive keywords, and the YAML front matter ([`front_matter`]). What
//!   Mermaid accepts but journeymap cannot hold becomes a warning at its line, never
//!   a silent drop.
//! - [`to_yaml`] turns a [`Journey`] into journeymap YAML: sections are stages,
//!   tasks touchpoints, actors personas, scores emotions on the default 1..5 scale.
//!   The YAML is written by the small emitter in [`yaml`].
//! - [`to_mermaid`] turns a validated [`crate::model::Map`] into a journey that
//!   GitHub renders, naming in `%%` comments what Mermaid cannot show.
//!
//! Map to Mermaid to map never adds data: a touchpoint without a score is written
//! with the score Mermaid needs and an [`UNSCORED_MARKER`] comment above it, which
//! `import` reads back as no score; a touchpoint split into one task per score has
//! a [`SAME_TOUCHPOINT_MARKER`] above each task after the first, and comes back as
//! one touchpoint.
//!
//! [`import`] runs the first two and checks the result loads without errors.

mod export;
mod front_matter;
mod import;
mod parse;
pub mod yaml;

pub use export::to_mermaid;
pub use import::to_yaml;
pub use parse::parse;

use crate::diag::{Diagnostic, SourceFile, Span};

/// How many findings `import` reports about one file before it only counts them.
pub const MAX_WARNINGS: usize = 100;

/// The lowest and highest score Mermaid draws (its documentation: "a number between
/// 1 and 5, inclusive"), which is also journeymap's default emotion scale.
pub const SCORE_MIN: f64 = 1.0;
pub const SCORE_MAX: f64 = 5.0;

/// The `%%` comment that `export` writes above the task of a touchpoint without a
/// score, and `import` reads back: Mermaid needs a score to draw a task, so the task
/// shows [`UNSCORED_SCORE`], which the marker says is not data.
pub const UNSCORED_MARKER: &str = "%% journeymap: unscored";

/// The score Mermaid draws for a task marked [`UNSCORED_MARKER`]: the middle of 1..5.
pub const UNSCORED_SCORE: f64 = 3.0;

/// The `%%` comment that `export` writes above the second and later tasks of a
/// touchpoint whose personas feel differently (Mermaid has one score a task), and
/// `import` reads back by joining the task to the one above.
pub const SAME_TOUCHPOINT_MARKER: &str = "%% journeymap: same touchpoint";

/// A Mermaid journey as read, with what could not be kept already reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Journey {
    pub title: Option<String>,
    pub acc_title: Option<String>,
    pub acc_descr: Option<String>,
    /// Sections in order, repeats included (each becomes its own stage).
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    /// The `journey` keyword, for findings about the whole diagram.
    pub header: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// Index into [`Journey::sections`]; `None` for a task before the first section.
    pub section: Option<usize>,
    pub name: String,
    /// The score on 1..5, clamped; `None` when it was not a number.
    pub score: Option<f64>,
    /// Actor names as written, trimmed, without empty or repeated ones.
    pub actors: Vec<String>,
    /// More of the touchpoint of the task above ([`SAME_TOUCHPOINT_MARKER`]): the
    /// same name and section, other actors with another score. Both are scored.
    pub same_touchpoint: bool,
    pub span: Span,
}

impl Journey {
    /// Every actor, in order of first appearance.
    pub fn actors(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.tasks
            .iter()
            .flat_map(|task| &task.actors)
            .map(String::as_str)
            .filter(|actor| seen.insert(*actor))
            .collect()
    }
}

/// Reads Mermaid journey text and writes journeymap YAML. `None` (with an error in
/// the diagnostics) when the text is not a journey or has no task.
pub fn import(file: &SourceFile) -> (Option<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let journey = parse(file, &mut diagnostics);
    // In file order, as `check` prints them; a file with thousands of problems gets
    // the first hundred and a count, which says enough and prints quickly.
    diagnostics.sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
    if diagnostics.len() > MAX_WARNINGS {
        let more = diagnostics.len() - MAX_WARNINGS;
        let errors: Vec<Diagnostic> = diagnostics
            .drain(MAX_WARNINGS..)
            .filter(Diagnostic::is_error)
            .collect();
        diagnostics.push(Diagnostic::warning(
            "mermaid-more",
            format!("{more} more findings like the ones above are not shown"),
        ));
        diagnostics.extend(errors);
    }
    let Some(journey) = journey else {
        return (None, diagnostics);
    };
    if journey.tasks.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "no-tasks",
                "the journey has no tasks; a map needs at least one touchpoint",
            )
            .at(journey.header)
            .with_hint("add tasks such as `Make tea: 5: Me` under a `section`"),
        );
        return (None, diagnostics);
    }
    let yaml = to_yaml(&journey, &file.name);
    // The YAML must load as a valid map; anything else is a bug in the importer,
    // reported as an error rather than written out.
    let loaded = crate::load(SourceFile::new(
        format!("{} (imported)", file.name),
        yaml.clone(),
    ));
    if let Some(error) = loaded.diagnostics.into_iter().find(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::error(
                "import-failed",
                format!(
                    "the imported map would not be valid ({}: {}); nothing was written",
                    error.code, error.message
                ),
            )
            .with_hint("please report this with the Mermaid file attached"),
        );
        return (None, diagnostics);
    }
    (Some(yaml), diagnostics)
}
