//! The emotion curve's geometry: the plot in the emotions lane, one point per scored
//! touchpoint for each persona, and monotone cubic segments through those points.
//!
//! A plain spline overshoots: between a 5 and a 5 it bulges above the scale's top.
//! Fritsch–Carlson tangents keep every segment between its two end values, so the
//! curve never leaves the scale and never invents a dip the data does not have.
//!
//! On a map with data, each survey point's "n=" label is put where it overlaps no
//! face, whisker, hollow mark or other label: personas sit side by side in a column,
//! so the first place tried (under the point) is often another persona's face.

use serde::Serialize;

use super::columns::Column;
pub use super::geometry::Point;
use super::geometry::{FACE_RADIUS, Line, Rect};
use super::text::{TextMeasurer, Weight};
use super::wording;
use crate::model::{Map, PersonaId, PersonaPath, Scale, ScoreSource, TouchpointId};

/// A point of the emotion curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "persona")]
    pub persona_key: String,
    #[serde(skip)]
    pub touchpoint: TouchpointId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "touchpoint")]
    pub touchpoint_key: String,
    pub at: Point,
    pub score: f64,
    /// 0 for the scale's bottom, 1 for its top: what the face shows.
    pub mood: f64,
    /// What stands behind the score, on a map with data or evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backing: Option<PointBacking>,
}

/// What stands behind a point of a map with data or evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PointBacking {
    /// Typed by hand with no evidence: its stretches of the curve are drawn dotted.
    pub assumed: bool,
    /// Survey responses behind the score, and where "n=..." sits (the middle of
    /// its baseline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses: Option<(u64, Point)>,
    /// The box the "n=..." label covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses_box: Option<Rect>,
    /// The 95% confidence interval of a survey score, as a vertical line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whisker: Option<Line>,
}

/// A persona whose survey responses at a touchpoint are too few for a score: a
/// hollow mark on the neutral line, labelled, instead of a point on the curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TooFewMark {
    #[serde(rename = "persona")]
    pub persona_key: String,
    #[serde(rename = "touchpoint")]
    pub touchpoint_key: String,
    pub at: Point,
    pub n: u64,
    /// Where the label's left end sits on its baseline.
    pub label_at: Point,
    /// The box the label covers.
    pub label_box: Rect,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaCurve {
    #[serde(skip)]
    pub persona: PersonaId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "persona")]
    pub persona_key: String,
    pub points: Vec<CurvePoint>,
    /// Smooth pieces; a loop back to an earlier column starts a new piece.
    pub segments: Vec<Vec<Cubic>>,
    /// Index into `points` of the lowest score.
    pub lowest: Option<usize>,
    /// The steepest fall, from one point to the next, when it runs left to right (a
    /// fall across a loop back to an earlier column is not marked).
    pub steepest_fall: Option<Line>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurveLayout {
    /// The plotting area: top is the scale's max, bottom its min.
    pub plot: Rect,
    /// The tinted bands above and below the neutral line, a little taller than the plot.
    pub high_band: Rect,
    pub low_band: Rect,
    /// The dashed line at the scale's midpoint.
    pub neutral: Line,
    /// The scale's top, midpoint and bottom.
    pub ticks: Vec<Tick>,
    pub curves: Vec<PersonaCurve>,
    /// With a future state: the current state's curves, drawn faintly under the
    /// future's in `curves`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub current: Vec<PersonaCurve>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub too_few: Vec<TooFewMark>,
}

/// A value on the scale, labelled left of the plot. Layout keeps the number; the
/// renderer decides how it reads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tick {
    pub value: f64,
    /// Where the value sits on the scale.
    pub y: f64,
    /// Where the label's right end sits on its baseline.
    pub label_at: Point,
}

