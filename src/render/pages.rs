//! The pages of a [`PagePlan`] as SVG pictures, one per sheet of paper: drawn into
//! the PDF, and shown by the HTML page when it is printed, so both print alike.
//!
//! Each of a page's viewports is a nested `<svg>` whose `viewBox` is the viewport's
//! source rectangle, so the map's parts are drawn at their own coordinates with the
//! writer [`super::svg`] uses for the whole picture, and clipped to what the page
//! holds. The pages carry no ids, so several can sit in one HTML page.

use std::fmt::Write as _;

use super::blueprint;
use super::svg::{
    SvgWriter, curve_markup, draw_card, draw_flow_label, draw_legend, draw_personas,
    draw_stage_header, draw_ticks, flow_markup,
};
use super::theme::{LIGHT, Theme};
use crate::escape::escape;
use crate::fonts::font_stack;
use crate::i18n::Label;
use crate::layout::pages::{
    FOOT_HEIGHT, FOOT_TEXT_SIZE, PAGE_LOGO_BOX, Page, PagePlan, Part, Viewport,
};
use crate::layout::{
    FlowLayout, LABEL_WIDTH, Lane, LaneKind, Layout, MARGIN, Paper, TextMeasurer, pages,
};
use crate::model::Map;
use crate::number::Num;

/// Largest map area, in CSS px², whose pages are drawn: the limit of the PDF, so
/// the print view costs no more than the PDF does.
const MAX_PAGED_AREA: f64 = super::raster::MAX_DRAWN_AREA;

/// One printed page: its picture, and what it shows in words (the PDF's
/// alternative text for it).
#[derive(Clone, Debug)]
pub struct PrintedPage {
    pub svg: String,
    pub description: String,
}

/// The printed pages of a map on `paper`: none for a map too large to draw (its
/// page then prints zoomed onto one sheet).
pub fn print_pages(map: &Map, layout: &Layout, paper: Paper) -> Vec<PrintedPage> {
    if layout.width * layout.height > MAX_PAGED_AREA {
        return Vec::new();
    }
    let plan = pages::plan(
        map,
        TextMeasurer::for_lang(map.lang.as_deref()),
        layout,
        paper,
    );
    printed_pages(map, layout, &plan)
}

/// Every page of `plan`, drawn and described.
pub fn printed_pages(map: &Map, layout: &Layout, plan: &PagePlan) -> Vec<PrintedPage> {
    let total = plan.pages.len();
    plan.pages
        .iter()
        .map(|page| PrintedPage {
            svg: page_svg(map, layout, plan, page, total),
            description: describe_page(map, layout, page, total),
        })
        .collect()
}

/// "Page 2 of 5 of Buying a laptop: the stages Awareness and Consideration, the
/// touchpoints …, the lanes Touchpoints to Emotions."
fn describe_page(map: &Map, layout: &Layout, page: &Page, total: usize) -> String {
    let labels = &map.labels;
    let mut text = labels.fill(
        Label::PageOf,
        &[
            ("number", &page.number.to_string()),
            ("total", &total.to_string()),
            ("title", &map.title),
        ],
    );
    let mut parts = Vec::new();
    for viewport in &page.viewports {
        match viewport.part {
            Part::Lens => parts.push(labels.get(Label::PageLens).to_owned()),
            Part::Legend => parts.push(labels.get(Label::PageLegend).to_owned()),
            _ => {}
        }
    }
    let columns = &layout.columns[page.columns.clone()];
    let mut stages: Vec<&str> = Vec::new();
    for column in columns {
        let name = map.stage(column.stage).name.as_str();
        if stages.last() != Some(&name) {
            stages.push(name);
        }
    }
    if !stages.is_empty() {
        parts.push(labels.fill(Label::PageStages, &[("list", &stages.join(", "))]));
        let touchpoints: Vec<&str> = columns
            .iter()
            .filter_map(|c| c.touchpoint)
            .map(|t| map.touchpoint(t).name.as_str())
            .collect();
        if !touchpoints.is_empty() {
            parts.push(labels.fill(Label::PageTouchpoints, &[("list", &touchpoints.join(", "))]));
        }
        let mut lanes: Vec<&str> = layout.lanes[page.lanes.clone()]
            .iter()
            .map(|l| map.labels.get(l.kind.label()))
            .collect();
        lanes.extend(
            map.lane_ids()
                .skip(page.blueprint_lanes.start)
                .take(page.blueprint_lanes.len())
                .map(|l| map.lane(l).name.as_str()),
        );
        parts.push(labels.fill(Label::PageLanes, &[("list", &lanes.join(", "))]));
    }
    if !parts.is_empty() {
        let _ = write!(text, ": {}", parts.join("; "));
    }
    text.push('.');
    text
}

