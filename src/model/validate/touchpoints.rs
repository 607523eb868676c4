//! Touchpoints: ids, then each touchpoint's fields, stage and channel resolved.
//!
//! Who is on a touchpoint and its scores are in [`super::emotions`]; its `next` in
//! [`super::flow`]. Each touchpoint's diagnostics come together, in field order.

use super::emotions;
use super::flow;
use super::ids::IdTable;
use super::text;
use crate::diag::Diagnostic;
use crate::format::{ItemDoc, MapDoc, TouchpointDoc};
use crate::model::{
    ChannelId, DetailLink, Estimate, Item, PersonaId, Scale, StageId, Touchpoint, TouchpointId,
};

/// What a touchpoint's references resolve against.
pub(super) struct Context<'a> {
    pub scale: Scale,
    /// Every persona, for a touchpoint that names none.
    pub everyone: &'a [PersonaId],
    pub persona_ids: &'a IdTable,
    pub implicit_persona: bool,
    pub stage_ids: &'a IdTable,
    pub channel_ids: &'a IdTable,
    pub lane_ids: &'a IdTable,
}

/// The touchpoints without errors, and the resolved `next` of each (the same index).
pub(super) fn validate_touchpoints(
    doc: &MapDoc,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Touchpoint>, Vec<Vec<TouchpointId>>) {
    if doc.touchpoints.is_empty() {
        diagnostics.push(
            Diagnostic::error("no-touchpoints", "the map has no touchpoints")
                .at(doc.touchpoints_span)
                .with_hint(
                    "add a `touchpoints:` list; each touchpoint needs `id`, `stage` and `name`",
                ),
        );
    }
    let mut touchpoint_ids = IdTable::new("touchpoint");
    let defined: Vec<bool> = doc
        .touchpoints
        .iter()
        .map(|t| {
            t.id.as_ref()
                .is_some_and(|id| touchpoint_ids.define(id, diagnostics))
        })
        .collect();

    let count = doc.touchpoints.len();
    let mut touchpoints = Vec::with_capacity(count);
    let mut next = Vec::with_capacity(count);
    for (index, (tp, defined)) in doc.touchpoints.iter().zip(defined).enumerate() {
        let referrer = referrer(tp);
        let resolved = validate_touchpoint(tp, &referrer, cx, diagnostics);
        let targets = flow::resolve_next(tp, index, count, &touchpoint_ids, &referrer, diagnostics);
        if let (Some(resolved), true) = (resolved, defined) {
            touchpoints.push(resolved);
            next.push(targets);
        }
    }
    (touchpoints, next)
}

/// How diagnostics name the touchpoint: "touchpoint `checkout`".
fn referrer(tp: &TouchpointDoc) -> String {
    match &tp.id {
        Some(id) => format!("touchpoint `{}`", id.value),
        None => "a touchpoint".to_owned(),
    }
}

/// The touchpoint, or None when a required field is missing or did not resolve.
fn validate_touchpoint(
    tp: &TouchpointDoc,
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Touchpoint> {
    let stage = resolve_stage(tp, referrer, cx, diagnostics);
    let channel = tp
        .channel
        .as_ref()
        .and_then(|c| cx.channel_ids.resolve(c, referrer, diagnostics));
    let audience = emotions::resolve_audience(tp, referrer, cx, diagnostics);
    let blueprint = super::lanes::resolve_cells(tp, referrer, cx.lane_ids, diagnostics);
    let mut items =
        |docs: &[ItemDoc]| resolve_items(docs, referrer, &audience.personas, cx, diagnostics);
    let (actions, thoughts) = (items(&tp.actions), items(&tp.thoughts));
    let (pain_points, opportunities) = (items(&tp.pain_points), items(&tp.opportunities));
    Some(Touchpoint {
        key: tp.id.as_ref()?.value.clone(),
        stage: StageId::from_index(stage?),
        name: tp.name.as_ref()?.value.clone(),
        description: text(&tp.description),
        channel: channel.map(ChannelId::from_index),
        actions,
        thoughts,
        personas: audience.personas,
        emotions: audience.emotions,
        pain_points,
        opportunities,
        metrics: tp
            .metrics
            .iter()
            .map(|(k, v)| (k.value.clone(), v.value.clone()))
            .collect(),
        owner: text(&tp.owner),
        blueprint,
        detail: tp.detail.as_ref().map(|d| DetailLink {
            path: d.value.clone(),
            span: d.span,
        }),
        sources: Vec::new(),
        too_few: Vec::new(),
        evidence: Vec::new(),
        funnel: None,
    })
}

/// Items with their personas resolved. An unknown persona is an error; a persona
/// who is not on the touchpoint gets a warning, since the item would never show
/// with that persona's curve.
fn resolve_items(
    docs: &[ItemDoc],
    referrer: &str,
    on_touchpoint: &[PersonaId],
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    docs.iter()
        .map(|doc| {
            let mut personas: Vec<PersonaId> = Vec::with_capacity(doc.personas.len());
            for id in &doc.personas {
                let Some(index) = cx.persona_ids.resolve(id, referrer, diagnostics) else {
                    continue;
                };
                let persona = PersonaId::from_index(index);
                if !on_touchpoint.contains(&persona) {
                    diagnostics.push(
                        Diagnostic::warning(
                            "item-persona-not-on-touchpoint",
                            format!("persona `{}` is not on {referrer}, so this item is never shown with them", id.value),
                        )
                        .at(id.span)
                        .with_hint("add the persona to the touchpoint's `personas` or `emotion`, or give the item to someone who is on it"),
                    );
                }
                personas.push(persona);
            }
            personas.sort();
            personas.dedup();
            let value = |n: &Option<crate::format::Sp<f64>>| n.as_ref().map(|n| n.value);
            Item {
                text: doc.text.value.clone(),
                personas,
                estimate: Estimate {
                    reach: value(&doc.estimate.reach),
                    impact: value(&doc.estimate.impact),
                    confidence: value(&doc.estimate.confidence),
                    effort: value(&doc.estimate.effort),
                },
            }
        })
        .collect()
}

/// The stage by id, or by its standard alias (`purchase` for `decision`).
fn resolve_stage(
    tp: &TouchpointDoc,
    referrer: &str,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let stage = tp.stage.as_ref()?;
    cx.stage_ids
        .get(&stage.value)
        .or_else(|| {
            crate::model::builtins::stage_alias_of(&stage.value)
                .and_then(|other| cx.stage_ids.get(other))
        })
        .or_else(|| cx.stage_ids.resolve(stage, referrer, diagnostics))
}
