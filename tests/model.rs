//! The validated model: defaults, persona paths through branches and loops, scores.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use journeymap::model::{Map, TouchpointId};

fn keys(map: &Map, steps: &[TouchpointId]) -> Vec<String> {
    steps
        .iter()
        .map(|t| map.touchpoint(*t).key.clone())
        .collect()
}

#[test]
fn defaults_fill_in_stages_persona_scale_and_flow() {
    let map = common::valid_map(
        "d.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 2 }\n  - { id: b, stage: purchase, name: B, emotion: 4.5 }\n",
    );
    let stages: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        stages,
        [
            "Awareness",
            "Consideration",
            "Decision",
            "Retention",
            "Advocacy"
        ]
    );
    let a = map.touchpoint_by_key("a").unwrap();
    let b = map.touchpoint_by_key("b").unwrap();
    assert_eq!(
        map.touchpoint(b).stage.index(),
        2,
        "`purchase` is the decision stage"
    );
    assert!(map.implicit_persona);
    assert_eq!(map.personas[0].name, "Customer");
    assert_eq!((map.scale.min, map.scale.max), (1.0, 5.0));
    assert_eq!(
        map.next_of(a).collect::<Vec<_>>(),
        vec![b],
        "next defaults to document order"
    );
    assert_eq!(map.next_of(b).count(), 0, "none after the last");
    assert_eq!(map.paths[0].scores, vec![(a, 2.0), (b, 4.5)]);
    assert_eq!(map.flow_edges().collect::<Vec<_>>(), vec![(a, b)]);
}

const BRANCHING: &str = r#"
title: Branches
personas:
  maya: { name: Maya }
  tom: { name: Tom }
touchpoints:
  - { id: ad, stage: awareness, name: Ad, emotion: 4, next: [web, store] }
  - { id: web, stage: consideration, name: Web, personas: [maya], emotion: 2, next: [pay] }
  - { id: store, stage: consideration, name: Store, personas: [tom], emotion: 3, next: [pay] }
  - { id: pay, stage: decision, name: Pay, emotion: { maya: 5, tom: 1 }, next: [repeat] }
  - { id: repeat, stage: retention, name: Repeat, emotion: 4, next: [ad] }
"#;

#[test]
fn each_persona_follows_its_own_branch_and_a_loop_ends_the_path() {
    let map = common::valid_map("b.yaml", BRANCHING);
    let maya = &map.paths[0];
    let tom = &map.paths[1];
    assert_eq!(keys(&map, &maya.steps), ["ad", "web", "pay", "repeat"]);
    assert_eq!(keys(&map, &tom.steps), ["ad", "store", "pay", "repeat"]);
    assert_eq!(
        maya.scores.iter().map(|s| s.1).collect::<Vec<_>>(),
        [4.0, 2.0, 5.0, 4.0]
    );
    assert_eq!(
        tom.scores.iter().map(|s| s.1).collect::<Vec<_>>(),
        [4.0, 3.0, 1.0, 4.0]
    );
    assert_eq!(
        map.flow_edges().count(),
        6,
        "the cycle back to the ad is an edge"
    );
}

#[test]
fn lowest_point_and_steepest_fall_are_found_per_persona() {
    let map = common::valid_map("b.yaml", BRANCHING);
    let maya = &map.paths[0];
    assert_eq!(
        maya.lowest()
            .map(|(t, s)| (map.touchpoint(t).key.as_str(), s)),
        Some(("web", 2.0))
    );
    let fall = maya.steepest_fall().unwrap();
    assert_eq!(
        (
            map.touchpoint(fall.0).key.as_str(),
            map.touchpoint(fall.1).key.as_str(),
            fall.2
        ),
        ("ad", "web", 2.0)
    );
    let tom = &map.paths[1];
    let fall = tom.steepest_fall().unwrap();
    assert_eq!(
        (
            map.touchpoint(fall.0).key.as_str(),
            map.touchpoint(fall.1).key.as_str(),
            fall.2
        ),
        ("store", "pay", 2.0)
    );
}

#[test]
fn personas_on_a_touchpoint_come_from_emotion_keys_then_personas_then_everyone() {
    let map = common::valid_map("b.yaml", BRANCHING);
    let on = |key: &str| {
        map.touchpoints
            .iter()
            .find(|t| t.key == key)
            .unwrap()
            .personas
            .clone()
    };
    let maya = map.persona_by_key("maya").unwrap();
    let tom = map.persona_by_key("tom").unwrap();
    assert_eq!(on("ad"), vec![maya, tom]);
    assert_eq!(on("web"), vec![maya]);
    assert_eq!(on("pay"), vec![maya, tom]);
}