/// Every scored persona's curve in `plot`, each point at its touchpoint's column.
pub(super) fn place_curve(
    map: &Map,
    m: &TextMeasurer,
    columns: &[Column],
    plot: Rect,
) -> CurveLayout {
    let scale = PlottedScale {
        plot,
        scale: map.scale,
    };
    let mut column_of: Vec<Option<&Column>> = vec![None; map.touchpoints.len()];
    for column in columns {
        if let Some(t) = column.touchpoint {
            column_of[t.index()] = Some(column);
        }
    }
    let curves_of = |paths: &[PersonaPath]| -> Vec<PersonaCurve> {
        let scored: Vec<&PersonaPath> = paths.iter().filter(|p| !p.scores.is_empty()).collect();
        scored
            .iter()
            .enumerate()
            .map(|(slot, path)| {
                // Personas sit side by side within a column so equal scores do not hide each other.
                let offset = (slot as f64 - (scored.len() as f64 - 1.0) / 2.0)
                    * (FACE_RADIUS * 1.6).min(60.0 / scored.len() as f64);
                let persona_key = &map.persona(path.persona).key;
                let points = path
                    .scores
                    .iter()
                    .filter_map(|&(t, score)| {
                        let x = column_of[t.index()]?.center() + offset;
                        Some(scale.point(map, persona_key, t, score, x))
                    })
                    .collect();
                persona_curve(path, persona_key, points)
            })
            .collect()
    };
    let mut layout = scale.around(curves_of(&map.paths));
    layout.current = current_paths(map).map_or_else(Vec::new, |paths| curves_of(&paths));
    let neutral = layout.neutral.from.y;
    for t in map.touchpoint_ids() {
        let touchpoint = map.touchpoint(t);
        let Some(column) = column_of[t.index()] else {
            continue;
        };
        for (slot, &(persona, n)) in touchpoint.too_few.iter().enumerate() {
            let at = Point {
                x: column.center() - 40.0,
                y: neutral + 16.0 * slot as f64,
            };
            let label_at = Point {
                x: at.x + 9.0,
                y: at.y + 4.0,
            };
            let label = too_few_label(&map.persona(persona).name, &map.labels, n);
            layout.too_few.push(TooFewMark {
                persona_key: map.persona(persona).key.clone(),
                touchpoint_key: touchpoint.key.clone(),
                at,
                n,
                label_at,
                label_box: label_box(m, &label, label_at.x, label_at.y),
            });
        }
    }
    place_response_labels(&mut layout, m);
    layout
}

/// For a map drawn as a future state, the current map's paths with their steps
/// named by the drawn map's touchpoints (the same ids), for the faint curve.
fn current_paths(map: &Map) -> Option<Vec<PersonaPath>> {
    let current = map.current.as_ref().filter(|_| !map.changes.is_empty())?;
    let drawn: std::collections::BTreeMap<&str, TouchpointId> = map
        .touchpoint_ids()
        .map(|t| (map.touchpoint(t).key.as_str(), t))
        .collect();
    let to_drawn = |t: TouchpointId| drawn.get(current.touchpoint(t).key.as_str()).copied();
    Some(
        current
            .paths
            .iter()
            .map(|path| PersonaPath {
                persona: path.persona,
                steps: path.steps.iter().filter_map(|&t| to_drawn(t)).collect(),
                scores: path
                    .scores
                    .iter()
                    .filter_map(|&(t, score)| Some((to_drawn(t)?, score)))
                    .collect(),
            })
            .collect(),
    )
}

/// Size of the curve's small labels ("n=212", "too few").
pub const LABEL_SIZE: f64 = 10.0;

/// The words beside a hollow "too few" mark.
pub fn too_few_label(persona_name: &str, labels: &crate::i18n::Labels, n: u64) -> String {
    format!("{persona_name}: {}", wording::too_few(labels, n))
}

/// The box a label of [`LABEL_SIZE`] covers, starting at `x` on baseline `baseline`.
fn label_box(m: &TextMeasurer, text: &str, x: f64, baseline: f64) -> Rect {
    Rect {
        x,
        y: baseline - LABEL_SIZE,
        w: m.width(text, LABEL_SIZE, Weight::Regular),
        h: LABEL_SIZE * 1.3,
    }
}

/// The box a face covers.
pub fn face_box(at: Point) -> Rect {
    Rect {
        x: at.x - FACE_RADIUS,
        y: at.y - FACE_RADIUS,
        w: 2.0 * FACE_RADIUS,
        h: 2.0 * FACE_RADIUS,
    }
}

/// The box a whisker and its caps cover.
pub fn whisker_box(whisker: Line) -> Rect {
    Rect {
        x: whisker.from.x - 4.0,
        y: whisker.from.y.min(whisker.to.y),
        w: 8.0,
        h: (whisker.to.y - whisker.from.y).abs(),
    }
}

