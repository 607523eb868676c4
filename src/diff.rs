//! Two versions of a map compared by meaning: what `journeymap diff` reports.
//!
//! [`diff`] walks two validated [`Map`]s and matches personas, stages and
//! touchpoints by their ids (the model's `key` fields), never by position, so
//! reordering a file or reformatting its YAML is not a change. It reports:
//!
//! - the title and the emotion scale;
//! - personas and stages added, removed or renamed;
//! - touchpoints added, removed, renamed (same id, new name) or moved to another stage;
//! - emotion scores per persona and touchpoint, with the size of the change;
//! - pain points and opportunities added or removed at a touchpoint;
//! - flow edges (`next`, including the implicit "next in the list") added or removed.
//!
//! Changes come in a fixed order: by kind (the order above), then in document
//! order of the new map, then removed items in the order of the old map. The
//! same list is printed three ways: [`write_text`] for a terminal, [`markdown`]
//! for a pull-request comment and [`json`] for tools (schema in [`JSON_SCHEMA`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, NoColor, WriteColor};
use serde::Serialize;

use crate::model::{Map, PersonaId, Scale, Touchpoint};
use crate::render::num;

/// An emotion scale as written in JSON output.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ScaleRange {
    pub min: f64,
    pub max: f64,
}

impl From<Scale> for ScaleRange {
    fn from(scale: Scale) -> Self {
        ScaleRange {
            min: scale.min,
            max: scale.max,
        }
    }
}

/// One difference between the old and the new map. Ids are the maps' ids; names and
/// texts are as written in the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    TitleChanged {
        old: String,
        new: String,
    },
    ScaleChanged {
        old: ScaleRange,
        new: ScaleRange,
    },
    PersonaAdded {
        persona: String,
        name: String,
    },
    PersonaRemoved {
        persona: String,
        name: String,
    },
    PersonaRenamed {
        persona: String,
        old: String,
        new: String,
    },
    StageAdded {
        stage: String,
        name: String,
    },
    StageRemoved {
        stage: String,
        name: String,
    },
    StageRenamed {
        stage: String,
        old: String,
        new: String,
    },
    TouchpointAdded {
        touchpoint: String,
        name: String,
        stage: String,
    },
    TouchpointRemoved {
        touchpoint: String,
        name: String,
        stage: String,
    },
    TouchpointRenamed {
        touchpoint: String,
        old: String,
        new: String,
    },
    /// `old` and `new` are stage ids.
    TouchpointMoved {
        touchpoint: String,
        old: String,
        new: String,
    },
    /// `None` (JSON `null`) when the persona has no score there; `delta` only when both
    /// versions have one.
    EmotionChanged {
        touchpoint: String,
        persona: String,
        old: Option<f64>,
        new: Option<f64>,
        delta: Option<f64>,
    },
    PainPointAdded {
        touchpoint: String,
        text: String,
    },
    PainPointRemoved {
        touchpoint: String,
        text: String,
    },
    OpportunityAdded {
        touchpoint: String,
        text: String,
    },
    OpportunityRemoved {
        touchpoint: String,
        text: String,
    },
    FlowAdded {
        from: String,
        to: String,
    },
    FlowRemoved {
        from: String,
        to: String,
    },
}

/// The groups changes are printed in, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Map,
    Personas,
    Stages,
    Touchpoints,
    Emotions,
    PainPoints,
    Opportunities,
    Flow,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Map,
        Section::Personas,
        Section::Stages,
        Section::Touchpoints,
        Section::Emotions,
        Section::PainPoints,
        Section::Opportunities,
        Section::Flow,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Map => "Map",
            Section::Personas => "Personas",
            Section::Stages => "Stages",
            Section::Touchpoints => "Touchpoints",
            Section::Emotions => "Emotions",
            Section::PainPoints => "Pain points",
            Section::Opportunities => "Opportunities",
            Section::Flow => "Flow",
        }
    }
}

