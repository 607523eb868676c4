//! The standalone SVG picture of a map: lens, grid, lanes, curve and legend.
//!
//! Written with a few small element helpers rather than a template, so every number
//! goes through [`num`] and every string through [`escape`]. Only presentation
//! attributes are used (no CSS selectors), so browsers, Inkscape and resvg agree.

use std::fmt::Write as _;

use super::theme::{self, LIGHT, Theme};
// `Num` writes a number straight into the output; `num` makes a `String` of it.
use crate::escape::escape;
use crate::fonts::font_stack;
use crate::i18n::Label;
use crate::layout::curve::{Cubic, too_few_label};
use crate::layout::{
    ArrowKind, Badge, Card, CardKind, CurveLayout, CurvePoint, FACE_RADIUS, FlowLayout, LaneKind,
    Layout, Legend, Line, LineKey, PERSONA_MARK_RADIUS, PersonaCard, PersonaCurve, Point, Rect,
    StageHeader, TextBlock, TextStyle, wording,
};
use crate::model::Map;
use crate::model::future::Change;
use crate::number::{Num, num};

/// Appends SVG markup to a string.
pub struct SvgWriter {
    out: String,
    /// Past this many bytes the drawing loops stop early; the caller then refuses
    /// the output (see [`crate::render::render_within`]), so a map that would draw
    /// hundreds of megabytes never holds them in memory.
    limit: usize,
    /// Says which font draws each piece of a line: the one the layout measured with.
    measurer: &'static crate::layout::TextMeasurer,
}

impl SvgWriter {
    pub fn new() -> Self {
        SvgWriter::with_capacity(64 * 1024)
    }

    /// Whether the markup has passed its limit, so drawing can stop.
    pub(super) fn is_full(&self) -> bool {
        self.out.len() > self.limit
    }

    /// A writer whose buffer holds `bytes` before it must grow. Performance: large
    /// maps write tens of megabytes, and growing by doubling copied and page-faulted
    /// them several times over.
    pub fn with_capacity(bytes: usize) -> Self {
        SvgWriter {
            out: String::with_capacity(bytes),
            limit: usize::MAX,
            measurer: crate::layout::TextMeasurer::shared(),
        }
    }

    /// Writes text in the fonts `measurer` picks, the measurer the layout used.
    pub fn measured_by(mut self, measurer: &'static crate::layout::TextMeasurer) -> Self {
        self.measurer = measurer;
        self
    }

    pub fn finish(self) -> String {
        self.out
    }

    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    pub fn rect(&mut self, r: Rect, radius: f64, fill: &str, stroke: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}""#,
            Num(r.x),
            Num(r.y),
            Num(r.w),
            Num(r.h)
        );
        if radius > 0.0 {
            let _ = write!(self.out, r#" rx="{}""#, Num(radius));
        }
        let _ = write!(self.out, r#" fill="{fill}""#);
        if let Some(stroke) = stroke {
            let _ = write!(self.out, r#" stroke="{stroke}""#);
        }
        self.out.push_str("/>");
    }

    pub fn line(&mut self, line: &Line, stroke: &str, width: f64, dash: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}""#,
            Num(line.from.x),
            Num(line.from.y),
            Num(line.to.x),
            Num(line.to.y),
            Num(width)
        );
        if !dash.is_empty() {
            let _ = write!(self.out, r#" stroke-dasharray="{dash}""#);
        }
        self.out.push_str("/>");
    }

    pub fn circle(&mut self, at: Point, r: f64, fill: &str, stroke: Option<(&str, f64)>) {
        let _ = write!(
            self.out,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}""#,
            Num(at.x),
            Num(at.y),
            Num(r)
        );
        if let Some((stroke, width)) = stroke {
            let _ = write!(
                self.out,
                r#" stroke="{stroke}" stroke-width="{}""#,
                Num(width)
            );
        }
        self.out.push_str("/>");
    }

    /// A wrapped text block, one `<text>` per line, in `fill`.
    pub fn text(&mut self, block: &TextBlock, fill: &str) {
        let style = block.style;
        let weight = match style.weight() {
            crate::layout::Weight::Bold => r#" font-weight="700""#,
            crate::layout::Weight::Regular => "",
        };
        if let Some(bullet) = block.bullet_at() {
            self.circle(bullet, 2.2, fill, None);
        }
        for (at, line) in block.baselines() {
            let Some(runs) = self.measurer.font_runs(line, style.size(), style.weight()) else {
                let _ = write!(
                    self.out,
                    r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{fill}">{}</text>"#,
                    Num(at.x),
                    Num(at.y),
                    Num(style.size()),
                    escape(line)
                );
                continue;
            };
            // Each run in its own font at the offset it was measured at, so a
            // browser without these fonts overlaps nothing either.
            let _ = write!(
                self.out,
                r#"<text y="{}" font-size="{}"{weight} fill="{fill}">"#,
                Num(at.y),
                Num(style.size()),
            );
            for run in runs {
                let _ = write!(self.out, r#"<tspan x="{}""#, Num(at.x + run.x));
                if let Some(family) = run.family {
                    let _ = write!(
                        self.out,
                        r#" font-family="'{}', sans-serif""#,
                        escape(family)
                    );
                }
                let _ = write!(self.out, ">{}</tspan>", escape(&run.text));
            }
            self.out.push_str("</text>");
        }
    }

    /// A channel icon's strokes (drawn on a 16-unit grid), scaled into `square`.
    pub fn icon(&mut self, path: &str, square: Rect, stroke: &str) {
        let _ = write!(
            self.out,
            r#"<path transform="translate({} {}) scale({})" d="{path}" fill="none" stroke="{stroke}" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"/>"#,
            Num(square.x),
            Num(square.y),
            Num(square.w / 16.0)
        );
    }
}

