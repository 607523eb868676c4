//! Node tree to [`MapDoc`]: checks keys, types and id syntax, collecting every problem.

use std::collections::BTreeSet;

use super::schema::{self, Field};
use super::yaml::{Node, NodeKind};
use super::{
    BlueprintItemDoc, ChannelDoc, Comparison, DataDoc, EmotionDoc, EstimateDoc, ExpectDoc,
    FutureDoc, ItemDoc, LaneDoc, LaneRole, MapDoc, Measure, PersonaDoc, ScaleDoc, Sp, StageDoc,
    SurveyDoc, Text, ThemeDoc, TouchpointDoc,
};
use crate::diag::{Candidate, Diagnostic, SourceFile, Span, did_you_mean};
use crate::id_syntax::{ID_PATTERN, MAX_ID_CHARS, id_from_name, is_valid_id};
use crate::limits;

/// Drops control characters that no output can show (see [`crate::controls`]), so
/// what reaches HTML, SVG and terminals is always printable.
fn clean_text(text: &str) -> String {
    crate::controls::strip(text).into_owned()
}

struct Decoder<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Per [`IdKind`], definitions already reported as wrong: references to them are
    /// not reported again, so one mistake gives one error.
    rejected: [Rejected; 5],
    /// Per [`IdKind`], the ids defined so far and their names, for "did you mean".
    defined: [Vec<(String, Option<String>)>; 5],
    /// Invalid references given a "did you mean" so far; past
    /// [`MAX_SUGGESTIONS`], no more are computed (each compares with every id).
    suggested: usize,
    /// Items of all lists so far (see [`limits::MAX_LIST_ITEMS_IN_MAP`]).
    list_items: usize,
    /// Characters of all texts so far (see [`limits::MAX_TEXT_CHARS_IN_MAP`]).
    text_chars: usize,
}

/// Invalid references that still get a "did you mean"; the rest get "try `slug`".
const MAX_SUGGESTIONS: usize = 50;

/// The kinds of ids a map defines and refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IdKind {
    Persona,
    Stage,
    Channel,
    Touchpoint,
    /// A service-blueprint lane.
    Lane,
}

impl IdKind {
    fn index(self) -> usize {
        self as usize
    }

    /// The kind whose list items are named `context` ("a touchpoint"), if any.
    fn of_item(context: &str) -> Option<IdKind> {
        match context {
            "a touchpoint" => Some(IdKind::Touchpoint),
            "a stage" => Some(IdKind::Stage),
            "a lane" => Some(IdKind::Lane),
            _ => None,
        }
    }
}

/// Definitions of one kind whose errors are reported already.
#[derive(Default)]
struct Rejected {
    /// The whole section (`stages:`, say) had the wrong type: nothing is defined.
    all: bool,
    /// Spellings of ids whose definition had an error.
    ids: BTreeSet<String>,
}

impl Rejected {
    fn covers(&self, spelling: &str) -> bool {
        self.all || self.ids.contains(spelling)
    }
}

/// Whether the ids of a mapping define things or refer to them.
#[derive(Clone, Copy)]
enum IdRole {
    Define(IdKind),
    Refer(IdKind),
}

/// `id` given twice in one list item: most likely a `- ` left out, so the next
/// item's keys joined this one. Reported once, instead of each repeated key.
fn merged_items(second_id: Span, context: &str) -> Diagnostic {
    let item = context.strip_prefix("a ").unwrap_or(context);
    Diagnostic::error(
        "duplicate-key",
        format!("`id` is given twice in {context}: this looks like a second {item}: start it with `- `"),
    )
    .at(second_id)
    .with_label(format!("a second {item} starts here?"))
    .with_hint(format!(
        "write `- id: ...` at the indentation of the first {item}'s `- `; without the dash, YAML reads both as one mapping"
    ))
}

/// The known keys of one mapping in the file, after unknown and `x-` keys are set aside.
struct Fields<'n> {
    span: Span,
    entries: Vec<(&'static str, &'n Node)>,
    /// Where each key of `entries` is written, in the same order.
    key_spans: Vec<Span>,
}

impl<'n> Fields<'n> {
    /// Where `key` is written, if it is.
    fn key_span(&self, key: &str) -> Option<Span> {
        let index = self.entries.iter().position(|(k, _)| *k == key)?;
        self.key_spans.get(index).copied()
    }

    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, node)| *node)
            .filter(|node| node.kind != NodeKind::Null)
    }
}

