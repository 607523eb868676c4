//! Linked journeys: a touchpoint's `detail:` opens another map, whose page links
//! back to that step. Checked across the maps of one `check` or `build`, because
//! only then is the other file known:
//!
//! - the path is resolved from the linking map's folder and must stay inside the
//!   folder tree being checked (the folder named on the command line, or a named
//!   map's own folder), lexically and once symlinks are resolved;
//! - it must name a readable map file (`broken-link` otherwise);
//! - following links from map to map must never come back (`link-cycle`, reported
//!   at the link that closes the loop).
//!
//! Each problem is an error on the linking map, at the `detail:` value, so the map
//! is not built. Cycles are found among the maps checked together; a map outside
//! the set is only checked to exist.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::Loaded;
use crate::diag::Diagnostic;
use crate::model::TouchpointId;

/// Who links to each map of a checked set, once the links are checked.
pub struct Links {
    /// For each map (by its index in the set), the valid maps and steps that open
    /// it, in the order of the set, then of the touchpoints.
    pub parents: Vec<Vec<(usize, TouchpointId)>>,
}

impl Links {
    /// The steps above `map`, from the top: each ancestor map and the step that
    /// opens the next one. Follows the first parent of each map; stops at a map
    /// already seen, so it ends whatever the links.
    pub fn ancestors(&self, map: usize) -> Vec<(usize, TouchpointId)> {
        let mut chain = Vec::new();
        let mut at = map;
        let mut seen = vec![map];
        while let Some(&(parent, step)) = self.parents.get(at).and_then(|p| p.first()) {
            if seen.contains(&parent) {
                break;
            }
            seen.push(parent);
            chain.push((parent, step));
            at = parent;
        }
        chain.reverse();
        chain
    }
}

/// The folder a map's links must stay inside: the folder named on the command line,
/// or, for a map named directly, the map's own folder.
fn tree_of<'a>(map: &'a Path, root: &'a Path) -> &'a Path {
    if root.is_dir() {
        root
    } else {
        map.parent().unwrap_or(Path::new(""))
    }
}

/// `detail` of the map at `map`, as a path below `tree`, or `None` when it climbs
/// out of `tree` with `..`.
fn resolve(map: &Path, tree: &Path, detail: &str) -> Option<PathBuf> {
    let folder = map.parent().unwrap_or(Path::new(""));
    let below = folder.strip_prefix(tree).unwrap_or(Path::new(""));
    let mut parts: Vec<String> = below
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for part in detail.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            name => parts.push(name.to_owned()),
        }
    }
    Some(
        parts
            .iter()
            .fold(tree.to_path_buf(), |path, part| path.join(part)),
    )
}

/// Broken links of one map that get a "did you mean".
const MAX_SUGGESTED: usize = 20;

