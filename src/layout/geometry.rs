//! The units of every placement: points, rectangles and the fixed measures of a map.
//!
//! All numbers are CSS px, y grows downwards.

use serde::Serialize;

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

/// A point in layout coordinates (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

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

/// A straight line from one point to another.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Line {
    pub from: Point,
    pub to: Point,
}

impl Line {
    /// A line at height `y` from `x1` to `x2`.
    pub fn horizontal(y: f64, x1: f64, x2: f64) -> Line {
        Line {
            from: Point { x: x1, y },
            to: Point { x: x2, y },
        }
    }
    /// A line at `x` from `y1` down to `y2`.
    pub fn vertical(x: f64, y1: f64, y2: f64) -> Line {
        Line {
            from: Point { x, y: y1 },
            to: Point { x, y: y2 },
        }
    }
}

/// A persona's key: a short stretch of its line with a face in the middle.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LineKey {
    pub line: Line,
    pub face: Point,
}

impl LineKey {
    /// The key drawn across the middle of `rect`.
    pub fn across(rect: Rect) -> LineKey {
        let mid = rect.y + rect.h / 2.0;
        LineKey {
            line: Line::horizontal(mid, rect.x, rect.right()),
            face: Point {
                x: rect.x + rect.w / 2.0,
                y: mid,
            },
        }
    }
}
