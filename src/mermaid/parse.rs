//! Mermaid journey text to a [`Journey`], following Mermaid's grammar (`journey.jison`
//! and `journeyDb`) closely enough that a diagram Mermaid draws imports as drawn.
//!
//! Mermaid's rules that matter here: keywords are case-insensitive; `%%` starts a
//! comment line and `%%{...}%%` is a directive; `#` starts a comment except in an
//! entity code such as `#35;`; a title or section ends at `#` or `;`; a task is
//! `name: data` where the data splits on `:` into a score (a number) and a
//! comma-separated actor list, and anything after a second `:` is ignored.

use std::collections::{HashMap, HashSet};

use super::{
    Journey, SAME_TOUCHPOINT_MARKER, SCORE_MAX, SCORE_MIN, Section, Task, UNSCORED_MARKER,
    UNSCORED_SCORE,
};
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::limits;

const HINT_JOURNEY: &str = "journeymap imports Mermaid `journey` diagrams: the first statement is `journey`, then `title`, `section` lines and tasks such as `Make tea: 5: Me, Cat`";

struct Parser<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    journey: Journey,
    /// The open `accDescr {`: where it starts and the lines so far.
    descr: Option<(Span, String)>,
    /// Inside a directive that spans lines (`%%{init: ...` until `}%%`).
    in_directive: bool,
    /// The first task before any section, and how many there are.
    unsectioned: Option<(Span, usize)>,
    /// The `journey` keyword, for file-wide warnings.
    header: Span,
    /// Where each section name was first used.
    section_names: HashMap<String, Span>,
    /// The journeymap note in the comments above the next statement, for a task.
    marker: Option<Marker>,
}

/// Reads a Mermaid journey. Returns `None`, with an error in `diagnostics`, when the
/// text is not a journey or exceeds a map's limits; warnings are added either way.
pub fn parse(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Journey> {
    let lines: Vec<&str> = file
        .text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let mut parser = Parser {
        file,
        diagnostics,
        journey: Journey::default(),
        descr: None,
        in_directive: false,
        unsectioned: None,
        header: Span::default(),
        section_names: HashMap::new(),
        marker: None,
    };
    let mut next = 0;
    if lines.first().is_some_and(|l| l.trim_end() == "---") {
        let Some(end) = lines[1..].iter().position(|l| l.trim_end() == "---") else {
            let span = parser.span(lines[0]);
            parser.diagnostics.push(
                Diagnostic::error(
                    "not-journey",
                    "the front matter that starts here is not closed with `---`",
                )
                .at(span)
                .with_hint(HINT_JOURNEY),
            );
            return None;
        };
        // From the line after the opening `---` to the start of the closing one.
        let start = parser.span(lines[1]).start;
        let close = parser.span(lines[end + 1]).start;
        parser.front_matter(Span::new(start, close));
        next = end + 2;
    }
    // Up to and including the `journey` line.
    loop {
        let Some(&line) = lines.get(next) else {
            let span = Span::new(file.text.len(), file.text.len());
            parser.diagnostics.push(
                Diagnostic::error(
                    "not-journey",
                    "this is not a Mermaid journey: there is no `journey` line",
                )
                .at(span)
                .with_hint(HINT_JOURNEY),
            );
            return None;
        };
        next += 1;
        let trimmed = line.trim();
        if parser.skip_directive(trimmed) || trimmed.is_empty() || trimmed.starts_with("%%") {
            continue;
        }
        match keyword(trimmed, "journey") {
            Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                parser.header = parser.span(&trimmed[..7]);
                parser.statement(rest);
                break;
            }
            _ => {
                let first: String = trimmed
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take(40)
                    .collect();
                let span = parser.span(trimmed);
                parser.diagnostics.push(
                    Diagnostic::error(
                        "not-journey",
                        format!("this is not a Mermaid journey: it starts with `{first}`"),
                    )
                    .at(span)
                    .with_hint(HINT_JOURNEY),
                );
                return None;
            }
        }
    }
    for &line in &lines[next..] {
        parser.line(line);
    }
    parser.finish()
}

