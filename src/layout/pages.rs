//! Paper pages for wide maps: the page plan, computed once from a [`Layout`] and
//! drawn by both the PDF and the HTML page's print view, so the two agree.
//!
//! A map is one picture, often many times wider than any paper. Zooming it onto one
//! sheet makes its text unreadable, so the plan cuts it instead, only where nothing
//! is cut through: between stages when a stage fits on a page, else between
//! touchpoints (columns); and, when the lanes are taller than a page, between lanes.
//! The service blueprint's lanes are lanes like the journey's, below them: a
//! blueprint lane carries the labelled lines drawn above it, so a line is never
//! parted from the level it opens. Every page repeats the lane labels (with the emotion scale's ticks) at its left
//! and the headers of its stages at its top, re-wrapped to the part of each stage it
//! shows. The lens (title, scenario, personas) opens the first page and the legend
//! closes the last, each laid out again for the paper's width.
//!
//! A page is a list of [`Viewport`]s: rectangles of a drawing (the map's own
//! coordinates) placed on the page, so a renderer draws what it always draws and
//! clips it, and no geometry is copied or shifted here. All lengths are CSS px of
//! the map; [`PagePlan::scale`] turns them into paper px. The scale is 1 unless the
//! lanes then fit a page and a small shrink keeps the smallest text at
//! [`MIN_TEXT_PT`]; it goes lower only when something that cannot be cut (a lane, a
//! persona card, a title, a stage's header or the legend) is taller than a page at
//! that size, in a hostile map.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::columns::{Columns, StageHeader, place_stage_headers};
use super::curve::CurveLayout;
use super::geometry::{COLUMN_WIDTH, GAP, LABEL_WIDTH, MARGIN, Rect};
use super::legend::{Legend, place_legend};
use super::lens::{Lens, place_lens};
use super::text::{TextMeasurer, Weight};
use super::{Layout, TextStyle};
use crate::model::Map;

/// CSS px per millimetre (a CSS px is 1/96 inch).
pub const PX_PER_MM: f64 = 96.0 / 25.4;
/// PDF points per CSS px (a point is 1/72 inch).
pub const PT_PER_PX: f64 = 0.75;
/// White space around each page's content, in millimetres.
pub const PAPER_MARGIN_MM: f64 = 10.0;
/// No text on paper is smaller than this, in points, unless a lane or persona card
/// alone is taller than a page.
pub const MIN_TEXT_PT: f64 = 8.0;
/// Height of the running foot under each page's content (title and page number).
pub const FOOT_HEIGHT: f64 = 26.0;
/// Font size of the running foot, in CSS px of the map.
pub const FOOT_TEXT_SIZE: f64 = 12.0;
/// The box of a theme's logo in the header of each page, at its top right:
/// width and height in CSS px of the map. The logo is scaled to fit inside.
pub const PAGE_LOGO_BOX: (f64, f64) = (140.0, 28.0);
/// Height of the header above each page's content when the map has a logo: the
/// logo's box and a gap, so the logo never overlaps the title or anything else.
pub const HEAD_HEIGHT: f64 = PAGE_LOGO_BOX.1 + 12.0;
/// Space between the lens or the legend and the grid on a page.
const BLOCK_GAP: f64 = 24.0;

/// A sheet's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PaperSize {
    A4,
    #[default]
    A3,
    Letter,
    Tabloid,
}

impl PaperSize {
    pub const ALL: [PaperSize; 4] = [
        PaperSize::A4,
        PaperSize::A3,
        PaperSize::Letter,
        PaperSize::Tabloid,
    ];

    /// The name on the command line and in CSS `@page { size }`.
    pub fn name(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::A3 => "a3",
            PaperSize::Letter => "letter",
            PaperSize::Tabloid => "tabloid",
        }
    }

    /// The size in words, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            PaperSize::A4 => "210 × 297 mm",
            PaperSize::A3 => "297 × 420 mm",
            PaperSize::Letter => "8.5 × 11 in",
            PaperSize::Tabloid => "11 × 17 in",
        }
    }

    /// Width and height standing upright, in millimetres.
    pub fn portrait_mm(self) -> (f64, f64) {
        match self {
            PaperSize::A4 => (210.0, 297.0),
            PaperSize::A3 => (297.0, 420.0),
            PaperSize::Letter => (215.9, 279.4),
            PaperSize::Tabloid => (279.4, 431.8),
        }
    }
}

impl FromStr for PaperSize {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        PaperSize::ALL
            .into_iter()
            .find(|size| size.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown paper size `{text}`; use a4, a3, letter or tabloid"))
    }
}

