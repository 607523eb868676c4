//! `journeymap build`: maps to HTML pages and SVG pictures, written atomically.
//!
//! A map with errors writes nothing. Each output is written to a temporary file in
//! the destination folder and renamed over the old one, so a reader (or a build
//! killed half-way) sees either the old file or the new one, never a partial one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use rayon::prelude::*;

use super::files::write_if_changed;
use super::{Reporter, find_maps};
use crate::controls::for_terminal;
use crate::diag::OutputFormat;
use crate::layout::{Orientation, Paper, PaperSize};
use crate::render::Format;
use crate::render::html::{PageLinks, ParentStep};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap build map.yaml                     # map.html and map.svg next to map.yaml\n  journeymap build maps/ -o site/               # every map, plus site/index.html listing them\n  journeymap build map.yaml --format png,pdf    # pictures for slides and print\n  journeymap build map.yaml --format pdf --paper a4 --orientation portrait\n\nA map with errors writes nothing and leaves earlier output as it was.\nExit status: 0 when every map built, 1 when any map has errors, 2 for a usage error."
)]
pub struct BuildArgs {
    /// Map files, or folders searched recursively for *.yaml and *.yml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder; without it, each map's outputs go next to the map. With a
    /// folder among the inputs, an index.html listing every map is written too
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which files to write for each map [default: `formats` in journeymap.toml, or
    /// html,svg]
    #[arg(long, value_parser = super::file_format_parser(), value_delimiter = ',')]
    pub format: Vec<Format>,
    /// PNG resolution: pixels per CSS pixel (capped at 16384 px a side)
    #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
    pub scale: f32,
    /// Paper of the PDF's pages and of the HTML page when printed
    /// [default: `paper` in journeymap.toml, or a3]
    #[arg(long, value_parser = super::paper_size_parser())]
    pub paper: Option<PaperSize>,
    /// Which way the paper is turned
    #[arg(long, value_parser = super::orientation_parser(), default_value = "landscape")]
    pub orientation: Orientation,
    /// How to print diagnostics
    #[arg(long, value_parser = super::output_format_parser(), default_value = "human")]
    pub diagnostics: OutputFormat,
    /// Fail (exit 1, writing nothing for that map) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

fn parse_scale(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 && scale <= 16.0 => Ok(scale),
        _ => Err("the scale is a number above 0 and at most 16, such as 1, 2 or 0.5".to_owned()),
    }
}

/// Where one map's outputs go: `<dir>/<stem>.<extension>`.
pub struct Target {
    pub dir: PathBuf,
    pub stem: String,
}

impl Target {
    pub fn file(&self, format: Format) -> PathBuf {
        self.dir
            .join(format!("{}.{}", self.stem, format.extension()))
    }
    pub fn html(&self) -> PathBuf {
        self.file(Format::Html)
    }
    pub fn svg(&self) -> PathBuf {
        self.file(Format::Svg)
    }
}

/// The output location of `map`, found under `root` (the folder or file named on the
/// command line). With `-o`, folders keep their layout below `out`; the file name is
/// reduced to its stem, so nothing can point outside `out`.
pub fn target_for(map: &Path, root: &Path, out: Option<&Path>) -> Target {
    let stem = map
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != "." && s != "..")
        .unwrap_or_else(|| "map".to_owned());
    let dir = match out {
        None => map.parent().map(Path::to_path_buf).unwrap_or_default(),
        Some(out) => {
            let relative_dir = map
                .parent()
                .and_then(|parent| parent.strip_prefix(root).ok())
                .unwrap_or(Path::new(""));
            // Only plain folder names are kept: no `..`, no root, no prefix.
            let safe: PathBuf = relative_dir
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(name) => Some(name),
                    _ => None,
                })
                .collect();
            out.join(safe)
        }
    };
    Target { dir, stem }
}

/// What building one map file came to.
pub struct MapBuild {
    pub loaded: crate::Loaded,
    pub target: Target,
    /// The files written with their SHA-256, in format order; empty when the map
    /// was not built.
    pub written: Vec<(PathBuf, String)>,
    /// An I/O or export failure after the map itself was valid.
    pub failure: Option<anyhow::Error>,
}

