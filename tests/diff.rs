//! `journeymap diff`: every kind of change, the three output formats, exit codes and
//! reading a version from git with `REV:path`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use journeymap::diff::{self, Change};

const OLD: &str = r#"title: Buying a laptop
personas:
  maya: { name: Maya }
  tom: { name: Tom Berger }
stages:
  - awareness
  - consideration
  - id: purchase
    name: Purchase
  - retention
touchpoints:
  - id: insta-ad
    stage: awareness
    name: Sees a sponsored post
    emotion: { maya: 4, tom: 3 }
    pain_points: [Price not shown]
  - id: compare
    stage: consideration
    name: Compares models
    emotion: { maya: 3, tom: 2 }
    opportunities: [Plain-language specs]
    next: [checkout, store-visit]
  - id: store-visit
    stage: consideration
    name: Tries keyboards in the store
    emotion: { tom: 3.5 }
  - id: checkout
    stage: consideration
    name: Buys on her laptop
    emotion: { maya: 2 }
  - id: review
    stage: purchase
    name: Writes a review
    personas: [maya]
  - id: support
    stage: retention
    name: Calls support
    emotion: { tom: 1 }
"#;

const NEW: &str = r#"title: Buying a laptop online
emotion_scale: { min: 0, max: 5 }
personas:
  maya: { name: Maya Chen }
  grace: { name: Grace Okafor }
stages:
  - awareness
  - consideration
  - id: purchase
    name: Checkout
  - id: delivery
    name: Delivery
touchpoints:
  - id: insta-ad
    stage: awareness
    name: Sees a sponsored reel
    emotion: { grace: 3 }
    pain_points: [Price not shown, Autoplays with sound]
  - id: compare
    stage: consideration
    name: Compares models
    emotion: { maya: 5 }
    opportunities: [Show stock nearby]
    next: [checkout]
  - id: checkout
    stage: purchase
    name: Buys on her laptop
    emotion: { maya: 1.5, grace: 4 }
  - id: review
    stage: purchase
    name: Writes a review
    emotion: { maya: 3 }
  - id: unboxing
    stage: delivery
    name: Unboxes the laptop
    personas: [maya]
"#;

/// Every kind of change once (and emotions four ways), in the documented order.
const EXPECTED_TEXT: &str = r#"old.yaml → new.yaml: 24 changes

Map
  ~ title: "Buying a laptop" → "Buying a laptop online"
  ~ emotion scale: 1 to 5 → 0 to 5

Personas
  ~ maya renamed: "Maya" → "Maya Chen"
  + grace: "Grace Okafor"
  - tom: "Tom Berger"

Stages
  ~ purchase renamed: "Purchase" → "Checkout"
  + delivery: "Delivery"
  - retention: "Retention"

Touchpoints
  ~ insta-ad renamed: "Sees a sponsored post" → "Sees a sponsored reel"
  ~ checkout moved: consideration → purchase
  + unboxing: "Unboxes the laptop", in delivery
  - store-visit: "Tries keyboards in the store", was in consideration
  - support: "Calls support", was in retention

Emotions
  ~ maya at insta-ad: 4 → unscored
  ~ maya at compare: 3 → 5, +2
  ~ maya at checkout: 2 → 1.5, -0.5
  ~ maya at review: unscored → 3

Pain points
  + at insta-ad: "Autoplays with sound"

Opportunities
  + at compare: "Show stock nearby"
  - at compare: "Plain-language specs"

Flow
  + review → unboxing
  - compare → store-visit
  - store-visit → checkout
  - review → support
"#;

