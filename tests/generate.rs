//! The map generator used by the benchmarks: valid maps of the requested size, with
//! branches, deterministic per seed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use journeymap::diag::SourceFile;
use journeymap::generate::{GenerateOptions, generate};
use journeymap::model::Map;

fn load(options: GenerateOptions) -> Map {
    let text = generate(options);
    let loaded = journeymap::load(SourceFile::new("generated.yaml", text));
    let printed = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
    assert!(
        loaded.diagnostics.is_empty(),
        "{options:?} gave diagnostics:\n{printed}"
    );
    loaded.map.unwrap()
}

#[test]
fn generated_maps_are_valid_with_the_requested_size() {
    for touchpoints in [1, 10, 100, 1000] {
        let options = GenerateOptions {
            touchpoints,
            personas: 3,
            seed: 42,
            blueprint: false,
        };
        let map = load(options);
        assert_eq!(map.touchpoints.len(), touchpoints, "{options:?}");
        assert_eq!(map.personas.len(), 3, "{options:?}");
        assert!(!map.implicit_persona);
        if touchpoints >= 10 {
            assert!(
                map.touchpoint_ids().any(|t| map.next_of(t).count() >= 2),
                "{options:?} has no branch"
            );
            assert!(map.stages.len() >= 3, "{options:?}");
        }
        if touchpoints >= 100 {
            // Personas take different branches: their paths differ.
            let steps: Vec<_> = map.paths.iter().map(|p| &p.steps).collect();
            assert!(steps.windows(2).any(|w| w[0] != w[1]), "{options:?}");
            assert!(map.touchpoints.iter().any(|t| !t.pain_points.is_empty()));
            assert!(map.touchpoints.iter().any(|t| t.description.is_some()));
        }
        // Every persona has a curve.
        assert!(
            map.paths.iter().all(|p| !p.scores.is_empty()),
            "{options:?}"
        );
    }
}

#[test]
fn the_largest_map_fits_the_limits() {
    let text = generate(GenerateOptions {
        touchpoints: 10_000,
        personas: 3,
        seed: 1,
        blueprint: false,
    });
    assert!(text.len() < journeymap::limits::MAX_FILE_BYTES);
    let map = load(GenerateOptions {
        touchpoints: 10_000,
        personas: 3,
        seed: 1,
        blueprint: false,
    });
    assert_eq!(map.touchpoints.len(), 10_000);
}

#[test]
fn persona_counts_from_none_to_many() {
    for personas in [0, 1, 2, 9, 40] {
        let map = load(GenerateOptions {
            touchpoints: 60,
            personas,
            seed: 7,
            blueprint: false,
        });
        assert_eq!(map.touchpoints.len(), 60);
        assert_eq!(map.implicit_persona, personas == 0);
        assert_eq!(map.personas.len(), personas.max(1));
    }
}

#[test]
fn the_most_personas_and_touchpoints_stay_within_the_score_limit() {
    let map = load(GenerateOptions {
        touchpoints: 10_000,
        personas: 100,
        seed: 3,
        blueprint: false,
    });
    assert_eq!(map.personas.len(), 100);
    assert_eq!(map.touchpoints.len(), 10_000);
}

#[test]
fn many_seeds_give_valid_maps() {
    for seed in 0..30 {
        for touchpoints in [2, 5, 23] {
            load(GenerateOptions {
                touchpoints,
                personas: 3,
                seed,
                blueprint: false,
            });
        }
    }
}

#[test]
fn generation_is_deterministic_per_seed() {
    let options = GenerateOptions {
        touchpoints: 100,
        personas: 3,
        seed: 9,
        blueprint: false,
    };
    assert_eq!(generate(options), generate(options));
    let other = GenerateOptions {
        seed: 10,
        ..options
    };
    assert_ne!(generate(options), generate(other));
}

#[test]
fn generated_maps_build() {
    let map = load(GenerateOptions {
        touchpoints: 30,
        personas: 3,
        seed: 5,
        blueprint: false,
    });
    let rendered = journeymap::build(&map);
    assert!(rendered.svg.starts_with("<svg"));
    assert!(rendered.html.contains("jm-curve"));
}

#[test]
fn the_hidden_subcommand_writes_a_file_or_a_folder() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("jm-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let exe = env!("CARGO_BIN_EXE_journeymap");
    let status = Command::new(exe)
        .args([
            "generate",
            "--touchpoints",
            "12",
            "--personas",
            "2",
            "--seed",
            "3",
        ])
        .args(["-o", "one.yaml"])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(dir.join("one.yaml")).unwrap();
    let expected = generate(GenerateOptions {
        touchpoints: 12,
        personas: 2,
        seed: 3,
        blueprint: false,
    });
    assert_eq!(written, expected);
    let status = Command::new(exe)
        .args([
            "generate",
            "--folder",
            "many",
            "--count",
            "3",
            "--touchpoints",
            "5",
        ])
        .current_dir(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let mut names: Vec<String> = std::fs::read_dir(dir.join("many"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["map-0001.yaml", "map-0002.yaml", "map-0003.yaml"]);
    let check = Command::new(exe)
        .args(["check", "many"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(check.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--blueprint` adds six lanes and cells to the same map: removing them gives
/// the map without a blueprint, byte for byte, while nothing must be thinned.
#[test]
fn a_blueprint_is_added_to_the_same_map() {
    for touchpoints in [1, 12, 1000] {
        let options = GenerateOptions {
            touchpoints,
            personas: 3,
            seed: 5,
            blueprint: true,
        };
        let map = load(options);
        assert_eq!(map.lanes.len(), 6, "{options:?}");
        let cells: usize = map.touchpoints.iter().map(|t| t.blueprint.len()).sum();
        assert!(cells >= touchpoints * 3, "{cells} cells, {options:?}");
        let fail_points = map
            .touchpoints
            .iter()
            .flat_map(|t| &t.blueprint)
            .flat_map(|(_, items)| items)
            .filter(|item| item.fail_point)
            .count();
        assert!(fail_points >= touchpoints / 2, "{options:?}");

        let text = generate(options);
        let mut without = String::new();
        let mut skipping = false;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            if line == "lanes:" || line == "    blueprint:" {
                skipping = true;
                continue;
            }
            if skipping && (indent > 4 || line.starts_with("  - { id: ")) {
                continue;
            }
            skipping = false;
            without.push_str(line);
            without.push('\n');
        }
        let plain = generate(GenerateOptions {
            blueprint: false,
            ..options
        });
        assert_eq!(without, plain, "{options:?}");
    }
}

/// The largest map with a blueprint is thinned to fit, cells included, and builds.
#[test]
fn the_largest_map_with_a_blueprint_fits_the_limits() {
    let map = load(GenerateOptions {
        touchpoints: 10_000,
        personas: 3,
        seed: 1,
        blueprint: true,
    });
    assert_eq!(map.touchpoints.len(), 10_000);
    assert_eq!(map.lanes.len(), 6);
    assert!(map.touchpoints.iter().any(|t| !t.blueprint.is_empty()));
}
