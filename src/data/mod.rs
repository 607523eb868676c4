//! The data beside a map: survey responses, a funnel and evidence quotes, read from
//! the CSV files its `data:` names.
//!
//! This stage sits between [`crate::format`] and [`crate::model`]: it reads the
//! files (paths relative to the map's folder, never leaving it), checks every row
//! against the ids the map defines, and hands the model plain aggregates ([`DataSet`])
//! from which `emotion: survey` scores and `expect` claims are computed. Problems in
//! a CSV file are [`Diagnostic`]s against that file ([`DataReport`]); problems with
//! a path are against the map.

pub mod evidence;
pub mod funnel;
pub mod stats;
pub mod survey;
pub mod table;

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
pub fn read(
    doc: &MapDoc,
    folder: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (DataSet, Vec<DataReport>) {
    let mut set = DataSet::default();
    let mut reports = Vec::new();
    let Some(data) = &doc.data else {
        return (set, reports);
    };
    set.declared = true;
    let ids = Ids::of(doc);
    let open = |written: &Text, diagnostics: &mut Vec<Diagnostic>| {
        resolve_path(written, folder)
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
    (set, reports)
}

/// The file a `data` path names, refused when it leaves the map's folder tree: an
/// absolute path, `..` climbing out, or a symlink pointing out. A pull request could
/// otherwise name `../../.env` or `/etc/passwd` and have CI print its lines in an
/// error excerpt.
fn resolve_path(written: &Text, folder: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: &str| {
        Diagnostic::error("data-path", format!("`{}` {why}", written.value))
            .at(written.span)
            .with_hint("data files live in the map's folder or below it; give a relative path like `data/survey.csv`")
    };
    let Some(folder) = folder else {
        return Err(refuse("cannot be read: the map was not read from a file"));
    };
    let relative = Path::new(&written.value);
    if relative.is_absolute() || written.value.starts_with('/') || written.value.starts_with('\\') {
        return Err(refuse("is an absolute path"));
    }
    let inside =
        std::fs::canonicalize(folder).map_err(|e| refuse(&format!("cannot be read: {e}")))?;
    let target = std::fs::canonicalize(inside.join(relative)).map_err(|e| {
        Diagnostic::error("data-file", format!("cannot read `{}`: {e}", written.value))
            .at(written.span)
            .with_hint("paths in `data` are relative to the map file's folder")
    })?;
    if !target.starts_with(&inside) {
        return Err(refuse("leads outside the map's folder"));
    }
    if !target.is_file() {
        return Err(refuse("is not a regular file"));
    }
    Ok(target)
}

/// An id from a data file that the map does not define, with how many rows use it.
pub(crate) struct Unknown {
    pub first: table::Cell,
    pub rows: u64,
}

/// Reports the unknown ids of one column, each once with its row count and a
/// "did you mean" from `known`.
pub(crate) fn report_unknown<'a>(
    table: &mut table::Table,
    what: &str,
    unknown: BTreeMap<String, Unknown>,
    known: impl Iterator<Item = &'a str> + Clone,
) {
    for (id, seen) in unknown {
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
}