fn changes(old: &str, new: &str) -> Vec<Change> {
    diff::diff(
        &common::valid_map("old.yaml", old),
        &common::valid_map("new.yaml", new),
    )
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn every_kind_of_change_is_reported_in_order() {
    let changes = changes(OLD, NEW);
    assert_eq!(diff::text("old.yaml", "new.yaml", &changes), EXPECTED_TEXT);
}

#[test]
fn the_command_prints_the_same_text_when_piped() {
    let dir = temp_dir("text");
    std::fs::write(dir.join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.join("new.yaml"), NEW).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["diff", "old.yaml", "new.yaml"])
        .current_dir(&dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Piped, so plain even without NO_COLOR.
    assert_eq!(stdout(&out), EXPECTED_TEXT);
    assert_eq!(stderr(&out), "", "valid maps print no diagnostics");
}

#[test]
fn colour_marks_additions_removals_and_changes() {
    use codespan_reporting::term::termcolor::Ansi;
    let changes = changes(OLD, NEW);
    let mut out = Ansi::new(Vec::new());
    diff::write_text(&mut out, "old.yaml", "new.yaml", &changes).unwrap();
    let coloured = String::from_utf8(out.into_inner()).unwrap();
    assert!(
        coloured.contains("\x1b[0m\x1b[32m  + grace: \"Grace Okafor\""),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[0m\x1b[31m  - tom: \"Tom Berger\""),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[0m\x1b[33m  ~ maya renamed"),
        "{coloured}"
    );
    // A rise is green, a fall red.
    assert!(
        coloured.contains("\x1b[32m  ~ maya at compare: 3 → 5, +2"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b[31m  ~ maya at checkout: 2 → 1.5, -0.5"),
        "{coloured}"
    );
    // Without the escapes it is the plain text.
    let plain: String = strip_ansi(&coloured);
    assert_eq!(plain, EXPECTED_TEXT);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn matching_is_by_id_not_by_position() {
    // A touchpoint inserted first, personas and keys reordered, flow style and comments:
    // only the new touchpoint, its one new edge and the persona order (which sets
    // each curve's style) are changes.
    let reordered = r#"title: Buying a laptop
personas:
  tom:
    name: Tom Berger
  maya:
    name: Maya
stages: [awareness, consideration, { name: Purchase, id: purchase }, retention]
touchpoints:
  - { id: teaser, stage: awareness, name: Sees a teaser, next: [insta-ad] }
  - id: insta-ad
    name: Sees a sponsored post      # same touchpoint, keys in another order
    stage: awareness
    pain_points:
      - Price not shown
    emotion: { tom: 3, maya: 4.0 }
"#;
    let rest = OLD.split("  - id: compare").nth(1).unwrap();
    let new = format!("{reordered}  - id: compare{rest}");
    let changes = changes(OLD, &new);
    assert_eq!(
        changes,
        vec![
            Change::PersonasReordered {
                old: vec!["maya".into(), "tom".into()],
                new: vec!["tom".into(), "maya".into()],
            },
            Change::TouchpointAdded {
                touchpoint: "teaser".into(),
                name: "Sees a teaser".into(),
                stage: "awareness".into()
            },
            Change::FlowAdded {
                from: "teaser".into(),
                to: "insta-ad".into()
            },
        ]
    );
    assert_eq!(diff::text("a", "b", &[]), "a → b: no changes in meaning\n");
    assert!(self::changes(OLD, OLD).is_empty());
}

#[test]
fn repeated_texts_count_and_removed_items_follow_old_order() {
    let old = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, pain_points: [x, y, x] }\n  - { id: b, stage: awareness, name: B, opportunities: [p] }\n";
    let new = "title: T\ntouchpoints:\n  - { id: b, stage: awareness, name: B, opportunities: [q], next: [a] }\n  - { id: a, stage: awareness, name: A, pain_points: [x, z], next: [] }\n";
    let text = diff::text("old", "new", &changes(old, new));
    assert_eq!(
        text,
        r#"old → new: 6 changes

Touchpoints
  ~ touchpoints a and b swapped places; the flow now goes b → a (was a → b)

Pain points
  + at a: "z"
  - at a: "y"
  - at a: "x"

Opportunities
  + at b: "q"
  - at b: "p"
"#
    );
}

#[test]
fn markdown_has_a_heading_sections_and_an_emotion_table() {
    let changes = changes(OLD, NEW);
    let md = diff::markdown(
        "HEAD~1:maps/laptop.yaml",
        "maps/laptop.yaml",
        "Buying a laptop online",
        &changes,
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "## Journey map changes: Buying a laptop online");
    assert_eq!(
        lines[2],
        "`HEAD~1:maps/laptop.yaml` → `maps/laptop.yaml`: **24 changes**"
    );
    let headings: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("### "))
        .copied()
        .collect();
    assert_eq!(
        headings,
        [
            "### Map",
            "### Personas",
            "### Stages",
            "### Touchpoints",
            "### Emotions",
            "### Pain points",
            "### Opportunities",
            "### Flow"
        ]
    );
    let table = md.split("### Emotions\n\n").nth(1).unwrap();
    assert!(
        table.starts_with(
            "| Persona | Touchpoint | Before | After | Change |\n\
         |---|---|--:|--:|--:|\n\
         | `maya` | `insta-ad` | 4 | unscored |  |\n\
         | `maya` | `compare` | 3 | 5 | +2 |\n\
         | `maya` | `checkout` | 2 | 1.5 | -0.5 |\n\
         | `maya` | `review` | unscored | 3 |  |\n\n"
        ),
        "{table}"
    );
    assert!(md.contains("- Added `grace` (Grace Okafor)\n"), "{md}");
    assert!(
        md.contains("- Moved `checkout`: `consideration` → `purchase`\n"),
        "{md}"
    );
    assert!(md.contains("- Removed `review` → `support`\n"), "{md}");
    assert!(md.ends_with("- Removed `review` → `support`\n"), "{md}");
}

#[test]
fn markdown_escapes_user_text() {
    let old = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    let new = "title: \"<b>T</b> | *x*\"\ntouchpoints:\n  - { id: a, stage: awareness, name: \"[link](http://x) @team\" }\n";
    let md = diff::markdown("old", "new", "<b>T</b> | *x*", &changes(old, new));
    assert!(
        md.starts_with("## Journey map changes: \\<b\\>T\\</b\\> \\| \\*x\\*\n"),
        "{md}"
    );
    assert!(
        md.contains("- Renamed `a`: A → \\[link\\](http://x) \\@team\n"),
        "{md}"
    );
    assert!(!md.contains("<b>"), "{md}");
}

#[test]
fn json_has_a_stable_schema() {
    let dir = temp_dir("json");
    std::fs::write(dir.join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.join("new.yaml"), NEW).unwrap();
    let out = journeymap(&["diff", "old.yaml", "new.yaml", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["old"], "old.yaml");
    assert_eq!(json["new"], "new.yaml");
    assert_eq!(json["changed"], true);
    let kinds: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "title-changed",
            "scale-changed",
            "persona-renamed",
            "persona-added",
            "persona-removed",
            "stage-renamed",
            "stage-added",
            "stage-removed",
            "touchpoint-renamed",
            "touchpoint-moved",
            "touchpoint-added",
            "touchpoint-removed",
            "touchpoint-removed",
            "emotion-changed",
            "emotion-changed",
            "emotion-changed",
            "emotion-changed",
            "pain-point-added",
            "opportunity-added",
            "opportunity-removed",
            "flow-added",
            "flow-removed",
            "flow-removed",
            "flow-removed",
        ]
    );
    let changes = &json["changes"];
    assert_eq!(
        changes[1],
        serde_json::json!({"kind": "scale-changed", "old": {"min": 1.0, "max": 5.0}, "new": {"min": 0.0, "max": 5.0}})
    );
    assert_eq!(
        changes[13],
        serde_json::json!({"kind": "emotion-changed", "touchpoint": "insta-ad", "persona": "maya", "old": 4.0, "new": null, "delta": null, "old_n": null, "new_n": null, "neutral": null})
    );
    assert_eq!(
        changes[15],
        serde_json::json!({"kind": "emotion-changed", "touchpoint": "checkout", "persona": "maya", "old": 2.0, "new": 1.5, "delta": -0.5, "old_n": null, "new_n": null, "neutral": null})
    );
    assert_eq!(
        changes[9],
        serde_json::json!({"kind": "touchpoint-moved", "touchpoint": "checkout", "old": "consideration", "new": "purchase"})
    );
    assert_eq!(
        changes[20],
        serde_json::json!({"kind": "flow-added", "from": "review", "to": "unboxing"})
    );
    // Identical maps: an empty list, still valid JSON.
    let same = journeymap(&["diff", "old.yaml", "old.yaml", "--format", "json"], &dir);
    let json: serde_json::Value = serde_json::from_str(&stdout(&same)).unwrap();
    assert_eq!(json["changed"], false);
    assert_eq!(json["changes"], serde_json::json!([]));
    // The schema is documented in --help.
    let help = journeymap(&["diff", "--help"], &dir);
    assert!(
        stdout(&help)
            .contains("emotion-changed                    touchpoint, persona, old, new, delta")
    );
}

#[test]
fn exit_codes_follow_git_diff() {
    let dir = temp_dir("exit");
    std::fs::write(dir.join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.join("new.yaml"), NEW).unwrap();
    std::fs::write(
        dir.join("bad.yaml"),
        "title: Bad\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n",
    )
    .unwrap();
    let code = |args: &[&str]| journeymap(args, &dir).status.code();
    assert_eq!(code(&["diff", "old.yaml", "new.yaml"]), Some(0));
    assert_eq!(
        code(&["diff", "old.yaml", "new.yaml", "--exit-code"]),
        Some(1)
    );
    assert_eq!(
        code(&["diff", "old.yaml", "old.yaml", "--exit-code"]),
        Some(0)
    );
    assert_eq!(
        code(&[
            "diff",
            "--exit-code",
            "old.yaml",
            "new.yaml",
            "--format",
            "markdown"
        ]),
        Some(1)
    );
    // Usage errors are clap's.
    assert_eq!(code(&["diff", "old.yaml"]), Some(2));
    assert_eq!(
        code(&["diff", "old.yaml", "new.yaml", "--format", "html"]),
        Some(2)
    );
    // A version with errors: its diagnostics, file:line:col, exit 1, nothing on stdout.
    let bad = journeymap(&["diff", "old.yaml", "bad.yaml"], &dir);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(stdout(&bad), "");
    let err = stderr(&bad);
    assert!(
        err.contains("error[unknown-ref]: unknown stage `awarenes`"),
        "{err}"
    );
    assert!(err.contains("bad.yaml:3:21"), "{err}");
    let missing = journeymap(&["diff", "missing.yaml", "old.yaml"], &dir);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read `missing.yaml`"));
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    out
}

/// A fresh git repository for test `test`, or `None` (with a notice) when git is
/// not installed.
fn git_repo(name: &str, test: &str) -> Option<PathBuf> {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("\n\n!!! SKIPPED {test}: git is not installed !!!\n\n");
        return None;
    }
    let dir = temp_dir(name);
    git(&dir, &["init", "-q"]);
    git(&dir, &["config", "user.email", "test@example.com"]);
    git(&dir, &["config", "user.name", "Test"]);
    Some(dir)
}

#[test]
fn rev_path_reads_a_version_from_git() {
    let Some(dir) = git_repo("git", "rev_path_reads_a_version_from_git") else {
        return;
    };
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/laptop.yaml"), OLD).unwrap();
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "old"]);
    std::fs::write(dir.join("maps/laptop.yaml"), NEW).unwrap();
    git(&dir, &["commit", "-q", "-am", "new"]);
    std::fs::write(dir.join("maps/laptop.yaml"), OLD).unwrap();

    // HEAD~1 is OLD, the working copy is OLD again: no change.
    let same = journeymap(
        &[
            "diff",
            "HEAD~1:maps/laptop.yaml",
            "maps/laptop.yaml",
            "--exit-code",
        ],
        &dir,
    );
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(
        stdout(&same),
        "HEAD~1:maps/laptop.yaml → maps/laptop.yaml: no changes in meaning\n"
    );
    // Two revisions, no checkout: the full diff, named by REV:path.
    let both = journeymap(
        &["diff", "HEAD~1:maps/laptop.yaml", "HEAD:maps/laptop.yaml"],
        &dir,
    );
    assert_eq!(both.status.code(), Some(0), "{}", stderr(&both));
    assert_eq!(
        stdout(&both),
        EXPECTED_TEXT.replace(
            "old.yaml → new.yaml",
            "HEAD~1:maps/laptop.yaml → HEAD:maps/laptop.yaml"
        )
    );
    // From a subfolder, `REV:./path` is relative to it.
    let sub = journeymap(
        &["diff", "HEAD:./laptop.yaml", "laptop.yaml", "--exit-code"],
        &dir.join("maps"),
    );
    assert_eq!(sub.status.code(), Some(1), "{}", stderr(&sub));

    // Errors name the version and say why.
    let missing = journeymap(&["diff", "HEAD:maps/nope.yaml", "maps/laptop.yaml"], &dir);
    assert_eq!(missing.status.code(), Some(1));
    let err = stderr(&missing);
    assert!(
        err.contains(
            "error[git]: `HEAD:maps/nope.yaml` is not a file, and git cannot read it as REV:path"
        ),
        "{err}"
    );
    assert!(err.contains("does not exist in 'HEAD'"), "{err}");
    let bad_rev = journeymap(
        &[
            "diff",
            "no-such-branch:maps/laptop.yaml",
            "maps/laptop.yaml",
        ],
        &dir,
    );
    assert_eq!(bad_rev.status.code(), Some(1));
    assert!(
        stderr(&bad_rev).contains("error[git]"),
        "{}",
        stderr(&bad_rev)
    );
    let folder = journeymap(&["diff", "HEAD:maps", "maps/laptop.yaml"], &dir);
    assert_eq!(folder.status.code(), Some(1));
    assert!(
        stderr(&folder).contains("`HEAD:maps` is a folder in git"),
        "{}",
        stderr(&folder)
    );
    // A file whose name has a colon is a file, never a revision.
    std::fs::write(dir.join("HEAD:maps"), NEW).unwrap();
    let file = journeymap(&["diff", "HEAD~1:maps/laptop.yaml", "HEAD:maps"], &dir);
    assert_eq!(file.status.code(), Some(0), "{}", stderr(&file));
    assert_eq!(
        stdout(&file),
        EXPECTED_TEXT.replace("old.yaml → new.yaml", "HEAD~1:maps/laptop.yaml → HEAD:maps")
    );
    // A version with errors in git prints its diagnostics under its REV:path name.
    std::fs::write(
        dir.join("maps/laptop.yaml"),
        "title: Broken\ntouchpoints: 3\n",
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-am", "broken"]);
    let broken = journeymap(
        &["diff", "HEAD:maps/laptop.yaml", "HEAD~1:maps/laptop.yaml"],
        &dir,
    );
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("HEAD:maps/laptop.yaml:2:"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn git_errors_outside_a_repository_are_clear() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!(
            "\n\n!!! SKIPPED git_errors_outside_a_repository_are_clear: git is not installed !!!\n\n"
        );
        return;
    }
    let dir = temp_dir("nogit");
    std::fs::write(dir.join("new.yaml"), NEW).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["diff", "HEAD:new.yaml", "new.yaml"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("not a git repository"), "{err}");
    assert!(
        err.contains("help: `REV:path` reads a map from git"),
        "{err}"
    );
}

/// Personas in another order swap their curves' dashes, markers and default colours,
/// stages in another order move columns: each is one change.
#[test]
fn persona_and_stage_order_are_changes() {
    let new = OLD
        .replace(
            "  maya: { name: Maya }\n  tom: { name: Tom Berger }\n",
            "  tom: { name: Tom Berger }\n  maya: { name: Maya }\n",
        )
        .replace(
            "  - consideration\n  - id: purchase\n    name: Purchase\n",
            "  - id: purchase\n    name: Purchase\n  - consideration\n",
        );
    let changes = changes(OLD, &new);
    assert_eq!(
        diff::text("old", "new", &changes),
        "old → new: 2 changes

Personas
  ~ personas reordered: maya, tom → tom, maya

Stages
  ~ stages reordered: awareness, consideration, purchase, retention → awareness, purchase, consideration, retention
"
    );
    let md = diff::markdown("old", "new", "T", &changes);
    assert!(
        md.contains("- Stages reordered: `awareness`, `consideration`, `purchase`, `retention` → `awareness`, `purchase`, `consideration`, `retention`\n"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff::json("old", "new", &changes)).unwrap();
    assert_eq!(
        json["changes"][0],
        serde_json::json!({"kind": "personas-reordered", "old": ["maya", "tom"], "new": ["tom", "maya"]})
    );
    assert_eq!(json["changes"][1]["kind"], "stages-reordered");
}

const FOUR: &str = "title: T
touchpoints:
  - { id: p, stage: awareness, name: P }
  - { id: a, stage: awareness, name: A }
  - { id: b, stage: awareness, name: B }
  - { id: q, stage: awareness, name: Q }
";

/// Swapping two touchpoints moves their columns and, where `next` is not written,
/// the flow: one change that says so, not six edges.
#[test]
fn a_touchpoint_swap_is_one_change_that_explains_the_flow() {
    let new = FOUR.replace(
        "  - { id: a, stage: awareness, name: A }\n  - { id: b, stage: awareness, name: B }\n",
        "  - { id: b, stage: awareness, name: B }\n  - { id: a, stage: awareness, name: A }\n",
    );
    let changes = changes(FOUR, &new);
    assert_eq!(
        diff::text("old", "new", &changes),
        "old → new: 1 change

Touchpoints
  ~ touchpoints a and b swapped places; the flow now goes p → b → a → q (was p → a → b → q)
"
    );
    let md = diff::markdown("old", "new", "T", &changes);
    assert!(
        md.contains("- Touchpoints `a` and `b` swapped places; the flow now goes `p` → `b` → `a` → `q` (was `p` → `a` → `b` → `q`)\n"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&diff::json("old", "new", &changes)).unwrap();
    assert_eq!(
        json["changes"][0],
        serde_json::json!({
            "kind": "touchpoints-reordered",
            "old": ["a", "b"],
            "new": ["b", "a"],
            "flow_added": [{"from": "p", "to": "b"}, {"from": "b", "to": "a"}, {"from": "a", "to": "q"}],
            "flow_removed": [{"from": "p", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "q"}],
        })
    );
    // A longer move names the run of touchpoints that changed order.
    let rotated = FOUR.replace("  - { id: p, stage: awareness, name: P }\n", "")
        + "  - { id: p, stage: awareness, name: P }\n";
    assert_eq!(
        diff::text("old", "new", &self::changes(FOUR, &rotated)),
        "old → new: 1 change

Touchpoints
  ~ touchpoints reordered: p, a, b, q → a, b, q, p; the flow now goes q → p (was p → a)
"
    );
}

/// Touchpoints in other stages with their `next` written: the file order changed,
/// the columns and the flow did not, so nothing is reported.
#[test]
fn reordering_nothing_a_reader_sees_is_not_a_change() {
    let old = "title: T
touchpoints:
  - { id: a, stage: awareness, name: A, next: [b] }
  - { id: b, stage: decision, name: B, next: [] }
  - { id: c, stage: awareness, name: C, next: [a] }
";
    let new = "title: T
touchpoints:
  - { id: c, stage: awareness, name: C, next: [a] }
  - { id: a, stage: awareness, name: A, next: [b] }
  - { id: b, stage: decision, name: B, next: [] }
";
    // c before a in the awareness column: that is seen.
    assert_eq!(changes(old, new).len(), 1);
    let same_columns = "title: T
touchpoints:
  - { id: a, stage: awareness, name: A, next: [b] }
  - { id: c, stage: awareness, name: C, next: [a] }
  - { id: b, stage: decision, name: B, next: [] }
";
    assert_eq!(changes(old, same_columns), vec![]);
    let dir = temp_dir("help");
    let help = stdout(&journeymap(&["diff", "--help"], &dir));
    assert!(
        help.contains("removed, renamed or reordered (persona order"),
        "{help}"
    );
    assert!(
        help.contains("\"touchpoints a and b swapped places\""),
        "{help}"
    );
    assert!(help.contains("touchpoints-reordered"), "{help}");
    assert!(help.contains("--allow-missing"), "{help}");
}

const RETURNS: &str = "title: Returning a laptop
personas:
  maya: { name: Maya }
stages: [retention]
touchpoints:
  - { id: label, stage: retention, name: Prints a label }
  - { id: drop-off, stage: retention, name: Drops the parcel }
";

/// A pull request that adds one map and deletes another: with `--allow-missing` the
/// side without the map is empty, so everything is added or removed.
#[test]
fn allow_missing_compares_an_added_or_a_deleted_map() {
    let Some(dir) = git_repo(
        "missing",
        "allow_missing_compares_an_added_or_a_deleted_map",
    ) else {
        return;
    };
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/laptop.yaml"), OLD).unwrap();
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "laptop"]);
    std::fs::remove_file(dir.join("maps/laptop.yaml")).unwrap();
    std::fs::write(dir.join("maps/returns.yaml"), RETURNS).unwrap();
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "returns instead of laptop"]);

    let added = journeymap(
        &[
            "diff",
            "--allow-missing",
            "HEAD~1:maps/returns.yaml",
            "HEAD:maps/returns.yaml",
        ],
        &dir,
    );
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert_eq!(
        stdout(&added),
        r#"HEAD~1:maps/returns.yaml → HEAD:maps/returns.yaml: 5 changes

Map
  + new map: "Returning a laptop"

Personas
  + maya: "Maya"

Stages
  + retention: "Retention"

Touchpoints
  + label: "Prints a label", in retention
  + drop-off: "Drops the parcel", in retention
"#
    );
    // Deleted, between two revisions: the new side is missing in git.
    let gone = journeymap(
        &[
            "diff",
            "--allow-missing",
            "HEAD~1:maps/laptop.yaml",
            "HEAD:maps/laptop.yaml",
            "--exit-code",
        ],
        &dir,
    );
    assert_eq!(gone.status.code(), Some(1), "{}", stderr(&gone));
    assert!(
        stdout(&gone).contains("\nMap\n  - map removed: \"Buying a laptop\"\n"),
        "{}",
        stdout(&gone)
    );
    // Deleted: from git to a path that is gone from the working copy.
    let args = [
        "diff",
        "--allow-missing",
        "HEAD~1:maps/laptop.yaml",
        "maps/laptop.yaml",
    ];
    let removed = journeymap(&args, &dir);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr(&removed));
    let text = stdout(&removed);
    assert!(text.starts_with("HEAD~1:maps/laptop.yaml → maps/laptop.yaml: 13 changes\n\nMap\n  - map removed: \"Buying a laptop\"\n"), "{text}");
    assert!(text.contains("  - tom: \"Tom Berger\"\n"), "{text}");
    assert!(text.contains("  - retention: \"Retention\"\n"), "{text}");
    assert!(
        text.ends_with("  - support: \"Calls support\", was in retention\n"),
        "{text}"
    );
    let md = stdout(&journeymap(
        &[&args[..], &["--format", "markdown"]].concat(),
        &dir,
    ));
    assert!(
        md.starts_with("## Journey map changes: Buying a laptop\n"),
        "{md}"
    );
    assert!(md.contains("- Map removed: Buying a laptop\n"), "{md}");
    let json = stdout(&journeymap(
        &[&args[..], &["--format", "json"]].concat(),
        &dir,
    ));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["changes"][0],
        serde_json::json!({"kind": "map-removed", "title": "Buying a laptop"})
    );
    assert_eq!(json["changes"].as_array().unwrap().len(), 13);
    let added_md = stdout(&journeymap(
        &[
            "diff",
            "--allow-missing",
            "HEAD~1:maps/returns.yaml",
            "maps/returns.yaml",
            "--format",
            "markdown",
        ],
        &dir,
    ));
    assert!(
        added_md.contains("- New map: Returning a laptop\n"),
        "{added_md}"
    );
    // /dev/null is git's name for "no file": the same as a missing side.
    let null = journeymap(
        &[
            "diff",
            "/dev/null",
            "maps/returns.yaml",
            "--format",
            "json",
            "--exit-code",
        ],
        &dir,
    );
    assert_eq!(null.status.code(), Some(1), "{}", stderr(&null));
    let json: serde_json::Value = serde_json::from_str(&stdout(&null)).unwrap();
    assert_eq!(
        json["changes"][0],
        serde_json::json!({"kind": "map-added", "title": "Returning a laptop"})
    );

    // Without the flag a missing version is still an error, and a wrong revision or
    // both versions missing are errors even with it.
    let strict = journeymap(
        &["diff", "HEAD~1:maps/returns.yaml", "HEAD:maps/returns.yaml"],
        &dir,
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error[git]"),
        "{}",
        stderr(&strict)
    );
    let bad_rev = journeymap(
        &[
            "diff",
            "--allow-missing",
            "nope:maps/returns.yaml",
            "maps/returns.yaml",
        ],
        &dir,
    );
    assert_eq!(bad_rev.status.code(), Some(1));
    assert!(
        stderr(&bad_rev).contains("error[git]"),
        "{}",
        stderr(&bad_rev)
    );
    let neither = journeymap(
        &[
            "diff",
            "--allow-missing",
            "HEAD~1:maps/nope.yaml",
            "maps/nope.yaml",
        ],
        &dir,
    );
    assert_eq!(neither.status.code(), Some(1));
    assert_eq!(stdout(&neither), "");
    assert!(stderr(&neither).contains("neither"), "{}", stderr(&neither));
}

