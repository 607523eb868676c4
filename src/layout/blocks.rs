//! Text blocks: the typographic roles, wrapped text placed in a box, and the `Stack`
//! that piles blocks top-down inside a card so the card's height follows its text.

use serde::Serialize;

use super::geometry::{Point, Rect};
use super::text::{TextMeasurer, Weight};

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
    /// Each line with the point where its baseline starts.
    pub fn baselines(&self) -> impl Iterator<Item = (Point, &str)> + '_ {
        let lh = self.style.line_height();
        self.lines.iter().enumerate().map(move |(i, line)| {
            let top = self.rect.y + lh * i as f64;
            let at = Point {
                x: self.rect.x,
                y: top + self.style.baseline(),
            };
            (at, line.as_str())
        })
    }
    /// Centre of the bullet before the first line, if the block has one.
    pub fn bullet_at(&self) -> Option<Point> {
        let (first, _) = self.baselines().next().filter(|_| self.bullet)?;
        Some(Point {
            x: first.x - 8.0,
            y: first.y - self.style.size() * 0.32,
        })
    }
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

/// Lays text out at (x, y) within `width`, wrapped with the bundled font's metrics.
pub(super) fn block(
    m: &TextMeasurer,
    text: &str,
    style: TextStyle,
    x: f64,
    y: f64,
    width: f64,
) -> TextBlock {
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
pub(super) struct Stack<'m> {
    m: &'m TextMeasurer,
    x: f64,
    pub(super) y: f64,
    width: f64,
    pub(super) texts: Vec<TextBlock>,
}

impl<'m> Stack<'m> {
    pub(super) fn new(m: &'m TextMeasurer, x: f64, y: f64, width: f64) -> Self {
        Stack {
            m,
            x,
            y,
            width,
            texts: Vec::new(),
        }
    }
    pub(super) fn push(&mut self, text: &str, style: TextStyle, gap_after: f64) {
        let b = block(self.m, text, style, self.x, self.y, self.width);
        self.y += b.rect.h + gap_after;
        if !b.lines.is_empty() {
            self.texts.push(b);
        }
    }
    pub(super) fn bullet(&mut self, text: &str, style: TextStyle, gap_after: f64) {
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