/// Which way a sheet is turned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Landscape,
    Portrait,
}

impl Orientation {
    pub const ALL: [Orientation; 2] = [Orientation::Landscape, Orientation::Portrait];

    pub fn name(self) -> &'static str {
        match self {
            Orientation::Landscape => "landscape",
            Orientation::Portrait => "portrait",
        }
    }

    /// Which way it is turned, in words, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Orientation::Landscape => "wider than tall",
            Orientation::Portrait => "taller than wide",
        }
    }
}

impl FromStr for Orientation {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        Orientation::ALL
            .into_iter()
            .find(|o| o.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| format!("unknown orientation `{text}`; use landscape or portrait"))
    }
}

/// The paper a map is printed on: A3 landscape unless chosen otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Paper {
    pub size: PaperSize,
    pub orientation: Orientation,
}

impl Paper {
    /// Width and height as printed, in millimetres.
    pub fn mm(self) -> (f64, f64) {
        let (short, long) = self.size.portrait_mm();
        match self.orientation {
            Orientation::Portrait => (short, long),
            Orientation::Landscape => (long, short),
        }
    }

    /// Width and height as printed, in CSS px.
    pub fn px(self) -> (f64, f64) {
        let (w, h) = self.mm();
        (w * PX_PER_MM, h * PX_PER_MM)
    }
}

/// "a3 landscape", as `Paper::from_str` reads it back.
impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} {}", self.size.name(), self.orientation.name())
    }
}

/// `a4`, `A4 portrait`, `a4-portrait` or `letter_landscape`; the orientation is
/// landscape when left out.
impl FromStr for Paper {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let mut words = text.split([' ', '-', '_']).filter(|w| !w.is_empty());
        let size = words.next().unwrap_or_default().parse()?;
        let orientation = match words.next() {
            Some(word) => word.parse()?,
            None => Orientation::default(),
        };
        if let Some(extra) = words.next() {
            return Err(format!(
                "unexpected `{extra}` in the paper `{text}`; write a size and an orientation, such as `a4 portrait`"
            ));
        }
        Ok(Paper { size, orientation })
    }
}

/// What a viewport shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// The lens of [`PagePlan::lens`].
    Lens,
    /// These stage headers, placed for this page's columns from y = 0.
    StageHeaders(Vec<StageHeader>),
    /// The label column of the page's lanes (with the emotion scale's ticks) and
    /// blueprint lanes (with their roles, owners and lines' names).
    LaneLabels,
    /// The page's lanes: stage bands, cards and, on this page's columns, the curve;
    /// then its blueprint lanes, with their lines and cards.
    Lanes,
    /// The legend of [`PagePlan::legend`].
    Legend,
}

/// A rectangle of a drawing, shown with its top-left corner at `at` on the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Viewport {
    pub part: Part,
    /// In the drawing's own coordinates.
    pub source: Rect,
    /// Top-left corner on the page, in map px from the content's corner.
    pub x: f64,
    pub y: f64,
}

/// One sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// From 1.
    pub number: usize,
    pub viewports: Vec<Viewport>,
    /// The layout's columns (touchpoints) on this page; empty on a page without
    /// the grid.
    pub columns: Range<usize>,
    /// The layout's lanes on this page.
    pub lanes: Range<usize>,
    /// The blueprint's lanes on this page (indices into its `lanes`), each with
    /// the lines drawn above it.
    pub blueprint_lanes: Range<usize>,
    /// The curve's points and pieces near this page's columns, when the emotions
    /// lane is on it.
    pub curve: Option<CurveLayout>,
}

/// Every page of a map on one paper.
#[derive(Clone, Debug)]
pub struct PagePlan {
    pub paper: Paper,
    /// Paper px per map px.
    pub scale: f64,
    /// The content area of every page (inside the margins, below the header and
    /// above the running foot), in map px.
    pub width: f64,
    pub height: f64,
    /// The header above the content, in map px: [`HEAD_HEIGHT`] for a map with a
    /// logo (drawn there on every page), else 0.
    pub head: f64,
    /// The lens and the legend, laid out for the page's width.
    pub lens: Lens,
    pub legend: Option<Legend>,
    /// The map's title as the running foot shows it: one line, cut with "…".
    pub foot_title: String,
    pub pages: Vec<Page>,
}

impl PagePlan {
    /// The paper margin in paper px.
    pub fn margin(&self) -> f64 {
        PAPER_MARGIN_MM * PX_PER_MM
    }