/// The rest of `line` after `word`, when `line` starts with it in any letter case.
fn keyword<'t>(line: &'t str, word: &str) -> Option<&'t str> {
    let head = line.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &line[word.len()..])
}

/// Mermaid's comment rules at the start of a statement: `%` (not `%{`), any
/// character but `}` followed by `%%`, or `#` (not an entity code such as `#35;`).
fn is_comment(line: &str) -> bool {
    let mut chars = line.chars();
    let first = chars.next();
    (line.starts_with('%') && !line.starts_with("%{"))
        || (first != Some('}') && chars.as_str().starts_with("%%"))
        || (line.starts_with('#') && cut_comment(line).0.is_empty())
}

/// A note that `export` writes in a `%%` comment above a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// [`UNSCORED_MARKER`]: the task's score is a placeholder.
    Unscored,
    /// [`SAME_TOUCHPOINT_MARKER`]: the task is more of the touchpoint above.
    SameTouchpoint,
}

/// The marker a comment line is, spaces around its words aside.
fn marker(line: &str) -> Option<Marker> {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let note = line.strip_prefix("%%").map(words)?;
    [
        (UNSCORED_MARKER, Marker::Unscored),
        (SAME_TOUCHPOINT_MARKER, Marker::SameTouchpoint),
    ]
    .into_iter()
    .find(|(text, _)| text.strip_prefix("%%").map(words).as_ref() == Some(&note))
    .map(|(_, marker)| marker)
}

/// `text` up to its first `#` comment. A `#` that starts an entity code (`#35;`,
/// `#quot;`) is not a comment: Mermaid replaces those before parsing.
fn cut_comment(text: &str) -> (&str, bool) {
    for (i, c) in text.char_indices() {
        if c != '#' {
            continue;
        }
        let rest = &text[i + 1..];
        let word = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if word == 0 || !rest[word..].starts_with(';') {
            return (&text[..i], true);
        }
    }
    (text, false)
}

/// Text as Mermaid shows it: entity codes decoded, `<br>` as a space, control
/// characters and word joiners (which `export` uses to break up keywords) dropped.
pub(super) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '#'
            && let Some((decoded, len)) = entity(rest)
        {
            out.push(decoded);
            rest = &rest[len..];
            continue;
        }
        if c == '<'
            && let Some(len) = line_break_tag(rest)
        {
            out.push(' ');
            rest = &rest[len..];
            continue;
        }
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            '\u{2060}' => {}
            c if crate::controls::is_control(c) => {}
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.trim().to_owned()
}

/// Decodes `#NN;` (decimal) and a few named codes at the start of `text`.
fn entity(text: &str) -> Option<(char, usize)> {
    let (end, _) = text.char_indices().take(10).find(|&(_, c)| c == ';')?;
    let inner = text.get(1..end)?;
    if inner.is_empty() || inner.len() > 8 {
        return None;
    }
    let c = if inner.bytes().all(|b| b.is_ascii_digit()) {
        char::from_u32(inner.parse().ok()?)?
    } else {
        match inner {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            _ => return None,
        }
    };
    (!crate::controls::is_control(c)).then_some((c, end + 1))
}

/// The length of a `<br>`, `<br/>`, `<br />` or `</br>` tag at the start of `text`.
fn line_break_tag(text: &str) -> Option<usize> {
    // Only a short tag can be a line break; looking no further keeps this linear.
    let (end, _) = text.char_indices().take(12).find(|&(_, c)| c == '>')?;
    let inner: String = text[1..end]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect();
    inner.eq_ignore_ascii_case("br").then_some(end + 1)
}

impl<'a> Parser<'a> {
    /// The span of `part`, which must be a slice of the file's text.
    fn span(&self, part: &str) -> Span {
        let base = self.file.text.as_ptr() as usize;
        let start = (part.as_ptr() as usize)
            .saturating_sub(base)
            .min(self.file.text.len());
        Span::new(start, start + part.len())
    }

