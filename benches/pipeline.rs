//! Benchmarks of each pipeline stage on its own and of the whole build, on generated
//! maps of 10 to 10,000 touchpoints (3 personas), on the examples, and on a folder of
//! 500 small maps. Run with `cargo bench --bench pipeline`; docs/performance.md has
//! the figures and how to read them.
//!
//! Inputs are generated, parsed, validated and laid out once, before any timing, so
//! each benchmark times one stage only. Each benchmark stops after `max_time`
//! seconds (or `sample_count` samples), so the 10,000-touchpoint cases do not take
//! minutes; override with `DIVAN_MAX_TIME` / `DIVAN_SAMPLE_COUNT`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use journeymap::cmd::build::build_one;
use journeymap::diag::SourceFile;
use journeymap::generate::{GenerateOptions, generate};
use journeymap::layout::{self, Layout, TextMeasurer};
use journeymap::model::Map;
use journeymap::render::Format;
use journeymap::{format, model, render};

fn main() {
    // Parse the bundled fonts before any timing, as a real run does once.
    let _ = TextMeasurer::shared();
    divan::main();
    let dir = folder::dir();
    let _ = std::fs::remove_dir_all(dir.with_extension("out"));
    let _ = std::fs::remove_dir_all(dir);
}

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
const PERSONAS: usize = 3;
const SEED: u64 = 1;

/// One generated map at every stage of the pipeline.
struct Fixture {
    file: SourceFile,
    doc: format::MapDoc,
    map: Map,
    layout: Layout,
}

fn fixture_for(file: SourceFile) -> Fixture {
    let (doc, diagnostics) = format::parse(&file);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let doc = doc.unwrap();
    let mut diagnostics = Vec::new();
    let map = model::validate(&doc, &Default::default(), &mut diagnostics).unwrap();
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let layout = layout::layout(&map, TextMeasurer::shared());
    Fixture {
        file,
        doc,
        map,
        layout,
    }
}

fn fixture(touchpoints: usize) -> &'static Fixture {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    let all = FIXTURES.get_or_init(|| {
        SIZES
            .iter()
            .map(|&touchpoints| {
                let text = generate(GenerateOptions {
                    touchpoints,
                    personas: PERSONAS,
                    seed: SEED,
                    blueprint: false,
                });
                fixture_for(SourceFile::new(format!("t{touchpoints}.yaml"), text))
            })
            .collect()
    });
    let index = SIZES.iter().position(|&s| s == touchpoints).unwrap();
    &all[index]
}

/// `format::parse`: YAML text to the decoded document (with spans).
#[divan::bench(args = SIZES, max_time = 3)]
fn parse(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher.bench(|| format::parse(black_box(&f.file)));
}

/// `model::validate`: ids, references, the flow graph and each persona's path.
#[divan::bench(args = SIZES, max_time = 3)]
fn validate(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher.bench(|| {
        let mut diagnostics = Vec::new();
        model::validate(black_box(&f.doc), &Default::default(), &mut diagnostics)
    });
}

/// `journeymap::load`: what `check` does for a file already read (parse + validate).
#[divan::bench(args = SIZES, max_time = 3)]
fn load(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher
        .with_inputs(|| f.file.clone())
        .bench_values(journeymap::load);
}

/// `layout::layout`: columns, lanes, wrapped and measured text, the curve.
#[divan::bench(args = SIZES, max_time = 3)]
fn layout(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    let measurer = TextMeasurer::shared();
    bencher.bench(|| layout::layout(black_box(&f.map), measurer));
}

/// `render::html::render`: the askama page.
#[divan::bench(args = SIZES, max_time = 3)]
fn render_html(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher.bench(|| render::html::render(black_box(&f.map), &f.layout));
}

/// `render::svg::render`: the standalone picture.
#[divan::bench(args = SIZES, max_time = 3)]
fn render_svg(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher.bench(|| render::svg::render(black_box(&f.map), &f.layout));
}

