//! A theme in a file of its own (`theme: brand.yaml`): read by the path rule of
//! every file a map names, its problems reported in it, at their lines, and
//! drawn exactly as the same keys written inline.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use journeymap::diag::SourceFile;

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#0f766e"/></svg>"##;

const THEME_KEYS: &str = "stages:\n  awareness: \"#b91c1c\"\n  decision: teal\npersonas: [\"#7c2d12\", \"#1e3a8a\"]\nfont: Source Sans 3\n";

const BODY: &str = "personas:\n  ana: { name: Ana }\n  bo: { name: Bo }\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: { ana: 3, bo: 4 } }\n  - { id: b, stage: decision, name: B, emotion: { ana: 2, bo: 5 } }\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The printed findings of every file a load reports on.
fn printed(loaded: &journeymap::Loaded) -> String {
    loaded.render_plain()
}

/// Codes of every finding, the map's then each other file's.
fn codes(loaded: &journeymap::Loaded) -> Vec<&'static str> {
    loaded
        .diagnostics
        .iter()
        .chain(loaded.data_reports.iter().flat_map(|r| &r.diagnostics))
        .map(|d| d.code)
        .collect()
}

#[test]
fn a_theme_file_draws_the_map_exactly_as_the_same_keys_inline() {
    let dir = common::temp_dir("theme-file-same");
    // The logo of a theme file is relative to the theme file's folder.
    write(
        &dir.join("brand/theme.yaml"),
        &format!("{THEME_KEYS}logo: logo.svg\n"),
    );
    write(&dir.join("brand/logo.svg"), LOGO);
    write(
        &dir.join("shared.yaml"),
        &format!("title: Themed\ntheme: brand/theme.yaml\n{BODY}"),
    );
    let inline_theme: String = THEME_KEYS.lines().map(|l| format!("  {l}\n")).collect();
    write(
        &dir.join("inline.yaml"),
        &format!("title: Themed\ntheme:\n{inline_theme}  logo: brand/logo.svg\n{BODY}"),
    );
    let shared = journeymap::load_path(&dir.join("shared.yaml"));
    let inline = journeymap::load_path(&dir.join("inline.yaml"));
    assert!(!shared.has_errors(), "{}", printed(&shared));
    assert!(!inline.has_errors(), "{}", printed(&inline));
    let (shared, inline) = (shared.map.unwrap(), inline.map.unwrap());
    assert!(shared.theme.logo.is_some());
    assert_eq!(shared.theme, inline.theme);
    let (a, b) = (journeymap::build(&shared), journeymap::build(&inline));
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.html, b.html);
    assert!(
        a.svg.contains(r##"fill="#b91c1c""##),
        "the theme reached the SVG"
    );
    assert_eq!(
        a.pages.iter().map(|p| &p.svg).collect::<Vec<_>>(),
        b.pages.iter().map(|p| &p.svg).collect::<Vec<_>>()
    );
}

#[test]
fn problems_in_a_theme_file_are_reported_in_it_at_their_lines() {
    let dir = common::temp_dir("theme-file-lines");
    write(
        &dir.join("brand.yaml"),
        "# brand colours\npersonas: [\"#fde047\"]\nstages:\n  decision: teal\n",
    );
    write(
        &dir.join("map.yaml"),
        &format!("title: T\ntheme: brand.yaml\n{BODY}"),
    );
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    // A warning only: the map builds.
    assert!(loaded.map.is_some(), "{}", printed(&loaded));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let [report] = &loaded.data_reports[..] else {
        panic!("one report for the theme file: {}", printed(&loaded));
    };
    assert_eq!(
        report.file.name,
        dir.join("brand.yaml").display().to_string()
    );
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["low-contrast"]);
    let text = printed(&loaded);
    assert!(
        text.contains(&format!("┌─ {}:2:12", dir.join("brand.yaml").display())),
        "{text}"
    );
    assert!(text.contains("2 │ personas: [\"#fde047\"]"), "{text}");

    // Not YAML at all: the syntax error is in the theme file too.
    write(&dir.join("brand.yaml"), "font: Inter\nstages: [\n");
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(loaded.map.is_none());
    assert_eq!(codes_of(&loaded), ["syntax"]);
    assert!(
        printed(&loaded).contains(&format!("{}:2:", dir.join("brand.yaml").display())),
        "{}",
        printed(&loaded)
    );
    // A list where the keys belong.
    write(&dir.join("brand.yaml"), "- teal\n");
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert_eq!(codes_of(&loaded), ["type"]);
    assert!(printed(&loaded).contains("a theme file is a YAML mapping"));
}

