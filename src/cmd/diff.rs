//! `journeymap diff OLD NEW`: what changed between two versions of a map, by meaning.
//!
//! Each side is a map file or `REV:path`, read from git with `git show` so CI can
//! compare against an earlier commit without checking it out. The comparison itself
//! is [`crate::diff`]; this file resolves the two versions and prints the result.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::Result;
use codespan_reporting::term::termcolor::StandardStream;

use super::{EXIT_INVALID, EXIT_OK, Reporter};
use crate::Loaded;
use crate::diag::{Diagnostic, OutputFormat, SourceFile};
use crate::diff::Change;
use crate::model::Map;

/// How `diff` prints the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DiffFormat {
    /// Readable lines, coloured on a terminal
    #[default]
    Text,
    /// A pull-request comment: heading, sections, a table of emotion changes
    Markdown,
    /// One JSON document for tools (schema in `--help`)
    Json,
}

const EXAMPLES: &str = "Examples:
  journeymap diff old.yaml new.yaml
  journeymap diff HEAD~1:maps/laptop.yaml maps/laptop.yaml      # against the last commit
  journeymap diff origin/main:maps/laptop.yaml maps/laptop.yaml --format markdown > comment.md
  journeymap diff --allow-missing origin/main:maps/new.yaml maps/new.yaml   # an added map
  journeymap diff a.yaml b.yaml --exit-code || echo changed

OLD and NEW are map files, or REV:path to read a version from git (`git show`);
the path is from the repository root (write REV:./path for one relative to the
current folder). A path that exists as a file is always read as a file.

A map that only one side has (a change that adds or deletes it): with
--allow-missing, a path that does not exist, or a REV:path whose revision exists
but does not have the path, is no map, and `/dev/null` always is. The other map is
then reported as \"new map\" or \"map removed\" with its personas, stages and
touchpoints added or removed. A wrong revision is still an error, and so are both
sides missing.

Personas, stages and touchpoints are matched by id. Reported: title and emotion
scale; personas and stages added, removed, renamed or reordered (persona order
sets the legend and each curve's dash, marker and default colour; stage order sets
the columns); touchpoints added, removed, renamed or moved to another stage;
touchpoints reordered where that moves columns within a stage or changes the flow
(a touchpoint without `next` flows to the one after it in the file): one change per
run of reordered touchpoints, such as \"touchpoints a and b swapped places\", that
says how the flow now goes; emotion scores per persona and touchpoint; pain points
and opportunities added or removed; other flow edges (`next`) added or removed.
Not a change: reformatting, YAML key order, comments, and the order of
touchpoints in different stages when the flow stays the same. Not compared: the
order of pain points and opportunities at a touchpoint, and other fields
(channels, thoughts, metrics, descriptions...).

Exit status: 0 when both maps are valid, whether or not they differ (with
--exit-code: 1 when they differ); 1 when either version has errors or cannot be
read; 2 for a usage error.";

fn long_help() -> String {
    format!("{EXAMPLES}\n\n{}", crate::diff::JSON_SCHEMA)
}

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES, after_long_help = long_help())]
pub struct DiffArgs {
    /// The old version: a map file, or REV:path to read it from git
    #[arg(value_name = "OLD")]
    pub old: std::path::PathBuf,
    /// The new version: a map file, or REV:path to read it from git
    #[arg(value_name = "NEW", required_unless_present = "future")]
    pub new: Option<std::path::PathBuf>,
    /// Compare OLD's current state with its future state (`future:` in the map)
    #[arg(long, conflicts_with_all = ["new", "allow_missing"])]
    pub future: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with status 1 when the maps differ, like `git diff --exit-code`
    #[arg(long)]
    pub exit_code: bool,
    /// A side that does not exist (a path, or REV:path missing in REV) has no map:
    /// for a map that is added or deleted
    #[arg(long)]
    pub allow_missing: bool,
    /// Also draw each side's emotion curve (stage and touchpoint names, the curve,
    /// its legend) as DIR/old.png and DIR/new.png, for a pull-request comment; a
    /// side with no map or no curve writes no file
    #[arg(long, value_name = "DIR")]
    pub curves: Option<std::path::PathBuf>,
}

/// One side of the comparison.
enum Version {
    /// A map file or `REV:path` that was read; its map is `None` when it has errors.
    Read(Box<Loaded>),
    /// No map: `/dev/null`, or with `--allow-missing` a path or `REV:path` that does
    /// not exist. Holds the name given on the command line.
    Absent(String),
}

impl Version {
    fn map(&self) -> Option<&Map> {
        match self {
            Version::Read(loaded) => loaded.map.as_ref(),
            Version::Absent(_) => None,
        }
    }