fn page_svg(map: &Map, layout: &Layout, plan: &PagePlan, page: &Page, total: usize) -> String {
    let t = &LIGHT;
    let (width, height) = plan.paper.px();
    let mut w = SvgWriter::new().measured_by(TextMeasurer::for_lang(map.lang.as_deref()));
    w.raw(&format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="{2}">"#,
        Num(width),
        Num(height),
        font_stack(map.theme.font.as_deref())
    ));
    w.rect(
        crate::layout::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
        },
        0.0,
        t.page,
        None,
    );
    let margin = plan.margin();
    w.raw(&format!(
        r#"<g transform="translate({} {}) scale({})">"#,
        Num(margin),
        Num(margin),
        Num(plan.scale)
    ));
    // The header, with the logo at its right; the content below it.
    if let Some(logo) = map.theme.logo.as_ref().filter(|_| plan.head > 0.0) {
        let (box_w, box_h) = PAGE_LOGO_BOX;
        w.raw(&format!(
            r#"<image x="{}" y="0" width="{}" height="{}" preserveAspectRatio="xMaxYMid meet" href="{}"/><g transform="translate(0 {})">"#,
            Num(plan.width - box_w),
            Num(box_w),
            Num(box_h),
            escape(&logo.data_uri()),
            Num(plan.head)
        ));
    }
    for viewport in &page.viewports {
        draw_viewport(&mut w, map, layout, plan, page, viewport, t);
    }
    draw_foot(&mut w, plan, page.number, total, t);
    if map.theme.logo.is_some() && plan.head > 0.0 {
        w.raw("</g>");
    }
    w.raw("</g></svg>\n");
    w.finish()
}

