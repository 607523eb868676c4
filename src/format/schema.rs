//! The format's fields, written once: the decoder takes its allowed keys from these
//! tables and `journeymap schema` turns the same tables into a JSON Schema for
//! editors, so the loader and the schema cannot drift apart.

use serde_json::{Map as JsonMap, Value, json};

use super::LaneRole;
use crate::builtins::{BuiltinChannel, STAGE_ALIASES, STANDARD_STAGES};
use crate::color::NAMED_COLORS;
use crate::id_syntax::{ID_PATTERN, MAX_ID_CHARS};
use crate::limits;

/// A BCP 47 language tag, loosely: a 2-3 letter language, then subtags of 1-8
/// letters or digits (`en`, `pt-BR`, `zh-Hant-TW`).
pub const LANG_PATTERN: &str = "[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*";

/// Whether `tag` matches [`LANG_PATTERN`].
pub fn is_lang_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
        && tag.len() <= 35
}

/// A relative path to a map, as the JSON Schema checks it; the loader's
/// [`map_path_problem`] also refuses empty and `.` folder names.
pub const MAP_PATH_PATTERN: &str = r"^[^/~\\:\u0000-\u001f][^\\:\u0000-\u001f]*\.(yaml|yml)$";

/// Longest `detail:` path, in characters.
pub const MAX_MAP_PATH_CHARS: usize = 1024;

/// Why `path` is not a relative path to a map file, or `None` when it is one:
/// `/`-separated, relative (no leading `/`, `~` or drive letter), without `\`,
/// empty or `.` components, ending in `.yaml` or `.yml`. `..` is allowed here;
/// whether the path leaves the folder being built is decided against that folder.
pub fn map_path_problem(path: &str) -> Option<&'static str> {
    if path.chars().count() > MAX_MAP_PATH_CHARS {
        Some("it is longer than 1024 characters")
    } else if path.starts_with('/') || path.starts_with('~') || path.contains(':') {
        Some("it is absolute; write it relative to this map's folder")
    } else if path.contains('\\') {
        Some("it has a `\\`; separate folders with `/`")
    } else if path.chars().any(char::is_control) {
        Some("it has a control character")
    } else if path.split('/').any(|part| part.is_empty() || part == ".") {
        Some("it has an empty or `.` folder name")
    } else if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
        Some("a map file ends in `.yaml` or `.yml`")
    } else {
        None
    }
}

/// What a field holds, as the decoder reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text; numbers and booleans are taken as written.
    Text,
    /// A list of texts, or one text.
    TextList,
    Number,
    /// An id of this object, or a reference to one.
    Id,
    /// A stage id: a standard stage or one the map lists.
    StageRef,
    /// A channel id: a built-in channel or one the map declares.
    ChannelRef,
    /// A list of ids, or one id.
    IdList,
    Color,
    Scale,
    Personas,
    Stages,
    Channels,
    Touchpoints,
    Emotion,
    Metrics,
    /// A list of items (texts or `{ text, personas }`), one item, or lists by persona id.
    Items,
    /// Like [`Kind::Items`], and an item may carry `reach`, `impact`, `confidence`, `effort`.
    Opportunities,
    /// A fraction from 0 to 1, or a percentage text like `"80%"`.
    Fraction,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A BCP 47 language tag (`en`, `pt-BR`, `zh-Hans`).
    Lang,
    /// The future state: [`FUTURE`].
    Future,
    /// Touchpoints of a future state: changes by id, or new touchpoints.
    TouchpointChanges,
    Bool,
    /// A list of blueprint lanes.
    Lanes,
    /// A blueprint lane's role: one of [`LaneRole::ALL`].
    LaneRole,
    /// A touchpoint's blueprint cells: lane id to items.
    Blueprint,
    /// A relative `/`-separated path to a `.yaml` or `.yml` map file.
    MapPath,
    /// Label texts by label name ([`crate::i18n::Label`]).
    Labels,
    /// A path relative to the map's folder.
    Path,
    Data,
    /// `theme:`: stage colours, a persona palette, a font and a logo, or the path
    /// of a YAML file that holds them.
    Theme,
    /// Colours by stage id.
    StageColors,
    /// A list of colours, or one colour.
    ColorList,
    /// A CSS font-family name: letters, digits, spaces, `-` and `_`.
    FontName,
    Survey,
    /// A survey's scale, `1..7`.
    Range,
    /// Claims the data must keep true: measure to `">= 60%"`.
    Expect,
    /// A claim's comparison and bound, `">= 4"` or `">= 60%"`.
    Claim,
}

