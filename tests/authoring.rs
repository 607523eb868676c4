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
    ] {
        assert!(
            !validator.is_valid(&yaml_as_json("bad", bad)),
            "schema accepted:\n{bad}"
        );
        let loaded = journeymap::load(journeymap::diag::SourceFile::new("bad.yaml", bad));
        assert!(loaded.map.is_none(), "check accepted:\n{bad}");
    }
    assert!(validator.is_valid(&yaml_as_json("x", "title: T\nx-team: cx\ntouchpoints:\n  - { id: a, stage: awareness, name: A, x-jira: CX-1 }\n")));
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
        .select(&scraper::Selector::parse(".jm-index a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        links,
        [
            "team/bank-mortgage.html",
            "team/retail-laptop.html",
            "team/saas-onboarding.html"
        ]
    );
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
    let png = std::fs::read(dir.join("out/saas-onboarding.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let svg = journeymap::build(&journeymap::load_path(&example).map.unwrap()).svg;
    let svg_width: f64 = svg
        .split("width=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        width,
        svg_width.ceil() as u32,
        "scale 1 is one pixel per CSS px"
    );
    assert!(
        !dir.join("out/saas-onboarding.html").exists(),
        "only the formats asked for"
    );
    let pdf_path = dir.join("out/saas-onboarding.pdf");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    match std::process::Command::new("pdfinfo")
        .arg(&pdf_path)
        .output()
    {
        Ok(info) => {
            assert!(
                info.status.success(),
                "pdfinfo rejects the PDF: {}",
                String::from_utf8_lossy(&info.stderr)
            );
            assert!(String::from_utf8_lossy(&info.stdout).contains("Pages:           1"));
        }
        Err(_) => eprintln!(
            "pdfinfo not found: the PDF was only checked for its header (apt-get install poppler-utils)"
        ),
    }
}
