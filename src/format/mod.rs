//! The map file as written: structs that mirror the YAML, every value with its span.
//!
//! This is the first stage of the pipeline (format -> model -> layout -> render).
//! Nothing here checks meaning (whether a stage exists, whether a score is on the
//! scale); that is [`crate::model`]'s job. What is checked here is shape: keys,
//! types and id syntax, with every problem in the file reported at once.

mod decode;
pub use decode::NOT_A_MAP;
pub mod schema;
pub mod yaml;

use crate::diag::{Diagnostic, SourceFile, Span};

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }
}

pub type Text = Sp<String>;

/// The whole map file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapDoc {
    pub title: Option<Text>,
    pub scenario: Option<Text>,
    pub owner: Option<Text>,
    pub reviewed: Option<Sp<crate::date::Date>>,
    pub lang: Option<Text>,
    pub emotion_scale: Option<ScaleDoc>,
    pub personas: Vec<PersonaDoc>,
    /// `None` when the file has no `stages:` key (the standard five apply).
    pub stages: Option<Vec<StageDoc>>,
    pub channels: Vec<ChannelDoc>,
    pub touchpoints: Vec<TouchpointDoc>,
    /// Where the `touchpoints:` key is, or the whole file when it is missing.
    pub touchpoints_span: Span,
    /// Where the `personas:` key is, or the whole file when it is missing.
    pub personas_span: Span,
    /// Where the `stages:` key is, or the whole file when it is missing.
    pub stages_span: Span,
    /// Where the `channels:` key is, or the whole file when it is missing.
    pub channels_span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDoc {
    pub min: Option<Sp<f64>>,
    pub max: Option<Sp<f64>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonaDoc {
    pub id: Text,
    pub name: Option<Text>,
    pub role: Option<Text>,
    pub description: Option<Text>,
    pub quote: Option<Text>,
    pub goals: Vec<Text>,
    pub frustrations: Vec<Text>,
    pub color: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StageDoc {
    pub id: Text,
    pub name: Option<Text>,
    pub goal: Option<Text>,
    pub description: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChannelDoc {
    pub id: Text,
    pub name: Option<Text>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TouchpointDoc {
    /// The whole item, for errors about the touchpoint as a whole.
    pub span: Span,
    pub id: Option<Text>,
    pub stage: Option<Text>,
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub channel: Option<Text>,
    pub actions: Vec<Text>,
    pub thoughts: Vec<Text>,
    pub emotion: Option<EmotionDoc>,
    pub personas: Option<Vec<Text>>,
    pub pain_points: Vec<Text>,
    pub opportunities: Vec<Text>,
    pub metrics: Vec<(Text, Text)>,
    pub owner: Option<Text>,
    pub next: Option<Vec<Text>>,
}

/// `emotion: 4` or `emotion: { maya: 2, tom: 3 }`.
#[derive(Clone, Debug, PartialEq)]
pub enum EmotionDoc {
    Everyone(Sp<f64>),
    PerPersona(Vec<(Text, Sp<f64>)>),
}

/// Parses and decodes a map file. Returns what could be read and every problem found;
/// the document is `None` only when the text is not YAML at all.
pub fn parse(file: &SourceFile) -> (Option<MapDoc>, Vec<Diagnostic>) {
    match yaml::parse(file) {
        Ok(node) => {
            let mut diagnostics = Vec::new();
            let doc = decode::decode_map(file, &node, &mut diagnostics);
            (doc, diagnostics)
        }
        Err(diagnostic) => (None, vec![diagnostic]),
    }
}
