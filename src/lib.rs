//! journeymap: customer journey maps as code — YAML in, HTML and SVG maps out.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`format`]: YAML text to [`format::MapDoc`], structs that mirror the file with
//!    the span of every value, so later errors can point at a line.
//! 2. [`model`]: [`format::MapDoc`] to a validated [`model::Map`] with typed ids, a
//!    petgraph flow graph and each persona's path. Errors and warnings are
//!    [`diag::Diagnostic`]s.
//! 3. [`layout`]: [`model::Map`] to [`layout::Layout`], geometry only: boxes, wrapped
//!    text lines measured with the bundled font, curve points.
//! 4. [`render`]: [`layout::Layout`] to an HTML page and an SVG picture.
//!
//! [`load`] runs stages 1 and 2 for the `check` command (and, for a map large enough
//! to pass the output limit, measures stages 3 and 4, so `check` refuses what
//! `build` would); [`build`] runs all four.
//!
//! Leaf modules any stage may use, named for what they are: [`number`], [`escape`],
//! [`controls`], [`fonts`], [`color`], [`id_syntax`], [`limits`], [`words`], [`builtins`] (standard stages
//! and built-in channels), [`i18n`]
//! (the words the outputs add, per language).
//! `tests/architecture.rs` keeps the stages free of import cycles.

pub mod builtins;
pub mod cmd;
pub mod color;
pub mod controls;
pub mod data;
pub mod date;
pub mod diag;
pub mod diff;
pub mod escape;
mod extends;
pub mod fonts;
pub mod format;
pub mod generate;
pub mod i18n;
pub mod id_syntax;
pub mod layout;
pub mod limits;
pub mod mermaid;
pub mod model;
pub mod number;
pub mod render;
pub mod words;

use std::path::Path;

use diag::{Diagnostic, SourceFile};

/// A map file after loading: its text, the map if it is valid, and every finding.
pub struct Loaded {
    pub file: SourceFile,
    pub map: Option<model::Map>,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems inside the map's data files, each against its own file.
    pub data_reports: Vec<data::DataReport>,
    /// For a future state in a file of its own (`extends:`): the files it extends
    /// that have findings, each with them, the extended first.
    pub extended: Vec<Loaded>,
    /// For a large map loaded with [`Outputs::MeasureWhenBuilt`]: its outputs are
    /// still to be measured against [`limits::MAX_OUTPUT_BYTES`] (see
    /// [`build_within`]), and the span a `too-large` error points at.
    pub outputs_unmeasured: Option<diag::Span>,
    /// The files besides the map and its data that it was read with, or would
    /// be if they were there (a theme file, a logo, the maps it extends), so
    /// `serve` can rebuild the map when one of them changes.
    pub sources: Vec<std::path::PathBuf>,
}

impl Loaded {
    /// A finding about a file that is not a map (a skipped one, an unreadable one).
    pub fn finding(file: SourceFile, diagnostic: Diagnostic) -> Loaded {
        Loaded::findings(file, vec![diagnostic])
    }

    /// Findings about a file that holds no map to build (a settings file, a
    /// Mermaid file, a version that could not be read).
    pub fn findings(file: SourceFile, diagnostics: Vec<Diagnostic>) -> Loaded {
        Loaded {
            file,
            map: None,
            diagnostics,
            data_reports: Vec::new(),
            extended: Vec::new(),
            outputs_unmeasured: None,
            sources: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
            || self
                .data_reports
                .iter()
                .any(|r| r.diagnostics.iter().any(Diagnostic::is_error))
            || self.extended.iter().any(Loaded::has_errors)
    }

    /// Every file's findings as plain text: the extended files first, then this
    /// one, then its data files.
    pub fn render_plain(&self) -> String {
        let mut text: String = self.extended.iter().map(Loaded::render_plain).collect();
        text.push_str(&diag::render_plain(&self.file, &self.diagnostics));
        for report in &self.data_reports {
            text.push_str(&diag::render_plain(&report.file, &report.diagnostics));
        }
        text
    }
}

/// When `load` measures a valid map's outputs against [`limits::MAX_OUTPUT_BYTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outputs {
    /// While loading, printed on the given paper (`check` takes `paper` from
    /// journeymap.toml, as `build` does), so `check` refuses what `build` would,
    /// and a caller may render the map without a limit.
    Measure(layout::Paper),
    /// Later, by [`build_within`] as it renders the files it writes: a large map
    /// is then drawn once, not once to measure and again to write.
    MeasureWhenBuilt,
}

/// Parses and validates map source text, including whether its outputs fit
/// [`limits::MAX_OUTPUT_BYTES`], so `check` refuses exactly what `build` would.
/// A map with `data:` is refused here: its files are found from the map's folder
/// ([`load_in`]).
pub fn load(file: SourceFile) -> Loaded {
    load_in(file, None)
}

