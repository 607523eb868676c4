//! Shared test helpers: snapshot files and paths.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// Runs the journeymap binary in `dir`, without colour.
pub fn journeymap(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A fresh, empty folder for one test, unique to this test process.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jm-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the file `tests/snapshots/<name>`. With `JOURNEYMAP_BLESS=1`
/// the file is (re)written instead, to be reviewed in the diff.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    let bless = std::env::var_os("JOURNEYMAP_BLESS").is_some_and(|v| v == "1");
    if bless {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot at {}; run with JOURNEYMAP_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {} differs from line {}:\n--- expected\n{}\n+++ actual\n{}\n(run with JOURNEYMAP_BLESS=1 to accept, then review the diff)",
            name,
            line + 1,
            expected
                .lines()
                .skip(line)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
            actual
                .lines()
                .skip(line)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
}

pub fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Loads map text that must be valid, failing the test with the diagnostics otherwise.
pub fn valid_map(name: &str, text: &str) -> journeymap::model::Map {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new(name, text));
    match loaded.map {
        Some(map) => map,
        None => panic!(
            "{name} should be valid:\n{}",
            journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)
        ),
    }
}

/// The printed diagnostics of map text.
pub fn printed(name: &str, text: &str) -> String {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new(name, text));
    journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)
}

use journeymap::layout::{Layout, Rect, TextBlock, TextMeasurer};

/// Checks the promises of the layout: lines fit, boxes hold their text, nothing
/// collides, nothing leaves the page.
pub fn assert_fits(name: &str, layout: &Layout) {
    let m = TextMeasurer::shared();
    let page = Rect {
        x: 0.0,
        y: 0.0,
        w: layout.width,
        h: layout.height,
    };
    let check_block = |block: &TextBlock, container: &Rect, what: &str| {
        assert!(
            container.contains(&block.rect),
            "{name}: {what} text {:?} leaves its box {container:?}",
            block.lines
        );
        for (at, line) in block.baselines() {
            let width = m.width(line, block.style.size(), block.style.weight());
            let single = unicode_graphemes(line) <= 1;
            assert!(
                width <= block.rect.w + 1e-6 || single,
                "{name}: {what} line {line:?} is {width} wide in {}",
                block.rect.w
            );
            // Where it is drawn (right-to-left lines end at the right edge).
            assert!(
                at.x >= block.rect.x - 1e-6
                    && (at.x + width <= block.rect.right() + 1e-6 || single),
                "{name}: {what} line {line:?} is drawn from {} to {} outside {:?}",
                at.x,
                at.x + width,
                block.rect
            );
        }
    };
    for block in layout.text_blocks() {
        check_block(block, &page, "page");
    }
    for (i, a) in layout.personas.iter().enumerate() {
        for b in &layout.personas[i + 1..] {
            assert!(!a.rect.overlaps(&b.rect), "{name}: persona cards overlap");
        }
        for t in &a.texts {
            check_block(t, &a.rect, "persona");
        }
    }
    for stage in &layout.stages {
        check_block(&stage.name, &stage.rect, "stage");
        if let Some(goal) = &stage.goal {
            check_block(goal, &stage.rect, "stage goal");
        }
    }
    for (i, lane) in layout.lanes.iter().enumerate() {
        if let Some(next) = layout.lanes.get(i + 1) {
            assert!(!lane.rect.overlaps(&next.rect), "{name}: lanes overlap");
        }
        check_block(&lane.label, &lane.rect, "lane label");
        for (j, card) in lane.cards.iter().enumerate() {
            assert!(
                lane.rect.contains(&card.rect),
                "{name}: card leaves its lane"
            );
            for other in &lane.cards[j + 1..] {
                assert!(
                    !card.rect.overlaps(&other.rect),
                    "{name}: cards overlap in {:?}",
                    lane.kind
                );
            }
            for t in &card.texts {
                check_block(t, &card.rect, "card");
            }
            if let Some(badge) = &card.badge {
                assert!(
                    card.rect.contains(&badge.rect),
                    "{name}: badge leaves its card"
                );
                let label = &badge.label;
                for (at, line) in label.baselines() {
                    let width = m.width(line, label.style.size(), label.style.weight());
                    assert!(
                        at.x >= badge.rect.x && at.x + width <= badge.rect.right() + 1e-6,
                        "{name}: the channel name {line:?} leaves its pill {:?}",
                        badge.rect
                    );
                }
                for t in &card.texts {
                    assert!(
                        !badge.rect.overlaps(&t.rect),
                        "{name}: badge covers card text"
                    );
                }
            }
            for (k, a) in card.texts.iter().enumerate() {
                for b in &card.texts[k + 1..] {
                    assert!(
                        !a.rect.overlaps(&b.rect),
                        "{name}: texts overlap in a card: {:?} / {:?}",
                        a.lines,
                        b.lines
                    );
                }
            }
        }
    }
    if let Some(curve) = &layout.curve {
        // The scale's numbers, 12 px and ending at their point, against every
        // lane's name (a right-to-left name ends at the right of its column).
        for tick in &curve.ticks {
            let number = journeymap::number::Num(tick.value).to_string();
            let width = m.width(&number, 12.0, journeymap::fonts::Weight::Regular);
            let number_at = Rect {
                x: tick.label_at.x - width,
                y: tick.label_at.y - 12.0,
                w: width,
                h: 15.0,
            };
            for lane in &layout.lanes {
                let label = &lane.label;
                for ((at, line), rect) in label.baselines().zip(label.line_rects()) {
                    let drawn = Rect {
                        x: at.x,
                        w: m.width(line, label.style.size(), label.style.weight()),
                        ..rect
                    };
                    assert!(
                        !drawn.overlaps(&number_at),
                        "{name}: the scale's {number} covers the lane name {line:?}"
                    );
                }
            }
        }
        for c in &curve.curves {
            for p in &c.points {
                assert!(
                    p.at.y >= curve.plot.y - 1e-6 && p.at.y <= curve.plot.bottom() + 1e-6,
                    "{name}: curve point off the scale"
                );
                assert!(
                    p.at.x >= curve.plot.x && p.at.x <= curve.plot.right(),
                    "{name}: curve point off the grid"
                );
            }
        }
    }
    if let Some(flow) = &layout.flow {
        assert_flow_fits(name, layout, flow);
    }
    if let Some(blueprint) = &layout.blueprint {
        assert_blueprint_fits(name, layout, blueprint, &check_block);
    }
    if let Some(legend) = &layout.legend {
        let mut blocks: Vec<&TextBlock> = legend.personas.iter().map(|e| &e.label).collect();
        blocks.extend(&legend.texts);
        for (i, a) in blocks.iter().enumerate() {
            for b in &blocks[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{name}: legend texts overlap");
            }
        }
    }
}

