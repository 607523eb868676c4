//! Rendering tests: snapshots of layout, SVG and HTML for every example; output is
//! deterministic and well-formed; every text line fits its box and no boxes collide,
//! also for maps with long, CJK and emoji text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use journeymap::layout::{self, Layout, TextMeasurer};

fn laid_out(map: &journeymap::model::Map) -> Layout {
    layout::layout(map, TextMeasurer::shared())
}

#[test]
fn every_example_is_valid_without_warnings() {
    let examples = common::examples();
    assert!(examples.len() >= 3);
    for path in examples {
        let loaded = journeymap::load_path(&path);
        let printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
        assert!(
            loaded.diagnostics.is_empty(),
            "{}:\n{printed}",
            path.display()
        );
        let map = loaded.map.unwrap();
        assert!(
            map.touchpoints.len() >= 12,
            "{} is a realistic map",
            path.display()
        );
        assert!(map.personas.len() >= 3);
    }
}

#[test]
fn the_format_example_from_the_spec_loads_as_written() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/issue-example.yaml")).unwrap();
    let map = common::valid_map("issue-example.yaml", &text);
    assert_eq!(map.title, "Buying a laptop online");
    assert_eq!(map.personas.len(), 2);
    assert_eq!(map.stages[2].name, "Purchase");
    assert_eq!(map.touchpoints.len(), 3);
}

#[test]
fn snapshots_of_layout_svg_and_html_for_every_example() {
    for path in common::examples() {
        let name = common::stem(&path);
        let loaded = journeymap::load_path(&path).map.unwrap();
        // What `build` draws: the future over the current state, where there is one.
        let map = loaded.drawn();
        let layout = laid_out(&map);
        let json = serde_json::to_string_pretty(&layout).unwrap();
        common::assert_snapshot(&format!("{name}.layout.json"), &(json + "\n"));
        let rendered = journeymap::render::render(&map, &layout, Default::default());
        assert_eq!(
            rendered.svg,
            journeymap::build(&loaded).svg,
            "{name}: the snapshot is not what build draws"
        );
        common::assert_snapshot(&format!("{name}.svg"), &rendered.svg);
        common::assert_snapshot(&format!("{name}.html"), &rendered.html);
    }
}

/// A reviewer of a layout snapshot must see whose point or card moved, not an index.
#[test]
fn the_layout_json_names_the_persona_and_touchpoint_of_points_and_cards() {
    for path in common::examples() {
        let map = journeymap::load_path(&path).map.unwrap();
        let layout = laid_out(&map);
        let json = serde_json::to_value(&layout).unwrap();
        let curve = layout.curve.as_ref().unwrap();
        for (c, curve_json) in curve
            .curves
            .iter()
            .zip(json["curve"]["curves"].as_array().unwrap())
        {
            let persona = &map.persona(c.persona).key;
            assert_eq!(curve_json["persona"], persona.as_str());
            for (point, point_json) in c
                .points
                .iter()
                .zip(curve_json["points"].as_array().unwrap())
            {
                assert_eq!(point_json["persona"], persona.as_str());
                assert_eq!(
                    point_json["touchpoint"],
                    map.touchpoint(point.touchpoint).key.as_str()
                );
            }
        }
        for (lane, lane_json) in layout.lanes.iter().zip(json["lanes"].as_array().unwrap()) {
            for (card, card_json) in lane
                .cards
                .iter()
                .zip(lane_json["cards"].as_array().unwrap())
            {
                assert_eq!(card_json["touchpoint"], card.touchpoint_key.as_str());
                assert!(map.touchpoints.iter().any(|t| t.key == card.touchpoint_key));
            }
        }
    }
}

#[test]
fn output_is_byte_identical_between_runs() {
    for path in common::examples() {
        let first = journeymap::build(&journeymap::load_path(&path).map.unwrap());
        let second = journeymap::build(&journeymap::load_path(&path).map.unwrap());
        assert!(
            first.svg == second.svg && first.html == second.html,
            "{}",
            path.display()
        );
    }
}

#[test]
fn svg_is_well_formed_with_title_and_description() {
    for path in common::examples() {
        let map = journeymap::load_path(&path).map.unwrap();
        let svg = journeymap::build(&map).svg;
        let doc =
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
        // A map with a future state is drawn as its future, under the future's title.
        assert_eq!(title.text(), Some(map.drawn().title.as_str()));
        assert!(root.children().any(|n| n.has_tag_name("desc")));
    }
}

#[test]
fn examples_fit() {
    for path in common::examples() {
        let map = journeymap::load_path(&path).map.unwrap();
        common::assert_fits(&common::stem(&path), &laid_out(&map));
    }
}

const LONG_WORD: &str =
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft";

fn unusual_map() -> String {
    format!(
        r#"title: "A very long title that keeps going — {LONG_WORD} — and then has CJK 顧客の旅を描くためのとても長いタイトルです and emoji 👩‍👩‍👧 🚀🔥"
scenario: "{LONG_WORD} {LONG_WORD} 日本語のシナリオ説明文がここに入ります。長い文章でも折り返されるべきです。"
personas:
  a-very-long-persona-identifier-that-goes-on-and-on-and-on:
    name: "{LONG_WORD}"
    role: "役割: 初めての購入者 👩‍💻"
    quote: "{LONG_WORD}!!! “quoted” <b>not bold</b>"
    goals: ["{LONG_WORD}", "目標はとても長い文章で書かれています。折り返しが必要です。"]
    frustrations: ["😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡😡"]
  b:
    name: "B"
  c:
    name: "人物シー"
    color: "rebeccapurple"
stages:
  - id: s1
    name: "{LONG_WORD}"
    goal: "{LONG_WORD} {LONG_WORD}"
  - id: s2
    name: "段階二"
channels:
  a-custom-channel-with-a-very-long-identifier-name: {{ name: "{LONG_WORD} channel" }}
touchpoints:
  - id: t-{LONG_WORD_ID}
    stage: s1
    name: "{LONG_WORD}"
    description: "説明 {LONG_WORD}"
    channel: a-custom-channel-with-a-very-long-identifier-name
    actions: ["{LONG_WORD}", "短い", "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀"]
    thoughts: ["{LONG_WORD}?", "これは本当に必要ですか？"]
    emotion: {{ a-very-long-persona-identifier-that-goes-on-and-on-and-on: 1, b: 5, c: 3 }}
    pain_points: ["{LONG_WORD}", "x"]
    opportunities: ["{LONG_WORD} 改善の機会"]
    metrics: {{ "{LONG_WORD}": "{LONG_WORD}" }}
    owner: "{LONG_WORD}"
  - id: t2
    stage: s2
    name: "Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ　ｗｒａｐｓ　ｔｏｏ"
    channel: support
    emotion: 2.5
  - id: t3
    stage: s2
    name: "x"
    emotion: {{ b: 1, c: 5 }}
"#,
        LONG_WORD_ID = LONG_WORD.to_lowercase().replace('ä', "a")
    )
}

