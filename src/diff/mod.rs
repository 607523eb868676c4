//! Two versions of a map compared by meaning: what `journeymap diff` reports.
//!
//! [`diff`] walks two validated [`Map`]s and matches personas, stages and
//! touchpoints by their ids (the model's `key` fields), never by position, so
//! reformatting a file, or reordering what the map does not show in order (YAML
//! keys, touchpoints of different stages whose flow stays the same), is not a
//! change. It reports:
//!
//! - the title and the emotion scale;
//! - personas and stages added, removed, renamed or reordered (persona order sets
//!   the legend and each curve's dash, marker and default colour; stage order the
//!   columns);
//! - touchpoints added, removed, renamed (same id, new name) or moved to another
//!   stage, and runs of touchpoints reordered where that moves columns within a
//!   stage or changes the implicit "next in the list" flow, as one change that
//!   carries the flow edges it made and unmade;
//! - emotion scores per persona and touchpoint, with the size of the change, the
//!   number of survey responses behind each (for `emotion: survey`), and whether
//!   the score crossed the neutral line;
//! - conversion at a touchpoint, from the funnel in the map's data;
//! - pain points and opportunities added or removed at a touchpoint;
//! - other flow edges (`next`, including the implicit "next in the list") added or
//!   removed;
//! - the theme (inline or in a theme file): a stage's colour, the persona palette,
//!   the font, and the logo added, removed or replaced. These change how the map
//!   looks, not what it says, and come last.
//!
//! When one version has no map (`journeymap diff --allow-missing`), [`added`] and
//! [`removed`] list the other one's title, personas, stages and touchpoints.
//!
//! Changes come in a fixed order: by kind (the order above), then in document
//! order of the new map, then removed items in the order of the old map. The
//! same list is printed three ways: [`write_text`] for a terminal, [`markdown`]
//! for a pull-request comment and [`json`] for tools (schema in [`JSON_SCHEMA`]).
//!
//! `compare` computes the changes; `describe` says what each one is, once, as a
//! sequence of typed parts; `report` renders those parts as text or as Markdown, and
//! the changes as JSON.

mod compare;
mod describe;
mod order;
mod report;

use serde::Serialize;

use crate::model::Scale;

pub use compare::{added, diff, removed};
pub use report::{json, markdown, text, write_text};

/// An emotion scale as written in JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ScaleRange {
    pub min: f64,
    pub max: f64,
}

impl From<Scale> for ScaleRange {
    fn from(scale: Scale) -> Self {
        ScaleRange {
            min: scale.min,
            max: scale.max,
        }
    }
}

/// A flow edge by touchpoint ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
}

