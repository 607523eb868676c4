//! Hostile and broken input at the edges: resource limits are refused quickly with a
//! clear error; output survives failed, concurrent and killed builds; outputs never
//! leave `-o DIR`; fuzzing's crashing inputs and seeds stay fixed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use journeymap::diag::SourceFile;

fn codes(text: &str) -> Vec<&'static str> {
    let started = Instant::now();
    let loaded = journeymap::load(SourceFile::new("limit.yaml", text));
    // Not an assertion (tests never assert timings); printed for the record.
    eprintln!("refused in {:?}", started.elapsed());
    assert!(loaded.map.is_none());
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn every_limit_is_refused_with_a_clear_error() {
    use journeymap::limits;
    // Too many touchpoints.
    let mut many = String::from("title: Many\ntouchpoints:\n");
    for i in 0..=limits::MAX_TOUCHPOINTS {
        many.push_str(&format!("  - {{ id: t{i}, stage: awareness, name: T }}\n"));
    }
    assert_eq!(codes(&many), ["limit"]);
    // Too deep.
    let deep = format!(
        "title: Deep\nx-deep: {}1{}\n",
        "[".repeat(limits::MAX_DEPTH + 5),
        "]".repeat(limits::MAX_DEPTH + 5)
    );
    assert!(matches!(codes(&deep).as_slice(), ["limit"] | ["syntax"]));
    // Too many nodes after alias expansion (a billion laughs).
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        laughs.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    assert_eq!(codes(&laughs), ["limit"]);
    // Too many personas.
    let mut crowd = String::from("title: Crowd\npersonas:\n");
    for i in 0..=limits::MAX_PERSONAS {
        crowd.push_str(&format!("  p{i}: {{ name: P }}\n"));
    }
    crowd.push_str("touchpoints:\n  - { id: a, stage: awareness, name: A }\n");
    assert_eq!(codes(&crowd), ["limit"]);
    // Too many scores: every persona scored on every touchpoint, past the limit.
    let mut scores = String::from("title: Scores\npersonas:\n");
    for i in 0..limits::MAX_PERSONAS {
        scores.push_str(&format!("  p{i}: {{ name: P }}\n"));
    }
    scores.push_str("touchpoints:\n");
    for i in 0..=limits::MAX_SCORES / limits::MAX_PERSONAS {
        scores.push_str(&format!(
            "  - {{ id: t{i}, stage: awareness, name: T, emotion: 3 }}\n"
        ));
    }
    assert_eq!(codes(&scores), ["limit"]);
}

#[test]
fn a_file_over_the_size_limit_is_not_read_whole() {
    let dir = temp_dir("size");
    let path = dir.join("huge.yaml");
    let file = std::fs::File::create(&path).unwrap();
    // A sparse 2 GiB file: reading it all would take seconds and gigabytes.
    file.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let loaded = journeymap::load_path(&path);
    assert_eq!(loaded.diagnostics[0].code, "too-large");
    assert!(loaded.diagnostics[0].message.contains("limit"));
}