#[test]
fn a_path_skips_touchpoints_the_persona_is_not_on() {
    let map = common::valid_map(
        "skip.yaml",
        "title: T\npersonas:\n  a: { name: A }\n  b: { name: B }\ntouchpoints:\n  - { id: one, stage: awareness, name: One, emotion: 3 }\n  - { id: two, stage: awareness, name: Two, personas: [b] }\n  - { id: three, stage: decision, name: Three, emotion: { a: 1 } }\n",
    );
    assert_eq!(keys(&map, &map.paths[0].steps), ["one", "three"]);
    assert_eq!(keys(&map, &map.paths[1].steps), ["one", "two"]);
}

#[test]
fn unreachable_scored_touchpoints_still_join_the_path() {
    let map = common::valid_map(
        "islands.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 3, next: [] }\n  - { id: b, stage: decision, name: B, emotion: 1 }\n",
    );
    assert_eq!(keys(&map, &map.paths[0].steps), ["a", "b"]);
    assert_eq!(
        map.paths[0].scores.len(),
        2,
        "every scored touchpoint is a curve point"
    );
}

#[test]
fn declared_channels_rename_builtins_and_custom_ones_need_a_name() {
    let map = common::valid_map(
        "ch.yaml",
        "title: T\nchannels:\n  web: { name: Website }\n  kiosk: { name: Kiosk }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, channel: web }\n  - { id: b, stage: awareness, name: B, channel: kiosk }\n  - { id: c, stage: awareness, name: C, channel: sms }\n",
    );
    let channel_name = |key: &str| {
        let touchpoint = map.touchpoint_by_key(key).unwrap();
        map.channel(map.touchpoint(touchpoint).channel.unwrap())
            .name
            .clone()
    };
    assert_eq!(channel_name("a"), "Website");
    assert_eq!(channel_name("b"), "Kiosk");
    assert_eq!(channel_name("c"), "SMS");
    assert_eq!(
        map.channel_by_key("sms")
            .map(|c| map.channel(c).name.as_str()),
        Some("SMS")
    );
}

#[test]
fn x_keys_are_ignored_everywhere_a_mapping_of_fields_is_expected() {
    common::valid_map(
        "x.yaml",
        "title: T\nx-owner: cx-team\npersonas:\n  p: { name: P, x-segment: b2c }\nstages:\n  - { id: awareness, x-order: 1 }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, x-jira: CX-1 }\n",
    );
}

fn next_keys(map: &Map, key: &str) -> Vec<String> {
    let touchpoint = map.touchpoint_by_key(key).unwrap();
    keys(map, &map.next_of(touchpoint).collect::<Vec<_>>())
}

#[test]
fn next_of_follows_the_written_next_order_not_the_document_order() {
    let map = common::valid_map(
        "order.yaml",
        "title: T\ntouchpoints:\n  - { id: start, stage: awareness, name: S, next: [late, early, middle] }\n  - { id: early, stage: awareness, name: E, next: [] }\n  - { id: middle, stage: awareness, name: M, next: [] }\n  - { id: late, stage: awareness, name: L, next: [] }\n",
    );
    assert_eq!(next_keys(&map, "start"), ["late", "early", "middle"]);
    assert!(
        next_keys(&map, "early").is_empty(),
        "`next: []` ends the flow"
    );
}

#[test]
fn next_of_is_the_following_touchpoint_when_next_is_not_written() {
    let map = common::valid_map(
        "implicit.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n  - { id: b, stage: awareness, name: B, next: [d, c] }\n  - { id: c, stage: awareness, name: C }\n  - { id: d, stage: awareness, name: D }\n",
    );
    assert_eq!(next_keys(&map, "a"), ["b"]);
    assert_eq!(next_keys(&map, "b"), ["d", "c"]);
    assert_eq!(next_keys(&map, "c"), ["d"]);
    assert!(next_keys(&map, "d").is_empty());
    let edges: Vec<(String, String)> = map
        .flow_edges()
        .map(|(from, to)| {
            (
                map.touchpoint(from).key.clone(),
                map.touchpoint(to).key.clone(),
            )
        })
        .collect();
    let expected = [("a", "b"), ("b", "d"), ("b", "c"), ("c", "d")];
    assert_eq!(
        edges,
        expected.map(|(f, t)| (f.to_owned(), t.to_owned())),
        "sources in document order, each one's targets in `next` order"
    );
}

