//! A team's many maps as one site: the index's views (thumbnails, folders, pain
//! heatmap, ranked backlog, owners), linked journeys (`detail:`) and their checks,
//! `describe`, and rebuilds that leave unchanged files alone.
//!
//! The maps are `tests/fixtures/portfolio/`: `onboarding.yaml` opens
//! `onboarding/verify-identity.yaml` from its `verify` step; `billing/upgrade.yaml`
//! has no owner and no sized opportunities.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use common::{journeymap, root, temp_dir};
use scraper::{Html, Selector};

/// A copy of the portfolio fixture in a fresh folder, as `DIR/maps`.
fn portfolio(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    copy_tree(&root().join("tests/fixtures/portfolio"), &dir.join("maps"));
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

fn build_site(dir: &Path, formats: &str) -> std::process::Output {
    let out = journeymap(&["build", "maps", "-o", "site", "--format", formats], dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Follows a relative link from the page at `page` (inside `site`): the file it
/// names must exist, and an `#id` must be an element id on that page.
fn assert_link_resolves(site: &Path, page: &Path, href: &str) {
    assert!(
        !href.starts_with('/') && !href.contains("://"),
        "{href} on {} is not relative",
        page.display()
    );
    let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
    let target = page.parent().unwrap().join(file);
    let target = std::fs::canonicalize(&target)
        .unwrap_or_else(|_| panic!("{href} on {} leads nowhere", page.display()));
    assert!(target.starts_with(std::fs::canonicalize(site).unwrap()));
    if !fragment.is_empty() {
        let html = Html::parse_document(&std::fs::read_to_string(&target).unwrap());
        assert_eq!(
            select(&html, &format!("[id=\"{fragment}\"]")).len(),
            1,
            "{href}: no element with id {fragment}"
        );
    }
}

#[test]
fn the_index_shows_every_view_with_links_that_resolve() {
    let dir = portfolio("views");
    build_site(&dir, "html,svg");
    let site = dir.join("site");
    let index_path = site.join("index.html");
    let index = std::fs::read_to_string(&index_path).unwrap();
    assert!(!index.contains("<script"), "the views need no script");
    let doc = Html::parse_document(&index);

    // Maps grouped by folder, the top first, each with a thumbnail that is an SVG.
    let folders: Vec<String> = select(&doc, "#maps .jm-folder").iter().map(text).collect();
    assert_eq!(folders, ["Top folder", "billing/", "onboarding/"]);
    let thumbnails = select(&doc, "#maps svg.jm-thumb");
    assert_eq!(thumbnails.len(), 3);
    for thumbnail in thumbnails {
        let svg = thumbnail.html().replace("<svg", "<svg xmlns:x=\"x\"");
        assert!(roxmltree::Document::parse(&svg).is_ok(), "{svg}");
        assert!(svg.contains("<polyline"), "a curve per persona: {svg}");
    }
    let facts: Vec<String> = select(&doc, "#maps li dt").iter().map(text).collect();
    assert!(facts.contains(&"Owner".to_owned()) && facts.contains(&"Reviewed".to_owned()));

    // Heatmap: a row per map, in folder order; the worst cell of the first map is
    // its decision stage (2 pain points, lowest 1), said in words too.
    let rows = select(&doc, "#pain tbody tr");
    assert_eq!(rows.len(), 3);
    let first_row = rows[0].html();
    assert!(first_row.contains("Opening a bank account"), "{first_row}");
    let decision = select(&doc, "#pain tbody tr:first-child td.jm-heat4 a");
    assert_eq!(decision.len(), 1, "{first_row}");
    assert_eq!(
        decision[0].value().attr("aria-label"),
        Some("Decision: 2 pain points, lowest emotion 1")
    );
    assert_eq!(
        decision[0].value().attr("href"),
        Some("onboarding.html#st-decision")
    );

    // Backlog: the three scored opportunities by RICE, highest first, then the rest.
    let backlog: Vec<(String, String)> = select(&doc, "#backlog tbody tr")
        .iter()
        .map(|row| {
            let cells = row
                .select(&Selector::parse("td").unwrap())
                .map(|c| text(&c))
                .collect::<Vec<_>>();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    assert_eq!(
        backlog,
        [
            ("1", "Say how long sign-up takes"),
            ("2", "Detect glare before capture"),
            ("3", "Guide the camera"),
            ("unscored", "Put fees on the landing page"),
            ("unscored", "Show what premium adds in one line"),
            ("unscored", "Show a time estimate"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert!(index.contains("reach × impact × confidence ÷ effort"));

    // Owners: the Trust squad keeps one map (with its review date) and two steps.
    let owners: Vec<String> = select(&doc, "#owners .jm-owners > li")
        .iter()
        .map(|o| text(o).trim().to_owned())
        .collect();
    let trust = owners
        .iter()
        .find(|o| o.starts_with("Trust squad"))
        .unwrap();
    assert!(
        trust.contains("Verifying identity, reviewed 2026-06-15"),
        "{trust}"
    );
    assert!(trust.contains("Photographs a passport") && trust.contains("Verifies identity"));
    assert!(text(&select(&doc, "#owners")[0]).contains("Maps without an owner"));

    for link in select(&doc, "a[href]") {
        let href = link.value().attr("href").unwrap();
        if !href.starts_with('#') {
            assert_link_resolves(&site, &index_path, href);
        }
    }
}

#[test]
fn map_pages_link_to_the_index_their_files_and_their_parent_step() {
    let dir = portfolio("pages");
    build_site(&dir, "html,svg,png");
    let site = dir.join("site");
    for page in [
        "onboarding.html",
        "billing/upgrade.html",
        "onboarding/verify-identity.html",
    ] {
        let path = site.join(page);
        let doc = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let nav: Vec<String> = select(&doc, "nav.jm-site a")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect();
        let stem = Path::new(page).file_stem().unwrap().to_str().unwrap();
        let up = if page.contains('/') { "../" } else { "" };
        assert_eq!(nav[0], format!("{up}index.html"), "{page}");
        assert!(
            nav.contains(&format!("{stem}.svg")) && nav.contains(&format!("{stem}.png")),
            "{page}: {nav:?}"
        );
        for href in &nav {
            assert_link_resolves(&site, &path, href);
        }
    }
    // The detailed journey's breadcrumb leads back to the step that opens it, and
    // that step links down to it.
    let detail = site.join("onboarding/verify-identity.html");
    let doc = Html::parse_document(&std::fs::read_to_string(&detail).unwrap());
    let crumbs: Vec<String> = select(&doc, ".jm-crumbs li").iter().map(text).collect();
    assert_eq!(
        crumbs,
        [
            "All journey maps",
            "Opening a bank account: Verifies identity",
            "Verifying identity"
        ]
    );
    let parent = select(&doc, ".jm-crumbs a")[1]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(parent, "../onboarding.html#tp-verify");
    assert_link_resolves(&site, &detail, &parent);
    let top = site.join("onboarding.html");
    let doc = Html::parse_document(&std::fs::read_to_string(&top).unwrap());
    let down: Vec<String> = select(&doc, "#tp-verify .jm-detail a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(down, ["onboarding/verify-identity.html"]);
    assert_link_resolves(&site, &top, &down[0]);
}

/// Runs `check maps` after `edit` and returns its stderr.
fn check_after(name: &str, edit: impl FnOnce(&Path)) -> (Option<i32>, String) {
    let dir = portfolio(name);
    edit(&dir.join("maps"));
    let out = journeymap(&["check", "maps"], &dir);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn a_broken_link_is_an_error_at_its_line() {
    let (code, stderr) = check_after("broken", |maps| {
        replace_in(
            &maps.join("onboarding.yaml"),
            "detail: onboarding/verify-identity.yaml",
            "detail: onboarding/verify-identty.yaml",
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[broken-link]"), "{stderr}");
    assert!(stderr.contains("maps/onboarding.yaml:28:13"), "{stderr}");
    assert!(
        stderr.contains("did you mean `onboarding/verify-identity.yaml`?"),
        "{stderr}"
    );
}

#[test]
fn a_link_out_of_the_folder_is_refused() {
    let (code, stderr) = check_after("outside", |maps| {
        std::fs::write(
            maps.join("../secret.yaml"),
            "title: S\ntouchpoints: [{ id: a, stage: awareness, name: A }]\n",
        )
        .unwrap();
        replace_in(
            &maps.join("onboarding.yaml"),
            "detail: onboarding/verify-identity.yaml",
            "detail: ../secret.yaml",
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("leads out of `maps`"), "{stderr}");
    assert!(stderr.contains("maps/onboarding.yaml:28:13"), "{stderr}");
    // An absolute path is refused by its shape, whatever the folder.
    let (code, stderr) = check_after("absolute", |maps| {
        replace_in(
            &maps.join("onboarding.yaml"),
            "detail: onboarding/verify-identity.yaml",
            "detail: /etc/passwd.yaml",
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[invalid-path]"), "{stderr}");
}

#[test]
fn a_cycle_of_links_is_an_error_at_the_link_that_closes_it() {
    // billing/upgrade.yaml opens onboarding.yaml, which opens its detailed
    // journey, which opens onboarding.yaml again: the link back up is the error.
    let (code, stderr) = check_after("cycle", |maps| {
        replace_in(
            &maps.join("billing/upgrade.yaml"),
            "    name: Pays the first fee\n",
            "    name: Pays the first fee\n    detail: ../onboarding.yaml\n",
        );
        replace_in(
            &maps.join("onboarding/verify-identity.yaml"),
            "    name: Waits for a decision\n",
            "    name: Waits for a decision\n    detail: ../onboarding.yaml\n",
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[link-cycle]"), "{stderr}");
    assert!(
        stderr.contains(
            "maps/onboarding.yaml → maps/onboarding/verify-identity.yaml → maps/onboarding.yaml"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("maps/onboarding/verify-identity.yaml:26:13"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error[").count(),
        1,
        "one error per cycle: {stderr}"
    );
}

#[test]
fn a_map_with_a_broken_link_writes_nothing() {
    let dir = portfolio("broken-build");
    replace_in(
        &dir.join("maps/billing/upgrade.yaml"),
        "    name: Pays the first fee\n",
        "    name: Pays the first fee\n    detail: nowhere.yaml\n",
    );
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("site/billing/upgrade.html").exists());
    assert!(dir.join("site/onboarding.html").exists());
}

#[test]
fn rebuilding_leaves_unchanged_files_untouched() {
    let dir = portfolio("unchanged");
    build_site(&dir, "html,svg");
    let site = dir.join("site");
    let mut files = Vec::new();
    let mut stack = vec![site.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    assert_eq!(files.len(), 8, "{files:?}"); // 3 × (html, svg), index, manifest
    // Back-date every output, so a rewrite cannot hide within the clock's resolution.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for file in &files {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    build_site(&dir, "html,svg");
    for file in &files {
        assert_eq!(modified(file), old, "{} was rewritten", file.display());
    }
    // A change to one map rewrites its own files and the index, nothing else.
    replace_in(
        &dir.join("maps/billing/upgrade.yaml"),
        "Pays the first fee",
        "Pays the first monthly fee",
    );
    build_site(&dir, "html,svg");
    let changed: Vec<String> = files
        .iter()
        .filter(|f| modified(f) != old)
        .map(|f| f.strip_prefix(&site).unwrap().display().to_string())
        .collect();
    assert_eq!(
        changed,
        [
            ".journeymap-build.json",
            "billing/upgrade.html",
            "billing/upgrade.svg",
            "index.html"
        ]
    );
}

#[test]
fn describe_gives_the_facts_in_a_versioned_shape() {
    let dir = root();
    let out = journeymap(
        &[
            "describe",
            "tests/fixtures/portfolio/onboarding.yaml",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0));
    let json = String::from_utf8(out.stdout).unwrap();
    common::assert_snapshot("describe/onboarding.json", &json);
    let facts: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(facts["version"], 1);
    assert_eq!(facts["owner"], "Growth squad");
    assert_eq!(facts["reviewed"], "2026-09-01");
    let ben = &facts["personas"][1];
    assert_eq!(ben["lowest"]["touchpoint"]["id"], "verify");
    assert_eq!(ben["lowest"]["score"], 1);
    assert_eq!(ben["steepest_fall"]["drop"], 2);
    let decision = &facts["stages"][2];
    assert_eq!(decision["id"], "decision");
    assert_eq!(decision["pain_points"].as_array().unwrap().len(), 2);
    assert_eq!(facts["opportunities"][2]["rice"], 640);
    assert_eq!(
        facts["details"][0]["map"],
        "onboarding/verify-identity.yaml"
    );

    let out = journeymap(
        &["describe", "tests/fixtures/portfolio/onboarding.yaml"],
        &dir,
    );
    let markdown = String::from_utf8(out.stdout).unwrap();
    common::assert_snapshot("describe/onboarding.md", &markdown);
    assert!(markdown.contains("- **Ben Kraus**: lowest 1 at “Verifies identity” (Decision)"));

    // User text cannot inject Markdown, and a map with errors describes nothing.
    let scratch = temp_dir("describe");
    std::fs::write(
        scratch.join("m.yaml"),
        "title: \"[x](javascript:y) <b>\"\ntouchpoints: [{ id: a, stage: awareness, name: A }]\n",
    )
    .unwrap();
    let out = journeymap(&["describe", "m.yaml"], &scratch);
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown.starts_with("# \\[x\\](javascript:y) \\<b\\>"),
        "{markdown}"
    );
    std::fs::write(scratch.join("bad.yaml"), "title: Bad\n").unwrap();
    let out = journeymap(&["describe", "bad.yaml", "--format", "json"], &scratch);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_site_is_byte_identical_between_builds() {
    let a = portfolio("same-a");
    let b = portfolio("same-b");
    build_site(&a, "html,svg");
    build_site(&b, "html,svg");
    for file in [
        "index.html",
        "onboarding.html",
        "onboarding/verify-identity.html",
    ] {
        assert_eq!(
            std::fs::read(a.join("site").join(file)).unwrap(),
            std::fs::read(b.join("site").join(file)).unwrap(),
            "{file}"
        );
    }
}

/// Hostile: thousands of broken links in one map beside many maps. Each "did you
/// mean" compares with every map, so only the first few get one; without that
/// bound this check took 108 s (debug build).
#[test]
fn many_broken_links_are_reported_quickly() {
    let dir = temp_dir("many-links");
    let maps = dir.join("maps");
    std::fs::create_dir_all(&maps).unwrap();
    for i in 0..300 {
        std::fs::write(
            maps.join(format!("map-with-a-long-name-{i:04}.yaml")),
            "title: M\ntouchpoints: [{ id: a, stage: awareness, name: A }]\n",
        )
        .unwrap();
    }
    let mut big = String::from("title: Links\ntouchpoints:\n");
    for i in 0..3000 {
        big.push_str(&format!(
            "  - {{ id: t{i}, stage: awareness, name: T, detail: map-with-a-long-name-{i:04}x.yaml }}\n"
        ));
    }
    std::fs::write(maps.join("big.yaml"), big).unwrap();
    let started = std::time::Instant::now();
    let out = journeymap(&["check", "maps", "--format", "json"], &dir);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("\"broken-link\"").count(), 3000);
}

/// A `detail:` that names a symlink inside the folder which points outside it is
/// refused like the folder walk refuses such a map, so CI never reads the target.
#[cfg(unix)]
#[test]
fn a_link_through_a_symlink_out_of_the_folder_is_broken() {
    let (code, stderr) = check_after("symlink", |maps| {
        std::fs::write(
            maps.join("../secret.yaml"),
            "title: S\ntouchpoints: [{ id: a, stage: awareness, name: A }]\n",
        )
        .unwrap();
        std::os::unix::fs::symlink("../../secret.yaml", maps.join("billing/plans.yaml")).unwrap();
        replace_in(
            &maps.join("billing/upgrade.yaml"),
            "    name: Pays the first fee\n",
            "    name: Pays the first fee\n    detail: plans.yaml\n",
        );
    });
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[broken-link]"), "{stderr}");
    assert!(
        stderr.contains("maps/billing/upgrade.yaml:11:13"),
        "{stderr}"
    );
    assert!(!stderr.contains("title: S"), "{stderr}");
}

/// A heatmap column is a stage id; when maps name it differently, its heading
/// gives each name, so no map's stage sits under a name it does not use.
#[test]
fn heatmap_columns_name_every_name_of_their_stage() {
    let dir = portfolio("columns");
    replace_in(
        &dir.join("maps/onboarding.yaml"),
        "stages: [awareness, consideration, decision, retention]",
        "stages: [{ id: awareness, name: Hearing about us }, consideration, decision, retention]",
    );
    build_site(&dir, "html");
    let doc = Html::parse_document(&std::fs::read_to_string(dir.join("site/index.html")).unwrap());
    let headings: Vec<String> = select(&doc, "#pain thead th").iter().map(text).collect();
    assert_eq!(headings[1], "Hearing about us / Awareness", "{headings:?}");
}
