//! Property tests on generated valid maps: build never fails on a map `check`
//! accepts; output is byte-identical between runs; every text box holds its text;
//! one curve point per scored touchpoint and persona; every pain point and
//! opportunity appears in the output; every service-blueprint item has its card,
//! its marks and its words, and the blueprint's lines fall where the roles change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use proptest::prelude::*;

#[derive(Clone, Debug)]
struct GenTouchpoint {
    stage: usize,
    name: String,
    emotion: Option<Vec<Option<i8>>>,
    pain_points: Vec<String>,
    opportunities: Vec<String>,
    thoughts: Vec<String>,
    next: Option<Vec<usize>>,
    /// Blueprint cells: lane index (may repeat nothing; in any order) and items.
    cells: Vec<(usize, Vec<GenItem>)>,
}

#[derive(Clone, Debug)]
struct GenItem {
    text: String,
    fail_point: bool,
    wait: Option<String>,
}

/// Roles, in the order lanes must be listed.
const ROLES: [&str; 4] = ["physical_evidence", "frontstage", "backstage", "support"];

#[derive(Clone, Debug)]
struct GenMap {
    title: String,
    personas: Vec<String>,
    touchpoints: Vec<GenTouchpoint>,
    /// Blueprint lanes: role index (sorted) and name.
    lanes: Vec<(usize, String)>,
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z ,.!?'-]{0,60}",
        "[a-z]{1,90}",
        Just("顧客の旅を描くための長い文章です。".to_owned()),
        Just("Emoji 👩‍👩‍👧 and 🚀 <b>&amp;</b>".to_owned()),
        "\\PC{1,40}",
    ]
    .prop_filter("visible text", |s| {
        s.chars().any(|c| !c.is_whitespace() && !c.is_control())
    })
}

fn item() -> impl Strategy<Value = GenItem> {
    (text(), any::<bool>(), proptest::option::of(text())).prop_map(|(text, fail_point, wait)| {
        GenItem {
            text,
            fail_point,
            wait,
        }
    })
}

/// Cells in up to `lanes` distinct lanes.
fn cells(lanes: usize) -> impl Strategy<Value = Vec<(usize, Vec<GenItem>)>> {
    proptest::collection::btree_map(
        0..lanes.max(1),
        proptest::collection::vec(item(), 0..3),
        0..=lanes,
    )
    .prop_map(move |cells| {
        cells
            .into_iter()
            .filter(|(lane, _)| *lane < lanes)
            .rev()
            .collect()
    })
}

fn touchpoint(personas: usize, count: usize, lanes: usize) -> impl Strategy<Value = GenTouchpoint> {
    (
        0..5usize,
        text(),
        proptest::option::of(proptest::collection::vec(
            proptest::option::of(1i8..=5),
            personas,
        )),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(text(), 0..2),
        proptest::option::of(proptest::collection::vec(0..count, 0..3)),
        cells(lanes),
    )
        .prop_map(
            |(stage, name, emotion, pain_points, opportunities, thoughts, next, cells)| {
                GenTouchpoint {
                    stage,
                    name,
                    emotion,
                    pain_points,
                    opportunities,
                    thoughts,
                    next,
                    cells,
                }
            },
        )
}

