//! The legend under the grid: one line key per persona on the curve, then the faces
//! and the marks for the lowest point and the steepest fall, and on a map with data
//! the marks that say how much stands behind a score (dotted assumption, interval
//! whisker, n, hollow "too few").

use serde::Serialize;

use super::blocks::{TextBlock, TextStyle, block};
use super::geometry::{FACE_RADIUS, Line, LineKey, MARGIN, Point, Rect};
use super::text::{TextMeasurer, Weight};
use super::wording;
use crate::i18n::{Label, Labels};
use crate::model::{Map, PersonaId};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LegendEntry {
    #[serde(skip)]
    pub persona: PersonaId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "persona")]
    pub persona_key: String,
    pub key: LineKey,
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
    /// Centre of the "lowest point" key's face and ring.
    pub lowest_key: Point,
    /// The short stretch of band that keys the steepest fall.
    pub fall_key: Line,
    /// The keys of a map with data, on a row of their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_keys: Option<DataKeys>,
}

/// Samples of the marks a map with data adds to the curve; their words are in
/// [`Legend::texts`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataKeys {
    /// A dotted stretch: a score typed by hand with no evidence.
    pub assumed: Line,
    /// A whisker with its caps: a survey score's 95% interval.
    pub interval: Line,
    /// Where the sample "n=212" sits (its middle, on its baseline).
    pub responses_at: Point,
    /// The hollow mark of too few responses.
    pub too_few_at: Point,
}

/// The legend from `top`, as wide as the page's content.
pub(super) fn place_legend(map: &Map, m: &TextMeasurer, top: f64, content_width: f64) -> Legend {
    let title = block(
        m,
        map.labels.get(Label::LegendTitle),
        TextStyle::SmallBold,
        MARGIN,
        top,
        content_width,
    );
    let row = top + title.rect.h + 10.0;
    let (personas, row_bottom) = persona_keys(map, m, row, content_width);
    let mut marks = place_marks(m, &map.labels, row_bottom + 36.0);
    if !map.changes.is_empty() {
        let states = block(
            m,
            map.labels.get(Label::StatesKey),
            TextStyle::Small,
            MARGIN,
            marks.bottom + 8.0,
            content_width,
        );
        marks.bottom = states.rect.bottom();
        marks.texts.push(states);
    }
    let data_keys = map.backing.as_ref().map(|_| {
        let (keys, texts, bottom) =
            place_data_keys(m, &map.labels, marks.bottom + 12.0, content_width);
        marks.texts.extend(texts);
        marks.bottom = bottom;
        keys
    });
    Legend {
        rect: Rect {
            x: MARGIN,
            y: top,
            w: content_width,
            h: marks.bottom - top,
        },
        title,
        personas,
        faces: marks.faces,
        texts: marks.texts,
        lowest_key: marks.lowest_key,
        fall_key: marks.fall_key,
        data_keys,
    }
}

/// The row of data keys from `y`, wrapping when the page is narrow: each a sample
/// 40 wide and its words. Returns the keys, their words and the row's bottom.
fn place_data_keys(
    m: &TextMeasurer,
    labels: &Labels,
    y: f64,
    content_width: f64,
) -> (DataKeys, Vec<TextBlock>, f64) {
    let mut texts = Vec::new();
    let (mut x, mut row) = (MARGIN, y);
    let mut samples = Vec::new();
    for text in wording::DATA_KEYS.map(|label| labels.get(label)) {
        let w = small_width(m, text);
        if x + 48.0 + w > MARGIN + content_width && x > MARGIN {
            x = MARGIN;
            row += 30.0;
        }
        samples.push(Rect {
            x,
            y: row,
            w: 40.0,
            h: 22.0,
        });
        texts.push(block(m, text, TextStyle::Small, x + 48.0, row + 2.0, w));
        x += 48.0 + w + 24.0;
    }
    let keys = DataKeys {
        assumed: Line::horizontal(
            samples[0].y + 11.0,
            samples[0].x + 2.0,
            samples[0].right() - 2.0,
        ),
        interval: Line {
            from: Point {
                x: samples[1].x + 20.0,
                y: samples[1].y + 1.0,
            },
            to: Point {
                x: samples[1].x + 20.0,
                y: samples[1].bottom() - 1.0,
            },
        },
        responses_at: Point {
            x: samples[2].x + 20.0,
            y: samples[2].y + 15.0,
        },
        too_few_at: Point {
            x: samples[3].x + 20.0,
            y: samples[3].y + 11.0,
        },
    };
    (keys, texts, row + 24.0)
}

