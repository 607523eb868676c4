//! The words journeymap adds around an author's text ("Pain points", "How to read
//! the emotion curve", "Only Priya", the standard stages' names), in every language
//! it ships, chosen by the map's `lang` and overridden by its `labels:`.
//!
//! The translations are data: one file per language in `assets/i18n/`, `name = text`
//! a line, compiled into the binary. A leaf module: the model resolves a map's
//! [`Labels`] (and reports unknown label names), layout and render only read them.

use std::borrow::Cow;

macro_rules! labels {
    ($($variant:ident => $name:literal,)*) => {
        /// One word or phrase the outputs add; its name is the key a map's
        /// `labels:` uses and the name in `assets/i18n/*.txt`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Label { $($variant),* }

        impl Label {
            pub const ALL: &[Label] = &[$(Label::$variant),*];
            pub fn name(self) -> &'static str {
                match self { $(Label::$variant => $name),* }
            }
            pub fn from_name(name: &str) -> Option<Label> {
                match name { $($name => Some(Label::$variant),)* _ => None }
            }
        }
    };
}

labels! {
    Touchpoints => "touchpoints",
    Actions => "actions",
    Thoughts => "thoughts",
    Emotions => "emotions",
    PainPoints => "pain_points",
    Opportunities => "opportunities",
    Metrics => "metrics",
    Owner => "owner",
    Goal => "goal",
    Goals => "goals",
    Frustrations => "frustrations",
    PainPoint => "pain_point",
    Opportunity => "opportunity",
    Only => "only",
    OnlyCount => "only_count",
    NoPersona => "no_persona",
    LegendTitle => "legend_title",
    Low => "low",
    Neutral => "neutral",
    High => "high",
    LowestPoint => "lowest_point",
    SteepestFall => "steepest_fall",
    LegendHint => "legend_hint",
    PersonaToggles => "persona_toggles",
    Personas => "personas",
    JourneyMap => "journey_map",
    Stages => "stages",
    EmotionCurve => "emotion_curve",
    ScoresTable => "scores_table",
    ScoresIntro => "scores_intro",
    Stage => "stage",
    Touchpoint => "touchpoint",
    Summary => "summary",
    Scenario => "scenario",
    Quote => "quote",
    Continued => "continued",
    PageOf => "page_of",
    PageLens => "page_lens",
    PageLegend => "page_legend",
    PageStages => "page_stages",
    PageTouchpoints => "page_touchpoints",
    PageLanes => "page_lanes",
    Reviewed => "reviewed",
    Backing => "backing",
    ScoresOne => "scores_one",
    ScoresMany => "scores_many",
    SurveyResponsesOne => "survey_responses_one",
    SurveyResponsesMany => "survey_responses_many",
    InterviewsOne => "interviews_one",
    InterviewsMany => "interviews_many",
    TooFew => "too_few",
    Conversion => "conversion",
    ConversionValue => "conversion_value",
    DropOff => "drop_off",
    MedianTime => "median_time",
    StageAwareness => "stage_awareness",
    StageConsideration => "stage_consideration",
    StageDecision => "stage_decision",
    StagePurchase => "stage_purchase",
    StageRetention => "stage_retention",
    StageAdvocacy => "stage_advocacy",
    ChannelWeb => "channel_web",
    ChannelMobile => "channel_mobile",
    ChannelApp => "channel_app",
    ChannelEmail => "channel_email",
    ChannelSocial => "channel_social",
    ChannelChat => "channel_chat",
    ChannelPhone => "channel_phone",
    ChannelSms => "channel_sms",
    ChannelStore => "channel_store",
    ChannelEvent => "channel_event",
    ChannelPrint => "channel_print",
    ChannelTv => "channel_tv",
    ChannelRadio => "channel_radio",
    ChannelAds => "channel_ads",
    ChannelSupport => "channel_support",
    ChannelPartner => "channel_partner",
    ChannelMail => "channel_mail",
    ChannelInPerson => "channel_in_person",
    PersonasCount => "personas_count",
    FailPoint => "fail_point",
    Wait => "wait",
    RolePhysicalEvidence => "role_physical_evidence",
    RoleFrontstage => "role_frontstage",
    RoleBackstage => "role_backstage",
    RoleSupport => "role_support",
    LineOfInteraction => "line_of_interaction",
    LineOfVisibility => "line_of_visibility",
    LineOfInternalInteraction => "line_of_internal_interaction",
    Flow => "flow",
    FlowMore => "flow_more",
    FlowLoopBack => "flow_loop_back",
    FlowLoopsBack => "flow_loops_back",
    FlowAdded => "flow_added",
    FlowRemoved => "flow_removed",
    FlowHint => "flow_hint",
    FutureAdded => "future_added",
    FutureRemoved => "future_removed",
    StatesKey => "states_key",
    AssumedKey => "assumed_key",
    IntervalKey => "interval_key",
    ResponsesKey => "responses_key",
    TooFewKey => "too_few_key",
    Evidence => "evidence",
    DetailLink => "detail_link",
    AllMaps => "all_maps",
    AlsoAs => "also_as",
    SiteNav => "site_nav",
}