fn map() -> impl Strategy<Value = GenMap> {
    (1..4usize, 1..14usize, 0..6usize).prop_flat_map(|(personas, count, lanes)| {
        (
            text(),
            proptest::collection::vec(text(), personas),
            proptest::collection::vec(touchpoint(personas, count, lanes), count),
            proptest::collection::vec((0..ROLES.len(), text()), lanes),
        )
            .prop_map(|(title, personas, touchpoints, mut lanes)| {
                lanes.sort_by_key(|(role, _)| *role);
                GenMap {
                    title,
                    personas,
                    touchpoints,
                    lanes,
                }
            })
    })
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

const STAGES: [&str; 5] = [
    "awareness",
    "consideration",
    "decision",
    "retention",
    "advocacy",
];

fn yaml(m: &GenMap) -> String {
    let mut y = format!("title: {}\npersonas:\n", quote(&m.title));
    for (i, name) in m.personas.iter().enumerate() {
        y += &format!("  p{i}: {{ name: {} }}\n", quote(name));
    }
    y += "touchpoints:\n";
    for (i, t) in m.touchpoints.iter().enumerate() {
        y += &format!(
            "  - id: t{i}\n    stage: {}\n    name: {}\n",
            STAGES[t.stage],
            quote(&t.name)
        );
        if let Some(scores) = &t.emotion {
            let entries: Vec<String> = scores
                .iter()
                .enumerate()
                .filter_map(|(p, s)| s.map(|s| format!("p{p}: {s}")))
                .collect();
            if !entries.is_empty() {
                y += &format!("    emotion: {{ {} }}\n", entries.join(", "));
            }
        }
        for (key, items) in [
            ("pain_points", &t.pain_points),
            ("opportunities", &t.opportunities),
            ("thoughts", &t.thoughts),
        ] {
            if !items.is_empty() {
                y += &format!(
                    "    {key}: [{}]\n",
                    items
                        .iter()
                        .map(|s| quote(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        if let Some(next) = &t.next {
            y += &format!(
                "    next: [{}]\n",
                next.iter()
                    .map(|n| format!("t{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !t.cells.is_empty() {
            y += "    blueprint:\n";
            for (lane, items) in &t.cells {
                y += &format!("      l{lane}:\n");
                for item in items {
                    y += &format!(
                        "        - {{ text: {}, fail_point: {}",
                        quote(&item.text),
                        item.fail_point
                    );
                    if let Some(wait) = &item.wait {
                        y += &format!(", wait: {}", quote(wait));
                    }
                    y += " }\n";
                }
            }
        }
    }
    if !m.lanes.is_empty() {
        y += "lanes:\n";
        for (i, (role, name)) in m.lanes.iter().enumerate() {
            y += &format!(
                "  - {{ id: l{i}, role: {}, name: {} }}\n",
                ROLES[*role],
                quote(name)
            );
        }
    }
    y
}

/// The lines a blueprint of lanes with these roles draws: one for each role past
/// physical evidence that some lane has or passes.
fn expected_lines(lanes: &[(usize, String)]) -> usize {
    lanes.iter().map(|(role, _)| *role).max().unwrap_or(0)
}

/// The text as it was loaded (unprintable control characters dropped).
fn loaded_text(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t' || *c == '\n')
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_maps_build_and_keep_their_promises(m in map()) {
        let text = yaml(&m);
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("gen.yaml", text.clone()));
        let map = match loaded.map {
            Some(map) => map,
            None => panic!("generated map should be valid:\n{text}\n{}", journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)),
        };
        let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
        common::assert_fits("generated", &layout);

        let first = journeymap::render::render(&map, &layout, Default::default());
        let second = journeymap::build(&map);
        prop_assert_eq!(&first.html, &second.html);
        prop_assert_eq!(&first.svg, &second.svg);
        roxmltree::Document::parse(&first.svg).unwrap();

        // One curve point per scored touchpoint, for every persona.
        for (persona, path) in map.paths.iter().enumerate() {
            let scored = map.touchpoints.iter().filter(|t| t.emotion_of(path.persona).is_some()).count();
            prop_assert_eq!(path.scores.len(), scored);
            let points = layout.curve.as_ref().and_then(|c| c.curves.iter().find(|c| c.persona.index() == persona)).map_or(0, |c| c.points.len());
            prop_assert_eq!(points, scored);
        }

        // Every pain point and opportunity is in the page and has its card in the picture.
        let page_text: String = scraper::Html::parse_document(&first.html).root_element().text().collect();
        let mut pains = 0;
        let mut opportunities = 0;
        for t in &m.touchpoints {
            for p in &t.pain_points {
                prop_assert!(page_text.contains(&loaded_text(p)), "pain point {:?} missing", p);
                pains += 1;
            }
            for o in &t.opportunities {
                prop_assert!(page_text.contains(&loaded_text(o)), "opportunity {:?} missing", o);
                opportunities += 1;
            }
        }
        let cards = |kind| layout.lanes.iter().flat_map(|l| &l.cards).filter(|c| c.kind == kind).count();
        prop_assert_eq!(cards(journeymap::layout::CardKind::PainPoint), pains);
        prop_assert_eq!(cards(journeymap::layout::CardKind::Opportunity), opportunities);

        // Every blueprint item is in the page and has its card, with a mark for each
        // fail point and wait; the lines are where the roles change.
        let items: Vec<&GenItem> = m.touchpoints.iter().flat_map(|t| &t.cells).flat_map(|(_, items)| items).collect();
        for item in &items {
            prop_assert!(page_text.contains(&loaded_text(&item.text)), "blueprint item {:?} missing", item.text);
        }
        match &layout.blueprint {
            None => prop_assert!(m.lanes.is_empty()),
            Some(blueprint) => {
                prop_assert_eq!(blueprint.lanes.len(), m.lanes.len());
                let cards: Vec<_> = blueprint.lanes.iter().flat_map(|l| &l.cards).collect();
                prop_assert_eq!(cards.len(), items.len());
                let marks = |kind| cards.iter().flat_map(|c| &c.marks).filter(|mk| mk.kind == kind).count();
                prop_assert_eq!(marks(journeymap::layout::MarkKind::FailPoint), items.iter().filter(|i| i.fail_point).count());
                prop_assert_eq!(marks(journeymap::layout::MarkKind::Wait), items.iter().filter(|i| i.wait.is_some()).count());
                prop_assert_eq!(blueprint.lines.len(), expected_lines(&m.lanes));
            }
        }
    }
}

/// A future state for a generated map: changes by id, new touchpoints, removals.
#[derive(Clone, Debug)]
struct GenFuture {
    /// (touchpoint index, new name, new score for everyone)
    changes: Vec<(usize, Option<String>, Option<i8>)>,
    /// (stage, name, next: indexes of current touchpoints)
    added: Vec<(usize, String, Vec<usize>)>,
    removed: Vec<usize>,
}

fn map_and_future() -> impl Strategy<Value = (GenMap, GenFuture)> {
    map().prop_flat_map(|m| {
        let count = m.touchpoints.len();
        let future = (
            proptest::collection::vec(
                (
                    0..count,
                    proptest::option::of(text()),
                    proptest::option::of(1i8..=5),
                ),
                0..4,
            ),
            proptest::collection::vec(
                (0..5usize, text(), proptest::collection::vec(0..count, 0..3)),
                0..3,
            ),
            proptest::collection::vec(0..count, 0..3),
        )
            .prop_map(|(changes, added, removed)| GenFuture {
                changes,
                added,
                removed,
            });
        (Just(m), future)
    })
}

/// The future's keys as YAML lines at `indent`, or `None` when it would leave the
/// map without touchpoints; removals win over changes to the same touchpoint.
fn future_yaml(m: &GenMap, f: &GenFuture, indent: &str) -> Option<String> {
    let mut removed: Vec<usize> = f.removed.clone();
    removed.sort_unstable();
    removed.dedup();
    if removed.len() == m.touchpoints.len() && f.added.is_empty() {
        return None;
    }
    let mut y = String::new();
    if !removed.is_empty() {
        let ids: Vec<String> = removed.iter().map(|i| format!("t{i}")).collect();
        y += &format!("{indent}remove: [{}]\n", ids.join(", "));
    }
    y += &format!("{indent}touchpoints:\n");
    let mut changed = std::collections::BTreeSet::new();
    for (i, name, score) in &f.changes {
        if removed.contains(i) || !changed.insert(*i) {
            continue;
        }
        y += &format!("{indent}  - id: t{i}\n");
        if let Some(name) = name {
            y += &format!("{indent}    name: {}\n", quote(name));
        }
        if let Some(score) = score {
            y += &format!("{indent}    emotion: {score}\n");
        }
    }
    for (k, (stage, name, next)) in f.added.iter().enumerate() {
        let next: Vec<String> = next
            .iter()
            .filter(|n| !removed.contains(n))
            .map(|n| format!("t{n}"))
            .collect();
        y += &format!(
            "{indent}  - {{ id: new{k}, stage: {}, name: {}, emotion: 3, next: [{}] }}\n",
            STAGES[*stage],
            quote(name),
            next.join(", ")
        );
    }
    Some(y)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A future state, inline or in a file with `extends:`, makes the same map; it
    /// builds, fits, is deterministic, and `diff` names every touchpoint it adds or
    /// removes; drawn together, each removed touchpoint keeps its column.
    #[test]
    fn generated_future_states_build_the_same_inline_and_extended((m, f) in map_and_future()) {
        let Some(inline_future) = future_yaml(&m, &f, "  ") else { return Ok(()) };
        let current = yaml(&m);
        let text = format!("{current}future:\n{inline_future}");
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("gen.yaml", text.clone()));
        let map = match loaded.map {
            Some(map) => map,
            None => panic!("generated future should be valid:\n{text}\n{}", journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)),
        };
        let (before, after) = map.states().expect("both states");

        let dir = common::temp_dir("prop-extends");
        std::fs::write(dir.join("current.yaml"), &current).unwrap();
        let extends = format!("extends: current.yaml\n{}", future_yaml(&m, &f, "").unwrap());
        std::fs::write(dir.join("future.yaml"), &extends).unwrap();
        let from_file = journeymap::load_path(&dir.join("future.yaml"));
        let extended = from_file.map.as_ref().unwrap_or_else(|| panic!("{extends}\n{}", from_file.render_plain()));
        let (_, file_future) = extended.states().unwrap();
        prop_assert_eq!(&file_future.touchpoints, &after.touchpoints);
        prop_assert_eq!(&file_future.paths, &after.paths);

        let drawn = map.drawn();
        let layout = journeymap::layout::layout(&drawn, journeymap::layout::TextMeasurer::shared());
        common::assert_fits("generated future", &layout);
        prop_assert_eq!(journeymap::build(&map).svg, journeymap::build(&map).svg);
        let removed = before.touchpoints.iter().filter(|t| after.touchpoint_by_key(&t.key).is_none()).count();
        let added = after.touchpoints.iter().filter(|t| before.touchpoint_by_key(&t.key).is_none()).count();
        prop_assert_eq!(drawn.touchpoints.len(), after.touchpoints.len() + removed);
        let ids = |t: &journeymap::model::Touchpoint| t.key.clone();
        let changes = journeymap::diff::diff(before, after);
        let said = format!("{changes:?}");
        for t in &before.touchpoints {
            if after.touchpoint_by_key(&t.key).is_none() {
                prop_assert!(said.contains(&ids(t)), "removal of {} not in the diff", t.key);
            }
        }
        prop_assert!(added == 0 || said.contains("new0"), "additions not in the diff: {said}");
    }
}