/// The whole build of one map in memory: load, lay out, render both outputs.
#[divan::bench(args = SIZES, max_time = 3)]
fn build(bencher: Bencher, touchpoints: usize) {
    let f = fixture(touchpoints);
    bencher.with_inputs(|| f.file.clone()).bench_values(|file| {
        let loaded = journeymap::load(file);
        journeymap::build(loaded.map.as_ref().unwrap())
    });
}

/// The examples: what a typical map costs, whole build in memory.
mod examples {
    use super::*;

    fn example(name: &str) -> SourceFile {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(format!("{name}.yaml"));
        SourceFile::new(name, std::fs::read_to_string(path).unwrap())
    }

    const NAMES: [&str; 3] = ["retail-laptop", "bank-mortgage", "saas-onboarding"];

    #[divan::bench(args = NAMES, max_time = 2)]
    fn build(bencher: Bencher, name: &str) {
        let file = example(name);
        bencher.with_inputs(|| file.clone()).bench_values(|file| {
            let loaded = journeymap::load(file);
            journeymap::build(loaded.map.as_ref().unwrap())
        });
    }

    #[divan::bench(args = NAMES, max_time = 2)]
    fn load(bencher: Bencher, name: &str) {
        let file = example(name);
        bencher
            .with_inputs(|| file.clone())
            .bench_values(journeymap::load);
    }
}

/// A generated map of 1,000 touchpoints with a service blueprint of six lanes (one
/// of each role, two frontstage, two support): the blueprint's cost on top of
/// `build(1000)`. The target is under 100 ms for the whole build.
mod blueprint {
    use super::*;

    fn file() -> SourceFile {
        let text = generate(GenerateOptions {
            touchpoints: 1_000,
            personas: PERSONAS,
            seed: SEED,
            blueprint: true,
        });
        SourceFile::new("blueprint-1000.yaml", text)
    }

    /// Load and build, HTML and SVG in memory, as `build(1000)`.
    #[divan::bench(max_time = 3)]
    fn build_1000_six_lanes(bencher: Bencher) {
        let fixture = fixture_for(file());
        assert_eq!(fixture.map.lanes.len(), 6);
        bencher
            .with_inputs(|| fixture.file.clone())
            .bench_values(|file| {
                let loaded = journeymap::load(file);
                journeymap::build(loaded.map.as_ref().unwrap())
            });
    }

    /// Load alone (`check`): parse, validate and, as the file is over 256 KiB,
    /// the measuring of its outputs that `load` does for large maps.
    #[divan::bench(max_time = 3)]
    fn load_1000_six_lanes(bencher: Bencher) {
        let fixture = fixture_for(file());
        bencher
            .with_inputs(|| fixture.file.clone())
            .bench_values(journeymap::load);
    }

    /// Rendering alone, HTML and SVG, from the laid-out map.
    #[divan::bench(max_time = 3)]
    fn render_1000_six_lanes(bencher: Bencher) {
        let fixture = fixture_for(file());
        bencher.bench(|| {
            render::render(
                black_box(&fixture.map),
                black_box(&fixture.layout),
                Default::default(),
            )
        });
    }

    /// Layout alone, blueprint included.
    #[divan::bench(max_time = 3)]
    fn layout_1000_six_lanes(bencher: Bencher) {
        let fixture = fixture_for(file());
        bencher.bench(|| layout::layout(black_box(&fixture.map), TextMeasurer::shared()));
    }
}

/// A folder of 500 small maps (5 to 30 touchpoints, 1 to 4 personas), written to a
/// temporary folder before timing; read from disk as `check` and `build` do.
mod folder {
    use super::*;

    const MAPS: usize = 500;

    pub fn dir() -> PathBuf {
        std::env::temp_dir().join(format!("jm-bench-folder-{}", std::process::id()))
    }