/// One key of a mapping in the format.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub doc: &'static str,
    /// What an absent key means, for the schema's `default`.
    pub default: Option<FieldDefault>,
}

/// The default of a field, as the schema shows it.
#[derive(Clone, Copy, Debug)]
pub enum FieldDefault {
    Number(f64),
    Text(&'static str),
    /// The standard stages' ids, in order.
    StandardStages,
}

impl FieldDefault {
    fn json(self) -> Value {
        match self {
            FieldDefault::Number(n) => json!(n),
            FieldDefault::Text(t) => json!(t),
            FieldDefault::StandardStages => {
                json!(
                    STANDARD_STAGES
                        .iter()
                        .map(|(id, _)| *id)
                        .collect::<Vec<_>>()
                )
            }
        }
    }
}

const fn field(name: &'static str, kind: Kind, required: bool, doc: &'static str) -> Field {
    Field {
        name,
        kind,
        required,
        doc,
        default: None,
    }
}

impl Field {
    const fn defaults_to(self, default: FieldDefault) -> Field {
        Field {
            default: Some(default),
            ..self
        }
    }
}

pub const MAP: &[Field] = &[
    field("title", Kind::Text, true, "The map's title."),
    field(
        "scenario",
        Kind::Text,
        false,
        "Who, what and why now, in a sentence or two.",
    ),
    field(
        "owner",
        Kind::Text,
        false,
        "Who keeps the map true: a team or a person.",
    ),
    field(
        "reviewed",
        Kind::Date,
        false,
        "When the map was last checked against reality, as YYYY-MM-DD.",
    ),
    field(
        "lang",
        Kind::Lang,
        false,
        "The language the map is written in, as a BCP 47 tag (en, de, pt-BR, ja); default en. The words journeymap adds follow it (translated: ar, de, en, es, fr, ja, pt, zh).",
    )
    .defaults_to(FieldDefault::Text("en")),
    field(
        "labels",
        Kind::Labels,
        false,
        "Your own text for any word journeymap adds (lane names, legend, captions), by label name; `journeymap docs format` lists them.",
    ),
    field(
        "emotion_scale",
        Kind::Scale,
        false,
        "The range of emotion scores; default { min: 1, max: 5 }.",
    ),
    field(
        "data",
        Kind::Data,
        false,
        "Survey, funnel and evidence files beside the map that scores and claims are checked against.",
    ),
    field(
        "theme",
        Kind::Theme,
        false,
        "Stage colours, a persona palette, a font and a logo in place of the defaults; or the path of a YAML file beside the map that holds them (`theme: brand.yaml`), shared by several maps.",
    ),
    field(
        "personas",
        Kind::Personas,
        false,
        "Personas by id; without any, the map has one implicit persona.",
    ),
    field(
        "stages",
        Kind::Stages,
        false,
        "Stages in order; default awareness, consideration, decision, retention, advocacy.",
    )
    .defaults_to(FieldDefault::StandardStages),
    field(
        "channels",
        Kind::Channels,
        false,
        "Channels by id, for channels not built in or to rename a built-in one.",
    ),
    field(
        "touchpoints",
        Kind::Touchpoints,
        false,
        "Touchpoints in order.",
    ),
    field(
        "future",
        Kind::Future,
        false,
        "The future state: touchpoints changed (by id), added and removed.",
    ),
    field(
        "lanes",
        Kind::Lanes,
        false,
        "Service-blueprint lanes below the journey, in order: physical_evidence, frontstage, backstage, support.",
    ),
];

pub const LANE: &[Field] = &[
    field(
        "id",
        Kind::Id,
        true,
        "The lane's id, used in touchpoints' `blueprint`.",
    ),
    field(
        "role",
        Kind::LaneRole,
        true,
        "physical_evidence, frontstage, backstage or support; lanes go in that order.",
    ),
    field(
        "name",
        Kind::Text,
        true,
        "The lane's name, shown at its left.",
    ),
    field(
        "owner",
        Kind::Text,
        false,
        "Who in the business runs what happens in this lane.",
    ),
];

pub const BLUEPRINT_ITEM: &[Field] = &[
    field("text", Kind::Text, true, "What happens."),
    field(
        "fail_point",
        Kind::Bool,
        false,
        "true where the service often fails; marked with a symbol and \"Fail point\".",
    ),
    field(
        "wait",
        Kind::Text,
        false,
        "How long the customer waits here, as text (\"2d\", \"10 min\").",
    ),
];

/// The future state, inline under `future:` or as a file with `extends:`.
pub const FUTURE: &[Field] = &[
    field(
        "title",
        Kind::Text,
        false,
        "The future state's title; default the current title.",
    ),
    field(
        "scenario",
        Kind::Text,
        false,
        "The future state's scenario; default the current scenario.",
    ),
    field(
        "touchpoints",
        Kind::TouchpointChanges,
        false,
        "Touchpoints with the id of a current one replace the keys they give; others are added at the end of their stage.",
    ),
    field(
        "remove",
        Kind::IdList,
        false,
        "Ids of current touchpoints the future state no longer has.",
    ),
];

/// The key that makes a file the future state of another map; the rest is [`FUTURE`].
pub const EXTENDS: Field = field(
    "extends",
    Kind::Path,
    true,
    "The current map this file is the future state of: a path relative to this file, inside its folder.",
);

pub const SCALE: &[Field] = &[
    field("min", Kind::Number, false, "The lowest score (default 1).")
        .defaults_to(FieldDefault::Number(1.0)),
    field("max", Kind::Number, false, "The highest score (default 5).")
        .defaults_to(FieldDefault::Number(5.0)),
];

/// What `theme: path` must look like: a `.yaml` or `.yml` file name (the decoder's
/// check; whether it is inside the map's folder is decided on disk).
pub const THEME_FILE_PATTERN: &str = r"\.ya?ml\s*$";

/// Longest `font` name of a theme, in characters.
pub const MAX_FONT_NAME_CHARS: usize = 64;

/// Whether `name` can be a theme's `font`: a family name that needs no quoting or
/// escaping in CSS or SVG (letters, digits, spaces, `-`, `_`).
pub fn is_font_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && name.chars().count() <= MAX_FONT_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
}

