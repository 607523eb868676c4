//! The validated journey map: typed ids, the flow graph and each persona's path.
//!
//! Built from a [`crate::format::MapDoc`] by [`validate`]; after that nothing looks
//! at YAML or compares id strings again. Layout and rendering take a [`Map`] only.

pub use crate::builtins;
pub mod future;
pub mod staleness;
mod validate;

use petgraph::graph::{DiGraph, NodeIndex};

pub use crate::color::Color;
pub use crate::format::LaneRole;
pub use validate::validate;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Only the crate makes one (a caller gets them from [`Map`]'s iterators and
        /// lookups), so an id always indexes the map it came from.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
            pub(crate) fn from_index(index: usize) -> Self {
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }
        }
    };
}

typed_id!(
    /// Index into [`Map::personas`].
    PersonaId
);
typed_id!(
    /// Index into [`Map::stages`].
    StageId
);
typed_id!(
    /// Index into [`Map::channels`].
    ChannelId
);
typed_id!(
    /// Index into [`Map::lanes`].
    LaneId
);
typed_id!(
    /// Index into [`Map::touchpoints`]; also the touchpoint's node in the flow graph.
    TouchpointId
);

impl TouchpointId {
    /// The touchpoint's node in [`Map`]'s flow graph.
    fn node(self) -> NodeIndex {
        NodeIndex::new(self.index())
    }
    fn from_node(node: NodeIndex) -> Self {
        TouchpointId::from_index(node.index())
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

impl Scale {
    pub fn midpoint(&self) -> f64 {
        self.min + (self.max - self.min) / 2.0
    }
    /// Where `score` sits on the scale, from 0 (min) to 1 (max).
    pub fn fraction(&self, score: f64) -> f64 {
        ((score - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }
}

impl Default for Scale {
    fn default() -> Self {
        Scale { min: 1.0, max: 5.0 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Persona {
    pub key: String,
    pub name: String,
    pub role: Option<String>,
    pub description: Option<String>,
    pub quote: Option<String>,
    pub goals: Vec<String>,
    pub frustrations: Vec<String>,
    pub color: Color,
    /// Which line dash and marker shape the persona's curve uses.
    pub style: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub key: String,
    pub name: String,
    pub goal: Option<String>,
    pub description: Option<String>,
}

/// What a map's `theme:` changes: a colour per stage (by stage index; `None` keeps
/// the default) and a font family put first in the font stack.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MapTheme {
    pub stage_colors: Vec<Option<Color>>,
    /// The theme's persona palette, in order; empty for the built-in one.
    pub palette: Vec<Color>,
    pub font: Option<String>,
    /// The theme's logo, read from its file by the loader.
    pub logo: Option<crate::data::logo::Logo>,
}

impl MapTheme {
    /// The theme colour of the stage at `index`, if the theme gives one.
    pub fn stage_color(&self, index: usize) -> Option<&Color> {
        self.stage_colors.get(index).and_then(Option::as_ref)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub key: String,
    pub name: String,
    /// The built-in channel this is (for its icon), if any.
    pub builtin: Option<builtins::BuiltinChannel>,
}

/// A service-blueprint lane below the journey: who or what works at that level.
#[derive(Clone, Debug, PartialEq)]
pub struct BlueprintLane {
    pub key: String,
    pub role: LaneRole,
    pub name: String,
    pub owner: Option<String>,
}

/// One thing that happens in a blueprint lane at a touchpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct BlueprintItem {
    pub text: String,
    /// Where the service often fails.
    pub fail_point: bool,
    /// How long the customer waits here, as the author wrote it ("2d").
    pub wait: Option<String>,
}

/// A touchpoint's content. Where it leads is in the map's flow graph:
/// [`Map::next_of`].
#[derive(Clone, Debug, PartialEq)]
pub struct Touchpoint {
    pub key: String,
    pub stage: StageId,
    pub name: String,
    pub description: Option<String>,
    pub channel: Option<ChannelId>,
    pub actions: Vec<Item>,
    pub thoughts: Vec<Item>,
    /// The personas on this touchpoint, in persona order.
    pub personas: Vec<PersonaId>,
    /// Scores, in persona order; a persona on the touchpoint may have none.
    pub emotions: Vec<(PersonaId, f64)>,
    pub pain_points: Vec<Item>,
    pub opportunities: Vec<Item>,
    pub metrics: Vec<(String, String)>,
    pub owner: Option<String>,
    /// Blueprint cells in lane order; lanes with nothing here are left out.
    pub blueprint: Vec<(LaneId, Vec<BlueprintItem>)>,
    /// The map that details this step, if any.
    pub detail: Option<DetailLink>,
    /// Where each score in `emotions` comes from, in the same order; empty for a map
    /// without data or evidence (see [`Map::backing`]).
    pub sources: Vec<ScoreSource>,
    /// Personas on the touchpoint whose survey responses are too few for a score,
    /// and how many they have.
    pub too_few: Vec<(PersonaId, u64)>,
    /// The evidence rows the touchpoint lists, in its order.
    pub evidence: Vec<Evidence>,
    /// The touchpoint's funnel row.
    pub funnel: Option<FunnelStep>,
}

/// A touchpoint's `detail:`: the path of another map, relative to this map's folder,
/// and where it is written (for errors about the link, which only a command that
/// reads the other file can find).
#[derive(Clone, Debug, PartialEq)]
pub struct DetailLink {
    pub path: String,
    pub span: crate::diag::Span,
}

/// An action, thought, pain point or opportunity of a touchpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub text: String,
    /// Whose it is, in persona order; empty means everyone on the touchpoint.
    pub personas: Vec<PersonaId>,
    /// How an opportunity is sized; empty for other items.
    pub estimate: Estimate,
}

impl Item {
    /// An item for everyone on the touchpoint.
    pub fn everyone(text: impl Into<String>) -> Item {
        Item {
            text: text.into(),
            personas: Vec::new(),
            estimate: Estimate::default(),
        }
    }

    /// Whether `persona` shares the item (everyone's items are everyone's).
    pub fn belongs_to(&self, persona: PersonaId) -> bool {
        self.personas.is_empty() || self.personas.contains(&persona)
    }
}

/// An opportunity's size, each part optional: reach, impact, confidence (a
/// fraction, 0 to 1) and effort (more than 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Estimate {
    pub reach: Option<f64>,
    pub impact: Option<f64>,
    pub confidence: Option<f64>,
    pub effort: Option<f64>,
}

impl Estimate {
    /// The RICE score, reach x impact x confidence / effort, when all four are given.
    pub fn rice(&self) -> Option<f64> {
        Some(self.reach? * self.impact? * self.confidence? / self.effort?)
    }

    pub fn is_empty(&self) -> bool {
        *self == Estimate::default()
    }
}

impl Touchpoint {
    pub fn emotion_of(&self, persona: PersonaId) -> Option<f64> {
        // `emotions` is sorted by persona.
        self.emotions
            .binary_search_by_key(&persona, |(p, _)| *p)
            .ok()
            .map(|i| self.emotions[i].1)
    }
}

/// Where a score comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScoreSource {
    /// The mean of `n` survey responses, with its 95% confidence interval, both on
    /// the map's scale.
    Survey { n: u64, low: f64, high: f64 },
    /// Typed by hand, backed by evidence rows.
    Evidence,
    /// Typed by hand, backed by nothing: an assumption.
    Assumed,
}

impl ScoreSource {
    pub fn is_backed(self) -> bool {
        !matches!(self, ScoreSource::Assumed)
    }
}

/// One evidence row shown on a touchpoint: never who said it, only what, where
/// and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub id: String,
    /// `interview`, `survey`, `analytics`, `support` or `observation`.
    pub kind: &'static str,
    pub quote: String,
    pub source: String,
    pub date: Option<crate::date::Date>,
}

/// A touchpoint's funnel numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FunnelStep {
    pub entered: u64,
    pub completed: u64,
    pub median_seconds: Option<f64>,
}

impl FunnelStep {
    /// `completed / entered` in percent; 0 when nobody entered.
    pub fn conversion(&self) -> f64 {
        if self.entered == 0 {
            return 0.0;
        }
        self.completed as f64 * 100.0 / self.entered as f64
    }
}

/// How much of a map stands on data: present when the map has `data:` or any
/// touchpoint lists `evidence`.
#[derive(Clone, Debug, PartialEq)]
pub struct Backing {
    /// Scores from the survey or backed by evidence.
    pub backed: usize,
    /// All scores on the map.
    pub scores: usize,
    /// Survey responses counted.
    pub responses: u64,
    /// Evidence rows of kind `interview`.
    pub interviews: usize,
    /// The newest survey response, when the survey has a date column.
    pub newest_response: Option<crate::date::Date>,
    /// Responses a survey score needs.
    pub min_responses: usize,
}

/// A persona's way through the map: its touchpoints in flow order and its emotion series.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonaPath {
    pub persona: PersonaId,
    pub steps: Vec<TouchpointId>,
    /// The scored steps, in path order.
    pub scores: Vec<(TouchpointId, f64)>,
}

