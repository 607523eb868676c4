//! Each [`Change`] said once, as parts that the text and Markdown reports render
//! each in their own way: user text quoted or escaped, ids plain or as code, what
//! happened as a leading word (Markdown) or left to the `+`/`-`/`~` mark (text).

use super::{Change, Edge, LogoFacts, Side};

/// What happened to the subject of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verb {
    Added,
    Removed,
    Renamed,
    Moved,
}

impl Verb {
    /// As Markdown leads a line with it.
    pub(super) fn word(self) -> &'static str {
        match self {
            Verb::Added => "Added",
            Verb::Removed => "Removed",
            Verb::Renamed => "Renamed",
            Verb::Moved => "Moved",
        }
    }
}

/// One piece of a change's description.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Part<'a> {
    /// Words and punctuation, the same in every report.
    Words(&'static str),
    /// What a line is about when it has no id ("title"): capitalised in Markdown.
    Label(&'static str),
    /// What happened, for a line whose subject is not an id of its own ("added at
    /// `checkout`"): Markdown says it, text leaves it to the line's mark.
    Verb(Verb),
    /// The id a line is about and what happened to it: Markdown says "Renamed
    /// `maya`", text "maya renamed" (added and removed are the mark's to say).
    Subject(&'a str, Verb),
    /// The display name of the subject: `: "Maya"` in text, ` (Maya)` in Markdown.
    Name(&'a str),
    /// The stage a touchpoint is in now (`was` false) or was in before it was removed.
    Stage {
        stage: &'a str,
        was: bool,
    },
    /// Text as written in the map (a title, a pain point).
    Text(&'a str),
    /// An id of the map.
    Id(&'a str),
    Number(f64),
    /// An emotion score, or none.
    Score(Option<f64>),
    /// How much a score changed, when both versions have one.
    Delta(Option<f64>),
    /// The survey responses behind a score, before and after.
    Responses(Option<u64>, Option<u64>),
    /// The side of the neutral line a score crossed to.
    Neutral(Option<Side>),
    /// A conversion in percent, or none.
    Percent(Option<f64>),
    /// A theme's setting (a colour, a font, a media type), or `None` for the default.
    Setting(Option<&'a str>),
    /// A file's size.
    Bytes(u64),
}

const ARROW: Part<'static> = Part::Words(" → ");

/// The parts that say what `change` is.
pub(super) fn describe(change: &Change) -> Vec<Part<'_>> {
    use Part::{Id, Label, Name, Number, Subject, Text, Words};
    match change {
        Change::MapAdded { title } => vec![Label("new map"), Words(": "), Text(title)],
        Change::MapRemoved { title } => vec![Label("map removed"), Words(": "), Text(title)],
        Change::PersonasReordered { old, new } => reordered("personas reordered", old, new),
        Change::StagesReordered { old, new } => reordered("stages reordered", old, new),
        Change::TouchpointsReordered {
            old,
            new,
            flow_added,
            flow_removed,
        } => {
            let mut parts = match swapped(old, new) {
                Some((a, b)) => vec![
                    Label("touchpoints "),
                    Id(a),
                    Words(" and "),
                    Id(b),
                    Words(" swapped places"),
                ],
                None => reordered("touchpoints reordered", old, new),
            };
            parts.extend(flow_now(flow_added, flow_removed));
            parts
        }
        Change::TitleChanged { old, new } => {
            vec![Label("title"), Words(": "), Text(old), ARROW, Text(new)]
        }
        Change::ScaleChanged { old, new } => vec![
            Label("emotion scale"),
            Words(": "),
            Number(old.min),
            Words(" to "),
            Number(old.max),
            ARROW,
            Number(new.min),
            Words(" to "),
            Number(new.max),
        ],
        Change::PersonaAdded { persona: id, name }
        | Change::StageAdded { stage: id, name }
        | Change::LaneAdded { lane: id, name } => {
            vec![Subject(id, Verb::Added), Name(name)]
        }
        Change::PersonaRemoved { persona: id, name }
        | Change::StageRemoved { stage: id, name }
        | Change::LaneRemoved { lane: id, name } => {
            vec![Subject(id, Verb::Removed), Name(name)]
        }
        Change::PersonaRenamed {
            persona: id,
            old,
            new,
        }
        | Change::StageRenamed {
            stage: id,
            old,
            new,
        }
        | Change::LaneRenamed { lane: id, old, new }
        | Change::TouchpointRenamed {
            touchpoint: id,
            old,
            new,
        } => vec![
            Subject(id, Verb::Renamed),
            Words(": "),
            Text(old),
            ARROW,
            Text(new),
        ],
        Change::TouchpointAdded {
            touchpoint,
            name,
            stage,
        } => vec![
            Subject(touchpoint, Verb::Added),
            Name(name),
            Part::Stage { stage, was: false },
        ],
        Change::TouchpointRemoved {
            touchpoint,
            name,
            stage,
        } => vec![
            Subject(touchpoint, Verb::Removed),
            Name(name),
            Part::Stage { stage, was: true },
        ],
        Change::TouchpointMoved {
            touchpoint,
            old,
            new,
        } => vec![
            Subject(touchpoint, Verb::Moved),
            Words(": "),
            Id(old),
            ARROW,
            Id(new),
        ],
        Change::EmotionChanged {
            touchpoint,
            persona,
            old,
            new,
            delta,
            old_n,
            new_n,
            neutral,
        } => vec![
            Id(persona),
            Words(" at "),
            Id(touchpoint),
            Words(": "),
            Part::Score(*old),
            ARROW,
            Part::Score(*new),
            Part::Responses(*old_n, *new_n),
            Part::Delta(*delta),
            Part::Neutral(*neutral),
        ],
        Change::ConversionChanged {
            touchpoint,
            old,
            new,
        } => vec![
            Label("conversion at "),
            Id(touchpoint),
            Words(": "),
            Part::Percent(*old),
            ARROW,
            Part::Percent(*new),
        ],
        Change::PainPointAdded { touchpoint, text }
        | Change::OpportunityAdded { touchpoint, text } => {
            at_touchpoint(Verb::Added, touchpoint, text)
        }
        Change::PainPointRemoved { touchpoint, text }
        | Change::OpportunityRemoved { touchpoint, text } => {
            at_touchpoint(Verb::Removed, touchpoint, text)
        }
        Change::BlueprintItemAdded {
            touchpoint,
            lane,
            text,
        } => in_lane(Verb::Added, touchpoint, lane, text),
        Change::BlueprintItemRemoved {
            touchpoint,
            lane,
            text,
        } => in_lane(Verb::Removed, touchpoint, lane, text),
        Change::FlowAdded { from, to } => vec![Part::Verb(Verb::Added), Id(from), ARROW, Id(to)],
        Change::FlowRemoved { from, to } => {
            vec![Part::Verb(Verb::Removed), Id(from), ARROW, Id(to)]
        }
        Change::StageColorChanged { stage, old, new } => vec![
            Label("colour of stage "),
            Id(stage),
            Words(": "),
            Part::Setting(old.as_deref()),
            ARROW,
            Part::Setting(new.as_deref()),
        ],
        Change::PaletteChanged { old, new } => {
            let mut parts = vec![Label("persona palette"), Words(": ")];
            parts.extend(settings(old));
            parts.push(ARROW);
            parts.extend(settings(new));
            parts
        }
        Change::FontChanged { old, new } => vec![
            Label("font"),
            Words(": "),
            Part::Setting(old.as_deref()),
            ARROW,
            Part::Setting(new.as_deref()),
        ],
        Change::LogoAdded { logo } => [
            vec![Part::Verb(Verb::Added), Words("logo: ")],
            logo_facts(logo),
        ]
        .concat(),
        Change::LogoRemoved { logo } => [
            vec![Part::Verb(Verb::Removed), Words("logo: ")],
            logo_facts(logo),
        ]
        .concat(),
        Change::LogoChanged { old, new } => [
            vec![Label("logo replaced"), Words(": ")],
            logo_facts(old),
            vec![ARROW],
            logo_facts(new),
        ]
        .concat(),
    }
}

/// "#b91c1c, #1e3a8a", or "default" for none.
fn settings(values: &[String]) -> Vec<Part<'_>> {
    if values.is_empty() {
        return vec![Part::Setting(None)];
    }
    let mut parts = Vec::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            parts.push(Part::Words(", "));
        }
        parts.push(Part::Setting(Some(value)));
    }
    parts
}

/// "image/svg+xml, 412 bytes".
fn logo_facts(logo: &LogoFacts) -> Vec<Part<'_>> {
    vec![
        Part::Setting(Some(&logo.media_type)),
        Part::Words(", "),
        Part::Bytes(logo.bytes),
    ]
}

/// "added at `checkout`: Slow page", for a text listed at a touchpoint.
fn at_touchpoint<'a>(verb: Verb, touchpoint: &'a str, text: &'a str) -> Vec<Part<'a>> {
    vec![
        Part::Verb(verb),
        Part::Words("at "),
        Part::Id(touchpoint),
        Part::Words(": "),
        Part::Text(text),
    ]
}

/// "added at `id-check` in `kyc`: Manual review", for a blueprint cell's text.
fn in_lane<'a>(verb: Verb, touchpoint: &'a str, lane: &'a str, text: &'a str) -> Vec<Part<'a>> {
    vec![
        Part::Verb(verb),
        Part::Words("at "),
        Part::Id(touchpoint),
        Part::Words(" in "),
        Part::Id(lane),
        Part::Words(": "),
        Part::Text(text),
    ]
}

