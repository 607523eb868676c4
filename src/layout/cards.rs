//! The cards of a lane: one touchpoint card, bulleted actions, a card per thought,
//! pain point and opportunity, and the metrics card. Slot `k` of every column shares
//! one height, so cards line up across the lane.

use serde::Serialize;

use super::badge::{Badge, place_badge};
use super::blocks::{Stack, TextBlock, TextStyle, block};
use super::columns::Column;
use super::geometry::{COLUMN_WIDTH, GAP, GUTTER, PAD, Point, Rect};
use super::lanes::LaneKind;
use super::text::TextMeasurer;
use super::wording;
use std::cell::RefCell;

use crate::i18n::Label;
use crate::model::future::Change;
use crate::model::{Item, Map, PersonaId, Touchpoint};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardKind {
    Touchpoint,
    Actions,
    Thought,
    PainPoint,
    Opportunity,
    Metrics,
    /// A piece of evidence: a quote with its kind, source and date.
    Evidence,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "touchpoint")]
    pub touchpoint_key: String,
    pub rect: Rect,
    pub kind: CardKind,
    /// The shadow under a touchpoint card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Rect>,
    /// The coloured stripe down a pain point's or an opportunity's left edge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stripe: Option<Rect>,
    /// Centre of a pain point's or an opportunity's icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Point>,
    pub badge: Option<Badge>,
    pub texts: Vec<TextBlock>,
    /// On a touchpoint card of a map drawn with its future state: whether the
    /// future adds or removes the touchpoint (a removed one is drawn dashed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
    /// A dot in each persona's colour before the names of whose an item is, for
    /// items that belong to some personas only (the names say it without colour).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub persona_marks: Vec<PersonaMark>,
    /// A funnel step's bar in a metrics card: the whole width is everyone who
    /// entered, the filled part those who completed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bar: Option<FunnelBar>,
}

/// The bar of a funnel step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FunnelBar {
    pub track: Rect,
    pub filled: Rect,
}

/// One persona's dot before the names under an item.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaMark {
    #[serde(skip)]
    pub persona: PersonaId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "persona")]
    pub persona_key: String,
    pub at: Point,
}

/// Radius of a persona mark, and the distance between two marks' centres.
pub const PERSONA_MARK_RADIUS: f64 = 4.0;
const PERSONA_MARK_STEP: f64 = 10.0;

impl Card {
    /// Moves the card and everything on it so that its top is at `y`.
    fn move_to(&mut self, y: f64) {
        let dy = y - self.rect.y;
        self.rect.y = y;
        if let Some(badge) = &mut self.badge {
            badge.move_down(dy);
        }
        for t in &mut self.texts {
            t.rect.y += dy;
        }
        for mark in &mut self.persona_marks {
            mark.at.y += dy;
        }
        if let Some(bar) = &mut self.bar {
            bar.track.y += dy;
            bar.filled.y += dy;
        }
    }

    /// Places the marks that follow the card's final rectangle: a touchpoint's
    /// shadow, a pain point's or an opportunity's stripe and icon.
    fn place_marks(&mut self) {
        let r = self.rect;
        match self.kind {
            CardKind::Touchpoint => self.shadow = Some(Rect { y: r.y + 1.5, ..r }),
            CardKind::PainPoint | CardKind::Opportunity => {
                self.stripe = Some(Rect { w: 4.0, ..r });
                self.icon = Some(Point {
                    x: r.x + PAD + 8.0,
                    y: r.y + PAD + 9.0,
                });
            }
            CardKind::Actions | CardKind::Thought | CardKind::Metrics | CardKind::Evidence => {}
        }
    }
}

/// Width of a card: its column less a gutter on each side.
const CARD_WIDTH: f64 = COLUMN_WIDTH - 2.0 * GUTTER;
/// Width of a card's text.
const INNER: f64 = CARD_WIDTH - 2.0 * PAD;
/// Height of a funnel step's bar.
const BAR_HEIGHT: f64 = 8.0;

/// Cards of one lane from `top`, and the lane's height.
pub(super) fn place_lane_cards(
    map: &Map,
    m: &TextMeasurer,
    kind: LaneKind,
    columns: &[Column],
    top: f64,
) -> (Vec<Card>, f64) {
    let per_column: Vec<Vec<Card>> = columns
        .iter()
        .map(|column| match column.touchpoint {
            Some(id) => {
                let cards = ColumnCards {
                    map,
                    m,
                    touchpoint: map.touchpoint(id),
                    change: map.changes.get(id.index()).copied(),
                    x: column.x + GUTTER,
                };
                cards.of_lane(kind)
            }
            None => Vec::new(),
        })
        .collect();
    align_slots(per_column, top)
}

