//! Diagnostics: what went wrong in a map, where, and how to fix it.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`]s that carry a
//! byte [`Span`] into the source text. Spans become `file:line:column` only when
//! printed, by [`SourceFile`], so positions are computed once, in one place, for
//! the terminal (via codespan-reporting), for JSON and for CI annotations alike.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::OnceLock;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};
use serde::Serialize;

use crate::controls;

/// A byte range in a map's source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a map: an error that stops the build or a warning that does not.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable, kebab-case name of the kind of problem (`unknown-stage`, `syntax`, ...).
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    /// Short text printed under the caret.
    pub label: Option<String>,
    /// What to do about it, printed as `help:`.
    pub hint: Option<String>,
    /// A second place that explains the first, such as an id's earlier definition.
    pub related: Option<(Span, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            hint: None,
            related: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a place in the source.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related = Some((span, label.into()));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds "did you mean `x`?" when one of `candidates` is close to `got`.
    pub fn suggest<'a, C: Into<Candidate<'a>>>(
        self,
        got: &str,
        candidates: impl IntoIterator<Item = C>,
    ) -> Self {
        match did_you_mean(got, candidates) {
            Some(best) => self.with_label(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// Moves its spans `by` bytes on (see [`crate::format::parse_at`]).
    pub fn shift(&mut self, by: usize) {
        let on = |span: Span| Span::new(span.start + by, span.end + by);
        self.span = self.span.map(on);
        if let Some((span, _)) = &mut self.related {
            *span = on(*span);
        }
    }

    /// For findings in a joined text (see [`crate::format::parse_at`]): this
    /// diagnostic as one of the file at `range` of that text, its spans moved back
    /// by `range.start`, or `None` when it points elsewhere. A related span in
    /// another file is left out.
    pub fn in_range(&self, range: Range<usize>) -> Option<Diagnostic> {
        let inside = |span: &Span| span.start >= range.start && span.end <= range.end;
        let back = |span: Span| Span::new(span.start - range.start, span.end - range.start);
        let span = self.span.filter(inside)?;
        Some(Diagnostic {
            span: Some(back(span)),
            related: self
                .related
                .clone()
                .filter(|(span, _)| inside(span))
                .map(|(span, label)| (back(span), label)),
            ..self.clone()
        })
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Something `got` may have meant: an id (or key), and the name it is shown by, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
}

impl<'a> From<&'a str> for Candidate<'a> {
    fn from(id: &'a str) -> Self {
        Candidate { id, name: None }
    }
}

/// `(id, name)`: persona `priya` named "Priya Nair".
impl<'a> From<(&'a str, &'a str)> for Candidate<'a> {
    fn from((id, name): (&'a str, &'a str)) -> Self {
        Candidate {
            id,
            name: Some(name),
        }
    }
}

/// The candidate `got` most likely means, best first by: `got` is a candidate's name
/// (`Priya Nair` for persona `priya`); `got` is a likely typo of an id (one edit per
/// three characters); one of `got` and an id holds the other (`livechat` and `chat`).
pub fn did_you_mean<'a, C: Into<Candidate<'a>>>(
    got: &str,
    candidates: impl IntoIterator<Item = C>,
) -> Option<&'a str> {
    let got_lower = got.trim().to_lowercase();
    let got_len = got_lower.chars().count();
    // (rank, distance or negated length, id): lower is better.
    let mut best: Option<(u8, isize, &str)> = None;
    let mut consider = |rank: u8, score: isize, id: &'a str| {
        if best.is_none_or(|(r, s, _)| (rank, score) < (r, s)) {
            best = Some((rank, score, id));
        }
    };
    // Edit distances cost length × length each; past this many cells in one call
    // (10,000 long ids), only names and held ids are compared, so a map of many
    // unknown references checks in well under a second.
    let mut cells_left: usize = 2_000_000;
    for candidate in candidates.into_iter().map(Into::into) {
        let id_lower = candidate.id.to_lowercase();
        if candidate
            .name
            .is_some_and(|name| name.trim().to_lowercase() == got_lower)
        {
            consider(0, 0, candidate.id);
            continue;
        }
        let cells = got_len.saturating_mul(id_lower.len());
        let distance = if cells <= cells_left {
            cells_left -= cells;
            typo_distance(&got_lower, got_len, &id_lower)
        } else {
            None
        };
        if let Some(distance) = distance {
            consider(1, distance as isize, candidate.id);
        } else if holds_the_other(&got_lower, &id_lower) {
            // The longer the shared part, the likelier: `livechat` is `chat`, not `at`.
            let shared = got_len.min(id_lower.chars().count());
            consider(2, -(shared as isize), candidate.id);
        }
    }
    best.map(|(_, _, id)| id)
}

/// The edit distance from `got` to `id` when it is small enough to be a typo.
fn typo_distance(got: &str, got_len: usize, id: &str) -> Option<usize> {
    let id_len = id.chars().count();
    // One edit per three characters: `fax` may be one typo from `fox`, `c` is not `a`.
    let limit = id_len.max(got_len) / 3;
    // Lengths further apart than the limit can't be within it: skip the work.
    if id_len.abs_diff(got_len) > limit {
        return None;
    }
    Some(levenshtein(got, id)).filter(|&distance| distance <= limit)
}

/// Whether one of two ids holds the other whole, the shorter at least three
/// characters long (so `web` is found in `webchat`, but `tv` not in `tvshow`).
fn holds_the_other(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.chars().count() >= 3 && long.contains(short)
}

/// Known values for a hint: all of them when there are few, else the first
/// [`LISTED_IN_HINTS`] and how many more ("`a`, `b`, ... and 8 more").
pub fn list_known<'a>(values: impl ExactSizeIterator<Item = &'a str>) -> String {
    let total = values.len();
    let shown = if total <= LISTED_IN_HINTS + 2 {
        total
    } else {
        LISTED_IN_HINTS
    };
    let listed: Vec<String> = values.take(shown).map(|v| format!("`{v}`")).collect();
    let mut text = listed.join(", ");
    if total > shown {
        let _ = write!(text, " and {} more", total - shown);
    }
    text
}

