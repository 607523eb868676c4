//! A validated map as a Mermaid `journey` that GitHub renders in Markdown.
//!
//! Stages become sections and touchpoints tasks, in stage order; a task's actors
//! are the personas scored on the touchpoint, its score their emotion mapped
//! linearly from the map's scale onto Mermaid's 1..5 and rounded (Mermaid draws
//! whole numbers). A Mermaid task has one score, so a touchpoint whose personas
//! feel differently becomes one task per score. `%%` comments after the `journey`
//! line say what Mermaid cannot show and what was changed to fit its syntax.
//!
//! So that `import` adds nothing, two `%%` markers above a task say what Mermaid
//! cannot: [`UNSCORED_MARKER`] (the score is a placeholder, as Mermaid draws no
//! task without one) and [`SAME_TOUCHPOINT_MARKER`] (more of the touchpoint above).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{SAME_TOUCHPOINT_MARKER, SCORE_MAX, SCORE_MIN, UNSCORED_MARKER, UNSCORED_SCORE};
use crate::model::{Map, PersonaId, TouchpointId};
use crate::number::num;

/// A look-alike for `:`, which separates a task's name, score and actors and cannot
/// be written in a task, section or actor name.
const COLON: char = '\u{ff1a}'; // FULLWIDTH COLON

/// Where a piece of text lands in the Mermaid file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Title,
    Description,
    Section,
    Task,
    Actor,
}

impl Place {
    /// Characters that would end or split the text here: `#` starts a comment, `;`
    /// is rejected, `:` and `,` separate a task's parts and actors.
    fn forbids(self, c: char) -> bool {
        match self {
            Place::Title => matches!(c, '#' | ';'),
            Place::Description => false,
            Place::Section | Place::Task => matches!(c, ':' | '#' | ';'),
            Place::Actor => matches!(c, ':' | '#' | ';' | ','),
        }
    }
}

/// Mermaid keywords that, at the start of a task line, would be read as a statement
/// (`journey` only as a whole word, but escaping it before any letter is harmless).
const KEYWORDS: [&str; 5] = ["journey", "title", "section", "accTitle", "accDescr"];

/// Collects what had to change for Mermaid, for the notes at the top.
#[derive(Default)]
struct Changes {
    /// Characters written as Mermaid entity codes (`#35;`), which Mermaid shows as the
    /// character itself.
    encoded: BTreeSet<char>,
    colon: bool,
    /// Line breaks, tabs or runs of spaces were written as one space.
    flattened: bool,
}

/// Mermaid's entity code for `c`: `#35;` for `#`.
fn entity(c: char) -> String {
    format!("#{};", u32::from(c))
}

impl Changes {
    /// `text` on one line, with what would break Mermaid at `place` escaped.
    fn fit(&mut self, text: &str, place: Place) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                    self.flattened = true;
                    out.push(' ');
                }
                c if crate::controls::is_control(c) => {}
                ':' if place.forbids(c) => {
                    self.colon = true;
                    out.push(COLON);
                }
                c if place.forbids(c) => {
                    self.encoded.insert(c);
                    out.push_str(&entity(c));
                }
                // `%%` would start a comment line.
                '%' if out.ends_with('%') => {
                    self.encoded.insert(c);
                    out.push_str(&entity(c));
                }
                c => out.push(c),
            }
        }
        let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
        self.flattened |= joined != out.trim();
        let mut out = joined;
        if place == Place::Task
            && (starts_with_keyword(&out) || out.starts_with('%'))
            && let Some(first) = out.chars().next()
        {
            // `Title page: 5` would be a title and `%...` a comment: write the first
            // character as its code.
            self.encoded.insert(first);
            out.replace_range(..first.len_utf8(), &entity(first));
        }
        out
    }
}

fn starts_with_keyword(name: &str) -> bool {
    KEYWORDS.iter().any(|k| {
        name.get(..k.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(k))
    })
}

/// A score on the map's scale as a whole number on Mermaid's 1..5.
fn to_mermaid_score(map: &Map, score: f64) -> i64 {
    let value = SCORE_MIN + (SCORE_MAX - SCORE_MIN) * map.scale.fraction(score);
    // Within 1..=5 by construction, so the cast cannot truncate.
    value.round().clamp(SCORE_MIN, SCORE_MAX) as i64
}