impl Label {
    /// The label naming a standard stage (`awareness`, `purchase`) by its id.
    pub fn for_standard_stage(id: &str) -> Option<Label> {
        Label::from_name(&format!("stage_{id}"))
    }

    /// The label naming a built-in channel (`web`, `in-person`) by its id.
    pub fn for_builtin_channel(id: &str) -> Option<Label> {
        Label::from_name(&format!("channel_{}", id.replace('-', "_")))
    }
}

/// The shipped languages: primary language subtag and its file. English first: it
/// is the fallback for every label and every language.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../assets/i18n/en.txt")),
    ("de", include_str!("../assets/i18n/de.txt")),
    ("fr", include_str!("../assets/i18n/fr.txt")),
    ("es", include_str!("../assets/i18n/es.txt")),
    ("pt", include_str!("../assets/i18n/pt.txt")),
    ("ja", include_str!("../assets/i18n/ja.txt")),
    ("zh", include_str!("../assets/i18n/zh.txt")),
    ("ar", include_str!("../assets/i18n/ar.txt")),
];

/// Languages written right to left, by primary subtag.
const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug"];

/// The `name = text` lines of a language file, skipping blank lines and `#` comments.
pub fn entries(file: &str) -> impl Iterator<Item = (&str, &str)> {
    file.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.split_once('='))
        .map(|(name, text)| (name.trim(), text.trim()))
}