pub const THEME: &[Field] = &[
    field(
        "stages",
        Kind::StageColors,
        false,
        "A colour by stage id: the stage's header rule; its panel is a light tint of it.",
    ),
    field(
        "personas",
        Kind::ColorList,
        false,
        "Colours for personas without their own `color`, in order (cycled).",
    ),
    field(
        "font",
        Kind::FontName,
        false,
        "A font family put first in the SVG and HTML font stack; text is still measured with the bundled Noto Sans.",
    ),
    field(
        "logo",
        Kind::Path,
        false,
        "A PNG, JPEG or SVG file in the map's folder (in a theme file: the theme file's folder), at most 256 KiB, shown at the top right and in the header of printed pages; never a URL.",
    ),
];

pub const DATA: &[Field] = &[
    field(
        "survey",
        Kind::Survey,
        false,
        "A survey export, one row per response, for `emotion: survey`.",
    ),
    field(
        "funnel",
        Kind::Path,
        false,
        "A CSV file with columns touchpoint,entered,completed[,median_seconds].",
    ),
    field(
        "evidence",
        Kind::Path,
        false,
        "A CSV file with columns id,touchpoint,kind,quote,source,date.",
    ),
];

pub const SURVEY: &[Field] = &[
    field(
        "file",
        Kind::Path,
        true,
        "The CSV export, relative to the map's folder.",
    ),
    field(
        "touchpoint",
        Kind::Text,
        true,
        "The column holding the touchpoint id.",
    ),
    field(
        "persona",
        Kind::Text,
        false,
        "The column holding the persona id, for a score per persona.",
    ),
    field("score", Kind::Text, true, "The column holding the answer."),
    field(
        "scale",
        Kind::Range,
        true,
        "The survey's own scale, like 1..7, mapped linearly onto the map's emotion_scale.",
    ),
    field(
        "date",
        Kind::Text,
        false,
        "The column holding each response's date (YYYY-MM-DD...), for staleness.",
    ),
    field(
        "min_responses",
        Kind::Number,
        false,
        "Fewer responses than this are shown as too few, not as a score (default 5).",
    ),
];