/// Ids of touchpoints, for a comment: the first ten and a count of the rest.
fn id_list(map: &Map, ids: &[TouchpointId]) -> String {
    let mut names: Vec<&str> = ids
        .iter()
        .take(10)
        .map(|&t| map.touchpoint(t).key.as_str())
        .collect();
    let more = ids.len().saturating_sub(10);
    let more_text = format!("and {more} more");
    if more > 0 {
        names.push(&more_text);
    }
    names.join(", ")
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The map as Mermaid journey text. `source` names the map file in a comment.
pub fn to_mermaid(map: &Map, source: &str) -> String {
    let mut changes = Changes::default();
    let mut body = String::new();

    // Actor names: persona names fitted to Mermaid, made distinct (Mermaid merges
    // actors with the same name) by adding the persona's id.
    let mut actor_names: Vec<String> = Vec::new();
    let mut renamed_actors = false;
    for persona in &map.personas {
        let mut name = changes.fit(&persona.name, Place::Actor);
        if name.is_empty() {
            name = persona.key.clone();
        }
        let base = name.clone();
        let mut n = 1;
        while actor_names.contains(&name) {
            renamed_actors = true;
            name = if n == 1 {
                format!("{base} ({})", persona.key)
            } else {
                format!("{base} ({} {n})", persona.key)
            };
            n += 1;
        }
        actor_names.push(name);
    }
    let actor = |p: PersonaId| actor_names[p.index()].as_str();

    let mut unscored: Vec<TouchpointId> = Vec::new();
    let mut split: Vec<(TouchpointId, usize)> = Vec::new();
    let mut rounded = false;
    let mut empty_stages: Vec<&str> = Vec::new();
    let mut tasks = 0;
    // Actor names written on some task, to name the personas left out.
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (index, stage) in map.stages.iter().enumerate() {
        let stage_id = crate::model::StageId::from_index(index);
        let touchpoints: Vec<TouchpointId> = map.touchpoints_in(stage_id).collect();
        if touchpoints.is_empty() {
            empty_stages.push(&stage.key);
            continue;
        }
        let mut section = changes.fit(&stage.name, Place::Section);
        if section.is_empty() {
            section = stage.key.clone();
        }
        let _ = writeln!(body, "    section {section}");
        for t in touchpoints {
            let tp = map.touchpoint(t);
            let mut name = changes.fit(&tp.name, Place::Task);
            if name.is_empty() {
                name = tp.key.clone();
            }
            // (score, actors) groups in persona order.
            let mut groups: Vec<(i64, Vec<&str>)> = Vec::new();
            for &(persona, score) in &tp.emotions {
                let mapped = to_mermaid_score(map, score);
                let exact = SCORE_MIN + (SCORE_MAX - SCORE_MIN) * map.scale.fraction(score);
                rounded |= (exact - mapped as f64).abs() > 1e-9;
                let who = if map.implicit_persona {
                    None
                } else {
                    Some(actor(persona))
                };
                match groups.iter_mut().find(|(s, _)| *s == mapped) {
                    Some((_, actors)) => actors.extend(who),
                    None => groups.push((mapped, who.into_iter().collect())),
                }
            }
            let marked = groups.is_empty();
            if marked {
                unscored.push(t);
                groups.push((UNSCORED_SCORE as i64, audience(map, t, &actor)));
            } else if groups.len() > 1 {
                split.push((t, groups.len()));
            }
            for (i, (score, actors)) in groups.into_iter().enumerate() {
                tasks += 1;
                used.extend(actors.iter().map(|a| a.to_string()));
                if marked {
                    let _ = writeln!(body, "      {UNSCORED_MARKER}");
                } else if i > 0 {
                    let _ = writeln!(body, "      {SAME_TOUCHPOINT_MARKER}");
                }
                if actors.is_empty() {
                    let _ = writeln!(body, "      {name}: {score}");
                } else {
                    let _ = writeln!(body, "      {name}: {score}: {}", actors.join(", "));
                }
            }
        }
    }

    let mut out = String::from("journey\n");
    let title = changes.fit(&map.title, Place::Title);
    if !title.is_empty() {
        let _ = writeln!(out, "    title {title}");
    }
    if let Some(scenario) = &map.scenario {
        let descr = changes.fit(scenario, Place::Description);
        if !descr.is_empty() {
            let _ = writeln!(out, "    accDescr: {descr}");
        }
    }

    let mut notes: Vec<String> = Vec::new();
    let source: String = source
        .chars()
        .map(|c| {
            if crate::controls::is_control(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    notes.push(format!(
        "Exported from {source} by `journeymap export --to mermaid`: {}.",
        count(tasks, "task", "tasks")
    ));
    notes.push(
        "Ids are not written: `journeymap import` derives stage, touchpoint and persona ids from names."
            .to_owned(),
    );
    let lost = lost_parts(map);
    if !lost.is_empty() {
        notes.push("Mermaid cannot show these parts of the map:".to_owned());
        notes.extend(lost.into_iter().map(|part| format!("- {part}")));
    }
    if map.scale.min != SCORE_MIN || map.scale.max != SCORE_MAX {
        notes.push(format!(
            "Scores are mapped linearly from the map's emotion scale, {} to {}, onto Mermaid's 1 to 5 and rounded to whole numbers; `journeymap import` reads them on 1 to 5.",
            num(map.scale.min),
            num(map.scale.max)
        ));
    } else if rounded {
        notes.push(
            "Fractional scores are rounded to whole numbers (halves up), as Mermaid draws 1 to 5."
                .to_owned(),
        );
    }
    if !unscored.is_empty() {
        notes.push(format!(
            "No emotion score, so drawn at 3 (the middle) below a `{UNSCORED_MARKER}` comment, which `journeymap import` reads back as no score: {}.",
            id_list(map, &unscored)
        ));
    }
    if !split.is_empty() {
        let ids: Vec<TouchpointId> = split.iter().map(|(t, _)| *t).collect();
        let tasks: usize = split.iter().map(|(_, n)| n).sum();
        notes.push(format!(
            "Personas feel differently at {}: each such touchpoint is one task per score, with the same name ({tasks} tasks), each after the first below a `{SAME_TOUCHPOINT_MARKER}` comment, which `journeymap import` reads back as one touchpoint.",
            id_list(map, &ids)
        ));
    }
    let unused: Vec<&str> = map
        .personas
        .iter()
        .zip(&actor_names)
        .filter(|(_, name)| !map.implicit_persona && !used.contains(name.as_str()))
        .map(|(persona, _)| persona.key.as_str())
        .collect();
    if !unused.is_empty() {
        notes.push(format!(
            "Personas on no task are left out, as Mermaid knows only the actors of tasks: {}.",
            unused.join(", ")
        ));
    }
    if !empty_stages.is_empty() {
        notes.push(format!(
            "Stages without touchpoints are left out: {}.",
            empty_stages.join(", ")
        ));
    }
    if changes.colon {
        notes.push(format!(
            "\":\" in names is written as \"{COLON}\", since \":\" separates a task's name, score and actors."
        ));
    }
    if !changes.encoded.is_empty() {
        let list: Vec<String> = changes
            .encoded
            .iter()
            .map(|&c| format!("{} for \"{c}\"", entity(c)))
            .collect();
        notes.push(format!(
            "Characters that would break Mermaid syntax are written as Mermaid entity codes, shown as the character: {}.",
            list.join(", ")
        ));
    }
    if changes.flattened {
        notes.push(
            "Line breaks, tabs and runs of spaces in text are written as one space.".to_owned(),
        );
    }
    if renamed_actors {
        notes
            .push("Personas with the same name are told apart by their id in brackets.".to_owned());
    }
    for note in notes {
        let _ = writeln!(out, "    %% {note}");
    }
    out.push_str(&body);
    out
}

/// The actors of an unscored touchpoint: its personas, or none (every persona, to
/// `import`) when it has them all or the map has only the implicit persona.
fn audience<'n>(map: &Map, t: TouchpointId, actor: &impl Fn(PersonaId) -> &'n str) -> Vec<&'n str> {
    let personas = &map.touchpoint(t).personas;
    if map.implicit_persona || personas.len() >= map.personas.len() {
        return Vec::new();
    }
    personas.iter().map(|&p| actor(p)).collect()
}

/// What the map has that a Mermaid journey cannot show, with counts.
fn lost_parts(map: &Map) -> Vec<String> {
    let tps = &map.touchpoints;
    let total = |f: &dyn Fn(&crate::model::Touchpoint) -> usize| tps.iter().map(f).sum::<usize>();
    let mut lost = Vec::new();
    let pain = total(&|t| t.pain_points.len());
    if pain > 0 {
        lost.push(count(pain, "pain point", "pain points"));
    }
    let opportunities = total(&|t| t.opportunities.len());
    if opportunities > 0 {
        lost.push(count(opportunities, "opportunity", "opportunities"));
    }
    let channels = total(&|t| usize::from(t.channel.is_some()));
    if channels > 0 {
        lost.push(format!(
            "channels ({})",
            count(channels, "touchpoint", "touchpoints")
        ));
    }
    let thoughts = total(&|t| t.thoughts.len());
    if thoughts > 0 {
        lost.push(count(thoughts, "thought", "thoughts"));
    }
    let actions = total(&|t| t.actions.len());
    if actions > 0 {
        lost.push(count(actions, "action", "actions"));
    }
    let metrics = total(&|t| t.metrics.len());
    if metrics > 0 {
        lost.push(count(metrics, "metric", "metrics"));
    }
    let owners = total(&|t| usize::from(t.owner.is_some()));
    if owners > 0 {
        lost.push(format!(
            "owners ({})",
            count(owners, "touchpoint", "touchpoints")
        ));
    }
    let descriptions = total(&|t| usize::from(t.description.is_some()));
    if descriptions > 0 {
        lost.push(format!("touchpoint descriptions ({descriptions})"));
    }
    let branching = map
        .touchpoint_ids()
        .filter(|t| {
            let i = t.index();
            let default: Vec<usize> = if i + 1 < tps.len() {
                vec![i + 1]
            } else {
                Vec::new()
            };
            map.next_of(*t).map(|n| n.index()).collect::<Vec<_>>() != default
        })
        .count();
    if branching > 0 {
        lost.push(format!(
            "branching flow (`next` on {}; Mermaid shows tasks in stage order)",
            count(branching, "touchpoint", "touchpoints")
        ));
    }
    let persona_details = map
        .personas
        .iter()
        .filter(|p| {
            p.role.is_some()
                || p.description.is_some()
                || p.quote.is_some()
                || !p.goals.is_empty()
                || !p.frustrations.is_empty()
        })
        .count();
    if persona_details > 0 {
        lost.push(format!(
            "persona roles, quotes, goals and frustrations ({})",
            count(persona_details, "persona", "personas")
        ));
    }
    let stage_details = map
        .stages
        .iter()
        .filter(|s| s.goal.is_some() || s.description.is_some())
        .count();
    if stage_details > 0 {
        lost.push(format!("stage goals and descriptions ({stage_details})"));
    }
    if !map.lanes.is_empty() {
        lost.push(blueprint_lost(map));
    }
    if map.future.is_some() {
        lost.push("the future state (`future:`); this is the current state".to_owned());
    } else if map.current.is_some() {
        lost.push("the current state this map `extends`; this is the future state".to_owned());
    }
    lost
}

/// The service blueprint, lane by lane (by id: a name may hold a line break, which
/// would end the `%%` comment): a Mermaid journey has no swimlanes, so
/// a reader of the export learns which lanes and how many items stayed behind.
fn blueprint_lost(map: &Map) -> String {
    let lanes: Vec<String> = map
        .lanes
        .iter()
        .map(|lane| format!("`{}` ({})", lane.key, lane.role.id()))
        .collect();
    let items: usize = map
        .touchpoints
        .iter()
        .flat_map(|t| &t.blueprint)
        .map(|(_, items)| items.len())
        .sum();
    format!(
        "service-blueprint lanes {} with {}",
        lanes.join(", "),
        count(items, "item", "items")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_fitted_to_mermaid() {
        let mut changes = Changes::default();
        assert_eq!(
            changes.fit("Pay: step #1; done", Place::Task),
            "Pay\u{ff1a} step #35;1#59; done"
        );
        assert_eq!(changes.fit("Title page", Place::Task), "#84;itle page");
        assert_eq!(changes.fit("journeys", Place::Task), "#106;ourneys");
        assert_eq!(changes.fit("Chen, Maya", Place::Actor), "Chen#44; Maya");
        assert_eq!(changes.fit("Time: 10:00", Place::Title), "Time: 10:00");
        assert_eq!(changes.fit("a\nb\t c %%d", Place::Section), "a b c %#37;d");
        assert_eq!(changes.fit("% done", Place::Task), "#37; done");
        assert_eq!(changes.fit("5%% off", Place::Task), "5%#37; off");
        assert!(changes.colon);
    }
}
