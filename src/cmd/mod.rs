//! The subcommands, one file each, and what they share: finding map files and
//! printing diagnostics. Each command is a thin `run(args) -> Result<ExitCode>`
//! over the library pipeline.

pub mod build;
pub mod check;
pub mod config;
pub mod describe;
pub mod diff;
pub mod docs;
pub mod export;
pub mod files;
pub mod generate;
pub mod import;
pub mod init;
pub mod links;
pub mod manifest;
pub mod schema;
pub mod serve;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use config::Config;

use crate::Loaded;
use crate::diag::{self, Diagnostic, OutputFormat, Severity, SourceFile};

/// Exit code when every map is valid.
pub const EXIT_OK: u8 = 0;
/// Exit code when a map has errors (or warnings under `--deny-warnings`).
pub const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error (clap uses the same).
pub const EXIT_USAGE: u8 = 2;

/// Where fonts for scripts beyond the bundled Noto Sans come from; options of
/// every command, since `check` warns about text no font draws and `build` and
/// `serve` measure and draw with them.
#[derive(clap::Args, Debug, Default)]
pub struct FontArgs {
    /// Folder of fonts (.ttf, .otf, .ttc) to draw scripts the bundled Noto Sans
    /// lacks, tried before the system's fonts; may be repeated
    #[arg(long = "font-dir", value_name = "DIR", global = true)]
    pub font_dirs: Vec<PathBuf>,
    /// Use no system fonts: only the bundled Noto Sans and `--font-dir` folders,
    /// so output does not depend on what the machine has installed
    #[arg(long, global = true)]
    pub no_system_fonts: bool,
}

impl FontArgs {
    /// Sets the process's fonts; call before anything is measured.
    pub fn configure(&self) {
        crate::fonts::configure(crate::fonts::FontSources {
            dirs: self.font_dirs.clone(),
            system: !self.no_system_fonts,
        });
    }
}

/// Deepest folder nesting searched for maps; deeper folders are reported, not walked.
const MAX_DIR_DEPTH: usize = 32;

/// Folders a walk never enters, besides hidden ones: other tools' downloads and
/// build outputs, which hold YAML that is not ours.
pub const SKIPPED_FOLDERS: [&str; 2] = ["node_modules", "target"];

/// The map files named by `paths`: files as given, folders searched recursively for
/// `*.yaml` and `*.yml` (hidden folders, [`SKIPPED_FOLDERS`] and what
/// `journeymap.toml` or `.journeymapignore` ignores skipped), in a stable, sorted
/// order. Skipped files are printed as warnings on stderr; commands that count
/// warnings use [`find_maps`] and report them like any other.
pub fn collect_maps(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let config = Config::discover().map_err(|failed| {
        let text: String = failed
            .iter()
            .map(|f| diag::render_plain(&f.file, &f.diagnostics))
            .collect();
        anyhow::anyhow!("the settings have errors:\n{}", text.trim_end())
    })?;
    let found = find_maps(paths, &config)?;
    for skipped in &found.skipped {
        for diagnostic in &skipped.diagnostics {
            eprintln!("warning: {}", diagnostic.message);
        }
    }
    Ok(found.files)
}

/// Loads the map of every job (in parallel; results stay in input order), leaves out
/// with a note each YAML file a folder walk found that holds no map, and checks
/// the `detail:` links across the maps that remain: what `check` and `build` both
/// do before reporting or writing anything. `outputs` says when a large map's
/// outputs are measured: `build` measures them as it renders them.
pub(crate) fn load_and_link(
    jobs: Vec<(PathBuf, PathBuf)>,
    found_maps: &[FoundMaps],
    reporter: &mut Reporter,
    outputs: crate::Outputs,
) -> (Vec<(PathBuf, PathBuf)>, Vec<Loaded>, links::Links) {
    use rayon::prelude::*;
    let loaded: Vec<Loaded> = jobs
        .par_iter()
        .map(|(path, _)| crate::load_path_for(path, outputs))
        .collect();
    let (jobs, mut loaded): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .zip(loaded)
        .filter(|((path, _), loaded)| {
            let note = found_maps
                .iter()
                .find_map(|found| found.not_a_map_note(path, loaded));
            note.inspect(|note| reporter.note(note)).is_none()
        })
        .unzip();
    let links = links::check(&jobs, &mut loaded);
    (jobs, loaded, links)
}

/// The map files named by `paths`, and the map-named files a folder walk refused
/// to read.
pub struct FoundMaps {
    pub files: Vec<PathBuf>,
    /// One `skipped` warning each, to report (and count for `--deny-warnings`).
    pub skipped: Vec<Loaded>,
    /// Files named on the command line that the settings ignore, for a note each.
    pub ignored: Vec<PathBuf>,
    /// Which of `files` a folder walk found, rather than the command line named.
    walked: std::collections::BTreeSet<PathBuf>,
}

