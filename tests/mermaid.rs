//! Mermaid `journey` import and export: the examples from Mermaid's documentation and
//! parser tests, a warning with its line for each thing a map cannot hold, round
//! trips both ways, YAML quoting, and the two commands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

use journeymap::diag::{Diagnostic, SourceFile, render_plain};
use journeymap::mermaid::{self, Journey, Section, Task};
use journeymap::model::{Map, PersonaId};

fn fixture(name: &str) -> SourceFile {
    let path = format!("tests/fixtures/mermaid/{name}");
    let text = std::fs::read_to_string(common::root().join(&path)).unwrap();
    SourceFile::new(path, text)
}

fn parse(file: &SourceFile) -> (Journey, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let journey = mermaid::parse(file, &mut diagnostics).unwrap_or_else(|| {
        panic!(
            "{} should parse:\n{}",
            file.name,
            render_plain(file, &diagnostics)
        )
    });
    (journey, diagnostics)
}

/// Imports a fixture; the YAML must load as a valid map.
fn import(file: &SourceFile) -> (String, Map, Vec<Diagnostic>) {
    let (yaml, diagnostics) = mermaid::import(file);
    let yaml = yaml.unwrap_or_else(|| {
        panic!(
            "{} should import:\n{}",
            file.name,
            render_plain(file, &diagnostics)
        )
    });
    let map = common::valid_map("imported.yaml", &yaml);
    (yaml, map, diagnostics)
}

/// One task as shown: section name, task name, score, actors (sorted).
type ShownTask = (String, String, Option<f64>, Vec<String>);

/// What a journey shows, comparable across a round trip: actors as a sorted set.
fn shown(journey: &Journey) -> (Option<String>, Vec<String>, Vec<ShownTask>) {
    let sections = journey.sections.iter().map(|s| s.name.clone()).collect();
    let tasks = journey
        .tasks
        .iter()
        .map(|t| {
            let section = t
                .section
                .map(|i| journey.sections[i].name.clone())
                .unwrap_or_default();
            let mut actors = t.actors.clone();
            actors.sort();
            (section, t.name.clone(), t.score, actors)
        })
        .collect();
    (journey.title.clone(), sections, tasks)
}

fn task_count(mermaid_text: &str) -> usize {
    let file = SourceFile::new("exported.mmd", mermaid_text);
    let (journey, diagnostics) = parse(&file);
    assert!(
        diagnostics.is_empty(),
        "export must be clean Mermaid:\n{}\n{mermaid_text}",
        render_plain(&file, &diagnostics)
    );
    journey.tasks.len()
}

const DOCS_SYNTAX_YAML: &str = "\
# Imported from tests/fixtures/mermaid/docs-syntax.mmd by `journeymap import`.
# Mermaid sections are stages, tasks are touchpoints, actors are personas, and
# each task's score is the emotion of its actors on the default 1 to 5 scale.
# Add pain points, opportunities, channels and more: run `journeymap docs format`.

title: My working day

personas:
  me:
    name: Me
  cat:
    name: Cat

stages:
  - id: go-to-work
    name: Go to work
  - id: go-home
    name: Go home

touchpoints:
  - id: make-tea
    stage: go-to-work
    name: Make tea
    emotion: { me: 5 }
  - id: go-upstairs
    stage: go-to-work
    name: Go upstairs
    emotion: { me: 3 }
  - id: do-work
    stage: go-to-work
    name: Do work
    emotion: { me: 1, cat: 1 }
  - id: go-downstairs
    stage: go-home
    name: Go downstairs
    emotion: { me: 5 }
  - id: sit-down
    stage: go-home
    name: Sit down
    emotion: { me: 5 }
";

