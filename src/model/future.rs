//! Future states: a map's `future:` (or a file with `extends:`) applied to the current
//! map, and the two states side by side for drawing.
//!
//! The future is written as changes, matched by touchpoint id, so it stays short and
//! follows the current map as that changes: a touchpoint with a current id replaces
//! the keys it gives and keeps the rest; one with a new id is added at the end of
//! its stage; `remove` drops touchpoints. The result is an ordinary [`MapDoc`],
//! validated like any map, so every rule (and every error, at its line) holds for
//! the future as for the present.

use std::collections::{BTreeMap, BTreeSet};

use super::{Map, TouchpointId, builtins};
use crate::diag::{Diagnostic, Span};
use crate::format::{FutureDoc, MapDoc, Text, TouchpointDoc};

/// The current document with `future` applied. Problems with the changes themselves
/// (an id removed that does not exist, a new touchpoint without a stage) are
/// reported here; everything else is left to validating the result.
pub fn apply(current: &MapDoc, future: &FutureDoc, diagnostics: &mut Vec<Diagnostic>) -> MapDoc {
    let index: BTreeMap<&str, usize> = current
        .touchpoints
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((t.id.as_ref()?.value.as_str(), i)))
        .collect();
    let removed = removed_ids(current, future, &index, diagnostics);
    let mut touchpoints = current.touchpoints.clone();
    let mut changed: BTreeMap<&str, Span> = BTreeMap::new();
    let mut added = Vec::new();
    for change in &future.touchpoints {
        let Some(id) = &change.id else { continue };
        if let Some(first) = changed.insert(id.value.as_str(), id.span) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "touchpoint `{}` is changed twice in the future state",
                        id.value
                    ),
                )
                .at(id.span)
                .with_related(first, "first changed here")
                .with_hint("merge the two changes into one item"),
            );
            continue;
        }
        if removed.contains(id.value.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "removed-and-changed",
                    format!(
                        "touchpoint `{}` is both removed and changed in the future state",
                        id.value
                    ),
                )
                .at(id.span)
                .with_hint("drop it from `remove` to change it, or drop this change to remove it"),
            );
            continue;
        }
        match index.get(id.value.as_str()) {
            Some(&i) => overlay(&mut touchpoints[i], change),
            None if new_touchpoint_is_whole(change, current, diagnostics) => {
                added.push(change.clone());
            }
            None => {}
        }
    }
    let order = stage_order(current);
    for touchpoint in added {
        let at = insertion_point(&touchpoints, &touchpoint, &order);
        touchpoints.insert(at, touchpoint);
    }
    let touchpoints = without_removed(touchpoints, &removed);
    MapDoc {
        title: future.title.clone().or_else(|| current.title.clone()),
        scenario: future.scenario.clone().or_else(|| current.scenario.clone()),
        touchpoints,
        future: None,
        extends: None,
        ..current.clone()
    }
}

/// The ids in `remove`, each checked to be a current touchpoint.
fn removed_ids<'a>(
    current: &MapDoc,
    future: &'a FutureDoc,
    index: &BTreeMap<&str, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeSet<&'a str> {
    let mut removed = BTreeSet::new();
    for id in &future.remove {
        if index.contains_key(id.value.as_str()) {
            removed.insert(id.value.as_str());
            continue;
        }
        let known = current
            .touchpoints
            .iter()
            .filter_map(|t| t.id.as_ref().map(|id| id.value.as_str()));
        diagnostics.push(
            Diagnostic::error(
                "unknown-touchpoint",
                format!(
                    "`remove` names `{}`, which is not a touchpoint of the current map",
                    id.value
                ),
            )
            .at(id.span)
            .suggest(&id.value, known)
            .with_hint("`remove` lists ids of the current map's touchpoints"),
        );
    }
    removed
}

/// Replaces the keys `change` gives in `touchpoint`.
fn overlay(touchpoint: &mut TouchpointDoc, change: &TouchpointDoc) {
    for key in &change.given {
        replace_key(touchpoint, change, key);
    }
}

/// Replaces one key; false for a key it does not know, which the test below turns
/// into a failure as soon as the format gains a touchpoint key this does not copy.
fn replace_key(touchpoint: &mut TouchpointDoc, change: &TouchpointDoc, key: &str) -> bool {
    match key {
        "id" => {}
        "stage" => touchpoint.stage = change.stage.clone(),
        "name" => touchpoint.name = change.name.clone(),
        "description" => touchpoint.description = change.description.clone(),
        "channel" => touchpoint.channel = change.channel.clone(),
        "actions" => touchpoint.actions = change.actions.clone(),
        "thoughts" => touchpoint.thoughts = change.thoughts.clone(),
        "emotion" => touchpoint.emotion = change.emotion.clone(),
        "personas" => touchpoint.personas = change.personas.clone(),
        "pain_points" => touchpoint.pain_points = change.pain_points.clone(),
        "opportunities" => touchpoint.opportunities = change.opportunities.clone(),
        "metrics" => touchpoint.metrics = change.metrics.clone(),
        "owner" => touchpoint.owner = change.owner.clone(),
        "next" => touchpoint.next = change.next.clone(),
        "evidence" => touchpoint.evidence = change.evidence.clone(),
        "expect" => touchpoint.expect = change.expect.clone(),
        "detail" => touchpoint.detail = change.detail.clone(),
        "blueprint" => touchpoint.blueprint = change.blueprint.clone(),
        _ => return false,
    }
    true
}

