//! Whether a map is stale: `check --max-age` compares its `reviewed` date, and the
//! newest survey response it is built on, with the date that counts as today.
//! Only `check` asks; nothing rendered depends on today's date.
//!
//! A warning about `reviewed` points at its line; a missing one at the top of the
//! file, where the key belongs.

use crate::date::Date;
use crate::diag::{Diagnostic, Span};
use crate::model::Map;

/// Warnings for a map older than `max_age_days` on `today`.
pub fn stale(map: &Map, today: Date, max_age_days: i64) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let hint = "review the map against fresh data and update `reviewed:`";
    match map.reviewed {
        None => warnings.push(
            Diagnostic::warning(
                "stale",
                format!("the map has no `reviewed:` date, and must be reviewed every {max_age_days} days"),
            )
            .at(Span::new(0, 0))
            .with_hint("add `reviewed: YYYY-MM-DD` with the day the map was last checked against reality"),
        ),
        Some(reviewed) if reviewed.days_until(today) > max_age_days => warnings.push(
            Diagnostic::warning(
                "stale",
                format!(
                    "the map was last reviewed on {reviewed}, {} days before {today}, more than the {max_age_days} allowed",
                    reviewed.days_until(today)
                ),
            )
            .at(map.reviewed_span.unwrap_or(Span::new(0, 0)))
            .with_label("reviewed here")
            .with_hint(hint),
        ),
        Some(_) => {}
    }
    if let Some(newest) = map.backing.as_ref().and_then(|b| b.newest_response)
        && newest.days_until(today) > max_age_days
    {
        warnings.push(
            Diagnostic::warning(
                "stale",
                format!(
                    "the newest survey response is from {newest}, {} days before {today}, more than the {max_age_days} allowed",
                    newest.days_until(today)
                ),
            )
            .with_hint("export fresh survey responses into the map's data folder"),
        );
    }
    warnings
}
