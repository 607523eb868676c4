//! Warnings about a valid map: unreachable touchpoints, empty stages, personas on no
//! touchpoint or without a score, text that no font on this machine can draw.

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
    warn_undrawable(map, doc, diagnostics);
}

/// Most undrawable clusters a warning lists.
const LISTED_CLUSTERS: usize = 5;
/// Most chars of the text a warning quotes.
const QUOTED_CHARS: usize = 40;

/// Text with grapheme clusters that no font (bundled, `--font-dir` or system) has
/// glyphs for: PNG and PDF would draw them as boxes. One warning per text, naming
/// where it is (the touchpoint, persona or stage) and the clusters.
fn warn_undrawable(map: &Map, doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) {
    let fonts = crate::fonts::shared();
    let mut check = |place: &str, text: &str, span: Option<crate::diag::Span>| {
        let missing = fonts.undrawable(text);
        if missing.is_empty() {
            return;
        }
        let mut listed: Vec<String> = missing
            .iter()
            .take(LISTED_CLUSTERS)
            .map(|cluster| {
                let code_points: Vec<String> = cluster
                    .chars()
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect();
                format!("`{cluster}` ({})", code_points.join(" "))
            })
            .collect();
        if missing.len() > LISTED_CLUSTERS {
            listed.push(format!("{} more", missing.len() - LISTED_CLUSTERS));
        }
        let mut quoted: String = text.chars().take(QUOTED_CHARS).collect();
        if text.chars().nth(QUOTED_CHARS).is_some() {
            quoted.push('…');
        }
        let mut d = Diagnostic::warning(
            "undrawable-text",
            format!(
                "{place}: no font draws {} in \"{quoted}\"",
                listed.join(", ")
            ),
        )
        .with_hint(
            "PNG and PDF would show a box; install a font for this script (for example \
             Debian's fonts-noto-cjk or fonts-noto-color-emoji) or pass `--font-dir`",
        );
        if let Some(span) = span {
            d = d.at(span);
        }
        diagnostics.push(d);
    };
    check("the title", &map.title, doc.title.as_ref().map(|t| t.span));
    if let Some(scenario) = &map.scenario {
        check(
            "the scenario",
            scenario,
            doc.scenario.as_ref().map(|t| t.span),
        );
    }
    for (persona, persona_doc) in map.personas.iter().zip(&doc.personas) {
        let place = format!("persona `{}`", persona.key);
        let span = Some(persona_doc.id.span);
        for text in [&persona.name]
            .into_iter()
            .chain(&persona.role)
            .chain(&persona.description)
            .chain(&persona.quote)
            .chain(&persona.goals)
            .chain(&persona.frustrations)
        {
            check(&place, text, span);
        }
    }
    for stage in &map.stages {
        let span = doc
            .stages
            .iter()
            .flatten()
            .find(|s| s.id.value == stage.key)
            .map(|s| s.id.span);
        let place = format!("stage `{}`", stage.key);
        for text in [&stage.name]
            .into_iter()
            .chain(&stage.goal)
            .chain(&stage.description)
        {
            check(&place, text, span);
        }
    }
    for (touchpoint, touchpoint_doc) in map.touchpoints.iter().zip(&doc.touchpoints) {
        let place = format!("touchpoint `{}`", touchpoint.key);
        let span = touchpoint_doc
            .id
            .as_ref()
            .map_or(touchpoint_doc.span, |id| id.span);
        let metrics = touchpoint.metrics.iter().flat_map(|(k, v)| [k, v]);
        let items = [
            &touchpoint.actions,
            &touchpoint.thoughts,
            &touchpoint.pain_points,
            &touchpoint.opportunities,
        ]
        .into_iter()
        .flatten()
        .map(|item| &item.text);
        for text in [&touchpoint.name]
            .into_iter()
            .chain(&touchpoint.description)
            .chain(items)
            .chain(metrics)
            .chain(&touchpoint.owner)
        {
            check(&place, text, Some(span));
        }
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