/// The bytes of each requested format from a map's `rendered` outputs.
fn encode_formats(
    map: &crate::model::Map,
    mut rendered: crate::render::Rendered,
    formats: &[Format],
    #[cfg_attr(not(feature = "png"), allow(unused_variables))] scale: f32,
) -> Result<Vec<(Format, Vec<u8>)>> {
    // PNG and PDF are drawn from the SVG after it (formats are sorted), so the SVG
    // text is kept only when they need it; otherwise each output moves, not copies.
    let svg_needed_later = formats
        .iter()
        .any(|f| matches!(f, Format::Png | Format::Pdf));
    let mut files = Vec::with_capacity(formats.len());
    for &format in formats {
        let bytes = match format {
            Format::Html => std::mem::take(&mut rendered.html).into_bytes(),
            Format::Svg if svg_needed_later => rendered.svg.clone().into_bytes(),
            Format::Svg => std::mem::take(&mut rendered.svg).into_bytes(),
            #[cfg(feature = "png")]
            Format::Png => crate::render::raster::png(&rendered.svg, scale)?,
            #[cfg(feature = "pdf")]
            Format::Pdf => {
                crate::render::raster::check_drawable(&rendered.svg, "PDF")?;
                crate::render::raster::pdf(&rendered.pages, &map.title, map.lang.as_deref())?
            }
            #[allow(unreachable_patterns)]
            other => anyhow::bail!(
                "this journeymap was built without `{}` support; rebuild with `--features {}`",
                other.extension(),
                other.extension()
            ),
        };
        files.push((format, bytes));
    }
    Ok(files)
}

/// Two maps that would write the same files (`m.yaml` beside `m.yml`, or two input
/// folders both holding `m.yaml` under `-o`) would overwrite each other in an order
/// that changes from run to run: refuse before writing anything.
fn refuse_shared_outputs(jobs: &[(PathBuf, PathBuf)], out: Option<&Path>) -> Result<()> {
    let mut seen: std::collections::BTreeMap<PathBuf, &Path> = std::collections::BTreeMap::new();
    for (path, root) in jobs {
        let html = target_for(path, root, out).html();
        if let Some(first) = seen.insert(html.clone(), path) {
            anyhow::bail!(
                "`{}` and `{}` would both be written to `{}`; rename one of them, or build them into different folders with -o",
                first.display(),
                path.display(),
                html.with_extension("*").display()
            );
        }
    }
    Ok(())
}

/// How every map of a build is written.
pub struct Settings<'a> {
    /// `-o`: the output folder, if any.
    pub out: Option<&'a Path>,
    /// Sorted, without repeats.
    pub formats: &'a [Format],
    pub scale: f32,
    /// The paper the page prints on.
    pub paper: Paper,
    pub deny_warnings: bool,
}

/// Loads, checks and (when valid) writes one map on its own, its page linking to
/// nothing else. Never panics; failures are data.
pub fn build_one(path: &Path, root: &Path, settings: &Settings<'_>) -> MapBuild {
    let target = target_for(path, root, settings.out);
    build_loaded(
        crate::load_path(path),
        target,
        settings,
        &PageLinks::default(),
    )
}