/// Puts each "n=" label at the first place near its point that overlaps no face,
/// whisker, hollow mark or label placed before it, staying within the lane: under
/// the point, over it, right of it, left of it, then further under and over. When
/// none is free (a crowd of points) it stays under the point.
fn place_response_labels(layout: &mut CurveLayout, m: &TextMeasurer) {
    let mut taken: Vec<Rect> = Vec::new();
    for point in layout.curves.iter().flat_map(|c| &c.points) {
        taken.push(face_box(point.at));
        if let Some(whisker) = point.backing.as_ref().and_then(|b| b.whisker) {
            taken.push(whisker_box(whisker));
        }
    }
    for mark in &layout.too_few {
        taken.push(face_box(mark.at));
        taken.push(mark.label_box);
    }
    let (top, bottom) = (layout.high_band.y, layout.low_band.bottom());
    for point in layout.curves.iter_mut().flat_map(|c| &mut c.points) {
        let at = point.at;
        let Some(backing) = point.backing.as_mut() else {
            continue;
        };
        let Some((n, _)) = backing.responses else {
            continue;
        };
        let text = wording::responses(n);
        let w = m.width(&text, LABEL_SIZE, Weight::Regular);
        let below = at.y + FACE_RADIUS + 13.0;
        let above = at.y - FACE_RADIUS - 5.0;
        let mut candidates = vec![
            (at.x, below),
            (at.x, above),
            (at.x + FACE_RADIUS + 4.0 + w / 2.0, at.y + 4.0),
            (at.x - FACE_RADIUS - 4.0 - w / 2.0, at.y + 4.0),
        ];
        for step in 1..=4 {
            let step = f64::from(step) * 13.0;
            candidates.push((at.x, below + step));
            candidates.push((at.x, above - step));
        }
        let boxed = |&(x, baseline): &(f64, f64)| {
            (
                Point { x, y: baseline },
                label_box(m, &text, x - w / 2.0, baseline),
            )
        };
        let (label_at, label) = candidates
            .iter()
            .map(boxed)
            .find(|(_, b)| {
                b.y >= top && b.bottom() <= bottom && !taken.iter().any(|t| t.overlaps(b))
            })
            .unwrap_or_else(|| boxed(&candidates[0]));
        taken.push(label);
        backing.responses = Some((n, label_at));
        backing.responses_box = Some(label);
    }
}

/// The scale drawn into the plot: top is its max, bottom its min.
struct PlottedScale {
    plot: Rect,
    scale: Scale,
}

impl PlottedScale {
    fn y_of(&self, score: f64) -> f64 {
        self.plot.y + (1.0 - self.scale.fraction(score)) * self.plot.h
    }

    /// A persona's point for `score` at touchpoint `t`, at x.
    fn point(
        &self,
        map: &Map,
        persona_key: &str,
        t: TouchpointId,
        score: f64,
        x: f64,
    ) -> CurvePoint {
        let at = Point {
            x,
            y: self.y_of(score),
        };
        let touchpoint = map.touchpoint(t);
        let backing = map.backing.as_ref().map(|_| {
            let source = map
                .persona_by_key(persona_key)
                .and_then(|p| touchpoint.emotions.iter().position(|(q, _)| *q == p))
                .and_then(|i| touchpoint.sources.get(i).copied())
                .unwrap_or(ScoreSource::Assumed);
            match source {
                ScoreSource::Survey { n, low, high } => PointBacking {
                    assumed: false,
                    // Placed by `place_response_labels` once every mark is known.
                    responses: Some((n, at)),
                    responses_box: None,
                    whisker: Some(Line {
                        from: Point {
                            x,
                            y: self.y_of(high),
                        },
                        to: Point {
                            x,
                            y: self.y_of(low),
                        },
                    }),
                },
                ScoreSource::Evidence => PointBacking {
                    assumed: false,
                    responses: None,
                    responses_box: None,
                    whisker: None,
                },
                ScoreSource::Assumed => PointBacking {
                    assumed: true,
                    responses: None,
                    responses_box: None,
                    whisker: None,
                },
            }
        });
        CurvePoint {
            persona_key: persona_key.to_owned(),
            touchpoint_key: touchpoint.key.clone(),
            at,
            touchpoint: t,
            score,
            mood: self.scale.fraction(score),
            backing,
        }
    }

    /// The curve lane around `curves`: bands, neutral line and ticks.
    fn around(&self, curves: Vec<PersonaCurve>) -> CurveLayout {
        let (plot, scale) = (self.plot, self.scale);
        let ticks = [scale.max, scale.midpoint(), scale.min]
            .iter()
            .map(|&value| {
                let y = self.y_of(value);
                Tick {
                    value,
                    y,
                    label_at: Point {
                        x: plot.x - 12.0,
                        y: y + 4.0,
                    },
                }
            })
            .collect();
        let neutral_y = self.y_of(scale.midpoint());
        let half = plot.h / 2.0;
        CurveLayout {
            plot,
            high_band: Rect {
                y: plot.y - 14.0,
                h: half + 14.0,
                ..plot
            },
            low_band: Rect {
                y: plot.y + half,
                h: half + 14.0,
                ..plot
            },
            neutral: Line::horizontal(neutral_y, plot.x, plot.right()),
            ticks,
            curves,
            current: Vec::new(),
            too_few: Vec::new(),
        }
    }
}