    fn warn(&mut self, code: &'static str, message: String, at: &str, hint: &str) {
        let span = self.span(at);
        let mut diagnostic = Diagnostic::warning(code, message).at(span);
        if !hint.is_empty() {
            diagnostic = diagnostic.with_hint(hint);
        }
        self.diagnostics.push(diagnostic);
    }

    fn front_matter(&mut self, range: Span) {
        let title = super::front_matter::title(self.file, range, self.diagnostics);
        self.journey.title = title.map(|t| clean(&t)).filter(|t| !t.is_empty());
    }

    fn skip_directive(&mut self, trimmed: &str) -> bool {
        if self.in_directive {
            self.in_directive = !trimmed.contains("}%%");
            return true;
        }
        if !trimmed.starts_with("%%{") {
            return false;
        }
        self.in_directive = !trimmed.contains("}%%");
        self.warn(
            "mermaid-ignored",
            "Mermaid directives set Mermaid's own theme and layout; journeymap ignores them"
                .to_owned(),
            trimmed,
            "",
        );
        true
    }

    fn line(&mut self, line: &'a str) {
        if let Some((span, mut text)) = self.descr.take() {
            match line.find('}') {
                Some(close) => {
                    text.push_str(&line[..close]);
                    self.set_descr(&text);
                    self.statement(&line[close + 1..]);
                }
                None => {
                    text.push_str(line);
                    text.push('\n');
                    self.descr = Some((span, text));
                }
            }
            return;
        }
        if self.skip_directive(line.trim()) {
            return;
        }
        self.statement(line);
    }

    /// The multi-line description as Mermaid keeps it: trimmed, each line's leading
    /// whitespace and blank lines removed.
    fn set_descr(&mut self, text: &str) {
        let lines: Vec<String> = text
            .trim()
            .split('\n')
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect();
        self.journey.acc_descr = Some(lines.join("\n")).filter(|d| !d.is_empty());
    }

    fn statement(&mut self, raw: &'a str) {
        let line = raw.trim();
        if line.is_empty() {
            return;
        }
        if is_comment(line) {
            self.marker = marker(line).or(self.marker);
            return;
        }
        let marked = self.marker.take();
        if let Some(rest) = keyword(line, "title").filter(|r| r.starts_with(char::is_whitespace)) {
            if let Some(title) = self.field(rest, "the title") {
                if self.journey.title.is_some() {
                    self.warn(
                        "mermaid-ignored",
                        "a second `title` replaces the first, as in Mermaid".to_owned(),
                        line,
                        "",
                    );
                }
                self.journey.title = Some(clean(title)).filter(|t| !t.is_empty());
            }
            return;
        }
        if let Some(rest) = keyword(line, "accTitle")
            && let Some(value) = rest.trim_start().strip_prefix(':')
        {
            self.journey.acc_title = Some(clean(value)).filter(|t| !t.is_empty());
            return;
        }
        if let Some(rest) = keyword(line, "accDescr") {
            let rest = rest.trim_start();
            if let Some(value) = rest.strip_prefix(':') {
                self.journey.acc_descr = Some(clean(value)).filter(|t| !t.is_empty());
                return;
            }
            if let Some(value) = rest.strip_prefix('{') {
                match value.find('}') {
                    Some(close) => {
                        self.set_descr(&value[..close]);
                        self.statement(&value[close + 1..]);
                    }
                    None => {
                        let span = self.span(line);
                        self.descr = Some((span, format!("{value}\n")));
                    }
                }
                return;
            }
        }
        if let Some(rest) = keyword(line, "section").filter(|r| r.starts_with(char::is_whitespace))
        {
            self.section(line, rest);
            return;
        }
        self.task(line, marked);
    }