    fn name(&self) -> &str {
        match self {
            Version::Read(loaded) => &loaded.file.name,
            Version::Absent(name) => name,
        }
    }

    /// The version as read, when it could not be read or has errors.
    fn failed(&self) -> Option<&Loaded> {
        match self {
            Version::Read(loaded) if loaded.map.is_none() => Some(loaded),
            _ => None,
        }
    }
}

/// Reads one side: `/dev/null` is no map, and so with `allow_missing` is a path or
/// `REV:path` that does not exist.
fn resolve(arg: &Path, allow_missing: bool) -> Version {
    if arg == Path::new("/dev/null") || (allow_missing && does_not_exist(arg)) {
        return Version::Absent(arg.display().to_string());
    }
    Version::Read(Box::new(load_version(arg)))
}

/// True for a path that does not exist, or a `REV:path` whose revision exists but
/// has no such path. A wrong revision is not "missing": it is reported as an error.
fn does_not_exist(arg: &Path) -> bool {
    if arg.symlink_metadata().is_ok() {
        return false;
    }
    match arg.to_str() {
        Some(spec) if spec.contains(':') && !spec.starts_with('-') => missing_in_git(spec),
        _ => true,
    }
}

/// Whether git has the revision of `REV:path` but not the path.
fn missing_in_git(spec: &str) -> bool {
    let Some((rev, _)) = spec.split_once(':') else {
        return false;
    };
    let git_succeeds = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    !rev.is_empty()
        && git_succeeds(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{tree}}"),
        ])
        && !git_succeeds(&["cat-file", "-e", spec])
}