/// [`load`] for a map file in `folder`, whose `data:` files are read from there,
/// and, for a future state in a file of its own, the map it `extends`.
pub fn load_in(file: SourceFile, folder: Option<&Path>) -> Loaded {
    load_for(file, folder, Outputs::Measure(layout::Paper::default()))
}

/// [`load_in`], measuring the map's outputs as `outputs` says.
fn load_for(file: SourceFile, folder: Option<&Path>, outputs: Outputs) -> Loaded {
    fonts::shared().read_ahead_for(&file.text);
    let (mut doc, mut diagnostics) = format::parse(&file);
    if let Some(extends) = doc.as_ref().and_then(|d| d.extends.as_ref()) {
        // Read from a file (`load_path`), whose name is its path as given.
        if folder.is_some() {
            let path = std::path::PathBuf::from(&file.name);
            return extends::load(&path, file, outputs);
        }
        // Read from git or a pipe: there is no folder to find the current map in.
        diagnostics.push(
            Diagnostic::error(
                "extends-unresolved",
                "this future state (`extends:`) can only be read from a file on disk, next to the map it extends",
            )
            .at(extends.span)
            .with_hint("check or build the file itself; `diff` can compare it only as a file, not as REV:path"),
        );
        diagnostics.sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
        return Loaded::findings(file, diagnostics);
    }
    let MapFiles {
        theme_file,
        data,
        mut data_reports,
        mut map,
        data_failed,
        sources,
    } = read_and_validate(&mut doc, &file, folder, &mut diagnostics);
    if data_failed {
        // Warnings about a map whose data could not be read (a persona left
        // unscored because the survey's columns are missing) would only mislead.
        diagnostics.retain(Diagnostic::is_error);
    }
    if let (Some(current), Some(doc)) = (&mut map, &doc)
        && let Some(future) = &doc.future
    {
        current.future = validate_future(doc, future, &data, &mut diagnostics)
            .1
            .map(Box::new);
        match &mut current.future {
            // The logo is read with the current map; the future state is drawn with it.
            Some(future) => future.theme.logo.clone_from(&current.theme.logo),
            None => map = None,
        }
    }
    let mut outputs_unmeasured = None;
    if let (Some(valid), Some(doc)) = (&map, &doc) {
        diagnostics.extend(render::theme::contrast_warnings(valid, doc));
        let at = doc.touchpoints_span;
        if needs_measuring(file.text.len(), valid) {
            match outputs {
                Outputs::Measure(paper) => {
                    if let Err(too_large) = measure(valid, paper, at) {
                        diagnostics.push(too_large);
                        map = None;
                    }
                }
                Outputs::MeasureWhenBuilt => outputs_unmeasured = Some(at),
            }
        }
    }
    diagnostics.sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
    if let Some(theme_file) = &theme_file {
        data_reports.insert(0, theme_file.report(&mut diagnostics));
    }
    Loaded {
        file,
        map,
        diagnostics,
        data_reports,
        extended: Vec::new(),
        outputs_unmeasured,
        sources,
    }
}

/// What [`read_and_validate`] read and made of a map.
pub(crate) struct MapFiles {
    /// The theme file the map names, if it names one and it could be read.
    pub theme_file: Option<data::theme::ThemeFile>,
    pub data: data::DataSet,
    pub data_reports: Vec<data::DataReport>,
    /// The valid map, with its logo; `None` when anything was an error.
    pub map: Option<model::Map>,
    /// A data file had errors (then the map is `None`).
    pub data_failed: bool,
    /// Every file read or to be watched ([`Loaded::sources`]).
    pub sources: Vec<std::path::PathBuf>,
}

/// Reads the files `doc` names from the map's `folder` (its theme file, data
/// files and logo, each only while nothing is an error yet) and validates the
/// map: what `load` does for a map file and [`extends`] for the map a chain
/// starts from.
pub(crate) fn read_and_validate(
    doc: &mut Option<format::MapDoc>,
    file: &SourceFile,
    folder: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> MapFiles {
    let mut sources = Vec::new();
    let theme_file = doc
        .as_mut()
        .and_then(|doc| data::theme::read(doc, file, folder, diagnostics, &mut sources));
    let (data, data_reports) = match &*doc {
        Some(doc) if !diagnostics.iter().any(Diagnostic::is_error) => {
            data::read(doc, folder, diagnostics, &mut sources)
        }
        _ => Default::default(),
    };
    let logo = match &*doc {
        Some(doc) if !diagnostics.iter().any(Diagnostic::is_error) => {
            let folder = theme_file
                .as_ref()
                .map_or(folder, |t| Some(t.logo_folder()));
            let in_theme_file = theme_file.is_some();
            data::logo::read(doc, folder, in_theme_file, diagnostics, &mut sources)
        }
        _ => None,
    };
    let data_failed = data_reports
        .iter()
        .any(|r| r.diagnostics.iter().any(Diagnostic::is_error));
    let mut map = doc
        .as_ref()
        .and_then(|doc| model::validate(doc, &data, diagnostics))
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error) && !data_failed);
    if let Some(valid) = &mut map {
        valid.theme.logo = logo;
    }
    MapFiles {
        theme_file,
        data,
        data_reports,
        map,
        data_failed,
        sources,
    }
}