fn codes_of(loaded: &journeymap::Loaded) -> Vec<&'static str> {
    codes(loaded)
}

#[test]
fn a_theme_file_that_is_missing_outside_or_too_large_is_an_error_at_the_maps_theme_line() {
    let dir = common::temp_dir("theme-file-paths");
    let maps = dir.join("maps");
    write(&dir.join("outside.yaml"), "font: Inter\n");
    write(
        &maps.join("big.yaml"),
        &format!("font: Inter\n{}", "# x\n".repeat(20_000)),
    );
    write(&maps.join("latin1.yaml"), "font: Inter\n");
    std::fs::write(maps.join("latin1.yaml"), b"font: caf\xe9\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("outside.yaml"), maps.join("link.yaml")).unwrap();
    let mut cases = vec![
        ("missing.yaml", "theme-file", "cannot read `missing.yaml`"),
        ("/etc/theme.yaml", "theme-path", "is an absolute path"),
        (
            "../outside.yaml",
            "theme-path",
            "leads outside the map's project",
        ),
        ("big.yaml", "theme-file", "larger than 64 KiB"),
        ("latin1.yaml", "theme-file", "is not UTF-8 text"),
    ];
    if cfg!(unix) {
        cases.push(("link.yaml", "theme-path", "leads outside the map's project"));
    }
    for (theme, code, words) in cases {
        write(
            &maps.join("map.yaml"),
            &format!("title: T\ntheme: {theme}\n{BODY}"),
        );
        let loaded = journeymap::load_path(&maps.join("map.yaml"));
        assert!(loaded.map.is_none(), "{theme}");
        let [diagnostic] = &loaded.diagnostics[..] else {
            panic!("{theme}: {}", printed(&loaded));
        };
        assert_eq!(diagnostic.code, code, "{theme}");
        assert!(
            diagnostic.message.contains(words),
            "{theme}: {}",
            diagnostic.message
        );
        assert!(diagnostic.hint.is_some(), "{theme}");
        assert!(
            printed(&loaded).contains("map.yaml:2:8"),
            "{theme}: {}",
            printed(&loaded)
        );
    }
}

/// Maps in sibling folders share one theme file above them, within their
/// project (the folder of journeymap.toml, else of .git, at most up to the
/// folder journeymap runs in), never past it.
#[test]
fn maps_in_sibling_folders_share_a_theme_file_in_their_project() {
    let dir = common::temp_dir("theme-file-project");
    let project = dir.join("repo");
    write(&dir.join("outside.yaml"), "font: Secret\n");
    write(
        &project.join("brand/theme.yaml"),
        "font: Inter\nlogo: logo.svg\n",
    );
    write(&project.join("brand/logo.svg"), LOGO);
    let map_with = |team: &str, theme: &str| {
        write(
            &project.join(format!("maps/{team}/map.yaml")),
            &format!("title: T\ntheme: {theme}\n{BODY}"),
        );
    };
    for team in ["sales", "support"] {
        map_with(team, "../../brand/theme.yaml");
    }
    let check = |cwd: &Path| {
        let out = common::journeymap(&["check", "--format", "json", "."], cwd);
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    // Without a project marker above them, each map is a project of its own folder.
    let alone = check(&project);
    assert!(alone.contains("leads outside the map's project"), "{alone}");

    for marker in ["journeymap.toml", ".git"] {
        let marker_path = project.join(marker);
        if marker == ".git" {
            std::fs::create_dir_all(&marker_path).unwrap();
        } else {
            write(&marker_path, "");
        }
        // From the project's folder, or from above it.
        for cwd in [&project, &dir] {
            let shared = common::journeymap(&["build", "repo/maps", "-o", "out"], &dir);
            assert_eq!(
                shared.status.code(),
                Some(0),
                "{marker}: {}",
                String::from_utf8_lossy(&shared.stderr)
            );
            let checked = check(cwd);
            assert!(
                !checked.contains("theme-path"),
                "{marker} from {cwd:?}: {checked}"
            );
        }
        let page = std::fs::read_to_string(dir.join("out/support/map.html")).unwrap();
        assert!(page.contains("'Inter'"), "{marker}: the theme's font");
        assert!(
            page.contains("data:image/svg+xml;base64,"),
            "{marker}: its logo"
        );
        // Past the project's root, by `..` (whether the file is there or not) or
        // by a link, is refused without saying what is there.
        for theme in ["../../../outside.yaml", "../../../missing.yaml"] {
            map_with("sales", theme);
            let refused = check(&project);
            assert!(
                refused.contains("leads outside the map's project"),
                "{theme}: {refused}"
            );
            assert!(
                !refused.contains("Secret") && !refused.contains("No such file"),
                "{refused}"
            );
        }
        #[cfg(unix)]
        {
            let link = project.join("brand/link.yaml");
            let _ = std::fs::remove_file(&link);
            std::os::unix::fs::symlink(dir.join("outside.yaml"), &link).unwrap();
            map_with("sales", "../../brand/link.yaml");
            let refused = check(&project);
            assert!(
                refused.contains("leads outside the map's project"),
                "{refused}"
            );
            assert!(!refused.contains("Secret"), "{refused}");
        }
        map_with("sales", "../../brand/theme.yaml");
        if marker == ".git" {
            std::fs::remove_dir_all(&marker_path).unwrap();
        } else {
            std::fs::remove_file(&marker_path).unwrap();
        }
    }

    // A marker above the folder journeymap runs in is not the project's: a
    // checkout without .git below a home folder with one stays its own project.
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    map_with("sales", "../../../outside.yaml");
    let refused = check(&project);
    assert!(
        refused.contains("leads outside the map's project"),
        "{refused}"
    );
    assert!(!refused.contains("Secret"), "{refused}");
}

#[test]
fn a_theme_files_logo_is_read_from_the_theme_files_folder_and_never_out_of_it() {
    let dir = common::temp_dir("theme-file-logo");
    write(&dir.join("logo.svg"), LOGO);
    write(&dir.join("brand/theme.yaml"), "logo: ../logo.svg\n");
    write(
        &dir.join("map.yaml"),
        &format!("title: T\ntheme: brand/theme.yaml\n{BODY}"),
    );
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert_eq!(codes(&loaded), ["logo-path"]);
    let text = printed(&loaded);
    assert!(text.contains("brand/theme.yaml:1:7"), "{text}");
    assert!(text.contains("the theme file's folder"), "{text}");
    // Beside the theme file it is found, and a logo beside the map is not.
    write(&dir.join("brand/theme.yaml"), "logo: logo.svg\n");
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert_eq!(codes(&loaded), ["logo-file"]);
    write(&dir.join("brand/logo.svg"), LOGO);
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(loaded.map.unwrap().theme.logo.is_some());
}

#[test]
fn a_map_from_git_or_a_pipe_that_names_a_theme_file_is_refused_clearly() {
    let text = format!("title: T\ntheme: brand.yaml\n{BODY}");
    let loaded = journeymap::load(SourceFile::new("HEAD:map.yaml", text));
    assert!(loaded.map.is_none());
    let [diagnostic] = &loaded.diagnostics[..] else {
        panic!("{}", printed(&loaded));
    };
    assert_eq!(diagnostic.code, "theme-path");
    assert!(
        diagnostic
            .message
            .contains("the map was not read from a file")
    );
    assert!(diagnostic.hint.as_deref().unwrap().contains("REV:path"));
}

#[test]
fn check_fails_where_build_fails_and_a_folder_walk_skips_theme_files_with_a_note() {
    let dir = common::temp_dir("theme-file-cli");
    write(&dir.join("brand.yaml"), "stages:\n  decison: teal\n");
    write(
        &dir.join("map.yaml"),
        &format!("title: T\ntheme: brand.yaml\n{BODY}"),
    );
    let check = common::journeymap(&["check", "map.yaml"], &dir);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("brand.yaml:2:3"), "{stderr}");
    assert!(stderr.contains("did you mean `decision`?"), "{stderr}");
    let build = common::journeymap(&["build", "map.yaml", "-o", "out"], &dir);
    assert_eq!(build.status.code(), Some(1));
    assert!(!dir.join("out").exists(), "a failed build writes nothing");

    write(&dir.join("brand.yaml"), "stages:\n  decision: teal\n");
    let check = common::journeymap(&["check", "."], &dir);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("this is a theme file"), "{stderr}");
    assert!(stderr.contains("checked 1 map"), "{stderr}");

    // A misspelt key is reported where the map names the file, once; the walk
    // still knows the file for a theme, not a map missing its title.
    write(
        &dir.join("brand.yaml"),
        "stages:\n  decision: teal\nlogos: logo.svg\n",
    );
    let check = common::journeymap(&["check", "."], &dir);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("note: skipped"), "{stderr}");
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert!(
        stderr.contains("unknown key `logos` in `theme`"),
        "{stderr}"
    );
}