/// How many known values a hint lists before "and N more".
pub const LISTED_IN_HINTS: usize = 20;

/// Edit distance counting a swap of two neighbours as one edit (optimal string
/// alignment), so `emial` is one typo from `email`. Ids and keys longer than 64 chars
/// are not compared, which bounds the cost.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// A map's source text with its display name, able to turn spans into lines and columns.
///
/// Positions come from indexes built once per file, never by counting from the start
/// of a line per diagnostic, which is quadratic: 200,000 findings on one 1.5 MB
/// line would take over a minute. [`SourceFile::position`] is O(log n) plus at most
/// [`CHAR_MARK_BYTES`] of counting.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` every [`CHAR_MARK_BYTES`] bytes, built on
    /// the first position asked for on a long line.
    char_marks: OnceLock<Vec<(usize, usize)>>,
    /// The text as shown in excerpts: terminal hazards blanked byte for byte
    /// ([`controls::blank_for_excerpt`]); `None` when it equals `text`.
    excerpt_text: OnceLock<Option<String>>,
}

/// Spacing of [`SourceFile`]'s character-count marks, in bytes.
const CHAR_MARK_BYTES: usize = 512;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            char_marks: OnceLock::new(),
            excerpt_text: OnceLock::new(),
        }
    }

    /// The byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = rest.split('\n').next().unwrap_or_default();
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        start + within
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.floor_char_boundary(offset);
        let line_index = self.line_index_of(offset);
        let start = self.line_starts[line_index];
        Position {
            line: line_index + 1,
            column: self.chars_between(start, offset) + 1,
        }
    }

    /// The whole line (without its newline) that holds byte `offset`.
    pub fn line_around(&self, offset: usize) -> &str {
        let offset = offset.min(self.text.len());
        let start = self.line_starts[self.line_index_of(offset)];
        let rest = &self.text[start..];
        rest.split('\n').next().unwrap_or_default()
    }

    /// The 0-based line holding byte `offset` (clamped to the text).
    fn line_index_of(&self, offset: usize) -> usize {
        // `line_starts[0]` is 0, so at least one start is <= any offset.
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based line `index` starts; one past the last line is
    /// the end of the text.
    fn line_start(&self, index: usize) -> Option<usize> {
        match index.cmp(&self.line_starts.len()) {
            std::cmp::Ordering::Less => Some(self.line_starts[index]),
            std::cmp::Ordering::Equal => Some(self.text.len()),
            std::cmp::Ordering::Greater => None,
        }
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Characters between two char-boundary byte offsets, `from <= to`.
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= 2 * CHAR_MARK_BYTES {
            return self.text[from..to].chars().count();
        }
        self.chars_before(to) - self.chars_before(from)
    }

    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| char_marks(&self.text));
        let (byte, chars) = marks[marks
            .partition_point(|&(b, _)| b <= offset)
            .saturating_sub(1)];
        chars + self.text[byte..offset].chars().count()
    }

    /// The text as excerpts show it: see [`controls::blank_for_excerpt`].
    fn excerpt_text(&self) -> &str {
        self.excerpt_text
            .get_or_init(|| match controls::blank_for_excerpt(&self.text) {
                Cow::Borrowed(_) => None,
                Cow::Owned(blanked) => Some(blanked),
            })
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// Clamps a span to the text and to char boundaries, so printing never panics.
    fn clamp(&self, span: Span) -> Span {
        let start = self.floor_char_boundary(span.start);
        let mut end = span.end.clamp(start, self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        Span { start, end }
    }
}

fn char_marks(text: &str) -> Vec<(usize, usize)> {
    let mut marks = vec![(0, 0)];
    let (mut byte, mut chars) = (0, 0);
    loop {
        let mut next = byte + CHAR_MARK_BYTES;
        if next >= text.len() {
            return marks;
        }
        while !text.is_char_boundary(next) {
            next += 1;
        }
        chars += text[byte..next].chars().count();
        byte = next;
        marks.push((byte, chars));
    }
}

/// codespan-reporting reads lines and columns through this, so they come from the
/// indexes above (its default column counts from the start of the line every time),
/// and it prints the name and source lines with terminal hazards made harmless.
impl<'a> Files<'a> for SourceFile {
    type FileId = ();
    type Name = Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<Self::Name, files::Error> {
        Ok(controls::for_terminal(&self.name))
    }

    fn source(&'a self, (): ()) -> Result<Self::Source, files::Error> {
        Ok(self.excerpt_text())
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.line_index_of(byte_index))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let too_large = || files::Error::LineTooLarge {
            given: line_index,
            max: self.line_starts.len() - 1,
        };
        let start = self.line_start(line_index).ok_or_else(too_large)?;
        let end = self.line_start(line_index + 1).ok_or_else(too_large)?;
        Ok(start..end)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let start = self.line_start(line_index).unwrap_or(0);
        let offset = self.floor_char_boundary(byte_index).max(start);
        Ok(self.chars_between(start, offset) + 1)
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// Source line and caret, for people.
    #[default]
    Human,
    /// One JSON object per line, for tools.
    Json,
    /// GitHub Actions workflow commands, so errors show on the pull request's lines.
    Github,
    /// A GitLab Code Quality report: one JSON array, for a merge request's widget.
    Gitlab,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 4] = [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Github,
        OutputFormat::Gitlab,
    ];

    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Json => "json",
            OutputFormat::Github => "github",
            OutputFormat::Gitlab => "gitlab",
        }
    }

    /// What the format is for, in a few words (for `--help`).
    pub fn description(self) -> &'static str {
        match self {
            OutputFormat::Human => "source line and caret, for people",
            OutputFormat::Json => "one JSON object per line, for tools",
            OutputFormat::Github => "GitHub Actions annotations on the pull request's lines",
            OutputFormat::Gitlab => {
                "GitLab Code Quality report (one JSON array) for merge requests"
            }
        }
    }
}