#[test]
fn the_syntax_pages_example_imports_as_a_valid_map() {
    let (yaml, map, diagnostics) = import(&fixture("docs-syntax.mmd"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(yaml, DOCS_SYNTAX_YAML);
    assert_eq!(map.title, "My working day");
    let names = |items: Vec<&str>| items.join(", ");
    assert_eq!(
        names(map.personas.iter().map(|p| p.name.as_str()).collect()),
        "Me, Cat"
    );
    assert_eq!(
        names(map.stages.iter().map(|s| s.name.as_str()).collect()),
        "Go to work, Go home"
    );
    let do_work = &map.touchpoints[2];
    assert_eq!(do_work.name, "Do work");
    assert_eq!(do_work.emotions.len(), 2);
    assert!(do_work.emotions.iter().all(|(_, score)| *score == 1.0));
    let curve: Vec<f64> = map.paths[0].scores.iter().map(|(_, s)| *s).collect();
    assert_eq!(curve, [5.0, 3.0, 1.0, 5.0, 5.0], "Me's emotion curve");
}

#[test]
fn the_accessibility_pages_example_keeps_its_description() {
    let file = fixture("docs-accessibility.mmd");
    let (journey, _) = parse(&file);
    assert_eq!(
        journey.acc_title.as_deref(),
        Some("My User Journey Diagram")
    );
    let (yaml, map, diagnostics) = import(&file);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(map.title, "My working day");
    assert_eq!(
        map.scenario.as_deref(),
        Some("My User Journey Diagram Description")
    );
    assert!(
        yaml.contains("\nx-mermaid-acc-title: My User Journey Diagram\n"),
        "{yaml}"
    );
    assert_eq!(map.touchpoints.len(), 5);
}

#[test]
fn mermaids_parser_test_tasks_import_with_a_warning_per_empty_actor() {
    // From Mermaid's own parser tests: tasks with and without actors, `5:` with an
    // empty actor list, which Mermaid reads as one actor named "".
    let file = fixture("parser-spec-tasks.mmd");
    let (journey, diagnostics) = parse(&file);
    assert_eq!(journey.tasks.len(), 8);
    assert_eq!(
        journey.tasks[0],
        Task {
            section: Some(0),
            name: "A task".into(),
            score: Some(5.0),
            actors: vec!["Alice".into(), "Bob".into(), "Charlie".into()],
            same_touchpoint: false,
            span: journey.tasks[0].span,
        }
    );
    assert_eq!(
        journey.tasks[1].actors,
        ["Bob", "Charlie"],
        "`3:Bob` needs no space"
    );
    assert_eq!(journey.tasks[3].actors, ["Charlie", "Alice"]);
    let printed = render_plain(&file, &diagnostics);
    for line in [8, 10, 11, 12] {
        assert!(
            printed.contains(&format!(
                "warning[mermaid-actor]: an empty actor name is ignored\n{}┌─ tests/fixtures/mermaid/parser-spec-tasks.mmd:{line}:11",
                " ".repeat(if line < 10 { 2 } else { 3 })
            )),
            "line {line}:\n{printed}"
        );
    }
    assert_eq!(diagnostics.len(), 4, "{printed}");
    let (_, map, _) = import(&file);
    // A task without actors is every persona's.
    let c_task = &map.touchpoints[2];
    assert_eq!(c_task.name, "C task");
    assert_eq!(c_task.emotions.len(), 3);
    assert_eq!(map.stages[1].name, "Another section");
}

#[test]
fn mermaids_parser_test_multiline_description() {
    let file = fixture("parser-spec-accdescr.mmd");
    let (journey, diagnostics) = parse(&file);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    // As Mermaid's test expects, including the `title` right after the closing `}`.
    assert_eq!(
        journey.acc_descr.as_deref(),
        Some("A user journey for\nfamily shopping")
    );
    assert_eq!(
        journey.title.as_deref(),
        Some("Adding journey diagram functionality to mermaid")
    );
    assert_eq!(
        journey.acc_title.as_deref(),
        Some("Adding acc journey diagram functionality to mermaid")
    );
    assert_eq!(journey.sections.len(), 1);
    // No task, so no map: an error, not an empty file.
    let (yaml, diagnostics) = mermaid::import(&file);
    assert!(yaml.is_none());
    assert_eq!(
        render_plain(&file, &diagnostics),
        "error[no-tasks]: the journey has no tasks; a map needs at least one touchpoint
  ┌─ tests/fixtures/mermaid/parser-spec-accdescr.mmd:1:1
  │
1 │ journey
  │ ^^^^^^^
  │
  = help: add tasks such as `Make tea: 5: Me` under a `section`

"
    );
}

#[test]
fn a_multiline_description_becomes_a_literal_block() {
    let file = SourceFile::new(
        "d.mmd",
        "journey\n  accDescr {\n    First line\n    second: line # not a comment\n  }\n  section S\n    T: 4: A\n",
    );
    let (yaml, map, _) = import(&file);
    assert!(
        yaml.contains("scenario: |-\n  First line\n  second: line # not a comment\n"),
        "{yaml}"
    );
    assert_eq!(
        map.scenario.as_deref(),
        Some("First line\nsecond: line # not a comment")
    );
}

/// (code, line, column, part of the message) of each warning, in file order.
const LOSSY: [(&str, usize, usize, &str); 11] = [
    ("mermaid-ignored", 3, 1, "front matter other than `title`"),
    ("mermaid-ignored", 6, 1, "Mermaid directives"),
    (
        "mermaid-no-section",
        9,
        5,
        "a task comes before the first `section`",
    ),
    (
        "mermaid-ignored",
        10,
        5,
        "a second `title` replaces the first",
    ),
    (
        "mermaid-score",
        12,
        17,
        "score 7 is outside Mermaid's 1 to 5, so it is imported as 5",
    ),
    ("mermaid-score", 13, 19, "the score `lots` is not a number"),
    ("mermaid-actor", 14, 27, "an empty actor name is ignored"),
    (
        "mermaid-actor",
        15,
        28,
        "actor `Me` is listed more than once on this task; once is kept",
    ),
    (
        "mermaid-ignored",
        17,
        18,
        "text after a task's second `:` is ignored",
    ),
    (
        "mermaid-score",
        18,
        14,
        "score 0 is outside Mermaid's 1 to 5, so it is imported as 1",
    ),
    ("mermaid-section", 19, 13, "section `Morning` appears twice"),
];

#[test]
fn what_a_map_cannot_hold_is_a_warning_at_its_line() {
    // Mermaid itself draws this file; every line below the header tests one case.
    let file = fixture("lossy.mmd");
    let (yaml, map, diagnostics) = import(&file);
    let printed = render_plain(&file, &diagnostics);
    assert_eq!(diagnostics.len(), LOSSY.len(), "{printed}");
    for (diagnostic, (code, line, column, message)) in diagnostics.iter().zip(LOSSY) {
        assert_eq!(diagnostic.code, code, "{printed}");
        assert!(!diagnostic.is_error());
        assert!(
            diagnostic.message.contains(message),
            "{}",
            diagnostic.message
        );
        let position = file.position(diagnostic.span.unwrap().start);
        assert_eq!(
            (position.line, position.column),
            (line, column),
            "{code}: {printed}"
        );
        assert!(
            printed.contains(&format!(
                "tests/fixtures/mermaid/lossy.mmd:{line}:{column}\n"
            )),
            "{printed}"
        );
    }
    // And what was kept.
    assert_eq!(map.title, "Monday, again");
    let stage_ids: Vec<&str> = map.stages.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(stage_ids, ["no-section", "morning", "evening", "morning-2"]);
    assert_eq!(map.stages[3].name, "Morning");
    let tp = |id: &str| map.touchpoints.iter().find(|t| t.key == id).unwrap();
    assert_eq!(tp("wake-up").stage.index(), 0);
    assert_eq!(tp("make-tea").emotions[0].1, 5.0, "clamped");
    assert!(
        tp("check-mail").emotions.is_empty(),
        "no score, but Me is on it"
    );
    assert_eq!(tp("check-mail").personas.len(), 1);
    assert_eq!(
        tp("walk-the-dog").emotions.len(),
        2,
        "Me and Dog, not the empty one"
    );
    assert_eq!(tp("feed-the-cat").emotions.len(), 1);
    assert_eq!(
        tp("sleep").emotions.len(),
        2,
        "no actors: every persona, at 1"
    );
    assert!(tp("sleep").emotions.iter().all(|(_, s)| *s == 1.0));
    // `#35;` is Mermaid's code for `#`, and a `#` after the actors is a comment.
    assert_eq!(tp("pay-2-bill").name, "Pay #2 bill");
    assert_eq!(tp("pay-2-bill").emotions.len(), 1);
    assert!(yaml.contains("    name: \"Pay #2 bill\"\n"), "{yaml}");
}

#[test]
fn what_mermaid_rejects_is_imported_with_warnings() {
    let file = fixture("invalid.mmd");
    let (_, map, diagnostics) = import(&file);
    let found: Vec<(&str, usize)> = diagnostics
        .iter()
        .map(|d| (d.code, file.position(d.span.unwrap().start).line))
        .collect();
    assert_eq!(
        found,
        [
            ("mermaid-syntax", 3),
            ("mermaid-syntax", 4),
            ("mermaid-unknown", 5),
            ("mermaid-unknown", 6),
            ("mermaid-syntax", 7),
        ]
    );
    assert!(
        diagnostics[3]
            .message
            .contains("Mermaid reads `#` as the start of a comment")
    );
    assert_eq!(map.stages[0].name, "Morning: early");
    assert_eq!(map.touchpoints.len(), 1);
    assert_eq!(map.touchpoints[0].name, "Lunch; dinner");
    assert_eq!(map.scenario.as_deref(), Some("Never closed"));
}

#[test]
fn other_diagrams_are_refused() {
    for (text, message, line) in [
        ("flowchart TD\n  A --> B\n", "it starts with `flowchart`", 1),
        ("%% only a comment\n\n", "there is no `journey` line", 3),
        (
            "---\ntitle: x\n",
            "front matter that starts here is not closed",
            1,
        ),
        (
            "%%{init: {}}%%\n%% c\nJourneyman: 3\n",
            "it starts with `Journeyman:`",
            3,
        ),
    ] {
        let file = SourceFile::new("x.mmd", text);
        let (yaml, diagnostics) = mermaid::import(&file);
        assert!(yaml.is_none(), "{text}");
        let error = diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(error.code, "not-journey");
        assert!(error.message.contains(message), "{}", error.message);
        assert_eq!(
            file.position(error.span.unwrap().start).line,
            line,
            "{text}"
        );
    }
    // Keywords are case-insensitive, as in Mermaid.
    let file = SourceFile::new(
        "x.mmd",
        "JOURNEY\nTitle Shouting\nSECTION One\n  Task: 4: Me\n",
    );
    let (journey, diagnostics) = parse(&file);
    assert!(diagnostics.is_empty());
    assert_eq!(journey.title.as_deref(), Some("Shouting"));
    assert_eq!(
        journey.sections[0],
        Section {
            name: "One".into(),
            span: journey.sections[0].span
        }
    );
}

#[test]
fn mermaid_to_journeymap_to_mermaid_keeps_what_mermaid_shows() {
    for name in [
        "docs-syntax.mmd",
        "docs-accessibility.mmd",
        "roundtrip.mmd",
        "lossy.mmd",
    ] {
        let file = fixture(name);
        let (original, _) = parse(&file);
        let (_, map, _) = import(&file);
        let exported = mermaid::to_mermaid(&map, "imported.yaml");
        let again = SourceFile::new("exported.mmd", exported.clone());
        let (back, diagnostics) = parse(&again);
        if name == "lossy.mmd" {
            // What was lost on the way in stays lost (the repeated section is still
            // repeated); the rest comes back.
            assert_eq!(back.tasks.len(), original.tasks.len());
            assert_eq!(
                diagnostics.len(),
                1,
                "{}",
                render_plain(&again, &diagnostics)
            );
            continue;
        }
        assert!(
            diagnostics.is_empty(),
            "{name}:\n{}\n{exported}",
            render_plain(&again, &diagnostics)
        );
        assert_eq!(shown(&back), shown(&original), "{name}:\n{exported}");
        assert_eq!(back.acc_descr, original.acc_descr, "{name}");
    }
}

#[test]
fn names_that_look_like_mermaid_syntax_survive_the_round_trip() {
    let file = fixture("roundtrip.mmd");
    let (_, map, _) = import(&file);
    let names: Vec<&str> = map.touchpoints.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Title page of the menu",
            "Journey to the counter",
            "Orders a \"flat white\"",
            "Sits down 100%% happy",
            "Section 8 of the menu",
            "Pays 4.50 ; leaves",
        ]
    );
    assert_eq!(map.title, "Café opening day #1: the big one");
    let ids: Vec<&str> = map.personas.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(ids, ["zoe", "chen-maya", "bob"]);
    assert_eq!(map.personas[1].name, "Chen, Maya");
    let exported = mermaid::to_mermaid(&map, "roundtrip.yaml");
    // Keywords and separators are written as Mermaid entity codes, which it shows as
    // the characters themselves.
    for line in [
        "    title Café opening day #35;1: the big one\n",
        "      #84;itle page of the menu: 4: Zoë, Chen#44; Maya\n",
        "      #74;ourney to the counter: 2: Zoë\n",
        "      Sits down 100%#37; happy: 5: Bob\n",
        "      #83;ection 8 of the menu: 3: Zoë, Chen#44; Maya, Bob\n",
        "      Pays 4.50 #59; leaves: 1: Bob\n",
    ] {
        assert!(exported.contains(line), "{line}\n{exported}");
    }
}

