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

    // 120,000 repeats of one key in one flow mapping (32 s to check before).
    let repeats = vec!["name: A"; 120_000].join(", ");
    let text = format!("title: t\ntouchpoints:\n  - {{id: a, stage: awareness, {repeats}}}\n");
    std::fs::write(dir.join("keys.yaml"), text).unwrap();
    let out = journeymap(&["check", "keys.yaml"], &dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.matches("error[duplicate-key]").count() <= 200,
        "{}",
        &err[..500]
    );
    assert!(
        err.contains("more in keys.yaml"),
        "{}",
        &err[err.len().saturating_sub(400)..]
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

const MAP: &str =
    "title: A map\ntouchpoints:\n  - {id: a, stage: awareness, name: Sees an ad, emotion: 3}\n";

#[test]
fn no_command_writes_over_its_own_input() {
    let dir = temp_dir("inputs");
    std::fs::write(dir.join("m.yaml"), MAP).unwrap();
    let out = journeymap(
        &["export", "--to", "mermaid", "m.yaml", "-o", "m.yaml"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exists; pass --force"),
        "{}",
        stderr(&out)
    );
    let out = journeymap(
        &[
            "export", "--to", "mermaid", "m.yaml", "-o", "./m.yaml", "--force",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("would be written over its input"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(dir.join("m.yaml")).unwrap(), MAP);

    // A map whose name ends in an output extension builds onto itself.
    for name in ["map.html", "map.svg", "map.png", "map.pdf"] {
        std::fs::write(dir.join(name), MAP).unwrap();
        let out = journeymap(&["build", name, "--format", "html,svg,png,pdf"], &dir);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("would be written over its input"),
            "{name}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            MAP,
            "{name}"
        );
        std::fs::remove_file(dir.join(name)).unwrap();
    }

    // Mermaid import onto its own input, and an existing export without --force.
    std::fs::write(dir.join("j.mmd"), "journey\n  section S\n    Task: 3: Me\n").unwrap();
    let out = journeymap(&["import", "j.mmd", "-o", "j.mmd", "--force"], &dir);
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(dir.join("old.mmd"), "keep me").unwrap();
    let out = journeymap(
        &["export", "--to", "mermaid", "m.yaml", "-o", "old.mmd"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("old.mmd")).unwrap(),
        "keep me"
    );
    let out = journeymap(
        &[
            "export", "--to", "mermaid", "m.yaml", "-o", "old.mmd", "--force",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(dir.join("old.mmd"))
            .unwrap()
            .contains("journey")
    );
}

#[test]
fn the_listing_never_replaces_a_map_page_even_when_that_map_fails() {
    let dir = temp_dir("listing");
    let maps = dir.join("maps");
    std::fs::create_dir_all(&maps).unwrap();
    std::fs::write(maps.join("index.yaml"), MAP.replace("A map", "Index map")).unwrap();
    std::fs::write(maps.join("hospital.yaml"), MAP).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    assert!(page.contains("Index map"));
    assert!(dir.join("site/maps.html").exists());

    // index.yaml breaks: its old page stays, the listing stays at maps.html.
    std::fs::write(maps.join("index.yaml"), "title: [broken\n").unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("site/index.html")).unwrap(),
        page
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("maps.html"));

    // Maps take all three names the listing could have: refused, nothing written.
    let crowded = dir.join("crowded");
    std::fs::create_dir_all(&crowded).unwrap();
    for name in ["index", "maps", "journeymap-index"] {
        std::fs::write(crowded.join(format!("{name}.yaml")), MAP).unwrap();
    }
    let out = journeymap(&["build", "crowded", "-o", "site2"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("rename one of those maps"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("site2").exists());
}

#[test]
fn a_rebuilt_site_drops_the_pages_of_deleted_maps_and_nothing_else() {
    let dir = temp_dir("stale");
    let maps = dir.join("maps");
    let other = dir.join("other");
    std::fs::create_dir_all(maps.join("sub")).unwrap();
    std::fs::create_dir_all(&other).unwrap();
    for name in ["a.yaml", "b.yaml", "sub/c.yaml", "d.yaml"] {
        std::fs::write(maps.join(name), MAP).unwrap();
    }
    std::fs::write(other.join("z.yaml"), MAP).unwrap();
    for root in ["maps", "other"] {
        let out = journeymap(&["build", root, "-o", "site"], &dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let site = dir.join("site");
    // The user edits d.svg by hand; a.yaml breaks; b and d are deleted.
    std::fs::write(site.join("d.svg"), "<svg>mine</svg>").unwrap();
    std::fs::write(maps.join("a.yaml"), "title: [broken\n").unwrap();
    std::fs::remove_file(maps.join("b.yaml")).unwrap();
    std::fs::remove_file(maps.join("d.yaml")).unwrap();
    std::fs::remove_file(maps.join("sub/c.yaml")).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(1));
    for gone in ["b.html", "b.svg", "sub/c.html", "sub/c.svg", "d.html"] {
        assert!(!site.join(gone).exists(), "{gone} should be removed");
    }
    for kept in ["a.html", "a.svg", "d.svg", "z.html", "z.svg", "index.html"] {
        assert!(site.join(kept).exists(), "{kept} should be kept");
    }
    assert!(
        stderr(&out).contains("removed site/b.html (its map is gone)"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn folder_walks_do_not_follow_symlinks_out_of_the_folder() {
    let dir = temp_dir("symlinks");
    let maps = dir.join("maps");
    std::fs::create_dir_all(&maps).unwrap();
    std::fs::write(
        dir.join("secret.yaml"),
        "aws_secret_access_key: SECRET123\n",
    )
    .unwrap();
    std::fs::write(maps.join("real.yaml"), MAP).unwrap();
    std::os::unix::fs::symlink(dir.join("secret.yaml"), maps.join("x.yaml")).unwrap();
    std::os::unix::fs::symlink(maps.join("real.yaml"), maps.join("alias.yaml")).unwrap();
    let out = journeymap(&["check", "maps"], &dir);
    let err = stderr(&out);
    assert!(!err.contains("SECRET123"), "{err}");
    assert!(
        err.contains("warning[skipped]: skipped `maps/x.yaml`: it is a symlink to a file outside"),
        "{err}"
    );
    assert!(err.contains("checked 2 maps: 0 errors, 1 warning"), "{err}");
    // A skipped file is a warning like any other: it fails --deny-warnings and
    // becomes an annotation on the pull request.
    let denied = journeymap(&["check", "--deny-warnings", "maps"], &dir);
    assert_eq!(denied.status.code(), Some(1));
    let github = journeymap(&["check", "--format", "github", "maps"], &dir);
    let annotations = String::from_utf8_lossy(&github.stdout).into_owned();
    assert!(
        annotations.contains("::warning file=maps/x.yaml"),
        "{annotations}"
    );
    // Named on the command line, the file is read: the user asked for it.
    let out = journeymap(&["check", "maps/x.yaml"], &dir);
    assert!(
        stderr(&out).contains("error[not-a-map]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn write_failures_are_errors_that_name_the_map() {
    let dir = temp_dir("write-failure");
    std::fs::write(dir.join("m.yaml"), MAP).unwrap();
    std::fs::write(dir.join("out"), "a file, not a folder").unwrap();
    let out = journeymap(&["build", "m.yaml", "-o", "out"], &dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("error: m.yaml: cannot create the output folder"),
        "{err}"
    );
    assert!(
        err.contains("built 0 of 1 map: 1 error, 0 warnings"),
        "{err}"
    );
}

/// The line (1-based) of the first diagnostic with `code`, and the codes of all.
fn first_line_of(text: &str, code: &str) -> (usize, Vec<&'static str>) {
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("m.yaml", text.to_owned()));
    let codes: Vec<&'static str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    let span = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .and_then(|d| d.span)
        .unwrap_or_else(|| panic!("no `{code}` in {codes:?}"));
    (loaded.file.position(span.start).line, codes)
}

/// `count` touchpoints, each with `items` pain points of `text`.
fn map_with_items(count: usize, items: usize, text: &str) -> String {
    let mut map = String::from("title: Items\ntouchpoints:\n");
    for i in 0..count {
        map.push_str(&format!(
            "  - id: t{i}\n    stage: awareness\n    name: Step {i}\n    pain_points:\n"
        ));
        for _ in 0..items {
            map.push_str(&format!("      - {text}\n"));
        }
    }
    map
}

#[test]
fn what_would_blow_up_the_outputs_is_refused_at_its_line() {
    use journeymap::limits;
    // One list past its limit: at the first item too many (line 5 is the first item).
    let long_list = map_with_items(1, limits::MAX_LIST_ITEMS + 190, "a");
    let (line, codes) = first_line_of(&long_list, "limit");
    assert_eq!(codes, ["limit"]);
    assert_eq!(line, 7 + limits::MAX_LIST_ITEMS);
    // The same for a metrics mapping.
    let metrics: String = (0..=limits::MAX_LIST_ITEMS)
        .map(|i| format!("      m{i}: 1\n"))
        .collect();
    let many_metrics = format!(
        "title: T\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    metrics:\n{metrics}"
    );
    assert_eq!(
        first_line_of(&many_metrics, "limit"),
        (7 + limits::MAX_LIST_ITEMS, vec!["limit"])
    );
    // All lists together: each within its limit, the map past its own, once.
    let per_touchpoint = limits::MAX_LIST_ITEMS;
    let count = limits::MAX_LIST_ITEMS_IN_MAP / per_touchpoint + 1;
    let (line, codes) = first_line_of(&map_with_items(count, per_touchpoint, "a"), "limit");
    assert_eq!(codes, ["limit"]);
    let lines_per_touchpoint = 4 + per_touchpoint;
    assert_eq!(line, 2 + (count - 1) * lines_per_touchpoint + 5);
    // One text too long, and one with too many line breaks: at the text's line.
    let long_name = format!(
        "title: T\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: {}\n",
        "a".repeat(limits::MAX_TEXT_CHARS + 1)
    );
    assert_eq!(first_line_of(&long_name, "limit"), (5, vec!["limit"]));
    let many_lines = format!(
        "title: T\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: \"{}\"\n",
        "a\\n".repeat(limits::MAX_TEXT_LINE_BREAKS + 1)
    );
    assert_eq!(first_line_of(&many_lines, "limit"), (5, vec!["limit"]));
    let block = format!(
        "title: T\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    description: |\n{}",
        "      a\n".repeat(limits::MAX_TEXT_LINE_BREAKS + 2)
    );
    assert_eq!(first_line_of(&block, "limit"), (7, vec!["limit"]));
    // All texts together: each within its limit, the map past its own, once.
    let longest = "a".repeat(limits::MAX_TEXT_CHARS);
    let count = limits::MAX_TEXT_CHARS_IN_MAP / limits::MAX_TEXT_CHARS + 1;
    let text = map_with_items(count, 1, &longest);
    let (line, codes) = first_line_of(&text, "limit");
    assert_eq!(codes, ["limit"]);
    let line_text = text.lines().nth(line - 1).unwrap();
    assert!(line_text.starts_with("      - aaa"), "{line}: {line_text}");
}

/// `personas` personas, everyone scored on every one of `touchpoints` touchpoints.
fn map_with_scores(personas: usize, touchpoints: usize) -> String {
    let mut map = String::from("title: Scores\npersonas:\n");
    for p in 0..personas {
        map.push_str(&format!("  p{p}: {{ name: Persona {p} }}\n"));
    }
    map.push_str("touchpoints:\n");
    for i in 0..touchpoints {
        map.push_str(&format!(
            "  - {{ id: t{i}, stage: awareness, name: Step {i}, emotion: 3 }}\n"
        ));
    }
    map
}

/// The largest outputs the limits allow stay under the size docs/fuzzing.md promises:
/// the worst cases measured there (every list item allowed, each with every line
/// break allowed and lines of wide letters; every emotion score allowed).
#[test]
fn maps_at_the_limits_build_outputs_under_the_promised_size() {
    use journeymap::limits;
    const PROMISED_BYTES: usize = 25_000_000;
    let count = limits::MAX_LIST_ITEMS_IN_MAP / limits::MAX_LIST_ITEMS;
    let wide_lines = format!(
        "\"{}\"",
        ["WWWWW"; limits::MAX_TEXT_LINE_BREAKS + 1].join("\\n")
    );
    let personas = limits::MAX_PERSONAS;
    let cases = [
        map_with_items(count, limits::MAX_LIST_ITEMS, &wide_lines),
        map_with_scores(personas, limits::MAX_SCORES / personas),
    ];
    for text in cases {
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("m.yaml", text));
        let map = loaded.map.expect("the map is within every limit");
        let built = journeymap::build(&map);
        let (svg, html) = (built.svg.len(), built.html.len());
        assert!(svg < PROMISED_BYTES, "SVG: {svg} bytes");
        assert!(html < PROMISED_BYTES, "HTML: {html} bytes");
        assert!(svg > PROMISED_BYTES / 2, "near the limit: SVG {svg} bytes");
    }
}

/// A map with nearly every limit reached at once can still draw more than the
/// outputs may hold: it is refused, naming the map, and nothing is written.
#[test]
fn outputs_past_their_limit_are_refused_not_written() {
    let dir = temp_dir("oversized");
    // 40,000 scores (the limit), each a face with a tooltip: every input limit is
    // kept, and the picture would still be over 25 MiB.
    let mut text = String::from("title: t\npersonas:\n");
    for p in 0..100 {
        text.push_str(&format!("  p{p}: {{name: P{p}}}\n"));
    }
    text.push_str("touchpoints:\n");
    let thought = "w".repeat(1990);
    for t in 0..400 {
        text.push_str(&format!(
            "  - {{id: t{t}, stage: awareness, name: A, emotion: 3, thoughts: [{thought}]}}\n"
        ));
    }
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/big.yaml"), text).unwrap();
    std::fs::write(
        dir.join("maps/small.yaml"),
        "title: s\ntouchpoints:\n  - {id: a, stage: awareness, name: A}\n",
    )
    .unwrap();
    // Output of an earlier build, which a refused build must leave as it was.
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("out/big.html"), "earlier page").unwrap();
    let out = journeymap(
        &["build", "maps/big.yaml", "maps/small.yaml", "-o", "out"],
        &dir,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[too-large]: the map's") && err.contains("would be over 26.2 MB"),
        "{err}"
    );
    let mut written: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["big.html", "small.html", "small.svg"],
        "the other map is built"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("out/big.html")).unwrap(),
        "earlier page"
    );
    // `check` refuses it too, at the same line: `build` measures the outputs as it
    // draws them, `check` draws them to measure them.
    let checked = journeymap(&["check", "maps/big.yaml"], &dir);
    assert_eq!(checked.status.code(), Some(1));
    let located = |text: &str| {
        let lines: Vec<&str> = text.lines().collect();
        let at = lines.iter().position(|l| l.contains("too-large"))?;
        Some(lines[at..lines.len().min(at + 2)].join("\n"))
    };
    let built_at = located(&err);
    assert!(
        built_at
            .as_deref()
            .is_some_and(|l| l.contains("maps/big.yaml:")),
        "{err}"
    );
    assert_eq!(located(&stderr(&checked)), built_at, "{}", stderr(&checked));
}

/// A logo is repeated on every printed page the HTML page carries, so a small
/// map with a large logo passed the output limit on small paper while `check`,
/// which measured only large maps, passed it: a map with a logo is always
/// measured, and `check` measures on the paper journeymap.toml sets.
#[test]
fn a_logo_on_every_printed_page_counts_towards_the_output_limit() {
    let dir = temp_dir("logo-pages");
    let mut logo = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    while logo.len() < 256 * 1024 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        logo.push(state as u8);
    }
    std::fs::write(dir.join("logo.png"), logo).unwrap();
    let mut text = String::from("title: t\ntheme: { logo: logo.png }\ntouchpoints:\n");
    for t in 0..150 {
        text.push_str(&format!(
            "  - {{id: t{t}, stage: awareness, name: A, thoughts: [a, b, c, d, e, f], pain_points: [a, b, c, d, e], opportunities: [a, b, c, d]}}\n"
        ));
    }
    std::fs::write(dir.join("map.yaml"), &text).unwrap();
    // On A4 the page would carry about a hundred copies of the logo.
    let built = journeymap(&["build", "map.yaml", "--paper", "a4", "-o", "out"], &dir);
    assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("error[too-large]: the map's HTML page"),
        "{}",
        stderr(&built)
    );
    assert_eq!(
        std::fs::read_dir(dir.join("out")).map_or(0, |d| d.count()),
        0
    );
    std::fs::write(dir.join("journeymap.toml"), "paper = \"a4\"\n").unwrap();
    let checked = journeymap(&["check", "map.yaml"], &dir);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("too-large"),
        "{}",
        stderr(&checked)
    );
}

/// Text that repeats in the outputs (persona names in every audience note, a
/// thought in every curve point's tooltip) once multiplied a 700 KB map into
/// 200 MB pages and 1.4 GB of memory before the build gave up.
#[test]
fn repeated_text_is_cut_or_counted_where_it_repeats() {
    let dir = temp_dir("repeats");
    let name = "N".repeat(1900);
    let mut audience = String::from("title: t\npersonas:\n");
    for p in 0..100 {
        audience.push_str(&format!("  p{p}: {{name: {name}{p}}}\n"));
    }
    audience.push_str("touchpoints:\n");
    let ids: Vec<String> = (0..99).map(|p| format!("p{p}")).collect();
    for t in 0..1000 {
        audience.push_str(&format!(
            "  - {{id: t{t}, stage: awareness, name: A, personas: [{}]}}\n",
            ids.join(", ")
        ));
    }
    std::fs::write(dir.join("audience.yaml"), audience).unwrap();
    let out = journeymap(&["build", "audience.yaml"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.join("audience.html")).unwrap();
    assert!(html.contains("Only 99 of 100 personas"));
    assert!(html.len() < 5_000_000, "{} bytes", html.len());

    let thought = "w".repeat(1990);
    let mut tooltips = String::from("title: t\npersonas:\n");
    for p in 0..10 {
        tooltips.push_str(&format!("  p{p}: {{name: P{p}}}\n"));
    }
    tooltips.push_str("touchpoints:\n");
    for t in 0..300 {
        tooltips.push_str(&format!(
            "  - {{id: t{t}, stage: awareness, name: A, emotion: 3, thoughts: [{thought}]}}\n"
        ));
    }
    std::fs::write(dir.join("tooltips.yaml"), tooltips).unwrap();
    let out = journeymap(&["build", "tooltips.yaml"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.join("tooltips.html")).unwrap();
    let longest_tip = html
        .split("data-tip=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().chars().count())
        .max()
        .unwrap();
    assert!(longest_tip < 300, "a tooltip of {longest_tip} characters");
}

/// The site manifest is a file in the output folder that anyone could edit: it must
/// never make a build delete a file outside that folder, or one journeymap did not
/// write for that page.
#[cfg(unix)]
#[test]
fn a_tampered_manifest_cannot_delete_other_files() {
    use sha2::{Digest, Sha256};
    let dir = temp_dir("tampered");
    let maps = dir.join("maps");
    let victim = dir.join("victim");
    std::fs::create_dir_all(&maps).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(maps.join("a.yaml"), MAP).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = dir.join("site");
    std::fs::write(victim.join("secret.txt"), "keep").unwrap();
    std::fs::write(site.join("CNAME"), "maps.example.com").unwrap();
    std::os::unix::fs::symlink(&victim, site.join("link")).unwrap();
    std::fs::write(site.join("link-page.html"), "x").unwrap();
    let hash = |text: &str| -> String {
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    // Claim, for pages whose maps are "gone", files the build never wrote.
    let manifest_path = site.join(".journeymap-build.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let root = manifest["roots"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    manifest["roots"][&root]["gone.html"] = serde_json::json!({
        "link/secret.txt": hash("keep"),
        "CNAME": hash("maps.example.com"),
    });
    manifest["roots"][&root]["link/secret.html"] = serde_json::json!({
        "link/secret.txt": hash("keep"),
        "link/secret.html": hash("keep"),
    });
    std::fs::write(victim.join("secret.html"), "keep").unwrap();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(victim.join("secret.txt").exists());
    assert!(
        victim.join("secret.html").exists(),
        "removed through a symlinked folder"
    );
    assert!(site.join("CNAME").exists());
    assert!(!stderr(&out).contains("removed"), "{}", stderr(&out));
}

/// Two input folders both holding `a.yaml` build the same page into one site:
/// deleting one of them must not remove the page the other still owns.
#[test]
fn a_page_another_folder_owns_is_not_removed() {
    let dir = temp_dir("shared-page");
    for folder in ["maps", "other"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("a.yaml"), MAP).unwrap();
    }
    for folder in ["maps", "other"] {
        let out = journeymap(&["build", folder, "-o", "site"], &dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    std::fs::remove_file(dir.join("maps/a.yaml")).unwrap();
    std::fs::write(dir.join("maps/b.yaml"), MAP).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("site/a.html").exists(), "{}", stderr(&out));
}

/// A symlinked folder planted inside the output folder must not redirect a build's
/// writes elsewhere.
#[cfg(unix)]
#[test]
fn builds_do_not_write_through_symlinked_folders_in_the_output() {
    let dir = temp_dir("linked-out");
    let victim = dir.join("victim");
    std::fs::create_dir_all(dir.join("maps/sub")).unwrap();
    std::fs::create_dir_all(dir.join("site")).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(dir.join("maps/sub/x.yaml"), MAP).unwrap();
    std::fs::write(dir.join("maps/y.yaml"), MAP).unwrap();
    std::os::unix::fs::symlink(&victim, dir.join("site/sub")).unwrap();
    let out = journeymap(&["build", "maps", "-o", "site"], &dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("leads out of the output folder"), "{err}");
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 0);
    assert!(
        dir.join("site/y.html").exists(),
        "the other map still builds"
    );
}

/// A time bound with a wide margin, so the quadratic printing comes back as a
/// failure rather than a slow test: these took 70 s and 32 s (release) before, and
/// take well under a second now; 20 s leaves room for a debug build on a busy machine.
#[test]
fn hostile_maps_check_in_bounded_time() {
    let dir = temp_dir("bounded-time");
    std::fs::write(dir.join("ids.yaml"), many_unknown_personas(200_000)).unwrap();
    let repeats = vec!["name: A"; 120_000].join(", ");
    std::fs::write(
        dir.join("keys.yaml"),
        format!("title: t\ntouchpoints:\n  - {{id: a, stage: awareness, {repeats}}}\n"),
    )
    .unwrap();
    for (map, format) in [
        ("ids.yaml", "human"),
        ("ids.yaml", "json"),
        ("keys.yaml", "human"),
    ] {
        let started = std::time::Instant::now();
        let out = journeymap(&["check", "--format", format, map], &dir);
        let took = started.elapsed();
        assert_eq!(out.status.code(), Some(1));
        assert!(
            took < std::time::Duration::from_secs(20),
            "check --format {format} {map} took {took:?}"
        );
    }
}

/// `count` touchpoints, each with `items` blueprint items of `text` in one of six
/// lanes, every item a fail point with a wait of `text`: the most a blueprint draws
/// per item.
fn map_with_blueprint_items(count: usize, items: usize, text: &str) -> String {
    let mut map = String::from("title: Blueprint\nlanes:\n");
    for (i, role) in [
        "physical_evidence",
        "frontstage",
        "frontstage",
        "backstage",
        "support",
        "support",
    ]
    .iter()
    .enumerate()
    {
        map.push_str(&format!(
            "  - {{ id: l{i}, role: {role}, name: Lane {i}, owner: {text} }}\n"
        ));
    }
    map.push_str("touchpoints:\n");
    for i in 0..count {
        map.push_str(&format!(
            "  - id: t{i}\n    stage: awareness\n    name: Step {i}\n    blueprint:\n      l{}:\n",
            i % 6
        ));
        for _ in 0..items {
            map.push_str(&format!(
                "        - {{ text: {text}, fail_point: true, wait: {text} }}\n"
            ));
        }
    }
    map
}

/// Blueprint items count towards the list and text limits like any list's. Every
/// item allowed, each a fail point with a wait of four lines of wide letters,
/// builds outputs under the promised size; with six lines (as much text as the map
/// may hold) the SVG would pass it, and the map is refused whole, as docs/fuzzing.md
/// says of maps near several limits.
#[test]
fn a_blueprint_at_the_limits_stays_under_the_promised_size() {
    use journeymap::limits;
    const PROMISED_BYTES: usize = 25_000_000;
    let count = limits::MAX_LIST_ITEMS_IN_MAP / limits::MAX_LIST_ITEMS;
    let over = map_with_blueprint_items(count + 1, limits::MAX_LIST_ITEMS, "a");
    let (line, codes) = first_line_of(&over, "limit");
    assert_eq!(codes, ["limit"], "the map's list items, once");
    assert!(over.lines().nth(line - 1).unwrap().contains("fail_point"));

    let wide = |lines: usize| format!("\"{}\"", vec!["WWWWW"; lines].join("\\n"));
    let text = map_with_blueprint_items(count, limits::MAX_LIST_ITEMS, &wide(4));
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("m.yaml", text));
    let built = journeymap::build(loaded.map.as_ref().expect("within every limit"));
    let (svg, html) = (built.svg.len(), built.html.len());
    assert!(svg < PROMISED_BYTES, "SVG: {svg} bytes");
    assert!(html < PROMISED_BYTES, "HTML: {html} bytes");
    assert!(svg > PROMISED_BYTES / 2, "near the limit: SVG {svg} bytes");

    let text = map_with_blueprint_items(count, limits::MAX_LIST_ITEMS, &wide(6));
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("m.yaml", text));
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["too-large"], "refused whole, for its size only");
    assert!(loaded.map.is_none());
}
