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
    /// Drawn with a bullet in the space left of `rect.x` (right of the rect for
    /// right-to-left text).
    pub bullet: bool,
    /// Each line's offset from `rect.x`, for a right-to-left paragraph (its
    /// first letter Arabic, Hebrew, ...), whose lines end at the rect's right
    /// edge as they would in a page set right to left; empty for other text,
    /// whose lines start at `rect.x`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub line_offsets: Vec<f64>,
}

impl TextBlock {
    /// Each line with the point where its baseline starts.
    pub fn baselines(&self) -> impl Iterator<Item = (Point, &str)> + '_ {
        let lh = self.style.line_height();
        self.lines.iter().enumerate().map(move |(i, line)| {
            let top = self.rect.y + lh * i as f64;
            let at = Point {
                x: self.rect.x + self.line_offsets.get(i).copied().unwrap_or(0.0),
                y: top + self.style.baseline(),
            };
            (at, line.as_str())
        })
    }
    /// Whether the block reads right to left ([`TextBlock::line_offsets`]).
    pub fn right_to_left(&self) -> bool {
        !self.line_offsets.is_empty()
    }

    /// The block for text that belongs beside what is placed at its left (a
    /// badge's icon, persona dots): a right-to-left block's box shrinks to its
    /// widest line, so its lines end next to that, not at the far right of the
    /// room it was given. A left-to-right block already starts there.
    pub(super) fn beside_its_start(mut self, m: &TextMeasurer) -> TextBlock {
        if !self.right_to_left() {
            return self;
        }
        let (size, weight) = (self.style.size(), self.style.weight());
        let widths: Vec<f64> = self
            .lines
            .iter()
            .map(|l| m.width(l, size, weight))
            .collect();
        let widest = widths.iter().copied().fold(0.0, f64::max).min(self.rect.w);
        self.rect.w = widest;
        self.line_offsets = widths.iter().map(|w| (widest - w).max(0.0)).collect();
        self
    }
    /// Centre of the bullet before the first line, if the block has one: left of
    /// the rect, or right of it for right-to-left text.
    pub fn bullet_at(&self) -> Option<Point> {
        let (first, _) = self.baselines().next().filter(|_| self.bullet)?;
        let x = if self.right_to_left() {
            self.rect.x + self.rect.w + BULLET_GAP
        } else {
            self.rect.x - BULLET_GAP
        };
        Some(Point {
            x,
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
    let line_offsets = if reads_right_to_left(text) {
        lines
            .iter()
            .map(|line| (width - m.width(line, style.size(), style.weight())).max(0.0))
            .collect()
    } else {
        Vec::new()
    };
    TextBlock {
        rect: Rect { x, y, w: width, h },
        style,
        lines,
        bullet: false,
        line_offsets,
    }
}

/// Whether `text` is a right-to-left paragraph: its first strong letter is
/// Arabic, Hebrew or another right-to-left script (as `dir="auto"` decides in
/// HTML). Text without letters reads left to right.
fn reads_right_to_left(text: &str) -> bool {
    unicode_bidi::get_base_direction(text) == unicode_bidi::Direction::Rtl
}

/// From a bullet's centre to the text beside it.
const BULLET_GAP: f64 = 8.0;

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
    /// A bulleted item: the bullet in an indent before the text, on the right
    /// for right-to-left text.
    pub(super) fn bullet(&mut self, text: &str, style: TextStyle, gap_after: f64) {
        const INDENT: f64 = 14.0;
        let x = if reads_right_to_left(text) {
            self.x
        } else {
            self.x + INDENT
        };
        let mut b = block(self.m, text, style, x, self.y, self.width - INDENT);
        b.bullet = true;
        self.y += b.rect.h + gap_after;
        if !b.lines.is_empty() {
            self.texts.push(b);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// A right-to-left paragraph ends each line at the right edge of its box
    /// and puts a list's bullet on the right; other text starts at the left.
    #[test]
    fn right_to_left_paragraphs_are_set_from_the_right() {
        let m = TextMeasurer::shared();
        let mut stack = Stack::new(m, 100.0, 0.0, 200.0);
        stack.bullet(
            "تنتظر رسالة التأكيد التي قد تستغرق يومين كاملين",
            TextStyle::Body,
            3.0,
        );
        stack.bullet("Reads the FAQ in English", TextStyle::Body, 3.0);
        stack.push("\"שלום\" עולם", TextStyle::Body, 3.0);
        stack.push("123 — ok", TextStyle::Body, 3.0);
        let [arabic, english, hebrew, neutral] = &stack.texts[..] else {
            panic!("four blocks");
        };

        assert!(arabic.right_to_left() && arabic.lines.len() >= 2);
        assert_eq!((arabic.rect.x, arabic.rect.w), (100.0, 186.0));
        for (i, (at, line)) in arabic.baselines().enumerate() {
            let width = m.width(line, TextStyle::Body.size(), TextStyle::Body.weight());
            let end = at.x + width;
            assert!((end - 286.0).abs() < 1e-9, "line {i} ends at {end}");
            assert!(at.x >= arabic.rect.x, "line {i} starts in the box");
        }
        let bullet = arabic.bullet_at().unwrap();
        assert_eq!(bullet.x, 294.0, "right of the text, in the indent");

        assert!(!english.right_to_left());
        assert_eq!(english.rect.x, 114.0);
        assert_eq!(english.bullet_at().unwrap().x, 106.0);
        assert!(english.baselines().all(|(at, _)| at.x == 114.0));

        // The first letter decides, as `dir="auto"` does; text without letters
        // reads left to right.
        assert!(hebrew.right_to_left());
        assert!(!neutral.right_to_left());
        assert!(neutral.baselines().all(|(at, _)| at.x == 100.0));
    }
}