impl PersonaPath {
    /// The lowest score (the first one, when several tie).
    pub fn lowest(&self) -> Option<(TouchpointId, f64)> {
        self.scores.iter().copied().fold(
            None,
            |low: Option<(TouchpointId, f64)>, point| match low {
                Some(l) if l.1 <= point.1 => Some(l),
                _ => Some(point),
            },
        )
    }

    /// The largest drop between two consecutive scored steps, if any score drops.
    pub fn steepest_fall(&self) -> Option<(TouchpointId, TouchpointId, f64)> {
        self.scores
            .windows(2)
            .filter_map(|w| {
                let drop = w[0].1 - w[1].1;
                (drop > 0.0).then_some((w[0].0, w[1].0, drop))
            })
            .fold(
                None,
                |best: Option<(TouchpointId, TouchpointId, f64)>, fall| match best {
                    Some(b) if b.2 >= fall.2 => Some(b),
                    _ => Some(fall),
                },
            )
    }
}

/// A validated journey map.
#[derive(Clone, Debug)]
pub struct Map {
    pub title: String,
    pub scenario: Option<String>,
    /// Who keeps the map true (`owner:` at the top of the file).
    pub owner: Option<String>,
    /// When the map was last checked against reality.
    pub reviewed: Option<crate::date::Date>,
    /// Where the `reviewed:` date is written, for warnings about it.
    pub reviewed_span: Option<crate::diag::Span>,
    /// The language of the map's texts, a BCP 47 tag; `None` means English.
    pub lang: Option<String>,
    /// The words the outputs add, in `lang` with the map's `labels:` on top.
    pub labels: crate::i18n::Labels,
    /// How much of the map stands on data; `None` for a map without data or evidence.
    pub backing: Option<Backing>,
    pub scale: Scale,
    pub personas: Vec<Persona>,
    /// True when the file named no personas and one stands in for "the customer".
    pub implicit_persona: bool,
    pub stages: Vec<Stage>,
    pub channels: Vec<Channel>,
    pub touchpoints: Vec<Touchpoint>,
    /// Service-blueprint lanes, in role order; empty for a plain journey map.
    pub lanes: Vec<BlueprintLane>,
    /// Colours and font from `theme:`; the defaults where it says nothing.
    pub theme: MapTheme,
    /// Flow between touchpoints, the one place edges live: node `i` is touchpoint
    /// `i`, with an edge for each `next` target, or to the following touchpoint when
    /// `next` is not written. Read it through [`Map::next_of`] and
    /// [`Map::flow_edges`]; built by `validate::flow::flow_graph`, which adds each
    /// touchpoint's edges last to first because petgraph lists a node's neighbours
    /// newest first: that way they come out in `next` order.
    flow: DiGraph<TouchpointId, ()>,
    /// One path per persona, in persona order.
    pub paths: Vec<PersonaPath>,
    /// The future state written under `future:` in this map's file.
    pub future: Option<Box<Map>>,
    /// For a map loaded from a file with `extends:`, the current map it is the
    /// future state of.
    pub current: Option<Box<Map>>,
    /// For a map made by [`Map::drawn`]: how each touchpoint fares in the future
    /// state, by touchpoint. Empty for every other map.
    pub changes: Vec<future::Change>,
}

