//! Size limits: a map too large to validate in reasonable time is refused up front.

use crate::diag::{Diagnostic, Span};
use crate::format::MapDoc;
use crate::limits;
use crate::model::Touchpoint;

/// Reports the first count over its limit (personas, touchpoints, stages, channels,
/// `next` targets), at the key that holds them, and returns true if there was one.
pub(super) fn exceeds_size_limits(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let (most_next, most_next_span) = doc
        .touchpoints
        .iter()
        .filter_map(|t| t.next.as_ref())
        .max_by_key(|next| next.len())
        .map_or((0, doc.touchpoints_span), |next| {
            let past_limit = next.get(limits::MAX_NEXT).or(next.first());
            (
                next.len(),
                past_limit.map_or(doc.touchpoints_span, |t| t.span),
            )
        });
    let counts: [(usize, usize, &str, Span); 5] = [
        (
            doc.personas.len(),
            limits::MAX_PERSONAS,
            "personas",
            doc.personas_span,
        ),
        (
            doc.touchpoints.len(),
            limits::MAX_TOUCHPOINTS,
            "touchpoints",
            doc.touchpoints_span,
        ),
        (
            doc.stages.as_ref().map_or(0, Vec::len),
            limits::MAX_STAGES,
            "stages",
            doc.stages_span,
        ),
        (
            doc.channels.len(),
            limits::MAX_CHANNELS,
            "declared channels",
            doc.channels_span,
        ),
        (
            most_next,
            limits::MAX_NEXT,
            "`next` targets on one touchpoint",
            most_next_span,
        ),
    ];
    let Some((count, limit, what, span)) = counts
        .into_iter()
        .find(|(count, limit, _, _)| count > limit)
    else {
        return false;
    };
    diagnostics.push(
        Diagnostic::error(
            "limit",
            format!("the map has {count} {what}; the limit is {limit}"),
        )
        .at(span)
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