#[test]
fn journeymap_to_mermaid_to_journeymap_keeps_every_examples_tasks() {
    for path in common::examples() {
        let map = common::valid_map(
            &path.display().to_string(),
            &std::fs::read_to_string(&path).unwrap(),
        );
        let exported = mermaid::to_mermaid(&map, "example.yaml");
        // One task per touchpoint, or one per distinct rounded score where personas differ.
        let expected: usize = map
            .touchpoints
            .iter()
            .map(|t| {
                let mut scores: Vec<i64> = t
                    .emotions
                    .iter()
                    .map(|(_, s)| (1.0 + 4.0 * map.scale.fraction(*s)).round() as i64)
                    .collect();
                scores.sort();
                scores.dedup();
                scores.len().max(1)
            })
            .sum();
        assert_eq!(task_count(&exported), expected, "{}", path.display());
        assert!(
            exported.contains(&format!(": {expected} tasks.\n")),
            "{exported}"
        );
        let file = SourceFile::new("exported.mmd", exported.clone());
        let (_, back, diagnostics) = import(&file);
        assert!(
            diagnostics.is_empty(),
            "{}",
            render_plain(&file, &diagnostics)
        );
        // A touchpoint split into one task per score comes back as one.
        assert_eq!(
            back.touchpoints.len(),
            map.touchpoints.len(),
            "{}",
            path.display()
        );
        assert_eq!(back.title, map.title);
        // Sections are the stages that have touchpoints, in order.
        let stages: Vec<&str> = map
            .stages
            .iter()
            .enumerate()
            .filter(|(i, _)| map.touchpoints.iter().any(|t| t.stage.index() == *i))
            .map(|(_, s)| s.name.as_str())
            .collect();
        let back_stages: Vec<&str> = back.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(back_stages, stages, "{}", path.display());
        let pain: usize = map.touchpoints.iter().map(|t| t.pain_points.len()).sum();
        assert!(
            exported.contains(&format!("    %% - {pain} pain points\n")),
            "{exported}"
        );
    }
}