#[test]
fn long_cjk_and_emoji_text_fits() {
    let map = common::valid_map("unusual.yaml", &unusual_map());
    common::assert_fits("unusual", &laid_out(&map));
    let svg = journeymap::build(&map).svg;
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn a_minimal_map_fits_and_needs_no_personas() {
    let map = common::valid_map(
        "min.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    let layout = laid_out(&map);
    common::assert_fits("minimal", &layout);
    assert!(layout.curve.is_none(), "no scores, no curve lane");
    assert_eq!(layout.lanes.len(), 1, "only the touchpoint lane is used");
}

#[test]
fn the_readme_tour_is_a_valid_map() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let yaml = readme
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let map = common::valid_map("README.md", yaml);
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("README.md", yaml));
    assert!(
        loaded.diagnostics.is_empty(),
        "{}",
        journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)
    );
    // The branch: maya goes via compare, tom via the store.
    let keys = |i: usize| {
        map.paths[i]
            .steps
            .iter()
            .map(|t| map.touchpoint(*t).key.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(0), ["insta-ad", "compare", "checkout"]);
    assert_eq!(keys(1), ["insta-ad", "store-visit", "checkout"]);
}

fn blueprint_map(lanes: &str, cells: &str) -> journeymap::model::Map {
    let text = format!(
        "title: Blueprint\nlanes:\n{lanes}touchpoints:\n  - id: visit\n    stage: awareness\n    name: Visits\n    blueprint:\n{cells}"
    );
    common::valid_map("blueprint.yaml", &text)
}

/// Which line opens each band, top to bottom, by the role of the lanes below it.
fn line_roles(layout: &Layout) -> Vec<String> {
    let blueprint = layout.blueprint.as_ref().unwrap();
    blueprint
        .lines
        .iter()
        .map(|l| l.label.lines.join(" "))
        .collect()
}

#[test]
fn blueprint_lines_fall_where_the_roles_change() {
    let all = blueprint_map(
        "  - { id: e, role: physical_evidence, name: E }\n  - { id: f, role: frontstage, name: F }\n  - { id: f2, role: frontstage, name: F2 }\n  - { id: b, role: backstage, name: B }\n  - { id: s, role: support, name: S }\n",
        "      e: [Receipt]\n",
    );
    let layout = laid_out(&all);
    assert_eq!(
        line_roles(&layout),
        [
            "Line of interaction",
            "Line of visibility",
            "Line of internal interaction"
        ]
    );
    let blueprint = layout.blueprint.as_ref().unwrap();
    let lane_top = |key: &str| {
        blueprint
            .lanes
            .iter()
            .find(|l| l.lane_key == key)
            .unwrap()
            .rect
            .y
    };
    // Each line sits between the last lane of one level and the first of the next.
    let bands: Vec<f64> = blueprint.lines.iter().map(|l| l.band.bottom()).collect();
    assert!(lane_top("e") < bands[0] && bands[0] <= lane_top("f"));
    assert!(lane_top("f2") < bands[1] && bands[1] <= lane_top("b"));
    assert!(lane_top("b") < bands[2] && bands[2] <= lane_top("s"));

    // Without evidence or backstage, two lines meet above the support lane, and the
    // line of interaction runs right under the journey.
    let skipping = blueprint_map(
        "  - { id: f, role: frontstage, name: F }\n  - { id: s, role: support, name: S }\n",
        "      s: [Ledger]\n",
    );
    let layout = laid_out(&skipping);
    assert_eq!(
        line_roles(&layout),
        [
            "Line of interaction",
            "Line of visibility",
            "Line of internal interaction"
        ]
    );
    let blueprint = layout.blueprint.as_ref().unwrap();
    assert!(blueprint.lines[0].band.bottom() <= blueprint.lanes[0].rect.y);
    assert!(blueprint.lines[1].band.y >= blueprint.lanes[0].rect.bottom());

    // Evidence alone is all on the customer's side: no line at all.
    let evidence = blueprint_map(
        "  - { id: e, role: physical_evidence, name: E }\n",
        "      e: [Receipt]\n",
    );
    assert!(line_roles(&laid_out(&evidence)).is_empty());
    common::assert_fits("blueprint", &laid_out(&all));
}

#[test]
fn fail_points_and_waits_are_a_symbol_and_words_in_both_outputs() {
    let map = blueprint_map(
        "  - { id: kyc, role: backstage, name: Checks, owner: Risk team }\n",
        "      kyc:\n        - { text: Manual review, fail_point: true, wait: 2 days }\n        - Sanctions screening\n",
    );
    let layout = laid_out(&map);
    let lane = &layout.blueprint.as_ref().unwrap().lanes[0];
    let words: Vec<String> = lane.cards[0]
        .marks
        .iter()
        .map(|m| m.label.lines.join(" "))
        .collect();
    assert_eq!(words, ["Fail point", "Wait: 2 days"]);
    assert!(lane.cards[1].marks.is_empty());
    let labels: Vec<String> = [&lane.role_label, &lane.name]
        .into_iter()
        .chain(&lane.owner)
        .map(|t| t.lines.join(" "))
        .collect();
    assert_eq!(labels, ["Backstage", "Checks", "Owner: Risk team"]);

    let rendered = journeymap::render::render(&map, &layout, Default::default());
    let svg = roxmltree::Document::parse(&rendered.svg).unwrap();
    let texts: Vec<&str> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "Fail point",
        "Wait: 2 days",
        "F",
        "Owner: Risk team",
        "Line of visibility",
    ] {
        assert!(texts.contains(&expected), "SVG lacks {expected:?}");
    }
    let html = scraper::Html::parse_document(&rendered.html);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).unwrap();
        html.select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(select(".jm-bp-fail .jm-bp-fail-mark"), ["Fail point"]);
    assert_eq!(select(".jm-bp-wait-mark"), ["Wait: 2 days"]);
    assert_eq!(select(".jm-bp-owner"), ["Owner: Risk team"]);
    assert_eq!(
        select(".jm-bp-line"),
        ["Line of interaction", "Line of visibility"]
    );
}