#[test]
fn next_of_includes_an_edge_back_in_a_cycle() {
    let map = common::valid_map("b.yaml", BRANCHING);
    assert_eq!(next_keys(&map, "ad"), ["web", "store"]);
    assert_eq!(next_keys(&map, "repeat"), ["ad"]);
    let ad = map.touchpoint_by_key("ad").unwrap();
    assert_eq!(
        map.flow_edges().filter(|&(_, to)| to == ad).count(),
        1,
        "only `repeat` leads back"
    );
}

#[test]
fn ids_from_the_map_index_it_and_lookups_find_them() {
    let map = common::valid_map("b.yaml", BRANCHING);
    for p in map.persona_ids() {
        assert_eq!(map.persona_by_key(&map.persona(p).key), Some(p));
    }
    for s in map.stage_ids() {
        assert_eq!(map.stage_by_key(&map.stage(s).key), Some(s));
    }
    for c in map.channel_ids() {
        assert_eq!(map.channel_by_key(&map.channel(c).key), Some(c));
    }
    for t in map.touchpoint_ids() {
        assert_eq!(map.touchpoint_by_key(&map.touchpoint(t).key), Some(t));
        for next in map.next_of(t) {
            map.touchpoint(next);
        }
    }
    assert_eq!(map.persona_ids().count(), map.personas.len());
    assert_eq!(map.stage_ids().count(), map.stages.len());
    assert_eq!(map.channel_ids().count(), map.channels.len());
    assert_eq!(map.touchpoint_ids().count(), map.touchpoints.len());
    assert_eq!(map.persona_by_key("nobody"), None);
}

#[test]
fn owner_reviewed_and_lang_load_from_the_top_of_the_map() {
    let map = common::valid_map(
        "o.yaml",
        "title: T\nowner: Checkout squad\nreviewed: 2026-10-14\nlang: pt-BR\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    assert_eq!(map.owner.as_deref(), Some("Checkout squad"));
    assert_eq!(
        map.reviewed.map(|d| d.to_string()).as_deref(),
        Some("2026-10-14")
    );
    assert_eq!(map.lang.as_deref(), Some("pt-BR"));
    let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
    let html = journeymap::render::html::render_page(&map, &layout, None, &Default::default());
    assert!(html.contains("<html lang=\"pt-BR\""), "{}", &html[..200]);
}

#[test]
fn a_future_state_changes_touchpoints_by_id_adds_and_removes() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/future/inline.yaml")).unwrap();
    let map = common::valid_map("inline.yaml", &text);
    let future = map.future.as_deref().expect("the map has a future state");
    assert_eq!(map.title, "Opening a current account");
    assert_eq!(future.title, "Opening a current account, next year");
    let keys: Vec<&str> = future.touchpoints.iter().map(|t| t.key.as_str()).collect();
    // branch-visit is gone; video-id goes at the end of its stage, decision.
    assert_eq!(keys, ["ad", "compare", "apply-app", "video-id", "welcome"]);
    let apply = future.touchpoint(future.touchpoint_by_key("apply-app").unwrap());
    // The keys given replace the current ones; the rest (name, next) are kept.
    assert_eq!(apply.name, "Applies in the app");
    assert!(apply.pain_points.is_empty());
    assert_eq!(apply.personas.len(), 2);
    let george = future.persona_by_key("george").unwrap();
    assert_eq!(apply.emotion_of(george), Some(3.0));
    // compare led to branch-visit, which led on to the touchpoint after it: now video-id.
    let compare = future.touchpoint_by_key("compare").unwrap();
    let next: Vec<&str> = future
        .next_of(compare)
        .map(|t| future.touchpoint(t).key.as_str())
        .collect();
    assert_eq!(next, ["apply-app", "video-id"]);
    // The current map is untouched.
    assert!(map.touchpoint_by_key("branch-visit").is_some());
    assert!(map.touchpoint_by_key("video-id").is_none());
    // Drawn together: the removed touchpoint is put back after its predecessor.
    let drawn = map.drawn();
    let marks: Vec<(&str, journeymap::model::future::Change)> = drawn
        .touchpoints
        .iter()
        .zip(&drawn.changes)
        .map(|(t, c)| (t.key.as_str(), *c))
        .collect();
    use journeymap::model::future::Change::{Added, Kept, Removed};
    assert_eq!(
        marks,
        [
            ("ad", Kept),
            ("compare", Kept),
            ("apply-app", Kept),
            ("branch-visit", Removed),
            ("video-id", Added),
            ("welcome", Kept)
        ]
    );
}

const ITEMS_MAP: &str = "title: T
personas:
  priya: { name: Priya }
  george: { name: George }
