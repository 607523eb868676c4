//! Size limits: a map too large to validate in reasonable time is refused up front.

use crate::diag::Diagnostic;
use crate::format::MapDoc;
use crate::format::yaml::limits;
use crate::model::Touchpoint;

/// Reports the first count over its limit (personas, touchpoints, stages, channels,
/// `next` targets) and returns true if there was one.
pub(super) fn exceeds_size_limits(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let most_next = doc
        .touchpoints
        .iter()
        .filter_map(|t| t.next.as_ref().map(Vec::len))
        .max()
        .unwrap_or(0);
    let counts = [
        (doc.personas.len(), limits::MAX_PERSONAS, "personas"),
        (
            doc.touchpoints.len(),
            limits::MAX_TOUCHPOINTS,
            "touchpoints",
        ),
        (
            doc.stages.as_ref().map_or(0, Vec::len),
            limits::MAX_STAGES,
            "stages",
        ),
        (
            doc.channels.len(),
            limits::MAX_CHANNELS,
            "declared channels",
        ),
        (
            most_next,
            limits::MAX_NEXT,
            "`next` targets on one touchpoint",
        ),
    ];
    let Some((count, limit, what)) = counts.into_iter().find(|(count, limit, _)| count > limit)
    else {
        return false;
    };
    diagnostics.push(
        Diagnostic::error(
            "limit",
            format!("the map has {count} {what}; the limit is {limit}"),
        )
        .at(doc.touchpoints_span)
        .with_hint("split the journey into several maps"),
    );
    true
}

/// Reports a map with more emotion scores (touchpoints × personas) than the limit.
pub(super) fn check_score_count(
    doc: &MapDoc,
    touchpoints: &[Touchpoint],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let scores: usize = touchpoints.iter().map(|t| t.emotions.len()).sum();
    if scores > limits::MAX_SCORES {
        diagnostics.push(
            Diagnostic::error(
                "limit",
                format!(
                    "the map has {scores} emotion scores (touchpoints × personas); the limit is {}",
                    limits::MAX_SCORES
                ),
            )
            .at(doc.touchpoints_span)
            .with_hint(
                "split the journey into several maps, or score fewer personas per touchpoint",
            ),
        );
    }
}
