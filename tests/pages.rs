//! Printed pages: generated maps of 5, 15 and 60 touchpoints, and the examples with
//! a service blueprint, on every paper size and orientation. Every page stays
//! within its paper, every touchpoint's column is on exactly one page in each lane
//! and each blueprint lane, no text is under 8 pt, and each page with part of the
//! grid repeats the lane labels (the blueprint's roles, names, owners and lines
//! too) and its stages' headers and is numbered.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use journeymap::generate::{GenerateOptions, generate};
use journeymap::layout::pages::{PX_PER_MM, Part, plan};
use journeymap::layout::{
    COLUMN_WIDTH, Layout, Orientation, Paper, PaperSize, TextMeasurer, layout,
};
use journeymap::model::Map;

fn generated(touchpoints: usize) -> Map {
    let text = generate(GenerateOptions {
        touchpoints,
        personas: 3,
        seed: 7,
        blueprint: false,
    });
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("gen.yaml", text));
    loaded.map.expect("a generated map is valid")
}

fn papers() -> Vec<Paper> {
    let mut papers = Vec::new();
    for size in PaperSize::ALL {
        for orientation in Orientation::ALL {
            papers.push(Paper { size, orientation });
        }
    }
    papers
}

/// Every `font-size` in a page's SVG, in points on paper.
fn font_sizes_pt(svg: &str, scale: f64) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse::<f64>().unwrap() * scale * 0.75)
        .collect()
}

