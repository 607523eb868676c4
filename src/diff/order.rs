//! Order that a reader sees: persona order (legend, cards, each curve's dash and
//! default colour), stage order (columns) and touchpoint order (columns within a
//! stage, and the implicit flow: a touchpoint without `next` flows to the one after
//! it in the file). Order a reader does not see, such as touchpoints of different
//! stages whose flow stays the same, is not a change.
//!
//! A reordering of touchpoints is found as *runs*: the shortest stretches of the
//! touchpoints in both versions that hold the same touchpoints, in another order.
//! Swapping two touchpoints is a run of two (or of the stretch between them). The
//! "next in the list" edges that a run makes and unmakes travel with it, so a swap
//! is one change, not six flow edges.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Change, Edge};
use crate::model::Map;

/// Ids of `from` that are also in `other`, in the order of `from`.
fn common<'a>(from: &[&'a str], other: &[&str]) -> Vec<&'a str> {
    let other: HashSet<&str> = other.iter().copied().collect();
    from.iter()
        .copied()
        .filter(|id| other.contains(id))
        .collect()
}

fn owned(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|&id| id.to_owned()).collect()
}

/// The ids in both lists, in the old and in the new order, when that order changed.
pub(super) fn reordered(old: &[&str], new: &[&str]) -> Option<(Vec<String>, Vec<String>)> {
    let before = common(old, new);
    let after = common(new, old);
    (before != after).then(|| (owned(&before), owned(&after)))
}

/// The runs where `before` and `after` (the same ids, each once) differ: each is the
/// shortest stretch, from where they first differ, holding the same ids in both.
fn runs(before: &[&str], after: &[&str]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    // Ids seen so far on one side only; empty when both prefixes hold the same ids.
    let mut open: HashSet<&str> = HashSet::new();
    let mut start = 0;
    for (i, (&b, &a)) in before.iter().zip(after).enumerate() {
        for id in [b, a] {
            if !open.remove(id) {
                open.insert(id);
            }
        }
        if open.is_empty() {
            if before[start..=i] != after[start..=i] {
                runs.push(start..i + 1);
            }
            start = i + 1;
        }
    }
    runs
}

/// One version's touchpoints as the reorder logic needs them.
struct Version<'a> {
    /// Touchpoints in both versions, in this version's document order.
    common: Vec<&'a str>,
    /// Where each of `common` is in it.
    position: HashMap<&'a str, usize>,
    /// Stage id of each touchpoint.
    stage: HashMap<&'a str, &'a str>,
    /// The touchpoint after each one in the file (any touchpoint).
    following: HashMap<&'a str, &'a str>,
    /// Flow edges in document order.
    edges: Vec<(&'a str, &'a str)>,
}

impl<'a> Version<'a> {
    fn new(map: &'a Map, other: &Map) -> Self {
        let keys: Vec<&str> = map.touchpoints.iter().map(|t| t.key.as_str()).collect();
        let other_keys: Vec<&str> = other.touchpoints.iter().map(|t| t.key.as_str()).collect();
        let common = common(&keys, &other_keys);
        Version {
            position: common.iter().enumerate().map(|(i, &id)| (id, i)).collect(),
            common,
            stage: map
                .touchpoints
                .iter()
                .map(|t| (t.key.as_str(), map.stage(t.stage).key.as_str()))
                .collect(),
            following: keys
                .iter()
                .copied()
                .zip(keys.iter().skip(1).copied())
                .collect(),
            edges: super::compare::edges(map),
        }
    }

    /// The next touchpoint of `common` after `id`, if any.
    fn next_common(&self, id: &str) -> Option<&'a str> {
        let position = self.position.get(id)?;
        self.common.get(position + 1).copied()
    }

    /// `common[run]` with touchpoints whose stage is the same in `other`, grouped by
    /// stage: what the run puts in each stage's columns, in order.
    fn columns(&self, run: &Range<usize>, other: &Version) -> Vec<(&'a str, &'a str)> {
        let mut columns: Vec<(&str, &str)> = self.common[run.clone()]
            .iter()
            .filter_map(|&id| {
                let stage = *self.stage.get(id)?;
                (other.stage.get(id) == Some(&stage)).then_some((stage, id))
            })
            .collect();
        columns.sort_by_key(|&(stage, _)| stage);
        columns
    }
}

