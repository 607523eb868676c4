//! A survey export: one row per response, aggregated per touchpoint and persona as
//! the rows stream past.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{Cell, DataReport, Table, cell};
use super::{Ids, Stats, UnknownIds};
use crate::date::Date;
use crate::diag::{Diagnostic, Span};
use crate::number::exact;

/// Which columns of the export mean what, from `data.survey`.
pub struct Columns<'a> {
    pub touchpoint: &'a str,
    pub persona: Option<&'a str>,
    pub score: &'a str,
    pub date: Option<&'a str>,
    /// The survey's own scale.
    pub scale: (f64, f64),
}

/// The responses, aggregated on the survey's own scale.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyData {
    /// The survey's scale, `(low, high)`.
    pub scale: (f64, f64),
    /// All responses of a touchpoint, by touchpoint index in the map.
    pub by_touchpoint: BTreeMap<usize, Stats>,
    /// Responses of a persona at a touchpoint, by (touchpoint, persona) index.
    pub by_persona: BTreeMap<(usize, usize), Stats>,
    /// Whether a persona column was given.
    pub per_persona: bool,
    /// Responses counted.
    pub responses: u64,
    /// Rows with an empty answer, not counted.
    pub unanswered: u64,
    /// The oldest and newest response dates, when a date column was given.
    pub first: Option<Date>,
    pub newest: Option<Date>,
}

/// Reads and aggregates the survey at `path`; `at` is its path in the map.
pub(crate) fn read(
    path: &Path,
    name: &str,
    at: Span,
    columns: &Columns,
    ids: &Ids,
) -> Result<(SurveyData, Option<DataReport>), Diagnostic> {
    let mut table = Table::open(path, name, at)?;
    let mut wanted = vec![columns.touchpoint, columns.score];
    wanted.extend(columns.persona);
    wanted.extend(columns.date);
    let mut data = SurveyData {
        scale: columns.scale,
        per_persona: columns.persona.is_some(),
        ..SurveyData::default()
    };
    let Some(found) = table.columns(&wanted) else {
        return Ok((data, table.finish()));
    };
    let (tp_col, score_col) = (found[0], found[1]);
    let persona_col = columns.persona.map(|_| found[2]);
    let date_col = columns.date.map(|_| found[found.len() - 1]);
    let decimal_comma = table.delimiter == b';';
    let (low, high) = columns.scale;
    let mut unknown_touchpoints = UnknownIds::default();
    let mut unknown_personas = UnknownIds::default();
    let mut no_persona: Option<(Cell, u64)> = None;
    let mut record = csv::ByteRecord::new();
    while let Some(row) = table.next_row(&mut record) {
        let at = |field| Cell { record: row, field };
        let Some(tp_text) = cell(&record, tp_col) else {
            table.problem(Some(at(tp_col)), not_utf8(&table.name));
            continue;
        };
        let Some(score_text) = cell(&record, score_col) else {
            table.problem(Some(at(score_col)), not_utf8(&table.name));
            continue;
        };
        if tp_text.is_empty() {
            table.problem(
                Some(at(tp_col)),
                Diagnostic::error(
                    "missing-cell",
                    format!("a response in `{}` has no touchpoint", table.name),
                )
                .with_label(format!("empty `{}`", columns.touchpoint)),
            );
            continue;
        }
        let Some(&touchpoint) = ids.touchpoints.get(tp_text) else {
            unknown_touchpoints.note(tp_text, at(tp_col));
            continue;
        };
        if score_text.is_empty() {
            data.unanswered += 1;
            continue;
        }
        let parsed = parse_number(score_text, decimal_comma);
        let Some(score) = parsed.filter(|s| (low..=high).contains(s)) else {
            let shown = crate::controls::for_terminal(score_text).into_owned();
            let message = match parsed {
                Some(s) => format!(
                    "answer {} in `{}` is outside the survey's scale {}..{}",
                    exact(s),
                    table.name,
                    exact(low),
                    exact(high)
                ),
                None => format!("answer `{shown}` in `{}` is not a number", table.name),
            };
            table.problem(
                Some(at(score_col)),
                Diagnostic::error("bad-answer", message).with_hint(
                    "fix the row, or set `scale` in `data.survey` to the survey's own scale",
                ),
            );
            continue;
        };
        if let Some(col) = date_col {
            match cell(&record, col) {
                Some("") => {}
                Some(text) => match parse_date(text) {
                    Some(date) => {
                        data.first = Some(data.first.map_or(date, |d| d.min(date)));
                        data.newest = Some(data.newest.map_or(date, |d| d.max(date)));
                    }
                    None => {
                        let shown = crate::controls::for_terminal(text).into_owned();
                        table.problem(
                            Some(at(col)),
                            Diagnostic::error(
                                "invalid-date",
                                format!("`{shown}` in `{}` is not a date", table.name),
                            )
                            .with_hint(
                                "dates are ISO 8601: YYYY-MM-DD, optionally followed by a time",
                            ),
                        );
                        continue;
                    }
                },
                None => {
                    table.problem(Some(at(col)), not_utf8(&table.name));
                    continue;
                }
            }
        }
        let persona = match persona_col.map(|col| cell(&record, col)) {
            None => None,
            Some(None) => {
                table.problem(Some(at(persona_col.unwrap_or(0))), not_utf8(&table.name));
                continue;
            }
            Some(Some("")) => {
                let seen = no_persona.get_or_insert((at(persona_col.unwrap_or(0)), 0));
                seen.1 += 1;
                None
            }
            Some(Some(text)) => match ids.personas.get(text) {
                Some(&p) => Some(p),
                None => {
                    unknown_personas.note(text, at(persona_col.unwrap_or(0)));
                    continue;
                }
            },
        };
        data.responses += 1;
        data.by_touchpoint.entry(touchpoint).or_default().add(score);
        if let Some(p) = persona {
            data.by_persona
                .entry((touchpoint, p))
                .or_default()
                .add(score);
        }
    }
    unknown_touchpoints.report(&mut table, "touchpoint", ids.touchpoints.keys().copied());
    unknown_personas.report(&mut table, "persona", ids.personas.keys().copied());
    if let Some((first, rows)) = no_persona {
        table.problem(
            Some(first),
            Diagnostic::warning(
                "missing-cell",
                if rows == 1 {
                    format!(
                        "1 response in `{}` names no persona: it counts for its touchpoint, not for any persona",
                        table.name
                    )
                } else {
                    format!(
                        "{} responses in `{}` name no persona: they count for their touchpoint, not for any persona",
                        crate::number::thousands(rows),
                        table.name
                    )
                },
            ),
        );
    }
    Ok((data, table.finish()))
}