/// Writes a loaded map's files (when it is valid) to `target`, its page carrying
/// `links`. Files already holding exactly these bytes are left untouched.
fn build_loaded(
    loaded: crate::Loaded,
    target: Target,
    settings: &Settings<'_>,
    links: &PageLinks,
) -> MapBuild {
    let mut result = MapBuild {
        loaded,
        target,
        written: Vec::new(),
        failure: None,
    };
    let denied = settings.deny_warnings && !result.loaded.diagnostics.is_empty();
    let Some(map) = result.loaded.map.as_ref().filter(|_| !denied) else {
        return result;
    };
    // A large map loaded for building is measured here, as it is drawn once.
    let measure_at = result.loaded.outputs_unmeasured;
    let rendered = match crate::build_within(map, settings.paper, links, measure_at) {
        Ok(rendered) => rendered,
        Err(too_large) => {
            let loaded = &mut result.loaded;
            loaded.map = None;
            loaded.diagnostics.push(too_large);
            loaded
                .diagnostics
                .sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
            return result;
        }
    };
    let written =
        encode_formats(map, rendered, settings.formats, settings.scale).and_then(|files| {
            let digests: Vec<String> = files
                .iter()
                .map(|(_, bytes)| super::manifest::digest(bytes))
                .collect();
            if let Some(out) = settings.out {
                refuse_links_out_of(out, &result.target.dir)?;
            }
            let paths = write_outputs(&result.target, &files)?;
            Ok(paths.into_iter().zip(digests).collect())
        });
    match written {
        Ok(paths) => result.written = paths,
        Err(error) => result.failure = Some(error),
    }
    result
}

/// A link from the page at `from_page` to the file at `to`, both below the same
/// folder: `../team/b.html`. Relative, so a site works from a `file://` folder and
/// under any sub-path of a web server.
fn relative_href(from_page: &Path, to: &Path) -> String {
    let from: Vec<_> = from_page
        .parent()
        .unwrap_or(Path::new(""))
        .components()
        .collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| crate::escape::url_segment(&c.as_os_str().to_string_lossy())),
    );
    parts.join("/")
}