/// Most diagnostics printed for one file; the rest are counted in a closing line.
/// Past the first few hundred, more findings only bury the first cause.
pub const MAX_SHOWN_PER_FILE: usize = 200;

/// Writes one diagnostic the way a person reads it: headline, `file:line:col`, source and caret.
pub fn emit_human(out: &mut dyn WriteColor, file: &SourceFile, diagnostic: &Diagnostic) {
    emit_all(out, file, std::slice::from_ref(diagnostic));
}

/// Writes the diagnostics of one file for people: the first
/// [`MAX_SHOWN_PER_FILE`], then one line counting the rest.
pub fn emit_all(out: &mut dyn WriteColor, file: &SourceFile, diagnostics: &[Diagnostic]) {
    let (shown, hidden) = diagnostics.split_at(diagnostics.len().min(MAX_SHOWN_PER_FILE));
    for diagnostic in shown {
        emit_one(out, file, diagnostic);
    }
    if let Some(line) = hidden_summary(file, hidden) {
        let _ = writeln!(out, "{line}\n");
    }
}

/// "... and 199,800 more in `m.yaml` (199,800 errors): fix the ones above first".
pub fn hidden_summary(file: &SourceFile, hidden: &[Diagnostic]) -> Option<String> {
    if hidden.is_empty() {
        return None;
    }
    let errors = hidden.iter().filter(|d| d.is_error()).count();
    let warnings = hidden.len() - errors;
    let counts: Vec<String> = [(errors, "error"), (warnings, "warning")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| crate::words::count(n, word))
        .collect();
    Some(format!(
        "... and {} more in {} ({}) not shown; fix the ones above first",
        hidden.len(),
        controls::for_terminal(&file.name),
        counts.join(", ")
    ))
}