impl Default for SvgWriter {
    fn default() -> Self {
        SvgWriter::new()
    }
}

/// A one-sentence description of the map for `<desc>` and screen readers.
pub fn describe(map: &Map) -> String {
    let personas: Vec<&str> = map.personas.iter().map(|p| p.name.as_str()).collect();
    let stages: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    let mut text = map.labels.fill(
        Label::Summary,
        &[
            ("count", &map.touchpoints.len().to_string()),
            ("stages", &stages.join(", ")),
            ("personas", &personas.join(", ")),
        ],
    );
    if let Some(scenario) = &map.scenario {
        let _ = write!(text, " {}: {scenario}", map.labels.get(Label::Scenario));
    }
    text
}

/// The curve in words, for the picture's `<desc>`: each persona's scores along
/// their path, "Maya Chen: Sees an ad 4, Compares models 2; …", names cut short.
pub fn describe_scores(map: &Map) -> Option<String> {
    let mut text = wording::scores_intro(map);
    text.push(':');
    let mut any = false;
    for (persona, path) in map.personas.iter().zip(&map.paths) {
        if path.scores.is_empty() {
            continue;
        }
        let _ = write!(
            text,
            "{} {}:",
            if any { ";" } else { "" },
            wording::excerpt(&persona.name, 40)
        );
        for (i, (touchpoint, score)) in path.scores.iter().enumerate() {
            let name = wording::excerpt(&map.touchpoint(*touchpoint).name, 40);
            let _ = write!(
                text,
                "{} {name} {}",
                if i > 0 { "," } else { "" },
                num(*score)
            );
        }
        any = true;
    }
    text.push('.');
    any.then_some(text)
}

pub fn render(map: &Map, layout: &Layout) -> String {
    render_within(map, layout, usize::MAX)
}

/// [`render`], stopping soon after the markup passes `limit` bytes (the result is
/// then longer than `limit` and incomplete, for the caller to refuse).
pub fn render_within(map: &Map, layout: &Layout, limit: usize) -> String {
    // About 3.3 KB a column are written; the spare capacity is never touched.
    let capacity = 64 * 1024 + 4 * 1024 * layout.columns.len();
    let mut w = SvgWriter::with_capacity(capacity.min(limit.saturating_add(1)))
        .measured_by(crate::layout::TextMeasurer::for_lang(map.lang.as_deref()));
    w.limit = limit;
    let _ = write!(
        w.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="{2}" role="img" aria-labelledby="jm-title jm-desc">"#,
        num(layout.width),
        num(layout.height),
        font_stack(map.theme.font.as_deref())
    );
    let _ = write!(
        w.out,
        r#"<title id="jm-title">{}</title><desc id="jm-desc">{}</desc>"#,
        escape(&map.title),
        escape(&match describe_scores(map) {
            Some(scores) => format!("{} {scores}", describe(map)),
            None => describe(map),
        })
    );
    draw_map(&mut w, map, layout, limit);
    w.raw("</svg>\n");
    w.finish()
}

/// Everything inside the picture's `<svg>`, from the page colour to the legend.
/// The box of a theme's logo in the picture's top right corner, in the margin
/// above the title; the image keeps its proportions inside it.
const LOGO_BOX: (f64, f64) = (160.0, 32.0);
const LOGO_INSET: f64 = 8.0;

fn draw_logo(w: &mut SvgWriter, logo: &crate::data::logo::Logo, width: f64) {
    let (box_w, box_h) = LOGO_BOX;
    let _ = write!(
        w.out,
        r#"<image x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="xMaxYMin meet" href="{}"/>"#,
        num(width - LOGO_INSET - box_w),
        num(LOGO_INSET),
        num(box_w),
        num(box_h),
        escape(&logo.data_uri())
    );
}