#[test]
fn a_future_state_extending_a_map_with_a_theme_file_keeps_its_theme_and_reports_in_it() {
    let dir = common::temp_dir("theme-file-extends");
    write(
        &dir.join("brand/theme.yaml"),
        "stages:\n  decision: teal\nlogo: logo.svg\n",
    );
    write(&dir.join("brand/logo.svg"), LOGO);
    write(
        &dir.join("current.yaml"),
        &format!("title: T\ntheme: brand/theme.yaml\n{BODY}"),
    );
    write(
        &dir.join("future.yaml"),
        "extends: current.yaml\ntouchpoints:\n  - { id: b, emotion: { ana: 4, bo: 5 } }\n",
    );
    let loaded = journeymap::load_path(&dir.join("future.yaml"));
    assert!(!loaded.has_errors(), "{}", printed(&loaded));
    let map = loaded.map.unwrap();
    assert!(
        map.theme.stage_color(2).is_some(),
        "decision keeps its colour"
    );
    assert!(
        map.theme.logo.is_some(),
        "the future state is drawn with the logo"
    );
    assert!(
        journeymap::build(&map)
            .svg
            .contains("data:image/svg+xml;base64,")
    );

    write(&dir.join("brand/theme.yaml"), "stages:\n  decison: teal\n");
    let loaded = journeymap::load_path(&dir.join("future.yaml"));
    assert!(loaded.map.is_none());
    let text = printed(&loaded);
    assert!(
        text.contains(&format!("{}:2:3", dir.join("brand/theme.yaml").display())),
        "{text}"
    );
}