fn check(map: &Map, layout: &Layout, paper: Paper) {
    let m = TextMeasurer::shared();
    let plan = plan(map, m, layout, paper);
    let what = format!("{} touchpoints on {paper}", map.touchpoints.len());
    let (paper_w, paper_h) = paper.px();
    let margin = 10.0 * PX_PER_MM;
    // The content area, scaled, fits inside the paper's margins.
    assert!(
        plan.width * plan.scale <= paper_w - 2.0 * margin + 1e-6
            && (plan.head + plan.height + journeymap::layout::pages::FOOT_HEIGHT) * plan.scale
                <= paper_h - 2.0 * margin + 1e-6,
        "{what}: content {} x {} at {}",
        plan.width,
        plan.height,
        plan.scale
    );
    assert!(
        plan.smallest_text_pt() >= 8.0 - 1e-9,
        "{what}: {}",
        plan.scale
    );
    let pages = journeymap::render::pages::printed_pages(map, layout, &plan);
    assert_eq!(pages.len(), plan.pages.len());
    for (page, printed) in plan.pages.iter().zip(&pages) {
        for viewport in &page.viewports {
            assert!(
                viewport.x >= -1e-6
                    && viewport.y >= -1e-6
                    && viewport.x + viewport.source.w <= plan.width + 1e-6
                    && viewport.y + viewport.source.h <= plan.height + 1e-6,
                "{what}: page {} has {:?} at ({}, {}) size {} x {}, outside {} x {}",
                page.number,
                std::mem::discriminant(&viewport.part),
                viewport.x,
                viewport.y,
                viewport.source.w,
                viewport.source.h,
                plan.width,
                plan.height
            );
        }
        // The SVG is the paper's size, and its text is at least 8 pt.
        let size = format!(
            r#"width="{}" height="{}""#,
            journeymap::number::num(paper_w),
            journeymap::number::num(paper_h)
        );
        assert!(printed.svg.contains(&size), "{what}: {size}");
        for pt in font_sizes_pt(&printed.svg, plan.scale) {
            assert!(pt >= 8.0 - 1e-9, "{what}: page {}: {pt} pt", page.number);
        }
        assert!(
            printed
                .svg
                .contains(&format!(">{} / {}<", page.number, plan.pages.len())),
            "{what}: page {} is not numbered",
            page.number
        );
        if page.columns.is_empty() {
            continue;
        }
        // Lane labels and stage headers are repeated on every page of the grid.
        let parts: Vec<&Part> = page.viewports.iter().map(|v| &v.part).collect();
        assert!(
            parts.contains(&&Part::LaneLabels),
            "{what}: {}",
            page.number
        );
        let headers = parts
            .iter()
            .find_map(|p| match p {
                Part::StageHeaders(h) => Some(h),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{what}: page {} has no stage headers", page.number));
        let mut stages: Vec<_> = layout.columns[page.columns.clone()]
            .iter()
            .map(|c| c.stage)
            .collect();
        stages.dedup();
        assert_eq!(
            headers.iter().map(|h| h.stage).collect::<Vec<_>>(),
            stages,
            "{what}: page {}",
            page.number
        );
        for lane in &layout.lanes[page.lanes.clone()] {
            let label = journeymap::escape::escape(&lane.label.lines[0]);
            assert!(
                printed.svg.contains(&format!(">{label}<")),
                "{what}: page {} lacks the label {label}",
                page.number
            );
        }
        if page
            .lanes
            .clone()
            .any(|l| layout.lanes[l].kind == journeymap::layout::LaneKind::Emotions)
        {
            let curve = layout.curve.as_ref().unwrap();
            for tick in &curve.ticks {
                let tick = journeymap::number::num(tick.value);
                assert!(
                    printed.svg.contains(r#"class="jm-tick""#)
                        && printed.svg.contains(&format!(">{tick}</text>")),
                    "{what}: page {} lacks the emotion scale's {tick}",
                    page.number
                );
            }
        }
    }
    check_blueprint(layout, &plan, &pages, &what);
    // Each touchpoint's column is on exactly one page in each lane.
    for (c, column) in layout.columns.iter().enumerate() {
        for (l, lane) in layout.lanes.iter().enumerate() {
            let on = plan
                .pages
                .iter()
                .filter(|p| p.columns.contains(&c) && p.lanes.contains(&l))
                .count();
            assert_eq!(
                on, 1,
                "{what}: {:?} in {:?} is on {on} pages",
                column.touchpoint_key, lane.kind
            );
        }
    }
    // The lens and the legend are each printed once.
    for wanted in [Part::Lens, Part::Legend] {
        let count = plan
            .pages
            .iter()
            .flat_map(|p| &p.viewports)
            .filter(|v| v.part == wanted)
            .count();
        assert_eq!(count, 1, "{what}: {wanted:?}");
    }
}

#[test]
fn every_paper_holds_every_touchpoint_once_in_readable_text() {
    for touchpoints in [5, 15, 60] {
        let map = generated(touchpoints);
        let layout = layout(&map, TextMeasurer::shared());
        for paper in papers() {
            check(&map, &layout, paper);
        }
    }
}

#[test]
fn a_stage_that_fits_is_not_cut_and_a_wide_one_is_cut_between_touchpoints() {
    let map = generated(60);
    let layout = layout(&map, TextMeasurer::shared());
    let plan = plan(&map, TextMeasurer::shared(), &layout, Paper::default());
    let mut groups: Vec<std::ops::Range<usize>> = plan
        .pages
        .iter()
        .map(|p| p.columns.clone())
        .filter(|c| !c.is_empty())
        .collect();
    groups.dedup();
    // Consecutive, from the first column to the last.
    assert_eq!(groups.first().map(|g| g.start), Some(0));
    assert_eq!(groups.last().map(|g| g.end), Some(layout.columns.len()));
    for pair in groups.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
    // A3 landscape at scale 1 holds 5 columns beside the labels.
    assert!(groups.iter().all(|g| g.len() <= 5), "{groups:?}");
    // A stage cut between pages says so on the page that continues it, and only there.
    let mut continued = 0;
    for page in plan.pages.iter().filter(|p| !p.columns.is_empty()) {
        let start = page.columns.start;
        let goes_on = start > 0 && layout.columns[start - 1].stage == layout.columns[start].stage;
        let Some(Part::StageHeaders(headers)) = page
            .viewports
            .iter()
            .map(|v| &v.part)
            .find(|p| matches!(p, Part::StageHeaders(_)))
        else {
            panic!("page {} has no headers", page.number);
        };
        for (i, header) in headers.iter().enumerate() {
            let name = header.name.lines.join(" ");
            assert_eq!(
                name.ends_with("(continued)"),
                goes_on && i == 0,
                "page {}: {name}",
                page.number
            );
        }
        continued += usize::from(goes_on);
    }
    assert!(
        continued > 0,
        "the 60-touchpoint map has a stage cut between pages"
    );
    assert!(plan.scale <= 1.0);
}

#[test]
fn wider_paper_takes_fewer_pages() {
    let map = generated(60);
    let layout = layout(&map, TextMeasurer::shared());
    let count = |size, orientation| {
        plan(
            &map,
            TextMeasurer::shared(),
            &layout,
            Paper { size, orientation },
        )
        .pages
        .len()
    };
    let a4_portrait = count(PaperSize::A4, Orientation::Portrait);
    let a3_landscape = count(PaperSize::A3, Orientation::Landscape);
    let tabloid_landscape = count(PaperSize::Tabloid, Orientation::Landscape);
    assert!(
        a3_landscape < a4_portrait && tabloid_landscape <= a3_landscape,
        "A4 portrait {a4_portrait}, A3 landscape {a3_landscape}, tabloid {tabloid_landscape}"
    );
}

/// A lane taller than any page (50 long pain points on one touchpoint) cannot be
/// cut: the plan shrinks the pages until it fits, and still holds everything.
#[test]
fn a_lane_taller_than_a_page_is_shrunk_to_fit_not_cut() {
    let pain: String = (0..50)
        .map(|i| {
            format!(
                "      - Pain point {i} {}\n",
                "with many words in it ".repeat(12)
            )
        })
        .collect();
    let text = format!(
        "title: Tall\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    emotion: 2\n    pain_points:\n{pain}  - id: b\n    stage: purchase\n    name: B\n    emotion: 4\n"
    );
    let map = journeymap::load(journeymap::diag::SourceFile::new("tall.yaml", text))
        .map
        .unwrap();
    let layout = layout(&map, TextMeasurer::shared());
    let paper = Paper::default();
    let planned = plan(&map, TextMeasurer::shared(), &layout, paper);
    let tallest = layout.lanes.iter().map(|l| l.rect.h).fold(0.0, f64::max);
    assert!(
        tallest > paper.px().1,
        "the lane ({tallest} px) is taller than the paper"
    );
    assert!(planned.scale < 1.0, "{}", planned.scale);
    for page in &planned.pages {
        for viewport in &page.viewports {
            assert!(viewport.y + viewport.source.h <= planned.height + 1e-6);
        }
    }
    for (c, _) in layout.columns.iter().enumerate() {
        for (l, _) in layout.lanes.iter().enumerate() {
            let on = planned
                .pages
                .iter()
                .filter(|p| p.columns.contains(&c) && p.lanes.contains(&l))
                .count();
            assert_eq!(on, 1);
        }
    }
}

/// A title and a scenario of the longest text allowed, on the narrowest paper:
/// the lens cannot be cut between persona cards, so the pages shrink until it fits.
#[test]
fn the_longest_texts_fit_on_the_narrowest_paper() {
    let long = "Words that go on and on ".repeat(80);
    let text = format!(
        "title: {long}\nscenario: {long}\nstages:\n  - {{ id: s1, name: One }}\n  - {{ id: s2, name: Two }}\ntouchpoints:\n  - {{ id: a, stage: s1, name: A, emotion: 2 }}\n  - {{ id: b, stage: s2, name: B, emotion: 4 }}\n"
    );
    let map = journeymap::load(journeymap::diag::SourceFile::new("long.yaml", text))
        .map
        .unwrap();
    let layout = layout(&map, TextMeasurer::shared());
    let paper: Paper = "a4 portrait".parse().unwrap();
    let planned = plan(&map, TextMeasurer::shared(), &layout, paper);
    let (paper_w, paper_h) = paper.px();
    let margin = 10.0 * PX_PER_MM;
    assert!(planned.width * planned.scale <= paper_w - 2.0 * margin + 1e-6);
    assert!(
        (planned.height + journeymap::layout::pages::FOOT_HEIGHT) * planned.scale
            <= paper_h - 2.0 * margin + 1e-6
    );
    assert!(planned.scale < 1.0, "{}", planned.scale);
    for page in &planned.pages {
        for viewport in &page.viewports {
            assert!(
                viewport.y + viewport.source.h <= planned.height + 1e-6
                    && viewport.x + viewport.source.w <= planned.width + 1e-6,
                "page {}: {:?} ends at {} of {}",
                page.number,
                std::mem::discriminant(&viewport.part),
                viewport.y + viewport.source.h,
                planned.height
            );
        }
    }
}

/// The blueprint's lanes are printed like the journey's: each (touchpoint,
/// blueprint lane) cell on exactly one page, every card of a page's cells drawn on
/// it with its fail point and wait, and each page repeating the labels of its
/// blueprint lanes and the names of the lines above them.
fn check_blueprint(
    layout: &Layout,
    plan: &journeymap::layout::PagePlan,
    pages: &[journeymap::render::pages::PrintedPage],
    what: &str,
) {
    let Some(blueprint) = &layout.blueprint else {
        return;
    };
    let shows =
        |svg: &str, line: &str| svg.contains(&format!(">{}<", journeymap::escape::escape(line)));
    for (c, column) in layout.columns.iter().enumerate() {
        for (b, lane) in blueprint.lanes.iter().enumerate() {
            let on: Vec<usize> = plan
                .pages
                .iter()
                .filter(|p| p.columns.contains(&c) && p.blueprint_lanes.contains(&b))
                .map(|p| p.number)
                .collect();
            assert_eq!(
                on.len(),
                1,
                "{what}: {:?} in the blueprint lane {} is on pages {on:?}",
                column.touchpoint_key,
                lane.lane_key
            );
            let page = &plan.pages[on[0] - 1];
            let svg = &pages[on[0] - 1].svg;
            let x0 = layout.columns[page.columns.start].x;
            let x1 = layout.columns[page.columns.end - 1].x + COLUMN_WIDTH;
            let cards = lane
                .cards
                .iter()
                .filter(|card| card.rect.x >= column.x && card.rect.x < column.x + COLUMN_WIDTH);
            for card in cards {
                assert!(card.rect.x >= x0 && card.rect.right() <= x1);
                for line in card
                    .text
                    .lines
                    .iter()
                    .chain(card.marks.iter().flat_map(|m| &m.label.lines))
                {
                    assert!(
                        shows(svg, line),
                        "{what}: page {} lacks {line:?} of {:?} in {}",
                        page.number,
                        column.touchpoint_key,
                        lane.lane_key
                    );
                }
            }
        }
    }
    for (page, printed) in plan.pages.iter().zip(pages) {
        for b in page.blueprint_lanes.clone() {
            let lane = &blueprint.lanes[b];
            // The page's words (the PDF's alternative text) name the lane too.
            let name = lane.name.lines.join(" ");
            assert!(
                printed.description.contains(&name),
                "{what}: page {} is described without {name:?}: {}",
                page.number,
                printed.description
            );
            let label = lane
                .role_label
                .lines
                .iter()
                .chain(&lane.name.lines)
                .chain(lane.owner.iter().flat_map(|o| &o.lines));
            let lines = blueprint.lines_above(b).flat_map(|l| &l.label.lines);
            for line in label.chain(lines) {
                assert!(
                    shows(&printed.svg, line),
                    "{what}: page {} lacks the label {line:?} of the blueprint lane {}",
                    page.number,
                    lane.lane_key
                );
            }
        }
    }
    // Every line is printed, above the lane whose level it opens.
    let mut opened: Vec<_> = (0..blueprint.lanes.len())
        .flat_map(|b| blueprint.lines_above(b))
        .collect();
    opened.dedup();
    assert_eq!(opened.len(), blueprint.lines.len(), "{what}");
}

fn example(name: &str) -> Map {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    journeymap::load(journeymap::diag::SourceFile::new(&path, text))
        .map
        .expect("the example is valid")
}

#[test]
fn blueprint_lanes_are_printed_like_the_other_lanes() {
    for name in [
        "bank-account-opening.yaml",
        "hospital-outpatient.yaml",
        "saas-support-escalation.yaml",
    ] {
        let map = example(name);
        let layout = layout(&map, TextMeasurer::shared());
        assert!(layout.blueprint.is_some(), "{name} has blueprint lanes");
        for paper in papers() {
            check(&map, &layout, paper);
        }
    }
}

/// On small paper the blueprint is cut between its lanes: some page starts with
/// a blueprint lane below the stage headers, and repeats that lane's labels.
#[test]
fn a_blueprint_taller_than_a_page_is_cut_between_its_lanes() {
    let map = example("bank-account-opening.yaml");
    let layout = layout(&map, TextMeasurer::shared());
    let planned = plan(
        &map,
        TextMeasurer::shared(),
        &layout,
        "a4 landscape".parse().unwrap(),
    );
    let blueprint = layout.blueprint.as_ref().unwrap();
    let cut_inside: Vec<usize> = planned
        .pages
        .iter()
        .filter(|p| p.lanes.is_empty() && p.blueprint_lanes.start > 0)
        .map(|p| p.number)
        .collect();
    assert!(
        !cut_inside.is_empty() && blueprint.lanes.len() > 1,
        "no page starts inside the blueprint: {:?}",
        planned
            .pages
            .iter()
            .map(|p| (p.lanes.clone(), p.blueprint_lanes.clone()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_themes_logo_heads_every_page_above_the_content_on_every_paper() {
    use journeymap::layout::pages::{HEAD_HEIGHT, PAGE_LOGO_BOX};
    let mut map = generated(60);
    let plain = map.clone();
    map.theme.logo = Some(journeymap::data::logo::Logo {
        mime: "image/svg+xml",
        bytes: br#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="20"/>"#.to_vec(),
    });
    let uri = map.theme.logo.as_ref().unwrap().data_uri();
    let laid_out = layout(&map, TextMeasurer::shared());
    for paper in papers() {
        check(&map, &laid_out, paper);
        let plan = plan(&map, TextMeasurer::shared(), &laid_out, paper);
        assert_eq!(plan.head, HEAD_HEIGHT);
        // The logo's box is in the header, at its right, clear of the content
        // (the title on the first page) that starts below the header.
        assert!(PAGE_LOGO_BOX.1 < plan.head && PAGE_LOGO_BOX.0 <= plan.width);
        let image = format!(
            r#"<image x="{}" y="0" width="{}" height="{}" preserveAspectRatio="xMaxYMid meet" href="{uri}"/><g transform="translate(0 {})">"#,
            journeymap::number::num(plan.width - PAGE_LOGO_BOX.0),
            journeymap::number::num(PAGE_LOGO_BOX.0),
            journeymap::number::num(PAGE_LOGO_BOX.1),
            journeymap::number::num(plan.head),
        );
        let pages = journeymap::render::pages::printed_pages(&map, &laid_out, &plan);
        for page in &pages {
            assert_eq!(page.svg.matches(&image).count(), 1, "{paper}");
            assert_eq!(page.svg.matches("<image").count(), 1, "{paper}");
        }
        // Without a logo, no header: the pages are as they were.
        let plain_plan =
            journeymap::layout::pages::plan(&plain, TextMeasurer::shared(), &laid_out, paper);
        assert_eq!(plain_plan.head, 0.0);
        let plain_pages = journeymap::render::pages::printed_pages(&plain, &laid_out, &plain_plan);
        assert!(plain_pages.iter().all(|p| !p.svg.contains("<image")));
    }
}
