//! The fast path of [`super::parse`]: the node tree built straight from the YAML
//! parser's events.
//!
//! serde-saphyr parses with granit-parser and then drives serde over the events,
//! which for our untyped tree of spanned nodes costs four to seven times the parse
//! itself (every key is recorded and replayed, every value goes through a synthetic
//! `Spanned` struct). On a map of 1,000 touchpoints that was 60 of the 70 ms of
//! `check`. This module reads the same parser, with the same options, and builds the
//! same [`Node`]s with the same spans, but only for the plain YAML that maps are
//! written in. It gives up, and the caller parses the text again with serde-saphyr,
//! on anything else: a syntax error, an anchor, alias or tag, a key that is not plain
//! text, more than one document, or a tree near the node or depth limits. Errors are
//! therefore always reported by serde-saphyr, word for word as before.
//!
//! Scalars are typed as serde-saphyr types an untyped value: quoted and block scalars
//! are text; a plain scalar is null, a boolean (YAML 1.1 spellings, since
//! `strict_booleans` is off), an integer, a float, or else text. Text that cannot be
//! any of the others (it starts with a letter or a symbol other than `+ - . ~` and is
//! not a boolean or null word) and plain decimal numbers are typed here; every other
//! plain scalar (`2m 10s`, `0x1F`, `1e3`, `+5`, `.inf`) is typed by serde-saphyr
//! itself, as a one-scalar document. The tests below check that both paths give
//! identical trees, spans included, for the examples, the error cases, generated
//! maps and a list of awkward scalars.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle, Span as ParserSpan};

use super::{Node, NodeKind};
use crate::diag::{SourceFile, Span};
use crate::limits;

/// The fast path cannot build this tree; serde-saphyr must parse the text.
struct GiveUp;

type Step<T> = Result<T, GiveUp>;

/// The node tree of `file`, or `None` when the text needs serde-saphyr.
pub(super) fn parse(file: &SourceFile) -> Option<Node> {
    let mut reader = Reader {
        file,
        // The same parser options serde-saphyr derives from our budget: granit's
        // defaults (its block nesting limit is raised to at most 255, the default).
        events: Parser::new_from_str(&file.text),
        nodes: 0,
        events_read: 0,
    };
    reader.document().ok()
}

struct Reader<'a> {
    file: &'a SourceFile,
    events: Parser<'a, granit_parser::StrInput<'a>>,
    nodes: usize,
    events_read: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Step<(Event<'a>, ParserSpan)> {
        self.events_read += 1;
        // serde-saphyr's budget counts events and nodes; stay well inside both so
        // that a tree near a limit is judged (and reported) by serde-saphyr.
        if self.events_read > limits::MAX_NODES * 2 - 16 {
            return Err(GiveUp);
        }
        match self.events.next() {
            Some(Ok(event)) => Ok(event),
            _ => Err(GiveUp),
        }
    }

    fn document(&mut self) -> Step<Node> {
        if !matches!(self.next()?.0, Event::StreamStart) {
            return Err(GiveUp);
        }
        if !matches!(self.next()?.0, Event::DocumentStart(..)) {
            return Err(GiveUp);
        }
        let (event, span) = self.next()?;
        let root = self.node(event, span, 0, false)?;
        if !matches!(self.next()?.0, Event::DocumentEnd) {
            return Err(GiveUp);
        }
        // One document only: serde-saphyr refuses a second one.
        if !matches!(self.next()?.0, Event::StreamEnd) {
            return Err(GiveUp);
        }
        if self.events.next().is_some() {
            return Err(GiveUp);
        }
        Ok(root)
    }

    /// The byte span of an event, exactly as `super::span_of` computes it from the
    /// location serde-saphyr makes of the same event.
    fn span(&self, span: &ParserSpan) -> Step<Span> {
        let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset()) else {
            return Err(GiveUp);
        };
        let len = self.file.text.len();
        if start > len {
            return Err(GiveUp);
        }
        Ok(Span::new(
            start,
            (start + end.saturating_sub(start)).min(len),
        ))
    }

    fn node(&mut self, event: Event<'a>, span: ParserSpan, depth: usize, key: bool) -> Step<Node> {
        self.nodes += 1;
        if self.nodes >= limits::MAX_NODES {
            return Err(GiveUp);
        }
        let span = self.span(&span)?;
        let kind = match event {
            Event::Scalar(value, style, 0, None) => scalar(value, style, key)?,
            // Keys are plain text in a map; anything else goes the long way.
            _ if key => return Err(GiveUp),
            Event::SequenceStart(_, 0, None) => {
                // serde-saphyr allows MAX_DEPTH nested collections; stop one short.
                if depth + 1 >= limits::MAX_DEPTH {
                    return Err(GiveUp);
                }
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, span, depth + 1, false)?);
                }
                NodeKind::Seq(items)
            }
            Event::MappingStart(_, 0, None) => {
                if depth + 1 >= limits::MAX_DEPTH {
                    return Err(GiveUp);
                }
                let mut entries = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let key = self.node(event, span, depth + 1, true)?;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1, false)?;
                    entries.push((key, value));
                }
                NodeKind::Map(entries)
            }
            // Anchors, aliases, tags and anything unexpected.
            _ => return Err(GiveUp),
        };
        Ok(Node { span, kind })
    }
}

