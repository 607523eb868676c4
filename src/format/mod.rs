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
    /// `labels:`: label name and the text that replaces it, as written.
    pub labels: Vec<(Text, Text)>,
    pub emotion_scale: Option<ScaleDoc>,
    /// `data:`: the files the map's scores and claims are checked against.
    pub data: Option<DataDoc>,
    /// `theme:`: stage colours, a persona palette and a font, as written; for
    /// `theme: brand.yaml`, as the loader read them from that file (spans past the
    /// end of this map's text: see [`parse_theme_at`]).
    pub theme: Option<ThemeDoc>,
    /// `theme: brand.yaml`: the file the theme is read from, as written.
    pub theme_file: Option<Text>,
    pub personas: Vec<PersonaDoc>,
    /// `None` when the file has no `stages:` key (the standard five apply).
    pub stages: Option<Vec<StageDoc>>,
    pub channels: Vec<ChannelDoc>,
    pub touchpoints: Vec<TouchpointDoc>,
    /// The service-blueprint lanes below the journey, in order (`lanes:`).
    pub lanes: Vec<LaneDoc>,
    /// Where the `lanes:` key is, or the whole file when it is missing.
    pub lanes_span: Span,
    /// Where the `touchpoints:` key is, or the whole file when it is missing.
    pub touchpoints_span: Span,
    /// Where the `personas:` key is, or the whole file when it is missing.
    pub personas_span: Span,
    /// Where the `stages:` key is, or the whole file when it is missing.
    pub stages_span: Span,
    /// Where the `channels:` key is, or the whole file when it is missing.
    pub channels_span: Span,
    /// The future state written under `future:`, or, in a file with `extends:`,
    /// the whole file.
    pub future: Option<FutureDoc>,
    /// `extends: current.yaml`: this file is the future state of that map.
    pub extends: Option<Text>,
}

/// A future state: changes to the current map's touchpoints, matched by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FutureDoc {
    /// The `future:` key, or the start of a file with `extends:`.
    pub span: Span,
    pub title: Option<Text>,
    pub scenario: Option<Text>,
    /// With the id of a current touchpoint, the keys it replaces (in
    /// [`TouchpointDoc::given`]); with a new id, a touchpoint added.
    pub touchpoints: Vec<TouchpointDoc>,
    pub remove: Vec<Text>,
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

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TouchpointDoc {
    /// The whole item, for errors about the touchpoint as a whole.
    pub span: Span,
    pub id: Option<Text>,
    pub stage: Option<Text>,
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub channel: Option<Text>,
    pub actions: Vec<ItemDoc>,
    pub thoughts: Vec<ItemDoc>,
    pub emotion: Option<EmotionDoc>,
    pub personas: Option<Vec<Text>>,
    pub pain_points: Vec<ItemDoc>,
    pub opportunities: Vec<ItemDoc>,
    pub metrics: Vec<(Text, Text)>,
    pub owner: Option<Text>,
    /// The map that details this step (`detail:`), relative to this map's folder.
    pub detail: Option<Text>,
    pub next: Option<Vec<Text>>,
    /// The keys written, so a future state's change replaces exactly those.
    pub given: Vec<&'static str>,
    /// Blueprint cells by lane id, as written: `blueprint: { app: [...] }`.
    pub blueprint: Vec<(Text, Vec<BlueprintItemDoc>)>,
    /// Ids of rows of the evidence file that back this touchpoint.
    pub evidence: Vec<Text>,
    /// Claims the data must keep true.
    pub expect: Vec<ExpectDoc>,
}

/// What a blueprint lane holds, in the order lanes are drawn (Shostack's and
/// Bitner's service blueprint): what the customer sees, the staff and systems the
/// customer meets, the work behind the line of visibility, and the support
/// processes behind the line of internal interaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneRole {
    PhysicalEvidence,
    Frontstage,
    Backstage,
    Support,
}

impl LaneRole {
    pub const ALL: [LaneRole; 4] = [
        LaneRole::PhysicalEvidence,
        LaneRole::Frontstage,
        LaneRole::Backstage,
        LaneRole::Support,
    ];
    /// The role as the file writes it.
    pub fn id(self) -> &'static str {
        match self {
            LaneRole::PhysicalEvidence => "physical_evidence",
            LaneRole::Frontstage => "frontstage",
            LaneRole::Backstage => "backstage",
            LaneRole::Support => "support",
        }
    }
    pub fn from_id(id: &str) -> Option<LaneRole> {
        LaneRole::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// A service-blueprint lane: `{ id, role, name, owner }`.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneDoc {
    pub id: Text,
    pub role: Option<Sp<LaneRole>>,
    pub name: Option<Text>,
    pub owner: Option<Text>,
}

/// One item of a blueprint cell: a text, or `{ text, fail_point, wait }`.
#[derive(Clone, Debug, PartialEq)]
pub struct BlueprintItemDoc {
    pub text: Text,
    pub fail_point: bool,
    pub wait: Option<Text>,
}

/// An item of `actions`, `thoughts`, `pain_points` or `opportunities`: a text, or
/// `{ text, personas }`, or an item of a list given per persona.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemDoc {
    pub text: Text,
    /// Whose item it is; empty means everyone on the touchpoint.
    pub personas: Vec<Text>,
    /// How an opportunity is sized (only opportunities take these keys).
    pub estimate: EstimateDoc,
}