impl FoundMaps {
    /// A one-line note, instead of the error, for a file a folder walk found that
    /// holds no map at all (a workflow file, `mkdocs.yml`). A file named on the
    /// command line gets its error.
    pub fn not_a_map_note(&self, path: &Path, loaded: &Loaded) -> Option<String> {
        match loaded.diagnostics.as_slice() {
            [only] if only.code == crate::format::NOT_A_MAP && self.walked.contains(path) => {
                Some(format!(
                    "skipped `{}`: {}; list it in `{}` to leave it out quietly",
                    loaded.file.name,
                    only.message,
                    config::IGNORE_FILE
                ))
            }
            _ => None,
        }
    }
}

/// [`collect_maps`], keeping the skipped files as warnings.
pub fn find_maps(paths: &[PathBuf], config: &Config) -> Result<FoundMaps> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    let mut ignored = Vec::new();
    let mut walked = std::collections::BTreeSet::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        if metadata.is_dir() {
            let before = found.len();
            let inside = std::fs::canonicalize(path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let mut walk = Walk {
                inside: &inside,
                config,
                found: &mut found,
                skipped: &mut skipped,
            };
            walk.folder(path, &inside, 0)?;
            found[before..].sort();
            walked.extend(found[before..].iter().cloned());
        } else if ignored_by(config, path) {
            ignored.push(path.clone());
        } else {
            found.push(path.clone());
        }
    }
    let skipped = skipped
        .into_iter()
        .map(|(path, why)| {
            let name = crate::controls::path_for_terminal(&path);
            Loaded::finding(
                crate::diag::SourceFile::new(name.clone(), ""),
                crate::diag::Diagnostic::warning("skipped", format!("skipped `{name}`: {why}")),
            )
        })
        .collect();
    Ok(FoundMaps {
        files: found,
        skipped,
        ignored,
        walked,
    })
}

/// Whether the settings ignore a file named on the command line (so a hook that
/// passes every staged YAML file leaves out what `.journeymapignore` lists).
fn ignored_by(config: &Config, path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let folder = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => std::fs::canonicalize(parent),
        None => std::env::current_dir().and_then(std::fs::canonicalize),
    };
    folder.is_ok_and(|folder| config.ignores(&folder.join(name), false))
}

pub(crate) fn is_map_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// What [`map_in_folder`] found at a path below a served or checked folder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum MapFile {
    /// A map file that may be read.
    Readable,
    /// Not a map file (another extension, or a hidden name): ignored silently.
    NotAMap,
    /// Nothing there, or a symlink to nothing.
    Missing,
    /// A `.yaml` or `.yml` name that must not be read, and why (for a warning).
    Refused(String),
}

/// Whether `path`, found inside the folder whose canonical path is `inside`, is a map
/// file that may be read. The one rule for the folder walk of every command and for
/// `serve`'s rebuilds, so the two cannot drift apart.
///
/// The path must name a `.yaml` or `.yml` file and, once every symlink on the way is
/// resolved, still be a regular file inside `inside` whose path there has no hidden
/// component and a map extension. A pull request could otherwise commit
/// `x.yaml -> ~/.aws/credentials` or `y.yaml -> .env` and have CI (or `serve`) print
/// its lines in an error excerpt; and a FIFO named `x.yaml` would block the reader
/// forever. A file named on the command line is read wherever it points, and never
/// comes through here.
pub(crate) fn map_in_folder(path: &Path, inside: &Path) -> MapFile {
    let hidden_name = path
        .file_name()
        .is_none_or(|name| name.to_string_lossy().starts_with('.'));
    if hidden_name || !is_map_file(path) {
        return MapFile::NotAMap;
    }
    let Ok(target) = std::fs::canonicalize(path) else {
        return MapFile::Missing;
    };
    let shown = |p: &Path| crate::controls::for_terminal(&p.display().to_string()).into_owned();
    let Ok(relative) = target.strip_prefix(inside) else {
        return MapFile::Refused(format!(
            "it is a symlink to a file outside `{}`; name it on the command line to read it anyway",
            shown(inside)
        ));
    };
    let hidden = relative.components().any(|c| {
        matches!(c, std::path::Component::Normal(name) if name.to_string_lossy().starts_with('.'))
    });
    let in_skipped_folder = relative.parent().is_some_and(|folders| {
        folders
            .components()
            .any(|c| SKIPPED_FOLDERS.iter().any(|skip| c.as_os_str() == *skip))
    });
    if in_skipped_folder {
        return MapFile::NotAMap;
    }
    if hidden || !is_map_file(relative) {
        return MapFile::Refused(format!(
            "it leads to `{}`, which is hidden or not a `.yaml` or `.yml` file; name it on the command line to read it anyway",
            shown(relative)
        ));
    }
    match std::fs::metadata(&target) {
        Ok(metadata) if metadata.is_file() => MapFile::Readable,
        Ok(_) => MapFile::Refused("it is not a regular file".to_owned()),
        Err(_) => MapFile::Missing,
    }
}

