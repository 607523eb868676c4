//! The flow strip: where each touchpoint leads, drawn as arrows in a strip of its
//! own under the touchpoint cards, so no arrow ever crosses a card's text.
//!
//! A map whose flow is its column order (each touchpoint leads to the next column
//! and nowhere else) reads left to right without help and gets no strip. Any other
//! map gets one, with every flow edge in it: leaving from a port right of its
//! touchpoint's column centre, down to a track, across, and up into a port left of
//! the target's centre, where the arrowhead points up at the target card. Edges out
//! of one touchpoint share the first stub, so a branch reads as a fork and a merge as
//! a join; an edge back to an earlier column is a loop back and is drawn dashed.
//!
//! Tracks are handed out like rooms for meetings: shortest edges first, each on the
//! topmost track where it overlaps no other, so short hops hug the cards and long
//! jumps run below them. Where an arrow's stub passes under another arrow's track,
//! the stub is drawn with a gap there ([`FlowArrow::crossings`]), so a line that
//! only passes a port is told from one that turns into it, and long tracks stay
//! whole to follow. Hostile maps are bounded: at most [`MAX_TRACKS`] tracks
//! (later edges share the last one) and [`MAX_ARROWS`] arrows, with a note saying
//! how many more edges there are.
//!
//! A map drawn with its future state draws the flow of both: the future's edges,
//! and the current map's edges the future no longer has (those into and out of a
//! removed touchpoint among them), which the renderer draws dotted and faint. An
//! edge added or removed carries a mark on its track, a `+` or a `×` in a ring, so
//! the difference never rests on colour or dash alone; the mark sits where no other
//! arrow crosses (see [`mark_x`]), and the captions say what each means.

use std::collections::BTreeMap;

use serde::Serialize;

use super::blocks::{TextBlock, TextStyle, block};
use super::columns::Columns;
use super::geometry::{GAP, LABEL_WIDTH, Line, MARGIN, PAD, Point, Rect};
use super::text::TextMeasurer;
use super::wording;
use crate::i18n::Label;
use crate::model::future::{self, Change};
use crate::model::{Map, PersonaId, TouchpointId};

