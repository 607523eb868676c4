//! Property tests on generated valid maps: build never fails on a map `check`
//! accepts; output is byte-identical between runs; every text box holds its text;
//! one curve point per scored touchpoint and persona; every pain point and
//! opportunity appears in the output.
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
}

#[derive(Clone, Debug)]
struct GenMap {
    title: String,
    personas: Vec<String>,
    touchpoints: Vec<GenTouchpoint>,
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

fn touchpoint(personas: usize, count: usize) -> impl Strategy<Value = GenTouchpoint> {
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
    )
        .prop_map(
            |(stage, name, emotion, pain_points, opportunities, thoughts, next)| GenTouchpoint {
                stage,
                name,
                emotion,
                pain_points,
                opportunities,
                thoughts,
                next,
            },
        )
}

fn map() -> impl Strategy<Value = GenMap> {
    (1..4usize, 1..14usize).prop_flat_map(|(personas, count)| {
        (
            text(),
            proptest::collection::vec(text(), personas),
            proptest::collection::vec(touchpoint(personas, count), count),
        )
            .prop_map(|(title, personas, touchpoints)| GenMap {
                title,
                personas,
                touchpoints,
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
    }
    y
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
    }
}
