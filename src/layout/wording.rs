//! The words a map adds around what its author wrote: quotes around a thought,
//! "Goal:", metric names, "Owner", the legend's labels, the blueprint's lines.
//!
//! Layout needs the final strings to measure them, and the HTML page must say the
//! same as the picture, so both take their wording from here: the SVG through the
//! lines layout wrapped, the page through `render::html`.

use crate::model::{LaneRole, Map, PersonaId, Touchpoint};

/// Heading of the owner in a metrics card.
pub const OWNER: &str = "Owner";
/// Headings of a persona card's lists.
pub const GOALS: &str = "Goals";
pub const FRUSTRATIONS: &str = "Frustrations";
/// What a screen reader hears before a pain point or an opportunity on the page.
pub const PAIN_POINT_PREFIX: &str = "Pain point: ";
pub const OPPORTUNITY_PREFIX: &str = "Opportunity: ";

/// The legend's heading and the names of its marks.
pub const LEGEND_TITLE: &str = "How to read the emotion curve";
pub const LOW: &str = "Low";
pub const NEUTRAL: &str = "Neutral";
pub const HIGH: &str = "High";
pub const LOWEST_POINT: &str = "Lowest point";
pub const STEEPEST_FALL: &str = "Steepest fall";

/// The marks on a blueprint item: a symbol and these words, never colour alone.
pub const FAIL_POINT: &str = "Fail point";
pub const WAIT: &str = "Wait";

/// A blueprint lane's role as its label shows it.
pub fn lane_role(role: LaneRole) -> &'static str {
    match role {
        LaneRole::PhysicalEvidence => "Physical evidence",
        LaneRole::Frontstage => "Frontstage",
        LaneRole::Backstage => "Backstage",
        LaneRole::Support => "Support processes",
    }
}

/// The name of the blueprint's line drawn above the first lane of `role`: the
/// line of interaction above the organisation's first lane, of visibility above
/// what the customer cannot see, of internal interaction above support.
pub fn blueprint_line(role: LaneRole) -> Option<&'static str> {
    match role {
        LaneRole::PhysicalEvidence => None,
        LaneRole::Frontstage => Some("Line of interaction"),
        LaneRole::Backstage => Some("Line of visibility"),
        LaneRole::Support => Some("Line of internal interaction"),
    }
}

/// Most persona names listed in a touchpoint's audience note; past this it counts
/// them, so a map of many personas does not repeat every name on every card.
pub const MAX_AUDIENCE_NAMES: usize = 3;

/// "Only Maya Chen, Tom Berger" when a touchpoint is not for every persona, "Only 4
/// of 9 personas" when more than [`MAX_AUDIENCE_NAMES`] are on it, "No persona"
/// when none is; nothing when all are (or the map names no personas).
pub fn audience(map: &Map, touchpoint: &Touchpoint) -> Option<String> {
    let on = touchpoint.personas.len();
    if map.implicit_persona || on >= map.personas.len() {
        return None;
    }
    Some(match on {
        0 => "No persona".to_owned(),
        1..=MAX_AUDIENCE_NAMES => {
            let names: Vec<&str> = touchpoint
                .personas
                .iter()
                .map(|p| map.persona(*p).name.as_str())
                .collect();
            format!("Only {}", names.join(", "))
        }
        _ => format!("Only {on} of {} personas", map.personas.len()),
    })
}

/// Whose an item is, as its card says under it: "Priya Raman", "Priya Raman,
/// George Whitfield", or "4 personas" past [`MAX_AUDIENCE_NAMES`].
pub fn whose(map: &Map, personas: &[PersonaId]) -> String {
    if personas.len() > MAX_AUDIENCE_NAMES {
        return format!("{} personas", personas.len());
    }
    let names: Vec<&str> = personas
        .iter()
        .map(|p| map.persona(*p).name.as_str())
        .collect();
    names.join(", ")
}

/// `text` cut to at most `max_chars` characters, ending in "…" when cut: for
/// places that repeat an author's text, such as a curve point's tooltip, which
/// must stay short to be read and must not multiply a long text by every score.
pub fn excerpt(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => std::borrow::Cow::Borrowed(text),
        Some(_) => {
            let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
            std::borrow::Cow::Owned(format!("{}…", kept.trim_end()))
        }
    }
}

/// A curve point's tooltip: "Compares models — Maya Chen: 2 — “first thought”",
/// each part cut to a readable length.
pub fn point_tip(touchpoint: &str, persona: &str, score: &str, thought: Option<&str>) -> String {
    let mut tip = format!(
        "{} — {}: {score}",
        excerpt(touchpoint, 80),
        excerpt(persona, 40)
    );
    if let Some(thought) = thought {
        tip.push_str(" — ");
        tip.push_str(&quoted(&excerpt(thought, 120)));
    }
    tip
}

/// A persona's quote or a thought, in typographic quotes.
pub fn quoted(text: &str) -> String {
    format!("“{text}”")
}

/// A stage's goal as its header shows it.
pub fn goal(goal: &str) -> String {
    labelled("Goal", goal)
}

/// A metric's name as shown: `first_response` reads "first response".
pub fn metric_name(key: &str) -> String {
    key.replace('_', " ")
}

/// One "label: value" line, as the picture shows a metric or the owner.
pub fn labelled(label: &str, value: &str) -> String {
    format!("{label}: {value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_long_text_only() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("exactly10!", 10), "exactly10!");
        assert_eq!(excerpt("a long sentence here", 8), "a long…");
        assert_eq!(excerpt("日本語のテキスト", 4), "日本語…");
    }

    #[test]
    fn tips_stay_short_whatever_the_text() {
        let long = "w".repeat(2000);
        let tip = point_tip(&long, &long, "3", Some(&long));
        assert!(tip.chars().count() < 260, "{}", tip.chars().count());
        assert_eq!(
            point_tip("Compares", "Maya", "2", Some("Too many tabs")),
            "Compares — Maya: 2 — “Too many tabs”"
        );
    }
}
