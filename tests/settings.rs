//! A repository as teams keep one: maps beside a GitHub workflow, `mkdocs.yml`,
//! `node_modules` and `target`; `journeymap.toml` and `.journeymapignore`; the GitLab
//! Code Quality report.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{journeymap, temp_dir};

const VALID: &str =
    "title: Valid\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 3 }\n";
const INVALID: &str = "title: Invalid\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n";

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository with one good map and every kind of YAML that is not one.
fn repository(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir(dir.join(".git")).unwrap();
    write(&dir, "maps/good.yaml", VALID);
    write(
        &dir,
        ".github/workflows/maps.yml",
        "name: maps\non: [push]\njobs: {}\n",
    );
    write(
        &dir,
        "mkdocs.yml",
        "site_name: Journeys\nnav:\n  - Home: index.md\ntheme: material\nplugins: [search]\n",
    );
    write(&dir, "node_modules/pkg/config.yaml", INVALID);
    write(&dir, "maps/target/generated.yaml", INVALID);
    dir
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_folder_check_skips_other_tools_yaml_in_one_line_each() {
    let dir = repository("skips");
    let checked = journeymap(&["check", "--deny-warnings", "."], &dir);
    let text = stderr(&checked);
    assert_eq!(checked.status.code(), Some(0), "{text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("note: skipped `./mkdocs.yml`: not a journey map"))
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("(it has `site_name`, `nav`, `theme`, ...)"),
        "{text}"
    );
    assert!(!text.contains("error["), "{text}");
    assert!(
        text.contains("checked 1 map: 0 errors, 0 warnings"),
        "{text}"
    );
    // The same file named on the command line is an error: it was meant as a map.
    let named = journeymap(&["check", "mkdocs.yml"], &dir);
    assert_eq!(named.status.code(), Some(1));
    assert!(
        stderr(&named).contains("error[not-a-map]"),
        "{}",
        stderr(&named)
    );
    // node_modules and target are walked only when named.
    let inside = journeymap(&["check", "node_modules"], &dir);
    assert_eq!(inside.status.code(), Some(1));
    // A build of the folder leaves mkdocs.yml out too, and writes no page for it.
    let built = journeymap(&["build", ".", "-o", "site"], &dir);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(dir.join("site/maps/good.html").is_file());
    assert!(!dir.join("site/mkdocs.html").exists());
    assert!(
        stderr(&built).contains("built 1 of 1 map"),
        "{}",
        stderr(&built)
    );
}

#[test]
fn ignore_file_and_config_leave_paths_out() {
    let dir = repository("ignore");
    write(&dir, "maps/drafts/wip.yaml", INVALID);
    write(&dir, "maps/old.tmp.yaml", INVALID);
    let before = journeymap(&["check", "maps"], &dir);
    assert_eq!(
        before.status.code(),
        Some(1),
        "the drafts fail without settings"
    );
    write(&dir, ".journeymapignore", "# work in progress\ndrafts/\n");
    write(&dir, "journeymap.toml", "ignore = [\"*.tmp.yaml\"]\n");
    // From a subfolder too: the settings are found up to the repository root.
    let after = journeymap(&["check", "."], &dir.join("maps"));
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    // A hook names staged files one by one: the settings apply to them as well.
    let named = journeymap(&["check", "maps/drafts/wip.yaml", "maps/good.yaml"], &dir);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
    assert!(
        stderr(&named).contains("note: skipped `maps/drafts/wip.yaml`: the settings ignore it")
    );
}

#[test]
fn bad_settings_stop_the_check_with_line_and_column() {
    let dir = repository("bad-settings");
    write(
        &dir,
        "journeymap.toml",
        "formats = [\"html\"]\npaper = \"a9\"\nmax_age = \"half a year\"\n",
    );
    write(&dir, ".journeymapignore", "ok/\n!keep.yaml\n");
    let checked = journeymap(&["check", "maps"], &dir);
    let text = stderr(&checked);
    assert_eq!(checked.status.code(), Some(1), "{text}");
    assert!(text.contains("journeymap.toml:2:9"), "{text}");
    assert!(text.contains("journeymap.toml:3:11"), "{text}");
    assert!(text.contains(".journeymapignore:2:1"), "{text}");
    assert!(text.contains("checked 0 maps: 3 errors"), "{text}");
}

#[test]
fn build_formats_default_to_the_config() {
    let dir = repository("formats");
    write(&dir, "journeymap.toml", "formats = [\"svg\"]\n");
    let built = journeymap(&["build", "maps/good.yaml", "-o", "out"], &dir);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(dir.join("out/good.svg").is_file());
    assert!(!dir.join("out/good.html").exists());
    // --format still wins.
    let built = journeymap(
        &["build", "maps/good.yaml", "-o", "out", "--format", "html"],
        &dir,
    );
    assert_eq!(built.status.code(), Some(0));
    assert!(dir.join("out/good.html").is_file());
}

#[test]
fn gitlab_code_quality_report() {
    let dir = temp_dir("gitlab");
    write(&dir, "maps/bad.yaml", INVALID);
    write(&dir, "maps/good.yaml", VALID);
    let report = journeymap(&["check", "--format", "gitlab", "maps"], &dir);
    assert_eq!(report.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let finding = &findings[0];
    assert_eq!(finding["check_name"], "journeymap unknown-ref");
    assert_eq!(finding["severity"], "major");
    assert_eq!(finding["location"]["path"], "maps/bad.yaml");
    assert_eq!(finding["location"]["lines"]["begin"], 3);
    assert!(
        finding["description"]
            .as_str()
            .unwrap()
            .contains("unknown stage `awarenes`")
    );
    assert_eq!(finding["fingerprint"].as_str().unwrap().len(), 64);
    // The fingerprint follows the finding, not its line.
    write(&dir, "maps/bad.yaml", &format!("# moved down\n{INVALID}"));
    let moved = journeymap(&["check", "--format", "gitlab", "maps"], &dir);
    let moved: serde_json::Value = serde_json::from_slice(&moved.stdout).unwrap();
    assert_eq!(moved[0]["location"]["lines"]["begin"], 4);
    assert_eq!(moved[0]["fingerprint"], finding["fingerprint"]);
    // Nothing to report is an empty array, so GitLab reads the artifact.
    let clean = journeymap(&["check", "--format", "gitlab", "maps/good.yaml"], &dir);
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&clean.stdout).trim(), "[]");
}