/// "a" or "an" before a key name, so messages read naturally ("needs an `id`").
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn list_keys(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<'a> Decoder<'a> {
    /// A decoder of one document of `file`, its findings going to `diagnostics`.
    fn new(file: &'a SourceFile, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Decoder {
            file,
            diagnostics,
            rejected: Default::default(),
            defined: Default::default(),
            suggested: 0,
            list_items: 0,
            text_chars: 0,
        }
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, node: &Node, expected: &str, context: &str) {
        self.error(
            Diagnostic::error(
                "type",
                format!(
                    "{context} should be {expected}, found {}",
                    node.kind.describe()
                ),
            )
            .at(node.span),
        );
    }

    /// Opens a mapping, reporting unknown (non-`x-`) and repeated keys.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        context: &str,
        allowed: &[Field],
    ) -> Option<Fields<'n>> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, "a mapping", context);
            return None;
        };
        let mut fields = Fields {
            span: node.span,
            entries: Vec::new(),
            key_spans: Vec::new(),
        };
        let next_item_from = self.second_item_start(entries, context, allowed);
        for (index, (key, value)) in entries.iter().enumerate() {
            let Some(name) = self.key_text(key) else {
                self.wrong_type(key, "text", &format!("a key in {context}"));
                continue;
            };
            if name.starts_with("x-") {
                continue;
            }
            let in_next_item = next_item_from.is_some_and(|start| index >= start);
            match allowed.iter().map(|f| f.name).find(|k| *k == name) {
                Some("id") if in_next_item && fields.entries.iter().any(|(k, _)| *k == "id") => {
                    self.error(merged_items(key.span, context));
                    // The merged item is not defined: references to it are not
                    // reported as unknown as well.
                    if let Some(kind) = IdKind::of_item(context) {
                        self.reject(kind, value);
                    }
                }
                Some(_) if in_next_item => {}
                Some(known) if fields.entries.iter().any(|(k, _)| *k == known) => self.error(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("`{name}` is given twice in {context}"),
                    )
                    .at(key.span)
                    .with_label("repeated here")
                    .with_hint("keep one of them; YAML keys must be unique"),
                ),
                Some(known) => {
                    fields.entries.push((known, value));
                    fields.key_spans.push(key.span);
                }
                None => self.error(
                    Diagnostic::error("unknown-key", format!("unknown key `{name}` in {context}"))
                        .at(key.span)
                        .suggest(&name, allowed.iter().map(|f| f.name))
                        .with_hint(format!(
                            "{context} takes {}; keys starting with `x-` are ignored",
                            list_keys(&schema::names(allowed))
                        )),
                ),
            }
        }
        Some(fields)
    }

    /// In a list item whose `id` is given twice (a `- ` left out, so two items
    /// became one mapping), the index of the first repeated key: where the second
    /// item begins. Its keys are not reported as repeats of the first item's.
    fn second_item_start(
        &self,
        entries: &[(Node, Node)],
        context: &str,
        allowed: &[Field],
    ) -> Option<usize> {
        if !context.starts_with("a ") || !allowed.iter().any(|f| f.name == "id") {
            return None;
        }
        let mut seen = BTreeSet::new();
        let mut first_repeat = None;
        for (index, (key, _)) in entries.iter().enumerate() {
            let Some(name) = self.key_text(key) else {
                continue;
            };
            if name.starts_with("x-") {
                continue;
            }
            if name == "id" && seen.contains("id") {
                return first_repeat.or(Some(index));
            }
            if !seen.insert(name) {
                first_repeat.get_or_insert(index);
            }
        }
        None
    }

    fn key_text(&self, key: &Node) -> Option<String> {
        match &key.kind {
            // Cleaned: keys end up in messages printed to terminals.
            NodeKind::String(s) => Some(clean_text(s)),
            NodeKind::Number(_) | NodeKind::Bool(_) => Some(self.source(key.span).to_owned()),
            _ => None,
        }
    }

    fn source(&self, span: Span) -> &str {
        self.file.text.get(span.start..span.end).unwrap_or_default()
    }

    fn require<'n>(&mut self, fields: &Fields<'n>, key: &str, context: &str) -> Option<&'n Node> {
        let found = fields.get(key);
        if found.is_none() {
            self.error(
                Diagnostic::error(
                    "missing-key",
                    format!("{context} needs {} `{key}`", article(key)),
                )
                .at(Span::new(fields.span.start, fields.span.start))
                .with_label(format!("`{key}` missing here")),
            );
        }
        found
    }

    /// Text, accepting numbers and booleans as written (`owner: 42` is the text "42"),
    /// within the limits on its length and line breaks.
    fn text(&mut self, node: &Node, context: &str) -> Option<Text> {
        let text = match &node.kind {
            NodeKind::String(s) => Sp::new(clean_text(s), node.span),
            NodeKind::Number(_) | NodeKind::Bool(_) => {
                Sp::new(self.source(node.span).to_owned(), node.span)
            }
            _ => {
                self.wrong_type(node, "text", context);
                return None;
            }
        };
        self.within_text_limits(&text, context).then_some(text)
    }

    /// Reports a text longer than [`limits::MAX_TEXT_CHARS`] or with more than
    /// [`limits::MAX_TEXT_LINE_BREAKS`] line breaks, and the text that takes the map
    /// past [`limits::MAX_TEXT_CHARS_IN_MAP`]; every character and line is drawn.
    fn within_text_limits(&mut self, text: &Text, context: &str) -> bool {
        let chars = text.value.chars().count();
        let breaks = text.value.matches('\n').count();
        let before = self.text_chars;
        self.text_chars += chars;
        let (message, hint) = if chars > limits::MAX_TEXT_CHARS {
            (
                format!(
                    "{context} has {chars} characters; the limit is {}",
                    crate::number::thousands(limits::MAX_TEXT_CHARS as u64)
                ),
                "shorten it; a map is read at a glance, and longer notes belong in `x-` keys or another document",
            )
        } else if breaks > limits::MAX_TEXT_LINE_BREAKS {
            (
                format!(
                    "{context} has {breaks} line breaks; the limit is {}",
                    limits::MAX_TEXT_LINE_BREAKS
                ),
                "join the lines (text is wrapped to fit), or make them items of a list",
            )
        } else if self.text_chars > limits::MAX_TEXT_CHARS_IN_MAP
            && before <= limits::MAX_TEXT_CHARS_IN_MAP
        {
            (
                format!(
                    "the map has more than {} characters of text; this is where it passes the limit",
                    crate::number::thousands(limits::MAX_TEXT_CHARS_IN_MAP as u64)
                ),
                "split the journey into several maps",
            )
        } else {
            return true;
        };
        self.error(
            Diagnostic::error("limit", message)
                .at(self.first_line(text.span))
                .with_label("too long")
                .with_hint(hint),
        );
        false
    }

    /// The part of `span` on its first line, so a long text is pointed at, not printed.
    fn first_line(&self, span: Span) -> Span {
        let written = self.source(span);
        let end = written.find('\n').map_or(span.end, |i| span.start + i);
        Span::new(span.start, end)
    }

    /// Counts a list's items against [`limits::MAX_LIST_ITEMS`] and, for the whole
    /// map, [`limits::MAX_LIST_ITEMS_IN_MAP`]; reports the first item past either.
    /// `span_of(i)` is where item `i` is written.
    fn within_list_limits(
        &mut self,
        count: usize,
        span_of: impl Fn(usize) -> Option<Span>,
        context: &str,
    ) -> bool {
        let before = self.list_items;
        self.list_items += count;
        let (first_over, message, hint) = if count > limits::MAX_LIST_ITEMS {
            (
                limits::MAX_LIST_ITEMS,
                format!(
                    "{context} has {count} items; the limit is {}",
                    limits::MAX_LIST_ITEMS
                ),
                "keep the ones that matter most; every item is drawn on the map",
            )
        } else if self.list_items > limits::MAX_LIST_ITEMS_IN_MAP
            && before <= limits::MAX_LIST_ITEMS_IN_MAP
        {
            (
                limits::MAX_LIST_ITEMS_IN_MAP - before,
                format!(
                    "the map has more than {} list items (actions, thoughts, pain points, opportunities, goals, frustrations and metrics); this is where it passes the limit",
                    crate::number::thousands(limits::MAX_LIST_ITEMS_IN_MAP as u64)
                ),
                "split the journey into several maps",
            )
        } else {
            return true;
        };
        let span = span_of(first_over).unwrap_or_default();
        self.error(
            Diagnostic::error("limit", message)
                .at(self.first_line(span))
                .with_label("past the limit")
                .with_hint(hint),
        );
        false
    }

    /// A text the map cannot do without (a title, a name): present and not blank.
    fn required_text(
        &mut self,
        fields: &Fields,
        key: &str,
        owner: &str,
        context: &str,
    ) -> Option<Text> {
        let text = self
            .require(fields, key, owner)
            .and_then(|n| self.text(n, context))?;
        if text.value.trim().is_empty() {
            self.error(
                Diagnostic::error("empty-text", format!("{context} is empty"))
                    .at(text.span)
                    .with_label("nothing to show")
                    .with_hint(format!(
                        "write the {key}; it is what readers of the map see"
                    )),
            );
            return None;
        }
        Some(text)
    }

    fn opt_text(&mut self, fields: &Fields, key: &str, context: &str) -> Option<Text> {
        let node = fields.get(key)?;
        self.text(node, &format!("`{key}` of {context}"))
    }

    /// A date written `YYYY-MM-DD`.
    fn opt_date(
        &mut self,
        fields: &Fields,
        key: &str,
        context: &str,
    ) -> Option<Sp<crate::date::Date>> {
        let node = fields.get(key)?;
        let text = self.text(node, &format!("`{key}` of {context}"))?;
        match crate::date::Date::parse(text.value.trim()) {
            Ok(date) => Some(Sp::new(date, text.span)),
            Err(why) => {
                self.error(
                    Diagnostic::error(
                        "invalid-date",
                        format!("`{key}` of {context} is not a date: {why}"),
                    )
                    .at(text.span)
                    .with_hint("write the date as YYYY-MM-DD, like 2026-10-14"),
                );
                None
            }
        }
    }

    /// A BCP 47 language tag (`de`, `pt-BR`).
    fn opt_lang(&mut self, fields: &Fields, key: &str, context: &str) -> Option<Text> {
        let node = fields.get(key)?;
        let text = self.text(node, &format!("`{key}` of {context}"))?;
        if schema::is_lang_tag(&text.value) {
            return Some(text);
        }
        self.error(
            Diagnostic::error(
                "invalid-lang",
                format!("`{key}` of {context} is not a language tag"),
            )
            .at(text.span)
            .with_hint("write a BCP 47 tag: a 2-3 letter language code, then optional subtags, like `de`, `pt-BR` or `zh-Hans`"),
        );
        None
    }

    /// A path to another map file (`detail:`), checked for its shape only: relative,
    /// `/`-separated, naming a `.yaml` or `.yml` file. Whether it exists, stays inside
    /// the folder being built and makes no cycle is `cmd`'s business, which reads
    /// the file system.
    fn opt_map_path(&mut self, fields: &Fields, key: &str, context: &str) -> Option<Text> {
        let node = fields.get(key)?;
        let text = self.text(node, &format!("`{key}` of {context}"))?;
        let Some(problem) = schema::map_path_problem(&text.value) else {
            return Some(text);
        };
        self.error(
            Diagnostic::error(
                "invalid-path",
                format!("`{key}` of {context} is not a relative path to a map: {problem}"),
            )
            .at(text.span)
            .with_hint(
                "write the path from this map's folder, like `onboarding/verify-identity.yaml`",
            ),
        );
        None
    }

    /// Whether `theme: path` names a YAML file (`brand.yaml`), else an error at it.
    /// Whether the file is inside the map's folder is the loader's business, which
    /// reads the file system.
    fn theme_path(&mut self, path: &Text) -> bool {
        let written = path.value.trim();
        if written.ends_with(".yaml") || written.ends_with(".yml") {
            return true;
        }
        self.error(
            Diagnostic::error(
                "invalid-path",
                format!("`theme: {written}` is not a theme file: a theme file's name ends in `.yaml` or `.yml`"),
            )
            .at(path.span)
            .with_hint("write the theme's keys under `theme:` (`stages`, `personas`, `font`, `logo`), or name a YAML file beside the map that holds them, like `theme: brand.yaml`"),
        );
        false
    }

    /// A list of texts; a single text counts as a list of one.
    fn text_list(&mut self, fields: &Fields, key: &str, context: &str) -> Vec<Text> {
        let Some(node) = fields.get(key) else {
            return Vec::new();
        };
        let context = format!("`{key}` of {context}");
        match &node.kind {
            NodeKind::Seq(items)
                if !self.within_list_limits(
                    items.len(),
                    |i| items.get(i).map(|n| n.span),
                    &context,
                ) =>
            {
                Vec::new()
            }
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|item| self.text(item, &format!("an item of {context}")))
                .collect(),
            _ => self.text(node, &context).into_iter().collect(),
        }
    }

    fn number(&mut self, node: &Node, context: &str) -> Option<Sp<f64>> {
        let written = self.source(node.span);
        if matches!(node.kind, NodeKind::Number(_)) && written.contains('_') {
            let plain = written.replace('_', "");
            self.error(
                Diagnostic::error("type", format!("`{written}` in {context} is not a plain number"))
                    .at(node.span)
                    .with_label("`_` in a number")
                    .with_hint(format!(
                        "YAML 1.1 reads `{written}` as {plain}; write the number without `_` (a decimal point is `.`)"
                    )),
            );
            return None;
        }
        match &node.kind {
            NodeKind::Number(n) if n.is_finite() => Some(Sp::new(*n, node.span)),
            NodeKind::Number(_) => {
                self.error(
                    Diagnostic::error("type", format!("{context} should be a finite number"))
                        .at(node.span),
                );
                None
            }
            _ => {
                self.wrong_type(node, "a number", context);
                None
            }
        }
    }

    /// An id that defines something of `kind`; when it is wrong, references to the
    /// same spelling are not reported again.
    fn defining_id(&mut self, node: &Node, kind: IdKind, context: &str) -> Option<Text> {
        let id = self.checked_id(node, context, None);
        if id.is_none() {
            self.reject(kind, node);
        }
        id
    }

    /// A reference to an id of `kind`: nothing (and no error) when its definition
    /// was reported wrong already; an invalid one is compared with the names of
    /// those defined, so `Priya Nair` suggests `priya`.
    fn reference(&mut self, node: &Node, kind: IdKind, context: &str) -> Option<Text> {
        let spelling = self.spelling(node);
        if spelling.is_some_and(|s| self.rejected[kind.index()].covers(&s)) {
            return None;
        }
        self.checked_id(node, context, Some(kind))
    }

    /// Records that the definition written at `node` was reported wrong.
    fn reject(&mut self, kind: IdKind, node: &Node) {
        if let Some(spelling) = self.spelling(node) {
            self.rejected[kind.index()].ids.insert(spelling);
        }
    }

    /// Records a definition and its name, for suggestions.
    fn record_defined(&mut self, kind: IdKind, id: &Text, name: Option<&Text>) {
        self.defined[kind.index()].push((id.value.clone(), name.map(|n| n.value.clone())));
    }

    /// An id as written, for matching a reference with a rejected definition.
    fn spelling(&self, node: &Node) -> Option<String> {
        match &node.kind {
            NodeKind::String(s) => Some(clean_text(s)),
            NodeKind::Number(_) | NodeKind::Bool(_) => Some(self.source(node.span).to_owned()),
            _ => None,
        }
    }

    /// The closest id of `kind` defined so far, by id or name.
    fn closest_defined(&mut self, got: &str, kind: IdKind) -> Option<String> {
        self.suggested += 1;
        if self.suggested > MAX_SUGGESTIONS {
            return None;
        }
        let defined = self.defined[kind.index()]
            .iter()
            .map(|(id, name)| Candidate {
                id,
                name: name.as_deref(),
            });
        did_you_mean(got, defined).map(str::to_owned)
    }

    fn checked_id(&mut self, node: &Node, context: &str, kind: Option<IdKind>) -> Option<Text> {
        let text = self.text(node, context)?;
        if !is_valid_id(&text.value) {
            let closest = kind.and_then(|kind| self.closest_defined(&text.value, kind));
            let slug = id_from_name(&text.value);
            let mut diagnostic = Diagnostic::error(
                "invalid-id",
                format!("`{}` is not a valid id for {context}", text.value),
            )
            .at(text.span)
            .with_hint(format!(
                "ids use lowercase letters, digits, `-` and `_`, starting with a letter or digit ({ID_PATTERN}), at most {MAX_ID_CHARS} characters"
            ));
            if let Some(closest) = closest {
                diagnostic = diagnostic.with_label(format!("did you mean `{closest}`?"));
            } else if !slug.is_empty() {
                diagnostic = diagnostic.with_label(format!("try `{slug}`"));
            }
            self.error(diagnostic);
            // Reported once: an invalid id is not also looked up as an unknown one.
            return None;
        }
        Some(text)
    }

    /// References to ids of `kind`: a list, or one id.
    fn reference_list(&mut self, node: &Node, kind: IdKind, context: &str) -> Vec<Text> {
        match &node.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|item| self.reference(item, kind, &format!("an item of {context}")))
                .collect(),
            _ => self.reference(node, kind, context).into_iter().collect(),
        }
    }

    /// The entries of a mapping from ids to something: definitions such as
    /// `personas:` or references such as a per-persona `emotion`.
    fn id_map<'n>(&mut self, node: &'n Node, ids: IdRole, context: &str) -> Vec<(Text, &'n Node)> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, "a mapping from ids", context);
            if let IdRole::Define(kind) = ids {
                self.rejected[kind.index()].all = true;
            }
            return Vec::new();
        };
        let key_context = format!("a key of {context}");
        entries
            .iter()
            .filter(|(key, _)| !matches!(&key.kind, NodeKind::String(s) if s.starts_with("x-")))
            .filter_map(|(key, value)| {
                let id = match ids {
                    IdRole::Define(kind) => self.defining_id(key, kind, &key_context),
                    IdRole::Refer(kind) => self.reference(key, kind, &key_context),
                }?;
                Some((id, value))
            })
            .collect()
    }
}