#[test]
fn a_failed_map_leaves_every_other_output_intact() {
    let dir = temp_dir("partial");
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    let good = "title: Good\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 3 }\n";
    std::fs::write(dir.join("maps/a.yaml"), good).unwrap();
    std::fs::write(dir.join("maps/b.yaml"), good.replace("Good", "Also good")).unwrap();
    assert_eq!(
        journeymap(&["build", "maps", "-o", "out"], &dir)
            .status
            .code(),
        Some(0)
    );
    let before: Vec<Vec<u8>> = ["out/a.html", "out/a.svg", "out/b.html", "out/b.svg"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    std::fs::write(dir.join("maps/b.yaml"), "title: [broken\n").unwrap();
    assert_eq!(
        journeymap(&["build", "maps", "-o", "out"], &dir)
            .status
            .code(),
        Some(1)
    );
    let after: Vec<Vec<u8>> = ["out/a.html", "out/a.svg", "out/b.html", "out/b.svg"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

/// A big map, so that a build takes long enough to be caught half-way.
fn big_map(title: &str) -> String {
    let mut text = format!(
        "title: {title}\npersonas:\n  a: {{ name: A }}\n  b: {{ name: B }}\ntouchpoints:\n"
    );
    for i in 0..1500 {
        text.push_str(&format!(
            "  - {{ id: t{i}, stage: {}, name: Touchpoint number {i} with a longer name, emotion: {}, pain_points: [Something hurts here] }}\n",
            ["awareness", "consideration", "decision", "retention", "advocacy"][i % 5],
            1 + i % 5
        ));
    }
    text
}

fn is_complete_svg(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|s| roxmltree::Document::parse(s).is_ok())
}

#[test]
fn killed_builds_leave_the_old_file_or_the_new_one() {
    let dir = temp_dir("killed");
    std::fs::write(dir.join("map.yaml"), big_map("Old")).unwrap();
    assert_eq!(
        journeymap(&["build", "map.yaml", "-o", "out"], &dir)
            .status
            .code(),
        Some(0)
    );
    std::fs::write(dir.join("map.yaml"), big_map("New")).unwrap();
    for delay_ms in [1u64, 5, 15, 30, 60, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_journeymap"))
            .args(["build", "map.yaml", "-o", "out"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for file in ["out/map.svg", "out/map.html"] {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                text.contains("Old") || text.contains("New"),
                "{file} after a kill at {delay_ms} ms"
            );
            assert!(
                text.trim_end().ends_with("</svg>") || text.trim_end().ends_with("</html>"),
                "{file} is truncated after a kill at {delay_ms} ms"
            );
        }
        assert!(is_complete_svg(
            &std::fs::read(dir.join("out/map.svg")).unwrap()
        ));
    }
}

#[test]
fn concurrent_builds_into_one_folder_do_not_corrupt_each_other() {
    let dir = temp_dir("concurrent");
    std::fs::create_dir_all(dir.join("one")).unwrap();
    std::fs::create_dir_all(dir.join("two")).unwrap();
    std::fs::write(dir.join("one/map.yaml"), big_map("First")).unwrap();
    std::fs::write(dir.join("two/map.yaml"), big_map("Second")).unwrap();
    let children: Vec<_> = (0..4)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_journeymap"))
                .args([
                    "build",
                    if i % 2 == 0 {
                        "one/map.yaml"
                    } else {
                        "two/map.yaml"
                    },
                    "-o",
                    "out",
                ])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let svg = std::fs::read(dir.join("out/map.svg")).unwrap();
    assert!(is_complete_svg(&svg), "the SVG is one whole build");
    let html = String::from_utf8(std::fs::read(dir.join("out/map.html")).unwrap()).unwrap();
    assert!(html.trim_end().ends_with("</html>"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn outputs_never_leave_the_output_folder_whatever_the_file_name() {
    let dir = temp_dir("names");
    std::fs::create_dir_all(dir.join("maps/deep")).unwrap();
    let map = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    for name in [
        "..yaml",
        "...yaml",
        ".hidden.yaml",
        "a b;rm -rf.yaml",
        "deep/..yml",
    ] {
        std::fs::write(dir.join("maps").join(name), map).unwrap();
    }
    let out = journeymap(&["build", "maps", "-o", "out"], &dir);
    let printed = String::from_utf8(out.stdout).unwrap();
    for line in printed.lines() {
        let path = dir.join(line);
        let canonical = path.canonicalize().unwrap();
        assert!(
            canonical.starts_with(dir.join("out").canonicalize().unwrap()),
            "{line} escaped the output folder"
        );
    }
    let entries: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut entries = entries;
    entries.sort();
    assert_eq!(
        entries,
        ["maps", "out"],
        "nothing written beside the output folder"
    );
}

/// How long one fuzz input may take to load, report and build twice, in a debug
/// build. The slowest input, `fuzz/regressions/slow-alias-bomb-int-scalar.yaml`,
/// took 214 ms (debug build, 2 cores shared with other builds); 10 s is about 47
/// times that, so a busy machine does not fail it, while a slowness regression (a
/// hang, or quadratic work on an alias bomb) still does.
const FUZZ_BOUND: Duration = Duration::from_secs(10);

/// Runs one fuzz input through the pipeline, as `fuzz/fuzz_targets/pipeline.rs` does.
fn run_fuzz_input(text: String) {
    let loaded = journeymap::load(SourceFile::new("fuzz.yaml", text));
    let _ = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
    if let Some(map) = &loaded.map {
        let first = journeymap::build(map);
        assert!(
            first.svg == journeymap::build(map).svg,
            "the SVG differs between builds"
        );
    }
}

/// Runs `run_fuzz_input` on its own thread and returns how long it took, or fails
/// once it has taken longer than [`FUZZ_BOUND`] (leaving the thread behind rather
/// than hanging the test run).
fn timed_fuzz_input(path: &std::path::Path, text: String) -> Duration {
    let (done, finished) = std::sync::mpsc::channel();
    let started = Instant::now();
    let worker = std::thread::spawn(move || {
        run_fuzz_input(text);
        let _ = done.send(());
    });
    match finished.recv_timeout(FUZZ_BOUND) {
        Ok(()) => started.elapsed(),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!(
            "{}: still running after {FUZZ_BOUND:?}; the slowest input took 214 ms when the bound was set",
            path.display()
        ),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            let why = worker.join().err().and_then(|e| {
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            });
            panic!("{}: panicked: {}", path.display(), why.unwrap_or_default())
        }
    }
}

#[test]
fn fuzz_seeds_and_crashing_inputs_stay_fixed() {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in ["fuzz/regressions", "fuzz/seeds"] {
        if let Ok(entries) = std::fs::read_dir(common::root().join(dir)) {
            inputs.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    inputs.sort();
    assert!(inputs.len() >= 20, "the seed corpus is in the repository");
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let took = timed_fuzz_input(&path, text);
        if took > slowest.0 {
            slowest = (took, path);
        }
    }
    // Not an assertion beyond the bound; printed for the record.
    eprintln!(
        "slowest fuzz input: {} in {:?}",
        slowest.1.display(),
        slowest.0
    );
}
