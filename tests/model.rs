//! The validated model: defaults, persona paths through branches and loops, scores.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use journeymap::model::{Map, PersonaId, TouchpointId};

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
    assert_eq!(
        map.touchpoint(TouchpointId(1)).stage.index(),
        2,
        "`purchase` is the decision stage"
    );
    assert!(map.implicit_persona);
    assert_eq!(map.personas[0].name, "Customer");
    assert_eq!((map.scale.min, map.scale.max), (1.0, 5.0));
    assert_eq!(
        map.touchpoint(TouchpointId(0)).next,
        vec![TouchpointId(1)],
        "next defaults to document order"
    );
    assert!(
        map.touchpoint(TouchpointId(1)).next.is_empty(),
        "none after the last"
    );
    assert_eq!(
        map.paths[0].scores,
        vec![(TouchpointId(0), 2.0), (TouchpointId(1), 4.5)]
    );
    assert_eq!(map.flow.edge_count(), 1);
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
        map.flow.edge_count(),
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
    assert_eq!(on("ad"), vec![PersonaId(0), PersonaId(1)]);
    assert_eq!(on("web"), vec![PersonaId(0)]);
    assert_eq!(on("pay"), vec![PersonaId(0), PersonaId(1)]);
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
    let channel_name = |i: u32| {
        map.channel(map.touchpoint(TouchpointId(i)).channel.unwrap())
            .name
            .clone()
    };
    assert_eq!(channel_name(0), "Website");
    assert_eq!(channel_name(1), "Kiosk");
    assert_eq!(channel_name(2), "SMS");
}

#[test]
fn x_keys_are_ignored_everywhere_a_mapping_of_fields_is_expected() {
    common::valid_map(
        "x.yaml",
        "title: T\nx-owner: cx-team\npersonas:\n  p: { name: P, x-segment: b2c }\nstages:\n  - { id: awareness, x-order: 1 }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, x-jira: CX-1 }\n",
    );
}