/// Code of the one error for a file that is no map at all, which a folder walk
/// skips with a note instead of reporting.
pub const NOT_A_MAP: &str = "not-a-map";

/// Map keys other YAML formats use too, so they do not make a file a map.
const SHARED_KEYS: &[&str] = &["theme"];

/// One `not-a-map` error for a mapping none of whose keys is a map key (a GitHub
/// workflow, `mkdocs.yml`), instead of an unknown-key error for each of its keys.
fn foreign_document(entries: &[(Node, Node)]) -> Option<Diagnostic> {
    let keys: Vec<&str> = entries
        .iter()
        .filter_map(|(key, _)| match &key.kind {
            NodeKind::String(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    // A map whose keys are all misspelt (`titel`, `touchpoint`) is still a map: its
    // unknown keys are reported with their "did you mean". Keys other formats share
    // (MkDocs' `theme:`) say nothing about the file.
    let names = || {
        schema::MAP
            .iter()
            .map(|f| f.name)
            .filter(|name| !SHARED_KEYS.contains(name))
    };
    if keys
        .iter()
        .any(|key| names().any(|name| name == *key) || did_you_mean(key, names()).is_some())
    {
        return None;
    }
    let shown: Vec<String> = keys
        .iter()
        .take(3)
        .map(|key| format!("`{}`", key.chars().take(40).collect::<String>()))
        .collect();
    let has = match (shown.is_empty(), keys.len() > shown.len()) {
        (true, _) => "it has no keys".to_owned(),
        (false, false) => format!("it has {}", shown.join(", ")),
        (false, true) => format!("it has {}, ...", shown.join(", ")),
    };
    Some(
        Diagnostic::error(
            NOT_A_MAP,
            format!("not a journey map: none of its top-level keys is a map key ({has})"),
        )
        .with_label("a map starts with `title:`")
        .with_hint("in a folder check, list the file in `.journeymapignore` to leave it out"),
    )
}

/// One `not-a-map` error for a theme file (`theme: brand.yaml`) beside the maps,
/// which a folder walk finds among them: no `title`, `touchpoints` or `extends`,
/// and a key only a theme has (`font`, `logo`) or a map's `stages` and `personas`
/// keys in a theme's shapes (colours by stage id, a list of colours; a map's
/// `stages` is a list and its `personas` a mapping). A misspelt key does not make
/// it a map: that is reported where a map names the file.
fn theme_document(entries: &[(Node, Node)]) -> Option<Diagnostic> {
    let keys = || {
        entries.iter().filter_map(|(key, value)| match &key.kind {
            NodeKind::String(name) => Some((name.as_str(), value)),
            _ => None,
        })
    };
    let map_only = keys().any(|(name, _)| matches!(name, "title" | "touchpoints" | "extends"));
    let theme_only = keys().any(|(name, value)| match name {
        "font" | "logo" => true,
        "stages" => matches!(value.kind, NodeKind::Map(_)),
        "personas" => matches!(value.kind, NodeKind::Seq(_) | NodeKind::String(_)),
        _ => false,
    });
    (theme_only && !map_only).then(|| {
        Diagnostic::error(
            NOT_A_MAP,
            "not a journey map: this is a theme file (its keys are those of a map's `theme:`)",
        )
        .with_label("a map starts with `title:`")
        .with_hint("a map uses it with `theme: <this file's path>`; check that map instead")
    })
}

pub fn decode_map(
    file: &SourceFile,
    root: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<MapDoc> {
    let mut d = Decoder::new(file, diagnostics);
    let NodeKind::Map(entries) = &root.kind else {
        d.error(
            Diagnostic::error(
                NOT_A_MAP,
                format!(
                    "a journey map is a YAML mapping with `title:` and `touchpoints:`, but this file holds {}",
                    root.kind.describe()
                ),
            )
            .at(root.span)
            .with_hint("start the file with `title: ...`; `journeymap init` writes a starter map"),
        );
        return None;
    };
    // A future state in a file of its own has none of a map's keys but `extends`.
    if entries
        .iter()
        .any(|(key, _)| matches!(&key.kind, NodeKind::String(s) if s == schema::EXTENDS.name))
    {
        return decode_extends_file(&mut d, root);
    }
    if let Some(not_a_map) = theme_document(entries).or_else(|| foreign_document(entries)) {
        let first_key = entries.first().map_or(root.span, |(key, _)| key.span);
        d.error(not_a_map.at(first_key));
        return None;
    }
    let fields = d.fields(root, "the map", schema::MAP)?;
    let title = d.required_text(&fields, "title", "the map", "`title`");
    let scenario = d.opt_text(&fields, "scenario", "the map");
    let owner = d.opt_text(&fields, "owner", "the map");
    let reviewed = d.opt_date(&fields, "reviewed", "the map");
    let lang = d.opt_lang(&fields, "lang", "the map");
    let labels = fields
        .get("labels")
        .map(|node| d.id_map_texts(node, "`labels`"))
        .unwrap_or_default();
    let emotion_scale = fields
        .get("emotion_scale")
        .and_then(|node| decode_scale(&mut d, node));
    let data = fields
        .get("data")
        .and_then(|node| decode_data(&mut d, node));
    let (theme, theme_file) = match fields.get("theme") {
        None => (None, None),
        // `theme: brand.yaml`: the loader reads the theme from that file.
        Some(node) if matches!(node.kind, NodeKind::String(_)) => (
            None,
            d.text(node, "`theme`").filter(|path| d.theme_path(path)),
        ),
        Some(node) => (decode_theme(&mut d, node), None),
    };
    let personas = fields
        .get("personas")
        .map(|node| {
            d.id_map(node, IdRole::Define(IdKind::Persona), "`personas`")
                .into_iter()
                .filter_map(|(id, value)| decode_persona(&mut d, id, value))
                .collect()
        })
        .unwrap_or_default();
    let stages = fields.get("stages").and_then(|node| match &node.kind {
        // `stages: []` is reported by the model, once: touchpoints' stages are not
        // checked against nothing.
        NodeKind::Seq(items) if items.is_empty() => {
            d.rejected[IdKind::Stage.index()].all = true;
            Some(Vec::new())
        }
        NodeKind::Seq(items) => {
            let stages: Vec<StageDoc> = items
                .iter()
                .filter_map(|item| decode_stage(&mut d, item))
                .collect();
            // Every stage was reported wrong: not "`stages` is empty" on top.
            if stages.is_empty() {
                d.rejected[IdKind::Stage.index()].all = true;
                return None;
            }
            Some(stages)
        }
        // Reported once: the touchpoints' stages are not checked against it.
        _ => {
            d.wrong_type(node, "a list of stages", "`stages`");
            d.rejected[IdKind::Stage.index()].all = true;
            None
        }
    });
    let channels = fields
        .get("channels")
        .map(|node| {
            d.id_map(node, IdRole::Define(IdKind::Channel), "`channels`")
                .into_iter()
                .filter_map(|(id, value)| decode_channel(&mut d, id, value))
                .collect()
        })
        .unwrap_or_default();
    // Before the touchpoints, so a mistyped lane id in a `blueprint` gets a suggestion.
    let lanes = fields
        .get("lanes")
        .map(|node| decode_lanes(&mut d, node))
        .unwrap_or_default();
    let touchpoints_node = fields.get("touchpoints");
    let touchpoints = match touchpoints_node.map(|n| (n, &n.kind)) {
        Some((_, NodeKind::Seq(items))) => items
            .iter()
            .filter_map(|item| decode_touchpoint(&mut d, item))
            .collect(),
        Some((node, _)) => {
            d.wrong_type(node, "a list of touchpoints", "`touchpoints`");
            Vec::new()
        }
        None => Vec::new(),
    };
    let touchpoints_span = fields
        .entries
        .iter()
        .find(|(k, _)| *k == "touchpoints")
        .map_or(root.span, |(_, node)| node.span);
    let future = fields.get("future").and_then(|node| {
        let span = fields.key_span("future").unwrap_or(node.span);
        decode_future(&mut d, node, span, Form::Inline).map(|(future, _, _)| future)
    });
    let key_span = |key: &str| fields.key_span(key).unwrap_or(root.span);
    Some(MapDoc {
        future,
        extends: None,
        title,
        scenario,
        owner,
        reviewed,
        lang,
        labels,
        emotion_scale,
        data,
        theme,
        theme_file,
        personas,
        stages,
        channels,
        touchpoints,
        lanes,
        lanes_span: key_span("lanes"),
        touchpoints_span,
        personas_span: key_span("personas"),
        stages_span: key_span("stages"),
        channels_span: key_span("channels"),
    })
}

/// A file with `extends:`: the future state of the map it names, nothing else.
fn decode_extends_file(d: &mut Decoder, root: &Node) -> Option<MapDoc> {
    let start = Span::new(root.span.start, root.span.start);
    let (future, extends, touchpoints_span) = decode_future(d, root, start, Form::File)?;
    Some(MapDoc {
        future: Some(future),
        extends,
        touchpoints_span: touchpoints_span.unwrap_or(start),
        ..MapDoc::default()
    })
}

/// Where a future state is written: under `future:` in the map, or as a whole file
/// with `extends:`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Inline,
    File,
}

/// A future state's keys, and for [`Form::File`] its `extends`; also where its
/// `touchpoints:` key is.
fn decode_future(
    d: &mut Decoder,
    node: &Node,
    span: Span,
    form: Form,
) -> Option<(FutureDoc, Option<Text>, Option<Span>)> {
    let mut allowed = schema::FUTURE.to_vec();
    let context = match form {
        Form::Inline => "`future`",
        Form::File => {
            allowed.push(schema::EXTENDS);
            "a future state with `extends`"
        }
    };
    let fields = d.fields(node, context, &allowed)?;
    let extends = match form {
        Form::Inline => None,
        Form::File => d
            .require(&fields, schema::EXTENDS.name, context)
            .and_then(|node| d.text(node, "`extends`")),
    };
    let touchpoints = match fields.get("touchpoints").map(|n| (n, &n.kind)) {
        Some((_, NodeKind::Seq(items))) => items
            .iter()
            .filter_map(|item| decode_touchpoint_in(d, item, Role::Change))
            .collect(),
        Some((node, _)) => {
            d.wrong_type(
                node,
                "a list of touchpoints",
                &format!("`touchpoints` of {context}"),
            );
            Vec::new()
        }
        None => Vec::new(),
    };
    let remove = fields
        .get("remove")
        .map(|n| d.reference_list(n, IdKind::Touchpoint, &format!("`remove` of {context}")))
        .unwrap_or_default();
    let future = FutureDoc {
        span,
        title: d.opt_text(&fields, "title", context),
        scenario: d.opt_text(&fields, "scenario", context),
        touchpoints,
        remove,
    };
    Some((future, extends, fields.key_span("touchpoints")))
}

fn decode_scale(d: &mut Decoder, node: &Node) -> Option<ScaleDoc> {
    let fields = d.fields(node, "`emotion_scale`", schema::SCALE)?;
    let min = fields
        .get("min")
        .and_then(|n| d.number(n, "`min` of `emotion_scale`"));
    let max = fields
        .get("max")
        .and_then(|n| d.number(n, "`max` of `emotion_scale`"));
    Some(ScaleDoc {
        min,
        max,
        span: node.span,
    })
}

fn decode_persona(d: &mut Decoder, id: Text, node: &Node) -> Option<PersonaDoc> {
    let context = format!("persona `{}`", id.value);
    let Some(fields) = d.fields(node, &context, schema::PERSONA) else {
        d.rejected[IdKind::Persona.index()].ids.insert(id.value);
        return None;
    };
    let name = d.required_text(&fields, "name", &context, &format!("`name` of {context}"));
    d.record_defined(IdKind::Persona, &id, name.as_ref());
    Some(PersonaDoc {
        name,
        role: d.opt_text(&fields, "role", &context),
        description: d.opt_text(&fields, "description", &context),
        quote: d.opt_text(&fields, "quote", &context),
        goals: d.text_list(&fields, "goals", &context),
        frustrations: d.text_list(&fields, "frustrations", &context),
        color: decode_color(d, &fields, &context),
        id,
    })
}

/// `color: #2563eb` without quotes is a YAML comment, so the value is empty: say so.
fn decode_color(d: &mut Decoder, fields: &Fields, context: &str) -> Option<Text> {
    let empty = fields
        .entries
        .iter()
        .find(|(k, _)| *k == "color")
        .filter(|(_, node)| node.kind == NodeKind::Null);
    if let Some((_, node)) = empty {
        d.error(
            Diagnostic::error("bad-color", format!("`color` of {context} is empty"))
                .at(node.span)
                .with_hint(
                    "in YAML `#` starts a comment, so quote hex colours: `color: \"#2563eb\"`",
                ),
        );
        return None;
    }
    d.opt_text(fields, "color", context)
}

fn decode_stage(d: &mut Decoder, node: &Node) -> Option<StageDoc> {
    if let NodeKind::Map(_) = node.kind {
        let fields = d.fields(node, "a stage", schema::STAGE)?;
        let id = d
            .require(&fields, "id", "a stage")
            .and_then(|n| d.defining_id(n, IdKind::Stage, "a stage"))?;
        let context = format!("stage `{}`", id.value);
        let name = d.opt_text(&fields, "name", &context);
        d.record_defined(IdKind::Stage, &id, name.as_ref());
        Some(StageDoc {
            name,
            goal: d.opt_text(&fields, "goal", &context),
            description: d.opt_text(&fields, "description", &context),
            id,
        })
    } else {
        let id = d.defining_id(node, IdKind::Stage, "a stage")?;
        d.record_defined(IdKind::Stage, &id, None);
        Some(StageDoc {
            id,
            name: None,
            goal: None,
            description: None,
        })
    }
}

fn decode_channel(d: &mut Decoder, id: Text, node: &Node) -> Option<ChannelDoc> {
    let context = format!("channel `{}`", id.value);
    // `web: Website` is a handy shorthand for `web: { name: Website }`.
    if let NodeKind::String(_) = node.kind {
        let name = d.text(node, &context);
        d.record_defined(IdKind::Channel, &id, name.as_ref());
        return Some(ChannelDoc { id, name });
    }
    let Some(fields) = d.fields(node, &context, schema::CHANNEL) else {
        d.rejected[IdKind::Channel.index()].ids.insert(id.value);
        return None;
    };
    let name = d.opt_text(&fields, "name", &context);
    d.record_defined(IdKind::Channel, &id, name.as_ref());
    Some(ChannelDoc { id, name })
}

/// Whether a touchpoint item is one of the map's, or a future state's change, which
/// needs only its `id` (the model checks that a new touchpoint has `stage` and `name`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Current,
    Change,
}

fn decode_touchpoint(d: &mut Decoder, node: &Node) -> Option<TouchpointDoc> {
    decode_touchpoint_in(d, node, Role::Current)
}

fn decode_touchpoint_in(d: &mut Decoder, node: &Node, role: Role) -> Option<TouchpointDoc> {
    let fields = d.fields(node, "a touchpoint", schema::TOUCHPOINT)?;
    let id = d
        .require(&fields, "id", "a touchpoint")
        .and_then(|n| d.defining_id(n, IdKind::Touchpoint, "a touchpoint"));
    let context = match &id {
        Some(id) => format!("touchpoint `{}`", id.value),
        None => "a touchpoint".to_owned(),
    };
    let stage_node = match role {
        Role::Current => d.require(&fields, "stage", &context),
        Role::Change => fields.get("stage"),
    };
    let stage =
        stage_node.and_then(|n| d.reference(n, IdKind::Stage, &format!("`stage` of {context}")));
    let name = match role {
        Role::Current => {
            d.required_text(&fields, "name", &context, &format!("`name` of {context}"))
        }
        Role::Change if fields.get("name").is_some() => {
            d.required_text(&fields, "name", &context, &format!("`name` of {context}"))
        }
        Role::Change => None,
    };
    let channel = fields
        .get("channel")
        .and_then(|n| d.reference(n, IdKind::Channel, &format!("`channel` of {context}")));
    let emotion = fields
        .get("emotion")
        .and_then(|n| decode_emotion(d, n, &context));
    let personas = fields
        .get("personas")
        .map(|n| d.reference_list(n, IdKind::Persona, &format!("`personas` of {context}")));
    let metrics = fields
        .get("metrics")
        .map(|n| d.id_map_texts(n, &format!("`metrics` of {context}")))
        .unwrap_or_default();
    let blueprint = fields
        .get("blueprint")
        .map(|n| decode_blueprint(d, n, &context))
        .unwrap_or_default();
    let next = fields
        .entries
        .iter()
        .find(|(k, _)| *k == "next")
        .map(|(_, n)| {
            if n.kind == NodeKind::Null {
                Vec::new()
            } else {
                d.reference_list(n, IdKind::Touchpoint, &format!("`next` of {context}"))
            }
        });
    Some(TouchpointDoc {
        given: fields.entries.iter().map(|(key, _)| *key).collect(),
        span: node.span,
        description: d.opt_text(&fields, "description", &context),
        actions: d.item_list(&fields, "actions", &context, schema::ITEM),
        thoughts: d.item_list(&fields, "thoughts", &context, schema::ITEM),
        pain_points: d.item_list(&fields, "pain_points", &context, schema::ITEM),
        opportunities: d.item_list(&fields, "opportunities", &context, schema::OPPORTUNITY),
        owner: d.opt_text(&fields, "owner", &context),
        detail: d.opt_map_path(&fields, "detail", &context),
        evidence: d.text_list(&fields, "evidence", &context),
        expect: fields
            .get("expect")
            .map(|n| decode_expect(d, n, &context))
            .unwrap_or_default(),
        id,
        stage,
        name,
        channel,
        emotion,
        personas,
        metrics,
        next,
        blueprint,
    })
}

impl Decoder<'_> {
    /// `actions`, `thoughts`, `pain_points` or `opportunities`: a list of items, one
    /// item, or a mapping from persona ids to either (`thoughts: { priya: [...] }`),
    /// whose items belong to that persona. `item_fields` are the keys an item written
    /// as a mapping takes ([`schema::ITEM`] or [`schema::OPPORTUNITY`]).
    fn item_list(
        &mut self,
        fields: &Fields,
        key: &str,
        context: &str,
        item_fields: &[Field],
    ) -> Vec<ItemDoc> {
        let Some(node) = fields.get(key) else {
            return Vec::new();
        };
        let context = format!("`{key}` of {context}");
        let by_persona = match &node.kind {
            NodeKind::Map(entries) => !entries
                .iter()
                .any(|(k, _)| matches!(&k.kind, NodeKind::String(s) if s == "text")),
            _ => false,
        };
        if !by_persona {
            return self.items(node, &context, item_fields, None);
        }
        let mut items = Vec::new();
        for (persona, value) in self.id_map(node, IdRole::Refer(IdKind::Persona), &context) {
            let whose = format!("`{}` in {context}", persona.value);
            items.extend(self.items(value, &whose, item_fields, Some(&persona)));
        }
        items
    }

    /// One item or a list of them; `owner` is the persona whose list it is, if any.
    fn items(
        &mut self,
        node: &Node,
        context: &str,
        item_fields: &[Field],
        owner: Option<&Text>,
    ) -> Vec<ItemDoc> {
        match &node.kind {
            NodeKind::Seq(items)
                if !self.within_list_limits(
                    items.len(),
                    |i| items.get(i).map(|n| n.span),
                    context,
                ) =>
            {
                Vec::new()
            }
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|item| {
                    self.item(item, &format!("an item of {context}"), item_fields, owner)
                })
                .collect(),
            _ => self
                .item(node, context, item_fields, owner)
                .into_iter()
                .collect(),
        }
    }

    fn item(
        &mut self,
        node: &Node,
        context: &str,
        item_fields: &[Field],
        owner: Option<&Text>,
    ) -> Option<ItemDoc> {
        let mut item = match &node.kind {
            NodeKind::Map(_) => {
                let fields = self.fields(node, context, item_fields)?;
                let text =
                    self.required_text(&fields, "text", context, &format!("`text` of {context}"))?;
                let personas = match (fields.get("personas"), owner) {
                    (Some(list), Some(owner)) => {
                        self.error(
                            Diagnostic::error(
                                "conflicting-personas",
                                format!("{context} names its personas twice"),
                            )
                            .at(list.span)
                            .with_label(format!("the list is `{}`'s already", owner.value))
                            .with_hint(
                                "drop `personas:` here, or move the item to the list for everyone",
                            ),
                        );
                        return None;
                    }
                    (Some(list), None) => self.reference_list(
                        list,
                        IdKind::Persona,
                        &format!("`personas` of {context}"),
                    ),
                    (None, _) => Vec::new(),
                };
                ItemDoc {
                    text,
                    personas,
                    estimate: self.estimate(&fields, context),
                }
            }
            _ => ItemDoc::plain(self.text(node, context)?),
        };
        if let Some(owner) = owner {
            item.personas = vec![owner.clone()];
        }
        Some(item)
    }

    /// `reach`, `impact`, `confidence`, `effort` of an opportunity, in their ranges.
    fn estimate(&mut self, fields: &Fields, context: &str) -> EstimateDoc {
        let mut number = |key: &str, check: fn(f64) -> bool, range: &str| {
            let node = fields.get(key)?;
            let key_context = format!("`{key}` of {context}");
            let value = if key == "confidence"
                && let NodeKind::String(text) = &node.kind
            {
                let Some(percent) = text
                    .trim()
                    .strip_suffix('%')
                    .and_then(|p| p.trim().parse::<f64>().ok())
                    .filter(|p| p.is_finite())
                else {
                    self.wrong_type(
                        node,
                        "a number from 0 to 1 or a percentage like \"80%\"",
                        &key_context,
                    );
                    return None;
                };
                Sp::new(percent / 100.0, node.span)
            } else {
                self.number(node, &key_context)?
            };
            if check(value.value) {
                return Some(value);
            }
            self.error(
                Diagnostic::error("out-of-range", format!("{key_context} should be {range}"))
                    .at(node.span)
                    .with_hint(match key {
                        "confidence" => {
                            "write how sure you are as a fraction (0.8) or a percentage (\"80%\")"
                        }
                        "effort" => {
                            "effort divides the score: give it a positive size, like person-months"
                        }
                        _ => "reach and impact are sizes: 0 or more",
                    }),
            );
            None
        };
        EstimateDoc {
            reach: number("reach", |v| v >= 0.0, "0 or more"),
            impact: number("impact", |v| v >= 0.0, "0 or more"),
            confidence: number(
                "confidence",
                |v| (0.0..=1.0).contains(&v),
                "from 0 to 1 (0% to 100%)",
            ),
            effort: number("effort", |v| v > 0.0, "more than 0"),
        }
    }

    /// A mapping from free-text names to text values (`metrics:`).
    fn id_map_texts(&mut self, node: &Node, context: &str) -> Vec<(Text, Text)> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, "a mapping of names to values", context);
            return Vec::new();
        };
        let key_span = |i: usize| entries.get(i).map(|(key, _)| key.span);
        if !self.within_list_limits(entries.len(), key_span, context) {
            return Vec::new();
        }
        let mut texts: Vec<(Text, Text)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let Some(key) = self.text(key, &format!("a name in {context}")) else {
                continue;
            };
            if let Some((first, _)) = texts.iter().find(|(k, _)| k.value == key.value) {
                let diagnostic = Diagnostic::error(
                    "duplicate-key",
                    format!("`{}` is given twice in {context}", key.value),
                )
                .at(key.span)
                .with_label("repeated here")
                .with_related(first.span, "first given here")
                .with_hint("keep one of them; each name holds one value");
                self.error(diagnostic);
                continue;
            }
            if let Some(value) = self.text(value, &format!("`{}` in {context}", key.value)) {
                texts.push((key, value));
            }
        }
        texts
    }
}

