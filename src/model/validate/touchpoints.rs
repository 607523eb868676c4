//! Touchpoints: ids, then each touchpoint's fields, stage and channel resolved.
//!
//! Who is on a touchpoint and its scores are in [`super::emotions`]; its `next` in
//! [`super::flow`]. Each touchpoint's diagnostics come together, in field order.

use super::emotions;
use super::flow;
use super::ids::IdTable;
use super::{text, texts};
use crate::diag::Diagnostic;
use crate::format::{MapDoc, TouchpointDoc};
use crate::model::{ChannelId, PersonaId, Scale, StageId, Touchpoint, TouchpointId};

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
    Some(Touchpoint {
        key: tp.id.as_ref()?.value.clone(),
        stage: StageId::from_index(stage?),
        name: tp.name.as_ref()?.value.clone(),
        description: text(&tp.description),
        channel: channel.map(ChannelId::from_index),
        actions: texts(&tp.actions),
        thoughts: texts(&tp.thoughts),
        personas: audience.personas,
        emotions: audience.emotions,
        pain_points: texts(&tp.pain_points),
        opportunities: texts(&tp.opportunities),
        metrics: tp
            .metrics
            .iter()
            .map(|(k, v)| (k.value.clone(), v.value.clone()))
            .collect(),
        owner: text(&tp.owner),
        blueprint,
    })
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
