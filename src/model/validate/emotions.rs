//! Who is on a touchpoint and how each persona feels there.
//!
//! The keys of a per-persona `emotion` decide who is on the touchpoint; otherwise
//! its `personas`, otherwise everyone. A single-number `emotion` scores them all.

use super::touchpoints::Context;
use crate::diag::{Diagnostic, Span};
use crate::format::{EmotionDoc, Text, TouchpointDoc};
use crate::model::PersonaId;
use crate::number::exact;

/// The personas on a touchpoint and their scores, both in persona order.
pub(super) struct Audience {
    pub personas: Vec<PersonaId>,
    pub emotions: Vec<(PersonaId, f64)>,
}

pub(super) fn resolve_audience(
    tp: &TouchpointDoc,
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Audience {
    let listed = listed_personas(tp, referrer, cx, diagnostics);
    match &tp.emotion {
        Some(EmotionDoc::PerPersona(scores)) => {
            let emotions = per_persona_scores(scores, referrer, cx, diagnostics);
            let personas: Vec<PersonaId> = emotions.iter().map(|(p, _)| *p).collect();
            if let (Some(listed), Some(written)) = (&listed, &tp.personas)
                && *listed != personas
            {
                let span = written.first().map_or(tp.span, |t| t.span);
                diagnostics.push(personas_mismatch(referrer, span));
            }
            Audience { personas, emotions }
        }
        Some(EmotionDoc::Everyone(score)) => {
            check_score(cx, score.value, score.span, "", diagnostics);
            let personas = listed.unwrap_or_else(|| cx.everyone.to_vec());
            let emotions = personas.iter().map(|p| (*p, score.value)).collect();
            Audience { personas, emotions }
        }
        // Scored from the data, once the map is known to be valid (`super::backing`).
        Some(EmotionDoc::Survey(_)) | None => Audience {
            personas: listed.unwrap_or_else(|| cx.everyone.to_vec()),
            emotions: Vec::new(),
        },
    }
}

/// The touchpoint's `personas`, resolved and sorted; a repeat is a warning (it
/// changes nothing, like a repeated `next`).
fn listed_personas(
    tp: &TouchpointDoc,
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<PersonaId>> {
    let ids = tp.personas.as_ref()?;
    let mut listed = vec![false; cx.everyone.len()];
    let mut resolved: Vec<PersonaId> = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(p) = resolve_persona(id, referrer, cx, diagnostics) else {
            continue;
        };
        if std::mem::replace(&mut listed[p], true) {
            diagnostics.push(repeated_persona(id, referrer));
        } else {
            resolved.push(PersonaId::from_index(p));
        }
    }
    resolved.sort();
    Some(resolved)
}

fn repeated_persona(id: &Text, referrer: &str) -> Diagnostic {
    Diagnostic::warning(
        "duplicate-persona",
        format!(
            "`{}` is listed twice in the `personas` of {referrer}",
            id.value
        ),
    )
    .at(id.span)
    .with_label("listed already")
    .with_hint("list each persona once")
}

/// `emotion: { maya: 4, tom: 2 }` as scores in persona order.
fn per_persona_scores(
    scores: &[(Text, crate::format::Sp<f64>)],
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(PersonaId, f64)> {
    let mut emotions: Vec<(PersonaId, f64)> = Vec::new();
    // Which personas are scored already: a set, not a scan of `emotions`, which
    // was quadratic in the number of personas on a touchpoint.
    let mut scored = vec![false; cx.everyone.len()];
    for (persona, score) in scores {
        let who = format!("for `{}` ", persona.value);
        check_score(cx, score.value, score.span, &who, diagnostics);
        let Some(p) = resolve_persona(persona, referrer, cx, diagnostics) else {
            continue;
        };
        if std::mem::replace(&mut scored[p], true) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-key",
                    format!("persona `{}` is scored twice", persona.value),
                )
                .at(persona.span),
            );
        }
        emotions.push((PersonaId::from_index(p), score.value));
    }
    emotions.sort_by_key(|(p, _)| *p);
    emotions
}

/// A persona reference; a map without `personas:` has none to refer to.
fn resolve_persona(
    id: &Text,
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    if cx.implicit_persona {
        diagnostics.push(
            Diagnostic::error(
                "unknown-ref",
                format!("unknown persona `{}` in {referrer}", id.value),
            )
            .at(id.span)
            .with_hint("the map has no `personas:`; define them at the top level, or give `emotion` as a single number"),
        );
        return None;
    }
    cx.persona_ids.resolve(id, referrer, diagnostics)
}

/// Reports a score outside the map's scale; `who` is "for `maya` " or empty.
fn check_score(cx: &Context, score: f64, span: Span, who: &str, diagnostics: &mut Vec<Diagnostic>) {
    if score < cx.scale.min || score > cx.scale.max {
        diagnostics.push(
            Diagnostic::error(
                "emotion-range",
                format!(
                    "emotion {} {who}is outside the scale {} to {}",
                    exact(score),
                    exact(cx.scale.min),
                    exact(cx.scale.max)
                ),
            )
            .at(span)
            .with_hint("change the score, or set `emotion_scale: { min: ..., max: ... }` at the top of the map"),
        );
    }
}

fn personas_mismatch(referrer: &str, span: Span) -> Diagnostic {
    Diagnostic::warning(
        "personas-mismatch",
        format!("{referrer} lists `personas` that differ from the keys of its `emotion`"),
    )
    .at(span)
    .with_hint(
        "the keys of `emotion` decide who is on the touchpoint; drop `personas` or make them match",
    )
}
