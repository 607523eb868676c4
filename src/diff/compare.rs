//! Two [`Map`]s compared: the [`Change`]s between them, in the documented order.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::order::{reordered, touchpoint_reorders};
use super::{Change, Edge, LogoFacts, Side};
use crate::model::{Item, Map, PersonaId, ScoreSource, Touchpoint};

/// A map where the other version has none: its title, personas, stages and
/// touchpoints as added.
pub fn added(new: &Map) -> Vec<Change> {
    let mut changes = vec![Change::MapAdded {
        title: new.title.clone(),
    }];
    changes.extend(contents(new, true));
    changes
}

/// A map the new version no longer has: its title, personas, stages and touchpoints
/// as removed.
pub fn removed(old: &Map) -> Vec<Change> {
    let mut changes = vec![Change::MapRemoved {
        title: old.title.clone(),
    }];
    changes.extend(contents(old, false));
    changes
}

/// The personas (unless only the implicit one), stages and touchpoints of `map`, each
/// as added or removed.
fn contents(map: &Map, added: bool) -> Vec<Change> {
    let personas = map.personas.iter().filter(|_| !map.implicit_persona);
    let personas = personas.map(|p| (p.key.clone(), p.name.clone()));
    let stages = map.stages.iter().map(|s| (s.key.clone(), s.name.clone()));
    let touchpoints = map.touchpoints.iter().map(|t| {
        let stage = map.stage(t.stage).key.clone();
        (t.key.clone(), t.name.clone(), stage)
    });
    let mut changes: Vec<Change> = Vec::new();
    changes.extend(personas.map(|(persona, name)| match added {
        true => Change::PersonaAdded { persona, name },
        false => Change::PersonaRemoved { persona, name },
    }));
    changes.extend(stages.map(|(stage, name)| match added {
        true => Change::StageAdded { stage, name },
        false => Change::StageRemoved { stage, name },
    }));
    changes.extend(touchpoints.map(|(touchpoint, name, stage)| match added {
        true => Change::TouchpointAdded {
            touchpoint,
            name,
            stage,
        },
        false => Change::TouchpointRemoved {
            touchpoint,
            name,
            stage,
        },
    }));
    changes
}

/// Every change from `old` to `new`, in the documented order.
pub fn diff(old: &Map, new: &Map) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.title != new.title {
        changes.push(Change::TitleChanged {
            old: old.title.clone(),
            new: new.title.clone(),
        });
    }
    if old.scale != new.scale {
        changes.push(Change::ScaleChanged {
            old: old.scale.into(),
            new: new.scale.into(),
        });
    }
    diff_personas(old, new, &mut changes);
    diff_stages(old, new, &mut changes);
    diff_touchpoints(old, new, &mut changes);
    let (reorders, explained) = touchpoint_reorders(old, new);
    changes.extend(reorders);
    diff_emotions(old, new, &mut changes);
    diff_conversion(old, new, &mut changes);
    diff_texts(
        old,
        new,
        &mut changes,
        |t| &t.pain_points,
        |touchpoint, text, added| {
            if added {
                Change::PainPointAdded { touchpoint, text }
            } else {
                Change::PainPointRemoved { touchpoint, text }
            }
        },
    );
    diff_texts(
        old,
        new,
        &mut changes,
        |t| &t.opportunities,
        |touchpoint, text, added| {
            if added {
                Change::OpportunityAdded { touchpoint, text }
            } else {
                Change::OpportunityRemoved { touchpoint, text }
            }
        },
    );
    diff_blueprint(old, new, &mut changes);
    diff_flow(old, new, &explained, &mut changes);
    diff_theme(old, new, &mut changes);
    changes
}

