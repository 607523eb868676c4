//! Node tree to [`MapDoc`]: checks keys, types and id syntax, collecting every problem.

use super::schema::{self, Field};
use super::yaml::{Node, NodeKind};
use super::{
    ChannelDoc, EmotionDoc, MapDoc, PersonaDoc, ScaleDoc, Sp, StageDoc, Text, TouchpointDoc,
};
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::id_syntax::{ID_PATTERN, id_from_name, is_valid_id};

/// Drops control characters that no output can show (see [`crate::controls`]), so
/// what reaches HTML, SVG and terminals is always printable.
fn clean_text(text: &str) -> String {
    crate::controls::strip(text).into_owned()
}

struct Decoder<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
}

/// The known keys of one mapping in the file, after unknown and `x-` keys are set aside.
struct Fields<'n> {
    span: Span,
    entries: Vec<(&'static str, &'n Node)>,
}

impl<'n> Fields<'n> {
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

impl Decoder<'_> {
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
        };
        for (key, value) in entries {
            let Some(name) = self.key_text(key) else {
                self.wrong_type(key, "text", &format!("a key in {context}"));
                continue;
            };
            if name.starts_with("x-") {
                continue;
            }
            match allowed.iter().map(|f| f.name).find(|k| *k == name) {
                Some(known) if fields.entries.iter().any(|(k, _)| *k == known) => self.error(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("`{name}` is given twice in {context}"),
                    )
                    .at(key.span)
                    .with_label("repeated here")
                    .with_hint("keep one of them; YAML keys must be unique"),
                ),
                Some(known) => fields.entries.push((known, value)),
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

    /// Text, accepting numbers and booleans as written (`owner: 42` is the text "42").
    fn text(&mut self, node: &Node, context: &str) -> Option<Text> {
        match &node.kind {
            NodeKind::String(s) => Some(Sp::new(clean_text(s), node.span)),
            NodeKind::Number(_) | NodeKind::Bool(_) => {
                Some(Sp::new(self.source(node.span).to_owned(), node.span))
            }
            _ => {
                self.wrong_type(node, "text", context);
                None
            }
        }
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

    /// A list of texts; a single text counts as a list of one.
    fn text_list(&mut self, fields: &Fields, key: &str, context: &str) -> Vec<Text> {
        let Some(node) = fields.get(key) else {
            return Vec::new();
        };
        let context = format!("`{key}` of {context}");
        match &node.kind {
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

    fn id(&mut self, node: &Node, context: &str) -> Option<Text> {
        let text = self.text(node, context)?;
        if !is_valid_id(&text.value) {
            let slug = id_from_name(&text.value);
            let mut diagnostic = Diagnostic::error(
                "invalid-id",
                format!("`{}` is not a valid id for {context}", text.value),
            )
            .at(text.span)
            .with_hint(format!(
                "ids use lowercase letters, digits, `-` and `_`, starting with a letter or digit ({ID_PATTERN})"
            ));
            if !slug.is_empty() {
                diagnostic = diagnostic.with_label(format!("try `{slug}`"));
            }
            self.error(diagnostic);
            // Reported once: an invalid id is not also looked up as an unknown one.
            return None;
        }
        Some(text)
    }

    fn id_list(&mut self, node: &Node, context: &str) -> Vec<Text> {
        match &node.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|item| self.id(item, &format!("an item of {context}")))
                .collect(),
            _ => self.id(node, context).into_iter().collect(),
        }
    }

    /// The entries of a mapping from ids to something, such as `personas:`.
    fn id_map<'n>(&mut self, node: &'n Node, context: &str) -> Vec<(Text, &'n Node)> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, "a mapping from ids", context);
            return Vec::new();
        };
        entries
            .iter()
            .filter(|(key, _)| !matches!(&key.kind, NodeKind::String(s) if s.starts_with("x-")))
            .filter_map(|(key, value)| {
                let id = self.id(key, &format!("a key of {context}"))?;
                Some((id, value))
            })
            .collect()
    }
}