#[test]
fn export_says_what_mermaid_cannot_show() {
    let map = common::valid_map(
        "onboarding.yaml",
        r#"title: "Onboarding: week one"
scenario: A new hire's first week.
emotion_scale: { min: 0, max: 10 }
personas:
  ana: { name: Ana }
  ben: { name: Ben }
stages:
  - { id: arrive, name: Arrive }
  - { id: settle, name: Settle in }
  - { id: later, name: Later }
touchpoints:
  - id: badge
    stage: arrive
    name: "Gets a badge: desk 4"
    channel: in-person
    emotion: { ana: 7.5, ben: 2 }
    pain_points: [Queue at security]
    next: [laptop, lunch]
  - id: laptop
    stage: arrive
    name: Sets up the laptop
    thoughts: [Where is the VPN guide?]
    emotion: 10
    opportunities: [Pre-install everything]
  - id: lunch
    stage: settle
    name: Team lunch
    metrics: { attendance: "90%" }
"#,
    );
    assert_eq!(
        mermaid::to_mermaid(&map, "onboarding.yaml"),
        "journey
    title Onboarding: week one
    accDescr: A new hire's first week.
    %% Exported from onboarding.yaml by `journeymap export --to mermaid`: 4 tasks.
    %% Ids are not written: `journeymap import` derives stage, touchpoint and persona ids from names.
    %% Mermaid cannot show these parts of the map:
    %% - 1 pain point
    %% - 1 opportunity
    %% - channels (1 touchpoint)
    %% - 1 thought
    %% - 1 metric
    %% - branching flow (`next` on 1 touchpoint; Mermaid shows tasks in stage order)
    %% Scores are mapped linearly from the map's emotion scale, 0 to 10, onto Mermaid's 1 to 5 and rounded to whole numbers; `journeymap import` reads them on 1 to 5.
    %% No emotion score, so drawn at 3 (the middle) below a `%% journeymap: unscored` comment, which `journeymap import` reads back as no score: lunch.
    %% Personas feel differently at badge: each such touchpoint is one task per score, with the same name (2 tasks), each after the first below a `%% journeymap: same touchpoint` comment, which `journeymap import` reads back as one touchpoint.
    %% Stages without touchpoints are left out: later.
    %% \":\" in names is written as \"：\", since \":\" separates a task's name, score and actors.
    section Arrive
      Gets a badge： desk 4: 4: Ana
      %% journeymap: same touchpoint
      Gets a badge： desk 4: 2: Ben
      Sets up the laptop: 5: Ana, Ben
    section Settle in
      %% journeymap: unscored
      Team lunch: 3
"
    );
}

