//! The service blueprint in both outputs: SVG elements for what
//! [`crate::layout::blueprint`] placed, and the rows the HTML page's grid shows
//! (`templates/blueprint.html`), in the same words.
//!
//! Fail points and waits are a symbol and a word each, so they read in greyscale;
//! the three lines differ by dash as well as by name.

use super::svg::SvgWriter;
use super::theme::Theme;
use crate::i18n::Label;
use crate::layout::{
    BlueprintCard, BlueprintLane, BlueprintLayout, BlueprintLine, Layout, MarkKind, Point,
    TextStyle, wording,
};
use crate::model::{LaneRole, Map};
use crate::number::num;

/// The dash of the line drawn above the first lane of `role`.
fn line_dash(role: LaneRole) -> &'static str {
    match role {
        LaneRole::PhysicalEvidence | LaneRole::Frontstage => "",
        LaneRole::Backstage => "8 4",
        LaneRole::Support => "2 3",
    }
}

/// Draws the blueprint's lines, lanes and cards; stops early once `w` is full.
pub(super) fn draw_svg(w: &mut SvgWriter, blueprint: &BlueprintLayout, t: &Theme) {
    for line in &blueprint.lines {
        draw_line(w, line, t);
    }
    for lane in &blueprint.lanes {
        draw_lane_label(w, lane, t);
        if !draw_cards(w, &lane.cards, t) {
            return;
        }
    }
}

/// One of the blueprint's lines: its name and its rule.
pub(super) fn draw_line(w: &mut SvgWriter, line: &BlueprintLine, t: &Theme) {
    w.text(&line.label, t.text);
    w.line(&line.rule, t.muted, 1.5, line_dash(line.above));
}

/// A lane's separator and, in the label column, its role, name and owner.
pub(super) fn draw_lane_label(w: &mut SvgWriter, lane: &BlueprintLane, t: &Theme) {
    if let Some(separator) = &lane.separator {
        w.line(separator, t.rule, 1.0, "");
    }
    w.text(&lane.role_label, t.muted);
    w.text(&lane.name, t.text);
    if let Some(owner) = &lane.owner {
        w.text(owner, t.muted);
    }
}

/// `cards` with their marks; false when `w` filled up before the last one.
pub(super) fn draw_cards<'a>(
    w: &mut SvgWriter,
    cards: impl IntoIterator<Item = &'a BlueprintCard>,
    t: &Theme,
) -> bool {
    for card in cards {
        if w.is_full() {
            return false;
        }
        let stroke = if card.fail_point {
            t.pain_accent
        } else {
            t.border
        };
        w.rect(card.rect, 6.0, t.card, Some(stroke));
        for mark in &card.marks {
            match mark.kind {
                MarkKind::FailPoint => {
                    fail_symbol(w, mark.icon, t);
                    w.text(&mark.label, t.pain_text);
                }
                MarkKind::Wait => {
                    clock_symbol(w, mark.icon, t.muted);
                    w.text(&mark.label, t.text);
                }
            }
        }
        w.text(&card.text, t.text);
    }
    true
}

/// The textbook's fail-point mark: a circled F, in the smallest size the map's
/// text has, so it stays readable on paper.
fn fail_symbol(w: &mut SvgWriter, c: Point, t: &Theme) {
    w.circle(c, 7.0, t.pain_accent, None);
    let size = TextStyle::Caption.size();
    w.raw(&format!(
        r##"<text x="{}" y="{}" font-size="{}" font-weight="700" text-anchor="middle" fill="#ffffff">F</text>"##,
        num(c.x),
        num(c.y + size * 0.36),
        num(size)
    ));
}

/// A clock face: the wait mark.
fn clock_symbol(w: &mut SvgWriter, c: Point, color: &str) {
    w.circle(c, 6.5, "none", Some((color, 1.5)));
    w.raw(&format!(
        r#"<path d="M{} {}V{}H{}" fill="none" stroke="{color}" stroke-width="1.5" stroke-linecap="round"/>"#,
        num(c.x),
        num(c.y - 4.0),
        num(c.y),
        num(c.x + 3.0)
    ));
}

/// One blueprint item as the page shows it.
pub(super) struct ItemView<'a> {
    pub text: &'a str,
    /// "Fail point", when it is one.
    pub fail_point: Option<&'a str>,
    /// "Wait: 2d", when there is a wait.
    pub wait: Option<String>,
}

/// A row of the page's grid: one of the blueprint's lines, or a lane.
pub(super) enum RowView<'a> {
    Line {
        name: &'a str,
        class: &'static str,
    },
    Lane {
        role: &'a str,
        class: &'static str,
        name: &'a str,
        /// "Owner: Risk", as the picture words it.
        owner: Option<String>,
        /// One cell per column, `true` where a new stage begins.
        cells: Vec<(bool, Vec<ItemView<'a>>)>,
    },
}

fn role_class(role: LaneRole) -> &'static str {
    match role {
        LaneRole::PhysicalEvidence => "evidence",
        LaneRole::Frontstage => "frontstage",
        LaneRole::Backstage => "backstage",
        LaneRole::Support => "support",
    }
}

/// The page's blueprint rows, in the order the picture draws them.
pub(super) fn rows<'a>(map: &'a Map, layout: &Layout) -> Vec<RowView<'a>> {
    let Some(blueprint) = &layout.blueprint else {
        return Vec::new();
    };
    let mut lines = blueprint.lines.iter().peekable();
    let mut rows = Vec::new();
    for (lane_id, placed) in map.lane_ids().zip(&blueprint.lanes) {
        let lane = map.lane(lane_id);
        while let Some(line) = lines.next_if(|l| l.band.y < placed.rect.y) {
            rows.push(RowView::Line {
                name: wording::blueprint_line(&map.labels, line.above).unwrap_or_default(),
                class: role_class(line.above),
            });
        }
        let cells = layout
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let starts_stage = i > 0 && layout.columns[i - 1].stage != column.stage;
                let items = column
                    .touchpoint
                    .map(|t| map.touchpoint(t))
                    .and_then(|tp| tp.blueprint.iter().find(|(l, _)| *l == lane_id))
                    .map(|(_, items)| {
                        items
                            .iter()
                            .map(|item| ItemView {
                                text: &item.text,
                                fail_point: item
                                    .fail_point
                                    .then(|| map.labels.get(Label::FailPoint)),
                                wait: item
                                    .wait
                                    .as_deref()
                                    .map(|wait| wording::wait(&map.labels, wait)),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (starts_stage, items)
            })
            .collect();
        rows.push(RowView::Lane {
            role: wording::lane_role(&map.labels, lane.role),
            class: role_class(lane.role),
            name: &lane.name,
            owner: lane
                .owner
                .as_deref()
                .map(|owner| wording::labelled(map.labels.get(Label::Owner), owner)),
            cells,
        });
    }
    rows
}