/// The flow strip keeps to itself: it overlaps no lane, and no arrow segment crosses
/// any text on the page or enters a card. The mark of an edge added or removed in
/// the future state sits on its own arrow's track, inside the strip, clear of every
/// text, card, other arrow, persona marker and other mark.
fn assert_flow_fits(name: &str, layout: &Layout, flow: &journeymap::layout::FlowLayout) {
    for lane in &layout.lanes {
        assert!(
            !lane.rect.overlaps(&flow.rect),
            "{name}: the flow strip overlaps the {:?} lane",
            lane.kind
        );
    }
    let texts = layout.text_blocks();
    let cards: Vec<&Rect> = layout
        .lanes
        .iter()
        .flat_map(|l| &l.cards)
        .map(|c| &c.rect)
        .collect();
    for arrow in &flow.arrows {
        assert!(arrow.markers.len() <= arrow.personas.len());
        for marker in &arrow.markers {
            let r = journeymap::layout::flow::MARKER_RADIUS;
            let dot = Rect {
                x: marker.x - r,
                y: marker.y - r,
                w: 2.0 * r,
                h: 2.0 * r,
            };
            assert!(
                flow.rect.contains(&dot),
                "{name}: a persona marker leaves the flow strip"
            );
        }
        for pair in arrow.points.windows(2) {
            let segment = segment_box(pair[0], pair[1]);
            for text in &texts {
                for line in text.line_rects() {
                    assert!(
                        !segment.overlaps(&line),
                        "{name}: the arrow {} -> {} crosses the text {:?}",
                        arrow.from_key,
                        arrow.to_key,
                        text.lines
                    );
                }
            }
            for card in &cards {
                assert!(
                    !segment.overlaps(card),
                    "{name}: the arrow {} -> {} enters a card at {card:?}",
                    arrow.from_key,
                    arrow.to_key
                );
            }
        }
    }
    assert_flow_marks_fit(name, flow, &texts, &cards);
    assert_flow_crossings(name, flow);
}