#[test]
fn a_map_without_lanes_has_no_blueprint_anywhere() {
    let map = common::valid_map(
        "plain.yaml",
        "title: Plain\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    let layout = laid_out(&map);
    assert!(layout.blueprint.is_none());
    let json = serde_json::to_value(&layout).unwrap();
    assert!(
        json.get("blueprint").is_none(),
        "the layout JSON is as before"
    );
    let rendered = journeymap::render::render(&map, &layout, Default::default());
    assert!(!rendered.svg.contains("Line of"));
    assert!(
        !rendered.html.contains("jm-bp"),
        "not even the blueprint's CSS"
    );
}

#[test]
fn an_item_of_some_personas_says_whose_it_is_in_words_and_marks() {
    let map = common::valid_map(
        "whose.yaml",
        r##"title: Whose
personas:
  priya: { name: Priya Raman, color: "#0072b2" }
  george: { name: George Whitfield, color: "#b3471b" }
touchpoints:
  - id: check
    stage: awareness
    name: Checks
    actions: [Opens the app, { text: Calls the branch, personas: [george] }]
    thoughts: { priya: ["Why is it blurry?"] }
    pain_points: [{ text: Selfie fails, personas: [priya, george] }, Slow]
"##,
    );
    let layout = laid_out(&map);
    common::assert_fits("whose", &layout);
    let cards: Vec<&journeymap::layout::Card> =
        layout.lanes.iter().flat_map(|l| &l.cards).collect();
    let whose = |card: &journeymap::layout::Card| {
        let marks: Vec<String> = card
            .persona_marks
            .iter()
            .map(|m| m.persona_key.clone())
            .collect();
        let caption = card
            .texts
            .iter()
            .filter(|t| t.style == layout::TextStyle::Caption)
            .map(|t| t.lines.join(" "))
            .collect::<Vec<_>>();
        (marks, caption)
    };
    let of_kind = |kind| cards.iter().filter(move |c| c.kind == kind);
    let actions = of_kind(layout::CardKind::Actions).next().unwrap();
    let owned = |keys: &[&str], caption: &[&str]| {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        (strings(keys), strings(caption))
    };
    assert_eq!(whose(actions), owned(&["george"], &["George Whitfield"]));
    let thought = of_kind(layout::CardKind::Thought).next().unwrap();
    assert_eq!(whose(thought), owned(&["priya"], &["Priya Raman"]));
    let pains: Vec<_> = of_kind(layout::CardKind::PainPoint)
        .map(|c| whose(c))
        .collect();
    assert_eq!(
        pains,
        [
            owned(&["priya", "george"], &["Priya Raman, George Whitfield"]),
            owned(&[], &[])
        ]
    );
    for card in &cards {
        for mark in &card.persona_marks {
            for text in &card.texts {
                let dot = layout::Rect {
                    x: mark.at.x - layout::PERSONA_MARK_RADIUS,
                    y: mark.at.y - layout::PERSONA_MARK_RADIUS,
                    w: 2.0 * layout::PERSONA_MARK_RADIUS,
                    h: 2.0 * layout::PERSONA_MARK_RADIUS,
                };
                assert!(!dot.overlaps(&text.rect), "a persona mark covers text");
            }
        }
    }

    let rendered = journeymap::render::render(&map, &layout, Default::default());
    assert_eq!(
        rendered.svg.matches(r##"r="4" fill="#b3471b"/>"##).count(),
        2,
        "George's two dots"
    );
    let html = scraper::Html::parse_document(&rendered.html);
    let selector = scraper::Selector::parse("[data-personas]").unwrap();
    let items: Vec<(String, String)> = html
        .select(&selector)
        .map(|e| {
            (
                e.value().attr("data-personas").unwrap().to_owned(),
                e.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "1".to_owned(),
                "Calls the branchGeorge Whitfield".to_owned()
            ),
            ("0".to_owned(), "“Why is it blurry?”Priya Raman".to_owned()),
            (
                "0 1".to_owned(),
                "Pain point: Selfie failsPriya Raman, George Whitfield".to_owned()
            ),
        ]
    );
}

/// A map in each shipped language: the words journeymap adds are that language's,
/// in the picture and on the page, and they fit their boxes.
#[test]
fn labels_follow_the_maps_language_and_fit() {
    // Language, then the pain points lane, the legend's title and a thought "Hm".
    let cases = [
        (
            "de",
            "Schmerzpunkte",
            "So liest man die Emotionskurve",
            "„Hm“",
        ),
        (
            "fr",
            "Points de friction",
            "Comment lire la courbe des émotions",
            "«\u{a0}Hm\u{a0}»",
        ),
        (
            "es",
            "Puntos de dolor",
            "Cómo leer la curva de emociones",
            "«Hm»",
        ),
        (
            "pt-BR",
            "Pontos de dor",
            "Como ler a curva de emoções",
            "“Hm”",
        ),
        ("ja", "ペインポイント", "感情曲線の見方", "「Hm」"),
        ("zh-Hans", "痛点", "如何阅读情绪曲线", "“Hm”"),
        ("ar", "نقاط الألم", "كيف تقرأ منحنى المشاعر", "«Hm»"),
    ];
    for (lang, pain_points, legend, thought) in cases {
        let text = format!(
            "title: T\nlang: {lang}\npersonas:\n  a: {{ name: Ana }}\n  b: {{ name: Ben }}\ntouchpoints:\n  - {{ id: one, stage: awareness, name: One, channel: web, thoughts: [Hm], emotion: {{ a: 2 }}, pain_points: [P], opportunities: [O], owner: Team, metrics: {{ rate: 1 }} }}\n  - {{ id: two, stage: decision, name: Two, emotion: 4 }}\n"
        );
        let map = common::valid_map("lang.yaml", &text);
        let built = journeymap::build(&map);
        for (output, name) in [(&built.svg, "SVG"), (&built.html, "HTML")] {
            assert!(
                output.contains(pain_points),
                "{lang}: {name} lacks {pain_points:?}"
            );
            assert!(output.contains(legend), "{lang}: {name} lacks {legend:?}");
            assert!(output.contains(thought), "{lang}: {name} lacks {thought:?}");
            assert!(
                !output.contains("Pain points"),
                "{lang}: {name} still says \"Pain points\""
            );
            assert!(
                !output.contains(">Awareness<"),
                "{lang}: {name} names a standard stage in English"
            );
        }
        assert_eq!(
            built.html.contains(" dir=\"rtl\""),
            lang == "ar",
            "{lang}: the page's direction"
        );
        common::assert_fits(lang, &laid_out(&map));
        // The printed pages' descriptions (the PDF's alternative text) too.
        let pages = journeymap::render::pages::print_pages(
            &map,
            &laid_out(&map),
            "a4 portrait".parse().unwrap(),
        );
        let english = ["Page 1 of", "the stages", "the lanes", "Pain points"];
        for page in &pages {
            assert!(
                english.iter().all(|e| !page.description.contains(e)),
                "{lang}: {}",
                page.description
            );
        }
        assert!(!pages.is_empty());
    }
}

/// `labels:` replaces a label wherever it appears, with its placeholders filled;
/// a stage or channel the map names keeps its own name.
#[test]
fn labels_override_any_label() {
    let map = common::valid_map(
        "labels.yaml",
        "title: T\nlang: de\nlabels:\n  pain_points: Stolpersteine\n  only: \"Nur für {names}!\"\n  stage_awareness: Entdecken\nstages: [awareness, { id: decision, name: Kaufen }]\npersonas:\n  a: { name: Ana }\n  b: { name: Ben }\ntouchpoints:\n  - { id: one, stage: awareness, name: One, emotion: { a: 2 }, pain_points: [P] }\n  - { id: two, stage: decision, name: Two, emotion: 4 }\n",
    );
    let built = journeymap::build(&map);
    for output in [&built.svg, &built.html] {
        assert!(output.contains("Stolpersteine"));
        assert!(output.contains("Nur für Ana!"));
        assert!(output.contains("Entdecken"));
        assert!(output.contains("Kaufen") && !output.contains("Entscheidung"));
        assert!(!output.contains("Schmerzpunkte"));
    }
}

/// The page's outline: the title, then stages, lanes and the legend one level
/// below it, and each touchpoint under the "Touchpoints" lane, never under a
/// stage; every cell with content is named by its lane, touchpoint and stage.
#[test]
fn the_page_has_a_heading_outline_and_named_cells() {
    let path = common::root().join("examples/retail-laptop.yaml");
    let map = journeymap::load_path(&path).map.unwrap();
    let html = journeymap::build(&map).html;
    let doc = scraper::Html::parse_document(&html);
    let headings = scraper::Selector::parse("h1, h2, h3, h4").unwrap();
    let outline: Vec<(u8, String)> = doc
        .select(&headings)
        .map(|h| {
            (
                h.value().name().as_bytes()[1] - b'0',
                h.text().collect::<String>(),
            )
        })
        .collect();
    assert_eq!(outline[0].0, 1);
    for pair in outline.windows(2) {
        assert!(
            pair[1].0 <= pair[0].0 + 1,
            "heading level skipped: {pair:?}"
        );
    }
    let touchpoints = outline
        .iter()
        .position(|(_, t)| t == "Touchpoints")
        .unwrap();
    assert_eq!(outline[touchpoints].0, 2, "the lanes are not below a stage");
    let last_stage = outline.iter().rposition(|(_, t)| t == "Advocacy").unwrap();
    assert_eq!(outline[last_stage].0, 2);
    assert_eq!(
        outline[touchpoints + 1],
        (3, map.touchpoints[0].name.clone())
    );

    let ids: std::collections::BTreeSet<&str> = doc
        .select(&scraper::Selector::parse("[id]").unwrap())
        .map(|e| e.value().id().unwrap())
        .collect();
    let pains = scraper::Selector::parse(".jm-cell-pain-points[role=group]").unwrap();
    let mut named = 0;
    for cell in doc.select(&pains) {
        let by: Vec<&str> = cell
            .value()
            .attr("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        assert_eq!(by[0], "jm-lane-pain-points");
        assert!(
            by[1].starts_with("tpn-") && by[2].starts_with("st-"),
            "{by:?}"
        );
        assert!(
            by.iter().all(|id| ids.contains(id)),
            "{by:?} names a missing element"
        );
        named += 1;
    }
    let with_pains = map
        .touchpoints
        .iter()
        .filter(|t| !t.pain_points.is_empty())
        .count();
    assert_eq!(named, with_pains);
    // The scores as a table: a row per scored touchpoint.
    let rows = scraper::Selector::parse(".jm-scores tbody tr").unwrap();
    let scored = map
        .touchpoints
        .iter()
        .filter(|t| !t.emotions.is_empty())
        .count();
    assert_eq!(doc.select(&rows).count(), scored);
}

/// A map's own labels, however long, wrap inside their boxes and the page.
#[test]
fn long_labels_fit() {
    let long = "Averyveryverylongwordwithoutanybreak ".repeat(12);
    let names = [
        "low",
        "neutral",
        "high",
        "lowest_point",
        "steepest_fall",
        "legend_title",
        "pain_points",
        "stage_awareness",
        "channel_web",
        "only",
        "owner",
        "goals",
    ];
    let labels: String = names
        .iter()
        .map(|n| format!("  {n}: \"{long}\"\n"))
        .collect();
    let map = common::valid_map(
        "long-labels.yaml",
        &format!(
            "title: T\nlabels:\n{labels}personas:\n  a: {{ name: Ana, goals: [G] }}\n  b: {{ name: Ben }}\ntouchpoints:\n  - {{ id: one, stage: awareness, name: One, channel: web, emotion: {{ a: 1 }}, pain_points: [P], owner: Team }}\n  - {{ id: two, stage: awareness, name: Two, emotion: {{ a: 5, b: 2 }} }}\n"
        ),
    );
    common::assert_fits("long-labels", &laid_out(&map));
}

/// The words of a data-backed map (the backing line, funnel metrics) follow its
/// language too.
#[test]
fn data_words_follow_the_maps_language() {
    let source = common::root().join("examples/data-backed");
    let dir = common::temp_dir("data-words-de");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for entry in std::fs::read_dir(source.join("data")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("data").join(path.file_name().unwrap())).unwrap();
    }
    let text = std::fs::read_to_string(source.join("checkout.yaml")).unwrap();
    let map_path = dir.join("checkout.yaml");
    std::fs::write(
        &map_path,
        text.replacen("\ntitle:", "\nlang: de\ntitle:", 1),
    )
    .unwrap();
    let loaded = journeymap::load_path(&map_path);
    let map = loaded.map.unwrap();
    let built = journeymap::build(&map);
    for output in [&built.svg, &built.html] {
        assert!(output.contains("durch Daten belegt"), "the backing line");
        assert!(
            output.contains("Konversion") && output.contains("Abbruch"),
            "funnel metrics"
        );
        assert!(!output.contains("backed by data") && !output.contains("Drop-off"));
    }
    common::assert_fits("data-de", &laid_out(&map));
}

const THEMED: &str = r##"title: Themed
theme:
  stages: { awareness: "#b91c1c", decision: teal }
  personas: ["#7c2d12", "#1e3a8a"]
  font: Source Sans 3
personas:
  ana: { name: Ana }
  bo: { name: Bo, color: "#14532d" }
  cy: { name: Cy }
touchpoints:
  - { id: a, stage: awareness, name: A, emotion: 3 }
  - { id: b, stage: decision, name: B, emotion: 4 }
"##;

#[test]
fn a_themes_stage_colours_palette_and_font_reach_the_svg_and_the_page() {
    let map = common::valid_map("themed.yaml", THEMED);
    let layout = laid_out(&map);
    let rendered = journeymap::render::render(&map, &layout, Default::default());
    let (svg, html) = (&rendered.svg, &rendered.html);
    let stack = "'Source Sans 3', 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
    assert!(svg.contains(&format!(r#"font-family="{stack}""#)));
    assert!(html.contains(&format!(":root{{font-family:{stack}}}")));
    // The stage's rule is its colour; the default first accent is gone.
    assert!(svg.contains(r##"fill="#b91c1c""##), "awareness rule");
    assert!(svg.contains(r##"fill="#008080""##), "decision rule");
    assert!(
        !svg.contains(r##"fill="#4f46e5""##),
        "the default awareness accent"
    );
    // Awareness is the first column, decision the third (after consideration).
    assert!(html.contains(".jm-stage.jm-c0{background:"));
    assert!(html.contains("border-color:#b91c1c}"));
    assert!(html.contains("border-color:#008080}"));
    // Personas without a colour take the theme's palette in order; `bo` keeps its own.
    assert!(html.contains(".jm-p0{color:#7c2d12}"));
    assert!(html.contains(".jm-p1{color:#14532d}"));
    assert!(
        html.contains(".jm-p2{color:#7c2d12}"),
        "the palette is indexed like the default one"
    );
    assert!(svg.contains(r##"stroke="#7c2d12""##));
}

#[test]
fn a_themed_stage_tint_keeps_text_readable_in_both_schemes() {
    use journeymap::color::Color;
    use journeymap::render::theme::{DARK, LIGHT, stage_colors};
    for hex in ["#b91c1c", "#fde047", "#000000", "#ffffff", "#0e7490"] {
        let color = Color::parse(hex).unwrap();
        for t in [&LIGHT, &DARK] {
            let (tint, _) = stage_colors(&color, t);
            for text in [t.text, t.muted] {
                let ratio = tint.contrast(&Color::parse(text).unwrap());
                assert!(ratio >= 4.5, "{text} on the tint of {hex}: {ratio:.2}:1");
            }
        }
    }
}

#[test]
fn a_map_without_a_theme_renders_as_with_an_empty_one() {
    let plain = "title: Plain\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    let empty = "title: Plain\ntheme: {}\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    let render = |text: &str| {
        let map = common::valid_map("plain.yaml", text);
        let layout = laid_out(&map);
        journeymap::render::render(&map, &layout, Default::default())
    };
    let (a, b) = (render(plain), render(empty));
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.html, b.html);
    assert!(a.svg.contains(journeymap::fonts::FONT_STACK));
}

fn load_with_logo(dir: &std::path::Path, logo: &str) -> journeymap::Loaded {
    let map = dir.join("map.yaml");
    std::fs::write(
        &map,
        format!("title: Logo\ntheme:\n  logo: {logo}\ntouchpoints:\n  - {{ id: a, stage: awareness, name: A }}\n"),
    )
    .unwrap();
    journeymap::load_path(&map)
}

#[test]
fn a_themes_logo_is_embedded_as_a_data_uri_in_the_svg_and_the_page() {
    let dir = common::temp_dir("theme-logo");
    // Markup in the file stays inside the base64 text: never raw in either output.
    let logo = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><text>"&lt;/svg&gt;<script>alert(1)</script></text></svg>"#;
    std::fs::write(dir.join("logo.svg"), logo).unwrap();
    let loaded = load_with_logo(&dir, "logo.svg");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let map = loaded.map.unwrap();
    let rendered = journeymap::build(&map);
    use base64::Engine as _;
    let uri = format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(logo)
    );
    assert!(rendered.svg.contains(&format!(r#"href="{uri}"/>"#)));
    assert!(
        rendered
            .html
            .contains(&format!(r#"<img class="jm-logo" src="{uri}" alt="">"#))
    );
    assert!(!rendered.html.contains("alert(1)"));
    assert!(!rendered.svg.contains("alert(1)"));
}

#[test]
fn a_logo_that_is_a_url_outside_the_folder_too_large_or_not_an_image_is_refused_at_its_line() {
    let dir = common::temp_dir("theme-logo-hostile");
    let inner = dir.join("maps");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(dir.join("secret.svg"), "<svg/>").unwrap();
    std::fs::write(inner.join("huge.png"), vec![0x89; 300 * 1024]).unwrap();
    std::fs::write(inner.join("page.png"), "<html><script>alert(1)</script>").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("secret.svg"), inner.join("link.svg")).unwrap();
    let mut cases = vec![
        ("https://example.com/logo.png", "logo-path", "is a URL"),
        ("/etc/passwd", "logo-path", "is an absolute path"),
        (
            "../secret.svg",
            "logo-path",
            "leads outside the map's folder",
        ),
        ("missing.svg", "logo-file", "cannot read `missing.svg`"),
        ("huge.png", "logo-file", "larger than 256 KiB"),
        ("page.png", "logo-file", "is not a PNG, JPEG or SVG file"),
    ];
    if cfg!(unix) {
        cases.push(("link.svg", "logo-path", "leads outside the map's folder"));
    }
    for (logo, code, words) in cases {
        let loaded = load_with_logo(&inner, logo);
        assert!(loaded.map.is_none(), "{logo}");
        let [diagnostic] = &loaded.diagnostics[..] else {
            panic!("{logo}: {:?}", loaded.diagnostics);
        };
        assert_eq!(diagnostic.code, code, "{logo}");
        assert!(
            diagnostic.message.contains(words),
            "{logo}: {}",
            diagnostic.message
        );
        let printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
        assert!(printed.contains("map.yaml:3:9"), "{logo}: {printed}");
    }
}

/// 300 touchpoints over five stages with 10 branches that merge again, 3 loops back
/// and one journey end in the middle.
fn branchy_map() -> String {
    let mut yaml = String::from(
        "title: Branchy\npersonas:\n  a: { name: Ann }\n  b: { name: Bo }\ntouchpoints:\n",
    );
    for i in 0..300 {
        let stage = [
            "awareness",
            "consideration",
            "decision",
            "retention",
            "advocacy",
        ][i / 60];
        let next = match i % 30 {
            // A branch: on to the next, or skip two ahead where both meet again.
            5 => format!("[t{}, t{}]", i + 1, i + 3),
            // One arm ends at the merge point, jumping over the other arm.
            6 => format!("[t{}]", i + 2),
            // A loop back to the branch.
            20 if i / 30 % 3 == 0 => format!("[t{}, t{}]", i + 1, i - 15),
            _ if i == 150 => "[]".to_owned(),
            _ => String::new(),
        };
        let next = if next.is_empty() {
            String::new()
        } else {
            format!(", next: {next}")
        };
        let emotion = 1 + i % 5;
        yaml.push_str(&format!(
            "  - {{ id: t{i}, stage: {stage}, name: Step number {i} of the journey, emotion: {emotion}{next} }}\n"
        ));
    }
    yaml
}

#[test]
fn ten_branches_over_300_touchpoints_fit_with_every_edge_drawn() {
    let map = common::valid_map("branchy.yaml", &branchy_map());
    let layout = laid_out(&map);
    common::assert_fits("branchy", &layout);
    let flow = layout
        .flow
        .as_ref()
        .expect("a branching map draws its flow");
    assert_eq!(flow.arrows.len(), map.flow_edges().count());
    let branches = flow
        .arrows
        .iter()
        .filter(|a| {
            a.from_key.ends_with('5')
                && a.to_key != format!("t{}", &a.from_key[1..].parse::<usize>().unwrap() + 1)
        })
        .count();
    assert_eq!(branches, 10, "each branch has its skipping arm");
    let loops: Vec<_> = flow
        .arrows
        .iter()
        .filter(|a| a.kind == journeymap::layout::ArrowKind::Back)
        .map(|a| (a.from_key.as_str(), a.to_key.as_str()))
        .collect();
    assert_eq!(
        loops,
        [
            ("t20", "t5"),
            ("t110", "t95"),
            ("t200", "t185"),
            ("t290", "t275")
        ]
    );
    // Hops between neighbours share the top track; only the jumps need more.
    assert!(flow.arrows.iter().map(|a| a.track).max().unwrap() < 4);
    let captions: Vec<String> = flow.captions.iter().map(|c| c.lines.join(" ")).collect();
    assert_eq!(
        captions,
        ["Dashed: back to an earlier step"],
        "no edge left out"
    );
}

#[test]
fn a_stub_breaks_where_another_arrows_track_passes_over_it() {
    let text = std::fs::read_to_string(common::root().join("examples/retail-laptop.yaml")).unwrap();
    let map = common::valid_map("retail-laptop.yaml", &text);
    let layout = laid_out(&map);
    common::assert_fits("retail-laptop", &layout);
    let flow = layout.flow.as_ref().unwrap();
    let arrow = |from: &str, to: &str| {
        flow.arrows
            .iter()
            .find(|a| a.from_key == from && a.to_key == to)
            .unwrap()
    };
    let track_y = |from: &str, to: &str| arrow(from, to).points[1].y;
    // The loop back's stub up into `reserve-collect` passes under two tracks of the
    // purchase; the arrow from `store-visit`, ending there too, joins it.
    let back = arrow("accessory-email", "reserve-collect");
    let crossings: Vec<(f64, f64)> = back.crossings.iter().map(|c| (c.x, c.y)).collect();
    let into = back.points[3].x;
    assert_eq!(
        crossings,
        [
            (into, track_y("business-quote", "invoice-payment")),
            (into, track_y("mobile-checkout", "order-confirmation")),
        ]
    );
    let joining = arrow("store-visit", "reserve-collect");
    assert!(joining.crossings.iter().all(|c| c.x != into));
    // Drawn as a gap: the stub up to the card moves past each track.
    let svg = journeymap::build(&map).svg;
    let y = track_y("mobile-checkout", "order-confirmation");
    assert!(
        svg.contains(&format!("V{}M{} {}", y + 3.0, into, y - 3.0)),
        "no gap at {into} {y}"
    );
}

#[test]
fn a_map_whose_flow_is_its_column_order_has_no_flow_strip() {
    let map = common::valid_map(
        "linear.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n  - { id: b, stage: decision, name: B }\n  - { id: c, stage: consideration, name: C, next: [b] }\n",
    );
    // The file lists b before c, but the columns go a, c, b, and the flow a -> b is
    // not the column order: the strip shows it.
    assert!(laid_out(&map).flow.is_some());
    let map = common::valid_map(
        "linear.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n  - { id: b, stage: awareness, name: B }\n  - { id: c, stage: decision, name: C }\n",
    );
    assert!(laid_out(&map).flow.is_none());
    let ends_early = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, next: [] }\n  - { id: b, stage: awareness, name: B }\n";
    let layout = laid_out(&common::valid_map("end.yaml", ends_early));
    let flow = layout
        .flow
        .expect("a journey that ends before the last column is drawn");
    assert!(flow.arrows.is_empty());
}

#[test]
fn a_map_with_a_future_state_draws_both_curves_and_marks_changes() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/future/inline.yaml")).unwrap();
    let map = common::valid_map("inline.yaml", &text);
    let drawn = map.drawn();
    let layout = laid_out(&drawn);
    common::assert_fits("future", &layout);
    let curve = layout.curve.as_ref().unwrap();
    assert_eq!(
        curve.current.len(),
        2,
        "each persona's current curve, faint"
    );
    let rendered = journeymap::build(&map);
    let json = serde_json::to_string_pretty(&layout).unwrap();
    common::assert_snapshot("future-inline.layout.json", &json);
    common::assert_snapshot("future-inline.svg", &rendered.svg);
    common::assert_snapshot("future-inline.html", &rendered.html);
    for page in [&rendered.svg, &rendered.html] {
        assert!(page.contains("+ New in the future state"));
        assert!(page.contains("× Removed in the future state"));
        assert!(page.contains("jm-current"));
        assert!(page.contains("Current state: the faint line"));
    }
}

/// The arrows of a drawn map that the future state adds or removes, as
/// `(from, to, change)`, in the layout's order.
fn changed_arrows(layout: &Layout) -> Vec<(String, String, journeymap::model::future::Change)> {
    layout
        .flow
        .as_ref()
        .unwrap()
        .arrows
        .iter()
        .filter(|a| a.change != journeymap::model::future::Change::Kept)
        .map(|a| (a.from_key.clone(), a.to_key.clone(), a.change))
        .collect()
}

#[test]
fn the_flow_strip_marks_the_arrows_a_future_state_adds_and_removes() {
    use journeymap::model::future::Change::{Added, Removed};
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/future/inline.yaml")).unwrap();
    let map = common::valid_map("inline.yaml", &text);
    let drawn = map.drawn();
    let layout = laid_out(&drawn);
    common::assert_fits("future", &layout);
    let owned = |list: &[(&str, &str, journeymap::model::future::Change)]| {
        list.iter()
            .map(|&(a, b, c)| (a.to_owned(), b.to_owned(), c))
            .collect::<Vec<_>>()
    };
    // `branch-visit` is removed, so `compare` leads where it led: to the next
    // touchpoint, which the future state adds (`video-id`).
    assert_eq!(
        changed_arrows(&layout),
        owned(&[
            ("compare", "video-id", Added),
            ("video-id", "welcome", Added),
            ("compare", "branch-visit", Removed),
            ("branch-visit", "welcome", Removed),
        ])
    );
    let flow = layout.flow.as_ref().unwrap();
    let captions: Vec<String> = flow.captions.iter().map(|c| c.lines.join(" ")).collect();
    assert_eq!(
        captions,
        [
            "Marked +: new in the future state",
            "Dotted, marked ×: removed in the future state"
        ]
    );
    let rendered = journeymap::build(&map);
    // The page draws the strip once on screen and again on its printed pages.
    for (page, copies) in [(&rendered.svg, 1), (&rendered.html, 3)] {
        assert_eq!(page.matches(r#"<g class="jm-flow""#).count(), copies);
        assert_eq!(page.matches("jm-arrow jm-flow-added").count(), 2 * copies);
        assert_eq!(page.matches("jm-arrow jm-flow-removed").count(), 2 * copies);
        assert_eq!(page.matches(r#"class="jm-flow-mark""#).count(), 4 * copies);
        assert!(page.contains(
            "Compares accounts on the website → Books a branch visit to show a passport (× Removed in the future state)"
        ));
    }
    // The SVG wraps the captions to the label column; the page does not.
    assert!(
        rendered
            .html
            .contains("Dotted, marked ×: removed in the future state")
    );
    assert!(rendered.html.contains("Marked +: new in the future state"));
    // Removed arrows are dotted and faint, under the others.
    let removed = rendered.svg.find("jm-flow-removed").unwrap();
    assert!(removed < rendered.svg.find("jm-flow-added").unwrap());
    assert!(
        rendered.svg[removed..].starts_with(r#"jm-flow-removed" opacity=".55">"#),
        "{}",
        &rendered.svg[removed..removed + 80]
    );
    // The words follow the map's language.
    let german = text.replacen("title:", "lang: de\ntitle:", 1);
    let map = common::valid_map("inline.yaml", &german);
    let captions: Vec<String> = laid_out(&map.drawn())
        .flow
        .unwrap()
        .captions
        .iter()
        .map(|c| c.lines.join(" "))
        .collect();
    assert_eq!(
        captions,
        [
            "Mit +: neu im Zielzustand",
            "Gepunktet, mit ×: entfällt im Zielzustand"
        ]
    );
    // So does what the strip says to a screen reader, escaped as any label.
    let html = journeymap::build(&map).html;
    assert!(html.contains(
        r#"aria-label="Wohin jeder Kontaktpunkt führt; zeigen Sie auf einen Pfeil für seine Schritte""#
    ));
    let own = text.replacen(
        "title:",
        "labels: { flow_hint: 'Arrows \"here\" <now>' }\ntitle:",
        1,
    );
    let html = journeymap::build(&common::valid_map("inline.yaml", &own)).html;
    assert!(
        html.contains(r#"aria-label="Arrows &#34;here&#34; &#60;now&#62;""#),
        "{}",
        &html[html.find("jm-flow-svg").unwrap()..][..300]
    );
}

#[test]
fn a_linear_map_gets_a_flow_strip_only_when_its_future_state_changes_the_flow() {
    use journeymap::model::future::Change::{Added, Removed};
    let linear = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 2 }\n  - { id: b, stage: decision, name: B, emotion: 3 }\n";
    let calmer = format!("{linear}future:\n  touchpoints:\n    - {{ id: a, emotion: 4 }}\n");
    let map = common::valid_map("calmer.yaml", &calmer);
    assert!(laid_out(&map.drawn()).flow.is_none());
    let inserted = format!(
        "{linear}future:\n  touchpoints:\n    - {{ id: n, stage: awareness, name: N, emotion: 3 }}\n"
    );
    let map = common::valid_map("inserted.yaml", &inserted);
    let layout = laid_out(&map.drawn());
    common::assert_fits("inserted", &layout);
    assert_eq!(
        changed_arrows(&layout),
        [
            ("a".to_owned(), "n".to_owned(), Added),
            ("n".to_owned(), "b".to_owned(), Added),
            ("a".to_owned(), "b".to_owned(), Removed),
        ]
    );
}

#[test]
fn a_future_state_of_300_branchy_touchpoints_marks_its_arrows_where_they_fit() {
    use journeymap::model::future::Change::{Added, Kept, Removed};
    let removed = [12, 47, 77, 133, 160, 201, 222, 256, 281, 299];
    let remove: Vec<String> = removed.iter().map(|i| format!("t{i}")).collect();
    let yaml = format!(
        "{}future:\n  remove: [{}]\n  touchpoints:\n    - {{ id: t9, next: [t11, t3] }}\n    - {{ id: t64, next: [n1] }}\n    - {{ id: n1, stage: consideration, name: A new step, emotion: 4, next: [t100] }}\n",
        branchy_map(),
        remove.join(", ")
    );
    let map = common::valid_map("branchy-future.yaml", &yaml);
    let drawn = map.drawn();
    let layout = laid_out(&drawn);
    common::assert_fits("branchy future", &layout);
    let changed = changed_arrows(&layout);
    let has = |from: &str, to: &str, change| {
        changed
            .iter()
            .any(|(a, b, c)| a == from && b == to && *c == change)
    };
    // A removed touchpoint's arrows go; its neighbours are joined by a new one.
    for i in removed.iter().filter(|&&i| i != 299) {
        assert!(
            has(&format!("t{}", i - 1), &format!("t{i}"), Removed),
            "t{i}"
        );
        assert!(
            has(&format!("t{i}"), &format!("t{}", i + 1), Removed),
            "t{i}"
        );
        assert!(
            has(&format!("t{}", i - 1), &format!("t{}", i + 1), Added),
            "t{i}"
        );
    }
    assert!(has("t298", "t299", Removed));
    // Changed `next`, a new loop back, a touchpoint added with its arrows.
    assert!(has("t9", "t10", Removed) && has("t9", "t11", Added) && has("t9", "t3", Added));
    assert!(has("t64", "t65", Removed) && has("t64", "n1", Added) && has("n1", "t100", Added));
    assert!(has("t119", "n1", Added) && has("t119", "t120", Removed));
    assert!(!has("t4", "t5", Kept), "only changes are listed");
    let flow = layout.flow.as_ref().unwrap();
    assert_eq!(
        flow.arrows.len(),
        drawn.flow_edges().count() + changed.iter().filter(|c| c.2 == Removed).count()
    );
    let captions: Vec<String> = flow.captions.iter().map(|c| c.lines.join(" ")).collect();
    assert_eq!(
        captions,
        [
            "Dashed: back to an earlier step",
            "Marked +: new in the future state",
            "Dotted, marked ×: removed in the future state"
        ]
    );
    // The added loop back is dashed like every loop back, and marked.
    let svg = journeymap::build(&map).svg;
    assert!(svg.contains("(loops back; + New in the future state)"));
}

#[test]
fn each_arm_of_a_branch_names_the_personas_who_take_it() {
    let map = common::valid_map(
        "branch.yaml",
        r#"title: Delivery
personas:
  maya: { name: Maya Chen }
  grace: { name: Grace Okafor }
touchpoints:
  - { id: order, stage: decision, name: Gets the order confirmation, emotion: 4, next: [home, collect] }
  - { id: home, stage: retention, name: Courier delivers, personas: [maya], emotion: 4, next: [set-up] }
  - { id: collect, stage: retention, name: Collects in store, personas: [grace], emotion: 3 }
  - { id: set-up, stage: retention, name: Sets up the laptop, emotion: 5 }
"#,
    );
    let layout = laid_out(&map);
    common::assert_fits("branch", &layout);
    let flow = layout.flow.as_ref().unwrap();
    let arms: Vec<(&str, &str, Vec<&str>, usize)> = flow
        .arrows
        .iter()
        .map(|a| {
            let keys = a.persona_keys.iter().map(String::as_str).collect();
            (
                a.from_key.as_str(),
                a.to_key.as_str(),
                keys,
                a.markers.len(),
            )
        })
        .collect();
    assert_eq!(
        arms,
        [
            ("order", "home", vec!["maya"], 1),
            ("order", "collect", vec!["grace"], 1),
            // Not a branch: nobody is singled out.
            ("home", "set-up", vec![], 0),
            ("collect", "set-up", vec![], 0),
        ]
    );
    let svg = journeymap::build(&map).svg;
    assert!(svg.contains("Gets the order confirmation → Collects in store: Grace Okafor"));
}

#[test]
fn past_the_arrow_limit_the_strip_says_how_many_edges_it_left_out() {
    let mut yaml = String::from("title: Dense\ntouchpoints:\n");
    let count = 1_000;
    for i in 0..count {
        let next: Vec<String> = (1..=4)
            .map(|k| format!("t{}", (i + k * 7) % count))
            .collect();
        yaml.push_str(&format!(
            "  - {{ id: t{i}, stage: awareness, name: T{i}, next: [{}] }}\n",
            next.join(", ")
        ));
    }
    let map = common::valid_map("dense.yaml", &yaml);
    let layout = laid_out(&map);
    common::assert_fits("dense", &layout);
    let flow = layout.flow.as_ref().unwrap();
    assert_eq!(flow.arrows.len(), journeymap::layout::flow::MAX_ARROWS);
    assert!(
        flow.arrows
            .iter()
            .all(|a| a.track < journeymap::layout::flow::MAX_TRACKS)
    );
    let captions: Vec<String> = flow.captions.iter().map(|c| c.lines.join(" ")).collect();
    assert_eq!(captions.last().unwrap(), "1000 more not drawn");
}

/// A map written right to left: every line is drawn inside its box, a channel's
/// name inside its pill, and the names under a persona's item next to the dots.
#[test]
fn a_right_to_left_map_fits() {
    let map = common::valid_map(
        "rtl.yaml",
        "title: رحلة فتح حساب\nlang: ar\npersonas:\n  layla: { name: ليلى }\n  omar: { name: عمر }\nchannels:\n  branch: { name: الفرع }\ntouchpoints:\n  - id: visit\n    stage: awareness\n    name: تزور الفرع لأول مرة\n    channel: branch\n    actions: [تقارن الرسوم بين ثلاثة بنوك مختلفة في المدينة, \"Reads the FAQ\"]\n    thoughts: { layla: [\"هل أحتاج إلى موعد؟\"] }\n    emotion: { layla: 2, omar: 4 }\n",
    );
    let layout = laid_out(&map);
    common::assert_fits("rtl", &layout);
    let cards: Vec<_> = layout.lanes.iter().flat_map(|l| &l.cards).collect();
    let badge = cards
        .iter()
        .find_map(|c| c.badge.as_ref())
        .expect("a badge");
    assert!(badge.label.right_to_left());
    let whose = cards
        .iter()
        .find_map(|c| {
            let dot = c.persona_marks.first()?;
            let names = c
                .texts
                .iter()
                .find(|t| t.lines.iter().any(|l| l.contains("ليلى")))?;
            Some((dot.at.x, names))
        })
        .expect("an item of one persona");
    let (dot_x, names) = whose;
    assert!(names.right_to_left());
    assert!(
        names.rect.x - dot_x < 16.0,
        "the names start beside the dot: dot at {dot_x}, names from {}",
        names.rect.x
    );
}
