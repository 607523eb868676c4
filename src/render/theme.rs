//! The map's colours for light and dark schemes, persona line styles and channel icons.
//!
//! Colours live here once: the SVG uses the light theme directly, the HTML page turns
//! both themes into CSS custom properties, and tests check every text colour against
//! its background for WCAG contrast; [`contrast_warnings`] checks the persona
//! colours a map sets the same way.

use crate::diag::{Diagnostic, Span};
use crate::format::MapDoc;
use crate::model::builtins::BuiltinChannel;
use crate::model::{Color, Map};

/// One colour scheme. Every `*_text` colour is meant to sit on the matching background.
pub struct Theme {
    pub page: &'static str,
    pub surface: &'static str,
    pub card: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub border: &'static str,
    pub rule: &'static str,
    pub stage_tints: [&'static str; 6],
    pub stage_accents: [&'static str; 6],
    pub pain_bg: &'static str,
    pub pain_text: &'static str,
    pub pain_accent: &'static str,
    pub opportunity_bg: &'static str,
    pub opportunity_text: &'static str,
    pub opportunity_accent: &'static str,
    pub thought_bg: &'static str,
    pub thought_border: &'static str,
    pub badge_bg: &'static str,
    pub badge_text: &'static str,
    pub high_band: &'static str,
    pub low_band: &'static str,
    pub neutral: &'static str,
}

pub const LIGHT: Theme = Theme {
    page: "#ffffff",
    surface: "#f8fafc",
    card: "#ffffff",
    text: "#1e293b",
    muted: "#475569",
    border: "#cbd5e1",
    rule: "#e2e8f0",
    stage_tints: [
        "#eef2ff", "#ecfeff", "#f0fdf4", "#fefce8", "#fdf2f8", "#f5f3ff",
    ],
    stage_accents: [
        "#4f46e5", "#0e7490", "#15803d", "#a16207", "#be185d", "#6d28d9",
    ],
    pain_bg: "#fef2f2",
    pain_text: "#7f1d1d",
    pain_accent: "#dc2626",
    opportunity_bg: "#f0fdf4",
    opportunity_text: "#14532d",
    opportunity_accent: "#15803d",
    thought_bg: "#fffbeb",
    thought_border: "#f59e0b",
    badge_bg: "#e2e8f0",
    badge_text: "#334155",
    high_band: "#f0fdf4",
    low_band: "#fef2f2",
    neutral: "#94a3b8",
};

pub const DARK: Theme = Theme {
    page: "#0f172a",
    surface: "#1e293b",
    card: "#111c2e",
    text: "#e2e8f0",
    muted: "#a3b1c6",
    border: "#475569",
    rule: "#1e293b",
    stage_tints: [
        "#1e1b4b", "#083344", "#052e16", "#422006", "#500724", "#2e1065",
    ],
    stage_accents: [
        "#a5b4fc", "#67e8f9", "#86efac", "#fde047", "#f9a8d4", "#c4b5fd",
    ],
    pain_bg: "#450a0a",
    pain_text: "#fecaca",
    pain_accent: "#f87171",
    opportunity_bg: "#052e16",
    opportunity_text: "#bbf7d0",
    opportunity_accent: "#4ade80",
    thought_bg: "#422006",
    thought_border: "#d97706",
    badge_bg: "#334155",
    badge_text: "#e2e8f0",
    high_band: "#0b2a1a",
    low_band: "#2a1010",
    neutral: "#64748b",
};

/// A themed stage's panel tint and header rule in scheme `t`: the tint is the
/// colour mixed into the page until the scheme's text and muted text keep 4.5:1 on
/// it; the rule is the colour itself, lightened on a dark page until it stands out.
pub fn stage_colors(color: &Color, t: &Theme) -> (Color, Color) {
    let parse = |hex: &str| Color::parse(hex).unwrap_or_else(|| Color::from_rgb([0, 0, 0]));
    let (page, text, muted) = (parse(t.page), parse(t.text), parse(t.muted));
    let mut amount = 0.85;
    let mut tint = color.mix(&page, amount);
    while (tint.contrast(&text) < 4.5 || tint.contrast(&muted) < 4.5) && amount < 1.0 {
        amount += 0.01;
        tint = color.mix(&page, amount.min(1.0));
    }
    let white = Color::from_rgb([255, 255, 255]);
    let mut rule = color.clone();
    let mut lighten = 0.0;
    while page.luminance() < 0.5 && rule.contrast(&page) < 4.5 && lighten < 1.0 {
        lighten += 0.1;
        rule = color.mix(&white, lighten);
    }
    (tint, rule)
}

/// Dash patterns of persona lines, by persona style index (cycled).
pub const DASHES: [&str; 6] = ["", "9 5", "2 5", "14 5 3 5", "5 5", "14 8"];

/// The dash of a persona's line: empty for solid.
pub fn dash(style: usize) -> &'static str {
    DASHES[style % DASHES.len()]
}

/// Icon strokes for a channel, in a 16×16 box. Built-in channels have their own;
/// other channels get a plain dot.
pub fn channel_icon(channel: Option<BuiltinChannel>) -> &'static str {
    use BuiltinChannel as C;
    match channel {
        Some(C::Web) => {
            "M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M1.5 8h13M8 1.5c-3 3.5-3 9.5 0 13M8 1.5c3 3.5 3 9.5 0 13"
        }
        Some(C::Mobile) => {
            "M5 1.5h6a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1v-11a1 1 0 0 1 1-1M7 12.5h2"
        }
        Some(C::App) => "M2 2h5v5H2zM9 2h5v5H9zM2 9h5v5H2zM9 9h5v5H9z",
        Some(C::Email | C::Mail) => "M1.5 3.5h13v9h-13zM1.5 3.5l6.5 5l6.5-5",
        Some(C::Social) => {
            "M4 8a2 2 0 1 0 0 .01M12 4a2 2 0 1 0 0 .01M12 12a2 2 0 1 0 0 .01M5.8 7l4.4-2M5.8 9l4.4 2"
        }
        Some(C::Chat) => "M2 3h12v8H7l-3 3v-3H2z",
        Some(C::Sms) => "M2 3h12v8H7l-3 3v-3H2zM5.5 7h.01M8 7h.01M10.5 7h.01",
        Some(C::Phone) => {
            "M4 1.5l2.5 3l-1.5 1.5c.8 1.8 2.2 3.2 4 4l1.5-1.5l3 2.5l-1.5 2.5c-5 0-10-5-10-10z"
        }
        Some(C::Store) => "M2 6.5l1.5-4h9l1.5 4zM3 6.5v7h10v-7M6.5 13.5v-4h3v4",
        Some(C::Event) => "M2 3.5h12v10H2zM2 6.5h12M5 1.5v3M11 1.5v3",
        Some(C::Print) => "M3.5 1.5h6l3 3v10h-9zM5.5 7h5M5.5 9.5h5M5.5 12h3",
        Some(C::Tv) => "M1.5 3h13v8.5h-13zM5 14.5h6M8 11.5v3",
        Some(C::Radio) => {
            "M1.5 5.5h13v8h-13zM4 5.5l8-4M5.5 9.5a1.5 1.5 0 1 0 0 .01M10 8h2.5M10 10.5h2.5"
        }
        Some(C::Ads) => "M2 6v4h3l6 3.5v-11L5 6zM13 6.5v3",
        Some(C::Support) => {
            "M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M8 5a3 3 0 1 0 0 6a3 3 0 1 0 0-6M3.4 3.4l2.5 2.5M12.6 3.4l-2.5 2.5M3.4 12.6l2.5-2.5M12.6 12.6l-2.5-2.5"
        }
        Some(C::Partner) => {
            "M6 4.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M10 4.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7"
        }
        Some(C::InPerson) => {
            "M8 1.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5M3 14.5c0-3.5 2.2-5.5 5-5.5s5 2 5 5.5"
        }
        None => "M8 5a3 3 0 1 0 0 6a3 3 0 1 0 0-6",
    }
}