    /// The text of a title or section: up to a `#` comment, trimmed; a `;` is kept
    /// with a warning (Mermaid rejects it). `None`, with a warning, when empty.
    fn field(&mut self, text: &'a str, what: &str) -> Option<&'a str> {
        let (text, _) = cut_comment(text);
        let text = text.trim();
        if text.is_empty() {
            self.warn(
                "mermaid-syntax",
                format!("{what} is empty; the line is ignored"),
                text,
                "",
            );
            return None;
        }
        self.semicolon(text);
        Some(text)
    }

    /// Warns about a `;` that is not the end of an entity code such as `#59;`.
    fn semicolon(&mut self, text: &'a str) {
        let bare = text.char_indices().find(|&(i, c)| {
            c == ';'
                && !text[..i].rfind('#').is_some_and(|h| {
                    let word = &text[h + 1..i];
                    !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                })
        });
        if let Some((i, _)) = bare {
            self.warn(
                "mermaid-syntax",
                "Mermaid does not accept `;` in a journey; it is imported as text".to_owned(),
                &text[i..=i],
                "write `#59;` for a semicolon Mermaid can show",
            );
        }
    }

    fn section(&mut self, line: &'a str, rest: &'a str) {
        let Some(text) = self.field(rest, "the section name") else {
            return;
        };
        if let Some(i) = text.find(':') {
            self.warn(
                "mermaid-syntax",
                "Mermaid does not accept `:` in a section name; it is imported as text".to_owned(),
                &text[i..=i],
                "write `#58;` for a colon Mermaid can show",
            );
        }
        let name = clean(text);
        if name.is_empty() {
            self.warn(
                "mermaid-syntax",
                "the section name is empty; the line is ignored".to_owned(),
                line,
                "",
            );
            return;
        }
        if let Some(&first) = self.section_names.get(&name) {
            let span = self.span(text);
            self.diagnostics.push(
                Diagnostic::warning(
                    "mermaid-section",
                    format!("section `{name}` appears twice; the second becomes a stage of its own with the same name"),
                )
                .at(span)
                .with_related(first, "first here")
                .with_hint("journeymap stage ids are unique, so the second stage gets an id ending in `-2`; rename or merge the sections if they are one stage"),
            );
        }
        let span = self.span(text);
        self.section_names.entry(name.clone()).or_insert(span);
        self.journey.sections.push(Section { name, span });
    }

    /// A task, read with the marker in the comments above it: [`Marker::Unscored`]
    /// drops its score if still the placeholder export wrote; [`Marker::SameTouchpoint`]
    /// joins it to the task above when that fits.
    fn task(&mut self, line: &'a str, marked: Option<Marker>) {
        let (body, had_comment) = cut_comment(line);
        let Some(colon) = body.find(':') else {
            let why = if had_comment {
                " (Mermaid reads `#` as the start of a comment; write `#35;` for a `#` in a name)"
            } else {
                ""
            };
            self.warn(
                "mermaid-unknown",
                format!("this line is not a task, section or title, so it is ignored{why}"),
                line,
                "a task is `Task name: score: actor, actor`, for example `Make tea: 5: Me`",
            );
            return;
        };
        let name_text = body[..colon].trim();
        let name = clean(name_text);
        if name.is_empty() {
            self.warn(
                "mermaid-unknown",
                "this task has no name, so it is ignored".to_owned(),
                line,
                "a task is `Task name: score: actor, actor`, for example `Make tea: 5: Me`",
            );
            return;
        }
        self.semicolon(body);
        let data = &body[colon + 1..];
        let mut pieces = data.split(':');
        let score_text = pieces.next().unwrap_or_default();
        let score = self
            .score(score_text)
            .filter(|&score| !(marked == Some(Marker::Unscored) && score == UNSCORED_SCORE));
        let actors = match pieces.next() {
            Some(list) => self.actors(list),
            None => Vec::new(),
        };
        let extra: Vec<&str> = pieces.collect();
        if let (Some(first), Some(last)) = (extra.first(), extra.last())
            && extra.iter().any(|e| !e.trim().is_empty())
        {
            let start = self.span(first).start;
            let end = self.span(last).end;
            let span = Span::new(start.saturating_sub(1), end);
            self.diagnostics.push(
                Diagnostic::warning(
                    "mermaid-ignored",
                    "text after a task's second `:` is ignored, as Mermaid ignores it",
                )
                .at(span),
            );
        }
        let section = self.journey.sections.len().checked_sub(1);
        let span = self.span(line);
        if section.is_none() {
            let (first, count) = self.unsectioned.unwrap_or((span, 0));
            self.unsectioned = Some((first, count + 1));
        }
        let mut task = Task {
            section,
            name,
            score,
            actors,
            same_touchpoint: false,
            span,
        };
        if marked == Some(Marker::SameTouchpoint) {
            task.same_touchpoint = self.joins_previous(&task);
        }
        self.journey.tasks.push(task);
    }

    /// Whether a task marked [`SAME_TOUCHPOINT_MARKER`] can join the task above: the
    /// same section and name, both scored, other actors. A warning when not.
    fn joins_previous(&mut self, task: &Task) -> bool {
        let fits = self.journey.tasks.last().is_some_and(|above| {
            above.section == task.section
                && above.name == task.name
                && above.score.is_some()
                && task.score.is_some()
                && !above.actors.is_empty()
                && !task.actors.is_empty()
                && !task.actors.iter().any(|a| above.actors.contains(a))
        });
        if !fits {
            self.diagnostics.push(
                Diagnostic::warning(
                    "mermaid-ignored",
                    format!("`{SAME_TOUCHPOINT_MARKER}` is ignored: the task below it is not more of the task above (the same name, a score, other actors), so it is a touchpoint of its own"),
                )
                .at(task.span),
            );
        }
        fits
    }

    fn score(&mut self, text: &'a str) -> Option<f64> {
        let trimmed = text.trim();
        let at = if trimmed.is_empty() { text } else { trimmed };
        let Some(score) = trimmed.parse::<f64>().ok().filter(|s| s.is_finite()) else {
            let what = if trimmed.is_empty() {
                "this task has no score".to_owned()
            } else {
                format!("the score `{trimmed}` is not a number")
            };
            self.warn(
                "mermaid-score",
                format!("{what}, so the task is imported without an emotion score"),
                at,
                "Mermaid scores are numbers from 1 to 5, as in `Make tea: 5: Me`",
            );
            return None;
        };
        if !(SCORE_MIN..=SCORE_MAX).contains(&score) {
            let clamped = score.clamp(SCORE_MIN, SCORE_MAX);
            self.warn(
                "mermaid-score",
                format!(
                    "score {} is outside Mermaid's 1 to 5, so it is imported as {}",
                    crate::number::num(score),
                    crate::number::num(clamped)
                ),
                at,
                "journeymap checks scores against the map's emotion scale, 1 to 5 here",
            );
            return Some(clamped);
        }
        Some(score)
    }

    /// The actors of a task. Empty and repeated names are dropped with one warning
    /// each per task, however many there are.
    fn actors(&mut self, list: &'a str) -> Vec<String> {
        let mut actors: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut empty: Option<(&'a str, usize)> = None;
        let mut repeated: Option<(&'a str, Vec<String>)> = None;
        for piece in list.split(',') {
            let name = clean(piece);
            if name.is_empty() {
                let trimmed = piece.trim();
                let at = if trimmed.is_empty() { piece } else { trimmed };
                let (first, count) = empty.unwrap_or((at, 0));
                empty = Some((first, count + 1));
            } else if seen.contains(&name) {
                let (_, names) = repeated.get_or_insert_with(|| (piece.trim(), Vec::new()));
                if !names.contains(&name) && names.len() < 4 {
                    names.push(name);
                }
            } else {
                seen.insert(name.clone());
                actors.push(name);
            }
        }
        if let Some((at, count)) = empty {
            let message = if count == 1 {
                "an empty actor name is ignored".to_owned()
            } else {
                format!("{count} empty actor names are ignored")
            };
            self.warn(
                "mermaid-actor",
                message,
                at,
                "list actors after the score, separated by commas: `Do work: 1: Me, Cat`",
            );
        }
        if let Some((at, names)) = repeated {
            let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let message = if names.len() == 1 {
                format!(
                    "actor {} is listed more than once on this task; once is kept",
                    listed.concat()
                )
            } else {
                format!(
                    "actors {} are listed more than once on this task; each is kept once",
                    listed.join(", ")
                )
            };
            self.warn("mermaid-actor", message, at, "");
        }
        actors
    }

    fn finish(mut self) -> Option<Journey> {
        if let Some((span, text)) = self.descr.take() {
            self.diagnostics.push(
                Diagnostic::warning("mermaid-syntax", "`accDescr {` is not closed with `}`; the rest of the file is read as the description")
                    .at(span),
            );
            self.set_descr(&text);
        }
        if let Some((span, count)) = self.unsectioned {
            let (tasks, go) = if count == 1 {
                ("a task comes".to_owned(), "it goes")
            } else {
                (format!("{count} tasks come"), "they go")
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    "mermaid-no-section",
                    format!("{tasks} before the first `section`; a map puts every touchpoint in a stage, so {go} in a stage named \"No section\""),
                )
                .at(span)
                .with_hint("add a `section` line above the first task"),
            );
        }
        let header = self.header;
        self.journey.header = header;
        if self.journey.tasks.len() > limits::MAX_TOUCHPOINTS {
            self.diagnostics.push(
                Diagnostic::error(
                    "limit",
                    format!(
                        "the journey has {} tasks; a map holds at most {} touchpoints",
                        self.journey.tasks.len(),
                        limits::MAX_TOUCHPOINTS
                    ),
                )
                .at(header),
            );
            return None;
        }
        if self.journey.sections.len() > limits::MAX_TOUCHPOINTS {
            self.diagnostics.push(
                Diagnostic::error(
                    "limit",
                    format!(
                        "the journey has {} sections; a map imported from Mermaid holds at most {} stages",
                        self.journey.sections.len(),
                        limits::MAX_TOUCHPOINTS
                    ),
                )
                .at(header),
            );
            return None;
        }
        let actors = self.journey.actors().len();
        if actors > limits::MAX_PERSONAS {
            self.diagnostics.push(
                Diagnostic::error(
                    "limit",
                    format!(
                        "the journey has {actors} actors; a map holds at most {} personas",
                        limits::MAX_PERSONAS
                    ),
                )
                .at(header),
            );
            return None;
        }
        if self.journey.title.is_none() {
            let fallback = if self.journey.acc_title.is_some() {
                "its `accTitle`"
            } else {
                "the file name"
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    "mermaid-title",
                    format!("the journey has no `title`; the map is titled after {fallback}"),
                )
                .at(header)
                .with_hint("add `title ...` under `journey`"),
            );
        }
        Some(self.journey)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_follow_mermaids_lexer() {
        for line in ["%% note", "% note", "a%% note", "# note"] {
            assert!(is_comment(line), "{line}");
        }
        for line in ["%{x}: 3", "}%% x: 3", "#37; off: 3", "a%b: 3"] {
            assert!(!is_comment(line), "{line}");
        }
    }

    #[test]
    fn markers_allow_spaces_but_nothing_else() {
        assert_eq!(marker("%%journeymap:  unscored "), Some(Marker::Unscored));
        assert_eq!(
            marker("%% journeymap: same   touchpoint"),
            Some(Marker::SameTouchpoint)
        );
        for line in [
            "%% journeymap: scored",
            "%% journeymap unscored",
            "% journeymap: unscored",
            "%%",
        ] {
            assert_eq!(marker(line), None, "{line}");
        }
    }

    #[test]
    fn comments_stop_at_a_bare_hash_but_not_at_an_entity() {
        assert_eq!(cut_comment("Pay #35;1: 5 # note"), ("Pay #35;1: 5 ", true));
        assert_eq!(cut_comment("a#b"), ("a", true));
        assert_eq!(cut_comment("plain"), ("plain", false));
    }

    #[test]
    fn cleaning_decodes_entities_and_line_breaks() {
        assert_eq!(clean(" A #quot;B#quot; #35;1 "), "A \"B\" #1");
        assert_eq!(
            clean("Line1<br>Line2<br/>Line3</br />Line4<BR\t/>Line5"),
            "Line1 Line2 Line3 Line4 Line5"
        );
        assert_eq!(clean("T\u{2060}itle #0; #unknown;"), "Title #0; #unknown;");
    }
}