/// Types a scalar as serde-saphyr's `deserialize_any` does (see the module docs).
fn scalar(value: Cow<'_, str>, style: ScalarStyle, key: bool) -> Step<NodeKind> {
    if style != ScalarStyle::Plain {
        return Ok(NodeKind::String(value.into_owned()));
    }
    let text = value.as_ref();
    // `<<` is YAML's merge key, which serde-saphyr expands.
    if text == "<<" {
        return Err(GiveUp);
    }
    if is_plain_text(text) {
        return Ok(NodeKind::String(value.into_owned()));
    }
    if key {
        return Err(GiveUp);
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(NodeKind::Null);
    }
    // Performance: a blueprint's `fail_point: true` and `wait: 2 days` are common
    // enough that typing each by a serde-saphyr parse of its own cost a map of
    // 1,000 touchpoints tens of milliseconds.
    match text {
        "true" => return Ok(NodeKind::Bool(true)),
        "false" => return Ok(NodeKind::Bool(false)),
        _ => {}
    }
    if let Some(number) = plain_decimal(text) {
        return Ok(NodeKind::Number(number));
    }
    // No null, boolean or number has a space inside, so `2 days` is text.
    if text.contains(' ') {
        return Ok(NodeKind::String(value.into_owned()));
    }
    type_with_serde_saphyr(text)
}

/// True for a plain scalar that can only be text: it starts with neither a digit nor
/// `+ - . ~` (the starts of numbers and `~`), and is not a null or boolean word.
fn is_plain_text(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false; // empty: null
    };
    if first.is_ascii_digit() || matches!(first, '+' | '-' | '.' | '~') {
        return false;
    }
    // Null (`null`, `Null`, `NULL`) and YAML 1.1 booleans, compared loosely: a word
    // that only looks like one is typed by serde-saphyr, which is always right.
    const WORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    !WORDS.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// The value of `-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?`, typed as serde-saphyr
/// types it: an integer through i64 (so `-0` is 0), a decimal through f64's parser.
fn plain_decimal(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || whole.len() > 15 || (whole.len() > 1 && whole.starts_with('0')) {
        return None;
    }
    match fraction {
        None => text.parse::<i64>().ok().map(|n| n as f64),
        Some(fraction) if all_digits(fraction) && fraction.len() <= 15 => text.parse().ok(),
        Some(_) => None,
    }
}