#[test]
fn a_map_with_a_future_state_is_drawn_with_its_logo() {
    let dir = common::temp_dir("theme-file-future-logo");
    write(&dir.join("brand/theme.yaml"), "logo: logo.svg\n");
    write(&dir.join("brand/logo.svg"), LOGO);
    write(
        &dir.join("map.yaml"),
        &format!(
            "title: T\ntheme: brand/theme.yaml\n{BODY}future:\n  touchpoints:\n    - {{ id: b, emotion: {{ ana: 4, bo: 5 }} }}\n"
        ),
    );
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    let map = loaded.map.expect("valid");
    assert!(map.future.as_ref().unwrap().theme.logo.is_some());
    assert!(
        journeymap::build(&map)
            .svg
            .contains("data:image/svg+xml;base64,")
    );
}

#[test]
fn site_thumbnails_use_the_themes_stage_colours_and_persona_palette() {
    use journeymap::color::Color;
    use journeymap::render::theme::{LIGHT, stage_colors};
    let dir = common::temp_dir("theme-file-thumbnails");
    write(&dir.join("maps/brand.yaml"), THEME_KEYS);
    write(
        &dir.join("maps/themed.yaml"),
        &format!("title: Themed\ntheme: brand.yaml\n{BODY}"),
    );
    write(
        &dir.join("maps/plain.yaml"),
        &format!("title: Plain\n{BODY}"),
    );
    let build = common::journeymap(&["build", "maps", "-o", "site"], &dir);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let index = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    let thumbnails: Vec<&str> = index
        .split("<svg class=\"jm-thumb\"")
        .skip(1)
        .map(|rest| rest.split("</svg>").next().unwrap())
        .collect();
    // Plain first, then Themed (by file name).
    let [plain, themed] = thumbnails[..] else {
        panic!("two thumbnails: {index}");
    };
    let (tint, rule) = stage_colors(&Color::parse("#b91c1c").unwrap(), &LIGHT);
    assert!(
        themed.contains(&format!("fill=\"{}\"", tint.hex)),
        "{themed}"
    );
    assert!(
        themed.contains(&format!("fill=\"{}\"", rule.hex)),
        "{themed}"
    );
    assert!(
        themed.contains("stroke=\"#7c2d12\""),
        "the palette: {themed}"
    );
    assert!(
        themed.contains("stroke=\"#1e3a8a\""),
        "the palette: {themed}"
    );
    assert!(!themed.contains(LIGHT.stage_tints[0]), "{themed}");
    // Without a theme: the default tints, as before.
    assert!(plain.contains(LIGHT.stage_tints[0]), "{plain}");
    assert!(!plain.contains("#7c2d12") && !plain.contains("#b91c1c"));
}

