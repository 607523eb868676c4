//! The lanes, top to bottom in their fixed order: each lane's rectangle, its label
//! and its cards; the emotions lane holds the curve instead of cards.

use serde::Serialize;

use super::blocks::{TextBlock, TextStyle, block};
use super::cards::{Card, place_lane_cards};
use super::columns::Columns;
use super::curve::{CurveLayout, place_curve};
use super::flow::{FlowLayout, place_flow};
use super::geometry::{CURVE_HEIGHT, GAP, LABEL_WIDTH, Line, MARGIN, PAD, Rect};
use super::text::TextMeasurer;
use crate::i18n::Label;
use crate::model::{Map, Touchpoint};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaneKind {
    Touchpoints,
    Actions,
    Thoughts,
    Emotions,
    PainPoints,
    Opportunities,
    Metrics,
}

impl LaneKind {
    pub const ALL: [LaneKind; 7] = [
        LaneKind::Touchpoints,
        LaneKind::Actions,
        LaneKind::Thoughts,
        LaneKind::Emotions,
        LaneKind::PainPoints,
        LaneKind::Opportunities,
        LaneKind::Metrics,
    ];
    /// The label naming the lane, in the map's language.
    pub fn label(self) -> Label {
        match self {
            LaneKind::Touchpoints => Label::Touchpoints,
            LaneKind::Actions => Label::Actions,
            LaneKind::Thoughts => Label::Thoughts,
            LaneKind::Emotions => Label::Emotions,
            LaneKind::PainPoints => Label::PainPoints,
            LaneKind::Opportunities => Label::Opportunities,
            LaneKind::Metrics => Label::Metrics,
        }
    }
    pub fn class(self) -> &'static str {
        match self {
            LaneKind::Touchpoints => "touchpoints",
            LaneKind::Actions => "actions",
            LaneKind::Thoughts => "thoughts",
            LaneKind::Emotions => "emotions",
            LaneKind::PainPoints => "pain-points",
            LaneKind::Opportunities => "opportunities",
            LaneKind::Metrics => "metrics",
        }
    }

    /// Whether any touchpoint has something to show in this lane.
    fn is_used(self, map: &Map) -> bool {
        let any = |f: &dyn Fn(&Touchpoint) -> bool| map.touchpoints.iter().any(f);
        match self {
            LaneKind::Touchpoints => true,
            LaneKind::Actions => any(&|t| !t.actions.is_empty()),
            LaneKind::Thoughts => any(&|t| !t.thoughts.is_empty() || !t.evidence.is_empty()),
            LaneKind::Emotions => any(&|t| !t.emotions.is_empty()),
            LaneKind::PainPoints => any(&|t| !t.pain_points.is_empty()),
            LaneKind::Opportunities => any(&|t| !t.opportunities.is_empty()),
            LaneKind::Metrics => {
                any(&|t| !t.metrics.is_empty() || t.owner.is_some() || t.funnel.is_some())
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    pub kind: LaneKind,
    pub rect: Rect,
    /// The rule across the gap above the lane.
    pub separator: Line,
    pub label: TextBlock,
    pub cards: Vec<Card>,
}

/// The placed lanes, the curve (when the emotions lane is used) and the y below them.
pub(super) struct Lanes {
    pub lanes: Vec<Lane>,
    pub curve: Option<CurveLayout>,
    /// The flow strip under the touchpoint cards, when the flow needs drawing.
    pub flow: Option<FlowLayout>,
    pub bottom: f64,
}

/// Every used lane from `top` down, skipping lanes no touchpoint uses.
pub(super) fn place_lanes(map: &Map, m: &TextMeasurer, columns: &Columns, top: f64) -> Lanes {
    let mut lanes = Vec::new();
    let mut curve = None;
    let mut flow = None;
    let mut y = top;
    for kind in LaneKind::ALL.into_iter().filter(|k| k.is_used(map)) {
        let top = y;
        let (cards, height) = if kind == LaneKind::Emotions {
            let plot = Rect {
                x: columns.left,
                y: top + 28.0,
                w: columns.right - columns.left,
                h: CURVE_HEIGHT - 56.0,
            };
            curve = Some(place_curve(map, m, &columns.list, plot));
            (Vec::new(), CURVE_HEIGHT)
        } else {
            place_lane_cards(map, m, kind, &columns.list, top)
        };
        // The curve's scale is labelled at the right of the label column: the
        // lane's name keeps clear of it (a right-to-left name ends at its right).
        let scale_room = if kind == LaneKind::Emotions {
            28.0
        } else {
            0.0
        };
        let label = block(
            m,
            map.labels.get(kind.label()),
            TextStyle::LaneLabel,
            MARGIN + PAD,
            top + PAD,
            LABEL_WIDTH - 2.0 * PAD - scale_room,
        );
        let height = height.max(label.rect.h + 2.0 * PAD);
        let rect = Rect {
            x: MARGIN,
            y: top,
            w: columns.right - MARGIN,
            h: height,
        };
        lanes.push(Lane {
            kind,
            rect,
            separator: Line::horizontal(rect.y - GAP / 2.0, rect.x, rect.right()),
            label,
            cards,
        });
        y = top + height + GAP;
        if kind == LaneKind::Touchpoints {
            let cards_bottom = lanes
                .last()
                .into_iter()
                .flat_map(|lane: &Lane| &lane.cards)
                .map(|card| card.rect.bottom())
                .fold(top, f64::max);
            flow = place_flow(map, m, columns, cards_bottom, y);
            if let Some(strip) = &flow {
                y = strip.rect.bottom() + GAP;
            }
        }
    }
    Lanes {
        lanes,
        curve,
        flow,
        bottom: y,
    }
}