/// What each map's page links to: the site's listing, the steps of other maps that
/// open it (from [`super::links`]), and its own other files.
fn page_links(
    jobs: &[(PathBuf, PathBuf)],
    loaded: &[crate::Loaded],
    links: &super::links::Links,
    settings: &Settings<'_>,
    index: Option<&Path>,
) -> Vec<PageLinks> {
    let targets: Vec<Target> = jobs
        .iter()
        .map(|(path, root)| target_for(path, root, settings.out))
        .collect();
    let pages: Vec<PathBuf> = targets.iter().map(Target::html).collect();
    (0..jobs.len())
        .map(|i| {
            let page = &pages[i];
            let parents = links
                .ancestors(i)
                .into_iter()
                .filter_map(|(parent, step)| {
                    let map = loaded[parent].map.as_ref()?;
                    let step = map.touchpoint(step);
                    Some(ParentStep {
                        map_title: map.title.clone(),
                        step: step.name.clone(),
                        href: format!(
                            "{}#tp-{}",
                            relative_href(page, &pages[parent]),
                            crate::escape::url_segment(&step.key)
                        ),
                    })
                })
                .collect();
            let files = settings
                .formats
                .iter()
                .filter(|&&f| f != Format::Html)
                .map(|&f| (f.label(), relative_href(page, &targets[i].file(f))))
                .collect();
            PageLinks {
                index: index.map(|index| relative_href(page, index)),
                parents,
                files,
            }
        })
        .collect()
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let mut reporter = Reporter::new(args.diagnostics);
    let config = match super::config::Config::discover() {
        Ok(config) => config,
        Err(failed) => return Ok(reporter.settings_failed(&failed)),
    };
    let mut formats = match (&args.format, &config.formats) {
        (given, _) if !given.is_empty() => given.clone(),
        (_, Some(configured)) => configured.clone(),
        _ => vec![Format::Html, Format::Svg],
    };
    if let Some(missing) = formats.iter().find(|f| !f.available()) {
        eprintln!(
            "error: this journeymap was built without `{0}` support; rebuild it with `cargo install journeymap --features {0}`",
            missing.extension()
        );
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    formats.sort();
    formats.dedup();
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    let mut found_maps = Vec::new();
    for root in &args.paths {
        let found = find_maps(std::slice::from_ref(root), &config)?;
        for path in &found.ignored {
            reporter.note(&format!(
                "skipped `{}`: the settings ignore it",
                path.display()
            ));
        }
        for path in &found.files {
            jobs.push((path.clone(), root.clone()));
        }
        found_maps.push(found);
    }
    let out = args.out.as_deref();
    let paper = Paper {
        size: args.paper.or(config.paper).unwrap_or_default(),
        orientation: args.orientation,
    };
    refuse_shared_outputs(&jobs, out)?;
    refuse_writing_over_inputs(&jobs, out, &formats)?;
    // A folder build into -o is a site: it gets a listing, and it removes the pages of
    // maps that are gone.
    let site = out.filter(|_| args.paths.iter().any(|p| p.is_dir()));
    let index = site.map(|out| index_path(out, &jobs)).transpose()?;
    let settings = Settings {
        out,
        formats: &formats,
        scale: args.scale,
        paper,
        deny_warnings: args.deny_warnings,
    };
    // Every map is loaded before any is written: links between maps are checked
    // across the build, and a map with a broken link writes nothing. Maps load and
    // build in parallel; results are reported in input order.
    let (jobs, loaded, links) = super::load_and_link(
        jobs,
        &found_maps,
        &mut reporter,
        crate::Outputs::MeasureWhenBuilt,
    );
    let pages = page_links(&jobs, &loaded, &links, &settings, index.as_deref());
    let builds: Vec<MapBuild> = jobs
        .par_iter()
        .zip(loaded)
        .zip(pages)
        .map(|(((path, root), loaded), links)| {
            build_loaded(loaded, target_for(path, root, out), &settings, &links)
        })
        .collect();
    for found in found_maps {
        skipped.extend(found.skipped);
    }
    for skipped in &skipped {
        reporter.report(skipped);
    }
    let mut stdout = std::io::stdout();
    let mut failures = 0;
    for build in &builds {
        reporter.report(&build.loaded);
        if let Some(failure) = &build.failure {
            eprintln!(
                "error: {}: {failure:#}",
                crate::controls::for_terminal(&build.loaded.file.name)
            );
            failures += 1;
        }
        for (path, _) in &build.written {
            let _ = writeln!(stdout, "{}", for_terminal(&path.display().to_string()));
        }
    }
    reporter.errors += failures;
    if let (Some(out), Some(index)) = (site, index) {
        write_index(out, &index, &builds)?;
        let _ = writeln!(stdout, "{}", for_terminal(&index.display().to_string()));
        remove_pages_of_gone_maps(out, &jobs, &builds)?;
    }
    let built = builds.iter().filter(|b| !b.written.is_empty()).count();
    reporter.summary(&format!("built {built} of"), builds.len());
    Ok(reporter.exit_code(args.deny_warnings))
}

/// Refuses a build that would write over one of its own inputs: a map named
/// `map.html` builds `map.html`.
fn refuse_writing_over_inputs(
    jobs: &[(PathBuf, PathBuf)],
    out: Option<&Path>,
    formats: &[Format],
) -> Result<()> {
    let inputs = super::files::Inputs::new(jobs.iter().map(|(path, _)| path.as_path()));
    for (path, root) in jobs {
        let target = target_for(path, root, out);
        for format in formats {
            inputs.refuse(&target.file(*format))?;
        }
    }
    if let Some(out) = out {
        inputs.refuse(&out.join(super::manifest::FILE_NAME))?;
    }
    Ok(())
}

/// Where the site's listing goes: `index.html`, unless a map's page already has that
/// name, then `maps.html`, then `journeymap-index.html`. Every map found counts,
/// failed ones included, so a map's page never turns into the listing when that map
/// fails; when all three names are pages, the build is refused.
fn index_path(out: &Path, jobs: &[(PathBuf, PathBuf)]) -> Result<PathBuf> {
    let pages: Vec<PathBuf> = jobs
        .iter()
        .map(|(path, root)| target_for(path, root, Some(out)).html())
        .collect();
    const NAMES: [&str; 3] = ["index.html", "maps.html", "journeymap-index.html"];
    NAMES
        .iter()
        .map(|name| out.join(name))
        .find(|candidate| !pages.contains(candidate))
        .with_context(|| {
            format!(
                "the site's listing needs one of the names {} at the top of `{}`, and maps take all three; rename one of those maps",
                NAMES.join(", "),
                crate::controls::for_terminal(&out.display().to_string())
            )
        })
}

/// Writes the site's listing of every built map at `path`.
fn write_index(out: &Path, path: &Path, builds: &[MapBuild]) -> Result<()> {
    let mut entries = Vec::new();
    let mut failed = 0;
    for build in builds {
        match (&build.loaded.map, build.written.is_empty()) {
            (Some(map), false) => {
                let page = build.target.html();
                let relative = page.strip_prefix(out).unwrap_or(&page);
                let href = super::url_path(relative);
                entries.push(crate::render::index::IndexEntry::new(map, href));
            }
            _ => failed += 1,
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create `{}`", out.display()))?;
    write_if_changed(
        path,
        crate::render::index::render(&entries, failed).as_bytes(),
    )?;
    Ok(())
}

/// Removes what the last build of these folders wrote for maps that no longer exist,
/// and records this build (see [`super::manifest`]).
fn remove_pages_of_gone_maps(
    out: &Path,
    jobs: &[(PathBuf, PathBuf)],
    builds: &[MapBuild],
) -> Result<()> {
    let mut manifest = super::manifest::Manifest::read(out);
    let pages: Vec<PathBuf> = builds.iter().map(|b| b.target.html()).collect();
    let built: Vec<super::manifest::MapOutputs<'_>> = jobs
        .iter()
        .zip(builds)
        .zip(&pages)
        .map(|(((_, root), build), page)| super::manifest::MapOutputs {
            root,
            page,
            written: &build.written,
        })
        .collect();
    let stale = manifest.update(out, &built);
    write_if_changed(
        &out.join(super::manifest::FILE_NAME),
        manifest.to_json()?.as_bytes(),
    )?;
    for path in stale {
        if std::fs::remove_file(&path).is_ok() {
            eprintln!(
                "removed {} (its map is gone)",
                crate::controls::for_terminal(&path.display().to_string())
            );
        }
    }
    Ok(())
}

/// Fails when `dir` (a map's folder below the output folder `out`) would lead out of
/// `out` through a symlinked folder: a build into a folder others can write to must
/// not write wherever a planted link points. Checked on the deepest part of `dir`
/// that exists, before any folder is created.
fn refuse_links_out_of(out: &Path, dir: &Path) -> Result<()> {
    let Ok(inside) = std::fs::canonicalize(out) else {
        return Ok(()); // `out` does not exist yet: nothing in it can be a link.
    };
    let existing = dir.ancestors().find(|a| a.exists()).unwrap_or(out);
    let resolved = std::fs::canonicalize(existing).with_context(|| {
        format!(
            "cannot read `{}`",
            for_terminal(&existing.display().to_string())
        )
    })?;
    if !resolved.starts_with(&inside) {
        anyhow::bail!(
            "`{}` leads out of the output folder `{}` (a symlinked folder); remove the link or build into another folder",
            for_terminal(&existing.display().to_string()),
            for_terminal(&out.display().to_string())
        );
    }
    Ok(())
}

/// Writes each file of a map atomically, leaving files that already hold exactly
/// these bytes untouched; returns the paths of the map's files.
pub fn write_outputs(target: &Target, files: &[(Format, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    if !target.dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&target.dir).with_context(|| {
            format!("cannot create the output folder `{}`", target.dir.display())
        })?;
    }
    let mut written = Vec::with_capacity(files.len());
    for (format, bytes) in files {
        let path = target.file(*format);
        write_if_changed(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside_the_output_folder() {
        let out = Path::new("site");
        let t = target_for(Path::new("maps/a/b/x.yaml"), Path::new("maps"), Some(out));
        assert_eq!(t.html(), Path::new("site/a/b/x.html"));
        let t = target_for(
            Path::new("../../etc/x.yaml"),
            Path::new("../../etc/x.yaml"),
            Some(out),
        );
        assert_eq!(t.svg(), Path::new("site/x.svg"));
        let t = target_for(Path::new("maps/x.yaml"), Path::new("maps/x.yaml"), None);
        assert_eq!(t.html(), Path::new("maps/x.html"));
    }
}