/// The future state of `current`: its document (for a file that extends this one)
/// and, when valid, its map. Its findings join `diagnostics`, less those given
/// already (a warning about a touchpoint both states share is said once).
pub(crate) fn validate_future(
    current: &format::MapDoc,
    future: &format::FutureDoc,
    data: &data::DataSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> (format::MapDoc, Option<model::Map>) {
    let mut found = Vec::new();
    let future_doc = model::future::apply(current, future, &mut found);
    let map = if found.iter().any(Diagnostic::is_error) {
        None
    } else {
        model::validate(&future_doc, data, &mut found)
    };
    found.retain(|d| !diagnostics.contains(d));
    diagnostics.extend(found);
    (future_doc, map)
}

/// Whether the outputs of `map`, read from `text_len` bytes of YAML, must be
/// measured against [`limits::MAX_OUTPUT_BYTES`].
///
/// The input limits keep each kind of content far below it; only a map near several
/// of them at once can pass it. Such a map is laid out and rendered to measure it,
/// with writing stopped soon after the limit (so memory stays bounded); smaller maps
/// are not: a map of at most [`OUTPUT_CHECK_FILE_BYTES`] of text, 1,000 touchpoints
/// and 4,000 scores writes a few megabytes at most, since the text that repeats
/// (names in tooltips and audience notes) is cut or counted where it repeats.
/// A map with a logo is always measured. A map with a future state counts what
/// both states draw. `text_len` is the YAML
/// read for the map (with a future state in a file of its own, every file of the
/// chain).
pub(crate) fn needs_measuring(text_len: usize, map: &model::Map) -> bool {
    let scores_of = |m: &model::Map| {
        m.touchpoints
            .iter()
            .map(|t| t.emotions.len())
            .sum::<usize>()
    };
    let drawn = map.drawn();
    let scores = scores_of(&drawn) + drawn.current.as_deref().map_or(0, scores_of);
    // A logo (up to 256 KiB) is repeated on every printed page the HTML page
    // carries: a small map with one can pass the limit on small paper.
    text_len > OUTPUT_CHECK_FILE_BYTES
        || drawn.touchpoints.len() > 1_000
        || scores > 4_000
        || drawn.theme.logo.is_some()
}

/// Renders `map` printed on `paper` to measure it: a `too-large` error `at` the
/// given span when its HTML page or SVG would pass [`limits::MAX_OUTPUT_BYTES`].
pub(crate) fn measure(
    map: &model::Map,
    paper: layout::Paper,
    at: diag::Span,
) -> Result<(), Diagnostic> {
    build_within(map, paper, &render::html::PageLinks::default(), Some(at)).map(drop)
}

/// [`build_linked`], stopping soon after an output passes
/// [`limits::MAX_OUTPUT_BYTES`] when `measure_at` is given (a large map's
/// [`Loaded::outputs_unmeasured`]), with a `too-large` error at that span.
pub fn build_within(
    map: &model::Map,
    paper: layout::Paper,
    links: &render::html::PageLinks,
    measure_at: Option<diag::Span>,
) -> Result<render::Rendered, Diagnostic> {
    let Some(at) = measure_at else {
        return Ok(build_linked(map, paper, links));
    };
    let map = map.drawn();
    let layout = layout::layout(&map, layout::TextMeasurer::for_lang(map.lang.as_deref()));
    render::render_within(&map, &layout, paper, links, limits::MAX_OUTPUT_BYTES).map_err(
        |too_large| {
            Diagnostic::error(
                "too-large",
                format!(
                    "the map's {} would be over {:.1} MB, the limit",
                    too_large.output,
                    limits::MAX_OUTPUT_BYTES as f64 / 1e6
                ),
            )
            .at(at)
            .with_hint(
                "split the journey into several maps, or score fewer personas per touchpoint",
            )
        },
    )
}

/// Maps larger than this (in bytes of YAML) have their outputs measured by `load`.
const OUTPUT_CHECK_FILE_BYTES: usize = 256 * 1024;

/// Lays out and renders a validated map: the HTML page, the SVG picture and the
/// printed pages, on the default paper (A3 landscape).
pub fn build(map: &model::Map) -> render::Rendered {
    build_on(map, layout::Paper::default())
}

/// [`build`], printing on `paper`. A map with a future state is drawn over its
/// current state ([`model::Map::drawn`]).
pub fn build_on(map: &model::Map, paper: layout::Paper) -> render::Rendered {
    build_linked(map, paper, &render::html::PageLinks::default())
}

/// [`build_on`], the page with `links` to the other pages of its site. A map with
/// a future state is drawn over its current state ([`model::Map::drawn`]).
pub fn build_linked(
    map: &model::Map,
    paper: layout::Paper,
    links: &render::html::PageLinks,
) -> render::Rendered {
    let map = map.drawn();
    let layout = layout::layout(&map, layout::TextMeasurer::for_lang(map.lang.as_deref()));
    render::render_linked(&map, &layout, paper, links)
}

/// Reads a map file and loads it. A file that cannot be read, is too large or is not
/// UTF-8 text becomes a diagnostic like any other, never a panic.
pub fn load_path(path: &Path) -> Loaded {
    load_path_for(path, Outputs::Measure(layout::Paper::default()))
}

/// [`load_path`], measuring the map's outputs as `outputs` says.
pub fn load_path_for(path: &Path, outputs: Outputs) -> Loaded {
    let name = path.display().to_string();
    match read_map_text(path) {
        Ok(text) => {
            let folder = path.parent().map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            });
            load_for(SourceFile::new(name, text), folder, outputs)
        }
        Err((diagnostic, shown)) => Loaded::finding(SourceFile::new(name, shown), diagnostic),
    }
}

