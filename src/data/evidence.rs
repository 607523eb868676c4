//! Evidence: interview quotes, survey verbatims, analytics findings, support
//! tickets and observations, one row each, referred to by id from touchpoints.
//!
//! A `participant` column (or any column besides the six read) is never read, so
//! it can never be rendered.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{Cell, DataReport, Table, cell};
use super::{Ids, UnknownIds};
use crate::date::Date;
use crate::diag::{Diagnostic, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EvidenceKind {
    Interview,
    Survey,
    Analytics,
    Support,
    Observation,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 5] = [
        EvidenceKind::Interview,
        EvidenceKind::Survey,
        EvidenceKind::Analytics,
        EvidenceKind::Support,
        EvidenceKind::Observation,
    ];
    pub fn key(self) -> &'static str {
        match self {
            EvidenceKind::Interview => "interview",
            EvidenceKind::Survey => "survey",
            EvidenceKind::Analytics => "analytics",
            EvidenceKind::Support => "support",
            EvidenceKind::Observation => "observation",
        }
    }
}

/// One row of the evidence file.
#[derive(Clone, Debug, PartialEq)]
pub struct EvidenceRow {
    pub touchpoint: String,
    pub kind: EvidenceKind,
    pub quote: String,
    pub source: String,
    pub date: Option<Date>,
}

/// Most evidence rows read: each may be shown on the map.
pub const MAX_EVIDENCE_ROWS: usize = 5_000;

/// Reads the evidence file at `path` into rows by id.
pub(crate) fn read(
    path: &Path,
    name: &str,
    at: Span,
    ids: &Ids,
) -> Result<(BTreeMap<String, EvidenceRow>, Option<DataReport>), Diagnostic> {
    let mut table = Table::open(path, name, at)?;
    let mut rows = BTreeMap::new();
    let wanted = ["id", "touchpoint", "kind", "quote", "source", "date"];
    let Some(found) = table.columns(&wanted) else {
        return Ok((rows, table.finish()));
    };
    let mut unknown = UnknownIds::default();
    let mut record = csv::ByteRecord::new();
    while let Some(row) = table.next_row(&mut record) {
        let at = |field| Cell { record: row, field };
        let Some(cells) = found
            .iter()
            .map(|&col| cell(&record, col).map(clean))
            .collect::<Option<Vec<String>>>()
        else {
            table.problem(
                Some(at(0)),
                Diagnostic::error(
                    "not-text",
                    format!("a row of `{}` is not UTF-8 text", table.name),
                ),
            );
            continue;
        };
        let [id, touchpoint, kind, quote, source, date] =
            <[String; 6]>::try_from(cells).unwrap_or_default();
        if rows.len() >= MAX_EVIDENCE_ROWS {
            table.problem(
                Some(at(found[0])),
                Diagnostic::error(
                    "too-large",
                    format!("`{}` has more than {MAX_EVIDENCE_ROWS} rows", table.name),
                )
                .with_hint(
                    "keep the evidence that backs this map; split the rest into other files",
                ),
            );
            break;
        }
        if id.is_empty() || rows.contains_key(&id) {
            let message = if id.is_empty() {
                format!("a row of `{}` has no id", table.name)
            } else {
                format!("id `{id}` is given twice in `{}`", table.name)
            };
            table.problem(
                Some(at(found[0])),
                Diagnostic::error("duplicate-id", message),
            );
            continue;
        }
        if !ids.touchpoints.contains_key(touchpoint.as_str()) {
            unknown.note(&touchpoint, at(found[1]));
            continue;
        }
        let Some(kind) = EvidenceKind::ALL.into_iter().find(|k| k.key() == kind) else {
            let keys: Vec<&str> = EvidenceKind::ALL.iter().map(|k| k.key()).collect();
            table.problem(
                Some(at(found[2])),
                Diagnostic::error(
                    "bad-kind",
                    format!(
                        "evidence kind `{kind}` in `{}` is not one of {}",
                        table.name,
                        keys.join(", ")
                    ),
                )
                .suggest(&kind, keys.iter().copied()),
            );
            continue;
        };
        let date = if date.is_empty() {
            None
        } else if let Ok(parsed) = Date::parse(&date) {
            Some(parsed)
        } else {
            table.problem(
                Some(at(found[5])),
                Diagnostic::error(
                    "invalid-date",
                    format!("`{date}` in `{}` is not a date", table.name),
                )
                .with_hint("write dates as YYYY-MM-DD"),
            );
            continue;
        };
        if quote.is_empty() {
            table.problem(
                Some(at(found[3])),
                Diagnostic::error(
                    "missing-cell",
                    format!("evidence `{id}` in `{}` has no quote", table.name),
                ),
            );
            continue;
        }
        rows.insert(
            id,
            EvidenceRow {
                touchpoint,
                kind,
                quote,
                source,
                date,
            },
        );
    }
    unknown.report(&mut table, "touchpoint", ids.touchpoints.keys().copied());
    Ok((rows, table.finish()))
}

/// A cell as shown on the map: control characters dropped, at most
/// [`crate::limits::MAX_TEXT_CHARS`] characters, line breaks as spaces.
fn clean(text: &str) -> String {
    let flat = text.replace(['\r', '\n'], " ");
    crate::controls::strip(&flat)
        .chars()
        .take(crate::limits::MAX_TEXT_CHARS)
        .collect()
}
