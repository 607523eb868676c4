//! The data beside a map: survey responses, a funnel and evidence quotes, read from
//! the CSV files its `data:` names.
//!
//! This stage sits between [`crate::format`] and [`crate::model`]: it reads the
//! files (paths relative to the map's folder, never leaving it), checks every row
//! against the ids the map defines, and hands the model plain aggregates ([`DataSet`])
//! from which `emotion: survey` scores and `expect` claims are computed. Problems in
//! a CSV file are [`Diagnostic`]s against that file ([`DataReport`]); problems with
//! a path are against the map. A theme in a file of its own (`theme: brand.yaml`)
//! and a theme's logo are read here too ([`theme`], [`logo`]), by the same path rule.

pub mod evidence;
pub mod funnel;
pub mod logo;
pub mod stats;
pub mod survey;
pub mod table;
pub mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use evidence::{EvidenceKind, EvidenceRow};
pub use funnel::FunnelRow;
pub use stats::Stats;
pub use survey::SurveyData;
pub use table::DataReport;

use crate::diag::Diagnostic;
use crate::format::{MapDoc, Text};

/// Everything read from a map's data files.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataSet {
    pub survey: Option<SurveyData>,
    /// Funnel rows by touchpoint key.
    pub funnel: BTreeMap<String, FunnelRow>,
    /// Evidence rows by id, in file order of their ids.
    pub evidence: BTreeMap<String, EvidenceRow>,
    /// Whether the map has a `data:` key at all.
    pub declared: bool,
    /// Whether `data.evidence` names a file.
    pub evidence_file: bool,
}

impl DataSet {
    pub fn declared_evidence(&self) -> bool {
        self.evidence_file
    }
}

/// The ids a map defines, for checking the rows of its data files.
pub(crate) struct Ids<'a> {
    pub touchpoints: BTreeMap<&'a str, usize>,
    pub personas: BTreeMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn of(doc: &'a MapDoc) -> Self {
        Ids {
            touchpoints: doc
                .touchpoints
                .iter()
                .enumerate()
                .filter_map(|(i, t)| Some((t.id.as_ref()?.value.as_str(), i)))
                .collect(),
            personas: doc
                .personas
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.value.as_str(), i))
                .collect(),
        }
    }
}