impl ItemDoc {
    /// An item for everyone, as a plain string in the file.
    pub fn plain(text: Text) -> ItemDoc {
        ItemDoc {
            text,
            personas: Vec::new(),
            estimate: EstimateDoc::default(),
        }
    }
}

/// `reach`, `impact`, `confidence` and `effort` of an opportunity, each checked for
/// its range by the decoder; `confidence` is a fraction (`"80%"` is read as 0.8).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EstimateDoc {
    pub reach: Option<Sp<f64>>,
    pub impact: Option<Sp<f64>>,
    pub confidence: Option<Sp<f64>>,
    pub effort: Option<Sp<f64>>,
}

/// `emotion: 4` or `emotion: { maya: 2, tom: 3 }`.
#[derive(Clone, Debug, PartialEq)]
pub enum EmotionDoc {
    Everyone(Sp<f64>),
    PerPersona(Vec<(Text, Sp<f64>)>),
    /// `emotion: survey`: computed from the survey rows of the touchpoint.
    Survey(Span),
}

/// `theme:` at the top of a map: colours and a font that replace the defaults.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ThemeDoc {
    /// Stage id and its colour, as written.
    pub stages: Vec<(Text, Text)>,
    /// Colours for personas without their own `color`, in order.
    pub personas: Vec<Text>,
    /// A CSS font-family name put first in the outputs' font stack.
    pub font: Option<Text>,
    /// A PNG, JPEG or SVG file beside the map, as written.
    pub logo: Option<Text>,
}

/// `data:` at the top of a map. Paths are as written, relative to the map's folder.
#[derive(Clone, Debug, PartialEq)]
pub struct DataDoc {
    pub span: Span,
    pub survey: Option<SurveyDoc>,
    /// `touchpoint,entered,completed[,median_seconds]` per row.
    pub funnel: Option<Text>,
    /// `id,touchpoint,kind,quote,source,date` per row.
    pub evidence: Option<Text>,
}

/// `data.survey`: a raw survey export and which of its columns mean what.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyDoc {
    pub span: Span,
    pub file: Option<Text>,
    pub touchpoint: Option<Text>,
    pub persona: Option<Text>,
    pub score: Option<Text>,
    /// The survey's own scale, `1..7`.
    pub scale: Option<Sp<(f64, f64)>>,
    pub date: Option<Text>,
    /// Fewer responses than this are shown as too few (default
    /// [`DEFAULT_MIN_RESPONSES`]).
    pub min_responses: Option<Sp<f64>>,
}

/// Responses a score needs before it is shown as one, unless `min_responses` says.
pub const DEFAULT_MIN_RESPONSES: usize = 5;

/// What an `expect` claim measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The mean survey score of the touchpoint, on the map's scale.
    Emotion,
    /// `completed / entered` of the touchpoint's funnel row, in percent.
    Conversion,
}

impl Measure {
    pub fn name(self) -> &'static str {
        match self {
            Measure::Emotion => "emotion",
            Measure::Conversion => "conversion",
        }
    }
}

/// How a claim compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    AtLeast,
    AtMost,
    Above,
    Below,
}

impl Comparison {
    pub const ALL: [Comparison; 4] = [
        Comparison::AtLeast,
        Comparison::AtMost,
        Comparison::Above,
        Comparison::Below,
    ];
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
            Comparison::Above => ">",
            Comparison::Below => "<",
        }
    }
    pub fn holds(self, measured: f64, bound: f64) -> bool {
        match self {
            Comparison::AtLeast => measured >= bound,
            Comparison::AtMost => measured <= bound,
            Comparison::Above => measured > bound,
            Comparison::Below => measured < bound,
        }
    }
}

/// One `expect` claim: `conversion: ">= 60%"`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectDoc {
    pub measure: Measure,
    pub comparison: Comparison,
    /// The bound; for conversion, in percent.
    pub bound: f64,
    /// The claim as written, for messages.
    pub written: String,
    pub span: Span,
}

/// [`parse`] for a file whose text sits at `offset` in `joined` (the texts of the
/// maps it extends, then its own): every span of the document and of the findings
/// is into `joined`, so they cannot be mistaken for spans into the other files.
pub fn parse_at(
    file: &SourceFile,
    joined: &SourceFile,
    offset: usize,
) -> (Option<MapDoc>, Vec<Diagnostic>) {
    decode_at(file, joined, offset, decode::decode_map)
}

/// Parses `file` and decodes it with `decode`, every span shifted by `offset`
/// into `joined` (see [`parse_at`]).
fn decode_at<T>(
    file: &SourceFile,
    joined: &SourceFile,
    offset: usize,
    decode: fn(&SourceFile, &yaml::Node, &mut Vec<Diagnostic>) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    match yaml::parse(file) {
        Ok(mut node) => {
            node.shift(offset);
            let mut diagnostics = Vec::new();
            let doc = decode(joined, &node, &mut diagnostics);
            (doc, diagnostics)
        }
        Err(mut diagnostic) => {
            diagnostic.shift(offset);
            (None, vec![diagnostic])
        }
    }
}

/// Parses and decodes a theme file (`theme: brand.yaml`), whose text sits at
/// `offset` in `joined` (the map's text, then the theme file's): as [`parse_at`]
/// does for a future state in a file of its own, every span of the theme and of
/// the findings is into `joined`, so the loader can tell them from the map's.
pub fn parse_theme_at(
    file: &SourceFile,
    joined: &SourceFile,
    offset: usize,
) -> (Option<ThemeDoc>, Vec<Diagnostic>) {
    decode_at(file, joined, offset, decode::decode_theme_file)
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
