//! The reports of a diff: text for a terminal, Markdown for a pull-request comment,
//! JSON for tools. Text and Markdown render the same parts, from `describe`.

use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, NoColor, WriteColor};
use serde::Serialize;

use super::describe::{Part, Verb, describe};
use super::{Change, Mark, Section, Side};
use crate::escape::{markdown as md, markdown_code as md_code};
use crate::number::{num, one_decimal, thousands};
use crate::words::count;

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

/// The survey responses behind a score: `212 → 240`, or one side's count.
fn responses(old: Option<u64>, new: Option<u64>) -> String {
    match (old, new) {
        (Some(old), Some(new)) => format!("n {} → {}", thousands(old), thousands(new)),
        (None, Some(new)) => format!("n {}", thousands(new)),
        (Some(old), None) => format!("n {} before", thousands(old)),
        (None, None) => String::new(),
    }
}

fn neutral(side: Side) -> &'static str {
    match side {
        Side::Above => "now above the neutral line",
        Side::Below => "now below the neutral line",
    }
}

/// A conversion as the map shows it: `54%`, or `no funnel row`.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(
        || "no funnel row".to_owned(),
        |v| format!("{}%", one_decimal(v)),
    )
}

/// How a theme setting the theme leaves out reads.
const DEFAULT: &str = "default";

/// Parts rendered the same in text and Markdown lines.
fn common_part(part: Part) -> Option<String> {
    Some(match part {
        Part::Number(n) => num(n),
        Part::Score(value) => score(value),
        Part::Percent(value) => percent(value),
        Part::Responses(None, None) => String::new(),
        Part::Responses(old, new) => format!(" ({})", responses(old, new)),
        Part::Neutral(side) => side
            .map(|s| format!(", {}", neutral(s)))
            .unwrap_or_default(),
        Part::Bytes(n) => format!("{} {}", thousands(n), if n == 1 { "byte" } else { "bytes" }),
        _ => return None,
    })
}

/// User text for a terminal: quoted, with control characters escaped, so a map
/// cannot move the cursor or change colours.
fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// One part of a line of text. What was added or removed is the line's mark to say.
fn text_part(part: Part) -> String {
    if let Some(text) = common_part(part) {
        return text;
    }
    match part {
        Part::Words(words) | Part::Label(words) => words.to_owned(),
        Part::Verb(_) => String::new(),
        Part::Subject(id, Verb::Added | Verb::Removed) => id.to_owned(),
        Part::Subject(id, verb) => format!("{id} {}", verb.word().to_lowercase()),
        Part::Name(name) => format!(": {}", quoted(name)),
        Part::Stage { stage, was: false } => format!(", in {stage}"),
        Part::Stage { stage, was: true } => format!(", was in {stage}"),
        Part::Text(text) => quoted(text),
        Part::Id(id) => id.to_owned(),
        Part::Setting(value) => value.unwrap_or(DEFAULT).to_owned(),
        Part::Delta(delta) => delta
            .map(|d| format!(", {}", signed(d)))
            .unwrap_or_default(),
        Part::Number(_)
        | Part::Score(_)
        | Part::Percent(_)
        | Part::Responses(..)
        | Part::Neutral(_)
        | Part::Bytes(_) => String::new(),
    }
}