/// The maps of the set below `map`'s folder, as `detail:` would name them.
fn maps_below(jobs: &[(PathBuf, PathBuf)], map: &Path) -> Vec<String> {
    let folder = map.parent().unwrap_or(Path::new(""));
    jobs.iter()
        .filter_map(|(p, _)| p.strip_prefix(folder).ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// One link between two maps of the set.
struct Edge {
    to: usize,
    touchpoint: TouchpointId,
    span: crate::diag::Span,
}

/// Checks every `detail:` link of `loaded` (one entry per `(path, root)` job, in
/// the same order), adds an error to the linking map for each problem (which then
/// counts as invalid: its `map` is dropped), and returns who links to whom.
pub fn check(jobs: &[(PathBuf, PathBuf)], loaded: &mut [Loaded]) -> Links {
    let index: BTreeMap<&Path, usize> = jobs
        .iter()
        .enumerate()
        .map(|(i, (path, _))| (path.as_path(), i))
        .collect();
    let mut edges: Vec<Vec<Edge>> = (0..jobs.len()).map(|_| Vec::new()).collect();
    let mut problems: Vec<Vec<Diagnostic>> = (0..jobs.len()).map(|_| Vec::new()).collect();
    for (i, ((path, root), loaded)) in jobs.iter().zip(loaded.iter()).enumerate() {
        let Some(map) = &loaded.map else { continue };
        let tree = tree_of(path, root);
        let inside = std::fs::canonicalize(tree).ok();
        let mut known: Option<Vec<String>> = None;
        for id in map.touchpoint_ids() {
            let touchpoint = map.touchpoint(id);
            let Some(link) = &touchpoint.detail else {
                continue;
            };
            let context = format!("`detail` of touchpoint `{}`", touchpoint.key);
            let shown =
                |p: &Path| crate::controls::for_terminal(&p.display().to_string()).into_owned();
            let Some(target) = resolve(path, tree, &link.path) else {
                problems[i].push(
                    Diagnostic::error(
                        "broken-link",
                        format!("{context} leads out of `{}`, the folder being checked", shown(tree)),
                    )
                    .at(link.span)
                    .with_label("outside the folder")
                    .with_hint("link to maps inside the folder; check or build the folder that holds both maps"),
                );
                continue;
            };
            if let Some(&to) = index.get(target.as_path()) {
                edges[i].push(Edge {
                    to,
                    touchpoint: id,
                    span: link.span,
                });
                continue;
            }
            let readable = inside.as_ref().is_some_and(|inside| {
                super::map_in_folder(&target, inside) == super::MapFile::Readable
            });
            if !readable {
                let mut problem = Diagnostic::error(
                    "broken-link",
                    format!(
                        "{context} points to `{}`, which is not a map file",
                        shown(&target)
                    ),
                )
                .at(link.span)
                .with_label("no map here");
                // "Did you mean" compares with every map of the set: only for the
                // first few broken links of a map, so 20,000 of them stay cheap.
                if problems[i].len() < MAX_SUGGESTED {
                    let known = known.get_or_insert_with(|| maps_below(jobs, path));
                    problem = problem.suggest(&link.path, known.iter().map(String::as_str));
                }
                problems[i].push(problem.with_hint("the path is relative to this map's folder"));
            }
        }
    }
    for (at, cycle) in cycles(&edges) {
        let names: Vec<String> = cycle
            .iter()
            .map(|&m| crate::controls::for_terminal(&jobs[m].0.display().to_string()).into_owned())
            .collect();
        let edge = &edges[at.0][at.1];
        problems[at.0].push(
            Diagnostic::error(
                "link-cycle",
                format!("`detail` links go round in a circle: {}", names.join(" → ")),
            )
            .at(edge.span)
            .with_label("this link closes the circle")
            .with_hint(
                "a detailed journey cannot open one of the maps above it; remove this `detail`",
            ),
        );
    }
    for (loaded, found) in loaded.iter_mut().zip(problems) {
        if found.is_empty() {
            continue;
        }
        loaded.diagnostics.extend(found);
        loaded
            .diagnostics
            .sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
        loaded.map = None;
    }
    let mut parents: Vec<Vec<(usize, TouchpointId)>> =
        (0..jobs.len()).map(|_| Vec::new()).collect();
    for (from, out) in edges.iter().enumerate() {
        if loaded[from].map.is_none() {
            continue;
        }
        for edge in out {
            parents[edge.to].push((from, edge.touchpoint));
        }
    }
    Links { parents }
}

/// Each loop in the link graph, once: the link that closes it (map, edge index) and
/// the maps around it, first and last the same. Depth-first without recursion (a
/// chain of 10,000 links must not overflow the stack), from the maps no other map
/// opens first, so a loop is entered from the top and the link reported is the one
/// that leads back up; then from the rest, in order.
fn cycles(edges: &[Vec<Edge>]) -> Vec<((usize, usize), Vec<usize>)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    let mut found = Vec::new();
    let mut opened = vec![false; edges.len()];
    for edge in edges.iter().flatten() {
        opened[edge.to] = true;
    }
    let (tops, rest): (Vec<usize>, Vec<usize>) = (0..edges.len()).partition(|&m| !opened[m]);
    for start in tops.into_iter().chain(rest) {
        if state[start] != State::New {
            continue;
        }
        // The path being walked: each map and the next of its edges to follow.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::Open;
        while let Some(&mut (map, ref mut next)) = stack.last_mut() {
            let Some(edge) = edges[map].get(*next) else {
                state[map] = State::Done;
                stack.pop();
                continue;
            };
            let closing = (map, *next);
            *next += 1;
            match state[edge.to] {
                State::New => {
                    state[edge.to] = State::Open;
                    stack.push((edge.to, 0));
                }
                State::Open => {
                    let from = stack.iter().position(|(m, _)| *m == edge.to).unwrap_or(0);
                    let mut cycle: Vec<usize> = stack[from..].iter().map(|(m, _)| *m).collect();
                    cycle.push(edge.to);
                    found.push((closing, cycle));
                }
                State::Done => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_from_the_linking_map_and_stay_in_the_tree() {
        let tree = Path::new("maps");
        let map = Path::new("maps/team/a.yaml");
        assert_eq!(
            resolve(map, tree, "b/c.yaml"),
            Some(PathBuf::from("maps/team/b/c.yaml"))
        );
        assert_eq!(
            resolve(map, tree, "../other/d.yaml"),
            Some(PathBuf::from("maps/other/d.yaml"))
        );
        assert_eq!(resolve(map, tree, "../../d.yaml"), None);
        assert_eq!(resolve(map, tree, "../x/../../d.yaml"), None);
    }

    #[test]
    fn a_loop_is_found_once_at_the_link_that_closes_it() {
        let edge = |to| Edge {
            to,
            touchpoint: TouchpointId::from_index(0),
            span: crate::diag::Span::new(0, 0),
        };
        // 0 -> 1 -> 2 -> 0, and 3 -> 3: loops nothing else opens, walked in order.
        let edges = vec![vec![edge(1)], vec![edge(2)], vec![edge(0)], vec![edge(3)]];
        assert_eq!(
            cycles(&edges),
            vec![((2, 0), vec![0, 1, 2, 0]), ((3, 0), vec![3, 3])]
        );
        // 4 opens the loop 1 -> 2 -> 0 -> 1: entered from there, the link that
        // leads back to 1 closes it.
        let edges = vec![
            vec![edge(1)],
            vec![edge(2)],
            vec![edge(0)],
            vec![],
            vec![edge(1)],
        ];
        assert_eq!(cycles(&edges), vec![((0, 0), vec![1, 2, 0, 1])]);
        assert!(cycles(&[vec![edge(1)], vec![]]).is_empty());
    }
}