/// The measures an `expect` claim can name.
pub const EXPECT: &[Field] = &[
    field(
        "emotion",
        Kind::Claim,
        false,
        "The touchpoint's mean survey score on the map's scale, like \">= 4\".",
    ),
    field(
        "conversion",
        Kind::Claim,
        false,
        "completed / entered in the funnel, like \">= 60%\".",
    ),
];

pub const PERSONA: &[Field] = &[
    field("name", Kind::Text, true, "The persona's name."),
    field(
        "role",
        Kind::Text,
        false,
        "A short description of who they are.",
    ),
    field("description", Kind::Text, false, "More about the persona."),
    field("quote", Kind::Text, false, "Something they would say."),
    field("goals", Kind::TextList, false, "What they want."),
    field(
        "frustrations",
        Kind::TextList,
        false,
        "What gets in their way.",
    ),
    field(
        "color",
        Kind::Color,
        false,
        "Line colour: #rgb, #rrggbb or a CSS colour name (quote hex colours).",
    ),
];

pub const STAGE: &[Field] = &[
    field(
        "id",
        Kind::Id,
        true,
        "The stage's id; a standard id needs no name.",
    ),
    field(
        "name",
        Kind::Text,
        false,
        "Display name; required for ids that are not standard.",
    ),
    field(
        "goal",
        Kind::Text,
        false,
        "What the customer wants from this stage.",
    ),
    field("description", Kind::Text, false, "More about the stage."),
];

pub const CHANNEL: &[Field] = &[field(
    "name",
    Kind::Text,
    false,
    "Display name; required for channels that are not built in.",
)];

/// An item written as a mapping: `{ text: Slow page, personas: [maya] }`.
pub const ITEM: &[Field] = &[
    field("text", Kind::Text, true, "The item itself."),
    field(
        "personas",
        Kind::IdList,
        false,
        "Whose item it is: persona ids; without it, everyone's on the touchpoint.",
    ),
];

/// An opportunity written as a mapping: an [`ITEM`] sized for ranking (RICE).
pub const OPPORTUNITY: &[Field] = &[
    ITEM[0],
    ITEM[1],
    field(
        "reach",
        Kind::Number,
        false,
        "How many customers it touches per period (any unit, the same across maps); 0 or more.",
    ),
    field(
        "impact",
        Kind::Number,
        false,
        "How much it helps each of them, e.g. 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive; 0 or more.",
    ),
    field(
        "confidence",
        Kind::Fraction,
        false,
        "How sure the estimates are: 0 to 1, or a percentage like \"80%\".",
    ),
    field(
        "effort",
        Kind::Number,
        false,
        "What it costs, e.g. in person-months; more than 0.",
    ),
];