#[test]
fn export_names_the_blueprint_lanes_it_cannot_show() {
    let map = common::valid_map(
        "blueprint.yaml",
        "title: Visit\nlanes:\n  - { id: desk, role: frontstage, name: \"Front\\ndesk\" }\n  - { id: ehr, role: support, name: Records }\ntouchpoints:\n  - id: arrive\n    stage: awareness\n    name: Arrives\n    emotion: 3\n    blueprint:\n      desk: [Checks in, { text: Prints a wristband, fail_point: true }]\n      ehr: [Opens the record]\n",
    );
    let exported = mermaid::to_mermaid(&map, "blueprint.yaml");
    assert!(
        exported.contains(
            "    %% - service-blueprint lanes `desk` (frontstage), `ehr` (support) with 3 items\n"
        ),
        "{exported}"
    );
    // The lane's name has a line break: it is named by id, so no comment is split.
    assert!(
        exported
            .lines()
            .all(|l| !l.trim_start().starts_with("desk"))
    );
}

#[test]
fn hostile_names_cannot_break_the_diagram() {
    let map = common::valid_map(
        "hostile.yaml",
        r#"title: "Time: 10:00 #1; %% not a comment"
scenario: "Line one\nline two; with # and %% and {braces}"
personas:
  a: { name: "Chen, Maya: #1; %%x" }
  b: { name: "Chen, Maya: #1; %%x" }
  c: { name: "Journey" }
stages:
  - { id: s1, name: "Step 1: arrive #here; %%now" }
touchpoints:
  - { id: t1, stage: s1, name: "Title page: read", emotion: { a: 5, b: 1, c: 3 } }
  - { id: t2, stage: s1, name: "journey planner; %%{init}%%", emotion: 4 }
  - { id: t3, stage: s1, name: "section 8\nnext line" }
  - { id: t4, stage: s1, name: "accDescr { oops }", emotion: { c: 2 } }
  - { id: t5, stage: s1, name: "% starts like a comment", emotion: { a: 5 } }
  - { id: t6, stage: s1, name: "5%% off", emotion: { a: 5 } }
"#,
    );
    let exported = mermaid::to_mermaid(&map, "hostile.yaml");
    assert!(
        exported.contains(
            "    %% Line breaks, tabs and runs of spaces in text are written as one space.\n"
        ),
        "{exported}"
    );
    // Every task is a task (8: t1 is three), every line parses, nothing is a comment.
    assert_eq!(task_count(&exported), 8, "{exported}");
    let file = SourceFile::new("exported.mmd", exported.clone());
    let (journey, _) = parse(&file);
    assert_eq!(
        journey.title.as_deref(),
        Some("Time: 10:00 #1; %% not a comment")
    );
    assert_eq!(journey.sections[0].name, "Step 1： arrive #here; %%now");
    let names: Vec<&str> = journey.tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Title page： read",
            "Title page： read",
            "Title page： read",
            "journey planner; %%{init}%%",
            "section 8 next line",
            "accDescr { oops }",
            "% starts like a comment",
            "5%% off",
        ]
    );
    // Two personas with one name stay two actors.
    assert_eq!(
        journey.tasks[3].actors,
        [
            "Chen, Maya： #1; %%x",
            "Chen, Maya： #1; %%x (b)",
            "Journey"
        ]
    );
    assert_eq!(
        journey.acc_descr.as_deref(),
        Some("Line one line two; with # and %% and {braces}")
    );
    // Outside comments and the description, every `#` and `;` is part of an entity code.
    for line in exported.lines().map(str::trim_start) {
        if line.starts_with("%% ") || line.starts_with("accDescr:") {
            continue;
        }
        assert!(!line.starts_with('%'), "{line}");
        let bare = strip_entities(line);
        assert!(!bare.contains(['#', ';']), "{line}");
    }
}

