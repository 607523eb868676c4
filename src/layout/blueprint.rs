//! The service blueprint below the journey: one lane per `lanes:` entry, its label
//! (role, name, owner) at the left and, per column, a card for each item of that
//! touchpoint's cell, with fail points and waits marked by a symbol and a word.
//!
//! The textbook blueprint (Shostack 1984, Bitner et al. 2008) separates its levels
//! with three labelled lines, drawn here in their own bands above the first lane of
//! the level they open: the line of interaction (what the customer does, above; the
//! organisation, below), of visibility (what the customer sees, above; backstage,
//! below) and of internal interaction (the service, above; support, below). Lanes
//! come in role order (the model checks it), so each line is drawn at most once.

use serde::Serialize;

use super::blocks::{TextBlock, TextStyle, block};
use super::columns::Column;
use super::geometry::{COLUMN_WIDTH, GAP, GUTTER, LABEL_WIDTH, Line, MARGIN, PAD, Point, Rect};
use super::text::TextMeasurer;
use super::wording;
use crate::i18n::{Label, Labels};
use crate::model::{BlueprintItem, LaneRole, Map};

/// Height of the band that holds one of the blueprint's lines and its label.
const LINE_BAND: f64 = 26.0;
/// Width of a card, as in the journey lanes.
const CARD_WIDTH: f64 = COLUMN_WIDTH - 2.0 * GUTTER;
/// Width of a card's text.
const INNER: f64 = CARD_WIDTH - 2.0 * PAD;
/// Room left of a mark's word for its symbol.
const MARK_ICON: f64 = 20.0;
/// Lowest height of a lane, so an empty one is still a row to write in.
const MIN_LANE_HEIGHT: f64 = 56.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlueprintLayout {
    pub lines: Vec<BlueprintLine>,
    pub lanes: Vec<BlueprintLane>,
}

impl BlueprintLayout {
    /// Every text block of the blueprint, for checks that text fits.
    pub fn text_blocks(&self) -> impl Iterator<Item = &TextBlock> + '_ {
        let lines = self.lines.iter().map(|l| &l.label);
        let lanes = self.lanes.iter().flat_map(|lane| {
            let label = [&lane.role_label, &lane.name]
                .into_iter()
                .chain(&lane.owner);
            label.chain(lane.cards.iter().flat_map(|card| {
                card.marks
                    .iter()
                    .map(|m| &m.label)
                    .chain(std::iter::once(&card.text))
            }))
        });
        lines.chain(lanes)
    }

    /// The lines drawn right above the lane at `index`, between it and the lane
    /// before: the lines that open its level.
    pub fn lines_above(&self, index: usize) -> impl Iterator<Item = &BlueprintLine> + '_ {
        let top = self
            .lanes
            .get(index)
            .map_or(f64::NEG_INFINITY, |l| l.rect.y);
        let floor = index
            .checked_sub(1)
            .and_then(|i| self.lanes.get(i))
            .map_or(f64::NEG_INFINITY, |l| l.rect.bottom());
        self.lines
            .iter()
            .filter(move |l| l.band.y >= floor && l.band.y < top)
    }
}

/// One of the blueprint's lines: its band, the rule across it and its name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlueprintLine {
    /// The role of the lanes the line opens.
    pub above: LaneRole,
    pub band: Rect,
    pub rule: Line,
    pub label: TextBlock,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlueprintLane {
    /// The lane's id in the map, so the layout JSON says which lane this is.
    #[serde(rename = "lane")]
    pub lane_key: String,
    pub role: LaneRole,
    pub rect: Rect,
    /// The rule across the gap above the lane; none under one of the blueprint's
    /// lines, which separates it already.
    pub separator: Option<Line>,
    /// In the label column, top to bottom: the role ("Backstage"), the lane's name
    /// and "Owner: ..." when it has one.
    pub role_label: TextBlock,
    pub name: TextBlock,
    pub owner: Option<TextBlock>,
    pub cards: Vec<BlueprintCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlueprintCard {
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "touchpoint")]
    pub touchpoint_key: String,
    pub rect: Rect,
    pub fail_point: bool,
    /// Fail point and wait, each a symbol and its words, above the text.
    pub marks: Vec<BlueprintMark>,
    pub text: TextBlock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    FailPoint,
    Wait,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlueprintMark {
    pub kind: MarkKind,
    /// Centre of the symbol.
    pub icon: Point,
    pub label: TextBlock,
}