pub const TOUCHPOINT: &[Field] = &[
    field(
        "id",
        Kind::Id,
        true,
        "The touchpoint's id, unique in the map.",
    ),
    field(
        "stage",
        Kind::StageRef,
        true,
        "The id of the stage it belongs to.",
    ),
    field("name", Kind::Text, true, "What happens, in a few words."),
    field(
        "description",
        Kind::Text,
        false,
        "More about the touchpoint.",
    ),
    field(
        "channel",
        Kind::ChannelRef,
        false,
        "A built-in or declared channel id.",
    ),
    field("actions", Kind::Items, false, "What the customer does."),
    field("thoughts", Kind::Items, false, "What the customer thinks."),
    field(
        "emotion",
        Kind::Emotion,
        false,
        "A score for every persona on the touchpoint, or { persona: score }.",
    ),
    field(
        "personas",
        Kind::IdList,
        false,
        "Who is on the touchpoint (default: the keys of emotion, else everyone).",
    ),
    field("pain_points", Kind::Items, false, "Where it hurts."),
    field(
        "opportunities",
        Kind::Opportunities,
        false,
        "What the business could do about it.",
    ),
    field("metrics", Kind::Metrics, false, "Measurements by name."),
    field(
        "owner",
        Kind::Text,
        false,
        "Who in the business owns this touchpoint.",
    ),
    field(
        "detail",
        Kind::MapPath,
        false,
        "A map that details this step, relative to this map's folder (onboarding/verify-identity.yaml); its page links back here.",
    ),
    field(
        "next",
        Kind::IdList,
        false,
        "Touchpoints that can follow (default: the next in the list; [] ends the journey).",
    ),
    field(
        "blueprint",
        Kind::Blueprint,
        false,
        "Service-blueprint cells by lane id: a text, an item { text, fail_point, wait }, or a list of them.",
    ),
    field(
        "evidence",
        Kind::TextList,
        false,
        "Ids of rows of the evidence file that back this touchpoint's scores.",
    ),
    field(
        "expect",
        Kind::Expect,
        false,
        "Claims the data must keep true; check fails when it does not.",
    ),
];

/// A claim as written: a comparison, a number, `%` for a share.
pub const CLAIM_PATTERN: &str = r"^\s*(>=|<=|>|<)\s*-?[0-9]+(\.[0-9]+)?\s*%?\s*$";

/// The key names of a field table, in order.
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

fn text() -> Value {
    json!({ "type": ["string", "number", "boolean"], "maxLength": limits::MAX_TEXT_CHARS })
}

fn id() -> Value {
    json!({ "type": "string", "pattern": format!("^{ID_PATTERN}$"), "maxLength": MAX_ID_CHARS })
}

fn one_or_many(item: Value, max_items: usize) -> Value {
    json!({ "anyOf": [item.clone(), { "type": "array", "items": item, "maxItems": max_items }] })
}