/// A file's text, or why it cannot be read and the text to show that against.
type ReadResult = Result<String, (Diagnostic, String)>;

fn read_map_text(path: &Path) -> ReadResult {
    let file = std::fs::File::open(path).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::NotFound => {
                "check the path; `journeymap check DIR` finds every .yaml and .yml file in a folder"
            }
            std::io::ErrorKind::PermissionDenied => "make the file readable",
            _ => "check that the path is a readable file",
        };
        let diagnostic = Diagnostic::error("io", format!("cannot read `{}`: {e}", path.display()));
        (diagnostic.with_hint(hint), String::new())
    })?;
    read_source(&path.display().to_string(), file)
}

/// Reads UTF-8 text from `reader` (a file, a pipe from git) with the limits of a map
/// file: at most [`limits::MAX_FILE_BYTES`], no NUL bytes, a leading
/// byte-order mark dropped. `name` is how the source is named in diagnostics.
pub fn read_text(name: &str, reader: impl std::io::Read) -> Result<String, Diagnostic> {
    read_source(name, reader).map_err(|(diagnostic, _)| diagnostic)
}

/// [`read_text`], and on failure the text its diagnostic points into: for a file
/// that is not UTF-8, the text with the bad bytes replaced, so the error shows the
/// line and column of the first one.
fn read_source(name: &str, reader: impl std::io::Read) -> ReadResult {
    use std::io::Read;
    let limit = limits::MAX_FILE_BYTES;
    let mut bytes = Vec::new();
    let nothing = String::new;
    // Read one byte past the limit so an oversized file is refused without reading it all.
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            (
                Diagnostic::error("io", format!("cannot read `{name}`: {e}")),
                nothing(),
            )
        })?;
    if bytes.len() > limit {
        let diagnostic = Diagnostic::error(
            "too-large",
            format!("`{name}` is larger than the limit of {limit} bytes"),
        );
        return Err((
            diagnostic.with_hint("split the journey into several maps"),
            nothing(),
        ));
    }
    if bytes.contains(&0) {
        let diagnostic = Diagnostic::error("not-text", format!("`{name}` is not a text file"));
        return Err((
            diagnostic.with_hint("a map is a UTF-8 YAML text file"),
            nothing(),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return Err(not_utf8(name, error)),
    };
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// "line 5, column 15 is not UTF-8 (byte 0xE9)", pointing into the text with the bad
/// bytes replaced: up to the first bad byte both have the same offsets.
fn not_utf8(name: &str, error: std::string::FromUtf8Error) -> (Diagnostic, String) {
    let at = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let byte = bytes.get(at).copied().unwrap_or_default();
    let shown = String::from_utf8_lossy(&bytes).into_owned();
    let file = SourceFile::new(name, shown.as_str());
    let position = file.position(at);
    let diagnostic = Diagnostic::error(
        "not-text",
        format!(
            "`{name}` is not UTF-8 text: line {}, column {} has the byte 0x{byte:02X}",
            position.line, position.column
        ),
    )
    .at(diag::Span::new(at, at + '\u{fffd}'.len_utf8()))
    .with_label("not UTF-8")
    .with_hint("save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
    (diagnostic, shown)
}
