//! The flow: `next` resolved into petgraph's graph, each persona's path through it,
//! and which touchpoints the first one reaches.

use std::collections::VecDeque;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, Dfs, NodeFiltered, VisitMap, Visitable};

use super::ids::IdTable;
use crate::diag::Diagnostic;
use crate::format::TouchpointDoc;
use crate::model::{Map, PersonaId, PersonaPath, TouchpointId};

/// The touchpoints that follow touchpoint `index` of `count`: its `next` in written
/// order without repeats (a repeat is a warning), or the following touchpoint when
/// it has no `next`.
pub(super) fn resolve_next(
    tp: &TouchpointDoc,
    index: usize,
    count: usize,
    touchpoint_ids: &IdTable,
    referrer: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<TouchpointId> {
    let Some(ids) = &tp.next else {
        return if index + 1 < count {
            vec![TouchpointId::from_index(index + 1)]
        } else {
            Vec::new()
        };
    };
    let mut next: Vec<TouchpointId> = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(target) = touchpoint_ids.resolve(id, referrer, diagnostics) else {
            continue;
        };
        let target = TouchpointId::from_index(target);
        if next.contains(&target) {
            diagnostics.push(
                Diagnostic::warning(
                    "duplicate-next",
                    format!("`{}` is listed twice in the `next` of {referrer}", id.value),
                )
                .at(id.span)
                .with_hint("list each following touchpoint once"),
            );
        } else {
            next.push(target);
        }
    }
    next
}

/// The flow graph: node `i` is touchpoint `i`, `next[i]` its targets in order.
///
/// petgraph lists a node's neighbours newest first, so each touchpoint's edges are
/// added last to first: [`Map::next_of`] then yields them in `next` order.
pub(in crate::model) fn flow_graph(next: &[Vec<TouchpointId>]) -> DiGraph<TouchpointId, ()> {
    let edge_count = next.iter().map(Vec::len).sum();
    let mut flow = DiGraph::with_capacity(next.len(), edge_count);
    for index in 0..next.len() {
        flow.add_node(TouchpointId::from_index(index));
    }
    for (index, targets) in next.iter().enumerate() {
        let from = TouchpointId::from_index(index).node();
        for target in targets.iter().rev() {
            flow.add_edge(from, target.node(), ());
        }
    }
    flow
}

/// One path per persona, in persona order.
pub(super) fn persona_paths(map: &Map) -> Vec<PersonaPath> {
    map.persona_ids().map(|p| persona_path(map, p)).collect()
}

type FlowBfs = Bfs<NodeIndex, <DiGraph<TouchpointId, ()> as Visitable>::Map>;

/// The persona's path: from its first touchpoint, follow the flow, taking at each
/// branch the nearest touchpoint (breadth-first, in `next` order) that the persona is
/// on. A touchpoint the walk cannot reach starts a new stretch, so no scored
/// touchpoint is lost.
///
/// Performance: a search that finds nothing has explored everything reachable from
/// where it started, and none of that can ever lead to an unvisited touchpoint the
/// persona is on (`visited` only grows), so it is marked `dead` and never explored
/// again. That changes no path: anything reached through a dead touchpoint is dead
/// too, so live ones are found in the same order.
fn persona_path(map: &Map, persona: PersonaId) -> PersonaPath {
    let count = map.touchpoints.len();
    let on: Vec<bool> = map
        .touchpoints
        .iter()
        .map(|t| t.personas.binary_search(&persona).is_ok())
        .collect();
    let mut visited = vec![false; count];
    let mut dead = vec![false; count];
    let mut steps = Vec::new();
    let mut bfs = FlowBfs {
        stack: VecDeque::new(),
        discovered: map.flow.visit_map(),
    };
    let mut explored = Vec::new();
    for start in 0..count {
        if !on[start] || visited[start] {
            continue;
        }
        let mut current = NodeIndex::new(start);
        loop {
            visited[current.index()] = true;
            steps.push(TouchpointId::from_node(current));
            let wanted = |n: NodeIndex| on[n.index()] && !visited[n.index()];
            match nearest(map, &mut bfs, current, &dead, wanted, &mut explored) {
                Some(next) => current = next,
                None => {
                    for n in &explored {
                        dead[n.index()] = true;
                    }
                    break;
                }
            }
        }
    }
    let scores = steps
        .iter()
        .filter_map(|&t| map.touchpoint(t).emotion_of(persona).map(|s| (t, s)))
        .collect();
    PersonaPath {
        persona,
        steps,
        scores,
    }
}

/// Breadth-first from `start` (never through a `dead` touchpoint), the first
/// touchpoint that is `wanted`. When there is none, `explored` lists every
/// touchpoint the search went through.
///
/// `bfs` is reused and left with nothing discovered: only the touchpoints this
/// search discovered are cleared, not the whole map (a path takes one search per
/// step).
fn nearest(
    map: &Map,
    bfs: &mut FlowBfs,
    start: NodeIndex,
    dead: &[bool],
    wanted: impl Fn(NodeIndex) -> bool,
    explored: &mut Vec<NodeIndex>,
) -> Option<NodeIndex> {
    let alive = NodeFiltered::from_fn(&map.flow, |n: NodeIndex| !dead[n.index()]);
    bfs.discovered.visit(start);
    bfs.stack.push_back(start);
    explored.clear();
    let mut found = None;
    while let Some(node) = bfs.next(&alive) {
        if wanted(node) {
            found = Some(node);
            break;
        }
        explored.push(node);
    }
    for node in explored.iter().chain(&found).chain(&bfs.stack) {
        bfs.discovered.unvisit(*node);
    }
    bfs.stack.clear();
    found
}

/// Which touchpoints the flow reaches from `start` (itself included), by index.
pub(super) fn reached_from(map: &Map, start: TouchpointId) -> Vec<bool> {
    let mut reached = vec![false; map.touchpoints.len()];
    let mut dfs = Dfs::new(&map.flow, start.node());
    while let Some(node) = dfs.next(&map.flow) {
        reached[node.index()] = true;
    }
    reached
}