/// "stages reordered: a, b → b, a".
fn reordered<'a>(label: &'static str, old: &'a [String], new: &'a [String]) -> Vec<Part<'a>> {
    let mut parts = vec![Part::Label(label), Part::Words(": ")];
    parts.extend(ids(old));
    parts.push(ARROW);
    parts.extend(ids(new));
    parts
}

/// Ids separated by commas.
fn ids(ids: &[String]) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            parts.push(Part::Words(", "));
        }
        parts.push(Part::Id(id));
    }
    parts
}

/// The two touchpoints that traded places, when that is all a run did.
fn swapped<'a>(old: &'a [String], new: &'a [String]) -> Option<(&'a str, &'a str)> {
    let (first, last) = (old.first()?, old.last()?);
    let between = old.len().checked_sub(1).map(|end| 1..end)?;
    let same_between = old.get(between.clone()) == new.get(between);
    (old.len() >= 2 && new.first() == Some(last) && new.last() == Some(first) && same_between)
        .then_some((first.as_str(), last.as_str()))
}

/// "; the flow now goes a → b → c (was a → c)": the edges a reordering changed.
fn flow_now<'a>(added: &'a [Edge], removed: &'a [Edge]) -> Vec<Part<'a>> {
    match (added.is_empty(), removed.is_empty()) {
        (true, true) => Vec::new(),
        (true, false) => [
            vec![Part::Words("; the flow no longer goes ")],
            chains(removed),
        ]
        .concat(),
        (false, true) => [vec![Part::Words("; the flow now goes ")], chains(added)].concat(),
        (false, false) => [
            vec![Part::Words("; the flow now goes ")],
            chains(added),
            vec![Part::Words(" (was ")],
            chains(removed),
            vec![Part::Words(")")],
        ]
        .concat(),
    }
}

/// Edges as paths: "a → b → c, x → y", joining an edge to the one before it when it
/// starts where that one ends.
fn chains(edges: &[Edge]) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut end: Option<&str> = None;
    for edge in edges {
        if end != Some(edge.from.as_str()) {
            if end.is_some() {
                parts.push(Part::Words(", "));
            }
            parts.push(Part::Id(&edge.from));
        }
        parts.push(ARROW);
        parts.push(Part::Id(&edge.to));
        end = Some(&edge.to);
    }
    parts
}