/// Whether a touchpoint the current map does not have can be added: it needs the
/// `stage` and `name` a touchpoint needs. Says so when not.
fn new_touchpoint_is_whole(
    change: &TouchpointDoc,
    current: &MapDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let missing: Vec<&str> = [
        ("stage", change.stage.is_some()),
        ("name", change.name.is_some()),
    ]
    .into_iter()
    .filter(|(key, has)| !has && !change.given.contains(key))
    .map(|(key, _)| key)
    .collect();
    let Some(id) = &change.id else { return false };
    if missing.is_empty() {
        return true;
    }
    let known = current
        .touchpoints
        .iter()
        .filter_map(|t| t.id.as_ref().map(|id| id.value.as_str()));
    let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
    diagnostics.push(
        Diagnostic::error(
            "missing-key",
            format!(
                "touchpoint `{}` is not in the current map, so it is new and needs {}",
                id.value,
                keys.join(" and ")
            ),
        )
        .at(id.span)
        .suggest(&id.value, known)
        .with_hint(
            "a future touchpoint with the id of a current one changes it; with a new id it is added",
        ),
    );
    false
}

/// Stage ids in map order, for placing added touchpoints.
fn stage_order(doc: &MapDoc) -> Vec<String> {
    match &doc.stages {
        Some(stages) => stages.iter().map(|s| s.id.value.clone()).collect(),
        None => builtins::STANDARD_STAGES
            .iter()
            .map(|(id, _)| (*id).to_owned())
            .collect(),
    }
}

/// Where an added touchpoint goes: after the last touchpoint of its stage, or of the
/// nearest stage before it; first when there is none.
fn insertion_point(list: &[TouchpointDoc], added: &TouchpointDoc, order: &[String]) -> usize {
    let rank = |t: &TouchpointDoc| {
        t.stage
            .as_ref()
            .and_then(|s| order.iter().position(|o| *o == s.value))
    };
    let Some(stage) = rank(added) else {
        return list.len();
    };
    list.iter()
        .rposition(|t| rank(t).is_some_and(|r| r <= stage))
        .map_or(0, |i| i + 1)
}

/// `list` without the removed touchpoints. A `next` that named one names, instead,
/// where the removed touchpoint led, so removing a step joins its neighbours.
fn without_removed(list: Vec<TouchpointDoc>, removed: &BTreeSet<&str>) -> Vec<TouchpointDoc> {
    if removed.is_empty() {
        return list;
    }
    let id_of = |t: &TouchpointDoc| t.id.as_ref().map(|id| id.value.clone());
    let mut leads_to: BTreeMap<String, Vec<Text>> = BTreeMap::new();
    for (i, t) in list.iter().enumerate() {
        let Some(id) = id_of(t).filter(|id| removed.contains(id.as_str())) else {
            continue;
        };
        let next = match &t.next {
            Some(next) => next.clone(),
            None => list
                .get(i + 1)
                .and_then(|following| following.id.clone())
                .into_iter()
                .collect(),
        };
        leads_to.insert(id, next);
    }
    list.into_iter()
        .filter(|t| !id_of(t).is_some_and(|id| removed.contains(id.as_str())))
        .map(|mut t| {
            if let Some(next) = &t.next {
                t.next = Some(spliced(next, &leads_to));
            }
            t
        })
        .collect()
}

/// `next` with each removed target replaced by where it led, in order, once each.
fn spliced(next: &[Text], leads_to: &BTreeMap<String, Vec<Text>>) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<Text> = next.iter().rev().cloned().collect();
    while let Some(target) = stack.pop() {
        if !seen.insert(target.value.clone()) {
            continue;
        }
        match leads_to.get(&target.value) {
            Some(onward) => stack.extend(onward.iter().rev().map(|t| Text {
                value: t.value.clone(),
                span: target.span,
            })),
            None => out.push(target),
        }
    }
    out
}

/// How a touchpoint of the drawn map fares in the future state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Kept,
    Added,
    Removed,
}