/// Most tracks in the strip; edges that find no free one share the last.
pub const MAX_TRACKS: usize = 24;
/// Most arrows drawn; the note under the strip's label counts the rest.
pub const MAX_ARROWS: usize = 3_000;
/// Distance of a port from its column's centre.
const PORT: f64 = 9.0;
/// How far below the cards' bottom an arrow starts and ends: clear of the card's
/// border and shadow.
const PORT_DROP: f64 = 2.0;
/// Vertical distance between tracks, and from the strip's top to the first.
const TRACK_GAP: f64 = 9.0;
/// Room kept free on a track either side of an edge, so arrows on one track never touch.
const CLEARANCE: f64 = 4.0;
/// Distance between persona markers on an arrow, and their radius.
const MARKER_STEP: f64 = 10.0;
pub const MARKER_RADIUS: f64 = 3.5;
/// Radius of the ring around an added or removed arrow's `+` or `×`: under half the
/// distance between tracks, so it never touches the arrows on the next ones.
pub const MARK_RADIUS: f64 = 4.5;
/// Radius of the rounded corners where an arrow turns onto and off its track.
pub const CORNER: f64 = 4.0;
/// Half the gap a stub leaves where another arrow's track passes over it: under
/// half the distance between tracks, so the gap never reaches the next track.
pub const CROSSING_GAP: f64 = 3.0;
/// How far before the target's port an added or removed edge's mark sits, and how
/// much further on odd tracks: neighbouring tracks are [`TRACK_GAP`] apart, so two
/// rings a stagger apart sideways never touch.
const MARK_BEFORE: f64 = 44.0;
const MARK_STAGGER: f64 = 16.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArrowKind {
    /// To a column further right.
    Forward,
    /// To the same or an earlier column: a loop back.
    Back,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowArrow {
    #[serde(skip)]
    pub from: TouchpointId,
    #[serde(skip)]
    pub to: TouchpointId,
    /// The keys from the map, so the layout JSON says whose this is.
    #[serde(rename = "from")]
    pub from_key: String,
    #[serde(rename = "to")]
    pub to_key: String,
    pub kind: ArrowKind,
    pub track: usize,
    /// Down from the source's port, across the track, up to the target's port.
    pub points: [Point; 4],
    /// On an arm of a branch taken by some personas but not all: those personas,
    /// each with a marker on the arrow near its start.
    #[serde(skip)]
    pub personas: Vec<PersonaId>,
    #[serde(rename = "personas", skip_serializing_if = "Vec::is_empty")]
    pub persona_keys: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<Point>,
    /// How the edge fares in the future state: kept (for every map without one),
    /// added, or removed.
    #[serde(skip_serializing_if = "is_kept")]
    pub change: Change,
    /// On an edge added or removed: the centre of its mark on the track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Point>,
    /// Where one of its two stubs (`points[0]` down to the track, or up from it to
    /// `points[3]`) passes under another arrow's track, top to bottom by stub: the
    /// stub leaves [`CROSSING_GAP`] free either side of each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub crossings: Vec<Point>,
}

fn is_kept(change: &Change) -> bool {
    *change == Change::Kept
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FlowLayout {
    pub rect: Rect,
    /// The rule across the gap above the strip.
    pub separator: Line,
    pub label: TextBlock,
    /// Under the label: what a dashed arrow means, when there is one, what the
    /// marks of added and removed edges mean, when there are any, and how many
    /// edges were left out past [`MAX_ARROWS`], when any were.
    pub captions: Vec<TextBlock>,
    pub arrows: Vec<FlowArrow>,
}

/// The strip at `top`, its arrows reaching up to the touchpoint cards' bottom at
/// `cards_bottom`; none when the flow is the column order and a future state, if
/// the map has one, leaves it so.
pub(super) fn place_flow(
    map: &Map,
    m: &TextMeasurer,
    columns: &Columns,
    cards_bottom: f64,
    top: f64,
) -> Option<FlowLayout> {
    let center = column_centers(map, columns);
    let rank = column_ranks(map, columns);
    let edges = future::drawn_flow(map);
    if edges.iter().all(|&(_, _, change)| change == Change::Kept)
        && follows_columns(map, &edges, &rank)
    {
        return None;
    }
    let drawn = edges.len().min(MAX_ARROWS);
    let mut spans: Vec<(usize, f64, f64)> = edges[..drawn]
        .iter()
        .enumerate()
        .map(|(i, &(from, to, _))| {
            let out = center[from.index()] + PORT;
            let into = center[to.index()] - PORT;
            (i, out.min(into), out.max(into))
        })
        .collect();
    spans.sort_by(|a, b| {
        (a.2 - a.1)
            .total_cmp(&(b.2 - b.1))
            .then(a.1.total_cmp(&b.1))
    });
    let mut tracks = Tracks::default();
    let mut track_of = vec![0; drawn];
    for (i, left, right) in spans {
        track_of[i] = tracks.claim(left - CLEARANCE, right + CLEARANCE);
    }
    let used = tracks.0.len().max(1);
    let label = block(
        m,
        map.labels.get(Label::Flow),
        TextStyle::LaneLabel,
        MARGIN + PAD,
        top + PAD,
        LABEL_WIDTH - 2.0 * PAD,
    );
    // A removed edge is dotted, not dashed, even when it went back.
    let loops_back = edges[..drawn].iter().any(|&(from, to, change)| {
        change != Change::Removed && rank[to.index()] <= rank[from.index()]
    });
    let has = |wanted: Change| edges[..drawn].iter().any(|e| e.2 == wanted);
    let mut captions = Vec::new();
    let mut y = label.rect.bottom() + 2.0;
    for caption in [
        loops_back.then(|| map.labels.get(Label::FlowLoopBack).to_owned()),
        has(Change::Added).then(|| map.labels.get(Label::FlowAdded).to_owned()),
        has(Change::Removed).then(|| map.labels.get(Label::FlowRemoved).to_owned()),
        (edges.len() > drawn).then(|| wording::more_flow_edges(&map.labels, edges.len() - drawn)),
    ]
    .into_iter()
    .flatten()
    {
        let caption = block(
            m,
            &caption,
            TextStyle::Caption,
            MARGIN + PAD,
            y,
            LABEL_WIDTH - 2.0 * PAD,
        );
        y = caption.rect.bottom() + 2.0;
        captions.push(caption);
    }
    let label_bottom = captions
        .last()
        .map_or(label.rect.bottom(), |c| c.rect.bottom());
    let height = (TRACK_GAP * (used as f64 + 1.0) + GAP).max(label_bottom - top + PAD);
    let takers = branch_takers(map, &edges[..drawn]);
    let mut arrows: Vec<FlowArrow> = edges[..drawn]
        .iter()
        .zip(track_of)
        .zip(takers)
        .map(|((&(from, to, change), track), personas)| {
            let out = center[from.index()] + PORT;
            let into = center[to.index()] - PORT;
            let y = top + TRACK_GAP * (track as f64 + 1.0);
            let mark = (change != Change::Kept).then(|| Point {
                x: mark_x(out, into, track),
                y,
            });
            // Persona markers stop short of the mark as they do of the far corner.
            let markers = markers(out, mark.map_or(into, |m| m.x), y, personas.len());
            FlowArrow {
                change,
                mark,
                crossings: Vec::new(),
                persona_keys: personas
                    .iter()
                    .map(|&p| map.persona(p).key.clone())
                    .collect(),
                personas,
                markers,
                from,
                to,
                from_key: map.touchpoint(from).key.clone(),
                to_key: map.touchpoint(to).key.clone(),
                kind: if rank[to.index()] > rank[from.index()] {
                    ArrowKind::Forward
                } else {
                    ArrowKind::Back
                },
                track,
                points: [
                    Point {
                        x: out,
                        y: cards_bottom + PORT_DROP,
                    },
                    Point { x: out, y },
                    Point { x: into, y },
                    Point {
                        x: into,
                        y: cards_bottom + PORT_DROP,
                    },
                ],
            }
        })
        .collect();
    mark_crossings(&mut arrows);
    let rect = Rect {
        x: MARGIN,
        y: top,
        w: columns.right - MARGIN,
        h: height,
    };
    Some(FlowLayout {
        rect,
        separator: Line::horizontal(top - GAP / 2.0, rect.x, rect.right()),
        label,
        captions,
        arrows,
    })
}

/// For each edge, the personas whose path takes it, when it is one arm of a branch
/// and not every persona takes it; otherwise none. A path takes an edge when the
/// edge's two touchpoints follow each other on it. Edges removed in the future
/// state are no arm of anything: no path of the drawn (future) map takes them.
fn branch_takers(map: &Map, edges: &[(TouchpointId, TouchpointId, Change)]) -> Vec<Vec<PersonaId>> {
    let mut out_degree = vec![0usize; map.touchpoints.len()];
    for &(from, _, change) in edges {
        if change != Change::Removed {
            out_degree[from.index()] += 1;
        }
    }
    let mut taken: BTreeMap<(TouchpointId, TouchpointId), Vec<PersonaId>> = BTreeMap::new();
    for path in &map.paths {
        for step in path.steps.windows(2) {
            if out_degree[step[0].index()] > 1 {
                taken
                    .entry((step[0], step[1]))
                    .or_default()
                    .push(path.persona);
            }
        }
    }
    let everyone = map.personas.len();
    edges
        .iter()
        .map(|&(from, to, change)| match taken.remove(&(from, to)) {
            Some(personas)
                if change != Change::Removed
                    && !map.implicit_persona
                    && personas.len() < everyone =>
            {
                personas
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Where the mark of an edge added or removed on `track` sits: on its track (`out`
/// to `into`), [`MARK_BEFORE`] short of the target's port, a little further on odd
/// tracks, so the marks of two edges into one touchpoint on neighbouring tracks
/// stand apart. Arrows stand only at ports, 2 × [`PORT`] apart around column
/// centres a [`super::geometry::COLUMN_WIDTH`] apart, so there no other arrow
/// crosses the track and the mark belongs to one arrow. On a track too short for
/// that (a touchpoint leading to itself), its middle.
fn mark_x(out: f64, into: f64, track: usize) -> f64 {
    let before = MARK_BEFORE + if track % 2 == 1 { MARK_STAGGER } else { 0.0 };
    let x = into - (into - out).signum() * before;
    if (x - out).abs() >= MARK_RADIUS + CORNER && (into - out).abs() > before {
        x
    } else {
        (out + into) / 2.0
    }
}

/// Fills in each arrow's [`FlowArrow::crossings`]: a stub crosses every track above
/// its own whose arrow passes its port, neither starting nor ending there (arrows
/// that share a port join it). On each track but the last the arrows do not
/// overlap, so the one that starts nearest left of a port is the only one that can
/// pass it; past [`MAX_TRACKS`], where arrows share the last track, that one is
/// all that is looked at.
fn mark_crossings(arrows: &mut [FlowArrow]) {
    /// Ports and track ends are whole distances apart; this only absorbs rounding.
    const EPS: f64 = 0.5;
    let tracks = arrows.iter().map(|a| a.track + 1).max().unwrap_or(0);
    // Per track, its height and its arrows' extents sorted by left end.
    let mut spans: Vec<(f64, Vec<(f64, f64)>)> = vec![(0.0, Vec::new()); tracks];
    for arrow in arrows.iter() {
        let [_, down, across, _] = arrow.points;
        let track = &mut spans[arrow.track];
        track.0 = down.y;
        track.1.push((down.x.min(across.x), down.x.max(across.x)));
    }
    for (_, list) in &mut spans {
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    for arrow in arrows.iter_mut() {
        for x in [arrow.points[0].x, arrow.points[3].x] {
            for (y, list) in &spans[..arrow.track] {
                let before = list.partition_point(|&(left, _)| left < x - EPS);
                if let Some(&(left, right)) = before.checked_sub(1).and_then(|i| list.get(i))
                    && x > left + EPS
                    && x < right - EPS
                {
                    arrow.crossings.push(Point { x, y: *y });
                }
            }
        }
    }
}

/// Centres of `count` markers along the track from `out` towards `end` (the far
/// corner, or the edge's mark), as many as fit a step short of it.
fn markers(out: f64, end: f64, y: f64, count: usize) -> Vec<Point> {
    let length = (end - out).abs();
    let room = ((length - 2.0 * MARKER_STEP) / MARKER_STEP).max(0.0) as usize;
    let direction = (end - out).signum();
    (0..count.min(room))
        .map(|i| Point {
            x: out + direction * MARKER_STEP * (i as f64 + 1.0),
            y,
        })
        .collect()
}

/// Whether every edge goes to the next touchpoint column and every touchpoint column
/// but the last leads to the next: then the columns say the flow already.
fn follows_columns(
    map: &Map,
    edges: &[(TouchpointId, TouchpointId, Change)],
    rank: &[usize],
) -> bool {
    let all_to_next = edges
        .iter()
        .all(|&(from, to, _)| rank[to.index()] == rank[from.index()] + 1);
    // With every edge a step right, no source has two and no target two, so as many
    // edges as steps means every step is taken.
    all_to_next && edges.len() + 1 == map.touchpoints.len()
}

/// Each touchpoint's column centre, by touchpoint index.
fn column_centers(map: &Map, columns: &Columns) -> Vec<f64> {
    let mut center = vec![0.0; map.touchpoints.len()];
    for column in &columns.list {
        if let Some(t) = column.touchpoint {
            center[t.index()] = column.center();
        }
    }
    center
}

/// Each touchpoint's place among the touchpoint columns, left to right.
fn column_ranks(map: &Map, columns: &Columns) -> Vec<usize> {
    let mut rank = vec![0; map.touchpoints.len()];
    for (i, t) in columns.list.iter().filter_map(|c| c.touchpoint).enumerate() {
        rank[t.index()] = i;
    }
    rank
}

/// The tracks handed out so far: per track, the x ranges taken, keyed by left end.
#[derive(Default)]
struct Tracks(Vec<BTreeMap<OrderedX, f64>>);

/// An x that sorts: the layout's coordinates are finite.
#[derive(Clone, Copy, PartialEq)]
struct OrderedX(f64);
impl Eq for OrderedX {}
impl PartialOrd for OrderedX {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for OrderedX {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Tracks {
    /// The topmost track where `left..right` is free, which it then takes.
    fn claim(&mut self, left: f64, right: f64) -> usize {
        let free = |taken: &BTreeMap<OrderedX, f64>| {
            let before = taken.range(..=OrderedX(left)).next_back();
            let after = taken.range(OrderedX(left)..).next();
            before.is_none_or(|(_, &end)| end <= left)
                && after.is_none_or(|(start, _)| start.0 >= right)
        };
        let index = match self.0.iter().position(free) {
            Some(index) => index,
            None if self.0.len() < MAX_TRACKS => {
                self.0.push(BTreeMap::new());
                self.0.len() - 1
            }
            None => MAX_TRACKS - 1,
        };
        self.0[index].insert(OrderedX(left), right);
        index
    }
}
