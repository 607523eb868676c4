//! journeymap under attack and under mistakes, round two: each test here failed on
//! the release before it, and checks the whole class of the hole, not one example.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A map whose one touchpoint names `n` unknown personas on a single line.
fn many_unknown_personas(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    format!(
        "title: t\npersonas:\n  maya: {{name: M}}\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    personas: [{}]\n",
        ids.join(", ")
    )
}

#[test]
fn thousands_of_errors_print_the_first_two_hundred_and_count_the_rest() {
    let dir = temp_dir("many-errors");
    std::fs::write(dir.join("m.yaml"), many_unknown_personas(20_000)).unwrap();
    let out = journeymap(&["check", "m.yaml"], &dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        err.matches("error[unknown-ref]").count(),
        200,
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("... and 19800 more in m.yaml (19800 errors) not shown"),
        "{}",
        &err[err.len().saturating_sub(600)..]
    );
    assert!(err.ends_with("checked 1 map: 20000 errors, 0 warnings\n"));
    // Columns on the one long line are right far into it.
    let last_shown = err.rfind("m.yaml:8:").unwrap();
    let column: usize = err[last_shown + 9..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let line = many_unknown_personas(20_000)
        .lines()
        .nth(7)
        .unwrap()
        .to_owned();
    assert_eq!(line[column - 1..].split(',').next(), Some("p199"));

    let github = journeymap(&["check", "--format", "github", "m.yaml"], &dir);
    let annotations = String::from_utf8_lossy(&github.stdout).into_owned();
    assert_eq!(annotations.matches("::error ").count(), 200);
    assert!(annotations.contains("::notice::... and 19800 more"));

    let json = journeymap(&["check", "--format", "json", "m.yaml"], &dir);
    assert_eq!(
        String::from_utf8_lossy(&json.stdout).lines().count(),
        20_000
    );
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = temp_dir("controls");
    // ESC in a value (an OSC that retitles the terminal), in an unknown id, and in the
    // file's own name; a bidi override in a key.
    let text = "title: \"x\\e]0;pwned\\a\"\ntouchpoints:\n  - {id: a, stage: \"aware\\e[2J\", name: b, \"ow\u{202e}ner\": c}\n  - {id: b, stage: aw\u{1b}[2Jx, name: c}\n";
    let name = "evil\u{1b}]0;x\u{7}.yaml";
    std::fs::write(dir.join(name), text).unwrap();
    for format in ["human", "github"] {
        let out = journeymap(&["check", "--format", format, name], &dir);
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        let printed = String::from_utf8_lossy(&all);
        assert!(!printed.is_empty());
        for hazard in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(
                !printed.contains(hazard),
                "{format}: raw {hazard:?} printed:\n{printed}"
            );
        }
        assert!(
            printed.contains("evil\\u{1b}]0;x\\u{7}.yaml"),
            "{format}: {printed}"
        );
    }
}