fn decode_emotion(d: &mut Decoder, node: &Node, context: &str) -> Option<EmotionDoc> {
    let context = format!("`emotion` of {context}");
    match &node.kind {
        NodeKind::Map(_) => {
            let scores = d
                .id_map(node, IdRole::Refer(IdKind::Persona), &context)
                .into_iter()
                .filter_map(|(persona, value)| {
                    let score = d.number(
                        value,
                        &format!("the score of `{}` in {context}", persona.value),
                    )?;
                    Some((persona, score))
                })
                .collect();
            Some(EmotionDoc::PerPersona(scores))
        }
        NodeKind::String(s) if s == "survey" => Some(EmotionDoc::Survey(node.span)),
        NodeKind::String(_) => {
            d.error(
                Diagnostic::error(
                    "type",
                    format!("{context} should be a number, `survey` or a mapping of persona scores"),
                )
                .at(node.span)
                .with_hint("write a score, `{ persona: score }`, or `survey` to compute it from `data.survey`"),
            );
            None
        }
        _ => d.number(node, &context).map(EmotionDoc::Everyone),
    }
}

/// `lanes:`, a list of lanes; a list too long is reported here, once.
fn decode_lanes(d: &mut Decoder, node: &Node) -> Vec<LaneDoc> {
    let NodeKind::Seq(items) = &node.kind else {
        d.wrong_type(node, "a list of lanes", "`lanes`");
        d.rejected[IdKind::Lane.index()].all = true;
        return Vec::new();
    };
    if items.len() > limits::MAX_LANES {
        let past = items.get(limits::MAX_LANES).map_or(node.span, |n| n.span);
        d.error(
            Diagnostic::error(
                "limit",
                format!(
                    "`lanes` has {} lanes; the limit is {}",
                    items.len(),
                    limits::MAX_LANES
                ),
            )
            .at(d.first_line(past))
            .with_label("past the limit")
            .with_hint("merge lanes, or split the service into several maps"),
        );
        d.rejected[IdKind::Lane.index()].all = true;
        return Vec::new();
    }
    items
        .iter()
        .filter_map(|item| decode_lane(d, item))
        .collect()
}

