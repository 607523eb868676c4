//! Everyday authoring: `init`, the JSON Schema, shell completions, the site index
//! and PNG/PDF export.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{journeymap, temp_dir};

use journeymap::format::yaml::{Node, NodeKind};

/// The YAML as the JSON value an editor's schema validator sees.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.kind {
        NodeKind::Null => serde_json::Value::Null,
        NodeKind::Bool(b) => (*b).into(),
        NodeKind::Number(n) => serde_json::json!(n),
        NodeKind::String(s) => s.clone().into(),
        NodeKind::Seq(items) => items.iter().map(to_json).collect(),
        NodeKind::Map(entries) => entries
            .iter()
            .map(|(k, v)| {
                let key = match &k.kind {
                    NodeKind::String(s) => s.clone(),
                    _ => to_json(k).to_string(),
                };
                (key, to_json(v))
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn yaml_as_json(name: &str, text: &str) -> serde_json::Value {
    let file = journeymap::diag::SourceFile::new(name, text);
    to_json(&journeymap::format::yaml::parse(&file).unwrap())
}

#[test]
fn every_example_and_the_starter_map_satisfy_the_schema() {
    let schema = journeymap::format::schema::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut maps: Vec<(String, String)> = common::examples()
        .into_iter()
        .map(|p| (common::stem(&p), std::fs::read_to_string(p).unwrap()))
        .collect();
    for (name, content) in journeymap::cmd::init::starter_files() {
        if name.ends_with(".yaml") {
            maps.push((name.to_owned(), content));
        }
    }
    for fixture in [
        "onboarding.yaml",
        "onboarding/verify-identity.yaml",
        "billing/upgrade.yaml",
    ] {
        let path = common::root()
            .join("tests/fixtures/portfolio")
            .join(fixture);
        maps.push((fixture.to_owned(), std::fs::read_to_string(path).unwrap()));
    }
    maps.push(("readme-tour".to_owned(), {
        let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
        readme
            .split("```yaml\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap()
            .to_owned()
    }));
    for (name, text) in maps {
        let instance = yaml_as_json(&name, &text);
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn the_schema_rejects_what_check_rejects_and_accepts_x_keys() {
    let schema = journeymap::format::schema::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let base = "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\n";
    assert!(validator.is_valid(&yaml_as_json("ok", base)));
    for bad in [
        "titel: T\ntouchpoints: []\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, colour: red }\n",
        "title: T\ntouchpoints:\n  - { id: Not An Id, stage: awareness, name: A }\n",
        "title: T\ntouchpoints:\n  - { id: a, name: A }\n",
        "title: T\npersonas:\n  p: { name: P, color: \"#12345\" }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, emotion: high }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, pain_points: [{ text: P, reach: 3 }] }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, opportunities: [{ text: O, confidence: 1.5 }] }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, thoughts: [{ personas: [x] }] }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, detail: /etc/a.yaml }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, detail: 'a\\\\b.yaml' }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A, detail: notes.txt }\n",
    ] {
        assert!(
            !validator.is_valid(&yaml_as_json("bad", bad)),
            "schema accepted:\n{bad}"
        );
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("bad.yaml", bad));
        assert!(loaded.map.is_none(), "check accepted:\n{bad}");
    }
    let items = "title: T\npersonas: { p: { name: P } }\ntouchpoints:\n  - id: a\n    stage: awareness\n    name: A\n    thoughts: { p: [Hmm, { text: Oh }] }\n    pain_points: [Slow, { text: Dark, personas: [p] }]\n    opportunities: [{ text: O, reach: 5, impact: 1, confidence: \"80%\", effort: 2 }, { text: Q, confidence: 0.5 }]\n";
    assert!(validator.is_valid(&yaml_as_json("items", items)));
    assert!(
        journeymap::load(journeymap::diag::SourceFile::new("items.yaml", items))
            .map
            .is_some()
    );
    assert!(validator.is_valid(&yaml_as_json("x", "title: T\nx-team: cx\ntouchpoints:\n  - { id: a, stage: awareness, name: A, x-jira: CX-1 }\n")));
}

#[test]
fn the_schema_takes_future_states_inline_and_in_files_of_their_own() {
    let schema = journeymap::format::schema::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for fixture in ["inline.yaml", "extends/current.yaml", "extends/future.yaml"] {
        let path = common::root().join("tests/fixtures/future").join(fixture);
        let instance = yaml_as_json(fixture, &std::fs::read_to_string(path).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{fixture}: {errors:#?}");
    }
    for bad in [
        // A future state's touchpoints need an id; `extends` is only for a file.
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\nfuture:\n  touchpoints:\n    - { name: B }\n",
        "title: T\ntouchpoints:\n  - { id: a, stage: awareness, name: A }\nfuture:\n  extends: x.yaml\n",
        "extends: current.yaml\ntitel: T\n",
        "extends: current.yaml\nfuture: {}\n",
    ] {
        assert!(
            !validator.is_valid(&yaml_as_json("bad", bad)),
            "schema accepted:\n{bad}"
        );
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("bad.yaml", bad));
        assert!(loaded.map.is_none(), "check accepted:\n{bad}");
    }
}

#[test]
fn the_schema_takes_a_theme_file_or_the_theme_keys_as_check_does() {
    let schema = journeymap::format::schema::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let map = |theme: &str| {
        format!(
            "title: T\ntheme: {theme}\ntouchpoints:\n  - {{ id: a, stage: awareness, name: A }}\n"
        )
    };
    for good in ["brand.yaml", "brand/theme.yml", "{ font: Inter }"] {
        assert!(
            validator.is_valid(&yaml_as_json("good", &map(good))),
            "{good}"
        );
    }
    for bad in ["dark", "[teal]", "brand.json"] {
        assert!(
            !validator.is_valid(&yaml_as_json("bad", &map(bad))),
            "{bad}"
        );
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("bad.yaml", map(bad)));
        assert!(loaded.map.is_none(), "check accepted `theme: {bad}`");
    }
}

#[test]
fn schema_command_prints_the_schema() {
    let out = journeymap(&["schema"], &std::env::temp_dir());
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, journeymap::format::schema::json_schema());
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn init_then_check_then_build_round_trip() {
    let dir = temp_dir("init");
    let init = journeymap(&["init", "maps"], &dir);
    assert_eq!(
        init.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    for file in [
        "maps/customer-journey.yaml",
        "maps/README.md",
        "maps/journeymap.schema.json",
    ] {
        assert!(dir.join(file).exists(), "{file}");
    }
    let starter = std::fs::read_to_string(dir.join("maps/customer-journey.yaml")).unwrap();
    assert!(starter.starts_with("# yaml-language-server: $schema=./journeymap.schema.json"));
    let check = journeymap(&["check", "--deny-warnings", "maps"], &dir);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(build.status.code(), Some(0));
    assert!(
        dir.join("site/customer-journey.html").exists() && dir.join("site/index.html").exists()
    );

    // A second init refuses to overwrite, and writes nothing; --force overwrites.
    std::fs::write(dir.join("maps/customer-journey.yaml"), "title: Mine\n").unwrap();
    let again = journeymap(&["init", "maps"], &dir);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("maps/customer-journey.yaml")).unwrap(),
        "title: Mine\n"
    );
    assert_eq!(
        journeymap(&["init", "maps", "--force"], &dir).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("maps/customer-journey.yaml")).unwrap(),
        starter
    );
}

#[test]
fn site_index_lists_every_built_map() {
    let dir = temp_dir("site");
    std::fs::create_dir_all(dir.join("maps/team")).unwrap();
    for example in common::examples() {
        std::fs::copy(
            &example,
            dir.join("maps/team").join(example.file_name().unwrap()),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("maps/broken.yaml"),
        "title: Broken\ntouchpoints:\n  - { id: a, stage: nowhere, name: A }\n",
    )
    .unwrap();
    let build = journeymap(&["build", "maps", "-o", "site"], &dir);
    assert_eq!(build.status.code(), Some(1), "one map has errors");
    let index = std::fs::read_to_string(dir.join("site/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&index);
    let links: Vec<String> = doc
        .select(&scraper::Selector::parse(".jm-index h3 a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    let built: Vec<String> = common::examples()
        .iter()
        .map(|example| format!("team/{}.html", common::stem(example)))
        .collect();
    assert!(built.contains(&"team/bank-mortgage.html".to_owned()));
    assert_eq!(links, built, "every example, in order; not the broken map");
    assert!(index.contains("1 more could not be built"));
    assert!(index.contains("Lowest emotion"));
    assert!(!index.contains("<script"), "the index needs no script");
    for link in links {
        assert!(dir.join("site").join(&link).exists(), "{link}");
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = journeymap(&["completions", shell], &std::env::temp_dir());
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("journeymap") && text.contains("build") && text.contains("check"),
            "{shell}"
        );
    }
}

#[cfg(all(feature = "png", feature = "pdf"))]
#[test]
fn png_and_pdf_export_are_valid_files() {
    let dir = temp_dir("export");
    let example = common::examples()
        .into_iter()
        .find(|p| common::stem(p) == "saas-onboarding")
        .unwrap();
    let build = journeymap(
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            "out",
            "--format",
            "png,pdf",
            "--scale",
            "1",
        ],
        &dir,
    );
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let map = journeymap::load_path(&example).map.unwrap();
    let svg = journeymap::build(&map).svg;
    let svg_size = svg_size(&svg);
    let png = std::fs::read(dir.join("out/saas-onboarding.png")).unwrap();
    assert_png_shows_the_map(&png, svg_size, &map);
    assert!(
        !dir.join("out/saas-onboarding.html").exists(),
        "only the formats asked for"
    );
    let pdf_path = dir.join("out/saas-onboarding.pdf");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let paged = |paper| {
        let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
        journeymap::layout::pages::plan(
            &map,
            journeymap::layout::TextMeasurer::shared(),
            &layout,
            paper,
        )
        .pages
        .len()
    };
    let a3 = journeymap::layout::Paper::default();
    assert_pdf_has_pages_of(&pdf_path, paged(a3), a3, &map.title);
    // The paper flags choose another paper; a narrower page holds fewer columns.
    let build = journeymap(
        &[
            "build",
            example.to_str().unwrap(),
            "-o",
            "a4",
            "--format",
            "pdf",
            "--paper",
            "a4",
            "--orientation",
            "portrait",
        ],
        &dir,
    );
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let a4: journeymap::layout::Paper = "a4 portrait".parse().unwrap();
    assert!(paged(a4) > paged(a3));
    assert_pdf_has_pages_of(
        &dir.join("a4/saas-onboarding.pdf"),
        paged(a4),
        a4,
        &map.title,
    );
}

#[cfg(all(feature = "png", feature = "pdf"))]
#[test]
fn png_and_pdf_draw_the_examples_and_refuse_an_svg_too_large_to_parse() {
    use journeymap::render::raster::{MAX_DRAWN_SVG_BYTES, check_drawable};
    // The examples fit with room to spare: a map may grow to several times theirs.
    for example in common::examples() {
        let svg = journeymap::build(&journeymap::load_path(&example).map.unwrap()).svg;
        assert!(check_drawable(&svg, "PNG").is_ok(), "{}", example.display());
        assert!(
            svg.len() * 3 < MAX_DRAWN_SVG_BYTES,
            "{}: {} bytes of SVG",
            example.display(),
            svg.len()
        );
    }
    // 60 touchpoints with 2,000-character descriptions: a 0.6 MB SVG (a tree of
    // about 240 MB), refused before it is parsed, naming the map.
    let dir = temp_dir("too-large-to-draw");
    let mut map = String::from("title: Dense\ntouchpoints:\n");
    for i in 0..60 {
        map.push_str(&format!(
            "  - id: t{i}\n    stage: awareness\n    name: S{i}\n    description: '{}'\n",
            "@".repeat(2000)
        ));
    }
    std::fs::write(dir.join("dense.yaml"), map).unwrap();
    for format in ["png", "pdf"] {
        let build = journeymap(
            &["build", "dense.yaml", "-o", "out", "--format", format],
            &dir,
        );
        let stderr = String::from_utf8_lossy(&build.stderr);
        assert_eq!(build.status.code(), Some(1), "{stderr}");
        let upper = format.to_uppercase();
        assert!(
            stderr.contains("dense.yaml")
                && stderr.contains(&format!("too large to draw as {upper}: the picture's SVG is 0.6 MB; the limit for {upper} is 0.4 MB")),
            "{stderr}"
        );
        assert!(!dir.join(format!("out/dense.{format}")).exists());
    }
}

#[cfg(all(feature = "png", feature = "pdf"))]
/// The `width` and `height` of the SVG's root element, in CSS px.
fn svg_size(svg: &str) -> (f64, f64) {
    let attribute = |name: &str| -> f64 {
        let root = &svg[..svg.find('>').unwrap()];
        root.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .parse()
            .unwrap()
    };
    (attribute("width"), attribute("height"))
}

/// The PNG decodes, is the SVG's size at scale 1, and shows a drawing: plenty of
/// pixels that are not the background, many colours, and each persona's colour.
#[cfg(all(feature = "png", feature = "pdf"))]
fn assert_png_shows_the_map(png: &[u8], (width, height): (f64, f64), map: &journeymap::model::Map) {
    let image = resvg::tiny_skia::Pixmap::decode_png(png).expect("the PNG decodes");
    assert_eq!(
        (image.width(), image.height()),
        (width.ceil() as u32, height.ceil() as u32),
        "scale 1 is one pixel per CSS px"
    );
    let pixels: Vec<[u8; 4]> = image
        .pixels()
        .iter()
        .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
        .collect();
    let mut counts: std::collections::BTreeMap<[u8; 4], usize> = Default::default();
    for pixel in &pixels {
        *counts.entry(*pixel).or_default() += 1;
    }
    let (background, most) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    let drawn = 1.0 - *most as f64 / pixels.len() as f64;
    eprintln!(
        "PNG: {} colours, {:.1}% of pixels not the background {background:?}",
        counts.len(),
        drawn * 100.0
    );
    assert!(
        drawn > 0.05,
        "only {:.2}% of the PNG is drawn",
        drawn * 100.0
    );
    assert!(
        counts.len() > 200,
        "only {} colours in the PNG",
        counts.len()
    );
    for persona in &map.personas {
        let near =
            |p: &&[u8; 4]| p[3] == 255 && (0..3).all(|i| p[i].abs_diff(persona.color.rgb[i]) <= 6);
        let found = pixels.iter().filter(near).count();
        assert!(
            found >= 50,
            "persona {}'s colour {} is on {found} pixels of the PNG",
            persona.key,
            persona.color.hex
        );
    }
}

#[cfg(all(feature = "png", feature = "pdf"))]
/// `pdfinfo`'s view of the PDF: `pages` pages of `paper`, tagged, with the map's
/// title. Without pdfinfo the test fails, unless `JOURNEYMAP_SKIP_PDFINFO=1` says
/// to skip this check.
fn assert_pdf_has_pages_of(
    path: &std::path::Path,
    pages: usize,
    paper: journeymap::layout::Paper,
    title: &str,
) {
    let info = match std::process::Command::new("pdfinfo").arg(path).output() {
        Ok(info) => info,
        Err(error) if std::env::var_os("JOURNEYMAP_SKIP_PDFINFO").is_some_and(|v| v == "1") => {
            eprintln!("pdfinfo not run ({error}); skipped because JOURNEYMAP_SKIP_PDFINFO=1");
            return;
        }
        Err(error) => panic!(
            "pdfinfo cannot run ({error}), so the PDF cannot be checked: install it \
             (apt-get install poppler-utils), or set JOURNEYMAP_SKIP_PDFINFO=1 to skip this check"
        ),
    };
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success(),
        "pdfinfo rejects the PDF: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    let field = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
    };
    assert_eq!(field("Pages"), Some(pages.to_string().as_str()), "{text}");
    assert_eq!(field("Title"), Some(title), "{text}");
    assert_eq!(field("Tagged"), Some("yes"), "{text}");
    let size: Vec<f64> = field("Page size")
        .unwrap_or_else(|| panic!("no page size:\n{text}"))
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    let (width, height) = paper.mm();
    let expected = [width / 25.4 * 72.0, height / 25.4 * 72.0];
    assert!(
        size.len() == 2 && (0..2).all(|i| (size[i] - expected[i]).abs() < 0.5),
        "page size {size:?} pt, expected {expected:?} pt ({paper}):\n{text}"
    );
}

/// An installed binary prints the format reference; `--help`, the starter map and
/// the schema send users there.
#[test]
fn docs_format_prints_the_format_reference() {
    let dir = common::temp_dir("docs-format");
    let out = common::journeymap(&["docs", "format"], &dir);
    assert!(out.status.success());
    let reference = std::fs::read_to_string(common::root().join("docs/format.md")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), reference);
    let help = common::journeymap(&["--help"], &dir);
    assert!(String::from_utf8_lossy(&help.stdout).contains("journeymap docs format"));
    let starter = std::fs::read_to_string(common::root().join("templates/init/map.yaml")).unwrap();
    assert!(starter.contains("journeymap docs format"));
    let schema = journeymap::format::schema::json_schema();
    assert!(
        schema["description"]
            .as_str()
            .unwrap()
            .contains("journeymap docs format")
    );
}

/// The schema offers the built-in channels and standard stages for completion,
/// and says what an absent key means.
#[test]
fn the_schema_has_enums_and_defaults() {
    let schema = journeymap::format::schema::json_schema();
    let enum_of = |value: &serde_json::Value| -> Vec<String> {
        value["anyOf"]
            .as_array()
            .unwrap()
            .iter()
            .find_map(|v| v["enum"].as_array())
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let touchpoint = &schema["$defs"]["touchpoint"]["properties"];
    let channels = enum_of(&touchpoint["channel"]);
    assert!(channels.contains(&"web".to_owned()) && channels.contains(&"in-person".to_owned()));
    let stages = enum_of(&touchpoint["stage"]);
    assert_eq!(
        stages,
        [
            "awareness",
            "consideration",
            "decision",
            "retention",
            "advocacy",
            "purchase"
        ]
    );
    assert_eq!(schema["properties"]["lang"]["default"], "en");
    assert_eq!(schema["properties"]["stages"]["default"][0], "awareness");
    let scale = &schema["properties"]["emotion_scale"]["properties"];
    assert_eq!(
        (
            scale["min"]["default"].as_f64(),
            scale["max"]["default"].as_f64()
        ),
        (Some(1.0), Some(5.0))
    );
    // Every label can be completed, and is documented.
    let labels = schema["properties"]["labels"]["properties"]
        .as_object()
        .unwrap();
    let reference = std::fs::read_to_string(common::root().join("docs/format.md")).unwrap();
    for label in journeymap::i18n::Label::ALL {
        assert!(
            labels.contains_key(label.name()),
            "{} not in the schema",
            label.name()
        );
        assert!(
            reference.contains(&format!("| `{}` |", label.name())),
            "{} not in docs/format.md",
            label.name()
        );
    }
}