/// A search for map files below a folder the user named.
struct Walk<'a> {
    /// The canonical folder the user named.
    inside: &'a Path,
    config: &'a Config,
    found: &'a mut Vec<PathBuf>,
    skipped: &'a mut Vec<(PathBuf, String)>,
}

impl Walk<'_> {
    /// Finds map files below `dir` (whose canonical path, as names below
    /// [`Walk::inside`], is `canonical`): hidden files and folders,
    /// [`SKIPPED_FOLDERS`] and what the settings ignore are skipped, symlinked folders
    /// are not followed (so a link cycle cannot trap the walk), and each file is
    /// judged by [`map_in_folder`].
    fn folder(&mut self, dir: &Path, canonical: &Path, depth: usize) -> Result<()> {
        if depth > MAX_DIR_DEPTH {
            bail!(
                "`{}` is nested more than {MAX_DIR_DEPTH} folders deep",
                dir.display()
            );
        }
        let entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
            let path = entry.path();
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            // file_type() does not follow symlinks, so a link cycle cannot trap the walk.
            let is_folder = entry.file_type()?.is_dir();
            if is_folder && SKIPPED_FOLDERS.iter().any(|skip| name == *skip) {
                continue;
            }
            let below = canonical.join(&name);
            if self.config.ignores(&below, is_folder) {
                continue;
            }
            if is_folder {
                self.folder(&path, &below, depth + 1)?;
                continue;
            }
            match map_in_folder(&path, self.inside) {
                MapFile::Readable => self.found.push(path),
                MapFile::Refused(why) => self.skipped.push((path, why)),
                MapFile::NotAMap | MapFile::Missing => {}
            }
        }
        Ok(())
    }
}

/// A relative path as a URL path: each component percent-encoded (all but ASCII
/// letters, digits and `-._~`), joined with `/`. Used for the links of the site
/// index and of `serve`, so a map called `50%.yaml` or `a#b.yaml` links correctly.
pub fn url_path(relative: &Path) -> String {
    relative
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .map(|name| crate::escape::url_segment(&name))
        .collect::<Vec<_>>()
        .join("/")
}

/// A value parser for one of a core enum's `values`, by the name and help text the
/// core gives each, so the core needs no command-line types.
fn named_values<T: Copy + Send + Sync + 'static>(
    values: &'static [T],
    name: fn(T) -> &'static str,
    help: fn(T) -> &'static str,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        values
            .iter()
            .map(|&v| PossibleValue::new(name(v)).help(help(v))),
    )
    .map(move |written| {
        // PossibleValuesParser only lets the listed names through.
        values
            .iter()
            .copied()
            .find(|&v| name(v) == written)
            .unwrap_or(values[0])
    })
}

/// `--format` / `--diagnostics` values, from [`OutputFormat`].
pub fn output_format_parser() -> impl clap::builder::TypedValueParser<Value = OutputFormat> {
    named_values(
        &OutputFormat::ALL,
        OutputFormat::name,
        OutputFormat::description,
    )
}

/// `build --format` values, from [`crate::render::Format`].
pub fn file_format_parser() -> impl clap::builder::TypedValueParser<Value = crate::render::Format> {
    use crate::render::Format;
    named_values(&Format::ALL, Format::extension, Format::description)
}

/// `--paper` values, from [`crate::layout::PaperSize`].
pub fn paper_size_parser() -> impl clap::builder::TypedValueParser<Value = crate::layout::PaperSize>
{
    use crate::layout::PaperSize;
    named_values(&PaperSize::ALL, PaperSize::name, PaperSize::description)
}

/// `--orientation` values, from [`crate::layout::Orientation`].
pub fn orientation_parser()
-> impl clap::builder::TypedValueParser<Value = crate::layout::Orientation> {
    use crate::layout::Orientation;
    named_values(
        &Orientation::ALL,
        Orientation::name,
        Orientation::description,
    )
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn color_choice(is_terminal: bool) -> ColorChoice {
    if is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    }
}

/// Prints diagnostics in the chosen format and keeps the counts for the summary.
pub struct Reporter {
    format: OutputFormat,
    stderr: BufferedStandardStream,
    pub errors: usize,
    pub warnings: usize,
    /// The findings of a GitLab report, printed as one array by [`Reporter::summary`].
    gitlab: Vec<serde_json::Value>,
}