/// Every kind the JSON output can have is in the schema that `--help` shows.
#[test]
fn every_json_kind_is_in_the_schema() {
    let mut all = changes(OLD, NEW);
    let new = FOUR.replace("  - { id: p, stage: awareness, name: P }\n", "")
        + "  - { id: p, stage: awareness, name: P }\n";
    all.extend(changes(FOUR, &new));
    let reordered = OLD
        .replace(
            "  maya: { name: Maya }\n  tom: { name: Tom Berger }\n",
            "  tom: { name: Tom Berger }\n  maya: { name: Maya }\n",
        )
        .replace(
            "  - awareness\n  - consideration\n",
            "  - consideration\n  - awareness\n",
        );
    all.extend(changes(OLD, &reordered));
    let map = common::valid_map("returns.yaml", RETURNS);
    all.extend(diff::added(&map));
    all.extend(diff::removed(&map));
    let dir = temp_dir("theme-kinds");
    let plain = themed(&dir.join("plain"), "font: Inter\n", None);
    let old = themed(
        &dir.join("old"),
        "stages: { awareness: teal }\nlogo: logo.svg\n",
        Some(LOGO_A),
    );
    let new = themed(
        &dir.join("new"),
        "stages: { awareness: navy }\npersonas: [teal]\nlogo: logo.svg\n",
        Some(LOGO_B),
    );
    all.extend(diff::diff(&old, &new));
    all.extend(diff::diff(&plain, &old));
    all.extend(diff::diff(&old, &plain));
    let json: serde_json::Value = serde_json::from_str(&diff::json("a", "b", &all)).unwrap();
    let mut kinds: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), 29, "{kinds:?}");
    for kind in kinds {
        let listed = diff::JSON_SCHEMA.lines().any(|line| {
            let names: Vec<&str> = line
                .trim_start()
                .split("  ")
                .next()
                .unwrap_or("")
                .split(", ")
                .collect();
            let stem = names[0].rsplit_once('-').map_or("", |(stem, _)| stem);
            names.iter().any(|name| match name.strip_prefix('-') {
                Some(end) => format!("{stem}-{end}") == kind,
                None => *name == kind,
            })
        });
        assert!(listed, "`{kind}` is not in JSON_SCHEMA");
    }
}