    fn folder() -> &'static (PathBuf, Vec<PathBuf>) {
        static FOLDER: OnceLock<(PathBuf, Vec<PathBuf>)> = OnceLock::new();
        FOLDER.get_or_init(|| {
            let dir = dir();
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            for k in 0..MAPS {
                let seed = k as u64;
                let text = generate(GenerateOptions {
                    touchpoints: 5 + (k * 7) % 26,
                    personas: 1 + k % 4,
                    seed,
                    blueprint: false,
                });
                std::fs::write(dir.join(format!("map-{:04}.yaml", k + 1)), text).unwrap();
            }
            let files = journeymap::cmd::collect_maps(std::slice::from_ref(&dir)).unwrap();
            assert_eq!(files.len(), MAPS);
            (dir, files)
        })
    }

    /// What `check DIR` does: find the maps, read and load each.
    #[divan::bench(max_time = 5)]
    fn check_500() {
        let (dir, _) = folder();
        for path in journeymap::cmd::collect_maps(std::slice::from_ref(dir)).unwrap() {
            let loaded = journeymap::load_path(&path);
            assert!(!loaded.has_errors());
        }
    }

    /// What `build DIR` does, but without writing the outputs.
    #[divan::bench(max_time = 5)]
    fn build_500_in_memory() {
        let (dir, _) = folder();
        for path in journeymap::cmd::collect_maps(std::slice::from_ref(dir)).unwrap() {
            let loaded = journeymap::load_path(&path);
            black_box(journeymap::build(loaded.map.as_ref().unwrap()));
        }
    }

    /// What each job of `build DIR -o OUT` does (`cmd::build::build_one`: read, load,
    /// render, write the HTML and SVG atomically), one map after another on one
    /// core; the command runs the jobs in parallel. After the first iteration the
    /// outputs on disk are already as wanted, so this times the rebuild of an
    /// unchanged folder: compared, not rewritten.
    #[divan::bench(max_time = 5)]
    fn build_500_written(bencher: Bencher) {
        let (dir, files) = folder();
        let out = dir.with_extension("out");
        let formats = [Format::Html, Format::Svg];
        let settings = journeymap::cmd::build::Settings {
            out: Some(&out),
            formats: &formats,
            scale: 1.0,
            paper: Default::default(),
            deny_warnings: false,
        };
        bencher.bench(|| {
            for path in files {
                let build = build_one(path, dir, &settings);
                assert!(build.failure.is_none() && build.written.len() == 2);
            }
        });
    }
}

/// A data-backed map with a survey of 1,000,000 rows (about 50 MB), written at bench
/// time into a temporary folder (never into git): reading and aggregating it is
/// the cost of `check` on such a map. Target: under 1 s and 100 MiB whole process.
mod survey {
    use super::*;

    pub const ROWS: usize = 1_000_000;

    /// The folder holding `map.yaml` and `survey.csv`, written once.
    pub fn map_path() -> &'static Path {
        static PATH: OnceLock<PathBuf> = OnceLock::new();
        PATH.get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("jm-bench-survey-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let mut csv = String::with_capacity(ROWS * 52);
            csv.push_str("response_id,submitted_at,step,segment,q3_how_easy,channel\n");
            let steps = ["search", "compare", "basket", "pay", "confirm"];
            let segments = ["maya", "tom"];
            for i in 0..ROWS {
                csv.push_str(&format!(
                    "{},2026-09-{:02}T10:31:00Z,{},{},{},web-shop\n",
                    100_000 + i,
                    1 + i % 28,
                    steps[i % 5],
                    segments[i % 2],
                    1 + (i * 3) % 7
                ));
            }
            std::fs::write(dir.join("survey.csv"), csv).unwrap();
            let map = "title: Bench\npersonas: { maya: { name: Maya }, tom: { name: Tom } }\ndata:\n  survey: { file: survey.csv, touchpoint: step, persona: segment, score: q3_how_easy, scale: 1..7, date: submitted_at }\ntouchpoints:\n"
                .to_owned()
                + &["search", "compare", "basket", "pay", "confirm"]
                    .iter()
                    .map(|id| format!("  - {{ id: {id}, stage: decision, name: {id}, emotion: survey }}\n"))
                    .collect::<String>();
            std::fs::write(dir.join("map.yaml"), map).unwrap();
            dir.join("map.yaml")
        })
    }
}

/// `check` of a map whose survey has a million rows.
#[divan::bench(sample_count = 5)]
fn check_million_row_survey(bencher: Bencher) {
    let path = survey::map_path();
    bencher.bench(|| {
        let loaded = journeymap::load_path(black_box(path));
        assert!(!loaded.has_errors());
        loaded
    });
}