impl Map {
    /// The current and the future state, when the map has both: its own `future:`,
    /// or, loaded from a file with `extends:`, the map it extends and itself.
    pub fn states(&self) -> Option<(&Map, &Map)> {
        match (&self.future, &self.current) {
            (Some(future), _) => Some((self, future)),
            (None, Some(current)) => Some((current, self)),
            (None, None) => None,
        }
    }

    /// The map to lay out and render: itself, or, with a future state, the future
    /// with the removed touchpoints put back, its `current` the current map and its
    /// `changes` saying which touchpoints are added and removed.
    pub fn drawn(&self) -> std::borrow::Cow<'_, Map> {
        match self.states() {
            Some((current, future)) => std::borrow::Cow::Owned(future::drawn(current, future)),
            None => std::borrow::Cow::Borrowed(self),
        }
    }

    pub fn persona(&self, id: PersonaId) -> &Persona {
        &self.personas[id.index()]
    }
    pub fn stage(&self, id: StageId) -> &Stage {
        &self.stages[id.index()]
    }
    pub fn channel(&self, id: ChannelId) -> &Channel {
        &self.channels[id.index()]
    }
    pub fn touchpoint(&self, id: TouchpointId) -> &Touchpoint {
        &self.touchpoints[id.index()]
    }
    pub fn lane(&self, id: LaneId) -> &BlueprintLane {
        &self.lanes[id.index()]
    }
    pub fn lane_ids(&self) -> impl Iterator<Item = LaneId> + '_ {
        (0..self.lanes.len()).map(LaneId::from_index)
    }
    pub fn persona_ids(&self) -> impl Iterator<Item = PersonaId> + '_ {
        (0..self.personas.len()).map(PersonaId::from_index)
    }
    pub fn stage_ids(&self) -> impl Iterator<Item = StageId> + '_ {
        (0..self.stages.len()).map(StageId::from_index)
    }
    pub fn channel_ids(&self) -> impl Iterator<Item = ChannelId> + '_ {
        (0..self.channels.len()).map(ChannelId::from_index)
    }
    pub fn touchpoint_ids(&self) -> impl Iterator<Item = TouchpointId> + '_ {
        (0..self.touchpoints.len()).map(TouchpointId::from_index)
    }
    /// The persona whose id in the file is `key`.
    pub fn persona_by_key(&self, key: &str) -> Option<PersonaId> {
        self.persona_ids().find(|&p| self.persona(p).key == key)
    }
    /// The stage whose id in the file is `key`.
    pub fn stage_by_key(&self, key: &str) -> Option<StageId> {
        self.stage_ids().find(|&s| self.stage(s).key == key)
    }
    /// The channel whose id in the file (or built-in id) is `key`.
    pub fn channel_by_key(&self, key: &str) -> Option<ChannelId> {
        self.channel_ids().find(|&c| self.channel(c).key == key)
    }
    /// The touchpoint whose id in the file is `key`. Each `*_by_key` is a scan; to
    /// look up many, index the keys once.
    pub fn touchpoint_by_key(&self, key: &str) -> Option<TouchpointId> {
        self.touchpoint_ids()
            .find(|&t| self.touchpoint(t).key == key)
    }

    /// The touchpoints that follow `touchpoint`, in the order its `next` lists them
    /// (or the one after it in the file, when it has no `next`).
    pub fn next_of(&self, touchpoint: TouchpointId) -> impl Iterator<Item = TouchpointId> + '_ {
        self.flow
            .neighbors(touchpoint.node())
            .map(TouchpointId::from_node)
    }

    /// Every flow edge as `(from, to)`: sources in document order, each source's
    /// targets in [`Map::next_of`] order. Includes the implicit "next in the list".
    pub fn flow_edges(&self) -> impl Iterator<Item = (TouchpointId, TouchpointId)> + '_ {
        self.touchpoint_ids()
            .flat_map(move |from| self.next_of(from).map(move |to| (from, to)))
    }

    /// Touchpoints of a stage, in document order.
    pub fn touchpoints_in(&self, stage: StageId) -> impl Iterator<Item = TouchpointId> + '_ {
        self.touchpoint_ids()
            .filter(move |&t| self.touchpoint(t).stage == stage)
    }
}