    /// The smallest text size in the plan, in points on paper.
    pub fn smallest_text_pt(&self) -> f64 {
        smallest_text_px() * self.scale * PT_PER_PX
    }
}

/// The smallest font size a map uses, in CSS px.
fn smallest_text_px() -> f64 {
    TextStyle::Caption.size().min(FOOT_TEXT_SIZE)
}

/// A horizontal slice of a drawing that no cut may pass through.
#[derive(Clone, Copy, Debug)]
struct Slab {
    top: f64,
    bottom: f64,
}

impl Slab {
    fn height(self) -> f64 {
        self.bottom - self.top
    }
}

/// Plans the pages of `layout` (laid out from `map`) on `paper`.
pub fn plan(map: &Map, m: &TextMeasurer, layout: &Layout, paper: Paper) -> PagePlan {
    let (paper_w, paper_h) = paper.px();
    let margin = PAPER_MARGIN_MM * PX_PER_MM;
    let (print_w, print_h) = (paper_w - 2.0 * margin, paper_h - 2.0 * margin);
    let min_scale = MIN_TEXT_PT / PT_PER_PX / smallest_text_px();
    // The header (with a logo) and the running foot take their room on every page.
    let head = if map.theme.logo.is_some() {
        HEAD_HEIGHT
    } else {
        0.0
    };
    let chrome = head + FOOT_HEIGHT;
    let room = |scale: f64| (print_w / scale, print_h / scale - chrome);

    let header_height = layout.stages.first().map_or(0.0, |s| s.rect.h);
    // The journey's lanes, then the blueprint's: one row each, cut only between.
    // The flow strip under the touchpoints lane goes with that lane.
    let mut lane_slabs: Vec<Slab> = layout
        .lanes
        .iter()
        .map(|lane| {
            let strip = layout
                .flow
                .as_ref()
                .filter(|_| lane.kind == super::LaneKind::Touchpoints);
            Slab {
                top: lane.rect.y - GAP / 2.0,
                bottom: strip.map_or(lane.rect.bottom(), |s| s.rect.bottom()) + GAP / 2.0,
            }
        })
        .collect();
    let journey_lanes = lane_slabs.len();
    lane_slabs.extend(blueprint_slabs(layout));
    let lanes_height: f64 = lane_slabs.iter().map(|s| s.height()).sum();
    // Scale 1 when the lanes fit, or shrink to fit them while the text stays
    // readable; a cut between lanes is better than smaller text.
    let whole_grid = header_height + lanes_height;
    let mut scale = 1.0_f64;
    if whole_grid > room(1.0).1 {
        let fit = print_h / (whole_grid + chrome);
        if fit >= min_scale {
            scale = fit;
        }
    }
    // Stage headers re-wrapped to a narrow page may grow: allow them half again.
    let tallest_lane = lane_slabs.iter().map(|s| s.height()).fold(0.0, f64::max);
    let lens_probe = place_lens(map, m, room(scale).0);
    let tallest_persona_row = persona_rows(&lens_probe)
        .iter()
        .map(|s| s.height())
        .fold(0.0, f64::max);
    let tallest = (header_height * 1.5 + tallest_lane).max(tallest_persona_row);
    if tallest > room(scale).1 {
        scale = print_h / (tallest + chrome);
    }
    let (width, mut height) = room(scale);

    let lens = if (scale - 1.0).abs() < f64::EPSILON {
        lens_probe
    } else {
        place_lens(map, m, width)
    };
    let legend = layout
        .legend
        .as_ref()
        .map(|_| place_legend(map, m, MARGIN, width));

    let mut pages: Vec<Page> = Vec::new();
    let mut y = 0.0;
    // The lens first, cut between persona rows when it is taller than a page.
    let mut lens_slabs = vec![Slab {
        top: MARGIN,
        bottom: lens.personas.first().map_or(lens.bottom, |c| c.rect.y),
    }];
    lens_slabs.extend(persona_rows(&lens));
    for slab in pack(&lens_slabs, height) {
        if !pages.is_empty() || y > 0.0 {
            pages.push(Page::empty());
            y = 0.0;
        }
        let page = last_page(&mut pages);
        page.viewports.push(Viewport {
            part: Part::Lens,
            source: Rect {
                x: MARGIN,
                y: slab.top,
                w: width,
                h: slab.height(),
            },
            x: 0.0,
            y,
        });
        y += slab.height();
    }

    // The legend explains the curve before it is read: beside the lens when it
    // fits there, else at the end.
    let mut legend_placed = false;
    if let Some(legend) = &legend
        && !pages.is_empty()
        && y + BLOCK_GAP + legend.rect.h <= height
    {
        y += BLOCK_GAP;
        last_page(&mut pages)
            .viewports
            .push(legend_viewport(legend, width, y));
        y += legend.rect.h;
        legend_placed = true;
    }

    for columns in column_groups(layout, width) {
        let (Some(first), Some(last)) = (
            layout.columns.get(columns.start),
            layout.columns.get(columns.end.saturating_sub(1)),
        ) else {
            continue;
        };
        let (x0, x1) = (first.x, last.x + last.width);
        let headers = headers_for(map, m, layout, columns.clone());
        let header_height = headers.first().map_or(0.0, |h| h.rect.h);
        let room_for_lanes = height - header_height;
        for band in pack_ranges(&lane_slabs, room_for_lanes) {
            let band_height: f64 = lane_slabs[band.clone()].iter().map(|s| s.height()).sum();
            let needed = header_height + band_height;
            let starts_page = pages.is_empty() || y + BLOCK_GAP + needed > height;
            if starts_page {
                pages.push(Page::empty());
                y = 0.0;
            } else if y > 0.0 {
                y += BLOCK_GAP;
            }
            let page = last_page(&mut pages);
            let (top, bottom) = (lane_slabs[band.start].top, lane_slabs[band.end - 1].bottom);
            page.viewports.push(Viewport {
                part: Part::StageHeaders(headers.clone()),
                source: Rect {
                    x: x0,
                    y: 0.0,
                    w: x1 - x0,
                    h: header_height,
                },
                x: LABEL_WIDTH,
                y,
            });
            let lanes_at = y + header_height;
            page.viewports.push(Viewport {
                part: Part::LaneLabels,
                source: Rect {
                    x: MARGIN,
                    y: top,
                    w: LABEL_WIDTH,
                    h: bottom - top,
                },
                x: 0.0,
                y: lanes_at,
            });
            page.viewports.push(Viewport {
                part: Part::Lanes,
                source: Rect {
                    x: x0,
                    y: top,
                    w: x1 - x0,
                    h: bottom - top,
                },
                x: LABEL_WIDTH,
                y: lanes_at,
            });
            page.columns = columns.clone();
            page.lanes = band.start.min(journey_lanes)..band.end.min(journey_lanes);
            page.blueprint_lanes =
                band.start.saturating_sub(journey_lanes)..band.end.saturating_sub(journey_lanes);
            let has_curve = layout.lanes[page.lanes.clone()]
                .iter()
                .any(|l| l.kind == super::LaneKind::Emotions);
            page.curve = layout
                .curve
                .as_ref()
                .filter(|_| has_curve)
                .map(|c| curve_within(c, x0, x1));
            y = lanes_at + bottom - top;
        }
        // The next column group starts a new page.
        y = height + 1.0;
    }

    if let Some(legend) = legend.as_ref().filter(|_| !legend_placed) {
        if pages.is_empty() || y + BLOCK_GAP + legend.rect.h > height {
            pages.push(Page::empty());
            y = 0.0;
        } else {
            y += BLOCK_GAP;
        }
        last_page(&mut pages)
            .viewports
            .push(legend_viewport(legend, width, y));
    }
    for (i, page) in pages.iter_mut().enumerate() {
        page.number = i + 1;
    }
    // What no cut can make shorter (a title, a stage's goal or a legend taller
    // than the page, in a hostile map) shrinks every page until it fits; the
    // content keeps the width it was laid out for.
    let tallest_page = pages
        .iter()
        .flat_map(|p| &p.viewports)
        .map(|v| v.y + v.source.h)
        .fold(0.0, f64::max);
    if tallest_page > height {
        scale = print_h / (tallest_page + chrome);
        height = room(scale).1;
    }
    PagePlan {
        paper,
        scale,
        width,
        height,
        head,
        lens,
        legend,
        foot_title: foot_title(m, &map.title, width),
        pages,
    }
}