/// One difference between the old and the new map. Ids are the maps' ids; names and
/// texts are as written in the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// The old version has no map (`--allow-missing`): everything in the new one is
    /// added, and its personas, stages and touchpoints are listed.
    MapAdded {
        title: String,
    },
    /// The new version has no map: the old map's contents are listed as removed.
    MapRemoved {
        title: String,
    },
    TitleChanged {
        old: String,
        new: String,
    },
    ScaleChanged {
        old: ScaleRange,
        new: ScaleRange,
    },
    PersonaAdded {
        persona: String,
        name: String,
    },
    PersonaRemoved {
        persona: String,
        name: String,
    },
    PersonaRenamed {
        persona: String,
        old: String,
        new: String,
    },
    /// Personas in both versions, in the old and the new order. Their order sets the
    /// legend and cards, and each curve's dash, marker and default colour.
    PersonasReordered {
        old: Vec<String>,
        new: Vec<String>,
    },
    StageAdded {
        stage: String,
        name: String,
    },
    StageRemoved {
        stage: String,
        name: String,
    },
    StageRenamed {
        stage: String,
        old: String,
        new: String,
    },
    /// Stages in both versions, in the old and the new order: the columns moved.
    StagesReordered {
        old: Vec<String>,
        new: Vec<String>,
    },
    TouchpointAdded {
        touchpoint: String,
        name: String,
        stage: String,
    },
    TouchpointRemoved {
        touchpoint: String,
        name: String,
        stage: String,
    },
    TouchpointRenamed {
        touchpoint: String,
        old: String,
        new: String,
    },
    /// `old` and `new` are stage ids.
    TouchpointMoved {
        touchpoint: String,
        old: String,
        new: String,
    },
    /// A run of touchpoints (in both versions) in a new order, reported when it
    /// moves columns within a stage or changes the flow. `flow_added` and
    /// `flow_removed` are the "next in the list" edges that changed because of it;
    /// they are not reported again as [`Change::FlowAdded`] / [`Change::FlowRemoved`].
    TouchpointsReordered {
        old: Vec<String>,
        new: Vec<String>,
        flow_added: Vec<Edge>,
        flow_removed: Vec<Edge>,
    },
    /// `None` (JSON `null`) when the persona has no score there; `delta` only when both
    /// versions have one. `old_n` and `new_n` are the survey responses behind a
    /// score computed from the map's data (`emotion: survey`); `neutral` says which
    /// side of the neutral line (the scale's midpoint) the score moved to, when it
    /// crossed it.
    EmotionChanged {
        touchpoint: String,
        persona: String,
        old: Option<f64>,
        new: Option<f64>,
        delta: Option<f64>,
        old_n: Option<u64>,
        new_n: Option<u64>,
        neutral: Option<Side>,
    },
    /// Conversion at a touchpoint in percent, from the funnel of the map's data;
    /// `None` when that version has no funnel row for it.
    ConversionChanged {
        touchpoint: String,
        old: Option<f64>,
        new: Option<f64>,
    },
    PainPointAdded {
        touchpoint: String,
        text: String,
    },
    PainPointRemoved {
        touchpoint: String,
        text: String,
    },
    OpportunityAdded {
        touchpoint: String,
        text: String,
    },
    OpportunityRemoved {
        touchpoint: String,
        text: String,
    },
    LaneAdded {
        lane: String,
        name: String,
    },
    LaneRemoved {
        lane: String,
        name: String,
    },
    LaneRenamed {
        lane: String,
        old: String,
        new: String,
    },
    /// A text in a blueprint lane's cell at a touchpoint, by lane id.
    BlueprintItemAdded {
        touchpoint: String,
        lane: String,
        text: String,
    },
    BlueprintItemRemoved {
        touchpoint: String,
        lane: String,
        text: String,
    },
    FlowAdded {
        from: String,
        to: String,
    },
    FlowRemoved {
        from: String,
        to: String,
    },
    /// A stage in both versions whose theme colour changed; `None` (JSON `null`)
    /// is the default colour. Colours are `#rrggbb`.
    StageColorChanged {
        stage: String,
        old: Option<String>,
        new: Option<String>,
    },
    /// The theme's persona palette, in order; empty is the built-in palette.
    PaletteChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    /// The theme's font; `None` is the built-in font stack.
    FontChanged {
        old: Option<String>,
        new: Option<String>,
    },
    LogoAdded {
        logo: LogoFacts,
    },
    LogoRemoved {
        logo: LogoFacts,
    },
    /// The logo's image is another one (its bytes differ).
    LogoChanged {
        old: LogoFacts,
        new: LogoFacts,
    },
}

/// What a diff says of a logo image: its media type and size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogoFacts {
    pub media_type: String,
    pub bytes: u64,
}

/// A side of the neutral line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Above,
    Below,
}

/// The groups changes are printed in, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Map,
    Personas,
    Stages,
    Touchpoints,
    Emotions,
    Funnel,
    PainPoints,
    Opportunities,
    Blueprint,
    Flow,
    Theme,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Map,
        Section::Personas,
        Section::Stages,
        Section::Touchpoints,
        Section::Emotions,
        Section::Funnel,
        Section::PainPoints,
        Section::Opportunities,
        Section::Blueprint,
        Section::Flow,
        Section::Theme,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Map => "Map",
            Section::Personas => "Personas",
            Section::Stages => "Stages",
            Section::Touchpoints => "Touchpoints",
            Section::Emotions => "Emotions",
            Section::Funnel => "Funnel",
            Section::PainPoints => "Pain points",
            Section::Opportunities => "Opportunities",
            Section::Blueprint => "Blueprint",
            Section::Flow => "Flow",
            Section::Theme => "Theme",
        }
    }
}

