//! A funnel export: per touchpoint, how many entered it and how many completed it
//! (and, optionally, the median time spent).

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{Cell, DataReport, Table, cell};
use super::{Ids, UnknownIds};
use crate::diag::{Diagnostic, Span};

/// One touchpoint's funnel numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelRow {
    pub entered: u64,
    pub completed: u64,
    pub median_seconds: Option<f64>,
}

impl FunnelRow {
    /// `completed / entered` in percent; `None` when nobody entered.
    pub fn conversion(&self) -> Option<f64> {
        (self.entered > 0).then(|| self.completed as f64 * 100.0 / self.entered as f64)
    }
}

/// Reads the funnel at `path` into rows by touchpoint key.
pub(crate) fn read(
    path: &Path,
    name: &str,
    at: Span,
    ids: &Ids,
) -> Result<(BTreeMap<String, FunnelRow>, Option<DataReport>), Diagnostic> {
    let mut table = Table::open(path, name, at)?;
    let mut rows = BTreeMap::new();
    let Some(found) = table.columns(&["touchpoint", "entered", "completed"]) else {
        return Ok((rows, table.finish()));
    };
    let median_col = table.header.iter().position(|h| h == "median_seconds");
    let mut unknown = UnknownIds::default();
    let mut first_row: BTreeMap<String, Cell> = BTreeMap::new();
    let mut record = csv::ByteRecord::new();
    while let Some(row) = table.next_row(&mut record) {
        let at = |field| Cell { record: row, field };
        let key = cell(&record, found[0]).unwrap_or_default().to_owned();
        if !ids.touchpoints.contains_key(key.as_str()) {
            unknown.note(&key, at(found[0]));
            continue;
        }
        if first_row.contains_key(&key) {
            table.problem(
                Some(at(found[0])),
                Diagnostic::error(
                    "duplicate-row",
                    format!("touchpoint `{key}` has two rows in `{}`", table.name),
                )
                .with_hint("keep one row per touchpoint"),
            );
            continue;
        }
        let count = |col: usize, what: &str, table: &mut Table| {
            let text = cell(&record, col).unwrap_or_default();
            let parsed = text.parse::<u64>().ok();
            if parsed.is_none() {
                let shown = crate::controls::for_terminal(text).into_owned();
                table.problem(
                    Some(at(col)),
                    Diagnostic::error(
                        "bad-count",
                        format!(
                            "`{what}` of `{key}` in `{}` should be a whole number, found `{shown}`",
                            table.name
                        ),
                    ),
                );
            }
            parsed
        };
        let (Some(entered), Some(completed)) = (
            count(found[1], "entered", &mut table),
            count(found[2], "completed", &mut table),
        ) else {
            continue;
        };
        if completed > entered {
            table.problem(
                Some(at(found[2])),
                Diagnostic::error(
                    "bad-count",
                    format!(
                        "more completed `{key}` ({completed}) than entered it ({entered}) in `{}`",
                        table.name
                    ),
                ),
            );
            continue;
        }
        let median_seconds = match median_col
            .map(|col| (col, cell(&record, col).unwrap_or_default()))
        {
            None | Some((_, "")) => None,
            Some((col, text)) => {
                match text
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                {
                    Some(seconds) => Some(seconds),
                    None => {
                        table.problem(
                        Some(at(col)),
                        Diagnostic::error(
                            "bad-count",
                            format!("`median_seconds` of `{key}` in `{}` is not a number of seconds", table.name),
                        ),
                    );
                        continue;
                    }
                }
            }
        };
        first_row.insert(key.clone(), at(found[0]));
        rows.insert(
            key,
            FunnelRow {
                entered,
                completed,
                median_seconds,
            },
        );
    }
    unknown.report(&mut table, "touchpoint", ids.touchpoints.keys().copied());
    Ok((rows, table.finish()))
}
