//! Warnings about a valid map: unreachable touchpoints, empty stages, personas on no
//! touchpoint or without a score.

use super::flow;
use crate::diag::Diagnostic;
use crate::format::{MapDoc, StageDoc};
use crate::model::Map;

pub(super) fn warn(map: &Map, doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) {
    warn_unreachable(map, doc, diagnostics);
    if let Some(doc_stages) = &doc.stages {
        warn_empty_stages(map, doc_stages, diagnostics);
    }
    if !map.implicit_persona {
        warn_idle_personas(map, doc, diagnostics);
    }
}

/// Touchpoints the flow never reaches from the first one.
fn warn_unreachable(map: &Map, doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) {
    let Some(first) = map.touchpoint_ids().next() else {
        return;
    };
    let reached = flow::reached_from(map, first);
    for t in map.touchpoint_ids().filter(|t| !reached[t.index()]) {
        let mut d = Diagnostic::warning(
            "unreachable",
            format!(
                "touchpoint `{}` cannot be reached from the first touchpoint `{}`",
                map.touchpoint(t).key,
                map.touchpoint(first).key
            ),
        )
        .with_hint("add its id to the `next` of a touchpoint before it");
        if let Some(id) = &doc.touchpoints[t.index()].id {
            d = d.at(id.span);
        }
        diagnostics.push(d);
    }
}

/// Stages declared in the file that no touchpoint is in.
fn warn_empty_stages(map: &Map, doc_stages: &[StageDoc], diagnostics: &mut Vec<Diagnostic>) {
    // Performance: which stages have touchpoints, in one pass over the touchpoints
    // rather than one search per stage (stages × touchpoints for unused stages).
    let mut used = vec![false; map.stages.len()];
    for touchpoint in &map.touchpoints {
        if let Some(used) = used.get_mut(touchpoint.stage.index()) {
            *used = true;
        }
    }
    for (stage, _) in map.stages.iter().zip(used).filter(|(_, used)| !used) {
        let span = doc_stages
            .iter()
            .find(|s| s.id.value == stage.key)
            .map(|s| s.id.span);
        let mut d = Diagnostic::warning(
            "empty-stage",
            format!("stage `{}` has no touchpoints", stage.key),
        )
        .with_hint("add touchpoints with this `stage`, or remove the stage");
        if let Some(span) = span {
            d = d.at(span);
        }
        diagnostics.push(d);
    }
}

/// Personas on no touchpoint, and personas with no score (so no curve).
fn warn_idle_personas(map: &Map, doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) {
    for (path, persona_doc) in map.paths.iter().zip(&doc.personas) {
        let persona = map.persona(path.persona);
        if path.steps.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "idle-persona",
                    format!("persona `{}` is on no touchpoint", persona.key),
                )
                .at(persona_doc.id.span)
                .with_hint("add it to a touchpoint's `personas` or `emotion`, or remove it"),
            );
        } else if path.scores.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "unscored-persona",
                    format!(
                        "persona `{}` has no emotion score, so it has no curve",
                        persona.key
                    ),
                )
                .at(persona_doc.id.span)
                .with_hint("give touchpoints an `emotion` for this persona"),
            );
        }
    }
}