/// Whether a change adds, removes or modifies something (its `+`, `-` or `~` in text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn section(&self) -> Section {
        match self {
            Change::MapAdded { .. }
            | Change::MapRemoved { .. }
            | Change::TitleChanged { .. }
            | Change::ScaleChanged { .. } => Section::Map,
            Change::PersonaAdded { .. }
            | Change::PersonaRemoved { .. }
            | Change::PersonaRenamed { .. }
            | Change::PersonasReordered { .. } => Section::Personas,
            Change::StageAdded { .. }
            | Change::StageRemoved { .. }
            | Change::StageRenamed { .. }
            | Change::StagesReordered { .. } => Section::Stages,
            Change::TouchpointAdded { .. }
            | Change::TouchpointRemoved { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. }
            | Change::TouchpointsReordered { .. } => Section::Touchpoints,
            Change::EmotionChanged { .. } => Section::Emotions,
            Change::ConversionChanged { .. } => Section::Funnel,
            Change::PainPointAdded { .. } | Change::PainPointRemoved { .. } => Section::PainPoints,
            Change::OpportunityAdded { .. } | Change::OpportunityRemoved { .. } => {
                Section::Opportunities
            }
            Change::LaneAdded { .. }
            | Change::LaneRemoved { .. }
            | Change::LaneRenamed { .. }
            | Change::BlueprintItemAdded { .. }
            | Change::BlueprintItemRemoved { .. } => Section::Blueprint,
            Change::FlowAdded { .. } | Change::FlowRemoved { .. } => Section::Flow,
            Change::StageColorChanged { .. }
            | Change::PaletteChanged { .. }
            | Change::FontChanged { .. }
            | Change::LogoAdded { .. }
            | Change::LogoRemoved { .. }
            | Change::LogoChanged { .. } => Section::Theme,
        }
    }

    fn mark(&self) -> Mark {
        match self {
            Change::MapAdded { .. }
            | Change::PersonaAdded { .. }
            | Change::StageAdded { .. }
            | Change::TouchpointAdded { .. }
            | Change::PainPointAdded { .. }
            | Change::OpportunityAdded { .. }
            | Change::LaneAdded { .. }
            | Change::BlueprintItemAdded { .. }
            | Change::FlowAdded { .. }
            | Change::LogoAdded { .. } => Mark::Added,
            Change::MapRemoved { .. }
            | Change::PersonaRemoved { .. }
            | Change::StageRemoved { .. }
            | Change::TouchpointRemoved { .. }
            | Change::PainPointRemoved { .. }
            | Change::OpportunityRemoved { .. }
            | Change::LaneRemoved { .. }
            | Change::BlueprintItemRemoved { .. }
            | Change::FlowRemoved { .. }
            | Change::LogoRemoved { .. } => Mark::Removed,
            Change::TitleChanged { .. }
            | Change::ScaleChanged { .. }
            | Change::PersonaRenamed { .. }
            | Change::StageRenamed { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. }
            | Change::PersonasReordered { .. }
            | Change::StagesReordered { .. }
            | Change::TouchpointsReordered { .. }
            | Change::EmotionChanged { .. }
            | Change::ConversionChanged { .. }
            | Change::LaneRenamed { .. }
            | Change::StageColorChanged { .. }
            | Change::PaletteChanged { .. }
            | Change::FontChanged { .. }
            | Change::LogoChanged { .. } => Mark::Changed,
        }
    }
}

/// The `--format json` schema, as shown by `journeymap diff --help`.
pub const JSON_SCHEMA: &str = "\
JSON output (--format json), schema version 1:
  {\"version\": 1, \"old\": SOURCE, \"new\": SOURCE, \"changed\": BOOL, \"changes\": [CHANGE, ...]}
  SOURCE is OLD or NEW as given on the command line. Every CHANGE has a \"kind\"
  and the fields listed here (ids are the map's ids; names and texts as written):
    map-added, map-removed             title (one side has no map, with
                                       --allow-missing or /dev/null; its
                                       personas, stages and touchpoints follow
                                       as added or removed)
    title-changed                      old, new
    scale-changed                      old {min, max}, new {min, max}
    persona-added, persona-removed     persona, name
    persona-renamed                    persona, old, new
    personas-reordered                 old, new (persona ids in both versions,
                                       in the old and the new order)
    stage-added, stage-removed         stage, name
    stage-renamed                      stage, old, new
    stages-reordered                   old, new (stage ids, as for personas)
    touchpoint-added, -removed         touchpoint, name, stage
    touchpoint-renamed                 touchpoint, old, new
    touchpoint-moved                   touchpoint, old, new (stage ids)
    touchpoints-reordered              old, new (a run of touchpoint ids in
                                       the old and the new order), flow_added,
                                       flow_removed ([{from, to}]: the flow
                                       edges the new order made or unmade,
                                       not listed again as flow-added/-removed)
    emotion-changed                    touchpoint, persona, old, new, delta
                                       (old or new is null when unscored;
                                       delta is null unless both are numbers),
                                       old_n, new_n (survey responses behind
                                       an `emotion: survey` score, else null),
                                       neutral (\"above\" or \"below\" when
                                       the score crossed the scale's
                                       midpoint, else null)
    conversion-changed                 touchpoint, old, new (percent, from the
                                       funnel in the map's data; null when
                                       that version has no funnel row)
    pain-point-added, -removed         touchpoint, text
    opportunity-added, -removed        touchpoint, text
    lane-added, lane-removed           lane, name (blueprint lanes)
    lane-renamed                       lane, old, new
    blueprint-item-added, -removed     touchpoint, lane, text
    flow-added, flow-removed           from, to (touchpoint ids)
    stage-color-changed                stage, old, new (\"#rrggbb\", or null
                                       for the default colour)
    palette-changed                    old, new (the theme's persona colours
                                       in order; [] is the built-in palette)
    font-changed                       old, new (a font family, or null for
                                       the built-in fonts)
    logo-added, logo-removed           logo {media_type, bytes}
    logo-changed                       old {media_type, bytes}, new {...}
  Changes are in the order of the text output. New kinds may be added in
  version 1; fields are not removed or renamed without a new version.";
