//! A repository's settings for journeymap: `journeymap.toml` (ignore globs, default
//! output formats, paper size, maximum age of a review) and `.journeymapignore` (one
//! glob a line). Both are read from the nearest folder, starting at the current one
//! and going up to the repository root (the first folder holding `.git`), that has
//! either; every value is checked when it is read, each error at its line and column.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::Loaded;
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::layout::PaperSize;
use crate::limits::{MAX_GLOB_BYTES, MAX_IGNORE_GLOBS};
use crate::render::Format;

pub const CONFIG_FILE: &str = "journeymap.toml";
pub const IGNORE_FILE: &str = ".journeymapignore";

/// Longest `max_age` accepted: a hundred years, in days.
const MAX_AGE_DAYS: i64 = 36_500;

/// The settings in force; [`Config::default`] when no file sets anything.
#[derive(Debug, Default)]
pub struct Config {
    /// The folder the settings were found in; ignore globs are relative to it.
    pub root: PathBuf,
    /// From `ignore` in `journeymap.toml`, then each line of `.journeymapignore`.
    pub ignore: Vec<IgnoreGlob>,
    /// `formats`: what `build` writes when `--format` is not given.
    pub formats: Option<Vec<Format>>,
    /// `paper`: the default of `build --paper`.
    pub paper: Option<PaperSize>,
    /// `max_age` in days (`"180d"`): how long ago a map's `reviewed` date may be;
    /// the default of `check --max-age`.
    pub max_age_days: Option<i64>,
}

/// One ignore glob, matched the way `.gitignore` matches: a glob without `/` matches
/// a file or folder name at any depth; one with `/` matches the path from the
/// settings' folder; a trailing `/` matches folders only. Everything below an
/// ignored folder is ignored.
#[derive(Debug)]
pub struct IgnoreGlob {
    pattern: glob::Pattern,
    anchored: bool,
    folders_only: bool,
}

/// The shape of `journeymap.toml`; unknown keys are errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    ignore: Option<Vec<Spanned<String>>>,
    formats: Option<Spanned<Vec<Spanned<String>>>>,
    paper: Option<Spanned<String>>,
    max_age: Option<Spanned<String>>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

impl IgnoreGlob {
    /// Reads one glob, or says what is wrong with it and where (a byte offset into
    /// `text`).
    fn parse(text: &str) -> Result<IgnoreGlob, (usize, String)> {
        if text.len() > MAX_GLOB_BYTES {
            return Err((
                0,
                format!(
                    "a glob is at most {MAX_GLOB_BYTES} bytes; this one has {}",
                    text.len()
                ),
            ));
        }
        if text.starts_with('!') {
            return Err((
                0,
                "`!` (take back an ignore) is not supported; narrow the glob instead".to_owned(),
            ));
        }
        let folders_only = text.ends_with('/');
        let trimmed = text.trim_end_matches('/');
        let anchored = trimmed.contains('/');
        let unrooted = trimmed.trim_start_matches('/');
        if unrooted.is_empty() {
            return Err((0, "an empty glob ignores nothing".to_owned()));
        }
        let pattern = glob::Pattern::new(unrooted).map_err(|error| {
            let offset = text.len() - text.trim_start_matches('/').len();
            (offset + error.pos, format!("invalid glob: {}", error.msg))
        })?;
        Ok(IgnoreGlob {
            pattern,
            anchored,
            folders_only,
        })
    }

    /// Whether this glob ignores `relative` (a path below the settings' folder),
    /// a folder when `is_folder`.
    fn ignores(&self, relative: &Path, is_folder: bool) -> bool {
        if self.folders_only && !is_folder {
            return false;
        }
        if self.anchored {
            self.pattern.matches_path_with(relative, MATCH)
        } else {
            relative
                .file_name()
                .is_some_and(|name| self.pattern.matches_with(&name.to_string_lossy(), MATCH))
        }
    }
}

impl Config {
    /// The settings for commands run in the current folder: see the module doc.
    /// Errors come as files with diagnostics, for the reporter.
    pub fn discover() -> Result<Config, Vec<Loaded>> {
        let Ok(here) = std::env::current_dir().and_then(std::fs::canonicalize) else {
            return Ok(Config::default());
        };
        for folder in here.ancestors() {
            let config = folder.join(CONFIG_FILE);
            let ignore = folder.join(IGNORE_FILE);
            if config.is_file() || ignore.is_file() {
                return Config::read(folder);
            }
            if folder.join(".git").exists() {
                break;
            }
        }
        Ok(Config::default())
    }