fn draw_map(w: &mut SvgWriter, map: &Map, layout: &Layout, limit: usize) {
    let t = &LIGHT;
    w.rect(
        Rect {
            x: 0.0,
            y: 0.0,
            w: layout.width,
            h: layout.height,
        },
        0.0,
        t.page,
        None,
    );
    if let Some(logo) = &map.theme.logo {
        draw_logo(w, logo, layout.width);
    }
    w.text(&layout.title, t.text);
    if let Some(scenario) = &layout.scenario {
        w.text(scenario, t.muted);
    }
    for line in layout.about.iter().chain(&layout.backing) {
        w.text(line, t.muted);
    }
    draw_personas(w, map, &layout.personas, t);
    draw_grid(w, map, layout, t);
    if let Some(flow) = &layout.flow {
        draw_flow_label(w, flow, t);
        w.raw(&flow_markup(map, flow));
    }
    if let Some(blueprint) = &layout.blueprint {
        super::blueprint::draw_svg(w, blueprint, t);
    }
    if let Some(curve) = &layout.curve
        && !w.is_full()
    {
        let room = limit.saturating_sub(w.out.len());
        w.raw(&curve_markup_within(map, curve, false, room));
    }
    if let Some(legend) = &layout.legend {
        draw_legend(w, map, legend, t);
    }
}

/// The emotion curve as a picture of its own, for a pull request's before/after:
/// the map's stage headers, touchpoint names, curve lane and legend, cut from the
/// whole picture and stacked (the map is drawn once and shown through a window on
/// each band). `None` when the map has no curve.
pub fn curve_picture(map: &Map, layout: &Layout) -> Option<String> {
    let curve_lane = layout.lanes.iter().find(|l| l.kind == LaneKind::Emotions)?;
    let band = |rect: Rect| (rect.y, rect.h);
    let mut bands = Vec::new();
    if let (Some(first), Some(last)) = (layout.stages.first(), layout.stages.last()) {
        let top = first.rect.y.min(last.rect.y);
        let bottom = (first.rect.y + first.rect.h).max(last.rect.y + last.rect.h);
        bands.push((top, bottom - top));
    }
    if let Some(names) = layout
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Touchpoints)
    {
        bands.push(band(names.rect));
    }
    bands.push(band(curve_lane.rect));
    if let Some(legend) = &layout.legend {
        bands.push(band(legend.rect));
    }
    let height: f64 = bands.iter().map(|(_, h)| h).sum();
    let mut w = SvgWriter::with_capacity(64 * 1024)
        .measured_by(crate::layout::TextMeasurer::for_lang(map.lang.as_deref()));
    let _ = write!(
        w.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="{3}" role="img" aria-labelledby="jm-title"><title id="jm-title">{2}</title><defs><g id="jm-map">"#,
        num(layout.width),
        num(height),
        escape(&format!("Emotion curve: {}", map.title)),
        font_stack(map.theme.font.as_deref()),
    );
    draw_map(&mut w, map, layout, usize::MAX);
    w.raw("</g></defs>");
    let mut y = 0.0;
    for (top, h) in bands {
        let _ = write!(
            w.out,
            r##"<svg x="0" y="{3}" width="{2}" height="{1}" viewBox="0 {0} {2} {1}"><use xlink:href="#jm-map"/></svg>"##,
            num(top),
            num(h),
            num(layout.width),
            num(y),
        );
        y += h;
    }
    w.raw("</svg>\n");
    Some(w.finish())
}

pub(super) fn draw_personas(w: &mut SvgWriter, map: &Map, personas: &[PersonaCard], t: &Theme) {
    for card in personas {
        let persona = map.persona(card.persona);
        w.rect(card.rect, 10.0, t.surface, Some(t.border));
        w.rect(card.stripe, 2.5, &persona.color.hex, None);
        line_key(w, &card.key, &persona.color.hex, persona.style);
        for (i, text) in card.texts.iter().enumerate() {
            let fill = if i == 0 { t.text } else { t.muted };
            w.text(
                text,
                if text.style == TextStyle::Body {
                    t.text
                } else {
                    fill
                },
            );
        }
    }
}

/// A persona's line key as a small standalone `<svg>` for the HTML page, drawn in
/// `currentColor` so the page's CSS gives it the persona's colour in either scheme.
pub fn key_svg(class: &str, style: usize) -> String {
    let mut w = SvgWriter::new();
    let _ = write!(
        w.out,
        r#"<svg class="{class}" width="60" height="22" viewBox="0 0 60 22" aria-hidden="true">"#
    );
    let key = LineKey::across(Rect {
        x: 1.0,
        y: 0.0,
        w: 58.0,
        h: 22.0,
    });
    line_key(&mut w, &key, "currentColor", style);
    w.raw("</svg>");
    w.finish()
}

/// A face showing `mood` (0 low, 1 high) as a small standalone `<svg>`, for legends.
pub fn face_svg(mood: f64) -> String {
    let size = 2.0 * FACE_RADIUS + 4.0;
    let mut w = SvgWriter::new();
    let _ = write!(
        w.out,
        r#"<svg class="jm-face-key" width="{0}" height="{0}" viewBox="0 0 {0} {0}" aria-hidden="true">"#,
        num(size)
    );
    face(
        &mut w,
        Point {
            x: size / 2.0,
            y: size / 2.0,
        },
        mood,
        "currentColor",
    );
    w.raw("</svg>");
    w.finish()
}

/// A short sample of a persona's line with a face marker: its key in cards and legend.
fn line_key(w: &mut SvgWriter, key: &LineKey, color: &str, style: usize) {
    let _ = write!(
        w.out,
        r#"<path d="M{} {}H{}" stroke="{color}" stroke-width="3" fill="none"{}/>"#,
        num(key.line.from.x),
        num(key.line.from.y),
        num(key.line.to.x),
        dash_attr(style)
    );
    face(w, key.face, 0.75, color);
}

