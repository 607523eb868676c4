//! Geometry of a map: every box, every wrapped text line, every curve point.
//!
//! [`layout`] turns a validated [`Map`] into a [`Layout`], measuring text with the
//! bundled font ([`text::TextMeasurer`]). The layout is its own type and never
//! writes back into the model; renderers only read it. All numbers are in CSS px.

pub mod curve;
pub mod text;

use serde::Serialize;

use crate::model::{ChannelId, Map, PersonaId, StageId, TouchpointId};
use curve::Point;
pub use text::{TextMeasurer, Weight};

/// Space around the whole picture.
pub const MARGIN: f64 = 40.0;
/// Width of the column that holds the lane names.
pub const LABEL_WIDTH: f64 = 150.0;
/// Width of one touchpoint column.
pub const COLUMN_WIDTH: f64 = 230.0;
/// Space between a column's edge and its cards.
pub const GUTTER: f64 = 7.0;
/// Padding inside a card.
pub const PAD: f64 = 11.0;
/// Vertical space between stacked cards and between lanes.
pub const GAP: f64 = 8.0;
/// Height of the emotion-curve lane.
pub const CURVE_HEIGHT: f64 = 230.0;
/// Radius of a face marker on the curve.
pub const FACE_RADIUS: f64 = 10.0;
/// Width of a persona card in the lens.
pub const PERSONA_WIDTH: f64 = 320.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether two rectangles share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        self.x < other.right() - EPS
            && other.x < self.right() - EPS
            && self.y < other.bottom() - EPS
            && other.y < self.bottom() - EPS
    }
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
}

/// The typographic roles of text in a map; each has one size, weight and line height.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextStyle {
    Title,
    Scenario,
    PersonaName,
    Body,
    BodyBold,
    Small,
    SmallBold,
    Caption,
    StageName,
    LaneLabel,
    CardTitle,
}

impl TextStyle {
    pub fn size(self) -> f64 {
        match self {
            TextStyle::Title => 30.0,
            TextStyle::Scenario => 16.0,
            TextStyle::PersonaName | TextStyle::StageName => 17.0,
            TextStyle::CardTitle => 14.5,
            TextStyle::Body | TextStyle::BodyBold => 13.5,
            TextStyle::Small | TextStyle::SmallBold | TextStyle::LaneLabel => 12.0,
            TextStyle::Caption => 11.0,
        }
    }
    pub fn weight(self) -> Weight {
        match self {
            TextStyle::Title
            | TextStyle::PersonaName
            | TextStyle::StageName
            | TextStyle::CardTitle
            | TextStyle::BodyBold
            | TextStyle::SmallBold
            | TextStyle::LaneLabel => Weight::Bold,
            _ => Weight::Regular,
        }
    }
    pub fn line_height(self) -> f64 {
        (self.size() * if self == TextStyle::Title { 1.25 } else { 1.4 }).round()
    }
    /// Distance from a line's top to its baseline, centring Noto Sans's ascent and descent.
    pub fn baseline(self) -> f64 {
        const ASCENT: f64 = 1.069;
        const DESCENT: f64 = 0.293;
        let size = self.size();
        (self.line_height() - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size
    }
}

/// Wrapped text: lines already broken to fit `rect.w`, stacked from `rect.y`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextBlock {
    pub rect: Rect,
    pub style: TextStyle,
    pub lines: Vec<String>,
    /// Drawn with a bullet in the space left of `rect.x`.
    pub bullet: bool,
}

impl TextBlock {
    pub fn line_rects(&self) -> impl Iterator<Item = Rect> + '_ {
        let lh = self.style.line_height();
        (0..self.lines.len()).map(move |i| Rect {
            x: self.rect.x,
            y: self.rect.y + lh * i as f64,
            w: self.rect.w,
            h: lh,
        })
    }
}

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
    pub fn label(self) -> &'static str {
        match self {
            LaneKind::Touchpoints => "Touchpoints",
            LaneKind::Actions => "Actions",
            LaneKind::Thoughts => "Thoughts",
            LaneKind::Emotions => "Emotions",
            LaneKind::PainPoints => "Pain points",
            LaneKind::Opportunities => "Opportunities",
            LaneKind::Metrics => "Metrics & owner",
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardKind {
    Touchpoint,
    Actions,
    Thought,
    PainPoint,
    Opportunity,
    Metrics,
}

/// A channel badge at the top of a touchpoint card.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Badge {
    pub rect: Rect,
    #[serde(skip)]
    pub channel: ChannelId,
    pub label: TextBlock,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    pub rect: Rect,
    pub kind: CardKind,
    pub badge: Option<Badge>,
    pub texts: Vec<TextBlock>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub x: f64,
    pub width: f64,
    #[serde(skip)]
    pub stage: StageId,
    #[serde(skip)]
    pub touchpoint: Option<TouchpointId>,
}