/// Least contrast a persona's colour must have with every background its curve is
/// drawn on (WCAG's 4.5:1, as for text: the curve is read like text).
pub const MIN_PERSONA_CONTRAST: f64 = 4.5;

/// How the warnings name the curve's backgrounds.
const CURVE: &str = "the curve's background";

/// Warnings for colours the map's file sets that fail [`MIN_PERSONA_CONTRAST`]
/// against a light-scheme background they are drawn on, at the colour's line and
/// column, with a darker shade of the same colour that passes: persona colours and
/// the theme's persona palette against the curve's lane and its high and low
/// bands, the theme's stage colours (the stage's header rule) against the page and
/// the stage band. The built-in palette is not checked here: its lines also differ
/// by dash and marker.
pub fn contrast_warnings(map: &Map, doc: &MapDoc) -> Vec<Diagnostic> {
    let curve: Vec<Color> = [LIGHT.surface, LIGHT.high_band, LIGHT.low_band]
        .into_iter()
        .filter_map(Color::parse)
        .collect();
    let stage: Vec<Color> = [LIGHT.page, LIGHT.surface]
        .into_iter()
        .filter_map(Color::parse)
        .collect();
    let mut warnings = Vec::new();
    for written in &doc.personas {
        let (Some(span), Some(persona)) = (
            written.color.as_ref().map(|c| c.span),
            map.persona_by_key(&written.id.value),
        ) else {
            continue;
        };
        let what = format!("the colour of persona `{}`", written.id.value);
        let why = "its line and faces are hard to see";
        let color = &map.persona(persona).color;
        warnings.extend(low_contrast(color, (&curve, CURVE), span, &what, why));
    }
    let Some(theme) = &doc.theme else {
        return warnings;
    };
    for written in &theme.personas {
        if let Some(color) = Color::parse(&written.value) {
            let what = format!("the theme's persona colour `{}`", written.value);
            let why = "the lines drawn in it are hard to see";
            warnings.extend(low_contrast(
                &color,
                (&curve, CURVE),
                written.span,
                &what,
                why,
            ));
        }
    }
    for (id, written) in &theme.stages {
        if let Some(color) = Color::parse(&written.value) {
            let what = format!("the theme's colour of stage `{}`", id.value);
            let why = "the stage's header rule is hard to see";
            let against = (&stage[..], "the stage's background");
            warnings.extend(low_contrast(&color, against, written.span, &what, why));
        }
    }
    warnings
}

