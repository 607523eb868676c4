//! Shared test helpers: snapshot files and paths.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the file `tests/snapshots/<name>`. With `JOURNEYMAP_BLESS=1`
/// the file is (re)written instead, to be reviewed in the diff.
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = root().join("tests/snapshots").join(name);
    let bless = std::env::var_os("JOURNEYMAP_BLESS").is_some_and(|v| v == "1");
    if bless {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot at {}; run with JOURNEYMAP_BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {} differs from line {}:\n--- expected\n{}\n+++ actual\n{}\n(run with JOURNEYMAP_BLESS=1 to accept, then review the diff)",
            name,
            line + 1,
            expected
                .lines()
                .skip(line)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
            actual
                .lines()
                .skip(line)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
}

pub fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

pub fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Loads map text that must be valid, failing the test with the diagnostics otherwise.
pub fn valid_map(name: &str, text: &str) -> journeymap::model::Map {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new(name, text));
    match loaded.map {
        Some(map) => map,
        None => panic!(
            "{name} should be valid:\n{}",
            journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)
        ),
    }
}

/// The printed diagnostics of map text.
pub fn printed(name: &str, text: &str) -> String {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new(name, text));
    journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics)
}
