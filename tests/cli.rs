//! The command line as users run it: exit codes, outputs on disk, atomic builds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

const VALID: &str =
    "title: Valid\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: 3 }\n";
const INVALID: &str = "title: Invalid\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n";
const WARNS: &str = "title: Warns\nstages: [awareness, advocacy]\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";

#[test]
fn check_exit_codes_follow_the_contract() {
    let dir = temp_dir("check");
    std::fs::write(dir.join("valid.yaml"), VALID).unwrap();
    std::fs::write(dir.join("warns.yml"), WARNS).unwrap();
    let ok = journeymap(&["check", "valid.yaml", "warns.yml"], &dir);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let denied = journeymap(&["check", "--deny-warnings", "warns.yml"], &dir);
    assert_eq!(denied.status.code(), Some(1));
    std::fs::create_dir_all(dir.join("maps/nested")).unwrap();
    std::fs::write(dir.join("maps/nested/bad.yaml"), INVALID).unwrap();
    std::fs::write(dir.join("maps/notes.txt"), "not a map").unwrap();
    let bad = journeymap(&["check", "."], &dir);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("./maps/nested/bad.yaml:3:21"), "{stderr}");
    assert!(
        stderr.contains("checked 3 maps: 1 error, 1 warning"),
        "{stderr}"
    );
    assert!(!stderr.contains("\x1b["), "no colour when piped");
    let usage = journeymap(&["check", "--no-such-flag", "x"], &dir);
    assert_eq!(usage.status.code(), Some(2));
    let nothing = journeymap(&["check"], &dir);
    assert_eq!(nothing.status.code(), Some(2));
}

#[test]
fn check_prints_json_and_github_annotations() {
    let dir = temp_dir("formats");
    std::fs::write(dir.join("bad.yaml"), INVALID).unwrap();
    let json = journeymap(&["check", "--format", "json", "bad.yaml"], &dir);
    assert_eq!(json.status.code(), Some(1));
    let line = String::from_utf8(json.stdout).unwrap();
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(value["line"], 3);
    assert_eq!(value["column"], 21);
    assert_eq!(value["code"], "unknown-ref");
    let github = journeymap(&["check", "--format", "github", "bad.yaml"], &dir);
    let text = String::from_utf8(github.stdout).unwrap();
    assert!(text.starts_with("::error file=bad.yaml,line=3,col=21,title=journeymap unknown-ref::unknown stage `awarenes`"), "{text}");
}

#[test]
fn build_writes_html_and_svg_and_prints_their_paths() {
    let dir = temp_dir("build");
    std::fs::create_dir_all(dir.join("maps/team")).unwrap();
    std::fs::write(dir.join("maps/one.yaml"), VALID).unwrap();
    std::fs::write(dir.join("maps/team/two.yaml"), VALID).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        printed,
        "site/one.html\nsite/one.svg\nsite/team/two.html\nsite/team/two.svg\nsite/index.html\n"
    );
    for file in [
        "site/one.html",
        "site/one.svg",
        "site/team/two.html",
        "site/team/two.svg",
    ] {
        assert!(
            std::fs::metadata(dir.join(file)).unwrap().len() > 1000,
            "{file}"
        );
    }
    // Without -o, outputs go next to the map.
    let beside = journeymap(&["build", "maps/one.yaml"], &dir);
    assert_eq!(beside.status.code(), Some(0));
    assert!(dir.join("maps/one.html").exists() && dir.join("maps/one.svg").exists());
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_failed_build_writes_nothing_and_keeps_earlier_output() {
    let dir = temp_dir("atomic");
    std::fs::write(dir.join("map.yaml"), VALID).unwrap();
    assert_eq!(
        journeymap(&["build", "map.yaml", "-o", "out"], &dir)
            .status
            .code(),
        Some(0)
    );
    let html_before = std::fs::read(dir.join("out/map.html")).unwrap();
    let svg_before = std::fs::read(dir.join("out/map.svg")).unwrap();
    std::fs::write(dir.join("map.yaml"), INVALID).unwrap();
    let failed = journeymap(&["build", "map.yaml", "-o", "out"], &dir);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        failed.stdout.is_empty(),
        "no paths printed for a failed map"
    );
    assert_eq!(
        std::fs::read(dir.join("out/map.html")).unwrap(),
        html_before
    );
    assert_eq!(std::fs::read(dir.join("out/map.svg")).unwrap(), svg_before);
    // A new map with errors creates nothing at all.
    std::fs::write(dir.join("new.yaml"), INVALID).unwrap();
    assert_eq!(
        journeymap(&["build", "new.yaml", "-o", "out"], &dir)
            .status
            .code(),
        Some(1)
    );
    assert!(!dir.join("out/new.html").exists() && !dir.join("out/new.svg").exists());
}

#[test]
fn help_and_version_work_for_every_command() {
    let dir = temp_dir("help");
    let version = journeymap(&["--version"], &dir);
    assert!(
        String::from_utf8(version.stdout)
            .unwrap()
            .starts_with("journeymap 0.")
    );
    for command in ["check", "build"] {
        let help = journeymap(&[command, "--help"], &dir);
        assert_eq!(help.status.code(), Some(0));
        let text = String::from_utf8(help.stdout).unwrap();
        assert!(
            text.contains("Examples:"),
            "{command} --help shows an example"
        );
    }
}