impl Reporter {
    pub fn new(format: OutputFormat) -> Self {
        let color = color_choice(std::io::stderr().is_terminal());
        Reporter {
            format,
            stderr: BufferedStandardStream::stderr(color),
            errors: 0,
            warnings: 0,
            gitlab: Vec::new(),
        }
    }

    /// Prints one file's diagnostics: for people at most
    /// [`diag::MAX_SHOWN_PER_FILE`] and a line counting the rest; for GitHub the same
    /// cap (it shows only the first few annotations anyway); JSON gets every one.
    /// Output is buffered per file and flushed at the end, so 50,000 findings are a
    /// few large writes, not a million small ones.
    /// The files a future state extends come first, each with its own findings;
    /// a map's data files (survey, funnel, evidence) are reported after it, each
    /// against its own text.
    pub fn report(&mut self, loaded: &Loaded) {
        for extended in &loaded.extended {
            self.report(extended);
        }
        self.report_file(&loaded.file, &loaded.diagnostics);
        for data in &loaded.data_reports {
            self.report_file(&data.file, &data.diagnostics);
        }
    }

    /// Prints and counts the diagnostics of one file.
    fn report_file(&mut self, file: &SourceFile, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
        // A closed pipe (`| head`) or a terminal that went away is not worth a panic
        // or an error of its own: stop writing quietly.
        match self.format {
            OutputFormat::Human => {
                diag::emit_all(&mut self.stderr, file, diagnostics);
                let _ = self.stderr.flush();
            }
            OutputFormat::Json => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                for diagnostic in diagnostics {
                    let _ = writeln!(out, "{}", diag::to_json(file, diagnostic));
                }
                let _ = out.flush();
            }
            OutputFormat::Github => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                let shown = diagnostics.len().min(diag::MAX_SHOWN_PER_FILE);
                let (shown, hidden) = diagnostics.split_at(shown);
                for diagnostic in shown {
                    let _ = writeln!(out, "{}", diag::to_github(file, diagnostic));
                }
                if let Some(summary) = diag::hidden_summary(file, hidden) {
                    let _ = writeln!(out, "::notice::{summary}");
                }
                let _ = out.flush();
            }
            OutputFormat::Gitlab => {
                let mut seen = std::collections::BTreeMap::new();
                for diagnostic in diagnostics {
                    let occurrence = seen
                        .entry((diagnostic.code, diagnostic.message.as_str()))
                        .or_insert(0_usize);
                    self.gitlab
                        .push(diag::to_gitlab(file, diagnostic, *occurrence));
                    *occurrence += 1;
                }
            }
        }
    }

    /// Says, without counting it as a finding, why a file was left out: on stderr
    /// for people, as a notice for GitHub; JSON and GitLab reports hold findings only.
    pub fn note(&mut self, note: &str) {
        match self.format {
            OutputFormat::Human => {
                let _ = writeln!(self.stderr, "note: {}", crate::controls::for_terminal(note));
                let _ = self.stderr.flush();
            }
            OutputFormat::Github => {
                let note = crate::controls::for_terminal(note).replace('%', "%25");
                println!("::notice title=journeymap::{note}");
            }
            OutputFormat::Json | OutputFormat::Gitlab => {}
        }
    }

    /// Closes the report: a GitLab report's array on stdout (`[]` when all is well),
    /// or one closing line for people, on stderr: "checked 3 maps: 1 error, 2 warnings".
    pub fn summary(&mut self, verb: &str, maps: usize) {
        if self.format == OutputFormat::Gitlab {
            let report = serde_json::Value::Array(std::mem::take(&mut self.gitlab));
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{report:#}");
            let _ = out.flush();
        }
        if self.format != OutputFormat::Human {
            return;
        }
        let plural = crate::words::count;
        let _ = writeln!(
            self.stderr,
            "{verb} {}: {}, {}",
            plural(maps, "map"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        let _ = self.stderr.flush();
    }

    /// Reports the errors in `journeymap.toml` or `.journeymapignore` and closes the
    /// report: no map is read with settings that say something else than meant.
    pub fn settings_failed(&mut self, failed: &[Loaded]) -> ExitCode {
        for file in failed {
            self.report(file);
        }
        self.summary("checked", 0);
        ExitCode::from(EXIT_INVALID)
    }

    pub fn exit_code(&self, deny_warnings: bool) -> ExitCode {
        if self.errors > 0 || (deny_warnings && self.warnings > 0) {
            ExitCode::from(EXIT_INVALID)
        } else {
            ExitCode::from(EXIT_OK)
        }
    }
}