fn emit_one(out: &mut dyn WriteColor, file: &SourceFile, diagnostic: &Diagnostic) {
    let terminal = |text: &str| controls::for_terminal_lines(text).into_owned();
    let mut cs = match diagnostic.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_code(diagnostic.code)
    .with_message(terminal(&diagnostic.message));
    if let Some(span) = diagnostic.span {
        let span = file.clamp(span);
        let label = Label::primary((), span.start..span.end)
            .with_message(terminal(diagnostic.label.as_deref().unwrap_or_default()));
        let mut labels = vec![label];
        if let Some((related, message)) = &diagnostic.related {
            let related = file.clamp(*related);
            labels.push(
                Label::secondary((), related.start..related.end).with_message(terminal(message)),
            );
        }
        cs = cs.with_labels(labels);
    }
    let mut notes = Vec::new();
    if diagnostic.span.is_none() {
        notes.push(format!("in {}", controls::for_terminal(&file.name)));
    }
    if let Some(hint) = &diagnostic.hint {
        notes.push(format!("help: {}", terminal(hint)));
    }
    cs = cs.with_notes(notes);
    let mut config = term::Config::default();
    // codespan prints whole source lines; a 4 MB one-line file would take seconds
    // per diagnostic. Past a few hundred bytes, print the position and an excerpt.
    // Any labelled line counts: a related span on a 4 MB line is as slow to print.
    let is_long = |span: Span| file.line_around(file.clamp(span).start).len() > LONG_LINE;
    let long_line = diagnostic
        .span
        .map(|span| file.clamp(span).start)
        .filter(|&start| file.line_around(start).len() > LONG_LINE);
    let related_long = diagnostic
        .related
        .as_ref()
        .is_some_and(|(span, _)| is_long(*span));
    if long_line.is_some() || related_long {
        config.display_style = term::DisplayStyle::Medium;
    }
    // A terminal that went away is not worth an error of its own.
    let _ = term::emit(out, &config, file, &cs);
    if let Some(start) = long_line {
        let _ = write_excerpt(out, file, start);
    }
}

/// Lines longer than this (in bytes) are shown as an excerpt around the error.
const LONG_LINE: usize = 400;