fn kind_schema(kind: Kind) -> Value {
    match kind {
        Kind::Text => text(),
        Kind::TextList => one_or_many(text(), limits::MAX_LIST_ITEMS),
        Kind::Number => json!({ "type": "number" }),
        Kind::Id => id(),
        Kind::StageRef => json!({ "anyOf": [standard_stage_ids(), id()] }),
        Kind::ChannelRef => json!({ "anyOf": [builtin_channel_ids(), id()] }),
        Kind::IdList => {
            json!({ "anyOf": [id(), { "type": "array", "items": id() }, { "type": "null" }] })
        }
        Kind::Color => json!({
            "anyOf": [
                { "type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$" },
                { "enum": NAMED_COLORS.iter().map(|(name, _)| *name).collect::<Vec<_>>() },
            ]
        }),
        Kind::Scale => object(SCALE),
        Kind::Personas => id_map(json!({ "$ref": "#/$defs/persona" })),
        Kind::Stages => json!({
            "type": "array",
            "items": { "anyOf": [standard_stage_ids(), id(), { "$ref": "#/$defs/stage" }] },
        }),
        Kind::Channels => {
            let mut channels = id_map(json!({ "anyOf": [text(), { "$ref": "#/$defs/channel" }] }));
            // Completion offers the built-in ids as keys, to rename one.
            if let Value::Object(map) = &mut channels {
                map.insert(
                    "propertyNames".to_owned(),
                    json!({ "anyOf": [builtin_channel_ids(), id()] }),
                );
            }
            channels
        }
        Kind::Touchpoints => json!({ "type": "array", "items": { "$ref": "#/$defs/touchpoint" } }),
        Kind::Emotion => json!({
            "anyOf": [
                { "type": "number" },
                { "const": "survey" },
                { "type": "object", "propertyNames": id(), "additionalProperties": { "type": "number" } },
            ]
        }),
        Kind::Items => items(json!({ "$ref": "#/$defs/item" })),
        Kind::Opportunities => items(json!({ "$ref": "#/$defs/opportunity" })),
        Kind::Fraction => json!({
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?%$" },
            ]
        }),
        Kind::Date => json!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        }),
        Kind::Lang => json!({ "type": "string", "pattern": format!("^{LANG_PATTERN}$") }),
        Kind::Future => json!({ "$ref": "#/$defs/future" }),
        Kind::TouchpointChanges => {
            json!({ "type": "array", "items": { "$ref": "#/$defs/touchpoint_change" } })
        }
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Lanes => json!({
            "type": "array",
            "items": { "$ref": "#/$defs/lane" },
            "maxItems": limits::MAX_LANES,
        }),
        Kind::LaneRole => json!({ "enum": LaneRole::ALL.map(LaneRole::id) }),
        Kind::Blueprint => {
            let item = json!({ "anyOf": [text(), { "$ref": "#/$defs/blueprint_item" }] });
            id_map(one_or_many(item, limits::MAX_LIST_ITEMS))
        }
        Kind::MapPath => {
            json!({ "type": "string", "pattern": MAP_PATH_PATTERN, "maxLength": MAX_MAP_PATH_CHARS })
        }
        Kind::Labels => {
            let english = crate::i18n::Labels::english();
            let properties: JsonMap<String, Value> = crate::i18n::Label::ALL
                .iter()
                .map(|label| {
                    let text = english.get(*label);
                    let schema = json!({
                        "type": "string",
                        "maxLength": limits::MAX_TEXT_CHARS,
                        "description": format!("Default in English: {text}"),
                        "default": text,
                    });
                    (label.name().to_owned(), schema)
                })
                .collect();
            json!({ "type": "object", "properties": properties, "additionalProperties": false })
        }
        Kind::Path => json!({ "type": "string", "minLength": 1 }),
        Kind::Data => object(DATA),
        Kind::Theme => json!({
            "anyOf": [
                {
                    "type": "string",
                    "pattern": THEME_FILE_PATTERN,
                    "description": "A theme file: a YAML file with the keys of `theme`, relative to the map's folder and inside it.",
                },
                object(THEME),
            ]
        }),
        Kind::StageColors => json!({
            "type": "object",
            "additionalProperties": kind_schema(Kind::Color),
            "maxProperties": limits::MAX_LIST_ITEMS,
        }),
        Kind::ColorList => one_or_many(kind_schema(Kind::Color), limits::MAX_LIST_ITEMS),
        Kind::FontName => json!({
            "type": "string",
            "pattern": "^[\\p{L}\\p{N} _-]+$",
            "maxLength": MAX_FONT_NAME_CHARS,
        }),
        Kind::Survey => object(SURVEY),
        Kind::Range => {
            json!({ "type": "string", "pattern": r"^\s*-?[0-9]+(\.[0-9]+)?\s*\.\.\s*-?[0-9]+(\.[0-9]+)?\s*$" })
        }
        Kind::Expect => object(EXPECT),
        Kind::Claim => json!({ "type": "string", "pattern": CLAIM_PATTERN }),
        Kind::Metrics => json!({
            "type": "object",
            "additionalProperties": text(),
            "maxProperties": limits::MAX_LIST_ITEMS,
        }),
    }
}

/// The standard stages' ids (and `purchase`), each explained by its name.
fn standard_stage_ids() -> Value {
    let ids: Vec<(&str, &str)> = STANDARD_STAGES
        .iter()
        .copied()
        .chain(STAGE_ALIASES.iter().map(|(alias, _, name)| (*alias, *name)))
        .collect();
    json!({
        "enum": ids.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        "description": "A standard stage; it needs no name.",
        "markdownEnumDescriptions": ids.iter().map(|(_, name)| format!("Standard stage: {name}")).collect::<Vec<_>>(),
    })
}

/// The built-in channels' ids, each explained by its name.
fn builtin_channel_ids() -> Value {
    json!({
        "enum": BuiltinChannel::ALL.iter().map(|c| c.id()).collect::<Vec<_>>(),
        "description": "A built-in channel, with its own icon; it needs no declaration.",
        "markdownEnumDescriptions": BuiltinChannel::ALL.iter().map(|c| format!("Built-in channel: {}", c.name())).collect::<Vec<_>>(),
    })
}

