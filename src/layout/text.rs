//! Text measurement and line wrapping for layout.
//!
//! Boxes on a journey map are sized before any browser sees the text, so the
//! layout needs to know how wide a label will be when drawn. Each grapheme
//! cluster is measured with the font that draws it ([`crate::fonts`] picks it):
//! text in the bundled Noto Sans by the real horizontal advances (`hmtx`) of its
//! faces, and runs in any other font (CJK, Arabic, Devanagari, emoji, ...) by
//! shaping them with rustybuzz, as resvg does when it draws them, so joined
//! Arabic letters and Devanagari conjuncts measure what they draw. Lines are
//! wrapped at Unicode line-break opportunities (UAX #14) so that every line fits
//! a given width, and [`TextMeasurer::font_runs`] tells the SVG which font draws
//! each piece of a line, in visual (bidi) order.
//!
//! A cluster no font can draw is measured with deliberately generous estimates:
//! 1.0 em for East Asian wide characters, 1.25 em per emoji cluster, 0 for
//! zero-width characters and 0.65 em for anything else. Validation warns about
//! such text (`undrawable-text`).
//!
//! All widths are summed as integer units of the bundled font (1000 per em;
//! other fonts' advances are rounded up to them) and converted to pixels by one
//! shared function, so the width of a line produced by [`TextMeasurer::wrap`] is
//! exactly what [`TextMeasurer::width`] reports for it.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use ttf_parser::Face;
use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

pub use crate::fonts::Weight;
use crate::fonts::{FaceRef, FontSet, is_invisible};

/// The families [`crate::fonts::han_family`] names.
const HAN_FAMILIES: [&str; 5] = [
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
];

/// Characters below this code point (Basic Latin through Latin Extended-B)
/// have their advances precomputed.
const TABLE_LEN: usize = 0x250;

/// Units per em used when a face could not be parsed.
const APPROX_UNITS_PER_EM: u32 = 1000;

/// Marks a char of the table that the bundled face cannot draw.
const NOT_DRAWN: u32 = u32::MAX;

/// Measures and wraps text with the fonts that draw it. Cheap to share (Sync +
/// Send), built once.
pub struct TextMeasurer {
    regular: FaceMetrics,
    bold: FaceMetrics,
    fonts: &'static FontSet,
    /// The family tried first for text the bundled font lacks: the map's Han
    /// variant ([`crate::fonts::han_family`]).
    preferred: Option<&'static str>,
}

// The measurer is shared across threads through `TextMeasurer::shared`.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TextMeasurer>();
};

/// One grapheme cluster of a measured text: its byte range, width in units of
/// the bundled font, and the face that draws it (`None`: no font can).
#[derive(Clone, Copy, Debug)]
struct Cluster {
    start: usize,
    end: usize,
    units: u64,
    face: Option<FaceRef>,
    /// Ends a shaped cluster of several glyphs that each advance (a Devanagari
    /// syllable with its vowel sign, Thai sara am). resvg advances such a
    /// cluster by its widest glyph instead of their sum, so the SVG starts the
    /// text after it at its measured place ([`TextMeasurer::font_runs`]).
    ends_wide_cluster: bool,
}

/// A piece of a line drawn with one font: `text` starts `x` px right of the
/// line's start. A line's runs are in visual order, left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct FontRun<'a> {
    /// The run's text; in a right-to-left stretch, a run without letters has
    /// its paired brackets and quotes mirrored ([`mirrored`]).
    pub text: std::borrow::Cow<'a, str>,
    pub x: f64,
    /// The font family that measured the run; `None` for the bundled font.
    pub family: Option<&'static str>,
}

impl TextMeasurer {
    /// Parses the bundled fonts. Must not panic: if a face fails to parse (it won't), fall back to an approximate per-char width.
    pub fn new() -> Self {
        Self::with_fonts(crate::fonts::shared())
    }

    /// A measurer drawing on `fonts` besides the bundled faces.
    pub fn with_fonts(fonts: &'static FontSet) -> Self {
        Self::from_font_data(crate::fonts::REGULAR_TTF, crate::fonts::BOLD_TTF, fonts)
    }

    /// Builds a measurer from raw font files; a file that does not parse is
    /// replaced by approximate per-character widths.
    fn from_font_data(regular: &[u8], bold: &[u8], fonts: &'static FontSet) -> Self {
        Self {
            regular: FaceMetrics::new(regular, 650),
            bold: FaceMetrics::new(bold, 700),
            fonts,
            preferred: None,
        }
    }

