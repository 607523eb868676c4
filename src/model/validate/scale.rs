//! The emotion scale: `emotion_scale: { min, max }`, or 1 to 5.

use crate::diag::Diagnostic;
use crate::format::MapDoc;
use crate::model::Scale;
use crate::number::exact;

/// Scores are drawn and printed with two decimals: a scale must be finite, of human
/// size, and at least 0.01 wide, or its ticks and midpoint collapse.
const BOUND: f64 = 1e6;
const NARROWEST: f64 = 0.01;

/// The map's scale; the default one (after an error) when the written one is unusable.
pub(super) fn validate_scale(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Scale {
    let mut scale = Scale::default();
    let Some(doc_scale) = &doc.emotion_scale else {
        return scale;
    };
    if let Some(min) = &doc_scale.min {
        scale.min = min.value;
    }
    if let Some(max) = &doc_scale.max {
        scale.max = max.value;
    }
    let sane = scale.min.abs() <= BOUND && scale.max.abs() <= BOUND;
    if sane && scale.max - scale.min >= NARROWEST {
        return scale;
    }
    let message = if sane {
        format!(
            "`emotion_scale` min ({}) must be below max ({}) by at least 0.01",
            exact(scale.min),
            exact(scale.max)
        )
    } else {
        "`emotion_scale` min and max must lie between -1,000,000 and 1,000,000".to_owned()
    };
    diagnostics.push(
        Diagnostic::error("bad-scale", message)
            .at(doc_scale.span)
            .with_hint("for example `emotion_scale: { min: 1, max: 5 }` or `{ min: -2, max: 2 }`"),
    );
    Scale::default()
}