/// Whether a change adds, removes or modifies something (its `+`, `-` or `~` in text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn section(&self) -> Section {
        match self {
            Change::TitleChanged { .. } | Change::ScaleChanged { .. } => Section::Map,
            Change::PersonaAdded { .. }
            | Change::PersonaRemoved { .. }
            | Change::PersonaRenamed { .. } => Section::Personas,
            Change::StageAdded { .. }
            | Change::StageRemoved { .. }
            | Change::StageRenamed { .. } => Section::Stages,
            Change::TouchpointAdded { .. }
            | Change::TouchpointRemoved { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. } => Section::Touchpoints,
            Change::EmotionChanged { .. } => Section::Emotions,
            Change::PainPointAdded { .. } | Change::PainPointRemoved { .. } => Section::PainPoints,
            Change::OpportunityAdded { .. } | Change::OpportunityRemoved { .. } => {
                Section::Opportunities
            }
            Change::FlowAdded { .. } | Change::FlowRemoved { .. } => Section::Flow,
        }
    }

    fn mark(&self) -> Mark {
        match self {
            Change::PersonaAdded { .. }
            | Change::StageAdded { .. }
            | Change::TouchpointAdded { .. }
            | Change::PainPointAdded { .. }
            | Change::OpportunityAdded { .. }
            | Change::FlowAdded { .. } => Mark::Added,
            Change::PersonaRemoved { .. }
            | Change::StageRemoved { .. }
            | Change::TouchpointRemoved { .. }
            | Change::PainPointRemoved { .. }
            | Change::OpportunityRemoved { .. }
            | Change::FlowRemoved { .. } => Mark::Removed,
            Change::TitleChanged { .. }
            | Change::ScaleChanged { .. }
            | Change::PersonaRenamed { .. }
            | Change::StageRenamed { .. }
            | Change::TouchpointRenamed { .. }
            | Change::TouchpointMoved { .. }
            | Change::EmotionChanged { .. } => Mark::Changed,
        }
    }
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
    diff_emotions(old, new, &mut changes);
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
    diff_flow(old, new, &mut changes);
    changes
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
        // (old, new) score by the new persona id, in persona order.
        let mut scores: BTreeMap<PersonaId, (Option<f64>, Option<f64>)> = BTreeMap::new();
        for &(p, score) in &before.emotions {
            if let Some(&id) = new_personas.get(old.persona(p).key.as_str()) {
                scores.entry(id).or_default().0 = Some(score);
            }
        }
        for &(p, score) in &after.emotions {
            if old_keys.contains(new.persona(p).key.as_str()) {
                scores.entry(p).or_default().1 = Some(score);
            }
        }
        for (persona, (was, is)) in scores {
            if was != is {
                changes.push(Change::EmotionChanged {
                    touchpoint: after.key.clone(),
                    persona: new.persona(persona).key.clone(),
                    old: was,
                    new: is,
                    delta: was.zip(is).map(|(w, i)| i - w),
                });
            }
        }
    }
}