/// Slot `k` of every column gets the height of the tallest card in it; the cards are
/// then stacked from `top`. Returns the placed cards and the lane's height.
fn align_slots(per_column: Vec<Vec<Card>>, top: f64) -> (Vec<Card>, f64) {
    let slots = per_column.iter().map(Vec::len).max().unwrap_or(0);
    let slot_heights: Vec<f64> = (0..slots)
        .map(|k| {
            per_column
                .iter()
                .filter_map(|c| c.get(k))
                .map(|c| c.rect.h)
                .fold(0.0, f64::max)
        })
        .collect();
    let mut placed = Vec::new();
    for cards in per_column {
        let mut y = top + GAP;
        for (mut card, &slot_height) in cards.into_iter().zip(&slot_heights) {
            card.move_to(y);
            card.rect.h = slot_height;
            card.place_marks();
            y += slot_height + GAP;
            placed.push(card);
        }
    }
    let height = slot_heights.iter().map(|h| h + GAP).sum::<f64>() + GAP;
    (placed, height)
}

/// Lays out the cards of one touchpoint's column at y = 0, with their natural heights.
struct ColumnCards<'a> {
    map: &'a Map,
    m: &'a TextMeasurer,
    touchpoint: &'a Touchpoint,
    /// Whether the touchpoint is added or removed, in a map drawn with its future state.
    change: Option<Change>,
    /// Left edge of the cards.
    x: f64,
}