/// `text` without Mermaid's numeric entity codes (`#35;`).
fn strip_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(';') {
            rest = &after[digits + 1..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn yaml_strings_read_back_exactly() {
    let hostile = [
        "yes",
        "No",
        "null",
        "~",
        "2024",
        "1e3",
        "0x10",
        ".5",
        "+1",
        "-",
        "- item",
        "? q",
        ": c",
        "a: b",
        "a #b",
        "#x",
        "&anchor",
        "*alias",
        "!tag",
        "|",
        ">",
        "'q'",
        "\"dq\"",
        "%percent",
        "@at",
        "`tick`",
        " lead",
        "trail ",
        "tab\tin",
        "back\\slash",
        "uni é 日本 🎉",
        "line\u{2028}sep",
        "nbsp\u{a0}x",
        "[flow]",
        "{map}",
        "a, b",
        "---",
        "...",
        "True",
        "OFF",
        "y",
        "n",
        "C# and F#",
        "quote \" and ' both",
        "ends with:",
    ];
    let journey = Journey {
        title: Some("Hostile".into()),
        acc_descr: Some("multi\n  line: # text\nend".into()),
        sections: hostile
            .iter()
            .map(|s| Section {
                name: (*s).into(),
                span: Default::default(),
            })
            .collect(),
        tasks: hostile
            .iter()
            .enumerate()
            .map(|(i, s)| Task {
                section: Some(i),
                name: (*s).into(),
                score: Some(3.5),
                actors: vec![(*s).into()],
                same_touchpoint: false,
                span: Default::default(),
            })
            .collect(),
        ..Journey::default()
    };
    let yaml = mermaid::to_yaml(&journey, "hostile.mmd");
    let map = common::valid_map("hostile.yaml", &yaml);
    for (i, s) in hostile.iter().enumerate() {
        assert_eq!(map.stages[i].name, *s, "{yaml}");
        assert_eq!(map.touchpoints[i].name, *s);
        assert_eq!(map.personas[i].name, *s);
        let persona = map.persona_ids().nth(i).unwrap();
        assert_eq!(map.touchpoints[i].emotions, [(persona, 3.5)]);
    }
    assert_eq!(map.scenario.as_deref(), Some("multi\n  line: # text\nend"));
    // Every id is valid and unique, and readable where the name allows.
    assert_eq!(map.personas[0].key, "yes");
    assert_eq!(map.personas[1].key, "no");
    assert!(yaml.contains("\n  \"yes\":\n    name: \"yes\"\n"), "{yaml}");
}

#[test]
fn import_command_prints_or_writes_and_never_overwrites_by_accident() {
    let dir = temp_dir("import");
    std::fs::copy(
        common::root().join("tests/fixtures/mermaid/docs-syntax.mmd"),
        dir.join("day.mmd"),
    )
    .unwrap();
    std::fs::copy(
        common::root().join("tests/fixtures/mermaid/lossy.mmd"),
        dir.join("lossy.mmd"),
    )
    .unwrap();

    let printed = journeymap(&["import", "day.mmd"], &dir);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(printed.stdout).unwrap(),
        DOCS_SYNTAX_YAML.replace("tests/fixtures/mermaid/docs-syntax.mmd", "day.mmd")
    );
    assert_eq!(String::from_utf8_lossy(&printed.stderr), "");

    let written = journeymap(&["import", "day.mmd", "-o", "day.yaml"], &dir);
    assert_eq!(written.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&written.stderr),
        "imported day.mmd into day.yaml: 0 warnings\n"
    );
    let check = journeymap(&["check", "--deny-warnings", "day.yaml"], &dir);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    std::fs::write(dir.join("day.yaml"), "my edits\n").unwrap();
    let refused = journeymap(&["import", "lossy.mmd", "-o", "day.yaml"], &dir);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("`day.yaml` exists; pass --force to overwrite it")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("day.yaml")).unwrap(),
        "my edits\n"
    );

    let forced = journeymap(&["import", "lossy.mmd", "-o", "day.yaml", "--force"], &dir);
    assert_eq!(forced.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(
        stderr.contains("warning[mermaid-score]: score 7 is outside"),
        "{stderr}"
    );
    assert!(stderr.contains("┌─ lossy.mmd:12:17"), "{stderr}");
    assert!(
        stderr.ends_with("imported lossy.mmd into day.yaml: 11 warnings\n"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(dir.join("day.yaml"))
            .unwrap()
            .starts_with("# Imported from lossy.mmd")
    );

    std::fs::write(dir.join("flow.mmd"), "flowchart TD\n  A --> B\n").unwrap();
    let refused = journeymap(&["import", "flow.mmd", "-o", "flow.yaml"], &dir);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("error[not-journey]"));
    assert!(!dir.join("flow.yaml").exists());
    let missing = journeymap(&["import", "missing.mmd"], &dir);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read `missing.mmd`"));
    assert_eq!(journeymap(&["import"], &dir).status.code(), Some(2));
}

#[test]
fn export_command_writes_mermaid_that_imports_back() {
    let dir = temp_dir("export");
    let example = common::root().join("examples/retail-laptop.yaml");
    let example = example.to_str().unwrap();
    let printed = journeymap(&["export", "--to", "mermaid", example], &dir);
    assert_eq!(
        printed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let text = String::from_utf8(printed.stdout).unwrap();
    assert!(
        text.starts_with("journey\n    title Buying a laptop online\n"),
        "{text}"
    );

    let written = journeymap(
        &["export", "--to", "mermaid", example, "-o", "laptop.mmd"],
        &dir,
    );
    assert_eq!(written.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("laptop.mmd")).unwrap(),
        text
    );
    let back = journeymap(&["import", "laptop.mmd", "-o", "laptop.yaml"], &dir);
    assert_eq!(
        back.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    assert_eq!(
        journeymap(&["check", "laptop.yaml"], &dir).status.code(),
        Some(0)
    );

    std::fs::write(
        dir.join("bad.yaml"),
        "title: Bad\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n",
    )
    .unwrap();
    let bad = journeymap(
        &["export", "--to", "mermaid", "bad.yaml", "-o", "bad.mmd"],
        &dir,
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.yaml:3:21"));
    assert!(!dir.join("bad.mmd").exists());
    assert_eq!(
        journeymap(&["export", "bad.yaml"], &dir).status.code(),
        Some(2),
        "--to is required"
    );
    assert_eq!(
        journeymap(&["export", "--to", "plantuml", "bad.yaml"], &dir)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn many_problems_are_summarised_not_flooded() {
    // Repeats on one task are one warning each.
    let file = SourceFile::new(
        "x.mmd",
        "journey\nsection S\n  T: 3: Me, Me, , Cat, Me, Cat, ,\n",
    );
    let (_, diagnostics) = mermaid::import(&file);
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the journey has no `title`; the map is titled after the file name",
            "actors `Me`, `Cat` are listed more than once on this task; each is kept once",
            "3 empty actor names are ignored",
        ]
    );
    // Thousands of findings: the first hundred, then a count.
    let text = format!("journey\ntitle T\n{}  T: 3\n", "section a\n".repeat(300));
    let file = SourceFile::new("x.mmd", text);
    let (yaml, diagnostics) = mermaid::import(&file);
    assert!(yaml.is_some());
    assert_eq!(diagnostics.len(), mermaid::MAX_WARNINGS + 1);
    assert_eq!(
        diagnostics.last().unwrap().message,
        "199 more findings like the ones above are not shown"
    );
    // Beyond a map's limits: an error, nothing written.
    let text = format!("journey\nsection S\n{}", "T: 3\n".repeat(10_001));
    let (yaml, diagnostics) = mermaid::import(&SourceFile::new("x.mmd", text));
    assert!(yaml.is_none());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.is_error() && d.code == "limit")
    );
}

