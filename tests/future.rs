//! Future states: `future:` in a map and files with `extends:`, through the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::fs;
use std::path::Path;

use common::{journeymap, temp_dir};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn copy_extends_fixture(dir: &Path) {
    for name in ["current.yaml", "future.yaml"] {
        let text = fs::read_to_string(
            common::root()
                .join("tests/fixtures/future/extends")
                .join(name),
        )
        .unwrap();
        write(dir, name, &text);
    }
}

#[test]
fn a_file_with_extends_builds_the_future_over_the_current_map() {
    let dir = temp_dir("extends-build");
    copy_extends_fixture(&dir);
    let out = journeymap(&["build", "future.yaml", "-o", "out"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = fs::read_to_string(dir.join("out/future.html")).unwrap();
    let svg = fs::read_to_string(dir.join("out/future.svg")).unwrap();
    for page in [&html, &svg] {
        assert!(page.contains("with in-app diagnosis"), "the future's title");
        assert!(page.contains("+ New in the future state"));
        assert!(page.contains("× Removed in the future state"));
        assert!(
            page.contains("Waits for first-line triage"),
            "removed, still shown"
        );
        assert!(page.contains("jm-current"), "the current curve, faint");
    }
    // The current map on its own is drawn as before: no marks, no second curve.
    let out = journeymap(&["build", "current.yaml", "-o", "out"], &dir);
    assert!(out.status.success());
    let current = fs::read_to_string(dir.join("out/current.svg")).unwrap();
    assert!(!current.contains("future state") && !current.contains("jm-current"));
}

#[test]
fn diff_compares_a_current_map_with_the_file_that_extends_it() {
    let dir = temp_dir("extends-diff");
    copy_extends_fixture(&dir);
    let out = journeymap(&["diff", "current.yaml", "future.yaml"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+ diagnose:"), "{text}");
    assert!(text.contains("- triage:"), "{text}");
    assert!(text.contains("dana at escalate: 2 → 3, +1"), "{text}");
}

#[test]
fn diff_future_compares_a_maps_current_and_future_states() {
    let dir = temp_dir("diff-future");
    let inline =
        fs::read_to_string(common::root().join("tests/fixtures/future/inline.yaml")).unwrap();
    write(&dir, "map.yaml", &inline);
    let out = journeymap(&["diff", "map.yaml", "--future"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("map.yaml (current) → map.yaml (future)"),
        "{text}"
    );
    assert!(
        text.contains("+ video-id:") && text.contains("- branch-visit:"),
        "{text}"
    );
    write(
        &dir,
        "plain.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    let out = journeymap(&["diff", "plain.yaml", "--future"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("has no future state"));
}

#[test]
fn extends_that_go_round_in_a_circle_are_an_error() {
    let dir = temp_dir("extends-cycle");
    write(&dir, "a.yaml", "extends: b.yaml\n");
    write(&dir, "b.yaml", "extends: a.yaml\n");
    let out = journeymap(&["check", "a.yaml"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "error[extends-cycle]: `extends` goes round in a circle: a.yaml → b.yaml → a.yaml"
        ),
        "{err}"
    );
    assert!(err.contains("b.yaml:1:10"), "{err}");
    // A file that extends itself is the shortest circle.
    write(&dir, "self.yaml", "extends: ./self.yaml\n");
    let err = stderr(&journeymap(&["check", "self.yaml"], &dir));
    assert!(err.contains("extends-cycle"), "{err}");
}

#[test]
fn extends_may_not_leave_the_files_folder() {
    let dir = temp_dir("extends-outside");
    write(
        &dir,
        "current.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n",
    );
    for written in ["../current.yaml", "/etc/passwd", "sub/../../current.yaml"] {
        write(&dir, "sub/future.yaml", &format!("extends: {written}\n"));
        let out = journeymap(&["check", "sub/future.yaml"], &dir);
        assert_eq!(out.status.code(), Some(1), "{written}");
        let err = stderr(&out);
        assert!(err.contains("error[extends-outside]"), "{written}: {err}");
        assert!(err.contains("sub/future.yaml:1:10"), "{err}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("current.yaml"), dir.join("sub/link.yaml")).unwrap();
        write(&dir, "sub/future.yaml", "extends: link.yaml\n");
        let err = stderr(&journeymap(&["check", "sub/future.yaml"], &dir));
        assert!(err.contains("through a link"), "{err}");
    }
}

#[test]
fn errors_are_reported_in_the_file_they_are_in_at_their_line() {
    let dir = temp_dir("extends-errors");
    // The extended map has an error: it is reported there, and the file that extends
    // it says where to look.
    write(
        &dir,
        "base.yaml",
        "title: Base\ntouchpoints:\n  - { id: x, stage: awarenes, name: X }\n",
    );
    write(&dir, "future.yaml", "extends: base.yaml\n");
    let err = stderr(&journeymap(&["check", "future.yaml"], &dir));
    assert!(err.contains("base.yaml:3:21"), "{err}");
    assert!(err.contains("error[extends-invalid]"), "{err}");
    assert!(err.contains("future.yaml:1:10"), "{err}");
    // A valid base and mistakes in the future file: each at its line there.
    write(
        &dir,
        "base.yaml",
        "title: Base\ntouchpoints:\n  - { id: x, stage: awareness, name: X }\n  - { id: y, stage: decision, name: Y }\n",
    );
    write(
        &dir,
        "future.yaml",
        "extends: base.yaml\nremove: [yy]\ntouchpoints:\n  - { id: z, name: Z }\n  - { id: x, stage: decison }\n",
    );
    let err = stderr(&journeymap(&["check", "future.yaml"], &dir));
    assert!(
        err.contains("future.yaml:2:10"),
        "unknown id in remove: {err}"
    );
    assert!(
        err.contains("future.yaml:4:11"),
        "a new touchpoint without a stage: {err}"
    );
    assert!(
        !err.contains("base.yaml:"),
        "nothing is wrong in the base: {err}"
    );
    // Past the changes' own checks, the merged map is validated; an error in a key
    // the future file gave points into the future file.
    write(
        &dir,
        "future.yaml",
        "extends: base.yaml\ntouchpoints:\n  - { id: x, stage: decison }\n",
    );
    let err = stderr(&journeymap(&["check", "future.yaml"], &dir));
    assert!(err.contains("future.yaml:3:21"), "{err}");
    // And a warning caused by the change but about an untouched touchpoint points
    // into the base: removing x leaves y the first touchpoint; `next: []` on a
    // changed x would make y unreachable.
    write(
        &dir,
        "future.yaml",
        "extends: base.yaml\ntouchpoints:\n  - { id: x, next: [] }\n",
    );
    let out = journeymap(&["check", "future.yaml"], &dir);
    let err = stderr(&out);
    assert!(
        err.contains("base.yaml:4:"),
        "the unreachable touchpoint is in the base: {err}"
    );
}

#[test]
fn a_future_state_read_from_git_or_a_pipe_cannot_find_its_current_map() {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new(
        "HEAD:future.yaml",
        "extends: current.yaml\n",
    ));
    assert!(loaded.map.is_none());
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["extends-unresolved"]);
}