/// About 60 characters either side of `offset` on its line, with a caret under it.
fn write_excerpt(
    out: &mut dyn WriteColor,
    file: &SourceFile,
    offset: usize,
) -> std::io::Result<()> {
    let line_start = file.line_starts[file.line_index_of(offset)];
    let shown = file.excerpt_text();
    let line = shown[line_start..].split('\n').next().unwrap_or_default();
    let at = offset - line_start;
    let mut from = at.saturating_sub(240);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let before: Vec<char> = line[from..at].chars().collect();
    let before: String = before[before.len().saturating_sub(60)..].iter().collect();
    let after: String = line[at..].chars().take(60).collect();
    let lead = if before.len() < at { "…" } else { "" };
    let trail = if at + after.len() < line.len() {
        "…"
    } else {
        ""
    };
    writeln!(out, "  {lead}{before}{after}{trail}")?;
    writeln!(
        out,
        "  {}^",
        " ".repeat(lead.chars().count() + before.chars().count())
    )?;
    writeln!(out)
}

/// All diagnostics of a file as plain text, exactly as the terminal shows them
/// without colour. Used by tests and by tools that want the human form.
pub fn render_plain(file: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    emit_all(&mut out, file, diagnostics);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// The machine-readable shape of a diagnostic, shared by `--format json` and tests.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: Severity,
    code: &'a str,
    message: &'a str,
    label: Option<&'a str>,
    hint: Option<&'a str>,
}