/// Types one plain scalar by letting serde-saphyr parse it as a document of its own.
fn type_with_serde_saphyr(text: &str) -> Step<NodeKind> {
    // A plain scalar's text reads back as the same plain scalar, except for document
    // markers and comments, which a plain scalar cannot start with or hold anyway.
    if text.starts_with("---") || text.starts_with("...") || text.contains(" #") {
        return Err(GiveUp);
    }
    let raw: super::RawNode =
        serde_saphyr::from_str_with_options(text, super::options()).map_err(|_| GiveUp)?;
    Ok(match raw.0 {
        super::RawKind::Null => NodeKind::Null,
        super::RawKind::Bool(b) => NodeKind::Bool(b),
        super::RawKind::Number(n) => NodeKind::Number(n),
        super::RawKind::String(s) if s == text => NodeKind::String(s),
        _ => return Err(GiveUp),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use std::path::Path;

    use super::super::{RawNode, convert, options};
    use super::*;
    use serde_saphyr::Spanned;

    /// The tree serde-saphyr builds, or `None` where it reports an error.
    fn slow(file: &SourceFile) -> Option<Node> {
        let raw: Spanned<RawNode> =
            serde_saphyr::from_str_with_options(&file.text, options()).ok()?;
        Some(convert(file, raw))
    }

    /// Where the fast path builds a tree, it is serde-saphyr's. Returns whether it did.
    fn agree(name: &str, text: &str) -> bool {
        let file = SourceFile::new(name, text);
        let Some(fast) = parse(&file) else {
            return false;
        };
        match slow(&file) {
            Some(slow) => assert_eq!(fast, slow, "{name}:\n{text}"),
            None => panic!("{name}: the fast path accepts what serde-saphyr refuses:\n{text}"),
        }
        true
    }

    fn yaml_files(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn fast_and_serde_paths_agree_on_examples_and_error_cases() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (name, text) in yaml_files(&root.join("examples")) {
            assert!(agree(&name, &text), "{name} should take the fast path");
        }
        for dir in ["tests/errors", "tests/fixtures"] {
            for (name, text) in yaml_files(&root.join(dir)) {
                agree(&name, &text);
            }
        }
    }

    #[test]
    fn fast_and_serde_paths_agree_on_generated_maps() {
        for (touchpoints, personas, seed) in [(1, 0, 1), (12, 3, 2), (150, 5, 3), (400, 2, 4)] {
            let text = crate::generate::generate(crate::generate::GenerateOptions {
                touchpoints,
                personas,
                seed,
                blueprint: false,
            });
            assert!(agree("generated.yaml", &text), "{touchpoints} touchpoints");
        }
    }

    #[test]
    fn fast_and_serde_paths_agree_on_awkward_yaml() {
        let scalars = [
            "2m 10s",
            "2 days",
            "3-5 working days",
            "10 min",
            "1 000",
            "1 2 3",
            "2001-12-14 21:59:43.10 -5",
            "2001-12-14 21:59:43",
            "+1 day",
            "-1 day",
            ".5 m",
            "~ x",
            "12:30 pm",
            "0x1F 2",
            "1e3 m",
            "0x1F",
            "0o17",
            "0b101",
            "1e3",
            "1.5e-3",
            "1e999",
            "+5",
            ".5",
            "1.",
            "-0",
            "-0.0",
            "007",
            "0",
            "-12",
            "3.5",
            "-2.25",
            "1_000",
            "12:30",
            "2025-03-01",
            "123456789012345",
            "1234567890123456",
            "123456789012345678901",
            "3.14159265358979323846",
            ".inf",
            "-.inf",
            ".nan",
            "inf",
            "nan",
            "Infinity",
            "yes",
            "No",
            "ON",
            "y",
            "N",
            "tRuE",
            "true",
            "false",
            "TRUE",
            "False",
            "null",
            "Null",
            "NULL",
            "nULL",
            "~",
            "",
            "$1,200",
            "C#",
            "-",
            "- x",
            "Ünïcödé «x»",
            "a: b",
            "'quoted'",
            "\"7\"",
            "''",
            "\"\"",
            "[1, two, 3.5]",
            "{ a: 1 }",
            "[[1, 2], [3]]",
            "[yes, ~, 0x10, '', 2m]",
            "{x: 1, y: [a, {z: null}]}",
            "|\n  literal\n  block\n",
            ">-\n  folded\n  text\n",
            "plain\n  continued line",
            "'multi\n  line'",
            "&a 5",
            "*a",
            "!!str 5",
            "!custom x",
            "@x",
            "`x`",
            "%x",
        ];
        let mut fast = 0;
        for scalar in scalars {
            for text in [
                format!("key: {scalar}\n"),
                format!("title: «t»\nlist:\n  - {scalar}\n  - after\n"),
                format!("m: {{ a: {scalar} }}\n"),
                format!("seq: [{scalar}]\n"),
                format!("{scalar}: value\n"),
            ] {
                fast += usize::from(agree("awkward.yaml", &text));
            }
        }
        assert!(
            fast > 200,
            "only {fast} awkward documents took the fast path"
        );
        for text in [
            "a: 1\na: 2\n",
            "a: 1\r\nb: [x, y]\r\nc:\r\n  d: e\r\n",
            "\u{feff}title: bom\n",
            "# comment\ntitle: x # trailing\n\n\ttouchpoints: []\n",
            "? complex\n: value\n",
            "a: &x [1]\nb: *x\n",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\n---\nb: 2\n",
            "---\na: 1\n...\n",
            "just a scalar\n",
            "- a\n- b\n",
            "a: [1, 2\n",
            "a: 'unterminated\n",
            "a:\n  - b\n   - c\n",
        ] {
            agree("awkward.yaml", text);
        }
    }

    #[test]
    fn deep_nesting_is_left_to_serde_saphyr() {
        let text = format!("title: {}{}\n", "[".repeat(40), "]".repeat(40));
        assert!(parse(&SourceFile::new("deep.yaml", text)).is_none());
    }
}