/// The future map with the removed touchpoints put back, each after the touchpoint
/// that came before it in the current map.
pub(super) fn drawn(current: &Map, future: &Map) -> Map {
    let future_keys: BTreeMap<&str, TouchpointId> = future
        .touchpoint_ids()
        .map(|t| (future.touchpoint(t).key.as_str(), t))
        .collect();
    let current_keys: BTreeSet<&str> = current.touchpoints.iter().map(|t| t.key.as_str()).collect();
    // Removed touchpoints, grouped by the future touchpoint they follow (None: first).
    let mut after: BTreeMap<Option<TouchpointId>, Vec<TouchpointId>> = BTreeMap::new();
    let mut anchor = None;
    for t in current.touchpoint_ids() {
        match future_keys.get(current.touchpoint(t).key.as_str()) {
            Some(&kept) => anchor = Some(kept),
            None => after.entry(anchor).or_default().push(t),
        }
    }
    let mut touchpoints = Vec::new();
    let mut changes = Vec::new();
    let mut from_future = Vec::new();
    let put_back = |list: Option<&Vec<TouchpointId>>,
                    touchpoints: &mut Vec<super::Touchpoint>,
                    changes: &mut Vec<Change>,
                    from_future: &mut Vec<Option<TouchpointId>>| {
        for &removed in list.into_iter().flatten() {
            // Only its card is drawn: what it had in the other lanes goes with it.
            let mut ghost = current.touchpoint(removed).clone();
            ghost.emotions.clear();
            ghost.actions.clear();
            ghost.thoughts.clear();
            ghost.pain_points.clear();
            ghost.opportunities.clear();
            ghost.metrics.clear();
            ghost.owner = None;
            ghost.blueprint.clear();
            ghost.sources.clear();
            ghost.too_few.clear();
            ghost.evidence.clear();
            ghost.funnel = None;
            touchpoints.push(ghost);
            changes.push(Change::Removed);
            from_future.push(None);
        }
    };
    put_back(
        after.get(&None),
        &mut touchpoints,
        &mut changes,
        &mut from_future,
    );
    for t in future.touchpoint_ids() {
        let touchpoint = future.touchpoint(t);
        changes.push(if current_keys.contains(touchpoint.key.as_str()) {
            Change::Kept
        } else {
            Change::Added
        });
        touchpoints.push(touchpoint.clone());
        from_future.push(Some(t));
        put_back(
            after.get(&Some(t)),
            &mut touchpoints,
            &mut changes,
            &mut from_future,
        );
    }
    let drawn_of_future: BTreeMap<TouchpointId, TouchpointId> = from_future
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some(((*f)?, TouchpointId::from_index(i))))
        .collect();
    let to_drawn = |t: TouchpointId| drawn_of_future[&t];
    let next: Vec<Vec<TouchpointId>> = from_future
        .iter()
        .map(|f| match f {
            Some(t) => future.next_of(*t).map(to_drawn).collect(),
            None => Vec::new(),
        })
        .collect();
    let paths = future
        .paths
        .iter()
        .map(|path| super::PersonaPath {
            persona: path.persona,
            steps: path.steps.iter().map(|&t| to_drawn(t)).collect(),
            scores: path.scores.iter().map(|&(t, s)| (to_drawn(t), s)).collect(),
        })
        .collect();
    let mut current = current.clone();
    current.future = None;
    Map {
        touchpoints,
        flow: super::validate::flow::flow_graph(&next),
        paths,
        future: None,
        current: Some(Box::new(current)),
        changes,
        ..future.clone()
    }
}

/// The flow edges to draw for `map`, each with how it fares in the future state.
/// For a map made by [`Map::drawn`]: the future's edges in [`Map::flow_edges`]
/// order, each kept or added (an edge is matched by its touchpoints' ids, so one
/// the current map has between the same two touchpoints is kept), then the current
/// map's edges the future does not have, removed, in the current map's order. Those
/// include every edge into and out of a removed touchpoint, whose card is drawn
/// without edges of its own. For any other map: its edges, all kept.
pub fn drawn_flow(map: &Map) -> Vec<(TouchpointId, TouchpointId, Change)> {
    let Some(current) = map.current.as_deref().filter(|_| !map.changes.is_empty()) else {
        return map
            .flow_edges()
            .map(|(a, b)| (a, b, Change::Kept))
            .collect();
    };
    fn key(m: &Map, t: TouchpointId) -> &str {
        m.touchpoint(t).key.as_str()
    }
    let drawn_of: BTreeMap<&str, TouchpointId> =
        map.touchpoint_ids().map(|t| (key(map, t), t)).collect();
    let before: BTreeSet<(&str, &str)> = current
        .flow_edges()
        .map(|(a, b)| (key(current, a), key(current, b)))
        .collect();
    let after: BTreeSet<(TouchpointId, TouchpointId)> = map.flow_edges().collect();
    let mut edges: Vec<(TouchpointId, TouchpointId, Change)> = map
        .flow_edges()
        .map(|(a, b)| {
            let change = if before.contains(&(key(map, a), key(map, b))) {
                Change::Kept
            } else {
                Change::Added
            };
            (a, b, change)
        })
        .collect();
    edges.extend(current.flow_edges().filter_map(|(a, b)| {
        // Every current touchpoint is drawn: kept, or put back as removed.
        let from = *drawn_of.get(key(current, a))?;
        let to = *drawn_of.get(key(current, b))?;
        (!after.contains(&(from, to))).then_some((from, to, Change::Removed))
    }));
    edges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_state_can_change_every_key_of_a_touchpoint() {
        let mut touchpoint = TouchpointDoc::default();
        let change = TouchpointDoc::default();
        for field in crate::format::schema::TOUCHPOINT {
            assert!(
                replace_key(&mut touchpoint, &change, field.name),
                "a future state cannot change `{}`: add it to `replace_key`",
                field.name
            );
        }
    }
}
