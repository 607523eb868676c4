//! Every kind of error and warning, with the whole printed text (file, line, column,
//! source line, caret, hint) kept as a snapshot in `tests/snapshots/errors/`.
//!
//! Each case in `tests/errors/` starts with `# expect: code, code, ...`, the codes of
//! the diagnostics it must produce in source order, so a snapshot can't quietly
//! accept a lost error.
//!
//! Maps with data files are folders in `tests/data-errors/`: `map.yaml` (with the
//! same first line, the map's codes then each data file's) and its CSV files under
//! `data/`, snapshotted in `tests/snapshots/errors/data-<folder>.txt`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use journeymap::diag::SourceFile;

#[test]
fn every_error_case_prints_as_expected() {
    let dir = common::root().join("tests/errors");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 20,
        "expected the full set of cases, found {}",
        cases.len()
    );
    for path in cases {
        let name = common::stem(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let expected_codes: Vec<&str> = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect:"))
            .unwrap_or_else(|| panic!("{name}: first line must be `# expect: codes`"))
            .split(',')
            .map(str::trim)
            .collect();
        let loaded = journeymap::load(SourceFile::new(format!("{name}.yaml"), text.clone()));
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, expected_codes, "{name}: diagnostics in source order");
        for d in &loaded.diagnostics {
            if d.code != "empty" && d.code != "not-a-map" {
                assert!(d.span.is_some(), "{name}: `{}` has no position", d.code);
            }
        }
        let has_errors = loaded.diagnostics.iter().any(|d| d.is_error());
        assert_eq!(
            loaded.map.is_none(),
            has_errors,
            "{name}: a map is built exactly when there are no errors"
        );
        let printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
        common::assert_snapshot(&format!("errors/{name}.txt"), &printed);
    }
}

/// The codes a case's first line lists.
fn expected_codes<'a>(name: &str, text: &'a str) -> Vec<&'a str> {
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# expect:"))
        .unwrap_or_else(|| panic!("{name}: first line must be `# expect: codes`"))
        .split(',')
        .map(str::trim)
        .collect()
}

#[test]
fn every_data_error_case_prints_as_expected() {
    let dir = common::root().join("tests/data-errors");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "found {} data cases", cases.len());
    for case in cases {
        let name = common::stem(&case);
        let text = std::fs::read_to_string(case.join("map.yaml")).unwrap();
        let loaded = journeymap::load_in(SourceFile::new("map.yaml", text.clone()), Some(&case));
        let diagnostics = || {
            loaded
                .diagnostics
                .iter()
                .chain(loaded.data_reports.iter().flat_map(|r| &r.diagnostics))
        };
        let codes: Vec<&str> = diagnostics().map(|d| d.code).collect();
        assert_eq!(
            codes,
            expected_codes(&name, &text),
            "{name}: diagnostics in order"
        );
        let unplaced: Vec<&str> = diagnostics()
            .filter(|d| d.span.is_none())
            .map(|d| d.code)
            .collect();
        assert!(unplaced.is_empty(), "{name}: {unplaced:?} have no position");
        assert!(loaded.map.is_none() && loaded.has_errors(), "{name}");
        let mut printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
        for report in &loaded.data_reports {
            printed.push_str(&journeymap::diag::render_plain(
                &report.file,
                &report.diagnostics,
            ));
        }
        common::assert_snapshot(&format!("errors/data-{name}.txt"), &printed);
    }
}

#[test]
fn unknown_stage_suggests_the_nearest_and_points_at_the_value() {
    let printed = common::printed(
        "map.yaml",
        "title: T\ntouchpoints:\n  - id: compare\n    stage: consideraton\n    name: C\n",
    );
    assert!(
        printed
            .contains("error[unknown-ref]: unknown stage `consideraton` in touchpoint `compare`"),
        "{printed}"
    );
    assert!(printed.contains("┌─ map.yaml:4:12"), "{printed}");
    assert!(
        printed.contains("did you mean `consideration`?"),
        "{printed}"
    );
}