/// A persona's curve through its placed points, with its moments that matter.
fn persona_curve(path: &PersonaPath, persona_key: &str, points: Vec<CurvePoint>) -> PersonaCurve {
    let xy: Vec<Point> = points.iter().map(|p| p.at).collect();
    let segments = increasing_runs(&xy)
        .into_iter()
        .map(monotone_cubic)
        .collect();
    let index_of = |t: TouchpointId| points.iter().position(|p| p.touchpoint == t);
    PersonaCurve {
        persona: path.persona,
        persona_key: persona_key.to_owned(),
        lowest: path.lowest().and_then(|(t, _)| index_of(t)),
        steepest_fall: path.steepest_fall().and_then(|(a, b, _)| {
            let from = points.get(index_of(a)?)?.at;
            let to = points.get(index_of(b)?)?.at;
            (to.x > from.x).then_some(Line { from, to })
        }),
        points,
        segments,
    }
}

/// One cubic Bézier segment: start, two control points, end.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Cubic {
    pub from: Point,
    pub c1: Point,
    pub c2: Point,
    pub to: Point,
}

/// Monotone cubic segments through `points`, whose x must strictly increase.
pub fn monotone_cubic(points: &[Point]) -> Vec<Cubic> {
    let n = points.len();
    if n < 2 {
        return Vec::new();
    }
    let secants: Vec<f64> = points
        .windows(2)
        .map(|w| (w[1].y - w[0].y) / (w[1].x - w[0].x))
        .collect();
    let mut tangents = vec![0.0; n];
    tangents[0] = secants[0];
    tangents[n - 1] = secants[n - 2];
    for i in 1..n - 1 {
        tangents[i] = if secants[i - 1] * secants[i] <= 0.0 {
            0.0
        } else {
            (secants[i - 1] + secants[i]) / 2.0
        };
    }
    // Fritsch–Carlson: limit tangents so that each segment stays monotone.
    for i in 0..n - 1 {
        if secants[i] == 0.0 {
            tangents[i] = 0.0;
            tangents[i + 1] = 0.0;
            continue;
        }
        let a = tangents[i] / secants[i];
        let b = tangents[i + 1] / secants[i];
        let s = a * a + b * b;
        if s > 9.0 {
            let t = 3.0 / s.sqrt();
            tangents[i] = t * a * secants[i];
            tangents[i + 1] = t * b * secants[i];
        }
    }
    points
        .windows(2)
        .zip(tangents.windows(2))
        .map(|(p, m)| {
            let h = (p[1].x - p[0].x) / 3.0;
            Cubic {
                from: p[0],
                c1: Point {
                    x: p[0].x + h,
                    y: p[0].y + m[0] * h,
                },
                c2: Point {
                    x: p[1].x - h,
                    y: p[1].y - m[1] * h,
                },
                to: p[1],
            }
        })
        .collect()
}

/// Splits a path's points into runs whose x strictly increases; a step back
/// (a loop to an earlier touchpoint) starts a new run.
pub fn increasing_runs(points: &[Point]) -> Vec<&[Point]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i].x <= points[i - 1].x {
            runs.push(&points[start..i]);
            start = i;
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// Samples a cubic at t.
    fn at(c: &Cubic, t: f64) -> Point {
        let u = 1.0 - t;
        let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
        p(
            w[0] * c.from.x + w[1] * c.c1.x + w[2] * c.c2.x + w[3] * c.to.x,
            w[0] * c.from.y + w[1] * c.c1.y + w[2] * c.c2.y + w[3] * c.to.y,
        )
    }

    #[test]
    fn never_leaves_the_range_of_its_end_points() {
        let points = [
            p(0.0, 10.0),
            p(50.0, 10.0),
            p(60.0, 90.0),
            p(200.0, 85.0),
            p(210.0, 0.0),
            p(400.0, 100.0),
        ];
        for c in monotone_cubic(&points) {
            let (lo, hi) = (c.from.y.min(c.to.y), c.from.y.max(c.to.y));
            for step in 0..=100 {
                let y = at(&c, f64::from(step) / 100.0).y;
                assert!(y >= lo - 1e-9 && y <= hi + 1e-9, "{y} outside {lo}..{hi}");
            }
        }
    }

    #[test]
    fn passes_through_every_point() {
        let points = [p(0.0, 0.0), p(1.0, 3.0), p(2.0, 1.0)];
        let curve = monotone_cubic(&points);
        assert_eq!(curve.len(), 2);
        assert_eq!(curve[0].from, points[0]);
        assert_eq!(curve[0].to, points[1]);
        assert_eq!(curve[1].to, points[2]);
        assert!(monotone_cubic(&points[..1]).is_empty());
    }

    #[test]
    fn a_loop_back_starts_a_new_run() {
        let points = [p(0.0, 0.0), p(1.0, 0.0), p(0.5, 0.0), p(2.0, 0.0)];
        let runs = increasing_runs(&points);
        assert_eq!(runs.iter().map(|r| r.len()).collect::<Vec<_>>(), vec![2, 2]);
    }
}