#[test]
fn the_branded_example_shares_one_theme_file_between_two_maps() {
    let dir = common::root().join("examples/branded");
    let mut themes = Vec::new();
    for name in ["checkout.yaml", "returns.yaml"] {
        let loaded = journeymap::load_path(&dir.join(name));
        assert!(
            loaded.diagnostics.is_empty()
                && loaded.data_reports.iter().all(|r| r.diagnostics.is_empty()),
            "{name}: {}",
            printed(&loaded)
        );
        let map = loaded.map.unwrap();
        assert!(map.theme.logo.is_some(), "{name}");
        assert_eq!(map.theme.font.as_deref(), Some("Source Sans 3"));
        themes.push(map.theme);
    }
    assert_eq!(themes[0], themes[1], "one theme, two maps");
}

/// `serve` watches the files a map reads (`Loaded::sources`), but never one
/// the map was refused: a path leading out of the map's folder or project is
/// not watched, so `serve` adds no watch on `/etc` for `logo: ../../../etc/passwd`.
#[test]
fn files_a_map_is_refused_are_not_watched() {
    let dir = common::temp_dir("theme-file-sources");
    let maps = dir.join("maps");
    let refused = [
        "theme: { logo: ../../../../../../etc/passwd }\n",
        "theme: ../../../../../../var/log/brand.yaml\n",
        "data:\n  evidence: { file: ../../../../../../etc/hosts }\n",
    ];
    for (i, line) in refused.iter().enumerate() {
        let path = maps.join(format!("m{i}.yaml"));
        write(&path, &format!("title: T\n{line}{BODY}"));
        let loaded = journeymap::load_path(&path);
        assert!(loaded.has_errors(), "{line}: {}", printed(&loaded));
        let inside = std::fs::canonicalize(&maps).unwrap();
        assert!(
            loaded.sources.iter().all(|s| s.starts_with(&inside)),
            "{line}: {:?}",
            loaded.sources
        );
    }
    // A file inside that is missing for now is watched, to be built when it comes.
    std::fs::create_dir_all(maps.join("brand")).unwrap();
    let path = maps.join("later.yaml");
    write(&path, &format!("title: T\ntheme: brand/later.yaml\n{BODY}"));
    let loaded = journeymap::load_path(&path);
    assert!(loaded.has_errors());
    let expected = std::fs::canonicalize(&maps)
        .unwrap()
        .join("brand/later.yaml");
    assert_eq!(loaded.sources, [expected]);
}