#[test]
fn files_that_are_not_maps_get_one_clear_error() {
    let dir = std::env::temp_dir().join(format!("jm-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let binary = dir.join("binary.yaml");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 1, 2]).unwrap();
    let latin1 = dir.join("latin1.yaml");
    std::fs::write(&latin1, b"title: caf\xe9\n").unwrap();
    let huge = dir.join("huge.yaml");
    std::fs::write(&huge, "# x\n".repeat(1_200_000)).unwrap();
    for (path, code) in [
        (binary, "not-text"),
        (latin1, "not-text"),
        (huge, "too-large"),
        (dir.join("missing.yaml"), "io"),
    ] {
        let loaded = journeymap::load_path(&path);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![code], "{}", path.display());
        assert!(
            loaded.diagnostics[0].hint.is_some(),
            "{code} should say what to do"
        );
    }
    let loaded = journeymap::load_path(&dir.join("latin1.yaml"));
    let printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
    assert!(
        printed.contains("is not UTF-8 text: line 1, column 11 has the byte 0xE9")
            && printed.contains("latin1.yaml:1:11"),
        "{printed}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "title: T\nx-deep: {}{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    let loaded = journeymap::load(SourceFile::new("deep.yaml", text));
    assert!(loaded.map.is_none());
    assert!(
        matches!(loaded.diagnostics[0].code, "limit" | "syntax"),
        "{:?}",
        loaded.diagnostics[0]
    );
}

#[test]
fn json_diagnostics_carry_position_code_and_hint() {
    let loaded = journeymap::load(SourceFile::new(
        "m.yaml",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, channel: emial }\n",
    ));
    let json: serde_json::Value = serde_json::from_str(&journeymap::diag::to_json(
        &loaded.file,
        &loaded.diagnostics[0],
    ))
    .unwrap();
    assert_eq!(json["file"], "m.yaml");
    assert_eq!(json["line"], 3);
    assert_eq!(json["column"], 50);
    assert_eq!(json["severity"], "error");
    assert_eq!(json["code"], "unknown-ref");
    assert_eq!(json["label"], "did you mean `email`?");
}

/// One mistake, one error: what follows from it is not reported again.
#[test]
fn one_mistake_is_reported_once() {
    let touchpoints = |persona: &str| -> String {
        (0..10)
            .map(|i| format!("  - {{ id: t{i}, stage: awareness, name: T, emotion: {{ {persona}: 3 }}, personas: [{persona}] }}\n"))
            .collect()
    };
    let cases = [
        (
            format!("title: T\npersonas:\n  Maya: {{ name: Maya }}\ntouchpoints:\n{}", touchpoints("Maya")),
            vec!["invalid-id"],
        ),
        (
            format!("title: T\npersonas:\n  maya: Maya\ntouchpoints:\n{}", touchpoints("maya")),
            vec!["type"],
        ),
        (
            format!("title: T\npersonas: maya\ntouchpoints:\n{}", touchpoints("maya")),
            vec!["type"],
        ),
        (
            "title: T\nstages: awareness\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n  - { id: b, stage: decision, name: B }\n".to_owned(),
            vec!["type"],
        ),
        (
            "title: T\nstages: [Learn]\ntouchpoints:\n  - { id: a, stage: Learn, name: A }\n  - { id: b, stage: Learn, name: B }\n".to_owned(),
            vec!["invalid-id"],
        ),
        (
            "title: T\nchannels:\n  Kiosk: { name: Kiosk }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, channel: Kiosk }\n".to_owned(),
            vec!["invalid-id"],
        ),
        (
            "title: T\ntouchpoints:\n  - { id: Start, stage: awareness, name: A, next: [Start] }\n".to_owned(),
            vec!["invalid-id"],
        ),
        (
            "title: T\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    stage: awareness\n    id: b\n    name: B\n    actions: [x]\n    id: c\n    name: C\n  - { id: d, stage: awareness, name: D, next: [b, c] }\n".to_owned(),
            vec!["duplicate-key", "duplicate-key"],
        ),
    ];
    for (text, expected) in cases {
        let loaded = journeymap::load(SourceFile::new("m.yaml", text.clone()));
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, expected, "{text}");
    }
}

/// A count over its limit points at the key that holds the things counted.
#[test]
fn count_limits_point_at_their_own_key() {
    let personas: String = (0..101)
        .map(|i| format!("  p{i}: {{ name: P }}\n"))
        .collect();
    let stages: String = (0..501)
        .map(|i| format!("  - {{ id: s{i}, name: S }}\n"))
        .collect();
    let channels: String = (0..201).map(|i| format!("  c{i}: C\n")).collect();
    let touchpoint = "touchpoints:\n  - { id: a, stage: s0, name: A }\n";
    for (section, body) in [
        ("personas", personas),
        ("stages", stages),
        ("channels", channels),
    ] {
        let text = format!("title: T\n{section}:\n{body}{touchpoint}");
        let loaded = journeymap::load(SourceFile::new("m.yaml", text));
        let limit = loaded
            .diagnostics
            .iter()
            .find(|d| d.code == "limit")
            .unwrap_or_else(|| panic!("{section}: {:?}", loaded.diagnostics));
        let at = loaded.file.position(limit.span.unwrap().start);
        assert_eq!((at.line, at.column), (2, 1), "{section}: {}", limit.message);
    }
}