fn not_utf8(name: &str) -> Diagnostic {
    Diagnostic::error("not-text", format!("a cell of `{name}` is not UTF-8 text"))
        .with_hint("export the file as UTF-8 CSV")
}

/// A number as exports write it: `4`, `4.5`, and in semicolon-separated exports
/// (where the decimal separator is a comma) `4,5`.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let parsed = if decimal_comma && text.contains(',') && !text.contains('.') {
        text.replacen(',', ".", 1).parse::<f64>().ok()
    } else {
        text.parse::<f64>().ok()
    };
    parsed.filter(|n| n.is_finite())
}

/// `2026-09-14`, or the date of `2026-09-14T10:31:00Z` / `2026-09-14 10:31`.
pub fn parse_date(text: &str) -> Option<Date> {
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    Date::parse(day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_a_decimal_comma_only_in_semicolon_exports() {
        assert_eq!(parse_number("4,5", true), Some(4.5));
        assert_eq!(parse_number("4,5", false), None);
        assert_eq!(parse_number("4.5", true), Some(4.5));
        assert_eq!(parse_number("NaN", false), None);
        assert_eq!(parse_number("inf", false), None);
    }

    #[test]
    fn dates_with_or_without_a_time() {
        assert!(parse_date("2026-09-14").is_some());
        assert!(parse_date("2026-09-14T10:31:00Z").is_some());
        assert!(parse_date("2026-09-14 10:31").is_some());
        assert!(parse_date("2026-09-14x").is_none());
        assert!(parse_date("14/09/2026").is_none());
        assert!(parse_date("2026-02-30").is_none());
    }
}