    /// Reads `journeymap.toml` and `.journeymapignore` in `folder`, either or both
    /// may be missing.
    pub fn read(folder: &Path) -> Result<Config, Vec<Loaded>> {
        let mut config = Config {
            root: folder.to_path_buf(),
            ..Config::default()
        };
        let mut failed = Vec::new();
        for (name, parse) in [
            (
                CONFIG_FILE,
                Config::parse_toml as fn(&mut Config, &SourceFile) -> Vec<Diagnostic>,
            ),
            (IGNORE_FILE, Config::parse_ignore_file),
        ] {
            let path = folder.join(name);
            if !path.is_file() {
                continue;
            }
            // Named as from the current folder, as map files are.
            let here = std::env::current_dir().and_then(std::fs::canonicalize);
            let relative = here
                .ok()
                .and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf));
            let shown = crate::controls::path_for_terminal(relative.as_deref().unwrap_or(&path));
            let file = match std::fs::File::open(&path)
                .map_err(|error| {
                    Diagnostic::error("unreadable", format!("cannot read `{shown}`: {error}"))
                })
                .and_then(|reader| crate::read_text(&shown, reader))
            {
                Ok(text) => SourceFile::new(shown, text),
                Err(diagnostic) => {
                    failed.push(Loaded::finding(SourceFile::new(shown, ""), diagnostic));
                    continue;
                }
            };
            let diagnostics = parse(&mut config, &file);
            if !diagnostics.is_empty() {
                failed.push(Loaded::findings(file, diagnostics));
            }
        }
        if failed.is_empty() {
            Ok(config)
        } else {
            Err(failed)
        }
    }

    /// Adds one ignore glob, or says what is wrong with it and where.
    fn add_glob(&mut self, text: &str) -> Result<(), (usize, String)> {
        if self.ignore.len() >= MAX_IGNORE_GLOBS {
            return Err((
                0,
                format!("more than {MAX_IGNORE_GLOBS} ignore globs; ignore a folder instead"),
            ));
        }
        self.ignore.push(IgnoreGlob::parse(text)?);
        Ok(())
    }

    /// Reads `journeymap.toml`: the first error TOML itself finds, or every bad value.
    fn parse_toml(&mut self, file: &SourceFile) -> Vec<Diagnostic> {
        let parsed: ConfigFile = match toml::from_str(&file.text) {
            Ok(parsed) => parsed,
            Err(error) => {
                let mut diagnostic = Diagnostic::error("config", error.message().trim().to_owned())
                    .with_hint(format!(
                        "{CONFIG_FILE} takes `ignore`, `formats`, `paper` and `max_age`; see docs/format.md"
                    ));
                if let Some(range) = error.span() {
                    diagnostic = diagnostic.at(Span::new(range.start, range.end));
                }
                return vec![diagnostic];
            }
        };
        let mut problems = Vec::new();
        let at = |value: &Spanned<String>| Span::new(value.span().start, value.span().end);
        // A TOML string's span includes its quotes; a glob's offsets count from after
        // the opening one.
        let quote = |value: &Spanned<String>| {
            usize::from(file.text[value.span().start..].starts_with(['"', '\'']))
        };
        for glob in parsed.ignore.iter().flatten() {
            match self.add_glob(glob.get_ref()) {
                Ok(()) => {}
                Err((offset, why)) => {
                    let start = glob.span().start + quote(glob) + offset;
                    problems.push(
                        Diagnostic::error("config", format!("bad `ignore` glob: {why}"))
                            .at(Span::new(start, (start + 1).min(glob.span().end))),
                    );
                }
            }
        }
        if let Some(formats) = parsed.formats {
            let mut chosen = Vec::new();
            for name in formats.get_ref() {
                match Format::ALL.iter().find(|f| f.extension() == name.get_ref()) {
                    Some(format) => chosen.push(*format),
                    None => problems.push(
                        Diagnostic::error(
                            "config",
                            format!("unknown format `{}` in `formats`", name.get_ref()),
                        )
                        .at(at(name))
                        .suggest(name.get_ref(), Format::ALL.map(Format::extension))
                        .with_hint(format!(
                            "`formats` takes {}",
                            Format::ALL
                                .map(|f| format!("`{}`", f.extension()))
                                .join(", ")
                        )),
                    ),
                }
            }
            if formats.get_ref().is_empty() {
                problems.push(
                    Diagnostic::error(
                        "config",
                        "`formats` is empty, so `build` would write nothing",
                    )
                    .at(Span::new(formats.span().start, formats.span().end))
                    .with_hint("name at least one, such as `formats = [\"html\", \"svg\"]`"),
                );
            }
            chosen.sort();
            chosen.dedup();
            self.formats = Some(chosen);
        }
        if let Some(paper) = parsed.paper {
            let names = PaperSize::ALL.map(PaperSize::name);
            let lower = paper.get_ref().to_ascii_lowercase();
            if let Some(size) = PaperSize::ALL.into_iter().find(|s| s.name() == lower) {
                self.paper = Some(size);
            } else {
                problems.push(
                    Diagnostic::error(
                        "config",
                        format!("unknown paper size `{}`", paper.get_ref()),
                    )
                    .at(at(&paper))
                    .suggest(&lower, names)
                    .with_hint(format!("`paper` takes {}", names.join(", "))),
                );
            }
        }
        if let Some(max_age) = parsed.max_age {
            match parse_days(max_age.get_ref()) {
                Some(days) => self.max_age_days = Some(days),
                None => problems.push(
                    Diagnostic::error(
                        "config",
                        format!("`max_age` is `{}`, not a number of days", max_age.get_ref()),
                    )
                    .at(at(&max_age))
                    .with_hint(format!(
                        "write it like \"180d\", at most {MAX_AGE_DAYS} days"
                    )),
                ),
            }
        }
        problems
    }

    /// Reads `.journeymapignore`: one glob a line; blank lines and lines starting
    /// with `#` are skipped.
    fn parse_ignore_file(&mut self, file: &SourceFile) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut line_start = 0;
        for line in file.text.split_inclusive('\n') {
            let text = line.trim_end_matches(['\n', '\r']);
            let leading = text.len() - text.trim_start().len();
            let glob = text.trim();
            if !glob.is_empty() && !glob.starts_with('#') {
                match self.add_glob(glob) {
                    Ok(()) => {}
                    Err((offset, why)) => {
                        let start = line_start + leading + offset;
                        problems.push(
                            Diagnostic::error("config", format!("bad ignore glob: {why}"))
                                .at(Span::new(start, start + 1)),
                        );
                    }
                }
            }
            line_start += line.len();
        }
        problems
    }

    /// Whether `path` (canonical, or a canonical folder joined with names) is
    /// ignored: it or a folder above it matches an ignore glob.
    pub fn ignores(&self, path: &Path, is_folder: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        if self.ignore.is_empty() || relative.as_os_str().is_empty() {
            return false;
        }
        let mut below = Some(relative);
        let mut folder = is_folder;
        while let Some(part) = below.filter(|p| !p.as_os_str().is_empty()) {
            if self.ignore.iter().any(|glob| glob.ignores(part, folder)) {
                return true;
            }
            below = part.parent();
            folder = true;
        }
        false
    }
}