/// The title on one line of the running foot, leaving room for the page number.
fn foot_title(m: &TextMeasurer, title: &str, width: f64) -> String {
    let room = (width - 120.0).max(COLUMN_WIDTH);
    let mut lines = m
        .wrap(title, room, FOOT_TEXT_SIZE, Weight::Regular)
        .into_iter();
    let first = lines.next().unwrap_or_default();
    if lines.next().is_some() {
        format!("{}…", first.trim_end())
    } else {
        first
    }
}

/// The legend, shown at `y` across the page's `width`.
fn legend_viewport(legend: &Legend, width: f64, y: f64) -> Viewport {
    Viewport {
        part: Part::Legend,
        source: Rect {
            x: MARGIN,
            y: legend.rect.y,
            w: width,
            h: legend.rect.h,
        },
        x: 0.0,
        y,
    }
}

impl Page {
    fn empty() -> Page {
        Page {
            number: 0,
            viewports: Vec::new(),
            columns: 0..0,
            lanes: 0..0,
            blueprint_lanes: 0..0,
            curve: None,
        }
    }
}

fn last_page(pages: &mut Vec<Page>) -> &mut Page {
    if pages.is_empty() {
        pages.push(Page::empty());
    }
    let last = pages.len() - 1;
    &mut pages[last]
}