/// A `low-contrast` warning at `span` when `color` has less than
/// [`MIN_PERSONA_CONTRAST`] with one of `backgrounds` (named `against`); `what` says
/// whose colour it is. The hint is the same hue darkened until it passes on all of them.
fn low_contrast(
    color: &Color,
    (backgrounds, against): (&[Color], &str),
    span: Span,
    what: &str,
    why: &str,
) -> Option<Diagnostic> {
    let black = Color::from_rgb([0, 0, 0]);
    let worst = |c: &Color| {
        backgrounds
            .iter()
            .map(|b| (c.contrast(b), b))
            .min_by(|a, b| a.0.total_cmp(&b.0))
    };
    let (contrast, background) = worst(color)?;
    if contrast >= MIN_PERSONA_CONTRAST {
        return None;
    }
    // The same hue, darkened in steps until it passes everywhere.
    let mut darker = color.clone();
    let mut amount = 0.0;
    while worst(&darker).is_some_and(|(c, _)| c < MIN_PERSONA_CONTRAST) && amount < 1.0 {
        amount += 0.05;
        darker = color.mix(&black, amount);
    }
    Some(
        Diagnostic::warning(
            "low-contrast",
            format!(
                "{what} has {contrast:.1}:1 contrast with {against} {}; {why}",
                background.hex
            ),
        )
        .at(span)
        .with_label(format!("needs {MIN_PERSONA_CONTRAST}:1"))
        .with_hint(format!(
            "use a darker colour, such as \"{}\" (the same hue, {:.1}:1)",
            darker.hex,
            worst(&darker).map_or(0.0, |(c, _)| c)
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Color;

    fn contrast(a: &str, b: &str) -> f64 {
        match (Color::parse(a), Color::parse(b)) {
            (Some(a), Some(b)) => a.contrast(&b),
            _ => 0.0,
        }
    }

    #[test]
    fn every_text_colour_has_4_5_to_1_contrast_in_both_schemes() {
        for (name, t) in [("light", &LIGHT), ("dark", &DARK)] {
            let mut pairs = vec![
                ("text/page", t.text, t.page),
                ("text/surface", t.text, t.surface),
                ("text/card", t.text, t.card),
                ("muted/page", t.muted, t.page),
                ("muted/surface", t.muted, t.surface),
                ("muted/card", t.muted, t.card),
                ("pain", t.pain_text, t.pain_bg),
                ("opportunity", t.opportunity_text, t.opportunity_bg),
                ("thought", t.text, t.thought_bg),
                ("badge", t.badge_text, t.badge_bg),
                ("text/high band", t.muted, t.high_band),
                ("text/low band", t.muted, t.low_band),
            ];
            for tint in t.stage_tints {
                pairs.push(("text/stage", t.text, tint));
                pairs.push(("muted/stage", t.muted, tint));
            }
            for (what, fg, bg) in pairs {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{name} {what}: {fg} on {bg} is {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn every_builtin_channel_has_its_own_icon() {
        let icons: std::collections::BTreeSet<&str> = BuiltinChannel::ALL
            .iter()
            .filter(|c| **c != BuiltinChannel::Mail)
            .map(|c| channel_icon(Some(*c)))
            .collect();
        assert_eq!(icons.len(), BuiltinChannel::ALL.len() - 1);
    }
}