/// The primary language subtag of a BCP 47 tag, lowercased: `pt-BR` -> `pt`.
fn primary(tag: &str) -> String {
    tag.split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Whether a language is written right to left (`ar`, `he`, `fa`, ...).
pub fn is_right_to_left(tag: &str) -> bool {
    RIGHT_TO_LEFT.contains(&primary(tag).as_str())
}

/// Every label's text for one map.
#[derive(Clone, Debug, PartialEq)]
pub struct Labels {
    texts: Vec<Cow<'static, str>>,
}

impl Default for Labels {
    fn default() -> Self {
        Labels::english()
    }
}

impl Labels {
    pub fn english() -> Labels {
        let mut texts: Vec<Cow<'static, str>> = vec![Cow::Borrowed(""); Label::ALL.len()];
        for (name, text) in entries(LANGUAGES[0].1) {
            if let Some(label) = Label::from_name(name) {
                texts[label as usize] = Cow::Borrowed(text);
            }
        }
        Labels { texts }
    }

    /// The labels of the language `tag` names, by its primary subtag (`pt-BR` gets
    /// Portuguese, `zh-Hant` Chinese), or `None` when journeymap has no translation.
    pub fn for_language(tag: &str) -> Option<Labels> {
        let wanted = primary(tag);
        let (_, file) = LANGUAGES.iter().find(|(code, _)| *code == wanted)?;
        let mut labels = Labels::english();
        for (name, text) in entries(file) {
            if let Some(label) = Label::from_name(name) {
                labels.texts[label as usize] = Cow::Borrowed(text);
            }
        }
        Some(labels)
    }

    pub fn get(&self, label: Label) -> &str {
        &self.texts[label as usize]
    }

    /// Replaces one label's text, as a map's `labels:` does.
    pub fn set(&mut self, label: Label, text: String) {
        self.texts[label as usize] = Cow::Owned(text);
    }

    /// The label with its placeholders filled in, in one pass over the label (a
    /// value that contains `{personas}` is not filled again), each placeholder once:
    /// an author's label that repeats `{names}` a thousand times does not multiply
    /// the names.
    pub fn fill(&self, label: Label, values: &[(&str, &str)]) -> String {
        let template = self.get(label);
        let mut filled = vec![false; values.len()];
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let found = after.find('}').and_then(|close| {
                let i = values
                    .iter()
                    .position(|(name, _)| *name == &after[..close])?;
                Some((i, close))
            });
            match found {
                Some((i, close)) if !filled[i] => {
                    filled[i] = true;
                    out.push_str(values[i].1);
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The codes of the shipped languages, for messages: `ar, de, en, ...`.
pub fn language_codes() -> String {
    let mut codes: Vec<&str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
    codes.sort_unstable();
    codes.join(", ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The placeholders a text uses, in order: `{names}` -> `names`.
    fn placeholders(text: &str) -> Vec<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_language_defines_every_label_once_with_the_same_placeholders() {
        let english: Vec<(&str, &str)> = entries(LANGUAGES[0].1).collect();
        for (code, file) in LANGUAGES {
            let found: Vec<(&str, &str)> = entries(file).collect();
            for (name, _) in &found {
                assert!(
                    Label::from_name(name).is_some(),
                    "{code}: unknown label `{name}`"
                );
            }
            for label in Label::ALL {
                let texts: Vec<&str> = found
                    .iter()
                    .filter(|(name, _)| *name == label.name())
                    .map(|(_, text)| *text)
                    .collect();
                assert_eq!(
                    texts.len(),
                    1,
                    "{code}: `{}` defined {} times",
                    label.name(),
                    texts.len()
                );
                assert!(!texts[0].is_empty(), "{code}: `{}` is empty", label.name());
                let (_, english_text) = english.iter().find(|(n, _)| *n == label.name()).unwrap();
                let mut theirs = placeholders(texts[0]);
                let mut ours = placeholders(english_text);
                theirs.sort_unstable();
                ours.sort_unstable();
                assert_eq!(theirs, ours, "{code}: placeholders of `{}`", label.name());
            }
        }
    }

    #[test]
    fn languages_fall_back_by_primary_subtag_and_not_otherwise() {
        let brazilian = Labels::for_language("pt-BR").unwrap();
        assert_eq!(brazilian.get(Label::PainPoints), "Pontos de dor");
        assert_eq!(
            Labels::for_language("ZH-Hant")
                .unwrap()
                .get(Label::PainPoints),
            "痛点"
        );
        assert!(Labels::for_language("ko").is_none());
        assert!(Labels::for_language("english").is_none());
        assert!(is_right_to_left("ar-EG") && is_right_to_left("he"));
        assert!(!is_right_to_left("de") && !is_right_to_left("ja"));
    }

    #[test]
    fn placeholders_are_filled_once() {
        let mut labels = Labels::english();
        assert_eq!(
            labels.fill(Label::Only, &[("names", "Priya")]),
            "Only Priya"
        );
        labels.set(Label::Only, "{names}{names} {names} {x} {".to_owned());
        assert_eq!(
            labels.fill(Label::Only, &[("names", "P")]),
            "P{names} {names} {x} {"
        );
        let summary = labels.fill(
            Label::Summary,
            &[
                ("count", "2"),
                ("stages", "{personas}"),
                ("personas", "Ana"),
            ],
        );
        assert_eq!(
            summary,
            "Customer journey map with 2 touchpoints across the stages {personas}, for Ana."
        );
    }
}
