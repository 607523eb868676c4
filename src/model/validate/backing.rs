//! Scores and claims from the map's data: `emotion: survey` computed from the
//! survey, each score's source (survey, evidence or assumption), the evidence rows
//! and funnel numbers of each touchpoint, and every `expect` claim checked.
//!
//! Runs only on a map without errors, so the touchpoints line up with the file's.

use crate::data::{DataSet, Stats};
use crate::diag::{Diagnostic, did_you_mean};
use crate::format::{DEFAULT_MIN_RESPONSES, EmotionDoc, ExpectDoc, MapDoc, Measure, TouchpointDoc};
use crate::model::{Backing, Evidence, FunnelStep, Scale, ScoreSource, Touchpoint};
use crate::number::{one_decimal, thousands};

/// Fills in scores, sources, evidence and funnel numbers; returns the map's backing,
/// or `None` (and changes nothing) for a map without data or evidence.
pub(super) fn attach(
    doc: &MapDoc,
    data: &DataSet,
    scale: Scale,
    touchpoints: &mut [Touchpoint],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Backing> {
    let any_evidence = doc.touchpoints.iter().any(|t| !t.evidence.is_empty());
    if !data.declared && !any_evidence && !uses_survey(doc) && !has_claims(doc) {
        return None;
    }
    let min_responses = doc
        .data
        .as_ref()
        .and_then(|d| d.survey.as_ref())
        .and_then(|s| s.min_responses.as_ref())
        .map_or(DEFAULT_MIN_RESPONSES, |n| n.value as usize);
    let survey_scale = data.survey.as_ref().map(|s| s.scale);
    let onto_map = |value: f64| match survey_scale {
        Some((low, high)) => scale.min + (value - low) / (high - low) * (scale.max - scale.min),
        None => value,
    };
    let stretch = |half: f64| match survey_scale {
        Some((low, high)) => half / (high - low) * (scale.max - scale.min),
        None => half,
    };
    for (index, (tp_doc, tp)) in doc
        .touchpoints
        .iter()
        .zip(touchpoints.iter_mut())
        .enumerate()
    {
        let referrer = format!("touchpoint `{}`", tp.key);
        if let Some(EmotionDoc::Survey(span)) = &tp_doc.emotion {
            match &data.survey {
                None => diagnostics.push(
                    Diagnostic::error(
                        "no-survey",
                        format!("{referrer} takes its emotion from the survey, but the map has no `data.survey`"),
                    )
                    .at(*span)
                    .with_hint("add `data: { survey: { file: ..., touchpoint: ..., score: ..., scale: 1..5 } }`, or type the score"),
                ),
                Some(survey) => {
                    for &persona in &tp.personas {
                        let stats = if survey.per_persona {
                            survey.by_persona.get(&(index, persona.index()))
                        } else {
                            survey.by_touchpoint.get(&index)
                        };
                        let stats = stats.copied().unwrap_or_default();
                        if (stats.n as usize) < min_responses {
                            tp.too_few.push((persona, stats.n));
                            continue;
                        }
                        let mean = onto_map(stats.mean());
                        let half = stretch(stats.half_interval());
                        tp.emotions.push((persona, mean));
                        tp.sources.push(ScoreSource::Survey {
                            n: stats.n,
                            low: (mean - half).max(scale.min),
                            high: (mean + half).min(scale.max),
                        });
                    }
                }
            }
        } else {
            let source = if tp_doc.evidence.is_empty() {
                ScoreSource::Assumed
            } else {
                ScoreSource::Evidence
            };
            tp.sources = vec![source; tp.emotions.len()];
        }
        tp.evidence = resolve_evidence(tp_doc, data, &tp.key, &referrer, diagnostics);
        tp.funnel = data.funnel.get(&tp.key).map(|row| FunnelStep {
            entered: row.entered,
            completed: row.completed,
            median_seconds: row.median_seconds,
        });
        for claim in &tp_doc.expect {
            let stats = data
                .survey
                .as_ref()
                .and_then(|s| s.by_touchpoint.get(&index));
            check_claim(claim, tp, stats, data, &onto_map, diagnostics);
        }
    }
    let scores: usize = touchpoints.iter().map(|t| t.sources.len()).sum();
    let backed = touchpoints
        .iter()
        .flat_map(|t| &t.sources)
        .filter(|s| s.is_backed())
        .count();
    Some(Backing {
        backed,
        scores,
        responses: data.survey.as_ref().map_or(0, |s| s.responses),
        interviews: data
            .evidence
            .values()
            .filter(|e| e.kind == crate::data::EvidenceKind::Interview)
            .count(),
        newest_response: data.survey.as_ref().and_then(|s| s.newest),
        min_responses,
    })
}

fn uses_survey(doc: &MapDoc) -> bool {
    doc.touchpoints
        .iter()
        .any(|t| matches!(t.emotion, Some(EmotionDoc::Survey(_))))
}

fn has_claims(doc: &MapDoc) -> bool {
    doc.touchpoints.iter().any(|t| !t.expect.is_empty())
}

/// The evidence rows a touchpoint lists; an id the evidence file lacks is an error.
fn resolve_evidence(
    tp: &TouchpointDoc,
    data: &DataSet,
    key: &str,
    referrer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Evidence> {
    let mut rows = Vec::new();
    for id in &tp.evidence {
        let Some(row) = data.evidence.get(&id.value) else {
            let diagnostic = if data.evidence.is_empty() && !data.declared_evidence() {
                Diagnostic::error(
                    "unknown-evidence",
                    format!(
                        "{referrer} lists evidence `{}`, but the map has no `data.evidence` file",
                        id.value
                    ),
                )
                .with_hint(
                    "add `data: { evidence: data/evidence.csv }` with a row per piece of evidence",
                )
            } else {
                let mut d = Diagnostic::error(
                    "unknown-evidence",
                    format!("unknown evidence `{}` in {referrer}", id.value),
                )
                .with_hint("the id must be in the `id` column of the evidence file");
                if let Some(near) =
                    did_you_mean(&id.value, data.evidence.keys().map(String::as_str))
                {
                    d = d.with_label(format!("did you mean `{near}`?"));
                }
                d
            };
            diagnostics.push(diagnostic.at(id.span));
            continue;
        };
        if row.touchpoint != key {
            diagnostics.push(
                Diagnostic::warning(
                    "evidence-elsewhere",
                    format!(
                        "evidence `{}` is about touchpoint `{}`, not `{key}`",
                        id.value, row.touchpoint
                    ),
                )
                .at(id.span)
                .with_hint("list it on its own touchpoint, or correct its `touchpoint` column"),
            );
        }
        rows.push(Evidence {
            id: id.value.clone(),
            kind: row.kind.key(),
            quote: row.quote.clone(),
            source: row.source.clone(),
            date: row.date,
        });
    }
    rows
}

/// An error at the claim when the data says otherwise, with the measured value, n
/// and the period: "conversion at `pay` is 54% (n=1,204), expected >= 60%".
fn check_claim(
    claim: &ExpectDoc,
    tp: &Touchpoint,
    stats: Option<&Stats>,
    data: &DataSet,
    onto_map: &dyn Fn(f64) -> f64,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let key = &tp.key;
    let measured = match claim.measure {
        Measure::Emotion => stats.filter(|s| s.n > 0).map(|s| {
            let period = data
                .survey
                .as_ref()
                .and_then(|s| Some(format!(", {} to {}", s.first?, s.newest?)))
                .unwrap_or_default();
            let value = onto_map(s.mean());
            (
                value,
                one_decimal(value),
                format!("n={}{period}", thousands(s.n)),
            )
        }),
        Measure::Conversion => tp.funnel.map(|f| {
            let value = f.conversion();
            (
                value,
                format!("{}%", one_decimal(value)),
                format!("n={}", thousands(f.entered)),
            )
        }),
    };
    let name = claim.measure.name();
    let Some((value, shown, counted)) = measured else {
        let wanted = match claim.measure {
            Measure::Emotion => "survey responses",
            Measure::Conversion => "funnel row",
        };
        diagnostics.push(
            Diagnostic::error(
                "unchecked-claim",
                format!("{name} at `{key}` cannot be checked: the data has no {wanted} for it"),
            )
            .at(claim.span)
            .with_hint("a claim must be checked against data; add the data or drop the claim"),
        );
        return;
    };
    if !claim.comparison.holds(value, claim.bound) {
        diagnostics.push(
            Diagnostic::error(
                "broken-claim",
                format!(
                    "{name} at `{key}` is {shown} ({counted}), expected {}",
                    claim.written
                ),
            )
            .at(claim.span)
            .with_label("the data says otherwise")
            .with_hint("fix the journey, or update the claim if reality changed for good"),
        );
    }
}