fn dash_attr(style: usize) -> String {
    match theme::dash(style) {
        "" => String::new(),
        dash => format!(r#" stroke-dasharray="{dash}""#),
    }
}

/// A face marker: the mouth bends from a frown (mood 0) to a smile (mood 1), so the
/// score reads without colour.
fn face(w: &mut SvgWriter, at: Point, mood: f64, color: &str) {
    let r = FACE_RADIUS;
    let _ = write!(
        w.out,
        r##"<circle class="jm-face" cx="{}" cy="{}" r="{}" fill="#ffffff" stroke="{color}" stroke-width="2"/>"##,
        Num(at.x),
        Num(at.y),
        Num(r)
    );
    w.circle(
        Point {
            x: at.x - r * 0.36,
            y: at.y - r * 0.25,
        },
        r * 0.12,
        color,
        None,
    );
    w.circle(
        Point {
            x: at.x + r * 0.36,
            y: at.y - r * 0.25,
        },
        r * 0.12,
        color,
        None,
    );
    let corner_y = at.y + r * 0.32;
    let control_y = corner_y + (mood - 0.5) * r * 0.9;
    let _ = write!(
        w.out,
        r#"<path d="M{} {}Q{} {} {} {}" fill="none" stroke="{color}" stroke-width="1.6" stroke-linecap="round"/>"#,
        Num(at.x - r * 0.45),
        Num(corner_y),
        Num(at.x),
        Num(control_y),
        Num(at.x + r * 0.45),
        Num(corner_y)
    );
}

fn draw_grid(w: &mut SvgWriter, map: &Map, layout: &Layout, t: &Theme) {
    // Stage bands run from the header to the bottom of the last lane.
    for (i, stage) in layout.stages.iter().enumerate() {
        w.rect(stage.band, 0.0, t.surface, None);
        draw_stage_header(w, map, stage, i, t);
        if let Some(rule) = &stage.rule {
            w.line(rule, t.border, 1.0, "");
        }
    }
    for lane in &layout.lanes {
        w.line(&lane.separator, t.rule, 1.0, "");
        w.text(&lane.label, t.muted);
        for card in &lane.cards {
            if w.is_full() {
                return;
            }
            draw_card(w, map, card, t);
        }
    }
}

/// A stage's header panel, in the tint of the `index`th stage.
/// A stage the map's `theme:` colours gets its tint and rule from that colour.
pub(super) fn draw_stage_header(
    w: &mut SvgWriter,
    map: &Map,
    stage: &StageHeader,
    index: usize,
    t: &Theme,
) {
    if let Some(color) = map.theme.stage_color(stage.stage.index()) {
        let (tint, accent) = super::theme::stage_colors(color, t);
        w.rect(stage.panel, 8.0, &tint.hex, None);
        w.rect(stage.accent, 2.0, &accent.hex, None);
    } else {
        let tint = t.stage_tints[index % t.stage_tints.len()];
        let accent = t.stage_accents[index % t.stage_accents.len()];
        w.rect(stage.panel, 8.0, tint, None);
        w.rect(stage.accent, 2.0, accent, None);
    }
    w.text(&stage.name, t.text);
    if let Some(goal) = &stage.goal {
        w.text(goal, t.muted);
    }
}

pub(super) fn draw_card(w: &mut SvgWriter, map: &Map, card: &Card, t: &Theme) {
    let r = card.rect;
    if let Some(shadow) = card.shadow {
        w.rect(shadow, 8.0, t.rule, None);
    }
    match card.kind {
        CardKind::Touchpoint if card.change == Some(Change::Removed) => {
            let _ = write!(
                w.out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{}" stroke="{}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
                num(r.x),
                num(r.y),
                num(r.w),
                num(r.h),
                t.page,
                t.muted
            );
        }
        CardKind::Touchpoint => w.rect(r, 8.0, t.card, Some(t.border)),
        CardKind::Actions | CardKind::Metrics => w.rect(r, 8.0, t.card, Some(t.rule)),
        CardKind::Thought => {
            w.rect(r, 12.0, t.thought_bg, Some(t.thought_border));
        }
        // Square corners and a plain rule: a record of what was said, not a thought
        // the author imagined.
        CardKind::Evidence => w.rect(r, 2.0, t.card, Some(t.border)),
        CardKind::PainPoint => {
            w.rect(r, 6.0, t.pain_bg, None);
            if let Some(stripe) = card.stripe {
                w.rect(stripe, 2.0, t.pain_accent, None);
            }
            if let Some(icon) = card.icon {
                warning_icon(w, icon, t.pain_accent);
            }
        }
        CardKind::Opportunity => {
            w.rect(r, 6.0, t.opportunity_bg, None);
            if let Some(stripe) = card.stripe {
                w.rect(stripe, 2.0, t.opportunity_accent, None);
            }
            if let Some(icon) = card.icon {
                plus_icon(w, icon, t.opportunity_accent);
            }
        }
    }
    if let Some(badge) = &card.badge {
        draw_badge(w, map, badge, t);
    }
    if let Some(bar) = card.bar {
        w.rect(bar.track, 2.0, t.surface, Some(t.rule));
        w.rect(bar.filled, 2.0, t.muted, None);
    }
    let fill = match card.kind {
        CardKind::PainPoint => t.pain_text,
        CardKind::Opportunity => t.opportunity_text,
        _ => t.text,
    };
    for (i, text) in card.texts.iter().enumerate() {
        let title = matches!(text.style, TextStyle::CardTitle | TextStyle::SmallBold);
        let muted = card.kind == CardKind::Touchpoint && !title
            || card.kind == CardKind::Metrics && text.style == TextStyle::Small
            || card.kind == CardKind::Evidence && i > 0;
        w.text(text, if muted { t.muted } else { fill });
    }
    for mark in &card.persona_marks {
        let color = &map.persona(mark.persona).color.hex;
        w.circle(mark.at, PERSONA_MARK_RADIUS, color, None);
    }
}

fn draw_badge(w: &mut SvgWriter, map: &Map, badge: &Badge, t: &Theme) {
    w.rect(badge.rect, badge.corner_radius(), t.badge_bg, None);
    let icon = theme::channel_icon(map.channel(badge.channel).builtin);
    w.icon(icon, badge.icon, t.badge_text);
    w.text(&badge.label, t.badge_text);
}

/// A triangle with "!": the pain-point mark, a shape as well as a colour.
fn warning_icon(w: &mut SvgWriter, c: Point, color: &str) {
    let _ = write!(
        w.out,
        r##"<path d="M{} {}L{} {}H{}Z" fill="{color}"/><path d="M{} {}v{}M{} {}v0.01" stroke="#ffffff" stroke-width="1.8" stroke-linecap="round"/>"##,
        num(c.x),
        num(c.y - 8.0),
        num(c.x + 8.5),
        num(c.y + 7.0),
        num(c.x - 8.5),
        num(c.x),
        num(c.y - 3.0),
        num(5.0),
        num(c.x),
        num(c.y + 4.2),
    );
}

/// A circle with "+": the opportunity mark.
fn plus_icon(w: &mut SvgWriter, c: Point, color: &str) {
    w.circle(c, 8.0, color, None);
    let _ = write!(
        w.out,
        r##"<path d="M{} {}h8M{} {}v8" stroke="#ffffff" stroke-width="1.8" stroke-linecap="round"/>"##,
        num(c.x - 4.0),
        num(c.y),
        num(c.x),
        num(c.y - 4.0)
    );
}

/// The emotion curve: bands, neutral line, ticks, lines, faces and moments that matter.
/// Shared by the SVG and the HTML page; `interactive` adds focus and tooltip hooks.
/// Persona strokes use `currentColor` with the colour on the persona's group, so the
/// page's stylesheet can lighten them in dark mode.
pub fn curve_markup(map: &Map, curve: &CurveLayout, interactive: bool) -> String {
    curve_markup_within(map, curve, interactive, usize::MAX)
}

/// [`curve_markup`], stopping soon after the markup passes `limit` bytes.
pub fn curve_markup_within(
    map: &Map,
    curve: &CurveLayout,
    interactive: bool,
    limit: usize,
) -> String {
    let t = &LIGHT;
    // About 450 bytes a point are written, 700 with the tooltip attributes.
    let points: usize = curve.curves.iter().map(|c| c.points.len()).sum();
    let capacity = 4096 + points * if interactive { 1024 } else { 640 };
    let mut w = SvgWriter::with_capacity(capacity.min(limit.saturating_add(1)));
    w.limit = limit;
    w.raw(r#"<g class="jm-curve">"#);
    draw_scale(&mut w, curve, t);
    for current in &curve.current {
        draw_current_curve(&mut w, map, current);
    }
    for mark in &curve.too_few {
        let _ = write!(
            w.out,
            r#"<g class="jm-too-few">{}<text class="jm-tick" x="{}" y="{}" font-size="10" fill="{}">{}</text></g>"#,
            too_few_circle(mark.at, t.muted),
            num(mark.label_at.x),
            num(mark.label_at.y),
            t.muted,
            escape(&too_few_label(
                map.persona_by_key(&mark.persona_key)
                    .map_or("", |p| map.persona(p).name.as_str()),
                &map.labels,
                mark.n
            ))
        );
    }
    for persona_curve in &curve.curves {
        if w.is_full() {
            break;
        }
        draw_persona_curve(&mut w, map, persona_curve, interactive);
    }
    w.raw("</g>");
    w.finish()
}

/// The rule above the flow strip, its label and the captions under it.
pub(super) fn draw_flow_label(w: &mut SvgWriter, flow: &FlowLayout, t: &Theme) {
    w.line(&flow.separator, t.rule, 1.0, "");
    w.text(&flow.label, t.muted);
    for caption in &flow.captions {
        w.text(caption, t.muted);
    }
}

/// The flow strip's arrows, for the SVG and the HTML page alike. Strokes use
/// `currentColor` with the colour on the group, so the page's stylesheet can set it.
/// Edges removed in the future state go first, under the others: dotted, faint, and
/// with a `×` in a ring on their track; added ones carry a `+` there. The track stops
/// at the ring and goes on after it, so the ring needs no fill and shows on any
/// background (the HTML page's dark one too).
pub fn flow_markup(map: &Map, flow: &FlowLayout) -> String {
    // About 400 bytes an arrow, with its tooltip.
    let mut w = SvgWriter::with_capacity(256 + 400 * flow.arrows.len());
    let _ = write!(
        w.out,
        r#"<g class="jm-flow" color="{}" fill="none" stroke="currentColor" stroke-width="1.4">"#,
        LIGHT.muted
    );
    let removed = flow.arrows.iter().filter(|a| a.change == Change::Removed);
    let others = flow.arrows.iter().filter(|a| a.change != Change::Removed);
    for arrow in removed.chain(others) {
        let [start, down, across, end] = arrow.points;
        let radius = crate::layout::flow::CORNER.min((across.x - down.x).abs() / 2.0);
        let turn = radius * (across.x - down.x).signum();
        let head = 6.0;
        let dash = match (arrow.change, arrow.kind) {
            (Change::Removed, _) => r#" stroke-dasharray="1.5 2.5""#,
            (_, ArrowKind::Forward) => "",
            (_, ArrowKind::Back) => r#" stroke-dasharray="4 3""#,
        };
        let (class, faint) = match arrow.change {
            Change::Kept => ("", ""),
            Change::Added => (" jm-flow-added", ""),
            Change::Removed => (" jm-flow-removed", r#" opacity=".55""#),
        };
        let takers: Vec<&str> = arrow
            .personas
            .iter()
            .map(|&p| map.persona(p).name.as_str())
            .collect();
        let tip = wording::flow_tip(
            &map.labels,
            &map.touchpoint(arrow.from).name,
            &map.touchpoint(arrow.to).name,
            arrow.kind == ArrowKind::Back,
            arrow.change,
            &takers,
        );
        // The stubs break where another arrow's track passes over them.
        let crossing = crate::layout::flow::CROSSING_GAP;
        let mut down_stub = String::new();
        let mut up_stub = String::new();
        for at in arrow.crossings.iter().filter(|c| c.x == start.x) {
            let _ = write!(
                down_stub,
                "V{}M{} {}",
                num(at.y - crossing),
                num(at.x),
                num(at.y + crossing)
            );
        }
        for at in arrow.crossings.iter().rev().filter(|c| c.x == end.x) {
            let _ = write!(
                up_stub,
                "V{}M{} {}",
                num(at.y + crossing),
                num(at.x),
                num(at.y - crossing)
            );
        }
        let gap = match arrow.mark {
            Some(at) => {
                let side = crate::layout::flow::MARK_RADIUS * (across.x - down.x).signum();
                format!("H{}M{} {}", num(at.x - side), num(at.x + side), num(at.y))
            }
            None => String::new(),
        };
        let _ = write!(
            w.out,
            r#"<g class="jm-arrow{class}"{faint}><title>{}</title><path d="M{} {}{down_stub}V{}Q{} {} {} {}{gap}H{}Q{} {} {} {}{up_stub}V{}"{dash}/><path d="M{} {}L{} {}L{} {}Z" fill="currentColor" stroke="none"/>"#,
            escape(&tip),
            num(start.x),
            num(start.y),
            num(down.y - radius),
            num(down.x),
            num(down.y),
            num(down.x + turn),
            num(down.y),
            num(across.x - turn),
            num(across.x),
            num(across.y),
            num(across.x),
            num(across.y - radius),
            num(end.y + head),
            num(end.x - 4.0),
            num(end.y + head),
            num(end.x),
            num(end.y),
            num(end.x + 4.0),
            num(end.y + head),
        );
        if let Some(at) = arrow.mark {
            // A `+` or a `×` whose arms reach 2.2 from the centre of the ring.
            let arm = 2.2;
            let (dx, dy) = match arrow.change {
                Change::Removed => (arm, arm),
                _ => (arm, 0.0),
            };
            let _ = write!(
                w.out,
                r#"<circle class="jm-flow-mark" cx="{}" cy="{}" r="{}" stroke-width="1.2"/><path d="M{} {}L{} {}M{} {}L{} {}" stroke-width="1.3"/>"#,
                num(at.x),
                num(at.y),
                num(crate::layout::flow::MARK_RADIUS),
                num(at.x - dx),
                num(at.y - dy),
                num(at.x + dx),
                num(at.y + dy),
                num(at.x - dy),
                num(at.y + dx),
                num(at.x + dy),
                num(at.y - dx),
            );
        }
        w.raw("</g>");
        for (&persona, &at) in arrow.personas.iter().zip(&arrow.markers) {
            let _ = write!(
                w.out,
                r#"<circle class="jm-persona jm-p{}" cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="1.2"/>"#,
                persona.index(),
                num(at.x),
                num(at.y),
                num(crate::layout::flow::MARKER_RADIUS),
                map.persona(persona).color.hex,
                LIGHT.surface,
            );
        }
    }
    w.raw("</g>");
    w.finish()
}

/// The high and low bands, the neutral line and the tick labels.
fn draw_scale(w: &mut SvgWriter, curve: &CurveLayout, t: &Theme) {
    for (class, band, fill) in [
        ("jm-high", curve.high_band, t.high_band),
        ("jm-low", curve.low_band, t.low_band),
    ] {
        let _ = write!(
            w.out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            num(band.x),
            num(band.y),
            num(band.w),
            num(band.h),
        );
    }
    let neutral = curve.neutral;
    let _ = write!(
        w.out,
        r#"<line class="jm-neutral" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.2" stroke-dasharray="4 4"/>"#,
        num(neutral.from.x),
        num(neutral.from.y),
        num(neutral.to.x),
        num(neutral.to.y),
        t.neutral,
    );
    draw_ticks(w, curve, t);
}

/// The scale's values, right-aligned left of the plot.
pub(super) fn draw_ticks(w: &mut SvgWriter, curve: &CurveLayout, t: &Theme) {
    for tick in &curve.ticks {
        let _ = write!(
            w.out,
            r#"<text class="jm-tick" x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}</text>"#,
            num(tick.label_at.x),
            num(tick.label_at.y),
            t.muted,
            num(tick.value)
        );
    }
}

/// One persona's group: the steepest-fall band, the line, the lowest-point ring and
/// a face (with its tooltip) per point.
/// A persona's curve in the current state, under the future's: faint, thin, with
/// hollow dots, so the future's line reads on top.
fn draw_current_curve(w: &mut SvgWriter, map: &Map, curve: &PersonaCurve) {
    let persona = map.persona(curve.persona);
    let _ = write!(
        w.out,
        r#"<g class="jm-persona jm-current jm-p{}" color="{}" opacity="0.4">"#,
        curve.persona.index(),
        persona.color.hex
    );
    for d in curve.segments.iter().filter_map(|s| path_data(s)) {
        let _ = write!(
            w.out,
            r#"<path d="{d}" stroke="currentColor" stroke-width="2" fill="none" stroke-linecap="round"{}/>"#,
            dash_attr(persona.style)
        );
    }
    for point in &curve.points {
        w.circle(point.at, 3.5, "none", Some(("currentColor", 1.5)));
    }
    w.raw("</g>");
}

fn draw_persona_curve(w: &mut SvgWriter, map: &Map, curve: &PersonaCurve, interactive: bool) {
    let persona = map.persona(curve.persona);
    let _ = write!(
        w.out,
        r#"<g class="jm-persona jm-p{}" color="{}">"#,
        curve.persona.index(),
        persona.color.hex
    );
    // Steepest fall: a wide, pale band under that stretch of the line.
    if let Some(fall) = curve.steepest_fall {
        let _ = write!(
            w.out,
            r#"<path d="M{} {}L{} {}" stroke="currentColor" stroke-opacity="0.22" stroke-width="14" stroke-linecap="round" fill="none"/>"#,
            num(fall.from.x),
            num(fall.from.y),
            num(fall.to.x),
            num(fall.to.y)
        );
    }
    // Performance: looked up by position, once per end of each cubic; searching
    // the points for each made a curve cost points² (seconds at 10,000 steps).
    let assumed: std::collections::HashSet<[u64; 2]> = curve
        .points
        .iter()
        .filter(|p| p.backing.as_ref().is_some_and(|b| b.assumed))
        .map(|p| [p.at.x.to_bits(), p.at.y.to_bits()])
        .collect();
    let assumed_at =
        |at: Point| !assumed.is_empty() && assumed.contains(&[at.x.to_bits(), at.y.to_bits()]);
    for segment in &curve.segments {
        // Stretches touching an assumed score are drawn thin and dotted, the rest as
        // the persona's line.
        for (assumed, run) in split_runs(segment, |c| assumed_at(c.from) || assumed_at(c.to)) {
            let Some(d) = path_data(run) else { continue };
            if assumed {
                assumed_path(w, &d, "currentColor");
            } else {
                let _ = write!(
                    w.out,
                    r#"<path d="{d}" stroke="currentColor" stroke-width="3" fill="none" stroke-linecap="round"{}/>"#,
                    dash_attr(persona.style)
                );
            }
        }
    }
    for point in &curve.points {
        let Some(backing) = &point.backing else {
            continue;
        };
        if let Some(line) = backing.whisker {
            whisker(w, line, "currentColor");
        }
        if let Some((n, at)) = backing.responses {
            responses_label(w, at, &wording::responses(n), "currentColor");
        }
    }
    if let Some(low) = curve.lowest.and_then(|i| curve.points.get(i)) {
        lowest_ring(w, low.at, "currentColor");
    }
    for point in &curve.points {
        if w.is_full() {
            break;
        }
        let tip = point_tip(map, &persona.name, point);
        if interactive {
            let _ = write!(
                w.out,
                r#"<g class="jm-point" tabindex="0" role="img" aria-label="{0}" data-tip="{0}">"#,
                escape(&tip)
            );
        } else {
            w.raw("<g>");
        }
        let _ = write!(w.out, "<title>{}</title>", escape(&tip));
        face(w, point.at, point.mood, "currentColor");
        w.raw("</g>");
    }
    w.raw("</g>");
}

/// `items` cut into runs of neighbours that agree on `test`, each with its answer.
fn split_runs<T>(items: &[T], test: impl Fn(&T) -> bool) -> Vec<(bool, &[T])> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || test(&items[i]) != test(&items[start]) {
            runs.push((test(&items[start]), &items[start..i]));
            start = i;
        }
    }
    runs
}

/// The `d` of one smooth piece of a curve, or none for an empty piece.
fn path_data(segment: &[Cubic]) -> Option<String> {
    let first = segment.first()?;
    let mut d = format!("M{} {}", Num(first.from.x), Num(first.from.y));
    for c in segment {
        let _ = write!(
            d,
            "C{} {} {} {} {} {}",
            Num(c.c1.x),
            Num(c.c1.y),
            Num(c.c2.x),
            Num(c.c2.y),
            Num(c.to.x),
            Num(c.to.y)
        );
    }
    Some(d)
}

/// A point's tooltip, worded by [`wording::point_tip`].
fn point_tip(map: &Map, persona_name: &str, point: &CurvePoint) -> String {
    let touchpoint = map.touchpoint(point.touchpoint);
    wording::point_tip(
        &map.labels,
        &touchpoint.name,
        persona_name,
        &num(point.score),
        touchpoint.thoughts.first().map(|t| t.text.as_str()),
    )
}

/// The dashed ring that marks a persona's lowest point.
fn lowest_ring(w: &mut SvgWriter, at: Point, color: &str) {
    let _ = write!(
        w.out,
        r#"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{color}" stroke-width="1.6" stroke-dasharray="3 3"/>"#,
        num(at.x),
        num(at.y),
        num(FACE_RADIUS + 5.0)
    );
}

/// A survey score's 95% interval: a vertical line with short caps.
fn whisker(w: &mut SvgWriter, line: Line, stroke: &str) {
    w.line(&line, stroke, 1.5, "");
    for y in [line.from.y, line.to.y] {
        w.line(
            &Line::horizontal(y, line.from.x - 4.0, line.from.x + 4.0),
            stroke,
            1.5,
            "",
        );
    }
}

/// "n=212" centred on `at`'s baseline.
fn responses_label(w: &mut SvgWriter, at: Point, text: &str, fill: &str) {
    let _ = write!(
        w.out,
        r#"<text class="jm-n" x="{}" y="{}" font-size="10" text-anchor="middle" fill="{fill}">{}</text>"#,
        num(at.x),
        num(at.y),
        escape(text)
    );
}

/// The hollow, dashed mark of a persona with too few responses for a score.
fn too_few_circle(at: Point, stroke: &str) -> String {
    format!(
        r#"<circle cx="{}" cy="{}" r="5" fill="none" stroke="{stroke}" stroke-width="1.5" stroke-dasharray="2 2"/>"#,
        num(at.x),
        num(at.y)
    )
}

/// The dotted stroke of a stretch of curve that touches an assumed score.
fn assumed_path(w: &mut SvgWriter, d: &str, stroke: &str) {
    let _ = write!(
        w.out,
        r#"<path class="jm-assumed" d="{d}" stroke="{stroke}" stroke-width="1.5" stroke-opacity="0.7" fill="none" stroke-linecap="round" stroke-dasharray="1 5"/>"#
    );
}

pub(super) fn draw_legend(w: &mut SvgWriter, map: &Map, legend: &Legend, t: &Theme) {
    w.text(&legend.title, t.text);
    for entry in &legend.personas {
        let persona = map.persona(entry.persona);
        line_key(w, &entry.key, &persona.color.hex, persona.style);
        w.text(&entry.label, t.text);
    }
    for (at, mood) in &legend.faces {
        face(w, *at, *mood, t.muted);
    }
    let low = legend.lowest_key;
    face(w, low, 0.0, t.muted);
    lowest_ring(w, low, t.muted);
    let fall = legend.fall_key;
    let _ = write!(
        w.out,
        r#"<path d="M{} {}L{} {}" stroke="{}" stroke-opacity="0.3" stroke-width="12" stroke-linecap="round"/>"#,
        num(fall.from.x),
        num(fall.from.y),
        num(fall.to.x),
        num(fall.to.y),
        t.muted
    );
    if let Some(keys) = &legend.data_keys {
        let a = keys.assumed;
        assumed_path(
            w,
            &format!(
                "M{} {}L{} {}",
                num(a.from.x),
                num(a.from.y),
                num(a.to.x),
                num(a.to.y)
            ),
            t.text,
        );
        whisker(w, keys.interval, t.text);
        responses_label(w, keys.responses_at, wording::RESPONSES_SAMPLE, t.text);
        w.raw(&too_few_circle(keys.too_few_at, t.muted));
    }
    for text in &legend.texts {
        w.text(text, t.text);
    }
}