/// Every place where an arrow's stub passes under another arrow's track is one of
/// its crossings, and every crossing is such a place, its gap clear of the stub's
/// ends (the card, the arrowhead, the corner onto the track). Arrows sharing the
/// overflowing last track are left out.
fn assert_flow_crossings(name: &str, flow: &journeymap::layout::FlowLayout) {
    use journeymap::layout::flow::{CORNER, CROSSING_GAP, MAX_TRACKS};
    const HEAD: f64 = 6.0;
    let shared = |a: &journeymap::layout::FlowArrow| a.track == MAX_TRACKS - 1;
    for arrow in flow.arrows.iter().filter(|a| !shared(a)) {
        let [start, down, _, end] = arrow.points;
        let mut expected = Vec::new();
        for x in [start.x, end.x] {
            for other in flow.arrows.iter().filter(|o| !shared(o)) {
                let [_, a, b, _] = other.points;
                if other.track < arrow.track && a.x.min(b.x) + 0.5 < x && x < a.x.max(b.x) - 0.5 {
                    expected.push((x, a.y));
                }
            }
        }
        let mut found: Vec<(f64, f64)> = arrow.crossings.iter().map(|c| (c.x, c.y)).collect();
        let order = |a: &(f64, f64), b: &(f64, f64)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1));
        expected.sort_by(order);
        found.sort_by(order);
        assert_eq!(
            found, expected,
            "{name}: the crossings of the arrow {} -> {}",
            arrow.from_key, arrow.to_key
        );
        for crossing in &arrow.crossings {
            assert!(
                crossing.y - CROSSING_GAP > start.y.max(end.y) + HEAD
                    && crossing.y + CROSSING_GAP < down.y - CORNER,
                "{name}: a gap in the arrow {} -> {} reaches the end of its stub",
                arrow.from_key,
                arrow.to_key
            );
        }
    }
}

/// The marks of edges added or removed in the future state: see [`assert_flow_fits`].
fn assert_flow_marks_fit(
    name: &str,
    flow: &journeymap::layout::FlowLayout,
    texts: &[&TextBlock],
    cards: &[&Rect],
) {
    use journeymap::layout::flow::{MARK_RADIUS, MARKER_RADIUS, MAX_TRACKS};
    use journeymap::model::future::Change;
    let ring = |at: journeymap::layout::Point, r: f64| Rect {
        x: at.x - r,
        y: at.y - r,
        w: 2.0 * r,
        h: 2.0 * r,
    };
    let marks: Vec<(usize, Rect)> = flow
        .arrows
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((i, ring(a.mark?, MARK_RADIUS))))
        .collect();
    for arrow in &flow.arrows {
        assert_eq!(
            arrow.mark.is_some(),
            arrow.change != Change::Kept,
            "{name}: the arrow {} -> {} is marked as {:?}",
            arrow.from_key,
            arrow.to_key,
            arrow.change
        );
    }
    for (i, (index, mark)) in marks.iter().enumerate() {
        let arrow = &flow.arrows[*index];
        let what = format!("{name}: the mark of {} -> {}", arrow.from_key, arrow.to_key);
        let [_, down, across, _] = arrow.points;
        let at = arrow.mark.unwrap();
        assert!(
            at.y == down.y && at.x >= down.x.min(across.x) && at.x <= down.x.max(across.x),
            "{what} is not on its track"
        );
        assert!(flow.rect.contains(mark), "{what} leaves the flow strip");
        for text in texts {
            for line in text.line_rects() {
                assert!(
                    !mark.overlaps(&line),
                    "{what} covers the text {:?}",
                    text.lines
                );
            }
        }
        for card in cards {
            assert!(!mark.overlaps(card), "{what} covers a card");
        }
        for (j, other) in flow.arrows.iter().enumerate() {
            // Past the last track, edges share it and may run over each other.
            let shared = arrow.track == MAX_TRACKS - 1 && other.track == MAX_TRACKS - 1;
            if shared {
                continue;
            }
            for marker in &other.markers {
                assert!(
                    !mark.overlaps(&ring(*marker, MARKER_RADIUS)),
                    "{what} covers a persona marker"
                );
            }
            if j == *index {
                continue;
            }
            for pair in other.points.windows(2) {
                assert!(
                    !mark.overlaps(&segment_box(pair[0], pair[1])),
                    "{what} sits on the arrow {} -> {}",
                    other.from_key,
                    other.to_key
                );
            }
        }
        for (_, other) in &marks[i + 1..] {
            assert!(!mark.overlaps(other), "{what} touches another mark");
        }
    }
}