pub fn decode_map(
    file: &SourceFile,
    root: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<MapDoc> {
    let mut d = Decoder { file, diagnostics };
    let NodeKind::Map(_) = root.kind else {
        d.error(
            Diagnostic::error(
                "not-a-map",
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
    let fields = d.fields(root, "the map", schema::MAP)?;
    let title = d.required_text(&fields, "title", "the map", "`title`");
    let scenario = d.opt_text(&fields, "scenario", "the map");
    let emotion_scale = fields
        .get("emotion_scale")
        .and_then(|node| decode_scale(&mut d, node));
    let personas = fields
        .get("personas")
        .map(|node| {
            d.id_map(node, "`personas`")
                .into_iter()
                .filter_map(|(id, value)| decode_persona(&mut d, id, value))
                .collect()
        })
        .unwrap_or_default();
    let stages = fields.get("stages").map(|node| match &node.kind {
        NodeKind::Seq(items) => items
            .iter()
            .filter_map(|item| decode_stage(&mut d, item))
            .collect(),
        _ => {
            d.wrong_type(node, "a list of stages", "`stages`");
            Vec::new()
        }
    });
    let channels = fields
        .get("channels")
        .map(|node| {
            d.id_map(node, "`channels`")
                .into_iter()
                .filter_map(|(id, value)| decode_channel(&mut d, id, value))
                .collect()
        })
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
    Some(MapDoc {
        title,
        scenario,
        emotion_scale,
        personas,
        stages,
        channels,
        touchpoints,
        touchpoints_span,
    })
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
    let fields = d.fields(node, &context, schema::PERSONA)?;
    let name = d.required_text(&fields, "name", &context, &format!("`name` of {context}"));
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
            .and_then(|n| d.id(n, "a stage"))?;
        let context = format!("stage `{}`", id.value);
        Some(StageDoc {
            name: d.opt_text(&fields, "name", &context),
            goal: d.opt_text(&fields, "goal", &context),
            description: d.opt_text(&fields, "description", &context),
            id,
        })
    } else {
        let id = d.id(node, "a stage")?;
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
        return Some(ChannelDoc { id, name });
    }
    let fields = d.fields(node, &context, schema::CHANNEL)?;
    let name = d.opt_text(&fields, "name", &context);
    Some(ChannelDoc { id, name })
}

fn decode_touchpoint(d: &mut Decoder, node: &Node) -> Option<TouchpointDoc> {
    let fields = d.fields(node, "a touchpoint", schema::TOUCHPOINT)?;
    let id = d
        .require(&fields, "id", "a touchpoint")
        .and_then(|n| d.id(n, "a touchpoint"));
    let context = match &id {
        Some(id) => format!("touchpoint `{}`", id.value),
        None => "a touchpoint".to_owned(),
    };
    let stage = d
        .require(&fields, "stage", &context)
        .and_then(|n| d.id(n, &format!("`stage` of {context}")));
    let name = d.required_text(&fields, "name", &context, &format!("`name` of {context}"));
    let channel = fields
        .get("channel")
        .and_then(|n| d.id(n, &format!("`channel` of {context}")));
    let emotion = fields
        .get("emotion")
        .and_then(|n| decode_emotion(d, n, &context));
    let personas = fields
        .get("personas")
        .map(|n| d.id_list(n, &format!("`personas` of {context}")));
    let metrics = fields
        .get("metrics")
        .map(|n| d.id_map_texts(n, &format!("`metrics` of {context}")))
        .unwrap_or_default();
    let next = fields
        .entries
        .iter()
        .find(|(k, _)| *k == "next")
        .map(|(_, n)| {
            if n.kind == NodeKind::Null {
                Vec::new()
            } else {
                d.id_list(n, &format!("`next` of {context}"))
            }
        });
    Some(TouchpointDoc {
        span: node.span,
        description: d.opt_text(&fields, "description", &context),
        actions: d.text_list(&fields, "actions", &context),
        thoughts: d.text_list(&fields, "thoughts", &context),
        pain_points: d.text_list(&fields, "pain_points", &context),
        opportunities: d.text_list(&fields, "opportunities", &context),
        owner: d.opt_text(&fields, "owner", &context),
        id,
        stage,
        name,
        channel,
        emotion,
        personas,
        metrics,
        next,
    })
}

impl Decoder<'_> {
    /// A mapping from free-text names to text values (`metrics:`).
    fn id_map_texts(&mut self, node: &Node, context: &str) -> Vec<(Text, Text)> {
        let NodeKind::Map(entries) = &node.kind else {
            self.wrong_type(node, "a mapping of names to values", context);
            return Vec::new();
        };
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
                .id_map(node, &context)
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
        _ => d.number(node, &context).map(EmotionDoc::Everyone),
    }
}