impl ColumnCards<'_> {
    fn of_lane(&self, kind: LaneKind) -> Vec<Card> {
        let tp = self.touchpoint;
        match kind {
            LaneKind::Touchpoints => vec![self.touchpoint_card()],
            LaneKind::Actions if !tp.actions.is_empty() => {
                let marks = RefCell::new(Vec::new());
                let mut card = self.stacked(CardKind::Actions, &|s: &mut Stack| {
                    for action in &tp.actions {
                        s.bullet(&action.text, TextStyle::Body, 3.0);
                        self.whose(s, action, 14.0, &mut marks.borrow_mut());
                    }
                    s.y -= 3.0;
                });
                card.persona_marks = marks.into_inner();
                vec![card]
            }
            LaneKind::Thoughts => tp
                .thoughts
                .iter()
                .map(|t| {
                    let marks = RefCell::new(Vec::new());
                    let mut card = self.stacked(CardKind::Thought, &|s: &mut Stack| {
                        s.push(
                            &wording::quoted(&self.map.labels, &t.text),
                            TextStyle::Body,
                            0.0,
                        );
                        self.whose(s, t, 0.0, &mut marks.borrow_mut());
                    });
                    card.persona_marks = marks.into_inner();
                    card
                })
                .chain(tp.evidence.iter().map(|e| {
                    let (quote, about) = wording::evidence(&self.map.labels, e);
                    self.stacked(CardKind::Evidence, &|s: &mut Stack| {
                        s.push(&quote, TextStyle::Body, 2.0);
                        s.push(&about, TextStyle::Small, 0.0);
                    })
                }))
                .collect(),
            LaneKind::PainPoints => tp
                .pain_points
                .iter()
                .map(|t| self.with_icon(CardKind::PainPoint, t))
                .collect(),
            LaneKind::Opportunities => tp
                .opportunities
                .iter()
                .map(|t| self.with_icon(CardKind::Opportunity, t))
                .collect(),
            LaneKind::Metrics
                if !tp.metrics.is_empty() || tp.owner.is_some() || tp.funnel.is_some() =>
            {
                let mut bar = None;
                let mut card = self.stacked(CardKind::Metrics, &|s: &mut Stack| {
                    if let Some(step) = &tp.funnel {
                        for (name, value) in wording::funnel(&self.map.labels, step) {
                            s.push(&wording::labelled(&name, &value), TextStyle::Small, 2.0);
                        }
                        s.y += BAR_HEIGHT + 6.0;
                    }
                    for (name, value) in &tp.metrics {
                        let line = wording::labelled(&wording::metric_name(name), value);
                        s.push(&line, TextStyle::Small, 2.0);
                    }
                    if let Some(owner) = &tp.owner {
                        let line = wording::labelled(self.map.labels.get(Label::Owner), owner);
                        s.push(&line, TextStyle::SmallBold, 0.0);
                    }
                });
                if let Some(step) = &tp.funnel {
                    // Under the funnel's lines (the first two or three texts).
                    let lines = wording::funnel(&self.map.labels, step).len();
                    let above = card
                        .texts
                        .get(lines - 1)
                        .map_or(card.rect.y, |t| t.rect.bottom());
                    let track = Rect {
                        x: self.text_x(),
                        y: above + 4.0,
                        w: INNER,
                        h: BAR_HEIGHT,
                    };
                    let filled = Rect {
                        w: INNER * (step.conversion() / 100.0).clamp(0.0, 1.0),
                        ..track
                    };
                    bar = Some(FunnelBar { track, filled });
                }
                card.bar = bar;
                vec![card]
            }
            _ => Vec::new(),
        }
    }

    /// x of the cards' text.
    fn text_x(&self) -> f64 {
        self.x + PAD
    }

    fn card(&self, kind: CardKind, height: f64, texts: Vec<TextBlock>) -> Card {
        Card {
            touchpoint_key: self.touchpoint.key.clone(),
            rect: Rect {
                x: self.x,
                y: 0.0,
                w: CARD_WIDTH,
                h: height,
            },
            kind,
            shadow: None,
            stripe: None,
            icon: None,
            badge: None,
            texts,
            change: None,
            persona_marks: Vec::new(),
            bar: None,
        }
    }

    /// Under an item of some personas only: a dot per persona and their names,
    /// `indent` in from the stack's left edge; nothing for everyone's items.
    fn whose(&self, s: &mut Stack, item: &Item, indent: f64, marks: &mut Vec<PersonaMark>) {
        if item.personas.is_empty() {
            return;
        }
        let style = TextStyle::Caption;
        s.y += 2.0;
        let dots = item.personas.len().min(wording::MAX_AUDIENCE_NAMES);
        let x = self.text_x() + indent;
        for (i, &persona) in item.personas.iter().take(dots).enumerate() {
            marks.push(PersonaMark {
                persona,
                persona_key: self.map.persona(persona).key.clone(),
                at: Point {
                    x: x + PERSONA_MARK_RADIUS + PERSONA_MARK_STEP * i as f64,
                    y: s.y + style.line_height() / 2.0,
                },
            });
        }
        let names_x = x + PERSONA_MARK_STEP * dots as f64 + 2.0;
        let names = block(
            self.m,
            &wording::whose(self.map, &item.personas),
            style,
            names_x,
            s.y,
            self.text_x() + INNER - names_x,
        )
        .beside_its_start(self.m);
        s.y += names.rect.h + 3.0;
        s.texts.push(names);
    }

    /// A card whose texts `build` stacks; its height follows them.
    fn stacked(&self, kind: CardKind, build: &dyn Fn(&mut Stack)) -> Card {
        let mut stack = Stack::new(self.m, self.text_x(), PAD, INNER);
        build(&mut stack);
        self.card(kind, stack.y + PAD, stack.texts)
    }

    /// A card with an icon left of one item's text, and whose it is under it.
    fn with_icon(&self, kind: CardKind, item: &Item) -> Card {
        const ICON: f64 = 22.0;
        let mut stack = Stack::new(self.m, self.text_x() + ICON, PAD, INNER - ICON);
        stack.push(&item.text, TextStyle::Body, 0.0);
        let mut marks = Vec::new();
        if !item.personas.is_empty() {
            self.whose(&mut stack, item, ICON, &mut marks);
            stack.y -= 3.0;
        }
        let h = (stack.y + PAD).max(ICON + 2.0 * PAD - 4.0);
        let mut card = self.card(kind, h, stack.texts);
        card.persona_marks = marks;
        card
    }

    /// The touchpoint's own card: channel badge, name, description, audience note.
    fn touchpoint_card(&self) -> Card {
        let tp = self.touchpoint;
        let mut stack = Stack::new(self.m, self.text_x(), PAD, INNER);
        let badge = tp.channel.map(|channel| {
            let badge = place_badge(self.map, self.m, channel, self.text_x(), PAD, INNER);
            stack.y = badge.rect.bottom() + 8.0;
            badge
        });
        if let Some(mark) = self
            .change
            .and_then(|c| wording::change_mark(&self.map.labels, c))
        {
            stack.push(mark, TextStyle::SmallBold, 4.0);
        }
        stack.push(&tp.name, TextStyle::CardTitle, 4.0);
        if let Some(description) = &tp.description {
            stack.push(description, TextStyle::Small, 4.0);
        }
        if let Some(who) = super::wording::audience(self.map, tp) {
            stack.push(&who, TextStyle::Caption, 0.0);
        }
        let mut card = self.card(CardKind::Touchpoint, stack.y + PAD - 4.0, stack.texts);
        card.rect.h = card.rect.h.max(60.0);
        card.badge = badge;
        card.change = self.change.filter(|c| *c != Change::Kept);
        card
    }
}