impl Column {
    pub fn center(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageHeader {
    #[serde(skip)]
    pub stage: StageId,
    pub rect: Rect,
    pub name: TextBlock,
    pub goal: Option<TextBlock>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lane {
    pub kind: LaneKind,
    pub rect: Rect,
    pub label: TextBlock,
    pub cards: Vec<Card>,
}

/// One persona's card in the lens at the top.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaCard {
    #[serde(skip)]
    pub persona: PersonaId,
    pub rect: Rect,
    /// Where the line-and-marker key of this persona is drawn.
    pub key: Rect,
    pub texts: Vec<TextBlock>,
}

/// A point of the emotion curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    pub at: Point,
    #[serde(skip)]
    pub touchpoint: TouchpointId,
    pub score: f64,
    /// 0 for the scale's bottom, 1 for its top: what the face shows.
    pub mood: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaCurve {
    #[serde(skip)]
    pub persona: PersonaId,
    pub points: Vec<CurvePoint>,
    /// Smooth pieces; a loop back to an earlier column starts a new piece.
    pub segments: Vec<Vec<curve::Cubic>>,
    /// Index into `points` of the lowest score.
    pub lowest: Option<usize>,
    /// Indices into `points` of the steepest fall's two ends.
    pub steepest_fall: Option<(usize, usize)>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurveLayout {
    /// The plotting area: top is the scale's max, bottom its min.
    pub plot: Rect,
    pub neutral_y: f64,
    /// Scale ticks: y and label.
    pub ticks: Vec<(f64, String)>,
    pub curves: Vec<PersonaCurve>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendEntry {
    #[serde(skip)]
    pub persona: PersonaId,
    pub key: Rect,
    pub label: TextBlock,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Legend {
    pub rect: Rect,
    pub title: TextBlock,
    pub personas: Vec<LegendEntry>,
    /// Face samples: centre and mood.
    pub faces: Vec<(Point, f64)>,
    pub texts: Vec<TextBlock>,
    /// Where the "lowest point" and "steepest fall" keys are drawn.
    pub lowest_key: Point,
    pub fall_key: Rect,
}

/// The whole picture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub title: TextBlock,
    pub scenario: Option<TextBlock>,
    pub personas: Vec<PersonaCard>,
    pub grid: Rect,
    pub columns: Vec<Column>,
    pub stages: Vec<StageHeader>,
    pub lanes: Vec<Lane>,
    pub curve: Option<CurveLayout>,
    pub legend: Option<Legend>,
}

impl Layout {
    /// Every text block in the picture, for checks that text fits.
    pub fn text_blocks(&self) -> Vec<&TextBlock> {
        let mut blocks = vec![&self.title];
        blocks.extend(self.scenario.as_ref());
        for card in &self.personas {
            blocks.extend(&card.texts);
        }
        for stage in &self.stages {
            blocks.push(&stage.name);
            blocks.extend(stage.goal.as_ref());
        }
        for lane in &self.lanes {
            blocks.push(&lane.label);
            for card in &lane.cards {
                blocks.extend(card.badge.as_ref().map(|b| &b.label));
                blocks.extend(&card.texts);
            }
        }
        if let Some(legend) = &self.legend {
            blocks.push(&legend.title);
            blocks.extend(legend.personas.iter().map(|e| &e.label));
            blocks.extend(&legend.texts);
        }
        blocks
    }
}

/// Lays text out at (x, y) within `width`, wrapped with the bundled font's metrics.
fn block(m: &TextMeasurer, text: &str, style: TextStyle, x: f64, y: f64, width: f64) -> TextBlock {
    let lines = m.wrap(text, width, style.size(), style.weight());
    let h = style.line_height() * lines.len() as f64;
    TextBlock {
        rect: Rect { x, y, w: width, h },
        style,
        lines,
        bullet: false,
    }
}

/// Builds a card's content top-down; the card's height follows.
struct Stack<'m> {
    m: &'m TextMeasurer,
    x: f64,
    y: f64,
    width: f64,
    texts: Vec<TextBlock>,
}

impl<'m> Stack<'m> {
    fn new(m: &'m TextMeasurer, x: f64, y: f64, width: f64) -> Self {
        Stack {
            m,
            x,
            y,
            width,
            texts: Vec::new(),
        }
    }
    fn push(&mut self, text: &str, style: TextStyle, gap_after: f64) {
        let b = block(self.m, text, style, self.x, self.y, self.width);
        self.y += b.rect.h + gap_after;
        if !b.lines.is_empty() {
            self.texts.push(b);
        }
    }
    fn bullet(&mut self, text: &str, style: TextStyle, gap_after: f64) {
        const INDENT: f64 = 14.0;
        let mut b = block(
            self.m,
            text,
            style,
            self.x + INDENT,
            self.y,
            self.width - INDENT,
        );
        b.bullet = true;
        self.y += b.rect.h + gap_after;
        if !b.lines.is_empty() {
            self.texts.push(b);
        }
    }
}

/// Lays out a validated map.
pub fn layout(map: &Map, m: &TextMeasurer) -> Layout {
    // Columns first: they fix the grid's width, which the header then fills.
    let mut columns = Vec::new();
    let grid_x = MARGIN + LABEL_WIDTH;
    let mut x = grid_x;
    // Performance: touchpoints grouped by stage in one pass, in document order, as
    // `map.touchpoints_in(stage)` lists them; asking it for every stage scanned all
    // touchpoints once per stage (stages × touchpoints). Each stage's columns are
    // contiguous; `stage_columns` keeps their range for the headers below.
    let mut by_stage: Vec<Vec<TouchpointId>> = vec![Vec::new(); map.stages.len()];
    for touchpoint in map.touchpoint_ids() {
        if let Some(list) = by_stage.get_mut(map.touchpoint(touchpoint).stage.index()) {
            list.push(touchpoint);
        }
    }
    let mut stage_columns = Vec::with_capacity(map.stages.len());
    for (index, touchpoints) in by_stage.into_iter().enumerate() {
        let stage = StageId::from_index(index);
        let first_column = columns.len();
        let mut any = false;
        for touchpoint in touchpoints {
            columns.push(Column {
                x,
                width: COLUMN_WIDTH,
                stage,
                touchpoint: Some(touchpoint),
            });
            x += COLUMN_WIDTH;
            any = true;
        }
        if !any {
            columns.push(Column {
                x,
                width: COLUMN_WIDTH,
                stage,
                touchpoint: None,
            });
            x += COLUMN_WIDTH;
        }
        stage_columns.push(first_column..columns.len());
    }
    let grid_right = x;
    let width = (grid_right + MARGIN).max(PERSONA_WIDTH * 3.0 + GAP * 4.0 + 2.0 * MARGIN);
    let content_width = width - 2.0 * MARGIN;

    // The lens: title, scenario, persona cards.
    let mut y = MARGIN;
    let title = block(m, &map.title, TextStyle::Title, MARGIN, y, content_width);
    y += title.rect.h + 8.0;
    let scenario = map.scenario.as_ref().map(|s| {
        let b = block(
            m,
            s,
            TextStyle::Scenario,
            MARGIN,
            y,
            content_width.min(900.0),
        );
        y += b.rect.h;
        b
    });
    y += 20.0;
    let (personas, personas_bottom) = layout_personas(map, m, y, content_width);
    y = personas_bottom + 28.0;

    // Stage headers.
    let header_top = y;
    let mut stages = Vec::new();
    let mut header_height: f64 = 0.0;
    for (index, stage) in map.stages.iter().enumerate() {
        let id = StageId::from_index(index);
        let cols = stage_columns
            .get(index)
            .and_then(|range| columns.get(range.clone()))
            .unwrap_or_default();
        let (Some(first), Some(last)) = (cols.first(), cols.last()) else {
            continue;
        };
        let rect = Rect {
            x: first.x,
            y: header_top,
            w: last.x + last.width - first.x,
            h: 0.0,
        };
        let inner = rect.w - 2.0 * (GUTTER + PAD);
        let mut stack = Stack::new(m, rect.x + GUTTER + PAD, header_top + 12.0, inner);
        stack.push(&stage.name, TextStyle::StageName, 2.0);
        if let Some(goal) = &stage.goal {
            stack.push(&format!("Goal: {goal}"), TextStyle::Small, 0.0);
        }
        header_height = header_height.max(stack.y - header_top + 12.0);
        let mut texts = stack.texts.into_iter();
        let name = texts
            .next()
            .unwrap_or_else(|| block(m, "", TextStyle::StageName, rect.x, rect.y, inner));
        stages.push(StageHeader {
            stage: id,
            rect,
            name,
            goal: texts.next(),
        });
    }
    for stage in &mut stages {
        stage.rect.h = header_height;
    }
    y = header_top + header_height + GAP;

    // Lanes, in their fixed order, skipping lanes no touchpoint uses.
    let mut lanes = Vec::new();
    let mut curve = None;
    for kind in LaneKind::ALL {
        if !lane_used(map, kind) {
            continue;
        }
        let top = y;
        let (cards, height) = if kind == LaneKind::Emotions {
            let plot = Rect {
                x: grid_x,
                y: top + 28.0,
                w: grid_right - grid_x,
                h: CURVE_HEIGHT - 56.0,
            };
            curve = Some(layout_curve(map, &columns, plot));
            (Vec::new(), CURVE_HEIGHT)
        } else {
            layout_lane_cards(map, m, kind, &columns, top)
        };
        let label = block(
            m,
            kind.label(),
            TextStyle::LaneLabel,
            MARGIN + PAD,
            top + PAD,
            LABEL_WIDTH - 2.0 * PAD,
        );
        let height = height.max(label.rect.h + 2.0 * PAD);
        lanes.push(Lane {
            kind,
            rect: Rect {
                x: MARGIN,
                y: top,
                w: grid_right - MARGIN,
                h: height,
            },
            label,
            cards,
        });
        y = top + height + GAP;
    }
    let grid = Rect {
        x: MARGIN,
        y: header_top,
        w: grid_right - MARGIN,
        h: y - GAP - header_top,
    };

    let legend = curve.as_ref().map(|_| {
        let legend = layout_legend(map, m, y + 16.0, content_width);
        y = legend.rect.bottom();
        legend
    });

    Layout {
        width,
        height: y + MARGIN,
        title,
        scenario,
        personas,
        grid,
        columns,
        stages,
        lanes,
        curve,
        legend,
    }
}

fn lane_used(map: &Map, kind: LaneKind) -> bool {
    let any = |f: &dyn Fn(&crate::model::Touchpoint) -> bool| map.touchpoints.iter().any(f);
    match kind {
        LaneKind::Touchpoints => true,
        LaneKind::Actions => any(&|t| !t.actions.is_empty()),
        LaneKind::Thoughts => any(&|t| !t.thoughts.is_empty()),
        LaneKind::Emotions => any(&|t| !t.emotions.is_empty()),
        LaneKind::PainPoints => any(&|t| !t.pain_points.is_empty()),
        LaneKind::Opportunities => any(&|t| !t.opportunities.is_empty()),
        LaneKind::Metrics => any(&|t| !t.metrics.is_empty() || t.owner.is_some()),
    }
}

fn layout_personas(
    map: &Map,
    m: &TextMeasurer,
    top: f64,
    content_width: f64,
) -> (Vec<PersonaCard>, f64) {
    if map.implicit_persona {
        return (Vec::new(), top - 20.0);
    }
    let per_row = ((content_width + GAP) / (PERSONA_WIDTH + GAP))
        .floor()
        .max(1.0) as usize;
    let mut cards: Vec<PersonaCard> = Vec::new();
    let mut row_top = top;
    for (row_index, row) in map.personas.chunks(per_row).enumerate() {
        let first_index = row_index * per_row;
        let mut row_cards = Vec::new();
        for (i, persona) in row.iter().enumerate() {
            let x = MARGIN + i as f64 * (PERSONA_WIDTH + GAP);
            let inner = PERSONA_WIDTH - 2.0 * PAD - 4.0;
            let tx = x + PAD + 4.0;
            let key = Rect {
                x: tx,
                y: row_top + PAD,
                w: 56.0,
                h: 22.0,
            };
            let name_x = key.right() + 8.0;
            let mut stack = Stack::new(m, name_x, row_top + PAD, x + PERSONA_WIDTH - PAD - name_x);
            stack.push(&persona.name, TextStyle::PersonaName, 0.0);
            if let Some(role) = &persona.role {
                stack.push(role, TextStyle::Small, 0.0);
            }
            let y_after_head = stack.y.max(key.bottom()) + 8.0;
            let mut texts = stack.texts;
            let mut stack = Stack::new(m, tx, y_after_head, inner);
            if let Some(quote) = &persona.quote {
                stack.push(&format!("“{quote}”"), TextStyle::Body, 8.0);
            }
            if let Some(description) = &persona.description {
                stack.push(description, TextStyle::Small, 8.0);
            }
            for (heading, items) in [
                ("Goals", &persona.goals),
                ("Frustrations", &persona.frustrations),
            ] {
                if items.is_empty() {
                    continue;
                }
                stack.push(heading, TextStyle::SmallBold, 2.0);
                for item in items {
                    stack.bullet(item, TextStyle::Small, 2.0);
                }
                stack.y += 6.0;
            }
            let bottom = stack.y + PAD - 6.0;
            texts.extend(stack.texts);
            row_cards.push(PersonaCard {
                persona: crate::model::PersonaId::from_index(first_index + i),
                rect: Rect {
                    x,
                    y: row_top,
                    w: PERSONA_WIDTH,
                    h: bottom - row_top,
                },
                key,
                texts,
            });
        }
        // Cards in one row share a height.
        let row_height = row_cards.iter().map(|c| c.rect.h).fold(0.0, f64::max);
        for card in &mut row_cards {
            card.rect.h = row_height;
        }
        row_top += row_height + GAP;
        cards.extend(row_cards);
    }
    (cards, row_top - GAP)
}

/// Cards of one lane: slot `k` of every column shares one height, so cards line up.
fn layout_lane_cards(
    map: &Map,
    m: &TextMeasurer,
    kind: LaneKind,
    columns: &[Column],
    top: f64,
) -> (Vec<Card>, f64) {
    let card_width = COLUMN_WIDTH - 2.0 * GUTTER;
    let inner = card_width - 2.0 * PAD;
    // First pass: each column's cards laid out at y = 0, with their natural heights.
    let mut per_column: Vec<Vec<Card>> = Vec::with_capacity(columns.len());
    for column in columns {
        let Some(id) = column.touchpoint else {
            per_column.push(Vec::new());
            continue;
        };
        let tp = map.touchpoint(id);
        let x = column.x + GUTTER;
        let tx = x + PAD;
        let card = |kind: CardKind, build: &dyn Fn(&mut Stack)| {
            let mut stack = Stack::new(m, tx, PAD, inner);
            build(&mut stack);
            Card {
                rect: Rect {
                    x,
                    y: 0.0,
                    w: card_width,
                    h: stack.y + PAD,
                },
                kind,
                badge: None,
                texts: stack.texts,
            }
        };
        let icon_card = |kind: CardKind, text: &str| {
            const ICON: f64 = 22.0;
            let b = block(m, text, TextStyle::Body, tx + ICON, PAD, inner - ICON);
            let h = (b.rect.h + 2.0 * PAD).max(ICON + 2.0 * PAD - 4.0);
            Card {
                rect: Rect {
                    x,
                    y: 0.0,
                    w: card_width,
                    h,
                },
                kind,
                badge: None,
                texts: vec![b],
            }
        };
        let cards = match kind {
            LaneKind::Touchpoints => {
                let mut stack = Stack::new(m, tx, PAD, inner);
                let badge = tp.channel.map(|channel| {
                    let name = &map.channel(channel).name;
                    const ICON: f64 = 16.0;
                    let label = block(
                        m,
                        name,
                        TextStyle::Caption,
                        tx + ICON + 10.0,
                        PAD + 3.0,
                        inner - ICON - 16.0,
                    );
                    let label_width = label
                        .lines
                        .iter()
                        .map(|l| m.width(l, TextStyle::Caption.size(), Weight::Regular))
                        .fold(0.0, f64::max);
                    let rect = Rect {
                        x: tx,
                        y: PAD,
                        w: label_width + ICON + 18.0,
                        h: label.rect.h + 6.0,
                    };
                    stack.y = rect.bottom() + 8.0;
                    Badge {
                        rect,
                        channel,
                        label,
                    }
                });
                stack.push(&tp.name, TextStyle::CardTitle, 4.0);
                if let Some(description) = &tp.description {
                    stack.push(description, TextStyle::Small, 4.0);
                }
                if let Some(who) = map.audience_note(tp) {
                    stack.push(&who, TextStyle::Caption, 0.0);
                }
                let mut card = Card {
                    rect: Rect {
                        x,
                        y: 0.0,
                        w: card_width,
                        h: stack.y + PAD - 4.0,
                    },
                    kind: CardKind::Touchpoint,
                    badge,
                    texts: stack.texts,
                };
                card.rect.h = card.rect.h.max(60.0);
                vec![card]
            }
            LaneKind::Actions if !tp.actions.is_empty() => {
                vec![card(CardKind::Actions, &|s: &mut Stack| {
                    for action in &tp.actions {
                        s.bullet(action, TextStyle::Body, 3.0);
                    }
                    s.y -= 3.0;
                })]
            }
            LaneKind::Thoughts => tp
                .thoughts
                .iter()
                .map(|t| {
                    card(CardKind::Thought, &|s: &mut Stack| {
                        s.push(&format!("“{t}”"), TextStyle::Body, 0.0)
                    })
                })
                .collect(),
            LaneKind::PainPoints => tp
                .pain_points
                .iter()
                .map(|t| icon_card(CardKind::PainPoint, t))
                .collect(),
            LaneKind::Opportunities => tp
                .opportunities
                .iter()
                .map(|t| icon_card(CardKind::Opportunity, t))
                .collect(),
            LaneKind::Metrics if !tp.metrics.is_empty() || tp.owner.is_some() => {
                vec![card(CardKind::Metrics, &|s: &mut Stack| {
                    for (name, value) in &tp.metrics {
                        s.push(
                            &format!("{}: {value}", name.replace('_', " ")),
                            TextStyle::Small,
                            2.0,
                        );
                    }
                    if let Some(owner) = &tp.owner {
                        s.push(&format!("Owner: {owner}"), TextStyle::SmallBold, 0.0);
                    }
                })]
            }
            _ => Vec::new(),
        };
        per_column.push(cards);
    }
    // Second pass: slot heights shared across the row, then place.
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
        for (k, mut card) in cards.into_iter().enumerate() {
            let dy = y - card.rect.y;
            card.rect.y = y;
            card.rect.h = slot_heights[k];
            if let Some(badge) = &mut card.badge {
                badge.rect.y += dy;
                badge.label.rect.y += dy;
            }
            for t in &mut card.texts {
                t.rect.y += dy;
            }
            y += slot_heights[k] + GAP;
            placed.push(card);
        }
    }
    let height = slot_heights.iter().map(|h| h + GAP).sum::<f64>() + GAP;
    (placed, height)
}

fn layout_curve(map: &Map, columns: &[Column], plot: Rect) -> CurveLayout {
    let scale = map.scale;
    let y_of = |score: f64| plot.y + (1.0 - scale.fraction(score)) * plot.h;
    let column_of: Vec<Option<&Column>> = {
        let mut by_touchpoint = vec![None; map.touchpoints.len()];
        for column in columns {
            if let Some(t) = column.touchpoint {
                by_touchpoint[t.index()] = Some(column);
            }
        }
        by_touchpoint
    };
    let scored_personas = map.paths.iter().filter(|p| !p.scores.is_empty()).count();
    let mut curves = Vec::new();
    let mut slot = 0usize;
    for path in &map.paths {
        if path.scores.is_empty() {
            continue;
        }
        // Personas sit side by side within a column so equal scores do not hide each other.
        let offset = (slot as f64 - (scored_personas as f64 - 1.0) / 2.0)
            * (FACE_RADIUS * 1.6).min(60.0 / scored_personas as f64);
        slot += 1;
        let points: Vec<CurvePoint> = path
            .scores
            .iter()
            .filter_map(|&(t, score)| {
                let column = column_of[t.index()]?;
                Some(CurvePoint {
                    at: Point {
                        x: column.center() + offset,
                        y: y_of(score),
                    },
                    touchpoint: t,
                    score,
                    mood: scale.fraction(score),
                })
            })
            .collect();
        let xy: Vec<Point> = points.iter().map(|p| p.at).collect();
        let segments = curve::increasing_runs(&xy)
            .into_iter()
            .map(curve::monotone_cubic)
            .collect();
        let index_of = |t: TouchpointId| points.iter().position(|p| p.touchpoint == t);
        curves.push(PersonaCurve {
            persona: path.persona,
            lowest: path.lowest().and_then(|(t, _)| index_of(t)),
            steepest_fall: path
                .steepest_fall()
                .and_then(|(a, b, _)| Some((index_of(a)?, index_of(b)?))),
            points,
            segments,
        });
    }
    let format = |v: f64| crate::render::num(v);
    let ticks = [scale.max, scale.midpoint(), scale.min]
        .iter()
        .map(|&v| (y_of(v), format(v)))
        .collect();
    CurveLayout {
        plot,
        neutral_y: y_of(scale.midpoint()),
        ticks,
        curves,
    }
}

fn layout_legend(map: &Map, m: &TextMeasurer, top: f64, content_width: f64) -> Legend {
    let title = block(
        m,
        "How to read the emotion curve",
        TextStyle::SmallBold,
        MARGIN,
        top,
        content_width,
    );
    let row = top + title.rect.h + 10.0;
    let mut x = MARGIN;
    let mut y = row;
    let mut personas = Vec::new();
    let shown: Vec<PersonaId> = map
        .paths
        .iter()
        .filter(|p| !p.scores.is_empty())
        .map(|p| p.persona)
        .collect();
    for persona in shown {
        let name = &map.persona(persona).name;
        let label_width = m
            .width(name, TextStyle::Small.size(), Weight::Regular)
            .min(260.0)
            + 2.0;
        if x + 70.0 + label_width > MARGIN + content_width && x > MARGIN {
            x = MARGIN;
            y += 30.0;
        }
        let key = Rect {
            x,
            y,
            w: 60.0,
            h: 22.0,
        };
        let label = block(m, name, TextStyle::Small, x + 68.0, y + 2.0, label_width);
        y += (label.rect.h - 22.0).max(0.0);
        x += 68.0 + label_width + 24.0;
        personas.push(LegendEntry {
            persona,
            key,
            label,
        });
    }
    let y = y + 36.0;
    let mut texts = Vec::new();
    let mut faces = Vec::new();
    let mut x = MARGIN;
    for (mood, text) in [(0.0, "Low"), (0.5, "Neutral"), (1.0, "High")] {
        faces.push((
            Point {
                x: x + FACE_RADIUS,
                y: y + 11.0,
            },
            mood,
        ));
        let w = m.width(text, TextStyle::Small.size(), Weight::Regular) + 2.0;
        texts.push(block(
            m,
            text,
            TextStyle::Small,
            x + 2.0 * FACE_RADIUS + 6.0,
            y + 2.0,
            w,
        ));
        x += 2.0 * FACE_RADIUS + 6.0 + w + 18.0;
    }
    x += 12.0;
    let lowest_key = Point {
        x: x + FACE_RADIUS + 4.0,
        y: y + 11.0,
    };
    let text = "Lowest point";
    let w = m.width(text, TextStyle::Small.size(), Weight::Regular) + 2.0;
    texts.push(block(
        m,
        text,
        TextStyle::Small,
        x + 2.0 * FACE_RADIUS + 14.0,
        y + 2.0,
        w,
    ));
    x += 2.0 * FACE_RADIUS + 14.0 + w + 30.0;
    let fall_key = Rect {
        x,
        y: y + 2.0,
        w: 40.0,
        h: 18.0,
    };
    let text = "Steepest fall";
    let w = m.width(text, TextStyle::Small.size(), Weight::Regular) + 2.0;
    texts.push(block(m, text, TextStyle::Small, x + 48.0, y + 2.0, w));
    Legend {
        rect: Rect {
            x: MARGIN,
            y: top,
            w: content_width,
            h: y + 24.0 - top,
        },
        title,
        personas,
        faces,
        texts,
        lowest_key,
        fall_key,
    }
}