fn decode_lane(d: &mut Decoder, node: &Node) -> Option<LaneDoc> {
    let fields = d.fields(node, "a lane", schema::LANE)?;
    let id = d
        .require(&fields, "id", "a lane")
        .and_then(|n| d.defining_id(n, IdKind::Lane, "a lane"))?;
    let context = format!("lane `{}`", id.value);
    let name = d.required_text(&fields, "name", &context, &format!("`name` of {context}"));
    d.record_defined(IdKind::Lane, &id, name.as_ref());
    let role = d
        .require(&fields, "role", &context)
        .and_then(|n| d.text(n, &format!("`role` of {context}")))
        .and_then(|role| decode_role(d, role, &context));
    Some(LaneDoc {
        role,
        name,
        owner: d.opt_text(&fields, "owner", &context),
        id,
    })
}

/// A lane's role, one of [`LaneRole::ALL`]; anything else lists them.
fn decode_role(d: &mut Decoder, role: Text, context: &str) -> Option<Sp<LaneRole>> {
    if let Some(known) = LaneRole::from_id(role.value.trim()) {
        return Some(Sp::new(known, role.span));
    }
    let roles = LaneRole::ALL.map(LaneRole::id);
    d.error(
        Diagnostic::error(
            "unknown-role",
            format!("`{}` is not a lane role ({context})", role.value),
        )
        .at(role.span)
        .suggest(&role.value, roles.iter().copied())
        .with_hint(format!(
            "a lane's role is one of {}, and lanes go in that order",
            list_keys(&roles)
        )),
    );
    None
}