/// The blueprint's lanes as rows, each from the first of the lines drawn right
/// above it (or its own top) to its bottom, with half the gap either side as the
/// journey's lanes have; none for a map without blueprint lanes.
fn blueprint_slabs(layout: &Layout) -> Vec<Slab> {
    let Some(blueprint) = &layout.blueprint else {
        return Vec::new();
    };
    blueprint
        .lanes
        .iter()
        .enumerate()
        .map(|(i, lane)| Slab {
            top: blueprint
                .lines_above(i)
                .map(|l| l.band.y)
                .fold(lane.rect.y, f64::min)
                - GAP / 2.0,
            bottom: lane.rect.bottom() + GAP / 2.0,
        })
        .collect()
}

/// The rows of persona cards, each from its top to its bottom plus the gap below.
fn persona_rows(lens: &Lens) -> Vec<Slab> {
    let mut rows: Vec<Slab> = Vec::new();
    for card in &lens.personas {
        match rows.last_mut() {
            Some(row) if (row.top - card.rect.y).abs() < 1e-6 => {
                row.bottom = row.bottom.max(card.rect.bottom() + GAP);
            }
            _ => rows.push(Slab {
                top: card.rect.y,
                bottom: card.rect.bottom() + GAP,
            }),
        }
    }
    rows
}

/// Consecutive slabs packed greedily into pieces at most `height` tall (a slab
/// taller than that gets a piece of its own); each piece as one slab.
fn pack(slabs: &[Slab], height: f64) -> Vec<Slab> {
    pack_ranges(slabs, height)
        .into_iter()
        .map(|range| Slab {
            top: slabs[range.start].top,
            bottom: slabs[range.end - 1].bottom,
        })
        .collect()
}

/// [`pack`], as ranges of indices into `slabs`.
fn pack_ranges(slabs: &[Slab], height: f64) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (i, slab) in slabs.iter().enumerate() {
        if i > start && used + slab.height() > height + 1e-6 {
            ranges.push(start..i);
            start = i;
            used = 0.0;
        }
        used += slab.height();
    }
    if start < slabs.len() {
        ranges.push(start..slabs.len());
    }
    ranges
}

/// How full a page must be before the next stage, which does not fit beside what it
/// holds, starts a new page rather than filling this one's columns.
const FULL_ENOUGH: f64 = 0.75;

/// The columns of each page, left to right: whole stages while they fit; a stage
/// that does not fit on a page already [`FULL_ENOUGH`] is cut between its
/// touchpoints and continues on the next page.
fn column_groups(layout: &Layout, width: f64) -> Vec<Range<usize>> {
    let per_page = (((width - LABEL_WIDTH) / COLUMN_WIDTH).floor() as usize).max(1);
    // Each stage's columns, which are contiguous.
    let mut stages: Vec<Range<usize>> = Vec::new();
    for (i, column) in layout.columns.iter().enumerate() {
        match stages.last_mut() {
            Some(range) if layout.columns[range.start].stage == column.stage => range.end = i + 1,
            _ => stages.push(i..i + 1),
        }
    }
    let mut groups: Vec<Range<usize>> = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for stage in stages {
        let open = current.as_ref().map_or(0, |c| c.len());
        if open + stage.len() <= per_page {
            current = Some(current.map_or(stage.clone(), |c| c.start..stage.end));
            continue;
        }
        // The stage does not fit beside what the page holds: fill the page if it
        // is far from full, then a new page; a stage wider than a page takes pages
        // of its own, the last one shared.
        let mut start = stage.start;
        if let Some(open_group) = current.take() {
            if (open as f64) < FULL_ENOUGH * per_page as f64 {
                start += per_page - open;
                groups.push(open_group.start..start);
            } else {
                groups.push(open_group);
            }
        }
        while stage.end - start > per_page {
            groups.push(start..start + per_page);
            start += per_page;
        }
        current = Some(start..stage.end);
    }
    groups.extend(current);
    groups
}