#[test]
fn max_age_from_the_config_is_the_default_of_check_max_age() {
    let dir = repository("max-age");
    write(
        &dir,
        "maps/good.yaml",
        &format!("reviewed: 2027-01-01\n{VALID}"),
    );
    let check = |args: &[&str]| {
        let mut all = vec!["check", "maps", "--today", "2027-06-01", "--deny-warnings"];
        all.extend(args);
        journeymap(&all, &dir)
    };
    assert_eq!(
        check(&[]).status.code(),
        Some(0),
        "no max_age: no staleness"
    );
    write(&dir, "journeymap.toml", "max_age = \"90d\"\n");
    let stale = check(&[]);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    assert!(stderr(&stale).contains("2027-01-01"), "{}", stderr(&stale));
    // --max-age wins over the config.
    let given = check(&["--max-age", "200d"]);
    assert_eq!(given.status.code(), Some(0), "{}", stderr(&given));
}

#[test]
fn paper_from_the_config_is_the_default_of_build_paper() {
    let dir = repository("paper");
    // The printed page's size, landscape, from the page's stylesheet.
    let page_size = |args: &[&str]| {
        let mut all = vec!["build", "maps/good.yaml", "-o", "out"];
        all.extend(args);
        let built = journeymap(&all, &dir);
        assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
        let html = std::fs::read_to_string(dir.join("out/good.html")).unwrap();
        let at = html.find("@page{size:").expect("an @page size") + "@page{size:".len();
        html[at..].split(';').next().unwrap().to_owned()
    };
    assert_eq!(page_size(&[]), "420mm 297mm", "A3 without settings");
    write(&dir, "journeymap.toml", "paper = \"Letter\"\n");
    assert_eq!(page_size(&[]), "279.4mm 215.9mm");
    assert_eq!(page_size(&["--paper", "a4"]), "297mm 210mm", "--paper wins");
}

#[test]
fn a_map_with_every_key_misspelt_is_reported_not_skipped() {
    let dir = repository("misspelt");
    write(
        &dir,
        "maps/typos.yaml",
        "titel: Typos\ntouchpoint:\n  - { id: a, stage: awareness, name: A }\n",
    );
    let checked = journeymap(&["check", "."], &dir);
    let text = stderr(&checked);
    assert_eq!(checked.status.code(), Some(1), "{text}");
    assert!(text.contains("did you mean `title`?"), "{text}");
    assert!(text.contains("did you mean `touchpoints`?"), "{text}");
    assert!(
        !text.contains("note: skipped `./maps/typos.yaml`"),
        "{text}"
    );
}