/// A data-backed map in `dir`: scores of `pay` from `survey.csv`, conversion from
/// `funnel.csv`.
fn data_backed(dir: &Path, survey: &[(&str, u32)], funnel: &str) -> journeymap::model::Map {
    std::fs::create_dir_all(dir).unwrap();
    let map = "title: Checkout
personas:
  maya: { name: Maya }
data:
  survey: { file: survey.csv, touchpoint: step, persona: segment, score: q3, scale: 1..5 }
  funnel: funnel.csv
touchpoints:
  - { id: pay, stage: decision, name: Pays, emotion: survey }
  - { id: confirm, stage: decision, name: Confirms, emotion: { maya: 2 } }
";
    let mut csv = "step,segment,q3\n".to_owned();
    for &(answer, times) in survey {
        for _ in 0..times {
            csv.push_str(&format!("pay,maya,{answer}\n"));
        }
    }
    std::fs::write(dir.join("map.yaml"), map).unwrap();
    std::fs::write(dir.join("survey.csv"), csv).unwrap();
    std::fs::write(
        dir.join("funnel.csv"),
        format!("touchpoint,entered,completed\n{funnel}"),
    )
    .unwrap();
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.map.unwrap()
}

#[test]
fn data_driven_changes_are_said_in_words() {
    let dir = temp_dir("data-diff");
    // maya at pay: 3.4 from 10 responses, then 2.9 from 20, below the neutral 3.
    let old = data_backed(
        &dir.join("old"),
        &[("4", 7), ("2", 3)],
        "pay,100,61\nconfirm,61,60\n",
    );
    let new = data_backed(
        &dir.join("new"),
        &[("4", 8), ("2", 10), ("3", 2)],
        "pay,100,54\nconfirm,54,53\n",
    );
    let changes = diff::diff(&old, &new);
    assert_eq!(
        diff::text("old/map.yaml", "new/map.yaml", &changes),
        "old/map.yaml → new/map.yaml: 3 changes

Emotions
  ~ maya at pay: 3.4 → 2.9 (n 10 → 20), -0.5, now below the neutral line

Funnel
  ~ conversion at pay: 61% → 54%
  ~ conversion at confirm: 98.4% → 98.1%
"
    );
    let md = diff::markdown("old/map.yaml", "new/map.yaml", "Checkout", &changes);
    assert!(
        md.contains(
            "| Persona | Touchpoint | Before | After | Change | Responses | Neutral line |\n\
             |---|---|--:|--:|--:|--:|---|\n\
             | `maya` | `pay` | 3.4 | 2.9 | -0.5 | n 10 → 20 | now below the neutral line |\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("### Funnel\n\n- Conversion at `pay`: 61% → 54%\n"),
        "{md}"
    );
    let json = diff::json("old", "new", &changes);
    assert!(
        json.contains(r#""old_n": 10"#) && json.contains(r#""neutral": "below""#),
        "{json}"
    );
    assert!(json.contains(r#""kind": "conversion-changed""#), "{json}");
    // A mean that moves less than the map shows is no change; nor is the same funnel.
    let same = data_backed(
        &dir.join("same"),
        &[("4", 700), ("2", 300)],
        "pay,100,61\nconfirm,61,60\n",
    );
    assert_eq!(diff::diff(&old, &same), Vec::new());
}

#[test]
fn curves_are_drawn_for_each_side_that_has_a_map() {
    let dir = temp_dir("diff-curves");
    std::fs::write(dir.join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.join("new.yaml"), NEW).unwrap();
    let out = journeymap(
        &["diff", "--curves", "pictures", "old.yaml", "new.yaml"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for side in ["old", "new"] {
        let png = std::fs::read(dir.join(format!("pictures/{side}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{side}.png is a PNG");
        // Width and height from the IHDR chunk: the whole map's width, and only the
        // bands of the curve, far less tall than the map.
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert!(
            width > 600 && height > 150 && height < width,
            "{width}x{height}"
        );
    }
    // A removed map has no "new" side: an earlier picture there is not left to lie.
    let out = journeymap(
        &[
            "diff",
            "--allow-missing",
            "--curves",
            "pictures",
            "old.yaml",
            "gone.yaml",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("pictures/old.png").exists());
    assert!(!dir.join("pictures/new.png").exists());
}

const BLUEPRINT_OLD: &str = "title: T
lanes:
  - { id: app, role: frontstage, name: Mobile app }
  - { id: kyc, role: backstage, name: Identity checks }
  - { id: post, role: support, name: Post room }
touchpoints:
  - id: id-check
    stage: awareness
    name: Verifies identity
    blueprint:
      app: [Camera capture, Liveness check]
      kyc: [{ text: Manual review, fail_point: true }]
      post: [Letter printed]
";

const BLUEPRINT_NEW: &str = "title: T
lanes:
  - { id: app, role: frontstage, name: Mobile banking app }
  - { id: agent, role: frontstage, name: Video agents }
  - { id: kyc, role: backstage, name: Identity checks }
touchpoints:
  - id: id-check
    stage: awareness
    name: Verifies identity
    blueprint:
      app: [Camera capture]
      agent: [Video call]
      kyc: [{ text: Manual review, fail_point: true }, Sanctions screening]
";

#[test]
fn blueprint_lanes_and_their_cells_are_changes() {
    let changes = changes(BLUEPRINT_OLD, BLUEPRINT_NEW);
    assert_eq!(
        diff::text("old.yaml", "new.yaml", &changes),
        "old.yaml → new.yaml: 7 changes

Blueprint
  ~ app renamed: \"Mobile app\" → \"Mobile banking app\"
  + agent: \"Video agents\"
  - post: \"Post room\"
  + at id-check in agent: \"Video call\"
  + at id-check in kyc: \"Sanctions screening\"
  - at id-check in app: \"Liveness check\"
  - at id-check in post: \"Letter printed\"
"
    );
    let json = diff::json("old.yaml", "new.yaml", &changes);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["changes"][3],
        serde_json::json!({ "kind": "blueprint-item-added", "touchpoint": "id-check", "lane": "agent", "text": "Video call" })
    );
    assert!(diff::markdown("old.yaml", "new.yaml", "T", &changes).contains("Blueprint"));
}

/// A themed map in `dir`, its theme in `brand.yaml` (with `logo.svg` beside it when
/// `logo` is given).
fn themed(dir: &Path, theme: &str, logo: Option<&str>) -> journeymap::model::Map {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("brand.yaml"), theme).unwrap();
    if let Some(logo) = logo {
        std::fs::write(dir.join("logo.svg"), logo).unwrap();
    }
    let map = "title: T\ntheme: brand.yaml\npersonas:\n  maya: { name: Maya }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 3 }\n  - { id: b, stage: decision, name: B, emotion: 4 }\n";
    std::fs::write(dir.join("map.yaml"), map).unwrap();
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(!loaded.has_errors(), "{}", loaded.render_plain());
    loaded.map.unwrap()
}

const LOGO_A: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>"#;
const LOGO_B: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>"#;

#[test]
fn theme_changes_are_reported_in_text_markdown_and_json() {
    let dir = temp_dir("theme-diff");
    let old = themed(
        &dir.join("old"),
        "stages:\n  awareness: \"#b91c1c\"\n  decision: teal\nfont: Inter\nlogo: logo.svg\n",
        Some(LOGO_A),
    );
    let new = themed(
        &dir.join("new"),
        "stages:\n  awareness: \"#1e3a8a\"\npersonas: [\"#7c2d12\", navy]\nfont: Source Sans 3\nlogo: logo.svg\n",
        Some(LOGO_B),
    );
    let changes = diff::diff(&old, &new);
    assert_eq!(
        diff::text("old.yaml", "new.yaml", &changes),
        "old.yaml → new.yaml: 5 changes

Theme
  ~ colour of stage awareness: #b91c1c → #1e3a8a
  ~ colour of stage decision: #008080 → default
  ~ persona palette: default → #7c2d12, #000080
  ~ font: Inter → Source Sans 3
  ~ logo replaced: image/svg+xml, 62 bytes → image/svg+xml, 64 bytes
"
    );
    let markdown = diff::markdown("old.yaml", "new.yaml", "T", &changes);
    assert!(markdown.contains("\n### Theme\n\n"), "{markdown}");
    assert!(
        markdown.contains("- Colour of stage `awareness`: `#b91c1c` → `#1e3a8a`\n"),
        "{markdown}"
    );
    assert!(markdown.contains("- Persona palette: default → `#7c2d12`, `#000080`\n"));
    let json: serde_json::Value =
        serde_json::from_str(&diff::json("old.yaml", "new.yaml", &changes)).unwrap();
    assert_eq!(
        json["changes"][1],
        serde_json::json!({ "kind": "stage-color-changed", "stage": "decision", "old": "#008080", "new": null })
    );
    assert_eq!(
        json["changes"][4],
        serde_json::json!({ "kind": "logo-changed", "old": { "media_type": "image/svg+xml", "bytes": 62 }, "new": { "media_type": "image/svg+xml", "bytes": 64 } })
    );

    // A logo added and removed; the same theme is no change at all.
    let plain = themed(&dir.join("plain"), "font: Inter\n", None);
    let removed = diff::diff(&old, &plain);
    assert!(
        diff::text("a", "b", &removed).contains("  - logo: image/svg+xml, 62 bytes\n"),
        "{}",
        diff::text("a", "b", &removed)
    );
    let added = diff::diff(&plain, &old);
    assert!(
        diff::markdown("a", "b", "T", &added).contains("- Added logo: `image/svg+xml`, 62 bytes\n")
    );
    assert!(diff::diff(&old, &old.clone()).is_empty());
    let json: serde_json::Value = serde_json::from_str(&diff::json("a", "b", &added)).unwrap();
    assert_eq!(
        json["changes"].as_array().unwrap().last().unwrap()["kind"],
        "logo-added"
    );
}