/// Flow edges of `this` not in `that` that follow the list order and exist because
/// the order of the common touchpoints changed: `from` is followed by `to` in the
/// file, both are in both versions, and `from`'s next common touchpoint differs.
fn edges_from_order<'a>(this: &Version<'a>, that: &Version) -> Vec<(&'a str, &'a str)> {
    let kept: HashSet<(&str, &str)> = that.edges.iter().copied().collect();
    let in_both: HashSet<&str> = this.common.iter().copied().collect();
    this.edges
        .iter()
        .copied()
        .filter(|edge| !kept.contains(edge))
        .filter(|&(from, to)| {
            this.following.get(from) == Some(&to)
                && in_both.contains(from)
                && in_both.contains(to)
                && this.next_common(from) != that.next_common(from)
        })
        .collect()
}

/// The run an edge of `version` belongs to: the one holding its source, else its
/// target.
fn run_of(edge: (&str, &str), version: &Version, runs: &[Range<usize>]) -> Option<usize> {
    let position = |id: &str| version.position.get(id).copied();
    let in_run = |p: Option<usize>| p.and_then(|p| runs.iter().position(|r| r.contains(&p)));
    in_run(position(edge.0)).or_else(|| in_run(position(edge.1)))
}

fn edge(&(from, to): &(&str, &str)) -> Edge {
    Edge {
        from: from.to_owned(),
        to: to.to_owned(),
    }
}

/// Runs of touchpoints in a new order that move columns or change the flow, each as
/// one [`Change::TouchpointsReordered`], and the flow edges they account for (which
/// the flow section then leaves out).
pub(super) fn touchpoint_reorders(old: &Map, new: &Map) -> (Vec<Change>, HashSet<Edge>) {
    let before = Version::new(old, new);
    let after = Version::new(new, old);
    let runs = runs(&before.common, &after.common);
    let mut added: Vec<Vec<Edge>> = vec![Vec::new(); runs.len()];
    let mut removed: Vec<Vec<Edge>> = vec![Vec::new(); runs.len()];
    let mut explained = HashSet::new();
    for (version, other, lists) in [
        (&after, &before, &mut added),
        (&before, &after, &mut removed),
    ] {
        for found in edges_from_order(version, other) {
            if let Some(run) = run_of(found, version, &runs) {
                lists[run].push(edge(&found));
                explained.insert(edge(&found));
            }
        }
    }
    let changes = runs
        .iter()
        .zip(added.into_iter().zip(removed))
        .filter(|(run, (added, removed))| {
            !added.is_empty()
                || !removed.is_empty()
                || before.columns(run, &after) != after.columns(run, &before)
        })
        .map(
            |(run, (flow_added, flow_removed))| Change::TouchpointsReordered {
                old: owned(&before.common[run.clone()]),
                new: owned(&after.common[run.clone()]),
                flow_added,
                flow_removed,
            },
        )
        .collect();
    (changes, explained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_the_shortest_stretches_that_changed() {
        let one = |range: Range<usize>| vec![range];
        assert_eq!(
            runs(&["a", "b", "c", "d"], &["b", "a", "c", "d"]),
            one(0..2)
        );
        assert_eq!(
            runs(&["a", "b", "c", "d"], &["d", "b", "c", "a"]),
            one(0..4)
        );
        assert_eq!(
            runs(&["a", "b", "c", "d", "e"], &["b", "a", "c", "e", "d"]),
            [0..2, 3..5]
        );
        assert!(runs(&["a", "b"], &["a", "b"]).is_empty());
    }
}