    /// Process-wide shared instance (std::sync::OnceLock).
    pub fn shared() -> &'static TextMeasurer {
        static SHARED: OnceLock<TextMeasurer> = OnceLock::new();
        SHARED.get_or_init(TextMeasurer::new)
    }

    /// The process-wide measurer for a map written in `lang` (BCP 47): the
    /// shared one, except that Han characters take the language's glyphs
    /// (Chinese, Korean and Japanese draw the same code points differently).
    pub fn for_lang(lang: Option<&str>) -> &'static TextMeasurer {
        static BY_HAN_FAMILY: OnceLock<[TextMeasurer; 5]> = OnceLock::new();
        let Some(family) = crate::fonts::han_family(lang) else {
            return Self::shared();
        };
        let measurers = BY_HAN_FAMILY.get_or_init(|| {
            HAN_FAMILIES.map(|family| TextMeasurer {
                preferred: Some(family),
                ..TextMeasurer::new()
            })
        });
        measurers
            .iter()
            .find(|m| m.preferred == Some(family))
            .unwrap_or_else(|| Self::shared())
    }

    /// Width in px of `text` on one line at font size `size` px.
    ///
    /// A size that is negative, NaN or infinite is treated as 0. Tabs and
    /// line feeds measure as a space (they render as one); other control
    /// characters measure 0.
    pub fn width(&self, text: &str, size: f64, weight: Weight) -> f64 {
        let m = self.metrics(weight);
        m.px(self.text_units(text, weight), size)
    }

    /// Wraps `text` into lines no wider than `max_width` px.
    ///
    /// Runs of spaces and tabs collapse into one space; `\n`, `\r\n`, `\r`,
    /// U+0085, U+2028 and U+2029 are hard breaks. A blank line between two
    /// hard breaks is kept as an empty string, but leading and trailing blank
    /// lines are dropped, so whitespace-only input gives no lines. Lines are
    /// broken at UAX #14 opportunities; a word wider than `max_width` is
    /// broken between grapheme clusters. Only a line holding a single
    /// grapheme cluster can be wider than `max_width`. A `max_width` that is
    /// zero, negative or NaN puts each grapheme cluster on its own line.
    pub fn wrap(&self, text: &str, max_width: f64, size: f64, weight: Weight) -> Vec<String> {
        let mut wrapper = Wrapper {
            measurer: self,
            weight,
            metrics: self.metrics(weight),
            size,
            max_width,
            simple: true,
            lines: Vec::new(),
        };
        let mut rest = text;
        loop {
            match rest.char_indices().find(|&(_, c)| is_hard_break(c)) {
                Some((i, c)) => {
                    wrapper.paragraph(&rest[..i]);
                    let mut next = i + c.len_utf8();
                    if c == '\r' && rest[next..].starts_with('\n') {
                        next += 1;
                    }
                    rest = &rest[next..];
                }
                None => {
                    wrapper.paragraph(rest);
                    break;
                }
            }
        }
        let mut lines = wrapper.lines;
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        let leading_blank = lines.iter().take_while(|l| l.is_empty()).count();
        lines.drain(..leading_blank);
        lines
    }

    /// The pieces of `line` drawn by one font each, in visual order, each with
    /// its offset from the line's start at font size `size`; `None` when the
    /// whole line is drawn by the bundled font (then it is drawn as it is).
    ///
    /// Runs are split where the font or the bidi direction changes and after
    /// a shaped cluster of several advancing glyphs (see
    /// `Cluster::ends_wide_cluster`); a space between two clusters of one font
    /// belongs to that font's run, any other to the bundled font. A
    /// right-to-left stretch lists its runs right to left. Spaces at a run's
    /// ends are left out (the offsets keep their room).
    pub fn font_runs<'a>(
        &self,
        line: &'a str,
        size: f64,
        weight: Weight,
    ) -> Option<Vec<FontRun<'a>>> {
        if self.metrics(weight).simple_units(line).is_some() {
            return None;
        }
        let clusters = self.clusters(line, weight);
        let primary = FaceRef::primary(weight);
        if clusters
            .iter()
            .all(|c| c.face.unwrap_or(primary) == primary)
        {
            return None;
        }
        let m = self.metrics(weight);
        let bidi = unicode_bidi::BidiInfo::new(line, None);
        let mut runs = Vec::new();
        let mut x_units = 0u64;
        for paragraph in &bidi.paragraphs {
            let (levels, level_runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for range in level_runs {
                let first = clusters.partition_point(|c| c.start < range.start);
                let last = clusters.partition_point(|c| c.start < range.end);
                let mut pieces = font_pieces(&clusters[first..last], primary);
                let right_to_left = levels.get(range.start).is_some_and(|l| l.is_rtl());
                if right_to_left {
                    pieces.reverse();
                }
                for (start, end, units, face) in pieces {
                    let text = &line[start..end];
                    let trimmed = text.trim_matches(' ');
                    // The spaces drawn before the run: in a right-to-left
                    // stretch, those at the end of its text.
                    let spaces_before = if right_to_left {
                        text.len() - text.trim_end_matches(' ').len()
                    } else {
                        text.len() - text.trim_start_matches(' ').len()
                    };
                    let lead = spaces_before as u64 * m.space_units();
                    if !trimmed.is_empty() {
                        runs.push(FontRun {
                            text: if right_to_left {
                                mirrored(trimmed)
                            } else {
                                std::borrow::Cow::Borrowed(trimmed)
                            },
                            x: m.px(x_units + lead, size),
                            family: (face != primary).then(|| self.fonts.family(face)),
                        });
                    }
                    x_units += units;
                }
            }
        }
        Some(runs)
    }

    fn metrics(&self, weight: Weight) -> &FaceMetrics {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` in units: the sum over its clusters.
    fn text_units(&self, text: &str, weight: Weight) -> u64 {
        match self.metrics(weight).simple_units(text) {
            Some(units) => units,
            None => self.clusters(text, weight).iter().map(|c| c.units).sum(),
        }
    }

    /// The grapheme clusters of `text`, each with the face that draws it and
    /// its width. Runs of clusters in a font other than the bundled one are
    /// shaped whole (up to a space), and each glyph's advance counts for the
    /// cluster it came from, so a run measures its shaped width exactly.
    fn clusters(&self, text: &str, weight: Weight) -> Vec<Cluster> {
        let m = self.metrics(weight);
        let primary = FaceRef::primary(weight);
        let mut clusters: Vec<Cluster> = text
            .grapheme_indices(true)
            .map(|(start, g)| {
                let face = if !m.parsed || m.simple_units(g).is_some() {
                    Some(primary)
                } else {
                    self.fonts.face_preferring(g, weight, self.preferred)
                };
                let units = match face {
                    Some(_) if !m.parsed => m.estimate_units(g),
                    Some(f) if f == primary => g.chars().map(|c| u64::from(m.char_units(c))).sum(),
                    Some(_) => 0,
                    None => m.estimate_units(g),
                };
                Cluster {
                    start,
                    end: start + g.len(),
                    units,
                    face,
                    ends_wide_cluster: false,
                }
            })
            .collect();
        // A space between two clusters of the same other font is that font's
        // space, so words in one script stay one run ("نقاط الألم"); not an
        // emoji font's, which is as wide as an emoji.
        for i in 1..clusters.len().saturating_sub(1) {
            let (before, space, after) = (clusters[i - 1], clusters[i], clusters[i + 1]);
            if &text[space.start..space.end] == " "
                && before.face == after.face
                && let Some(face) = before.face.filter(|&f| f != primary)
                && !self.fonts.is_colour(face)
                && self.fonts.covers(face, ' ')
            {
                clusters[i].face = Some(face);
                clusters[i].units = 0;
            }
        }
        let mut run_start = 0;
        for i in 1..=clusters.len() {
            let run_goes_on = clusters.get(i).is_some_and(|c| {
                c.face == clusters[i - 1].face && c.face.is_some_and(|f| f != primary)
            });
            if !run_goes_on {
                self.shape_run(text, &mut clusters[run_start..i]);
                run_start = i;
            }
        }
        clusters
    }

    /// Sets the widths of `run`, clusters of `text` drawn by one face other than
    /// the bundled one, by shaping them together.
    fn shape_run(&self, text: &str, run: &mut [Cluster]) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let Some(face) = first.face.filter(|f| !f.is_primary()) else {
            return;
        };
        let offset = first.start;
        let piece = &text[offset..last.end];
        let units_per_em = u64::from(self.regular.units_per_em);
        let shaped = self.fonts.shaper(face).map(|font| {
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(piece);
            buffer.guess_segment_properties();
            let output = rustybuzz::shape(font, &[], buffer);
            let mut advances = vec![0i64; run.len()];
            // Glyphs that advance, per shaped cluster (by its first byte).
            let mut advancing: std::collections::BTreeMap<usize, u32> = Default::default();
            for (info, position) in output.glyph_infos().iter().zip(output.glyph_positions()) {
                let at = offset + info.cluster as usize;
                let i = run.partition_point(|c| c.start <= at).saturating_sub(1);
                if let Some(advance) = advances.get_mut(i) {
                    *advance += i64::from(position.x_advance);
                }
                *advancing.entry(at).or_default() += u32::from(position.x_advance != 0);
            }
            let starts: Vec<usize> = advancing.keys().copied().collect();
            for (k, (_, &count)) in advancing.iter().enumerate() {
                if count < 2 {
                    continue;
                }
                let end = starts.get(k + 1).copied().unwrap_or(offset + piece.len());
                let last = run.partition_point(|c| c.start < end).saturating_sub(1);
                if let Some(cluster) = run.get_mut(last) {
                    cluster.ends_wide_cluster = true;
                }
            }
            let font_units_per_em = font.units_per_em().max(1) as u64;
            Some(
                advances
                    .into_iter()
                    .map(|a| (a.max(0) as u64 * units_per_em).div_ceil(font_units_per_em))
                    .collect::<Vec<u64>>(),
            )
        });
        match shaped.flatten() {
            Some(widths) => {
                for (cluster, units) in run.iter_mut().zip(widths) {
                    cluster.units = units;
                }
            }
            None => {
                for cluster in run.iter_mut() {
                    let g = &text[cluster.start..cluster.end];
                    cluster.units = self.regular.estimate_units(g);
                }
            }
        }
    }
}

/// `run`, a piece of a right-to-left stretch, as it must be written for a
/// renderer that lays it out on its own: a run with a right-to-left letter is
/// laid out right to left there too (the renderer reorders and mirrors it
/// itself); a run without one (the `«` or `)` beside Arabic text, drawn in
/// another font) would be laid out left to right, so it is written here in
/// visual order: its grapheme clusters reversed and its paired brackets and
/// quotes swapped, as the bidi algorithm shows them.
fn mirrored(run: &str) -> std::borrow::Cow<'_, str> {
    use unicode_bidi::BidiClass;
    const PAIRS: [(char, char); 13] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('⁽', '⁾'),
        ('₍', '₎'),
        ('≤', '≥'),
        ('⟨', '⟩'),
        ('〈', '〉'),
        ('《', '》'),
    ];
    let mirror = |c: char| {
        PAIRS
            .iter()
            .find_map(|&(open, close)| match c {
                _ if c == open => Some(close),
                _ if c == close => Some(open),
                _ => None,
            })
            .unwrap_or(c)
    };
    let has_rtl_letter = run
        .chars()
        .any(|c| matches!(unicode_bidi::bidi_class(c), BidiClass::R | BidiClass::AL));
    let visual: String = run
        .graphemes(true)
        .rev()
        .flat_map(|g| g.chars().map(mirror))
        .collect();
    if has_rtl_letter || visual == run {
        return std::borrow::Cow::Borrowed(run);
    }
    std::borrow::Cow::Owned(visual)
}

/// Consecutive clusters grouped by face, as `(start, end, units, face)`: a
/// cluster no font draws goes with the bundled face (it is drawn as a box), and
/// a piece ends after a cluster that ends a wide shaped cluster.
fn font_pieces(clusters: &[Cluster], primary: FaceRef) -> Vec<(usize, usize, u64, FaceRef)> {
    let mut pieces: Vec<(usize, usize, u64, FaceRef)> = Vec::new();
    let mut split = false;
    for c in clusters {
        let face = c.face.unwrap_or(primary);
        match pieces.last_mut() {
            Some(last) if last.3 == face && last.1 == c.start && !split => {
                last.1 = c.end;
                last.2 += c.units;
            }
            _ => pieces.push((c.start, c.end, c.units, face)),
        }
        split = c.ends_wide_cluster && face != primary;
    }
    pieces.retain(|p| p.1 > p.0);
    pieces
}

impl Default for TextMeasurer {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for TextMeasurer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextMeasurer")
            .field("regular", &self.regular)
            .field("bold", &self.bold)
            .finish_non_exhaustive()
    }
}

/// Advance widths of one bundled face, in font units.
struct FaceMetrics {
    /// False if the font did not parse; widths are then approximate.
    parsed: bool,
    units_per_em: u32,
    /// Every code point the font's cmap maps to a real glyph, with that
    /// glyph's advance, sorted by code point. Built once from the cmap and
    /// hmtx tables: a binary search here is several times faster than asking
    /// the cmap subtables again for every char, and needs no cache.
    glyphs: Box<[(u32, u32)]>,
    /// Bit `n` is set if some code point in `n * 256 .. n * 256 + 256` is in
    /// `glyphs` (bit 256: any code point above the BMP). Most chars that are
    /// not in the font (CJK, emoji) are rejected without a search.
    blocks: [u64; 5],
    /// Width of every char below `TABLE_LEN`, or [`NOT_DRAWN`].
    table: Box<[u32]>,
    /// Width of a missing East Asian wide char (1.0 em).
    wide: u32,
    /// Width of any other missing char (0.65 em, or the approximate width).
    other: u32,
    /// Width of one emoji grapheme cluster (1.25 em).
    emoji: u32,
}

impl fmt::Debug for FaceMetrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaceMetrics")
            .field("parsed", &self.parsed)
            .field("units_per_em", &self.units_per_em)
            .field("glyphs", &self.glyphs.len())
            .finish_non_exhaustive()
    }
}

impl FaceMetrics {
    /// `approx_milli_em` is the per-char width, in thousandths of an em, used
    /// for every visible char if the face does not parse.
    fn new(data: &[u8], approx_milli_em: u32) -> Self {
        let face = Face::parse(data, 0).ok();
        let units_per_em = face
            .as_ref()
            .map_or(APPROX_UNITS_PER_EM, |f| u32::from(f.units_per_em()))
            .max(1);
        let other_milli_em = if face.is_some() { 650 } else { approx_milli_em };
        let mut metrics = Self {
            parsed: face.is_some(),
            units_per_em,
            glyphs: face.as_ref().map(mapped_glyphs).unwrap_or_default(),
            blocks: [0; 5],
            table: Box::new([]),
            wide: units_per_em,
            other: (units_per_em * other_milli_em + 500) / 1000,
            emoji: (units_per_em * 5 + 2) / 4,
        };
        for &(cp, _) in metrics.glyphs.iter() {
            let block = block_of(cp);
            metrics.blocks[block / 64] |= 1 << (block % 64);
        }
        metrics.table = (0..TABLE_LEN as u32)
            .map(|cp| {
                char::from_u32(cp).map_or(0, |c| {
                    metrics.drawn_units(c).unwrap_or(if metrics.parsed {
                        NOT_DRAWN
                    } else {
                        metrics.missing_units(c)
                    })
                })
            })
            .collect();
        metrics
    }

    /// Pixels for a width in font units. The only place where units become
    /// pixels, so that `width()` and `wrap()` agree exactly.
    fn px(&self, units: u64, size: f64) -> f64 {
        let size = if size.is_finite() && size > 0.0 {
            size
        } else {
            0.0
        };
        units as f64 * size / f64::from(self.units_per_em)
    }

    /// Advance of the font's glyph for `c`, if it has one.
    fn glyph_advance(&self, c: char) -> Option<u32> {
        let cp = u32::from(c);
        let block = block_of(cp);
        if self.blocks[block / 64] & (1 << (block % 64)) == 0 {
            return None;
        }
        self.glyphs
            .binary_search_by_key(&cp, |&(k, _)| k)
            .ok()
            .and_then(|i| self.glyphs.get(i))
            .map(|&(_, advance)| advance)
    }

    fn space_units(&self) -> u64 {
        u64::from(self.char_units(' '))
    }

    /// Width of `c` in this face if the face draws it (tabs and line feeds as
    /// a space, invisible chars as nothing).
    fn drawn_units(&self, c: char) -> Option<u32> {
        if matches!(c, '\t' | '\n') {
            return self.drawn_units(' ');
        }
        if is_invisible(c) {
            return Some(0);
        }
        self.glyph_advance(c)
    }

    /// The estimated width of a char no font draws.
    fn missing_units(&self, c: char) -> u32 {
        match c.width() {
            None | Some(0) => 0,
            Some(1) => self.other,
            Some(_) => self.wide,
        }
    }

    /// Width of one char in this face, or its estimate if the face lacks it.
    fn char_units(&self, c: char) -> u32 {
        match self.table.get(c as usize) {
            Some(&NOT_DRAWN) => self.missing_units(c),
            Some(&w) => w,
            None => self.drawn_units(c).unwrap_or_else(|| self.missing_units(c)),
        }
    }

    /// Width of `text` if this face draws every char of it and no char takes
    /// its width from the cluster around it (emoji); `None` otherwise.
    fn simple_units(&self, text: &str) -> Option<u64> {
        let mut sum = 0u64;
        for c in text.chars() {
            let cp = u32::from(c);
            if needs_cluster_context(cp) {
                return None;
            }
            let w = match self.table.get(c as usize) {
                Some(&NOT_DRAWN) => return None,
                Some(&w) => w,
                None => self.drawn_units(c)?,
            };
            sum += u64::from(w);
        }
        Some(sum)
    }

    /// The estimated width of a cluster no font draws: 1.25 em for an emoji,
    /// else the sum of its chars' widths or estimates.
    fn estimate_units(&self, cluster: &str) -> u64 {
        if cluster.chars().any(|c| is_pictographic(u32::from(c))) {
            return u64::from(self.emoji);
        }
        cluster.chars().map(|c| u64::from(self.char_units(c))).sum()
    }
}

/// Index of the coverage bit for `cp` in `FaceMetrics::blocks`: 0..=255 for
/// the BMP, 256 above it.
fn block_of(cp: u32) -> usize {
    (cp >> 8).min(256) as usize
}

/// The code points the face draws ([`crate::fonts::drawn_glyphs`]), with the
/// glyph's advance.
fn mapped_glyphs(face: &Face<'_>) -> Box<[(u32, u32)]> {
    crate::fonts::drawn_glyphs(face)
        .into_iter()
        .filter_map(|(cp, glyph)| Some((cp, u32::from(face.glyph_hor_advance(glyph)?))))
        .collect()
}

/// Splits paragraphs into lines; collects the result.
struct Wrapper<'m> {
    measurer: &'m TextMeasurer,
    weight: Weight,
    metrics: &'m FaceMetrics,
    size: f64,
    max_width: f64,
    /// Every char of the paragraph is its own cluster (see `is_charwise`) and
    /// drawn by the bundled face.
    simple: bool,
    lines: Vec<String>,
}

/// A run of text on the line being built.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    units: u64,
}

impl Wrapper<'_> {
    fn fits(&self, units: u64) -> bool {
        self.max_width > 0.0 && self.metrics.px(units, self.size) <= self.max_width
    }

    /// Wraps one paragraph (text without hard breaks).
    fn paragraph(&mut self, raw: &str) {
        let text = collapse_whitespace(raw);
        let p: &str = &text;
        if p.is_empty() {
            self.lines.push(String::new());
            return;
        }
        self.simple = is_charwise(p) && self.metrics.simple_units(p).is_some();
        let measured: Vec<Cluster> = if self.simple {
            Vec::new()
        } else {
            self.measurer.clusters(p, self.weight)
        };

        // Greedy fill. `line` is the content placed so far (no trailing
        // spaces); `gap` is the width of the spaces after it.
        let mut line: Option<Span> = None;
        let mut gap = 0u64;

        // The word being read: its content (from the word's start to its
        // last non-space cluster) and the width of the spaces that end it.
        let mut content = Span {
            start: 0,
            end: 0,
            units: 0,
        };
        let mut trail = 0u64;

        let mut breaks = linebreaks(p).peekable();
        for (start, end, units) in Clusters::new(p, 0..p.len(), &measured, self.metrics) {
            if end - start == 1 && p.as_bytes()[start] == b' ' {
                trail += units;
            } else {
                content.units += trail + units;
                content.end = end;
                trail = 0;
            }
            // Break opportunities inside a cluster are not taken.
            let mut at_break = None;
            while let Some(&(pos, opportunity)) = breaks.peek() {
                if pos > end {
                    break;
                }
                breaks.next();
                if pos == end {
                    at_break = Some(opportunity);
                }
            }
            if let Some(opportunity) = at_break {
                let mandatory = opportunity == BreakOpportunity::Mandatory && end < p.len();
                self.place_word(p, &measured, &mut line, &mut gap, content, trail, mandatory);
                content = Span {
                    start: end,
                    end,
                    units: 0,
                };
                trail = 0;
            }
        }
        // `linebreaks` always ends with a break at the end of the text, so
        // this only matters if that ever changes.
        if content.end > content.start {
            self.place_word(p, &measured, &mut line, &mut gap, content, trail, false);
        }
        if let Some(span) = line {
            self.emit(p, span);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn place_word(
        &mut self,
        p: &str,
        measured: &[Cluster],
        line: &mut Option<Span>,
        gap: &mut u64,
        content: Span,
        trail: u64,
        mandatory: bool,
    ) {
        if content.end > content.start {
            if let Some(current) = line.as_mut() {
                let units = current.units + *gap + content.units;
                if self.fits(units) {
                    current.end = content.end;
                    current.units = units;
                    *gap = trail;
                } else {
                    let done = *current;
                    *line = None;
                    self.emit(p, done);
                }
            }
            if line.is_none() {
                *line = Some(if self.fits(content.units) {
                    content
                } else {
                    self.split_word(p, measured, content)
                });
                *gap = trail;
            }
        } else if line.is_some() {
            *gap += trail;
        }
        if mandatory {
            if let Some(done) = line.take() {
                self.emit(p, done);
            }
            *gap = 0;
        }
    }

    /// Breaks a word that is too wide for a line between grapheme clusters.
    /// Emits all pieces but the last, which is returned to start the next
    /// line (following words may still fit after it).
    fn split_word(&mut self, p: &str, measured: &[Cluster], word: Span) -> Span {
        let mut piece = Span {
            start: word.start,
            end: word.start,
            units: 0,
        };
        for (start, end, units) in Clusters::new(p, word.start..word.end, measured, self.metrics) {
            if piece.end > piece.start && !self.fits(piece.units + units) {
                self.emit(p, piece);
                piece = Span {
                    start,
                    end: start,
                    units: 0,
                };
            }
            piece.end = end;
            piece.units += units;
        }
        piece
    }

    fn emit(&mut self, p: &str, span: Span) {
        let line = p[span.start..span.end].trim_matches(' ');
        if line.is_empty() {
            return;
        }
        // In simple text a width is a plain sum over chars, so the line
        // measures exactly the sum of its clusters' widths.
        if !self.simple
            && !self.fits(self.measurer.text_units(line, self.weight))
            && line.graphemes(true).nth(1).is_some()
        {
            // Safety net: measured on its own, the line is wider than its
            // clusters were in the paragraph (a word cut inside a shaped run,
            // or segmentation that disagreed). Re-split it, measuring each
            // candidate line whole.
            let mut start = 0;
            let mut end = 0;
            for (i, g) in line.grapheme_indices(true) {
                let candidate = &line[start..i + g.len()];
                if end > start && !self.fits(self.measurer.text_units(candidate, self.weight)) {
                    push_trimmed(&mut self.lines, &line[start..end]);
                    start = i;
                }
                end = i + g.len();
            }
            push_trimmed(&mut self.lines, &line[start..end]);
            return;
        }
        self.lines.push(line.to_owned());
    }
}

fn push_trimmed(lines: &mut Vec<String>, line: &str) {
    let line = line.trim_matches(' ');
    if !line.is_empty() {
        lines.push(line.to_owned());
    }
}

/// The grapheme clusters of `range` of a paragraph with their widths, as
/// `(start, end, units)`: char by char in simple text, else the clusters
/// measured for the whole paragraph.
enum Clusters<'a> {
    Simple {
        chars: std::str::CharIndices<'a>,
        offset: usize,
        metrics: &'a FaceMetrics,
    },
    Measured(std::slice::Iter<'a, Cluster>),
}

impl<'a> Clusters<'a> {
    fn new(
        p: &'a str,
        range: std::ops::Range<usize>,
        measured: &'a [Cluster],
        metrics: &'a FaceMetrics,
    ) -> Self {
        if measured.is_empty() {
            Clusters::Simple {
                chars: p[range.clone()].char_indices(),
                offset: range.start,
                metrics,
            }
        } else {
            let first = measured.partition_point(|c| c.start < range.start);
            let last = measured.partition_point(|c| c.start < range.end);
            Clusters::Measured(measured[first..last].iter())
        }
    }
}

impl Iterator for Clusters<'_> {
    type Item = (usize, usize, u64);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Clusters::Simple {
                chars,
                offset,
                metrics,
            } => chars.next().map(|(i, c)| {
                (
                    *offset + i,
                    *offset + i + c.len_utf8(),
                    u64::from(metrics.char_units(c)),
                )
            }),
            Clusters::Measured(clusters) => clusters.next().map(|c| (c.start, c.end, c.units)),
        }
    }
}

/// True if every char of `text` is its own grapheme cluster and none can be
/// part of an emoji, so the text can be walked char by char without grapheme
/// segmentation (which costs several times more than measuring).
fn is_charwise(text: &str) -> bool {
    text.chars().all(|c| is_singleton(u32::from(c)))
}

/// Chars that never join a neighbour in a grapheme cluster (no Extend,
/// SpacingMark, Prepend, ZWJ, Hangul jamo or regional indicators in these
/// ranges; a precomposed Hangul syllable is alone when no jamo follows, and
/// jamo are not listed) and are never emoji. Covers Latin, Greek, Cyrillic,
/// common punctuation and symbols, kana, CJK ideographs, Hangul syllables and
/// fullwidth forms; anything else takes the grapheme path.
fn is_singleton(cp: u32) -> bool {
    if (cp as usize) < TABLE_LEN {
        return cp != 0xA9 && cp != 0xAE;
    }
    matches!(
        cp,
        0x00..=0x2FF
            | 0x370..=0x482
            | 0x48A..=0x52F
            | 0x1E00..=0x1FFF
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x20A0..=0x20C0
            | 0x2100..=0x23FF
            | 0x2460..=0x25FF
            | 0x3000..=0x3029
            | 0x3030..=0x3098
            | 0x309B..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF01..=0xFF9D
            | 0x20000..=0x3FFFD
    ) && !is_pictographic(cp)
}

/// Chars whose width depends on the grapheme cluster around them.
fn needs_cluster_context(cp: u32) -> bool {
    if (cp as usize) < TABLE_LEN {
        return cp == 0xA9 || cp == 0xAE;
    }
    matches!(cp, 0xFE0F | 0x20E3) || is_pictographic(cp)
}

/// Approximately the Extended_Pictographic property of UTS #51, plus the
/// regional indicators (flags).
fn is_pictographic(cp: u32) -> bool {
    matches!(
        cp,
        0xA9 | 0xAE
            | 0x203C
            | 0x2049
            | 0x2122
            | 0x2139
            | 0x2194..=0x2199
            | 0x21A9..=0x21AA
            | 0x231A..=0x231B
            | 0x2328
            | 0x2388
            | 0x23CF
            | 0x23E9..=0x23F3
            | 0x23F8..=0x23FA
            | 0x24C2
            | 0x25AA..=0x25AB
            | 0x25B6
            | 0x25C0
            | 0x25FB..=0x25FE
            | 0x2600..=0x27BF
            | 0x2934..=0x2935
            | 0x2B05..=0x2B07
            | 0x2B1B..=0x2B1C
            | 0x2B50
            | 0x2B55
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
            | 0x1F000..=0x1FAFF
            | 0x1FC00..=0x1FFFD
    )
}

fn is_hard_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Collapses runs of spaces and tabs (and vertical tabs and form feeds) into
/// one space and trims the ends.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\u{0B}' | '\u{0C}');
    let trimmed = text.trim_matches(is_ws);
    let mut prev_space = false;
    let clean = trimmed.bytes().all(|b| {
        let ok = match b {
            b'\t' | 0x0B | 0x0C => false,
            b' ' => !prev_space,
            _ => true,
        };
        prev_space = b == b' ';
        ok
    });
    if clean {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut in_run = false;
    for c in trimmed.chars() {
        if is_ws(c) {
            if !in_run {
                out.push(' ');
                in_run = true;
            }
        } else {
            out.push(c);
            in_run = false;
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_quotes_without_letters_are_mirrored_in_a_right_to_left_stretch() {
        assert_eq!(mirrored("«"), "»");
        // In visual order: reversed, then mirrored.
        assert_eq!(mirrored("» («"), "») «");
        assert_eq!(mirrored("«("), ")»");
        assert_eq!(mirrored("!?"), "?!");
        assert_eq!(mirrored("«\u{301}!"), "!»\u{301}", "a cluster stays whole");
        // A run with a right-to-left letter is mirrored by whoever lays it out.
        assert_eq!(mirrored("(نص)"), "(نص)");
        assert_eq!(mirrored("؟»"), "؟»");
        assert!(matches!(mirrored("-"), std::borrow::Cow::Borrowed("-")));
    }

    /// The bundled fonts only: what these tests expect of missing glyphs does
    /// not depend on the machine's fonts.
    fn bundled_fonts() -> &'static FontSet {
        static FONTS: OnceLock<FontSet> = OnceLock::new();
        FONTS.get_or_init(|| {
            FontSet::new(crate::fonts::FontSources {
                dirs: Vec::new(),
                system: false,
            })
        })
    }

    fn m() -> &'static TextMeasurer {
        static BARE: OnceLock<TextMeasurer> = OnceLock::new();
        BARE.get_or_init(|| TextMeasurer::with_fonts(bundled_fonts()))
    }

    fn graphemes(s: &str) -> usize {
        s.graphemes(true).count()
    }

    /// Checks the documented postconditions of `wrap` and returns the lines.
    fn checked_wrap(text: &str, max: f64, size: f64, weight: Weight) -> Vec<String> {
        let lines = m().wrap(text, max, size, weight);
        for line in &lines {
            let w = m().width(line, size, weight);
            assert!(
                w <= max + 1e-9 || graphemes(line) == 1,
                "line {line:?} is {w}px wide, max {max} (input {text:?})"
            );
            assert_eq!(line.trim_matches(' '), line, "untrimmed line {line:?}");
            assert!(!line.contains("  "), "uncollapsed spaces in {line:?}");
            assert!(!line.contains(['\n', '\t', '\r']), "break char in {line:?}");
        }
        lines
    }

    /// Non-whitespace content, in order.
    fn ink(s: &str) -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !is_hard_break(*c))
            .collect()
    }

    #[test]
    fn widths_scale_linearly_with_size() {
        for weight in [Weight::Regular, Weight::Bold] {
            let w10 = m().width("Customer journey", 10.0, weight);
            let w20 = m().width("Customer journey", 20.0, weight);
            let w13 = m().width("Customer journey", 13.0, weight);
            assert!(w10 > 0.0);
            assert!((w20 - 2.0 * w10).abs() < 1e-9);
            assert!((w13 - 1.3 * w10).abs() < 1e-9);
        }
        assert_eq!(m().width("anything", 0.0, Weight::Regular), 0.0);
        assert_eq!(m().width("anything", f64::NAN, Weight::Regular), 0.0);
        assert_eq!(m().width("anything", -3.0, Weight::Regular), 0.0);
        assert_eq!(m().width("", 16.0, Weight::Regular), 0.0);
    }

    #[test]
    fn widths_are_real_font_metrics() {
        let f = m();
        assert!(f.regular.parsed && f.bold.parsed);
        assert!(f.regular.glyphs.len() > 2000);
        // Noto Sans: 1000 units per em, digits are tabular.
        assert_eq!(f.regular.units_per_em, 1000);
        let digit = f.width("0", 1000.0, Weight::Regular);
        for d in "123456789".chars() {
            assert_eq!(f.width(&d.to_string(), 1000.0, Weight::Regular), digit);
        }
        // A space in Noto Sans Regular is 260 units.
        assert_eq!(f.width(" ", 1000.0, Weight::Regular), 260.0);
        // Width is additive over chars.
        let hello = f.width("Hello", 16.0, Weight::Regular);
        let sum: f64 = "Hello"
            .chars()
            .map(|c| f.width(&c.to_string(), 16.0, Weight::Regular))
            .sum();
        assert!((hello - sum).abs() < 1e-9);
        // Plausible: between 0.4 em and 0.7 em per char.
        assert!(
            hello > 5.0 * 16.0 * 0.4 && hello < 5.0 * 16.0 * 0.7,
            "{hello}"
        );
    }

    #[test]
    fn precomputed_glyphs_agree_with_the_cmap() {
        let face = Face::parse(crate::fonts::REGULAR_TTF, 0).unwrap();
        let metrics = &m().regular;
        let mut mapped = 0;
        for cp in (0..0x3_0000).step_by(7).chain(0xE000..0xE100) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected = face
                .glyph_index(c)
                .filter(|g| g.0 != 0)
                .and_then(|g| face.glyph_hor_advance(g))
                .map(u32::from);
            assert_eq!(metrics.glyph_advance(c), expected, "U+{cp:04X}");
            mapped += usize::from(expected.is_some());
        }
        assert!(mapped > 300, "{mapped}");
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let regular = m().width("Hello", 16.0, Weight::Regular);
        let bold = m().width("Hello", 16.0, Weight::Bold);
        assert!(bold > regular, "bold {bold} <= regular {regular}");
    }

    #[test]
    fn narrow_letters_are_narrower() {
        let i = m().width("iiii", 16.0, Weight::Regular);
        let mm = m().width("MMMM", 16.0, Weight::Regular);
        assert!(i * 2.0 < mm, "iiii {i} vs MMMM {mm}");
    }

    #[test]
    fn fallback_widths_for_missing_glyphs() {
        let size = 20.0;
        let w = |s: &str| m().width(s, size, Weight::Regular);
        // CJK, Hangul and fullwidth forms: 1 em each.
        assert_eq!(w("漢"), 20.0);
        assert_eq!(w("한"), 20.0);
        assert_eq!(w("Ａ"), 20.0);
        assert_eq!(w("漢字かな"), 80.0);
        // Emoji: 1.25 em per cluster.
        assert_eq!(w("😀"), 25.0);
        assert_eq!(w("🇫🇷"), 25.0);
        assert_eq!(w("👍🏽"), 25.0);
        // A keycap is drawn by Noto Sans when no colour font is there, so it
        // measures the digit and the enclosing mark.
        assert_eq!(w("1\u{FE0F}\u{20E3}"), w("1\u{20E3}"));
        assert_eq!(w("❤\u{FE0F}"), 25.0);
        assert_eq!(w("😀😀"), 50.0);
        // Zero-width chars.
        for z in [
            "\u{200D}", "\u{FE0F}", "\u{200B}", "\u{202E}", "\u{0}", "\u{7}",
        ] {
            assert_eq!(w(z), 0.0, "{z:?}");
        }
        assert_eq!(w("a\u{200B}b"), w("ab"));
        // Any other char without a glyph: 0.65 em (Arabic is not in Noto Sans).
        assert!(m().regular.glyph_advance('ب').is_none());
        assert_eq!(w("ب"), 13.0);
        // A combining mark Noto Sans has measures its own (zero) advance.
        assert_eq!(w("e\u{301}"), w("e"));
    }

    #[test]
    fn approximate_widths_when_font_does_not_parse() {
        let f = TextMeasurer::from_font_data(b"not a font", &[], bundled_fonts());
        assert!(!f.regular.parsed && f.regular.glyphs.is_empty());
        assert_eq!(f.width("ab", 10.0, Weight::Regular), 13.0);
        assert_eq!(f.width("ab", 10.0, Weight::Bold), 14.0);
        assert_eq!(f.width("漢", 10.0, Weight::Regular), 10.0);
        assert_eq!(f.width("\u{A9}", 10.0, Weight::Regular), 12.5);
        let lines = f.wrap("approximate widths still wrap", 60.0, 10.0, Weight::Regular);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(f.width(line, 10.0, Weight::Regular) <= 60.0);
        }
    }

    #[test]
    fn wraps_sentence_within_width_keeping_words_whole() {
        let text = "As a new customer I want to compare plans quickly so that I can pick one \
                    without calling the support line";
        for max in [80.0, 120.0, 200.0, 333.3] {
            let lines = checked_wrap(text, max, 14.0, Weight::Regular);
            assert!(lines.len() > 1);
            // Every line fits (no word here is wider than 80px at 14px).
            for line in &lines {
                assert!(m().width(line, 14.0, Weight::Regular) <= max);
            }
            // Words are kept whole and in order.
            let words: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
            let expected: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(words, expected);
            // Greedy: the first word of a line did not fit on the previous one.
            for pair in lines.windows(2) {
                let first = pair[1].split(' ').next().unwrap();
                let joined = format!("{} {first}", pair[0]);
                assert!(m().width(&joined, 14.0, Weight::Regular) > max);
            }
        }
        assert_eq!(
            checked_wrap("fits on one line", 1000.0, 14.0, Weight::Bold),
            ["fits on one line"]
        );
    }

    #[test]
    fn long_word_is_broken_into_fitting_pieces() {
        let word = "Supercalifragilisticexpialidocious".repeat(2);
        let word = &word[..60];
        let max = 100.0;
        let lines = checked_wrap(word, max, 16.0, Weight::Regular);
        assert!(lines.len() >= 3, "{lines:?}");
        for line in &lines {
            assert!(m().width(line, 16.0, Weight::Regular) <= max);
        }
        assert_eq!(lines.concat(), word);
        // Pieces are filled greedily.
        for pair in lines.windows(2) {
            let next = pair[1].chars().next().unwrap();
            let more = format!("{}{next}", pair[0]);
            assert!(m().width(&more, 16.0, Weight::Regular) > max);
        }
        // Words after a broken word continue on its last line when they fit.
        let lines = checked_wrap(&format!("{word} ok"), max, 16.0, Weight::Regular);
        assert!(lines.last().unwrap().ends_with(" ok"), "{lines:?}");
    }

    #[test]
    fn cjk_wraps_between_ideographs() {
        let text = "顧客が申込書を記入して送信すると確認の電子メールが届きます";
        let size = 16.0;
        let lines = checked_wrap(text, 5.0 * size, size, Weight::Regular);
        assert!(lines.len() >= 6, "{lines:?}");
        assert_eq!(lines.concat(), text);
        for line in &lines {
            assert!(m().width(line, size, Weight::Regular) <= 5.0 * size);
        }
        // Lines are filled, not one ideograph each.
        assert!(lines.iter().filter(|l| l.chars().count() >= 4).count() >= 5);
        // No line starts with a char UAX #14 forbids at line start.
        let text = "確認しました。次に進みます。";
        let lines = checked_wrap(text, 6.5 * size, size, Weight::Regular);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| !l.starts_with('。')), "{lines:?}");
    }

    #[test]
    fn emoji_zwj_sequence_is_one_cluster_never_split() {
        let family = "👩\u{200D}👩\u{200D}👧";
        assert_eq!(graphemes(family), 1);
        assert_eq!(m().width(family, 16.0, Weight::Regular), 20.0);
        assert_eq!(m().width(family, 16.0, Weight::Bold), 20.0);
        // Narrower than the cluster: on its own line, whole.
        assert_eq!(checked_wrap(family, 10.0, 16.0, Weight::Regular), [family]);
        let text = format!("we {family}{family} go");
        let lines = checked_wrap(&text, 30.0, 16.0, Weight::Regular);
        assert!(lines.contains(&family.to_string()), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.contains('\u{200D}') || l.contains(family))
        );
        assert_eq!(ink(&lines.concat()), ink(&text));
    }

    #[test]
    fn newline_forces_a_break_and_whitespace_collapses() {
        let wrap = |s: &str| checked_wrap(s, 1000.0, 14.0, Weight::Regular);
        assert_eq!(wrap("first\nsecond"), ["first", "second"]);
        assert_eq!(wrap("a\r\nb\rc\u{2028}d"), ["a", "b", "c", "d"]);
        assert_eq!(wrap("  lots \t of\t\tspace  "), ["lots of space"]);
        assert_eq!(wrap("para one\n\npara two"), ["para one", "", "para two"]);
        assert_eq!(wrap("\n\n  trimmed ends \n \n"), ["trimmed ends"]);
        assert_eq!(wrap("line \n next"), ["line", "next"]);
    }

    #[test]
    fn empty_input_gives_no_lines() {
        for text in ["", " ", "\t \t", "\n", " \n \r\n\t"] {
            assert!(
                m().wrap(text, 100.0, 14.0, Weight::Regular).is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn degenerate_widths_do_not_hang() {
        for max in [f64::NAN, 0.0, -10.0, f64::NEG_INFINITY] {
            let lines = checked_wrap("ab c👩\u{200D}👧", max, 14.0, Weight::Regular);
            assert_eq!(lines, ["a", "b", "c", "👩\u{200D}👧"], "max {max}");
        }
        let lines = checked_wrap("no limit at all", f64::INFINITY, 14.0, Weight::Regular);
        assert_eq!(lines, ["no limit at all"]);
        // Size 0 (or NaN): everything is zero wide and fits on one line.
        let lines = checked_wrap("zero size text", 10.0, f64::NAN, Weight::Regular);
        assert_eq!(lines, ["zero size text"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let inputs = [
            "\u{0}\u{0}a\u{0} b",
            "\u{301}",
            " \u{301}\u{301} x",
            "a \u{301}b c",
            "\u{200D}\u{200D}",
            "\u{FE0F}",
            "🇫🇷🇩🇪🇮",
            "\u{E0067}\u{E007F}",
            "x\u{85}y",
            "a\u{0B}b\u{0C}c",
            "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} flag",
            "\u{D7FF}\u{10FFFF}\u{FFFD}",
        ];
        for text in inputs {
            for max in [1.0, 20.0, 300.0] {
                let lines = checked_wrap(text, max, 14.0, Weight::Regular);
                assert_eq!(ink(&lines.concat()), ink(text), "{text:?} at {max}");
            }
        }
        let huge = "word ".repeat(50_000) + &"x".repeat(50_000);
        let lines = checked_wrap(&huge, 200.0, 14.0, Weight::Regular);
        assert_eq!(ink(&lines.concat()), ink(&huge));
    }

    #[test]
    fn random_text_keeps_postconditions() {
        // Deterministic xorshift so failures are reproducible.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Entries separated by '|'.
        let pool: Vec<&str> =
            "a|b|W|i|é|e\u{301}| | | |\t|\n|-|/|.|,|漢|字|。|か|ｶ|\u{FF9E}|한|가|\
             \u{11A8}|\u{1100}|α|Ж|ﬁ|—|→|😀|👩\u{200D}👧|🇫|🇷|👍|\u{1F3FD}|\u{200D}|\u{FE0F}|\
             \u{20E3}|\u{301}|ب|क|\u{94D}|\u{0}|\u{A0}|\u{200B}|©|™|(|)|1"
                .split('|')
                .collect();
        let maxes = [0.0, 5.0, 12.0, 30.0, 75.5, 160.0];
        for case in 0..3000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect();
            let max = maxes[case % maxes.len()];
            let weight = if case % 2 == 0 {
                Weight::Regular
            } else {
                Weight::Bold
            };
            let lines = checked_wrap(&text, max, 14.0, weight);
            assert_eq!(ink(&lines.concat()), ink(&text), "{text:?} at {max}");
            assert_eq!(
                lines,
                m().wrap(&text, max, 14.0, weight),
                "not deterministic"
            );
            // Without whitespace, the lines are the text cut at grapheme
            // cluster boundaries only.
            let solid: String = text.split(char::is_whitespace).collect();
            let lines = checked_wrap(&solid, max, 14.0, weight);
            assert_eq!(lines.concat(), solid);
            let pieces: usize = lines.iter().map(|l| graphemes(l)).sum();
            assert_eq!(pieces, graphemes(&solid), "cluster split in {lines:?}");
        }
    }

    #[test]
    fn measurer_is_shared_and_thread_safe() {
        fn assert_send_sync<T: Send + Sync>(_: &T) {}
        assert_send_sync(m());
        assert!(std::ptr::eq(TextMeasurer::shared(), TextMeasurer::shared()));
        let widths: Vec<f64> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| m().width("threads", 12.0, Weight::Bold)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(widths.windows(2).all(|w| w[0] == w[1]));
    }
}
