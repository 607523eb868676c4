//! The words a map adds around what its author wrote: quotes around a thought,
//! "Goal:", metric names, "Owner", the legend's labels, the blueprint's lines.
//!
//! Layout needs the final strings to measure them, and the HTML page must say the
//! same as the picture, so both take their wording from here: the SVG through the
//! lines layout wrapped, the page through `render::html`.

use crate::model::{Backing, Evidence, FunnelStep, LaneRole, Map, PersonaId, Touchpoint};
use crate::number::{one_decimal, thousands};

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

/// The line under the title of a map with an owner or a review date:
/// "Owner: Checkout squad · Reviewed 2026-10-14".
pub fn about(map: &Map) -> Option<String> {
    let owner = map.owner.as_deref().map(|o| labelled(OWNER, o));
    let reviewed = map.reviewed.map(|d| format!("Reviewed {d}"));
    match (owner, reviewed) {
        (Some(o), Some(r)) => Some(format!("{o} · {r}")),
        (o, r) => o.or(r),
    }
}

/// "12 of 15 scores backed by data (420 survey responses, 9 interviews)".
pub fn backing(backing: &Backing) -> String {
    let mut sources = Vec::new();
    if backing.responses > 0 {
        sources.push(plural(backing.responses, "survey response"));
    }
    if backing.interviews > 0 {
        sources.push(plural(backing.interviews as u64, "interview"));
    }
    let mut line = format!(
        "{} of {} backed by data",
        backing.backed,
        plural(backing.scores as u64, "score")
    );
    if !sources.is_empty() {
        line.push_str(&format!(" ({})", sources.join(", ")));
    }
    line
}

fn plural(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// A survey point's count, shown under it: "n=212".
pub fn responses(n: u64) -> String {
    format!("n={}", thousands(n))
}

/// Where a persona's survey responses are too few for a score: "too few (n=3)".
pub fn too_few(n: u64) -> String {
    format!("too few (n={n})")
}

/// The legend's names of a backed and an assumed stretch of the curve.
pub const BACKED: &str = "Backed by data";
pub const ASSUMED: &str = "Assumption";

/// A funnel step as "name: value" lines for the metrics card.
pub fn funnel(step: &FunnelStep) -> Vec<(String, String)> {
    let conversion = step.conversion();
    let mut lines = vec![
        (
            "Conversion".to_owned(),
            format!(
                "{}% ({} of {})",
                one_decimal(conversion),
                thousands(step.completed),
                thousands(step.entered)
            ),
        ),
        (
            "Drop-off".to_owned(),
            format!("{}%", one_decimal(100.0 - conversion)),
        ),
    ];
    if let Some(seconds) = step.median_seconds {
        lines.push(("Median time".to_owned(), duration(seconds)));
    }
    lines
}

/// 95 as "1 min 35 s", 20 as "20 s".
fn duration(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    match (whole / 60, whole % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// A piece of evidence as a card shows it: the quote, then its kind, source and
/// date (never who said it).
pub fn evidence(e: &Evidence) -> (String, String) {
    let mut about = vec![e.kind.to_owned()];
    if !e.source.is_empty() {
        about.push(e.source.clone());
    }
    if let Some(date) = e.date {
        about.push(date.to_string());
    }
    (quoted(&e.quote), format!("— {}", about.join(", ")))
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