/// One viewport: its part drawn in the map's coordinates, clipped to its source.
fn draw_viewport(
    w: &mut SvgWriter,
    map: &Map,
    layout: &Layout,
    plan: &PagePlan,
    page: &Page,
    viewport: &Viewport,
    t: &Theme,
) {
    let source = viewport.source;
    w.raw(&format!(
        r#"<svg x="{}" y="{}" width="{}" height="{}" viewBox="{} {} {} {}" overflow="hidden">"#,
        Num(viewport.x),
        Num(viewport.y),
        Num(source.w),
        Num(source.h),
        Num(source.x),
        Num(source.y),
        Num(source.w),
        Num(source.h)
    ));
    let (x0, x1) = (source.x, source.right());
    match &viewport.part {
        Part::Lens => {
            w.text(&plan.lens.title, t.text);
            if let Some(scenario) = &plan.lens.scenario {
                w.text(scenario, t.muted);
            }
            for line in plan.lens.about.iter().chain(&plan.lens.backing) {
                w.text(line, t.muted);
            }
            draw_personas(w, map, &plan.lens.personas, t);
        }
        Part::StageHeaders(headers) => {
            for header in headers {
                w.rect(header.rect, 0.0, t.surface, None);
                draw_stage_header(w, map, header, header.stage.index(), t);
            }
        }
        Part::LaneLabels => {
            for lane in &layout.lanes[page.lanes.clone()] {
                w.line(&lane.separator, t.rule, 1.0, "");
                w.text(&lane.label, t.muted);
                if let Some(flow) = flow_under(layout, lane) {
                    draw_flow_label(w, flow, t);
                }
                if lane.kind == LaneKind::Emotions
                    && let Some(curve) = &layout.curve
                {
                    draw_ticks(w, curve, t);
                }
            }
            if let Some(blueprint) = &layout.blueprint {
                for i in page.blueprint_lanes.clone() {
                    for line in blueprint.lines_above(i) {
                        blueprint::draw_line(w, line, t);
                    }
                    if let Some(lane) = blueprint.lanes.get(i) {
                        blueprint::draw_lane_label(w, lane, t);
                    }
                }
            }
        }
        Part::Lanes => {
            for stage in &layout.stages {
                if stage.band.right() > x0 && stage.band.x < x1 {
                    w.rect(stage.band, 0.0, t.surface, None);
                    if let Some(rule) = stage.rule.as_ref().filter(|_| stage.band.x > x0) {
                        w.line(rule, t.border, 1.0, "");
                    }
                }
            }
            for lane in &layout.lanes[page.lanes.clone()] {
                w.line(&lane.separator, t.rule, 1.0, "");
                if let Some(flow) = flow_under(layout, lane) {
                    w.line(&flow.separator, t.rule, 1.0, "");
                    w.raw(&flow_markup(map, flow));
                }
                for card in lane
                    .cards
                    .iter()
                    .filter(|c| c.rect.x >= x0 && c.rect.x < x1)
                {
                    draw_card(w, map, card, t);
                }
            }
            if let Some(curve) = &page.curve {
                w.raw(&curve_markup(map, curve, false));
            }
            if let Some(blueprint) = &layout.blueprint {
                for i in page.blueprint_lanes.clone() {
                    // A line's name may be wider than the label column: drawn as
                    // if that column stood just left of this page's columns, what
                    // spills over shows where it does in the whole picture.
                    let shift = x0 - (MARGIN + LABEL_WIDTH);
                    for line in blueprint.lines_above(i) {
                        w.raw(&format!(r#"<g transform="translate({} 0)">"#, Num(shift)));
                        blueprint::draw_line(w, line, t);
                        w.raw("</g>");
                    }
                    if let Some(lane) = blueprint.lanes.get(i) {
                        if let Some(separator) = &lane.separator {
                            w.line(separator, t.rule, 1.0, "");
                        }
                        let on_page = lane
                            .cards
                            .iter()
                            .filter(|c| c.rect.x >= x0 && c.rect.x < x1);
                        blueprint::draw_cards(w, on_page, t);
                    }
                }
            }
        }
        Part::Legend => {
            if let Some(legend) = &plan.legend {
                draw_legend(w, map, legend, t);
            }
        }
    }
    w.raw("</svg>");
}

/// The flow strip, which is drawn with the touchpoints lane (`lane`).
fn flow_under<'a>(layout: &'a Layout, lane: &Lane) -> Option<&'a FlowLayout> {
    layout
        .flow
        .as_ref()
        .filter(|_| lane.kind == LaneKind::Touchpoints)
}

/// The running foot: the map's title at the left, "2 / 5" at the right.
fn draw_foot(w: &mut SvgWriter, plan: &PagePlan, number: usize, total: usize, t: &Theme) {
    let baseline = plan.height + FOOT_HEIGHT - 6.0;
    let mut foot = String::new();
    let _ = write!(
        foot,
        r#"<text x="0" y="{0}" font-size="{1}" fill="{2}">{3}</text><text x="{4}" y="{0}" font-size="{1}" text-anchor="end" fill="{2}">{number} / {total}</text>"#,
        Num(baseline),
        Num(FOOT_TEXT_SIZE),
        t.muted,
        escape(&plan.foot_title),
        Num(plan.width),
    );
    w.raw(&foot);
}