/// The theme's stage colours (of stages in both versions, in the new order), its
/// persona palette, its font and its logo.
fn diff_theme(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    let hex = |color: Option<&crate::model::Color>| color.map(|c| c.hex.clone());
    let old_stages = index_by_key(&old.stages, |s| s.key.as_str());
    for (index, stage) in new.stages.iter().enumerate() {
        let Some(&old_index) = old_stages.get(stage.key.as_str()) else {
            continue;
        };
        let (was, is) = (
            hex(old.theme.stage_color(old_index)),
            hex(new.theme.stage_color(index)),
        );
        if was != is {
            changes.push(Change::StageColorChanged {
                stage: stage.key.clone(),
                old: was,
                new: is,
            });
        }
    }
    let palette =
        |map: &Map| -> Vec<String> { map.theme.palette.iter().map(|c| c.hex.clone()).collect() };
    if palette(old) != palette(new) {
        changes.push(Change::PaletteChanged {
            old: palette(old),
            new: palette(new),
        });
    }
    if old.theme.font != new.theme.font {
        changes.push(Change::FontChanged {
            old: old.theme.font.clone(),
            new: new.theme.font.clone(),
        });
    }
    let facts = |logo: &crate::data::logo::Logo| LogoFacts {
        media_type: logo.mime.to_owned(),
        bytes: logo.bytes.len() as u64,
    };
    match (&old.theme.logo, &new.theme.logo) {
        (None, Some(logo)) => changes.push(Change::LogoAdded { logo: facts(logo) }),
        (Some(logo), None) => changes.push(Change::LogoRemoved { logo: facts(logo) }),
        (Some(was), Some(is)) if was != is => changes.push(Change::LogoChanged {
            old: facts(was),
            new: facts(is),
        }),
        _ => {}
    }
}

/// Index of each key, for matching by id.
fn index_by_key<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (key(item), i))
        .collect()
}

/// Items that have an id and a display name (personas, stages), for
/// [`diff_named`].
trait Named {
    fn key(&self) -> &str;
    fn name(&self) -> &str;
}