/// `"180d"` (or `"180"`) as 180: the one way `max_age` and `check --max-age` read
/// a number of days, 0 to a hundred years.
pub fn parse_days(text: &str) -> Option<i64> {
    let days = text.strip_suffix('d').unwrap_or(text);
    if days.is_empty() || !days.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    days.parse::<i64>()
        .ok()
        .filter(|d| (0..=MAX_AGE_DAYS).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(text: &str) -> (Config, Vec<Diagnostic>, SourceFile) {
        let file = SourceFile::new("journeymap.toml", text);
        let mut config = Config::default();
        let problems = config.parse_toml(&file);
        (config, problems, file)
    }

    fn position(file: &SourceFile, problem: &Diagnostic) -> (usize, usize) {
        let p = file.position(problem.span.map_or(0, |s| s.start));
        (p.line, p.column)
    }

    #[test]
    fn reads_all_four_keys() {
        let (config, problems, _) = toml(
            "ignore = [\"drafts/\", \"*.tmp.yaml\"]\nformats = [\"png\", \"html\"]\npaper = \"A4\"\nmax_age = \"26d\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.ignore.len(), 2);
        assert_eq!(config.formats, Some(vec![Format::Html, Format::Png]));
        assert_eq!(config.paper, Some(PaperSize::A4));
        assert_eq!(config.max_age_days, Some(26));
    }

    #[test]
    fn every_bad_value_at_its_line_and_column() {
        let (_, problems, file) = toml(
            "ignore = [\"ok/\", \"[oops\"]\nformats = [\"html\", \"svgg\"]\npaper = \"a9\"\nmax_age = \"six months\"\n",
        );
        let found: Vec<(usize, usize)> = problems.iter().map(|p| position(&file, p)).collect();
        assert_eq!(found, [(1, 19), (2, 20), (3, 9), (4, 11)], "{problems:?}");
        assert!(problems[1].label.as_deref() == Some("did you mean `svg`?"));
    }

    #[test]
    fn unknown_keys_and_wrong_types_point_at_their_line() {
        let (_, problems, file) = toml("paper = \"a4\"\nmax-age = \"180d\"\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(position(&file, &problems[0]), (2, 1));
        assert!(
            problems[0].message.contains("max-age"),
            "{}",
            problems[0].message
        );
        let (_, problems, file) = toml("\n\nformats = \"html\"\n");
        assert_eq!(position(&file, &problems[0]).0, 3);
    }

    #[test]
    fn ignore_file_lines() {
        let file = SourceFile::new(".journeymapignore", "# drafts\n\nvendor/\n  !keep.yaml\n");
        let mut config = Config::default();
        let problems = config.parse_ignore_file(&file);
        assert_eq!(config.ignore.len(), 1);
        assert_eq!(problems.len(), 1);
        assert_eq!(position(&file, &problems[0]), (4, 3));
    }

    #[test]
    fn globs_match_like_gitignore() {
        let config = Config {
            root: PathBuf::from("/repo"),
            ignore: ["drafts/", "*.tmp.yaml", "docs/old/*.yaml"]
                .iter()
                .map(|g| IgnoreGlob::parse(g).unwrap_or_else(|e| unreachable!("{e:?}")))
                .collect(),
            ..Config::default()
        };
        let ignores = |path: &str, folder| config.ignores(Path::new(path), folder);
        assert!(ignores("/repo/maps/drafts", true));
        assert!(ignores("/repo/maps/drafts/a.yaml", false));
        assert!(!ignores("/repo/maps/drafts.yaml", false), "folders only");
        assert!(ignores("/repo/a/b.tmp.yaml", false));
        assert!(ignores("/repo/docs/old/x.yaml", false));
        assert!(
            !ignores("/repo/docs/old/deeper/x.yaml", false),
            "* stops at /"
        );
        assert!(
            !ignores("/repo/maps/old/x.yaml", false),
            "anchored at the root"
        );
        assert!(!ignores("/elsewhere/drafts/a.yaml", false));
    }

    #[test]
    fn globs_are_bounded_in_number_and_length() {
        let many: String = (0..=MAX_IGNORE_GLOBS).map(|i| format!("g{i}\n")).collect();
        let file = SourceFile::new(".journeymapignore", many);
        let mut config = Config::default();
        let problems = config.parse_ignore_file(&file);
        assert_eq!(config.ignore.len(), MAX_IGNORE_GLOBS);
        assert_eq!(problems.len(), 1);
        assert_eq!(position(&file, &problems[0]).0, MAX_IGNORE_GLOBS + 1);
        let long = format!("ignore = [\"{}\"]\n", "*a".repeat(200));
        let (config, problems, _) = toml(&long);
        assert!(config.ignore.is_empty());
        assert!(
            problems[0].message.contains("at most 256 bytes"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn days() {
        assert_eq!(parse_days("180d"), Some(180));
        assert_eq!(parse_days("180"), Some(180));
        assert_eq!(parse_days("0d"), Some(0));
        for bad in [
            "",
            "d",
            "-1d",
            "+3d",
            "1.5d",
            "36501d",
            "99999999999999999999d",
            "2w",
        ] {
            assert_eq!(parse_days(bad), None, "{bad}");
        }
    }
}