/// A list of items, one item, or a mapping from persona ids to either.
fn items(object_item: Value) -> Value {
    let item = json!({ "anyOf": [text(), object_item] });
    let list = one_or_many(item, limits::MAX_LIST_ITEMS);
    json!({ "anyOf": [list.clone(), id_map(list)] })
}

/// A mapping from ids to `value`; `x-` keys are left alone.
fn id_map(value: Value) -> Value {
    json!({
        "type": "object",
        "propertyNames": id(),
        "patternProperties": { "^x-": {} },
        "additionalProperties": value,
    })
}

/// A mapping of known fields: unknown keys are errors, `x-` keys are allowed.
fn object(fields: &[Field]) -> Value {
    let mut properties = JsonMap::new();
    for f in fields {
        let mut schema = kind_schema(f.kind);
        if let Value::Object(map) = &mut schema {
            map.insert("description".to_owned(), Value::String(f.doc.to_owned()));
            if let Some(default) = f.default {
                map.insert("default".to_owned(), default.json());
            }
        }
        properties.insert(f.name.to_owned(), schema);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "patternProperties": { "^x-": {} },
        "additionalProperties": false,
    })
}

/// A touchpoint of a future state: only its `id` is required, since a change to a
/// current touchpoint gives just the keys it replaces.
fn touchpoint_change() -> Value {
    let mut schema = object(TOUCHPOINT);
    if let Value::Object(map) = &mut schema {
        map.insert("required".to_owned(), json!(["id"]));
    }
    schema
}

/// The JSON Schema (draft 2020-12) of the map format, for yaml-language-server: a
/// whole map, or a future state in a file of its own (`extends:`). The top level
/// lists the keys of both, for completion; `if`/`then`/`else` checks a file as the
/// one or the other.
pub fn json_schema() -> Value {
    let mut extends_file = object(FUTURE);
    let mut extends_key = kind_schema(EXTENDS.kind);
    if let Value::Object(schema) = &mut extends_key {
        schema.insert("description".to_owned(), json!(EXTENDS.doc));
    }
    if let Value::Object(fields) = &mut extends_file
        && let Some(Value::Object(properties)) = fields.get_mut("properties")
    {
        properties.insert(EXTENDS.name.to_owned(), extends_key.clone());
        fields.insert("required".to_owned(), json!([EXTENDS.name]));
    }
    let mut top = object(MAP);
    if let Value::Object(fields) = &mut top {
        fields.remove("required");
        fields.remove("additionalProperties");
        if let Some(Value::Object(properties)) = fields.get_mut("properties") {
            properties.insert(EXTENDS.name.to_owned(), extends_key);
            if let Some(remove) = extends_file["properties"].get("remove") {
                properties.insert("remove".to_owned(), remove.clone());
            }
            if let Some(touchpoints) = properties.get_mut("touchpoints") {
                let changes = extends_file["properties"]["touchpoints"].clone();
                *touchpoints = json!({ "anyOf": [touchpoints.clone(), changes] });
            }
        }
        fields.insert(
            "$schema".to_owned(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        fields.insert(
            "title".to_owned(),
            json!("journeymap map, format version 1"),
        );
        fields.insert(
            "description".to_owned(),
            json!("A customer journey map for journeymap, or the future state of one in a file of its own (`extends:`). Reference: run `journeymap docs format`."),
        );
        fields.insert("if".to_owned(), json!({ "required": [EXTENDS.name] }));
        fields.insert("then".to_owned(), json!({ "$ref": "#/$defs/future_file" }));
        fields.insert("else".to_owned(), json!({ "$ref": "#/$defs/map" }));
        fields.insert(
            "$defs".to_owned(),
            json!({
                "map": object(MAP),
                "future_file": extends_file,
                "persona": object(PERSONA),
                "stage": object(STAGE),
                "channel": object(CHANNEL),
                "touchpoint": object(TOUCHPOINT),
                "touchpoint_change": touchpoint_change(),
                "future": object(FUTURE),
                "item": object(ITEM),
                "opportunity": object(OPPORTUNITY),
                "lane": object(LANE),
                "blueprint_item": object(BLUEPRINT_ITEM),
            }),
        );
    }
    top
}