/// Reads the data files `doc` names. `folder` is the map file's folder; `None` for
/// a map that is not a file (text from a pipe), whose `data:` is refused.
/// Problems with paths go to `diagnostics`; problems inside a file to its report.
/// `sources` gets each file's path, found or not, so `serve` can watch it.
pub fn read(
    doc: &MapDoc,
    folder: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut Vec<PathBuf>,
) -> (DataSet, Vec<DataReport>) {
    let mut set = DataSet::default();
    let mut reports = Vec::new();
    let Some(data) = &doc.data else {
        return (set, reports);
    };
    set.declared = true;
    let ids = Ids::of(doc);
    let mut open = |written: &Text, diagnostics: &mut Vec<Diagnostic>| {
        resolve_path(written, folder, sources)
            .map_err(|d| diagnostics.push(d))
            .ok()
    };
    if let Some(survey) = &data.survey
        && let (Some(file), Some(touchpoint), Some(score), Some(scale)) = (
            &survey.file,
            &survey.touchpoint,
            &survey.score,
            &survey.scale,
        )
        && let Some(path) = open(file, diagnostics)
    {
        let columns = survey::Columns {
            touchpoint: &touchpoint.value,
            persona: survey.persona.as_ref().map(|p| p.value.as_str()),
            score: &score.value,
            date: survey.date.as_ref().map(|d| d.value.as_str()),
            scale: scale.value,
        };
        match survey::read(&path, &file.value, file.span, &columns, &ids) {
            Ok((data, report)) => {
                set.survey = Some(data);
                reports.extend(report);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if let Some(file) = &data.funnel
        && let Some(path) = open(file, diagnostics)
    {
        match funnel::read(&path, &file.value, file.span, &ids) {
            Ok((rows, report)) => {
                set.funnel = rows;
                reports.extend(report);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    set.evidence_file = data.evidence.is_some();
    if let Some(file) = &data.evidence
        && let Some(path) = open(file, diagnostics)
    {
        match evidence::read(&path, &file.value, file.span, &ids) {
            Ok((rows, report)) => {
                set.evidence = rows;
                reports.extend(report);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    close_reports(&mut reports);
    (set, reports)
}

/// Most problems reported for all of a map's data files together; each file also
/// keeps at most [`table::MAX_PROBLEMS_PER_FILE`].
pub const MAX_PROBLEMS_PER_MAP: usize = 200;

/// Keeps the first [`MAX_PROBLEMS_PER_MAP`] problems of the map's files, in file
/// order, and ends each file's report with a count of what it does not show.
fn close_reports(reports: &mut [DataReport]) {
    let mut room = MAX_PROBLEMS_PER_MAP;
    for report in reports {
        let keep = report.diagnostics.len().min(room);
        room -= keep;
        report.close(keep);
    }
}

/// The file a `data` path names, refused when it leaves the map's folder tree: an
/// absolute path, `..` climbing out, or a symlink pointing out. A pull request could
/// otherwise name `../../.env` or `/etc/passwd` and have CI print its lines in an
/// error excerpt.
fn resolve_path(
    written: &Text,
    folder: Option<&Path>,
    sources: &mut Vec<PathBuf>,
) -> Result<PathBuf, Diagnostic> {
    resolve_in_folder(written, folder, DATA_FILES, sources)
}

/// How [`resolve_in_folder`] reports a file it refuses or cannot read.
pub(crate) struct FileKind {
    pub path_code: &'static str,
    pub file_code: &'static str,
    pub hint: &'static str,
    /// The hint for a file that cannot be read.
    pub missing_hint: &'static str,
    /// How far from the map's folder the file may be.
    pub within: Within,
}

/// Where a file a map names may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Within {
    /// In the map's folder or below it (data files, a logo).
    MapFolder,
    /// Anywhere in the map's project ([`project_root`]), so maps in sibling
    /// folders can share one theme file.
    Project,
}

/// Files that mark a project's root folder, besides `.git`.
const PROJECT_MARKERS: [&str; 2] = ["journeymap.toml", ".journeymapignore"];

/// The project of the map in `folder` (canonical): the nearest folder, from
/// `folder` up, holding `journeymap.toml` or `.journeymapignore`, else the
/// repository root (the first holding `.git`); a map in neither is a project
/// of its own folder. The search never goes above the folder journeymap runs
/// in: a checkout without `.git` (a downloaded pull request) below a home folder
/// that has one must not make the whole home folder its project, nor may a
/// marker planted in `/tmp`.
pub(crate) fn project_root(folder: &Path) -> PathBuf {
    let here = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    for ancestor in folder.ancestors() {
        if !here.as_ref().is_some_and(|here| ancestor.starts_with(here)) {
            break;
        }
        if PROJECT_MARKERS.iter().any(|m| ancestor.join(m).is_file())
            || ancestor.join(".git").exists()
        {
            return ancestor.to_path_buf();
        }
    }
    folder.to_path_buf()
}

const DATA_FILES: FileKind = FileKind {
    path_code: "data-path",
    file_code: "data-file",
    hint: "data files live in the map's folder or below it; give a relative path like `data/survey.csv`",
    missing_hint: "paths in `data` are relative to the map file's folder",
    within: Within::MapFolder,
};

/// The regular file `written` names inside the map's `folder` tree (or project,
/// as `kind` says), or an error at it: an absolute path, `..` climbing out and a
/// symlink pointing out are refused. `sources` gets the file's path as a watcher
/// reports it, found or not, and where it really is, so `serve` rebuilds the map
/// when it changes ([`crate::Loaded::sources`]).
pub(crate) fn resolve_in_folder(
    written: &Text,
    folder: Option<&Path>,
    kind: FileKind,
    sources: &mut Vec<PathBuf>,
) -> Result<PathBuf, Diagnostic> {
    let mut note = |path: PathBuf| {
        if !sources.contains(&path) {
            sources.push(path);
        }
    };
    let refuse = |why: &str| {
        Diagnostic::error(kind.path_code, format!("`{}` {why}", written.value))
            .at(written.span)
            .with_hint(kind.hint)
    };
    let Some(folder) = folder else {
        return Err(Diagnostic::error(
            kind.path_code,
            format!(
                "`{}` cannot be read: the map was not read from a file, so it has no folder to find it in",
                written.value
            ),
        )
        .at(written.span)
        .with_hint("check or build the map's file on disk; `diff` compares such a map only as files, not as REV:path"));
    };
    let relative = Path::new(&written.value);
    if relative.is_absolute() || written.value.starts_with('/') || written.value.starts_with('\\') {
        return Err(refuse("is an absolute path"));
    }
    let inside =
        std::fs::canonicalize(folder).map_err(|e| refuse(&format!("cannot be read: {e}")))?;
    let (limit, outside) = match kind.within {
        Within::MapFolder => (inside.clone(), "leads outside the map's folder"),
        Within::Project => (
            project_root(&inside),
            "leads outside the map's project (the nearest folder up holding journeymap.toml or .git)",
        ),
    };
    // The path as written is checked first, so nothing outside is read, watched
    // or said to exist or not.
    if !lexically_normal(&inside.join(relative)).starts_with(&limit) {
        return Err(refuse(outside));
    }
    if let Some(path) = watched_path(folder, &written.value).filter(|p| p.starts_with(&limit)) {
        note(path);
    }
    let target = std::fs::canonicalize(inside.join(relative)).map_err(|e| {
        Diagnostic::error(
            kind.file_code,
            format!("cannot read `{}`: {e}", written.value),
        )
        .at(written.span)
        .with_hint(kind.missing_hint)
    })?;
    // Then where it really leads, through any symlink.
    if !target.starts_with(&limit) {
        return Err(refuse(outside));
    }
    if !target.is_file() {
        return Err(refuse("is not a regular file"));
    }
    note(target.clone());
    Ok(target)
}

/// `path` with `.` and `..` resolved by their names alone, following no link.
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A file's path as a watcher reports it: under the canonical path of the folder
/// it is written in (the file itself may be missing, or a link).
pub(crate) fn watched_path(folder: &Path, written: &str) -> Option<PathBuf> {
    let path = std::fs::canonicalize(folder).ok()?.join(written);
    let parent = std::fs::canonicalize(path.parent()?).ok()?;
    Some(parent.join(path.file_name()?))
}

/// An id from a data file that the map does not define, with how many rows use it.
pub(crate) struct Unknown {
    pub first: table::Cell,
    pub rows: u64,
}

/// The ids of one column that the map does not define, as rows stream past. At most
/// [`table::MAX_PROBLEMS_PER_FILE`] distinct ids are kept (each is one error); rows
/// naming further ones are only counted, so a file of a million distinct unknown
/// ids costs no more memory than one of a hundred.
#[derive(Default)]
pub(crate) struct UnknownIds {
    ids: BTreeMap<String, Unknown>,
    /// Rows naming an unknown id past those kept.
    more_rows: u64,
}

impl UnknownIds {
    /// Counts a row naming `id`, first seen at `first`.
    pub fn note(&mut self, id: &str, first: table::Cell) {
        if let Some(seen) = self.ids.get_mut(id) {
            seen.rows += 1;
        } else if self.ids.len() < table::MAX_PROBLEMS_PER_FILE {
            self.ids.insert(id.to_owned(), Unknown { first, rows: 1 });
        } else {
            self.more_rows += 1;
        }
    }

    /// Reports each unknown id once, with its row count and a "did you mean" from
    /// `known`, and the rows naming ids past those kept in one more error.
    pub fn report<'a>(
        self,
        table: &mut table::Table,
        what: &str,
        known: impl Iterator<Item = &'a str> + Clone,
    ) {
        for (id, seen) in self.ids {
            let rows = if seen.rows == 1 {
                String::new()
            } else {
                format!(" ({} rows)", crate::number::thousands(seen.rows))
            };
            let id_shown = crate::controls::for_terminal(&id).into_owned();
            let diagnostic = Diagnostic::error(
                "unknown-ref",
                format!("unknown {what} `{id_shown}` in `{}`{rows}", table.name),
            )
            .suggest(&id, known.clone())
            .with_hint(format!(
                "the map's {what}s are {}",
                crate::diag::list_known(known.clone().collect::<Vec<_>>().into_iter())
            ));
            table.problem(Some(seen.first), diagnostic);
        }
        if self.more_rows > 0 {
            let message = format!(
                "{} more rows of `{}` name {what}s the map does not define",
                crate::number::thousands(self.more_rows),
                table.name
            );
            table.problem(None, Diagnostic::error("unknown-ref", message));
        }
    }
}