pub fn run(args: &DiffArgs) -> Result<ExitCode> {
    let old = resolve(&args.old, args.allow_missing);
    let new = match &args.new {
        Some(new) => resolve(new, args.allow_missing),
        None => Version::Absent(String::new()),
    };
    let compared = if args.future {
        future_changes(&old)
    } else {
        compare(&old, &new)
    };
    let (changes, title) = match compared {
        Ok(compared) => compared,
        Err(code) => return Ok(code),
    };
    if let Some(dir) = &args.curves {
        write_curves(dir, &old, &new)?;
    }
    let (old_name, new_name) = if args.future {
        (
            format!("{} (current)", old.name()),
            format!("{} (future)", old.name()),
        )
    } else {
        (old.name().to_owned(), new.name().to_owned())
    };
    let (old_name, new_name) = (old_name.as_str(), new_name.as_str());
    // A closed pipe (`| head`) is not worth an error: stop writing quietly.
    match args.format {
        DiffFormat::Text => {
            let color = super::color_choice(std::io::stdout().is_terminal());
            let mut stdout = StandardStream::stdout(color);
            let _ = crate::diff::write_text(&mut stdout, old_name, new_name, &changes);
        }
        DiffFormat::Markdown => {
            let text = crate::diff::markdown(old_name, new_name, title, &changes);
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        DiffFormat::Json => {
            let text = crate::diff::json(old_name, new_name, &changes);
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::from(if args.exit_code && !changes.is_empty() {
        EXIT_INVALID
    } else {
        EXIT_OK
    }))
}

/// The changes from `old` to `new` and the title to head them with (the new map's,
/// or the old one's when it was deleted); or, after reporting why there is nothing
/// to compare, the exit code.
fn compare<'a>(old: &'a Version, new: &'a Version) -> Result<(Vec<Change>, &'a str), ExitCode> {
    if old.failed().is_some() || new.failed().is_some() {
        let mut reporter = Reporter::new(OutputFormat::Human);
        for loaded in [old.failed(), new.failed()].into_iter().flatten() {
            reporter.report(loaded);
        }
        return Err(ExitCode::from(EXIT_INVALID));
    }
    match (old.map(), new.map()) {
        (Some(old_map), Some(new_map)) => Ok((crate::diff::diff(old_map, new_map), &new_map.title)),
        (None, Some(new_map)) => Ok((crate::diff::added(new_map), &new_map.title)),
        (Some(old_map), None) => Ok((crate::diff::removed(old_map), &old_map.title)),
        (None, None) => {
            Reporter::new(OutputFormat::Human).report(&neither(old.name(), new.name()));
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// The changes from a map's current state to its future state (`--future`).
fn future_changes(map: &Version) -> Result<(Vec<Change>, &str), ExitCode> {
    if let Some(failed) = map.failed() {
        Reporter::new(OutputFormat::Human).report(failed);
        return Err(ExitCode::from(EXIT_INVALID));
    }
    match map.map().and_then(Map::states) {
        Some((current, future)) => Ok((crate::diff::diff(current, future), &future.title)),
        None => {
            let loaded = Loaded::finding(
                crate::diag::SourceFile::new(map.name(), ""),
                Diagnostic::error(
                    "no-future",
                    format!("`{}` has no future state to compare with", map.name()),
                )
                .with_hint("add `future:` to the map (see docs/format.md), or give a second map to compare with"),
            );
            Reporter::new(OutputFormat::Human).report(&loaded);
            Err(ExitCode::from(EXIT_INVALID))
        }
    }
}

/// `--curves`: each side's emotion curve as a PNG in `dir`, written atomically.
fn write_curves(dir: &Path, old: &Version, new: &Version) -> Result<()> {
    use anyhow::Context as _;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    for (side, version) in [("old", old), ("new", new)] {
        let path = dir.join(format!("{side}.png"));
        let picture = version.map().and_then(|map| {
            let layout = crate::layout::layout(
                map,
                crate::layout::TextMeasurer::for_lang(map.lang.as_deref()),
            );
            crate::render::svg::curve_picture(map, &layout)
        });
        let Some(svg) = picture else {
            // A stale picture of an earlier run must not pass for this one.
            let _ = std::fs::remove_file(&path);
            continue;
        };
        #[cfg(feature = "png")]
        {
            let png = crate::render::raster::png(&svg, 1.0)
                .with_context(|| format!("cannot draw the curve of `{}`", version.name()))?;
            super::files::write_atomic(&path, &png)?;
        }
        #[cfg(not(feature = "png"))]
        {
            let _ = svg;
            anyhow::bail!(
                "this journeymap was built without `png` support; rebuild with `--features png`"
            );
        }
    }
    Ok(())
}

/// Both sides missing: nothing to compare, reported as an error.
fn neither(old: &str, new: &str) -> Loaded {
    let diagnostic = Diagnostic::error(
        "missing",
        format!("neither `{old}` nor `{new}` exists, so there is no map to compare"),
    )
    .with_hint("--allow-missing lets one side be missing, for a map that is added or deleted; check the paths");
    Loaded::finding(SourceFile::new(new, ""), diagnostic)
}

/// Loads one side of the comparison: a file if `arg` names one, otherwise `REV:path`
/// from git when it has a colon, otherwise a file (which then reports it is missing).
pub fn load_version(arg: &Path) -> Loaded {
    if arg.is_file() {
        return crate::load_path(arg);
    }
    match arg.to_str() {
        Some(spec) if spec.contains(':') && !spec.starts_with('-') => match git_show(spec) {
            Ok(text) => crate::load(SourceFile::new(spec, text)),
            Err(diagnostic) => Loaded::finding(SourceFile::new(spec, ""), diagnostic),
        },
        _ => crate::load_path(arg),
    }
}

/// The text of `REV:path` as git stores it, with the same limits as a map file.
fn git_show(spec: &str) -> Result<String, Diagnostic> {
    let hint = "`REV:path` reads a map from git: check the revision (`git log --oneline`) and that the path, from the repository root, exists there (`git ls-tree -r REV --name-only`); a path that exists as a file is read as a file";
    let mut child = Command::new("git")
        .args(["--no-pager", "show", spec])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Diagnostic::error(
                "git",
                format!(
                    "`{spec}` is not a file, and git cannot be run to read it as REV:path: {e}"
                ),
            )
            .with_hint("install git, or give the path of a map file")
        })?;
    // Drain stderr on its own thread so a chatty git cannot block on a full pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let text = match child.stdout.take() {
        Some(stdout) => crate::read_text(spec, stdout),
        None => Ok(String::new()),
    };
    // stdout is closed now; a git still writing gets SIGPIPE and ends.
    let status = child.wait();
    let stderr = stderr
        .and_then(|handle| handle.join().ok())
        .unwrap_or_default();
    let success = status.as_ref().is_ok_and(|s| s.success());
    let text = match (success, text) {
        (true, text) => text?,
        // Refused while reading (too large, not text), which made git stop early.
        (false, Err(diagnostic)) if stderr.trim().is_empty() => return Err(diagnostic),
        (false, _) => {
            let reason: String = stderr
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .unwrap_or("git failed")
                .chars()
                .filter(|&c| !crate::controls::is_control(c))
                .collect();
            return Err(Diagnostic::error(
                "git",
                format!("`{spec}` is not a file, and git cannot read it as REV:path: {reason}"),
            )
            .with_hint(hint));
        }
    };
    if text.starts_with(&format!("tree {spec}\n\n")) {
        return Err(Diagnostic::error(
            "git",
            format!("`{spec}` is a folder in git, not a map file"),
        )
        .with_hint(hint));
    }
    Ok(text)
}