/// Width of a short legend label in the small style, with a little room to spare.
fn small_width(m: &TextMeasurer, text: &str) -> f64 {
    m.width(text, TextStyle::Small.size(), Weight::Regular) + 2.0
}

/// Widest label of a mark; a longer one (a map's own `labels:`) wraps, so the
/// row of marks stays within the narrowest page.
const MAX_MARK_LABEL_WIDTH: f64 = 140.0;

/// Width of a mark's label: its text's, up to [`MAX_MARK_LABEL_WIDTH`].
fn mark_width(m: &TextMeasurer, text: &str) -> f64 {
    small_width(m, text).min(MAX_MARK_LABEL_WIDTH)
}

/// A key and name for every persona on the curve, wrapping to new rows; returns them
/// and the top of their last row.
fn persona_keys(
    map: &Map,
    m: &TextMeasurer,
    top: f64,
    content_width: f64,
) -> (Vec<LegendEntry>, f64) {
    let mut x = MARGIN;
    let mut y = top;
    let mut entries = Vec::new();
    for path in map.paths.iter().filter(|p| !p.scores.is_empty()) {
        let persona = path.persona;
        let name = &map.persona(persona).name;
        let label_width = m
            .width(name, TextStyle::Small.size(), Weight::Regular)
            .min(260.0)
            + 2.0;
        if x + 70.0 + label_width > MARGIN + content_width && x > MARGIN {
            x = MARGIN;
            y += 30.0;
        }
        let key = LineKey::across(Rect {
            x,
            y,
            w: 60.0,
            h: 22.0,
        });
        let label = block(m, name, TextStyle::Small, x + 68.0, y + 2.0, label_width);
        y += (label.rect.h - 22.0).max(0.0);
        x += 68.0 + label_width + 24.0;
        entries.push(LegendEntry {
            persona,
            persona_key: map.persona(persona).key.clone(),
            key,
            label,
        });
    }
    (entries, y)
}

/// The row of marks: three faces, the lowest-point ring and the steepest-fall band.
struct Marks {
    faces: Vec<(Point, f64)>,
    texts: Vec<TextBlock>,
    lowest_key: Point,
    fall_key: Line,
    bottom: f64,
}

fn place_marks(m: &TextMeasurer, labels: &Labels, y: f64) -> Marks {
    let mut texts = Vec::new();
    let mut faces = Vec::new();
    let mut x = MARGIN;
    for (mood, text) in [
        (0.0, labels.get(Label::Low)),
        (0.5, labels.get(Label::Neutral)),
        (1.0, labels.get(Label::High)),
    ] {
        faces.push((
            Point {
                x: x + FACE_RADIUS,
                y: y + 11.0,
            },
            mood,
        ));
        let w = mark_width(m, text);
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
    let text = labels.get(Label::LowestPoint);
    let w = mark_width(m, text);
    texts.push(block(
        m,
        text,
        TextStyle::Small,
        x + 2.0 * FACE_RADIUS + 14.0,
        y + 2.0,
        w,
    ));
    x += 2.0 * FACE_RADIUS + 14.0 + w + 30.0;
    let fall_box = Rect {
        x,
        y: y + 2.0,
        w: 40.0,
        h: 18.0,
    };
    let fall_key = Line {
        from: Point {
            x: fall_box.x + 6.0,
            y: fall_box.y + 4.0,
        },
        to: Point {
            x: fall_box.right() - 6.0,
            y: fall_box.bottom() - 2.0,
        },
    };
    let text = labels.get(Label::SteepestFall);
    let w = mark_width(m, text);
    texts.push(block(m, text, TextStyle::Small, x + 48.0, y + 2.0, w));
    let bottom = texts
        .iter()
        .map(|t| t.rect.bottom())
        .fold(y + 24.0, f64::max);
    Marks {
        faces,
        texts,
        lowest_key,
        fall_key,
        bottom,
    }
}