/// Texts (pain points, opportunities) added and removed at touchpoints in both maps,
/// compared as multisets: a text listed twice and now once is one removal.
fn diff_texts(
    old: &Map,
    new: &Map,
    changes: &mut Vec<Change>,
    texts: impl Fn(&Touchpoint) -> &Vec<String>,
    make: impl Fn(String, String, bool) -> Change,
) {
    let old_order = index_by_key(&old.touchpoints, |t| t.key.as_str());
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for (before, after) in common_touchpoints(old, new) {
        let (plus, minus) = multiset_diff(texts(before), texts(after));
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
fn edges(map: &Map) -> Vec<(&str, &str)> {
    map.flow_edges()
        .map(|(from, to)| {
            (
                map.touchpoint(from).key.as_str(),
                map.touchpoint(to).key.as_str(),
            )
        })
        .collect()
}

fn diff_flow(old: &Map, new: &Map, changes: &mut Vec<Change>) {
    let old_edges = edges(old);
    let new_edges = edges(new);
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

/// The `--format json` schema, as shown by `journeymap diff --help`.
pub const JSON_SCHEMA: &str = "\
JSON output (--format json), schema version 1:
  {\"version\": 1, \"old\": SOURCE, \"new\": SOURCE, \"changed\": BOOL, \"changes\": [CHANGE, ...]}
  SOURCE is OLD or NEW as given on the command line. Every CHANGE has a \"kind\"
  and the fields listed here (ids are the map's ids; names and texts as written):
    title-changed                      old, new
    scale-changed                      old {min, max}, new {min, max}
    persona-added, persona-removed     persona, name
    persona-renamed                    persona, old, new
    stage-added, stage-removed         stage, name
    stage-renamed                      stage, old, new
    touchpoint-added, -removed         touchpoint, name, stage
    touchpoint-renamed                 touchpoint, old, new
    touchpoint-moved                   touchpoint, old, new (stage ids)
    emotion-changed                    touchpoint, persona, old, new, delta
                                       (old or new is null when unscored;
                                       delta is null unless both are numbers)
    pain-point-added, -removed         touchpoint, text
    opportunity-added, -removed        touchpoint, text
    flow-added, flow-removed           from, to (touchpoint ids)
  Changes are in the order of the text output. New kinds may be added in
  version 1; fields are not removed or renamed without a new version.";

/// Numbers as the map would show them: at most two decimals, no trailing zeros.
fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "unscored".to_owned(), num)
}

fn signed(delta: f64) -> String {
    if delta > 0.0 {
        format!("+{}", num(delta))
    } else {
        num(delta)
    }
}

/// User text for a terminal: quoted, with control characters escaped, so a map
/// cannot move the cursor or change colours.
fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// One change as a line of text, without its mark.
fn text_line(change: &Change) -> String {
    match change {
        Change::TitleChanged { old, new } => format!("title: {} → {}", quoted(old), quoted(new)),
        Change::ScaleChanged { old, new } => format!(
            "emotion scale: {} to {} → {} to {}",
            num(old.min),
            num(old.max),
            num(new.min),
            num(new.max)
        ),
        Change::PersonaAdded { persona, name }
        | Change::PersonaRemoved { persona, name }
        | Change::StageAdded {
            stage: persona,
            name,
        }
        | Change::StageRemoved {
            stage: persona,
            name,
        } => format!("{persona}: {}", quoted(name)),
        Change::PersonaRenamed { persona, old, new }
        | Change::StageRenamed {
            stage: persona,
            old,
            new,
        }
        | Change::TouchpointRenamed {
            touchpoint: persona,
            old,
            new,
        } => format!("{persona} renamed: {} → {}", quoted(old), quoted(new)),
        Change::TouchpointAdded {
            touchpoint,
            name,
            stage,
        } => format!("{touchpoint}: {}, in {stage}", quoted(name)),
        Change::TouchpointRemoved {
            touchpoint,
            name,
            stage,
        } => format!("{touchpoint}: {}, was in {stage}", quoted(name)),
        Change::TouchpointMoved {
            touchpoint,
            old,
            new,
        } => format!("{touchpoint} moved: {old} → {new}"),
        Change::EmotionChanged {
            touchpoint,
            persona,
            old,
            new,
            delta,
        } => {
            let mut line = format!(
                "{persona} at {touchpoint}: {} → {}",
                score(*old),
                score(*new)
            );
            if let Some(delta) = delta {
                line.push_str(", ");
                line.push_str(&signed(*delta));
            }
            line
        }
        Change::PainPointAdded { touchpoint, text }
        | Change::PainPointRemoved { touchpoint, text }
        | Change::OpportunityAdded { touchpoint, text }
        | Change::OpportunityRemoved { touchpoint, text } => {
            format!("at {touchpoint}: {}", quoted(text))
        }
        Change::FlowAdded { from, to } | Change::FlowRemoved { from, to } => {
            format!("{from} → {to}")
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Writes the changes for a terminal: a summary line, then one block per section.
/// Colour (when `out` supports it): green for additions and rises, red for removals
/// and falls, yellow for other changes.
pub fn write_text(
    out: &mut dyn WriteColor,
    old_name: &str,
    new_name: &str,
    changes: &[Change],
) -> io::Result<()> {
    out.set_color(ColorSpec::new().set_bold(true))?;
    if changes.is_empty() {
        write!(out, "{old_name} → {new_name}: no changes in meaning")?;
    } else {
        write!(
            out,
            "{old_name} → {new_name}: {}",
            plural(changes.len(), "change")
        )?;
    }
    out.reset()?;
    writeln!(out)?;
    for section in Section::ALL {
        let mut in_section = changes.iter().filter(|c| c.section() == section).peekable();
        if in_section.peek().is_none() {
            continue;
        }
        writeln!(out)?;
        out.set_color(ColorSpec::new().set_bold(true))?;
        write!(out, "{}", section.title())?;
        out.reset()?;
        writeln!(out)?;
        for change in in_section {
            let (mark, color) = match (change.mark(), change) {
                (_, Change::EmotionChanged { delta: Some(d), .. }) if *d > 0.0 => {
                    ('~', Color::Green)
                }
                (_, Change::EmotionChanged { delta: Some(d), .. }) if *d < 0.0 => ('~', Color::Red),
                (Mark::Added, _) => ('+', Color::Green),
                (Mark::Removed, _) => ('-', Color::Red),
                (Mark::Changed, _) => ('~', Color::Yellow),
            };
            out.set_color(ColorSpec::new().set_fg(Some(color)))?;
            write!(out, "  {mark} {}", text_line(change))?;
            out.reset()?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The text output without colour, as printed when stdout is not a terminal.
pub fn text(old_name: &str, new_name: &str, changes: &[Change]) -> String {
    let mut out = NoColor::new(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = write_text(&mut out, old_name, new_name, changes);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// User text inside Markdown: on one line, with every character that could start
/// emphasis, a link, HTML, a table cell, a mention or an entity escaped.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' | '@'
            | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as a Markdown code span, fenced with more backticks than it contains.
fn md_code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

fn md_score(value: Option<f64>) -> String {
    value.map_or_else(|| "unscored".to_owned(), num)
}

fn md_line(change: &Change) -> String {
    let id = |s: &str| md_code(s);
    match change {
        Change::TitleChanged { old, new } => format!("Title: {} → {}", md(old), md(new)),
        Change::ScaleChanged { old, new } => format!(
            "Emotion scale: {} to {} → {} to {}",
            num(old.min),
            num(old.max),
            num(new.min),
            num(new.max)
        ),
        Change::PersonaAdded { persona: key, name } | Change::StageAdded { stage: key, name } => {
            format!("Added {} ({})", id(key), md(name))
        }
        Change::PersonaRemoved { persona: key, name }
        | Change::StageRemoved { stage: key, name } => {
            format!("Removed {} ({})", id(key), md(name))
        }
        Change::PersonaRenamed {
            persona: key,
            old,
            new,
        }
        | Change::StageRenamed {
            stage: key,
            old,
            new,
        }
        | Change::TouchpointRenamed {
            touchpoint: key,
            old,
            new,
        } => format!("Renamed {}: {} → {}", id(key), md(old), md(new)),
        Change::TouchpointAdded {
            touchpoint,
            name,
            stage,
        } => format!("Added {} ({}) in {}", id(touchpoint), md(name), id(stage)),
        Change::TouchpointRemoved {
            touchpoint,
            name,
            stage,
        } => format!(
            "Removed {} ({}) from {}",
            id(touchpoint),
            md(name),
            id(stage)
        ),
        Change::TouchpointMoved {
            touchpoint,
            old,
            new,
        } => format!("Moved {}: {} → {}", id(touchpoint), id(old), id(new)),
        Change::EmotionChanged {
            touchpoint,
            persona,
            old,
            new,
            delta,
        } => format!(
            "| {} | {} | {} | {} | {} |",
            id(persona),
            id(touchpoint),
            md_score(*old),
            md_score(*new),
            delta.map(signed).unwrap_or_default()
        ),
        Change::PainPointAdded { touchpoint, text }
        | Change::OpportunityAdded { touchpoint, text } => {
            format!("Added at {}: {}", id(touchpoint), md(text))
        }
        Change::PainPointRemoved { touchpoint, text }
        | Change::OpportunityRemoved { touchpoint, text } => {
            format!("Removed at {}: {}", id(touchpoint), md(text))
        }
        Change::FlowAdded { from, to } => format!("Added {} → {}", id(from), id(to)),
        Change::FlowRemoved { from, to } => format!("Removed {} → {}", id(from), id(to)),
    }
}

/// The changes as Markdown for a pull-request comment: a heading with the new map's
/// title, a summary line, one section per kind of change, emotion changes as a table.
pub fn markdown(old_name: &str, new_name: &str, title: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    out.push_str(&format!("## Journey map changes: {}\n\n", md(title)));
    let summary = if changes.is_empty() {
        "no changes in meaning".to_owned()
    } else {
        format!("**{}**", plural(changes.len(), "change"))
    };
    out.push_str(&format!(
        "{} → {}: {summary}\n",
        md_code(old_name),
        md_code(new_name)
    ));
    for section in Section::ALL {
        let in_section: Vec<&Change> = changes.iter().filter(|c| c.section() == section).collect();
        if in_section.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {}\n\n", section.title()));
        if section == Section::Emotions {
            out.push_str("| Persona | Touchpoint | Before | After | Change |\n");
            out.push_str("|---|---|--:|--:|--:|\n");
            for change in in_section {
                out.push_str(&md_line(change));
                out.push('\n');
            }
        } else {
            for change in in_section {
                out.push_str("- ");
                out.push_str(&md_line(change));
                out.push('\n');
            }
        }
    }
    out
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    changed: bool,
    changes: &'a [Change],
}

/// The changes as one JSON document, in the schema of [`JSON_SCHEMA`].
pub fn json(old_name: &str, new_name: &str, changes: &[Change]) -> String {
    let doc = JsonDiff {
        version: 1,
        old: old_name,
        new: new_name,
        changed: !changes.is_empty(),
        changes,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
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

    #[test]
    fn markdown_text_cannot_inject_markup() {
        assert_eq!(
            md("a|b <i>*x*</i>\n@team"),
            "a\\|b \\<i\\>\\*x\\*\\</i\\> \\@team"
        );
        assert_eq!(md_code("plain"), "`plain`");
        assert_eq!(md_code("a`b"), "`` a`b ``");
    }

    #[test]
    fn terminal_text_escapes_control_characters() {
        assert_eq!(quoted("a\u{1b}[31mb\u{9b}"), "\"a\\u{1b}[31mb\\u{9b}\"");
    }
}