pub fn to_json(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let start = diagnostic.span.map(|s| file.position(s.start));
    let end = diagnostic.span.map(|s| file.position(s.end));
    let json = JsonDiagnostic {
        file: &file.name,
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
        end_line: end.map(|p| p.line),
        end_column: end.map(|p| p.column),
        severity: diagnostic.severity,
        code: diagnostic.code,
        message: &diagnostic.message,
        label: diagnostic.label.as_deref(),
        hint: diagnostic.hint.as_deref(),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// One finding of a GitLab Code Quality report
/// (<https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>).
/// Errors are `major` and warnings `minor`, as ESLint's GitLab formatter has it.
/// The fingerprint, which GitLab uses to tell new findings from fixed ones, hashes
/// the file, code, message and `occurrence` (how many identical findings in the file
/// came before), not the line, so a finding keeps it when lines above it move.
pub fn to_gitlab(
    file: &SourceFile,
    diagnostic: &Diagnostic,
    occurrence: usize,
) -> serde_json::Value {
    use sha2::{Digest, Sha256};
    let mut description = diagnostic.message.clone();
    if let Some(label) = &diagnostic.label {
        let _ = write!(description, " ({label})");
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(description, "; help: {hint}");
    }
    let identity = format!(
        "{}\0{}\0{}\0{occurrence}",
        file.name, diagnostic.code, diagnostic.message
    );
    let fingerprint: String = Sha256::digest(identity.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let line = diagnostic.span.map_or(1, |s| file.position(s.start).line);
    serde_json::json!({
        "description": controls::for_terminal_lines(&description),
        "check_name": format!("journeymap {}", diagnostic.code),
        "fingerprint": fingerprint,
        "severity": match diagnostic.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        },
        "location": { "path": file.name, "lines": { "begin": line } },
    })
}

/// A GitHub Actions workflow command (`::error file=..,line=..,col=..::message`).
pub fn to_github(file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let kind = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = diagnostic.message.clone();
    if let Some(label) = &diagnostic.label {
        let _ = write!(message, " ({label})");
    }
    if let Some(hint) = &diagnostic.hint {
        let _ = write!(message, "\nhelp: {hint}");
    }
    let message = controls::for_terminal_lines(&message);
    let mut line = format!(
        "::{kind} file={}",
        escape_github_property(&controls::for_terminal(&file.name))
    );
    if let Some(span) = diagnostic.span {
        let p = file.position(span.start);
        let _ = write!(line, ",line={},col={}", p.line, p.column);
    }
    let _ = write!(
        line,
        ",title=journeymap {}::{}",
        diagnostic.code,
        escape_github_data(&message)
    );
    line
}

fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_ids_only() {
        let stages = ["awareness", "consideration", "decision"];
        assert_eq!(did_you_mean("consideraton", stages), Some("consideration"));
        assert_eq!(did_you_mean("Decision", stages), Some("decision"));
        assert_eq!(did_you_mean("retention", stages), None);
    }

    #[test]
    fn suggests_by_name_and_by_one_id_holding_the_other() {
        let channels = ["web", "chat", "email"];
        assert_eq!(did_you_mean("livechat", channels), Some("chat"));
        assert_eq!(did_you_mean("webchat", channels), Some("chat"));
        assert_eq!(did_you_mean("tv", ["tvshow"]), None, "too short to count");
        let personas = [("priya", "Priya Nair"), ("tom", "Tom Lee")];
        assert_eq!(did_you_mean("Priya Nair", personas), Some("priya"));
        assert_eq!(did_you_mean(" tom lee ", personas), Some("tom"));
        assert_eq!(did_you_mean("grace", personas), None);
    }

    #[test]
    fn hints_list_all_known_values_or_say_how_many_more() {
        let few: Vec<String> = (0..LISTED_IN_HINTS + 2).map(|i| format!("c{i}")).collect();
        let listed = list_known(few.iter().map(String::as_str));
        assert!(listed.ends_with("`c21`"), "{listed}");
        let many: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
        let listed = list_known(many.iter().map(String::as_str));
        assert!(listed.ends_with("`c19` and 10 more"), "{listed}");
    }

    #[test]
    fn positions_count_characters() {
        let file = SourceFile::new("m.yaml", "a: 1\ntitle: «x» y\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        let y = file.text.find('y').unwrap_or_default();
        assert_eq!(
            file.position(y),
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(file.offset_of(2, 12), y);
        assert_eq!(file.position(10_000), Position { line: 3, column: 1 });
    }

    #[test]
    fn positions_on_long_mixed_width_lines_match_counting() {
        let line: String = (0..3000)
            .map(|i| ["a", "é", "語", "😀"][i % 4])
            .collect::<Vec<_>>()
            .join(",");
        let text = format!("title: x\nname: {line}\nend: 1\n");
        let file = SourceFile::new("m.yaml", text.as_str());
        for (offset, _) in text.char_indices().step_by(37) {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = Position {
                line: text[..offset].matches('\n').count() + 1,
                column: text[start..offset].chars().count() + 1,
            };
            assert_eq!(file.position(offset), expected, "at byte {offset}");
            let line_index = expected.line - 1;
            assert_eq!(
                Files::column_number(&file, (), line_index, offset).ok(),
                Some(expected.column)
            );
        }
    }

    #[test]
    fn long_lines_are_shown_as_an_excerpt() {
        let text = format!("title: {}BAD{}\n", "x".repeat(5000), "y".repeat(5000));
        let file = SourceFile::new("long.yaml", text.as_str());
        let at = text.find("BAD").unwrap_or_default();
        let printed = render_plain(
            &file,
            &[Diagnostic::error("type", "bad").at(Span::new(at, at + 3))],
        );
        assert!(printed.contains("long.yaml:1:5008"), "{printed}");
        assert!(
            printed.contains("  …xxxxx") && printed.contains("xxxxxxxxxxBADyyyy"),
            "{printed}"
        );
        assert!(
            printed.len() < 1000,
            "the 10,000-character line is not printed whole"
        );
    }

    #[test]
    fn github_annotation_escapes_newlines_and_commas() {
        let file = SourceFile::new("maps/a,b.yaml", "title: x\n");
        let d = Diagnostic::error("syntax", "bad\nthing").at(Span::new(7, 8));
        assert_eq!(
            to_github(&file, &d),
            "::error file=maps/a%2Cb.yaml,line=1,col=8,title=journeymap syntax::bad%0Athing"
        );
    }
}