/// One change as a line of text, without its mark.
fn text_line(change: &Change) -> String {
    describe(change).into_iter().map(text_part).collect()
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
            count(changes.len(), "change")
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
            let (mark, color) = mark_and_color(change);
            out.set_color(ColorSpec::new().set_fg(Some(color)))?;
            write!(out, "  {mark} {}", text_line(change))?;
            out.reset()?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The change's mark in text, and its colour: a rise is green, a fall red.
fn mark_and_color(change: &Change) -> (char, Color) {
    match (change.mark(), change) {
        (_, Change::EmotionChanged { delta: Some(d), .. }) if *d > 0.0 => ('~', Color::Green),
        (_, Change::EmotionChanged { delta: Some(d), .. }) if *d < 0.0 => ('~', Color::Red),
        (Mark::Added, _) => ('+', Color::Green),
        (Mark::Removed, _) => ('-', Color::Red),
        (Mark::Changed, _) => ('~', Color::Yellow),
    }
}

/// The text output without colour, as printed when stdout is not a terminal.
pub fn text(old_name: &str, new_name: &str, changes: &[Change]) -> String {
    let mut out = NoColor::new(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = write_text(&mut out, old_name, new_name, changes);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// The first letter as a capital, for a label that starts a Markdown line.
fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One part of a Markdown line: user text escaped, ids as code, what happened first.
fn md_part(part: Part) -> String {
    if let Some(text) = common_part(part) {
        return text;
    }
    match part {
        Part::Words(words) => words.to_owned(),
        Part::Label(words) => capitalised(words),
        Part::Verb(verb) => format!("{} ", verb.word()),
        Part::Subject(id, verb) => format!("{} {}", verb.word(), md_code(id)),
        Part::Name(name) => format!(" ({})", md(name)),
        Part::Stage { stage, was: false } => format!(" in {}", md_code(stage)),
        Part::Stage { stage, was: true } => format!(" from {}", md_code(stage)),
        Part::Text(text) => md(text),
        Part::Id(id) => md_code(id),
        Part::Setting(value) => value.map_or_else(|| DEFAULT.to_owned(), md_code),
        Part::Delta(delta) => delta.map(signed).unwrap_or_default(),
        Part::Number(_)
        | Part::Score(_)
        | Part::Percent(_)
        | Part::Responses(..)
        | Part::Neutral(_)
        | Part::Bytes(_) => String::new(),
    }
}

/// One change as a Markdown line (without the list's `- `).
fn md_line(change: &Change) -> String {
    describe(change).into_iter().map(md_part).collect()
}

/// One change as a Markdown table row: its values, a cell each, without the words
/// between them. With `data`, the survey responses and the neutral line get a
/// cell each too.
fn md_row(change: &Change, data: bool) -> String {
    let mut cells: Vec<String> = describe(change)
        .into_iter()
        .filter(|part| {
            matches!(
                part,
                Part::Text(_) | Part::Id(_) | Part::Number(_) | Part::Score(_) | Part::Delta(_)
            )
        })
        .map(md_part)
        .collect();
    if data {
        for part in describe(change) {
            match part {
                Part::Responses(old, new) => cells.push(responses(old, new)),
                Part::Neutral(side) => cells.push(side.map(neutral).unwrap_or_default().to_owned()),
                _ => {}
            }
        }
    }
    format!("| {} |", cells.join(" | "))
}

/// The changes as Markdown for a pull-request comment: a heading with the new map's
/// title, a summary line, one section per kind of change, emotion changes as a table.
pub fn markdown(old_name: &str, new_name: &str, title: &str, changes: &[Change]) -> String {
    let mut out = String::new();
    out.push_str(&format!("## Journey map changes: {}\n\n", md(title)));
    let summary = if changes.is_empty() {
        "no changes in meaning".to_owned()
    } else {
        format!("**{}**", count(changes.len(), "change"))
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
            // Responses and neutral-line columns only when some row fills them.
            let data = in_section.iter().any(|c| {
                matches!(c, Change::EmotionChanged { old_n, new_n, neutral, .. }
                    if old_n.is_some() || new_n.is_some() || neutral.is_some())
            });
            if data {
                out.push_str("| Persona | Touchpoint | Before | After | Change | Responses | Neutral line |\n");
                out.push_str("|---|---|--:|--:|--:|--:|---|\n");
            } else {
                out.push_str("| Persona | Touchpoint | Before | After | Change |\n");
                out.push_str("|---|---|--:|--:|--:|\n");
            }
            for change in in_section {
                out.push_str(&md_row(change, data));
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
    fn markdown_text_cannot_inject_markup() {
        assert_eq!(
            md("a|b <i>*x*</i>\n@team"),
            "a\\|b \\<i\\>\\*x\\*\\</i\\> \\@team"
        );
        assert_eq!(md_code("plain"), "`plain`");
        assert_eq!(md_code("a`b"), "`` a`b ``");
    }

    #[test]
    fn one_description_reads_right_in_text_and_markdown() {
        let removed = Change::TouchpointRemoved {
            touchpoint: "kiosk".to_owned(),
            name: "Uses *the* kiosk".to_owned(),
            stage: "decision".to_owned(),
        };
        assert_eq!(
            text_line(&removed),
            "kiosk: \"Uses *the* kiosk\", was in decision"
        );
        assert_eq!(
            md_line(&removed),
            "Removed `kiosk` (Uses \\*the\\* kiosk) from `decision`"
        );
        let renamed = Change::StageRenamed {
            stage: "buy".to_owned(),
            old: "Buy".to_owned(),
            new: "Purchase".to_owned(),
        };
        assert_eq!(text_line(&renamed), "buy renamed: \"Buy\" → \"Purchase\"");
        assert_eq!(md_line(&renamed), "Renamed `buy`: Buy → Purchase");
        let unscored = Change::EmotionChanged {
            touchpoint: "pay".to_owned(),
            persona: "maya".to_owned(),
            old: Some(2.0),
            new: None,
            delta: None,
            old_n: Some(212),
            new_n: None,
            neutral: None,
        };
        assert_eq!(
            text_line(&unscored),
            "maya at pay: 2 → unscored (n 212 before)"
        );
        assert_eq!(
            md_row(&unscored, false),
            "| `maya` | `pay` | 2 | unscored |  |"
        );
        assert_eq!(
            md_row(&unscored, true),
            "| `maya` | `pay` | 2 | unscored |  | n 212 before |  |"
        );
    }

    #[test]
    fn terminal_text_escapes_control_characters() {
        assert_eq!(quoted("a\u{1b}[31mb\u{9b}"), "\"a\\u{1b}[31mb\\u{9b}\"");
    }
}
