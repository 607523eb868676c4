//! Two versions of a map compared by meaning: what `journeymap diff` reports.
//!
//! [`diff`] walks two validated [`Map`]s and matches personas, stages and
//! touchpoints by their ids (the model's `key` fields), never by position, so
//! reordering a file or reformatting its YAML is not a change. It reports:
//!
//! - the title and the emotion scale;
//! - personas and stages added, removed or renamed;
//! - touchpoints added, removed, renamed (same id, new name) or moved to another stage;
//! - emotion scores per persona and touchpoint, with the size of the change;
//! - pain points and opportunities added or removed at a touchpoint;
//! - flow edges (`next`, including the implicit "next in the list") added or removed.
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
mod report;

use serde::Serialize;

use crate::model::Scale;

pub use compare::diff;
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

/// One difference between the old and the new map. Ids are the maps' ids; names and
/// texts are as written in the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
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
    /// `None` (JSON `null`) when the persona has no score there; `delta` only when both
    /// versions have one.
    EmotionChanged {
        touchpoint: String,
        persona: String,
        old: Option<f64>,
        new: Option<f64>,
        delta: Option<f64>,
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
    FlowAdded {
        from: String,
        to: String,
    },
    FlowRemoved {
        from: String,
        to: String,
    },
}

/// The groups changes are printed in, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Map,
    Personas,
    Stages,
    Touchpoints,
    Emotions,
    PainPoints,
    Opportunities,
    Flow,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Map,
        Section::Personas,
        Section::Stages,
        Section::Touchpoints,
        Section::Emotions,
        Section::PainPoints,
        Section::Opportunities,
        Section::Flow,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Map => "Map",
            Section::Personas => "Personas",
            Section::Stages => "Stages",
            Section::Touchpoints => "Touchpoints",
            Section::Emotions => "Emotions",
            Section::PainPoints => "Pain points",
            Section::Opportunities => "Opportunities",
            Section::Flow => "Flow",
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
            Change::TitleChanged { .. } | Change::ScaleChanged { .. } => Section::Map,
            Change::PersonaAdded { .. }
            | Change::PersonaRemoved { .. }
            | Change::PersonaRenamed { .. } => Section::Personas,
            Change::StageAdded { .. }
            | Change::StageRemoved { .. }
            | Change::StageRenamed { .. } => Section::Stages,
            Change::TouchpointAdded { .. }
            | Change::TouchpointRemoved { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. } => Section::Touchpoints,
            Change::EmotionChanged { .. } => Section::Emotions,
            Change::PainPointAdded { .. } | Change::PainPointRemoved { .. } => Section::PainPoints,
            Change::OpportunityAdded { .. } | Change::OpportunityRemoved { .. } => {
                Section::Opportunities
            }
            Change::FlowAdded { .. } | Change::FlowRemoved { .. } => Section::Flow,
        }
    }

    fn mark(&self) -> Mark {
        match self {
            Change::PersonaAdded { .. }
            | Change::StageAdded { .. }
            | Change::TouchpointAdded { .. }
            | Change::PainPointAdded { .. }
            | Change::OpportunityAdded { .. }
            | Change::FlowAdded { .. } => Mark::Added,
            Change::PersonaRemoved { .. }
            | Change::StageRemoved { .. }
            | Change::TouchpointRemoved { .. }
            | Change::PainPointRemoved { .. }
            | Change::OpportunityRemoved { .. }
            | Change::FlowRemoved { .. } => Mark::Removed,
            Change::TitleChanged { .. }
            | Change::ScaleChanged { .. }
            | Change::PersonaRenamed { .. }
            | Change::StageRenamed { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. }
            | Change::EmotionChanged { .. } => Mark::Changed,
        }
    }
}

/// "1 change", "3 changes": a count and a noun that takes an `s`. The one other
/// modules can reuse (cmd, import and Mermaid export each still have their own).
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The `--format json` schema, as shown by `journeymap diff --help`.
pub const JSON_SCHEMA: &str = "\
JSON output (--format json), schema version 1:
  {\"version\": 1, \"old\": SOURCE, \"new\": SOURCE, \"changed\": BOOL, \"changes\": [CHANGE, ...]}
  SOURCE is OLD or NEW as given on the command line. Every CHANGE has a \"kind\"
  and the fields listed here (ids are the map's ids; names and texts as written):
    title-changed                      old, new
    scale-changed                      old {min, max}, new {min, max}
    persona-added, persona-removed     persona, name
    persona-renamed                    persona, old, new
    stage-added, stage-removed         stage, name
    stage-renamed                      stage, old, new
    touchpoint-added, -removed         touchpoint, name, stage
    touchpoint-renamed                 touchpoint, old, new
    touchpoint-moved                   touchpoint, old, new (stage ids)
    emotion-changed                    touchpoint, persona, old, new, delta
                                       (old or new is null when unscored;
                                       delta is null unless both are numbers)
    pain-point-added, -removed         touchpoint, text
    opportunity-added, -removed        touchpoint, text
    flow-added, flow-removed           from, to (touchpoint ids)
  Changes are in the order of the text output. New kinds may be added in
  version 1; fields are not removed or renamed without a new version.";