impl Named for crate::model::Persona {
    fn key(&self) -> &str {
        &self.key
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for crate::model::BlueprintLane {
    fn key(&self) -> &str {
        &self.key
    }
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for crate::model::Stage {
    fn key(&self) -> &str {
        &self.key
    }
    fn name(&self) -> &str {
        &self.name
    }
}

/// Added, renamed and removed items of one kind, matched by id. `added`,
/// `renamed` and `removed` build the kind's [`Change`]s.
fn diff_named<T: Named>(
    old: &[T],
    new: &[T],
    changes: &mut Vec<Change>,
    added: impl Fn(String, String) -> Change,
    renamed: impl Fn(String, String, String) -> Change,
    removed: impl Fn(String, String) -> Change,
) {
    let old_index = index_by_key(old, |item| item.key());
    let new_index = index_by_key(new, |item| item.key());
    for item in new {
        match old_index.get(item.key()) {
            None => changes.push(added(item.key().to_owned(), item.name().to_owned())),
            Some(&i) if old[i].name() != item.name() => changes.push(renamed(
                item.key().to_owned(),
                old[i].name().to_owned(),
                item.name().to_owned(),
            )),
            Some(_) => {}
        }
    }
    for item in old {
        if !new_index.contains_key(item.key()) {
            changes.push(removed(item.key().to_owned(), item.name().to_owned()));
        }
    }
}

fn diff_personas(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    diff_named(
        &old.personas,
        &new.personas,
        changes,
        |persona, name| Change::PersonaAdded { persona, name },
        |persona, old, new| Change::PersonaRenamed { persona, old, new },
        |persona, name| Change::PersonaRemoved { persona, name },
    );
    if let Some((old, new)) = reordered(&keys(&old.personas), &keys(&new.personas)) {
        changes.push(Change::PersonasReordered { old, new });
    }
}

/// The ids of personas or stages, in order.
fn keys<T: Named>(items: &[T]) -> Vec<&str> {
    items.iter().map(Named::key).collect()
}

fn diff_stages(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    diff_named(
        &old.stages,
        &new.stages,
        changes,
        |stage, name| Change::StageAdded { stage, name },
        |stage, old, new| Change::StageRenamed { stage, old, new },
        |stage, name| Change::StageRemoved { stage, name },
    );
    if let Some((old, new)) = reordered(&keys(&old.stages), &keys(&new.stages)) {
        changes.push(Change::StagesReordered { old, new });
    }
}

/// Blueprint lanes by id, then the texts of each common touchpoint's cells, lane by
/// lane (the new map's lanes first, then lanes only the old map has).
fn diff_blueprint(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    diff_named(
        &old.lanes,
        &new.lanes,
        changes,
        |lane, name| Change::LaneAdded { lane, name },
        |lane, old, new| Change::LaneRenamed { lane, old, new },
        |lane, name| Change::LaneRemoved { lane, name },
    );
    let mut lane_keys: Vec<&str> = keys(&new.lanes);
    for key in keys(&old.lanes) {
        if !lane_keys.contains(&key) {
            lane_keys.push(key);
        }
    }
    let cell = |map: &Map, tp: &Touchpoint, lane: &str| -> Vec<String> {
        tp.blueprint
            .iter()
            .filter(|(id, _)| map.lane(*id).key == lane)
            .flat_map(|(_, items)| items.iter().map(|item| item.text.clone()))
            .collect()
    };
    let mut removed = Vec::new();
    for (before, after) in common_touchpoints(old, new) {
        for lane in &lane_keys {
            let (old_texts, new_texts) = (cell(old, before, lane), cell(new, after, lane));
            let (plus, minus) = multiset_diff(&old_texts, &new_texts);
            changes.extend(plus.into_iter().map(|text| Change::BlueprintItemAdded {
                touchpoint: after.key.clone(),
                lane: (*lane).to_owned(),
                text: text.clone(),
            }));
            removed.extend(minus.into_iter().map(|text| Change::BlueprintItemRemoved {
                touchpoint: after.key.clone(),
                lane: (*lane).to_owned(),
                text: text.clone(),
            }));
        }
    }
    changes.extend(removed);
}

fn diff_touchpoints(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    let old_index = index_by_key(&old.touchpoints, |t| t.key.as_str());
    let new_index = index_by_key(&new.touchpoints, |t| t.key.as_str());
    for tp in &new.touchpoints {
        let stage = new.stage(tp.stage).key.clone();
        let Some(&i) = old_index.get(tp.key.as_str()) else {
            changes.push(Change::TouchpointAdded {
                touchpoint: tp.key.clone(),
                name: tp.name.clone(),
                stage,
            });
            continue;
        };
        let before = &old.touchpoints[i];
        if before.name != tp.name {
            changes.push(Change::TouchpointRenamed {
                touchpoint: tp.key.clone(),
                old: before.name.clone(),
                new: tp.name.clone(),
            });
        }
        let old_stage = &old.stage(before.stage).key;
        if *old_stage != stage {
            changes.push(Change::TouchpointMoved {
                touchpoint: tp.key.clone(),
                old: old_stage.clone(),
                new: stage,
            });
        }
    }
    for tp in &old.touchpoints {
        if !new_index.contains_key(tp.key.as_str()) {
            changes.push(Change::TouchpointRemoved {
                touchpoint: tp.key.clone(),
                name: tp.name.clone(),
                stage: old.stage(tp.stage).key.clone(),
            });
        }
    }
}

/// Pairs of the same touchpoint in both maps, in new document order.
fn common_touchpoints<'a>(old: &'a Map, new: &'a Map) -> Vec<(&'a Touchpoint, &'a Touchpoint)> {
    let old_index = index_by_key(&old.touchpoints, |t| t.key.as_str());
    new.touchpoints
        .iter()
        .filter_map(|tp| {
            old_index
                .get(tp.key.as_str())
                .map(|&i| (&old.touchpoints[i], tp))
        })
        .collect()
}

/// Scores of personas that exist in both maps. Personas added or removed are
/// reported once as such, not once per touchpoint. Only scored personas are
/// looked at, so a map with many personas costs what its scores cost.
fn diff_emotions(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    let new_personas: HashMap<&str, PersonaId> = new
        .persona_ids()
        .map(|p| (new.persona(p).key.as_str(), p))
        .collect();
    let old_keys: HashSet<&str> = old.personas.iter().map(|p| p.key.as_str()).collect();
    for (before, after) in common_touchpoints(old, new) {
        // (old, new) score and its survey responses by the new persona id, in
        // persona order.
        let mut scores: BTreeMap<PersonaId, (Scored, Scored)> = BTreeMap::new();
        for (i, &(p, score)) in before.emotions.iter().enumerate() {
            if let Some(&id) = new_personas.get(old.persona(p).key.as_str()) {
                scores.entry(id).or_default().0 = Some((score, responses(before, i)));
            }
        }
        for (i, &(p, score)) in after.emotions.iter().enumerate() {
            if old_keys.contains(new.persona(p).key.as_str()) {
                scores.entry(p).or_default().1 = Some((score, responses(after, i)));
            }
        }
        for (persona, (was, is)) in scores {
            if same_score(was, is) {
                continue;
            }
            let (old_score, new_score) = (was.map(|s| s.0), is.map(|s| s.0));
            changes.push(Change::EmotionChanged {
                touchpoint: after.key.clone(),
                persona: new.persona(persona).key.clone(),
                old: old_score,
                new: new_score,
                delta: old_score.zip(new_score).map(|(w, i)| i - w),
                old_n: was.and_then(|s| s.1),
                new_n: is.and_then(|s| s.1),
                neutral: crossed(old_score, new_score, new.scale.midpoint()),
            });
        }
    }
}

/// A persona's score at a touchpoint and, when it comes from the survey, how many
/// responses it stands on.
type Scored = Option<(f64, Option<u64>)>;

/// The survey responses behind the touchpoint's `index`th score.
fn responses(touchpoint: &Touchpoint, index: usize) -> Option<u64> {
    match touchpoint.sources.get(index) {
        Some(&ScoreSource::Survey { n, .. }) => Some(n),
        _ => None,
    }
}

/// Whether two versions of a score read the same. Survey means are compared as the
/// map shows them (two decimals), so new responses that move a mean by 0.001 are
/// not a change; hand-typed scores exactly.
fn same_score(was: Scored, is: Scored) -> bool {
    match (was, is) {
        (Some((a, None)), Some((b, None))) => a == b,
        (Some((a, _)), Some((b, _))) => crate::number::num(a) == crate::number::num(b),
        (None, None) => true,
        _ => false,
    }
}

/// The side of the neutral line a score moved to, when it was not there before
/// (on the line counts as neither side).
fn crossed(old: Option<f64>, new: Option<f64>, neutral: f64) -> Option<Side> {
    let side = |score: f64| {
        if score > neutral {
            Some(Side::Above)
        } else if score < neutral {
            Some(Side::Below)
        } else {
            None
        }
    };
    let (old, new) = (side(old?), side(new?));
    new.filter(|_| new != old)
}

/// Conversion at touchpoints in both maps, from their funnels, compared as shown
/// (one decimal).
fn diff_conversion(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    for (before, after) in common_touchpoints(old, new) {
        let was = before.funnel.map(|f| f.conversion());
        let is = after.funnel.map(|f| f.conversion());
        let shown = |v: Option<f64>| v.map(crate::number::one_decimal);
        if shown(was) != shown(is) {
            changes.push(Change::ConversionChanged {
                touchpoint: after.key.clone(),
                old: was,
                new: is,
            });
        }
    }
}

/// Texts (pain points, opportunities) added and removed at touchpoints in both maps,
/// compared as multisets: a text listed twice and now once is one removal.
fn diff_texts(
    old: &Map,
    new: &Map,
    changes: &mut Vec<Change>,
    items: impl Fn(&Touchpoint) -> &Vec<Item>,
    make: impl Fn(String, String, bool) -> Change,
) {
    let old_order = index_by_key(&old.touchpoints, |t| t.key.as_str());
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (before, after) in common_touchpoints(old, new) {
        let texts =
            |t: &Touchpoint| -> Vec<String> { items(t).iter().map(|i| i.text.clone()).collect() };
        let (before_texts, after_texts) = (texts(before), texts(after));
        let (plus, minus) = multiset_diff(&before_texts, &after_texts);
        added.extend(
            plus.into_iter()
                .map(|t| make(after.key.clone(), t.clone(), true)),
        );
        let position = old_order
            .get(after.key.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        removed.extend(
            minus
                .into_iter()
                .map(|t| (position, make(after.key.clone(), t.clone(), false))),
        );
    }
    // Removed texts follow the added ones, in old document order (stable within a
    // touchpoint, so in the order of the old list).
    removed.sort_by_key(|(position, _)| *position);
    changes.extend(added);
    changes.extend(removed.into_iter().map(|(_, change)| change));
}

/// Items of `new` not matched in `old` (added) and of `old` not matched in `new`
/// (removed), each in its own list order. New items match the earliest equal old
/// items, so a text listed twice and now once is one removal, of the later copy.
fn multiset_diff<'a>(old: &'a [String], new: &'a [String]) -> (Vec<&'a String>, Vec<&'a String>) {
    let mut available: HashMap<&str, usize> = HashMap::new();
    for item in old {
        *available.entry(item).or_default() += 1;
    }
    let mut matched: HashMap<&str, usize> = HashMap::new();
    let mut added = Vec::new();
    for item in new {
        match available.get_mut(item.as_str()) {
            Some(left) if *left > 0 => {
                *left -= 1;
                *matched.entry(item).or_default() += 1;
            }
            _ => added.push(item),
        }
    }
    let removed = old
        .iter()
        .filter(|item| match matched.get_mut(item.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect();
    (added, removed)
}

/// Flow edges by touchpoint ids, in document order (source, then its `next` order).
pub(super) fn edges(map: &Map) -> Vec<(&str, &str)> {
    map.flow_edges()
        .map(|(from, to)| {
            (
                map.touchpoint(from).key.as_str(),
                map.touchpoint(to).key.as_str(),
            )
        })
        .collect()
}

/// Flow edges added and removed, except those a reordering of touchpoints
/// (`explained`) already reports.
fn diff_flow(old: &Map, new: &Map, explained: &HashSet<Edge>, changes: &mut Vec<Change>) {
    let unexplained = |&(from, to): &(&str, &str)| {
        !explained.contains(&Edge {
            from: from.to_owned(),
            to: to.to_owned(),
        })
    };
    let old_edges: Vec<(&str, &str)> = edges(old).into_iter().filter(unexplained).collect();
    let new_edges: Vec<(&str, &str)> = edges(new).into_iter().filter(unexplained).collect();
    let old_set: HashSet<(&str, &str)> = old_edges.iter().copied().collect();
    let new_set: HashSet<(&str, &str)> = new_edges.iter().copied().collect();
    for &(from, to) in &new_edges {
        if !old_set.contains(&(from, to)) {
            changes.push(Change::FlowAdded {
                from: from.to_owned(),
                to: to.to_owned(),
            });
        }
    }
    for &(from, to) in &old_edges {
        if !new_set.contains(&(from, to)) {
            changes.push(Change::FlowRemoved {
                from: from.to_owned(),
                to: to.to_owned(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_diff_counts_repeats() {
        let old = vec!["a".to_owned(), "b".to_owned(), "a".to_owned()];
        let new = vec!["a".to_owned(), "c".to_owned()];
        let (added, removed) = multiset_diff(&old, &new);
        assert_eq!(added, vec!["c"]);
        assert_eq!(removed, vec!["b", "a"]);
    }
}