/// A touchpoint's `blueprint:`: lane id to a text, an item, or a list of them.
fn decode_blueprint(
    d: &mut Decoder,
    node: &Node,
    context: &str,
) -> Vec<(Text, Vec<BlueprintItemDoc>)> {
    let context = format!("`blueprint` of {context}");
    d.id_map(node, IdRole::Refer(IdKind::Lane), &context)
        .into_iter()
        .map(|(lane, value)| {
            let cell = format!("lane `{}` in {context}", lane.value);
            let items = match &value.kind {
                NodeKind::Null => Vec::new(),
                NodeKind::Seq(items)
                    if !d.within_list_limits(
                        items.len(),
                        |i| items.get(i).map(|n| n.span),
                        &cell,
                    ) =>
                {
                    Vec::new()
                }
                NodeKind::Seq(items) => items
                    .iter()
                    .filter_map(|item| {
                        decode_blueprint_item(d, item, &format!("an item of {cell}"))
                    })
                    .collect(),
                _ if !d.within_list_limits(1, |_| Some(value.span), &cell) => Vec::new(),
                _ => decode_blueprint_item(d, value, &cell).into_iter().collect(),
            };
            (lane, items)
        })
        .collect()
}

/// `Camera capture` or `{ text: ..., fail_point: true, wait: 2d }`.
fn decode_blueprint_item(d: &mut Decoder, node: &Node, context: &str) -> Option<BlueprintItemDoc> {
    if !matches!(node.kind, NodeKind::Map(_)) {
        let text = d.text(node, context)?;
        return Some(BlueprintItemDoc {
            text,
            fail_point: false,
            wait: None,
        });
    }
    let fields = d.fields(node, context, schema::BLUEPRINT_ITEM)?;
    let text = d.required_text(&fields, "text", context, &format!("`text` of {context}"));
    let fail_point = match fields.get("fail_point").map(|n| (n, &n.kind)) {
        None => false,
        Some((_, NodeKind::Bool(b))) => *b,
        Some((n, _)) => {
            d.wrong_type(
                n,
                "`true` or `false`",
                &format!("`fail_point` of {context}"),
            );
            false
        }
    };
    let wait = d.opt_text(&fields, "wait", context);
    Some(BlueprintItemDoc {
        text: text?,
        fail_point,
        wait,
    })
}