touchpoints:
  - id: id-check
    stage: awareness
    name: Verifies identity
    emotion: { priya: 2, george: 3 }
    actions: Takes a selfie
    thoughts: { priya: [\"Why is it blurry?\"], george: \"Do I need to go in?\" }
    pain_points:
      - Slow upload
      - { text: Selfie fails in low light, personas: [priya] }
    opportunities:
      - { text: Guide the camera, personas: priya, reach: 1200, impact: 2, confidence: \"80%\", effort: 3 }
      - { text: Branch fallback, reach: 100 }
      - Better copy
";

#[test]
fn items_belong_to_everyone_to_listed_personas_or_to_the_persona_whose_list_they_are_in() {
    let map = common::valid_map("items.yaml", ITEMS_MAP);
    let tp = &map.touchpoints[0];
    let [priya, george] = [0, 1].map(|i| map.persona_ids().nth(i).unwrap());
    let whose =
        |items: &[journeymap::model::Item]| -> Vec<(String, Vec<journeymap::model::PersonaId>)> {
            items
                .iter()
                .map(|i| (i.text.clone(), i.personas.clone()))
                .collect()
        };
    assert_eq!(whose(&tp.actions), [("Takes a selfie".to_owned(), vec![])]);
    assert_eq!(
        whose(&tp.thoughts),
        [
            ("Why is it blurry?".to_owned(), vec![priya]),
            ("Do I need to go in?".to_owned(), vec![george]),
        ]
    );
    assert_eq!(
        whose(&tp.pain_points),
        [
            ("Slow upload".to_owned(), vec![]),
            ("Selfie fails in low light".to_owned(), vec![priya]),
        ]
    );
    assert!(tp.pain_points[1].belongs_to(priya) && !tp.pain_points[1].belongs_to(george));
    assert!(tp.pain_points[0].belongs_to(george));
    let guide = &tp.opportunities[0];
    assert_eq!(guide.personas, [priya]);
    assert_eq!(guide.estimate.confidence, Some(0.8));
    assert_eq!(guide.estimate.rice(), Some(1200.0 * 2.0 * 0.8 / 3.0));
    assert_eq!(tp.opportunities[1].estimate.reach, Some(100.0));
    assert_eq!(
        tp.opportunities[1].estimate.rice(),
        None,
        "a partial estimate has no score"
    );
    assert!(tp.opportunities[2].estimate.is_empty());
}

#[test]
fn items_as_objects_satisfy_the_schema_and_render_their_text() {
    let map = common::valid_map("items.yaml", ITEMS_MAP);
    let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
    let html = journeymap::render::html::render_page(&map, &layout, None, &Default::default());
    for text in [
        "Selfie fails in low light",
        "Guide the camera",
        "Why is it blurry?",
        "Takes a selfie",
    ] {
        assert!(html.contains(text), "{text} missing from the page");
    }
}

#[test]
fn a_themes_palette_colours_the_implicit_persona_and_its_stage_colours_find_their_stages() {
    let map = common::valid_map(
        "themed.yaml",
        "title: T\ntheme:\n  personas: [\"#7c2d12\"]\n  stages: { decision: \"#1e3a8a\" }\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    assert_eq!(map.personas[0].color.hex, "#7c2d12");
    let decision = map.stages.iter().position(|s| s.key == "decision").unwrap();
    let colours: Vec<Option<&str>> = (0..map.stages.len())
        .map(|i| map.theme.stage_color(i).map(|c| c.hex.as_str()))
        .collect();
    let mut expected = vec![None; map.stages.len()];
    expected[decision] = Some("#1e3a8a");
    assert_eq!(colours, expected);
    assert_eq!(map.theme.font, None);
}

#[test]
fn a_removed_touchpoint_is_drawn_as_its_card_alone_without_blueprint_cells() {
    let path = common::root().join("examples/bank-account-opening.yaml");
    let map = journeymap::load_path(&path).map.unwrap();
    let current = map.touchpoint_by_key("sent-to-branch").unwrap();
    assert!(
        !map.touchpoint(current).blueprint.is_empty(),
        "the example's removed step has cells"
    );
    let drawn = map.drawn();
    let (ghost, change) = drawn
        .touchpoints
        .iter()
        .zip(&drawn.changes)
        .find(|(t, _)| t.key == "sent-to-branch")
        .unwrap();
    assert_eq!(*change, journeymap::model::future::Change::Removed);
    assert!(
        ghost.blueprint.is_empty(),
        "a removed step's blueprint cells were drawn"
    );
    assert!(ghost.actions.is_empty() && ghost.pain_points.is_empty() && ghost.emotions.is_empty());
}