/// The blueprint's promises: its lines' bands and lanes stack without overlapping,
/// below the journey lanes; every card stays in its lane and column, cards and the
/// texts on them never overlap, and each line's rule starts right of its label.
fn assert_blueprint_fits(
    name: &str,
    layout: &Layout,
    blueprint: &journeymap::layout::BlueprintLayout,
    check_block: &dyn Fn(&TextBlock, &Rect, &str),
) {
    let mut rows: Vec<Rect> = blueprint.lines.iter().map(|l| l.band).collect();
    rows.extend(blueprint.lanes.iter().map(|l| l.rect));
    for lane in &layout.lanes {
        rows.push(lane.rect);
    }
    for (i, a) in rows.iter().enumerate() {
        for b in &rows[i + 1..] {
            assert!(
                !a.overlaps(b),
                "{name}: blueprint rows overlap: {a:?} {b:?}"
            );
        }
    }
    let journey_bottom = layout
        .lanes
        .iter()
        .map(|l| l.rect.bottom())
        .fold(0.0, f64::max);
    for line in &blueprint.lines {
        assert!(
            line.band.y >= journey_bottom,
            "{name}: a blueprint line inside the journey"
        );
        check_block(&line.label, &line.band, "blueprint line");
        assert!(
            line.rule.from.x > line.label.rect.right(),
            "{name}: a blueprint line crosses its label"
        );
    }
    for lane in &blueprint.lanes {
        let label_column = Rect {
            w: journeymap::layout::LABEL_WIDTH,
            ..lane.rect
        };
        let label: Vec<&TextBlock> = [&lane.role_label, &lane.name]
            .into_iter()
            .chain(&lane.owner)
            .collect();
        for (i, text) in label.iter().enumerate() {
            check_block(text, &label_column, "blueprint lane label");
            for other in &label[i + 1..] {
                assert!(
                    !text.rect.overlaps(&other.rect),
                    "{name}: lane label texts overlap"
                );
            }
        }
        for (j, card) in lane.cards.iter().enumerate() {
            assert!(
                lane.rect.contains(&card.rect),
                "{name}: blueprint card leaves its lane"
            );
            assert!(
                layout
                    .columns
                    .iter()
                    .any(|c| c.x <= card.rect.x && card.rect.right() <= c.x + c.width),
                "{name}: blueprint card leaves its column"
            );
            for other in &lane.cards[j + 1..] {
                assert!(
                    !card.rect.overlaps(&other.rect),
                    "{name}: blueprint cards overlap"
                );
            }
            let mut blocks: Vec<&TextBlock> = card.marks.iter().map(|m| &m.label).collect();
            blocks.push(&card.text);
            for (k, a) in blocks.iter().enumerate() {
                check_block(a, &card.rect, "blueprint card");
                for b in &blocks[k + 1..] {
                    assert!(
                        !a.rect.overlaps(&b.rect),
                        "{name}: blueprint card texts overlap"
                    );
                }
            }
            for mark in &card.marks {
                assert!(
                    mark.icon.x + 7.0 < mark.label.rect.x && mark.icon.x - 7.0 >= card.rect.x,
                    "{name}: a mark's symbol is not left of its words inside the card"
                );
            }
        }
    }
}

/// An axis-aligned segment as a thin box, widened by the arrow's stroke.
fn segment_box(a: journeymap::layout::Point, b: journeymap::layout::Point) -> Rect {
    const HALF_STROKE: f64 = 0.7;
    Rect {
        x: a.x.min(b.x) - HALF_STROKE,
        y: a.y.min(b.y) - HALF_STROKE,
        w: (a.x - b.x).abs() + 2.0 * HALF_STROKE,
        h: (a.y - b.y).abs() + 2.0 * HALF_STROKE,
    }
}

pub fn unicode_graphemes(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).count()
}