/// A theme file's document (`theme: brand.yaml`): the keys of `theme:`, nothing else.
pub fn decode_theme_file(
    file: &SourceFile,
    root: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ThemeDoc> {
    let mut d = Decoder::new(file, diagnostics);
    if !matches!(root.kind, NodeKind::Map(_)) {
        d.error(
            Diagnostic::error(
                "type",
                format!(
                    "a theme file is a YAML mapping with `stages`, `personas`, `font` or `logo`, but this file holds {}",
                    root.kind.describe()
                ),
            )
            .at(root.span)
            .with_hint("write the keys a map's `theme:` takes, like `font: Inter`"),
        );
        return None;
    }
    decode_theme(&mut d, root)
}

fn decode_theme(d: &mut Decoder, node: &Node) -> Option<ThemeDoc> {
    if !matches!(node.kind, NodeKind::Map(_)) {
        d.wrong_type(node, "a mapping, or the path of a theme file", "`theme`");
        return None;
    }
    let fields = d.fields(node, "`theme`", schema::THEME)?;
    let stages = fields
        .get("stages")
        .map(|node| d.id_map_texts(node, "`stages` of `theme`"))
        .unwrap_or_default();
    let personas = d.text_list(&fields, "personas", "`theme`");
    let font = d
        .opt_text(&fields, "font", "`theme`")
        .filter(|font| {
            if schema::is_font_name(&font.value) {
                return true;
            }
            d.error(
                Diagnostic::error(
                    "invalid-font",
                    format!("`font` of `theme` is not a font family name: `{}`", font.value),
                )
                .at(font.span)
                .with_hint(format!(
                    "write a family name of at most {} letters, digits, spaces, `-` or `_`, like `Inter` or `Source Sans 3`",
                    schema::MAX_FONT_NAME_CHARS
                )),
            );
            false
        });
    let logo = d.opt_text(&fields, "logo", "`theme`");
    Some(ThemeDoc {
        stages,
        personas,
        font,
        logo,
    })
}

fn decode_data(d: &mut Decoder, node: &Node) -> Option<DataDoc> {
    let fields = d.fields(node, "`data`", schema::DATA)?;
    let survey = fields.get("survey").and_then(|node| decode_survey(d, node));
    Some(DataDoc {
        span: node.span,
        survey,
        funnel: d.opt_text(&fields, "funnel", "`data`"),
        evidence: d.opt_text(&fields, "evidence", "`data`"),
    })
}

fn decode_survey(d: &mut Decoder, node: &Node) -> Option<SurveyDoc> {
    let context = "`survey` of `data`";
    let fields = d.fields(node, context, schema::SURVEY)?;
    let required = |d: &mut Decoder, key: &str| {
        d.require(&fields, key, context)
            .and_then(|n| d.text(n, &format!("`{key}` of {context}")))
    };
    let file = required(d, "file");
    let touchpoint = required(d, "touchpoint");
    let score = required(d, "score");
    let scale = required(d, "scale").and_then(|text| {
        let parsed = parse_range(&text.value);
        if parsed.is_none() {
            d.error(
                Diagnostic::error(
                    "bad-scale",
                    format!(
                        "`scale` of {context} should be a range like `1..7`, found `{}`",
                        text.value
                    ),
                )
                .at(text.span)
                .with_hint(
                    "write the survey's lowest and highest answer, low first: `1..5`, `0..10`",
                ),
            );
        }
        parsed.map(|range| Sp::new(range, text.span))
    });
    let min_responses = fields
        .get("min_responses")
        .and_then(|n| d.number(n, &format!("`min_responses` of {context}")))
        .filter(|n| {
            let whole = n.value >= 1.0 && n.value.fract() == 0.0 && n.value <= 1e9;
            if !whole {
                d.error(
                    Diagnostic::error(
                        "bad-threshold",
                        format!(
                            "`min_responses` of {context} should be a whole number of at least 1"
                        ),
                    )
                    .at(n.span),
                );
            }
            whole
        });
    Some(SurveyDoc {
        span: node.span,
        persona: d.opt_text(&fields, "persona", context),
        date: d.opt_text(&fields, "date", context),
        file,
        touchpoint,
        score,
        scale,
        min_responses,
    })
}

/// `1..7` as (1, 7), when low is below high and both are finite.
fn parse_range(text: &str) -> Option<(f64, f64)> {
    let (low, high) = text.split_once("..")?;
    let low: f64 = low.trim().parse().ok()?;
    let high: f64 = high.trim().parse().ok()?;
    (low.is_finite() && high.is_finite() && low < high).then_some((low, high))
}

fn decode_expect(d: &mut Decoder, node: &Node, context: &str) -> Vec<ExpectDoc> {
    let context = format!("`expect` of {context}");
    let Some(fields) = d.fields(node, &context, schema::EXPECT) else {
        return Vec::new();
    };
    let mut claims = Vec::new();
    for (key, measure) in [
        ("emotion", Measure::Emotion),
        ("conversion", Measure::Conversion),
    ] {
        let Some(text) = d.opt_text(&fields, key, &context) else {
            continue;
        };
        match parse_claim(&text.value, measure) {
            Ok((comparison, bound)) => claims.push(ExpectDoc {
                measure,
                comparison,
                bound,
                written: text.value.trim().to_owned(),
                span: text.span,
            }),
            Err(why) => d.error(
                Diagnostic::error(
                    "bad-claim",
                    format!("`{key}` in {context} is not a claim: {why}"),
                )
                .at(text.span)
                .with_hint(match measure {
                    Measure::Emotion => "write a comparison and a score, like \">= 4\" (quoted: YAML reads `>` as a block)",
                    Measure::Conversion => "write a comparison and a percentage, like \">= 60%\" (quoted: YAML reads `>` as a block)",
                }),
            ),
        }
    }
    claims
}

/// `">= 60%"` as (at least, 60); a conversion needs `%`, an emotion must not have it.
fn parse_claim(text: &str, measure: Measure) -> Result<(Comparison, f64), String> {
    let text = text.trim();
    let comparison = Comparison::ALL
        .into_iter()
        .find(|c| text.starts_with(c.symbol()))
        .ok_or("it should start with >=, <=, > or <")?;
    let rest = text[comparison.symbol().len()..].trim();
    let (number, percent) = match rest.strip_suffix('%') {
        Some(number) => (number.trim(), true),
        None => (rest, false),
    };
    let bound: f64 = number
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())
        .ok_or_else(|| format!("`{number}` is not a number"))?;
    match (measure, percent) {
        (Measure::Conversion, false) => Err("a conversion is a percentage, like 60%".to_owned()),
        (Measure::Conversion, true) if !(0.0..=100.0).contains(&bound) => {
            Err("a percentage is between 0% and 100%".to_owned())
        }
        (Measure::Emotion, true) => Err("an emotion is a score, not a percentage".to_owned()),
        _ => Ok((comparison, bound)),
    }
}