/// The blueprint from `top` down, and the y below it; none for a map without lanes.
pub(super) fn place_blueprint(
    map: &Map,
    m: &TextMeasurer,
    columns: &[Column],
    right: f64,
    top: f64,
) -> Option<(BlueprintLayout, f64)> {
    if map.lanes.is_empty() {
        return None;
    }
    let labels = &map.labels;
    // Each touchpoint's cells are in lane order: one cursor per column walks them
    // once, so the blueprint costs columns + items, not columns × lanes lookups.
    let mut cursors = vec![0usize; columns.len()];
    let mut lines = Vec::new();
    let mut lanes = Vec::with_capacity(map.lanes.len());
    let mut previous: Option<LaneRole> = None;
    let mut y = top;
    for lane_id in map.lane_ids() {
        let lane = map.lane(lane_id);
        for role in LaneRole::ALL {
            let crossed = previous.is_none_or(|p| p < role) && role <= lane.role;
            if let Some(name) = wording::blueprint_line(labels, role).filter(|_| crossed) {
                lines.push(place_line(m, name, role, y, right));
                y += LINE_BAND;
            }
        }
        let under_line = lines
            .last()
            .is_some_and(|l: &BlueprintLine| l.band.bottom() == y);
        previous = Some(lane.role);
        let (x, width) = (MARGIN + PAD, LABEL_WIDTH - 2.0 * PAD);
        let role_label = block(
            m,
            wording::lane_role(labels, lane.role),
            TextStyle::Caption,
            x,
            y + PAD,
            width,
        );
        let name = block(
            m,
            &lane.name,
            TextStyle::LaneLabel,
            x,
            role_label.rect.bottom() + 2.0,
            width,
        );
        let owner = lane.owner.as_ref().map(|owner| {
            let words = wording::labelled(labels.get(Label::Owner), owner);
            block(
                m,
                &words,
                TextStyle::Small,
                x,
                name.rect.bottom() + 4.0,
                width,
            )
        });
        let label_bottom = owner.as_ref().unwrap_or(&name).rect.bottom();
        let mut bottom = label_bottom + PAD;
        let mut cards = Vec::new();
        for (column, cursor) in columns.iter().zip(&mut cursors) {
            let Some(tp) = column.touchpoint.map(|t| map.touchpoint(t)) else {
                continue;
            };
            let Some((_, items)) = tp.blueprint.get(*cursor).filter(|(l, _)| *l == lane_id) else {
                continue;
            };
            *cursor += 1;
            let mut card_y = y + GAP;
            for item in items {
                let card = place_card(m, labels, &tp.key, item, column.x + GUTTER, card_y);
                card_y = card.rect.bottom() + GAP;
                cards.push(card);
            }
            bottom = bottom.max(card_y);
        }
        let rect = Rect {
            x: MARGIN,
            y,
            w: right - MARGIN,
            h: (bottom - y).max(MIN_LANE_HEIGHT),
        };
        lanes.push(BlueprintLane {
            lane_key: lane.key.clone(),
            role: lane.role,
            rect,
            separator: (!under_line)
                .then(|| Line::horizontal(rect.y - GAP / 2.0, rect.x, rect.right())),
            role_label,
            name,
            owner,
            cards,
        });
        y = rect.bottom() + GAP;
    }
    Some((BlueprintLayout { lines, lanes }, y))
}

/// A line's band at `top`: its name at the left, the rule from there to the right.
fn place_line(
    m: &TextMeasurer,
    name: &str,
    above: LaneRole,
    top: f64,
    right: f64,
) -> BlueprintLine {
    let style = TextStyle::SmallBold;
    let width = m.width(name, style.size(), style.weight()).ceil() + 1.0;
    let label = block(
        m,
        name,
        style,
        MARGIN + PAD,
        top + (LINE_BAND - style.line_height()) / 2.0,
        width,
    );
    let mid = top + LINE_BAND / 2.0;
    BlueprintLine {
        above,
        band: Rect {
            x: MARGIN,
            y: top,
            w: right - MARGIN,
            h: LINE_BAND,
        },
        rule: Line::horizontal(mid, label.rect.right() + 8.0, right),
        label,
    }
}

/// One item's card at (`x`, `top`): its marks, then its text.
fn place_card(
    m: &TextMeasurer,
    labels: &Labels,
    touchpoint: &str,
    item: &BlueprintItem,
    x: f64,
    top: f64,
) -> BlueprintCard {
    let mut y = top + PAD;
    let mut marks = Vec::new();
    let mut mark = |kind: MarkKind, words: &str, y: &mut f64| {
        let style = TextStyle::SmallBold;
        let label = block(m, words, style, x + PAD + MARK_ICON, *y, INNER - MARK_ICON);
        let icon = Point {
            x: x + PAD + 7.0,
            y: *y + style.line_height() / 2.0,
        };
        *y = label.rect.bottom() + 4.0;
        marks.push(BlueprintMark { kind, icon, label });
    };
    if item.fail_point {
        mark(MarkKind::FailPoint, labels.get(Label::FailPoint), &mut y);
    }
    if let Some(wait) = &item.wait {
        mark(MarkKind::Wait, &wording::wait(labels, wait), &mut y);
    }
    let text = block(m, &item.text, TextStyle::Body, x + PAD, y, INNER);
    BlueprintCard {
        touchpoint_key: touchpoint.to_owned(),
        rect: Rect {
            x,
            y: top,
            w: CARD_WIDTH,
            h: text.rect.bottom() + PAD - top,
        },
        fail_point: item.fail_point,
        marks,
        text,
    }
}