/// Parses `journey` text whose front matter is `front`, returning the title and
/// each finding as (code, line).
fn front_matter(front: &str) -> (Option<String>, Vec<(&'static str, usize)>) {
    let text = format!("---\n{front}\n---\njourney\n  section S\n    Task: 3: Me\n");
    let file = SourceFile::new("front.mmd", text);
    let (journey, diagnostics) = parse(&file);
    let found = diagnostics
        .iter()
        .map(|d| (d.code, file.position(d.span.unwrap().start).line))
        .collect();
    (journey.title, found)
}

#[test]
fn front_matter_is_read_as_yaml() {
    for (front, title) in [
        ("title: Plain title # a note", "Plain title"),
        ("title: 'single '' quote'", "single ' quote"),
        ("title: >-\n  A folded\n  title", "A folded title"),
        (r#"title: "say \"hi\" \u00e9""#, "say \"hi\" é"),
        ("# a comment\ntitle:   \"#35; kept\"", "# kept"),
        ("title: 2024", "2024"),
    ] {
        let (found, diagnostics) = front_matter(front);
        assert_eq!(found.as_deref(), Some(title), "{front}");
        assert_eq!(diagnostics, [], "{front}");
    }
}

#[test]
fn front_matter_configuration_is_a_warning_at_each_key() {
    let (title, found) = front_matter(
        "title: T\n# comment\nconfig:\n  theme: forest\n  title: not this\ndisplayMode: compact",
    );
    assert_eq!(title.as_deref(), Some("T"));
    assert_eq!(found, [("mermaid-ignored", 4), ("mermaid-ignored", 7)]);
    // Not YAML, or not a mapping: a warning at its line, and the title from `title`.
    let (title, found) = front_matter("title: T\n  bad: [indent");
    assert_eq!(title, None);
    assert_eq!(found.first().map(|f| f.0), Some("mermaid-syntax"));
    assert!(found[0].1 >= 2 && found[0].1 <= 4, "{found:?}");
    let (title, found) = front_matter("- just\n- a list");
    assert_eq!(title, None);
    assert_eq!(found.first(), Some(&("mermaid-ignored", 2)));
}

#[test]
fn hostile_front_matter_is_refused_quickly() {
    let mut front = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        front.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    front.push_str("title: Bomb");
    let started = std::time::Instant::now();
    let (title, found) = front_matter(&front);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(title, None);
    assert!(found.iter().any(|f| f.0 == "mermaid-syntax"), "{found:?}");
}

#[test]
fn unscored_and_split_touchpoints_come_back_as_they_were() {
    let map = common::valid_map(
        "unscored.yaml",
        "title: T
personas:
  ana: { name: Ana }
  ben: { name: Ben }
  cy: { name: Cy }
stages:
  - { id: s, name: S }
touchpoints:
  - { id: a, stage: s, name: Everyone, emotion: { ana: 4, ben: 4 } }
  - { id: b, stage: s, name: Nobody scored }
  - { id: c, stage: s, name: Only Ben, personas: [ben] }
  - { id: d, stage: s, name: Ana scored, emotion: { ana: 2 } }
  - { id: e, stage: s, name: Split, emotion: { ana: 1, ben: 5 } }
",
    );
    let exported = mermaid::to_mermaid(&map, "unscored.yaml");
    assert!(
        exported.contains("      %% journeymap: unscored\n      Nobody scored: 3\n"),
        "{exported}"
    );
    assert!(
        exported.contains("      %% journeymap: unscored\n      Only Ben: 3: Ben\n"),
        "{exported}"
    );
    assert!(
        exported.contains(
            "      Split: 1: Ana\n      %% journeymap: same touchpoint\n      Split: 5: Ben\n"
        ),
        "{exported}"
    );
    assert!(
        exported.contains("    %% Personas on no task are left out, as Mermaid knows only the actors of tasks: cy.\n"),
        "{exported}"
    );
    let file = SourceFile::new("exported.mmd", exported.clone());
    let (_, back, diagnostics) = import(&file);
    assert!(
        diagnostics.is_empty(),
        "{}",
        render_plain(&file, &diagnostics)
    );
    let scored: Vec<(&str, usize, usize)> = back
        .touchpoints
        .iter()
        .map(|t| (t.name.as_str(), t.emotions.len(), t.personas.len()))
        .collect();
    assert_eq!(
        scored,
        [
            ("Everyone", 2, 2),
            ("Nobody scored", 0, 2),
            ("Only Ben", 0, 1),
            ("Ana scored", 1, 1),
            ("Split", 2, 2)
        ],
        "{exported}"
    );
    // Edited in Mermaid to a real score, the marker no longer applies.
    let edited = exported.replace("Nobody scored: 3", "Nobody scored: 4");
    let (_, back, _) = import(&SourceFile::new("edited.mmd", edited));
    assert_eq!(back.touchpoints[1].emotions.len(), 2);
}

/// Touchpoint names as Mermaid can carry them: `:` as its look-alike, whitespace
/// collapsed.
fn carried(name: &str) -> String {
    name.replace(':', "\u{ff1a}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Map -> Mermaid -> map: the same title, stages and touchpoint names, and never a
/// score or a persona on a touchpoint that the original did not have.
fn assert_round_trip_adds_nothing(name: &str, map: &Map) {
    let exported = mermaid::to_mermaid(map, name);
    let file = SourceFile::new("exported.mmd", exported.clone());
    let (_, back, _) = import(&file);
    assert_eq!(back.title, map.title, "{name}");
    let stages: Vec<String> = map
        .stages
        .iter()
        .enumerate()
        .filter(|(i, _)| map.touchpoints.iter().any(|t| t.stage.index() == *i))
        .map(|(_, s)| carried(&s.name))
        .collect();
    let back_stages: Vec<String> = back.stages.iter().map(|s| s.name.clone()).collect();
    assert_eq!(back_stages, stages, "{name}");
    // The exporter writes touchpoints in stage order, and each comes back once,
    // even when its personas feel differently (one task per score in Mermaid).
    let originals: Vec<&journeymap::model::Touchpoint> = (0..map.stages.len())
        .flat_map(|i| map.touchpoints.iter().filter(move |t| t.stage.index() == i))
        .collect();
    let back_names: Vec<&str> = back.touchpoints.iter().map(|t| t.name.as_str()).collect();
    let names: Vec<String> = originals.iter().map(|t| carried(&t.name)).collect();
    assert_eq!(back_names, names, "{name}:\n{exported}");
    let persona_name = |m: &Map, p: PersonaId| m.persona(p).name.clone();
    for (tp, original) in back.touchpoints.iter().zip(originals) {
        assert_eq!(
            tp.emotions.len(),
            original.emotions.len(),
            "{name}: `{}` lost or gained scores:\n{exported}",
            tp.name
        );
        for &(persona, score) in &tp.emotions {
            let who = persona_name(&back, persona);
            let had = original
                .emotions
                .iter()
                .find(|(p, _)| back.implicit_persona || persona_name(map, *p) == who);
            let Some(&(_, was)) = had else {
                panic!(
                    "{name}: `{}` has a score for {who} that the original did not have:\n{exported}",
                    tp.name
                );
            };
            let expected = (1.0 + 4.0 * map.scale.fraction(was)).round();
            assert_eq!(score, expected, "{name}: {}", tp.name);
        }
        if !back.implicit_persona {
            for &persona in &tp.personas {
                let who = persona_name(&back, persona);
                assert!(
                    original
                        .personas
                        .iter()
                        .any(|&p| persona_name(map, p) == who),
                    "{name}: `{}` gained persona {who}:\n{exported}",
                    tp.name
                );
            }
        }
    }
}

#[test]
fn map_to_mermaid_to_map_never_invents_a_score() {
    for path in common::examples() {
        let text = std::fs::read_to_string(&path).unwrap();
        let map = common::valid_map(&path.display().to_string(), &text);
        assert_round_trip_adds_nothing(&path.display().to_string(), &map);
    }
    for (touchpoints, personas, seed) in [(30, 3, 1), (40, 0, 2), (60, 5, 3), (25, 1, 4)] {
        let text = journeymap::generate::generate(journeymap::generate::GenerateOptions {
            touchpoints,
            personas,
            seed,
            blueprint: false,
        });
        let name = format!("generated-{touchpoints}-{personas}-{seed}.yaml");
        let map = common::valid_map(&name, &text);
        assert_round_trip_adds_nothing(&name, &map);
    }
}

#[test]
fn a_same_touchpoint_marker_that_does_not_fit_is_a_warning() {
    let file = SourceFile::new(
        "edited.mmd",
        "journey\ntitle T\nsection S\n  A: 3: Me\n  %% journeymap: same touchpoint\n  B: 4: Cat\n  %% journeymap: same touchpoint\n  B: 2: Me\n",
    );
    let (_, map, diagnostics) = import(&file);
    let found: Vec<(&str, usize)> = diagnostics
        .iter()
        .map(|d| (d.code, file.position(d.span.unwrap().start).line))
        .collect();
    assert_eq!(found, [("mermaid-ignored", 6)]);
    let names: Vec<(&str, usize)> = map
        .touchpoints
        .iter()
        .map(|t| (t.name.as_str(), t.emotions.len()))
        .collect();
    assert_eq!(names, [("A", 1), ("B", 2)]);
}

#[test]
fn export_says_which_state_of_a_map_with_a_future_it_shows() {
    let map = common::valid_map(
        "future.yaml",
        "title: Visit\ntouchpoints:\n  - { id: arrive, stage: awareness, name: Arrives, emotion: 2 }\n  - { id: leave, stage: awareness, name: Leaves, emotion: 3 }\nfuture:\n  touchpoints:\n    - { id: arrive, emotion: 4 }\n",
    );
    let exported = mermaid::to_mermaid(&map, "future.yaml");
    assert!(
        exported.contains("%% - the future state (`future:`); this is the current state\n"),
        "{exported}"
    );
    assert!(
        exported.contains("Arrives: 2"),
        "the current score is exported: {exported}"
    );
}