/// Stage headers for the columns `range`, placed from y = 0 and wrapped to the
/// part of each stage those columns hold.
fn headers_for(
    map: &Map,
    m: &TextMeasurer,
    layout: &Layout,
    range: Range<usize>,
) -> Vec<StageHeader> {
    let range_start = range.start;
    let list = layout.columns[range].to_vec();
    let mut of_stage = vec![0..0; map.stages.len()];
    for (i, column) in list.iter().enumerate() {
        if let Some(slot) = of_stage.get_mut(column.stage.index()) {
            *slot = if slot.end == 0 {
                i..i + 1
            } else {
                slot.start..i + 1
            };
        }
    }
    let (left, right) = match (list.first(), list.last()) {
        (Some(first), Some(last)) => (first.x, last.x + last.width),
        _ => (0.0, 0.0),
    };
    let columns = Columns {
        list,
        of_stage,
        left,
        right,
    };
    // The first stage began on an earlier page when the column before is its too.
    let continued = columns.list.first().map(|c| c.stage).filter(|&stage| {
        range_start
            .checked_sub(1)
            .and_then(|i| layout.columns.get(i))
            .is_some_and(|before| before.stage == stage)
    });
    place_stage_headers(map, m, &columns, 0.0, continued).0
}

/// The curve's points within `x0..x1` and the pieces that pass through it.
fn curve_within(curve: &CurveLayout, x0: f64, x1: f64) -> CurveLayout {
    let mut within = curve.clone();
    // The future's curves and, with a future state, the current state's faint ones.
    for persona in within.curves.iter_mut().chain(within.current.iter_mut()) {
        let lowest = persona
            .lowest
            .and_then(|i| persona.points.get(i))
            .map(|p| p.touchpoint);
        persona.points.retain(|p| p.at.x >= x0 && p.at.x <= x1);
        persona.lowest = lowest.and_then(|t| persona.points.iter().position(|p| p.touchpoint == t));
        for piece in &mut persona.segments {
            piece.retain(|c| c.from.x.max(c.to.x) >= x0 && c.from.x.min(c.to.x) <= x1);
        }
        persona.segments.retain(|piece| !piece.is_empty());
        persona.steepest_fall = persona
            .steepest_fall
            .filter(|fall| fall.from.x.max(fall.to.x) >= x0 && fall.from.x.min(fall.to.x) <= x1);
    }
    within
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn paper_reads_size_and_orientation() {
        assert_eq!(Paper::from_str("a3"), Ok(Paper::default()));
        assert_eq!(
            "A4 portrait".parse(),
            Ok(Paper {
                size: PaperSize::A4,
                orientation: Orientation::Portrait
            })
        );
        assert_eq!(
            "letter-landscape".parse::<Paper>().map(|p| p.to_string()),
            Ok("letter landscape".to_owned())
        );
        let error = "a5".parse::<Paper>().unwrap_err();
        assert!(error.contains("unknown paper size `a5`"), "{error}");
        let error = "a4 sideways".parse::<Paper>().unwrap_err();
        assert!(error.contains("unknown orientation `sideways`"), "{error}");
        assert!("a4 portrait tall".parse::<Paper>().is_err());
        let (w, h) = "tabloid portrait"
            .parse::<Paper>()
            .map(Paper::mm)
            .unwrap_or_default();
        assert_eq!((w, h), (279.4, 431.8));
    }

    fn slabs(heights: &[f64]) -> Vec<Slab> {
        let mut top = 0.0;
        heights
            .iter()
            .map(|h| {
                let slab = Slab {
                    top,
                    bottom: top + h,
                };
                top += h;
                slab
            })
            .collect()
    }

    #[test]
    fn packing_never_cuts_a_slab_and_keeps_every_one() {
        assert_eq!(
            pack_ranges(&slabs(&[40.0, 50.0, 30.0, 200.0, 10.0]), 100.0),
            vec![0..2, 2..3, 3..4, 4..5]
        );
        assert_eq!(pack_ranges(&slabs(&[]), 100.0), Vec::<Range<usize>>::new());
        assert_eq!(
            pack_ranges(&slabs(&[100.0, 100.0]), 100.0),
            vec![0..1, 1..2]
        );
    }
}
