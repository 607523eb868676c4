//! The words a map adds around what its author wrote: quotes around a thought,
//! "Goal:", metric names, "Only Maya", tooltips, the blueprint's
//! lines and marks. The words themselves, in the
//! map's language, are [`crate::i18n`]'s labels, which the map carries.
//!
//! Layout needs the final strings to measure them, and the HTML page must say the
//! same as the picture, so both take their wording from here: the SVG through the
//! lines layout wrapped, the page through `render::html`.

use crate::i18n::{Label, Labels};
use crate::model::{Backing, Evidence, FunnelStep, LaneRole, Map, PersonaId, Touchpoint};
use crate::number::{one_decimal, thousands};

/// A flow arrow's tooltip: "Compares models → Buys on her laptop: Maya Chen", names
/// cut short, with the personas who take this arm of a branch; "(loops back; + New
/// in the future state)" after the names when it loops back or the future state
/// adds or removes it.
pub fn flow_tip(
    labels: &Labels,
    from: &str,
    to: &str,
    loops_back: bool,
    change: crate::model::future::Change,
    takers: &[&str],
) -> String {
    let notes: Vec<&str> = [
        loops_back.then(|| labels.get(Label::FlowLoopsBack)),
        change_mark(labels, change),
    ]
    .into_iter()
    .flatten()
    .collect();
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    let mut tip = format!("{} → {}{notes}", excerpt(from, 80), excerpt(to, 80));
    if !takers.is_empty() {
        let names: Vec<std::borrow::Cow<str>> = takers
            .iter()
            .take(MAX_AUDIENCE_NAMES)
            .map(|n| excerpt(n, 40))
            .collect();
        tip.push_str(": ");
        tip.push_str(&names.join(", "));
        if takers.len() > MAX_AUDIENCE_NAMES {
            tip.push_str(&format!(" +{}", takers.len() - MAX_AUDIENCE_NAMES));
        }
    }
    tip
}

/// The flow strip's note when edges were left out: "12 more not drawn".
pub fn more_flow_edges(labels: &Labels, count: usize) -> String {
    labels.fill(Label::FlowMore, &[("count", &count.to_string())])
}

/// A touchpoint card's mark in a map drawn with its future state.
pub fn change_mark(labels: &Labels, change: crate::model::future::Change) -> Option<&str> {
    use crate::model::future::Change;
    match change {
        Change::Kept => None,
        Change::Added => Some(labels.get(Label::FutureAdded)),
        Change::Removed => Some(labels.get(Label::FutureRemoved)),
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
    let labels = &map.labels;
    Some(match on {
        0 => labels.get(Label::NoPersona).to_owned(),
        1..=MAX_AUDIENCE_NAMES => {
            let names: Vec<&str> = touchpoint
                .personas
                .iter()
                .map(|p| map.persona(*p).name.as_str())
                .collect();
            labels.fill(Label::Only, &[("names", &names.join(", "))])
        }
        _ => labels.fill(
            Label::OnlyCount,
            &[
                ("count", &on.to_string()),
                ("total", &map.personas.len().to_string()),
            ],
        ),
    })
}

/// Whose an item is, as its card says under it: "Priya Raman", "Priya Raman,
/// George Whitfield", or "4 personas" past [`MAX_AUDIENCE_NAMES`].
pub fn whose(map: &Map, personas: &[PersonaId]) -> String {
    if personas.len() > MAX_AUDIENCE_NAMES {
        let count = personas.len().to_string();
        return map.labels.fill(Label::PersonasCount, &[("count", &count)]);
    }
    let names: Vec<&str> = personas
        .iter()
        .map(|p| map.persona(*p).name.as_str())
        .collect();
    names.join(", ")
}

/// A blueprint lane's role as its label shows it: "Backstage".
pub fn lane_role(labels: &Labels, role: LaneRole) -> &str {
    labels.get(match role {
        LaneRole::PhysicalEvidence => Label::RolePhysicalEvidence,
        LaneRole::Frontstage => Label::RoleFrontstage,
        LaneRole::Backstage => Label::RoleBackstage,
        LaneRole::Support => Label::RoleSupport,
    })
}

/// The name of the blueprint's line drawn above the first lane of `role`: the
/// line of interaction above the organisation's first lane, of visibility above
/// what the customer cannot see, of internal interaction above support.
pub fn blueprint_line(labels: &Labels, role: LaneRole) -> Option<&str> {
    let label = match role {
        LaneRole::PhysicalEvidence => return None,
        LaneRole::Frontstage => Label::LineOfInteraction,
        LaneRole::Backstage => Label::LineOfVisibility,
        LaneRole::Support => Label::LineOfInternalInteraction,
    };
    Some(labels.get(label))
}

/// The words beside a blueprint item's wait mark: "Wait: 2 days".
pub fn wait(labels: &Labels, wait: &str) -> String {
    labelled(labels.get(Label::Wait), wait)
}

/// "Emotion scores from 1 (low) to 5 (high)": what the scores of a map's curve mean.
pub fn scores_intro(map: &Map) -> String {
    map.labels.fill(
        Label::ScoresIntro,
        &[
            ("min", &crate::number::num(map.scale.min)),
            ("max", &crate::number::num(map.scale.max)),
        ],
    )
}

/// What a screen reader hears before a pain point or an opportunity on the page:
/// "Pain point: ".
pub fn spoken_prefix(labels: &Labels, label: Label) -> String {
    format!("{}: ", labels.get(label))
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
pub fn point_tip(
    labels: &Labels,
    touchpoint: &str,
    persona: &str,
    score: &str,
    thought: Option<&str>,
) -> String {
    let mut tip = format!(
        "{} — {}: {score}",
        excerpt(touchpoint, 80),
        excerpt(persona, 40)
    );
    if let Some(thought) = thought {
        tip.push_str(" — ");
        tip.push_str(&quoted(labels, &excerpt(thought, 120)));
    }
    tip
}

/// A persona's quote or a thought, in the quotation marks of the map's language.
pub fn quoted(labels: &Labels, text: &str) -> String {
    labels.fill(Label::Quote, &[("text", text)])
}

/// A stage's goal as its header shows it.
pub fn goal(labels: &Labels, goal: &str) -> String {
    labelled(labels.get(Label::Goal), goal)
}

/// A stage's name in its header on a printed page that continues it from the page
/// before.
pub fn continued(labels: &Labels, stage_name: &str) -> String {
    labels.fill(Label::Continued, &[("name", stage_name)])
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
    let owner = map
        .owner
        .as_deref()
        .map(|o| labelled(map.labels.get(Label::Owner), o));
    let reviewed = map.reviewed.map(|d| {
        map.labels
            .fill(Label::Reviewed, &[("date", &d.to_string())])
    });
    match (owner, reviewed) {
        (Some(o), Some(r)) => Some(format!("{o} · {r}")),
        (o, r) => o.or(r),
    }
}

/// "12 of 15 scores backed by data (420 survey responses, 9 interviews)".
pub fn backing(labels: &Labels, backing: &Backing) -> String {
    let mut sources = Vec::new();
    if backing.responses > 0 {
        sources.push(plural(
            labels,
            backing.responses,
            [Label::SurveyResponsesOne, Label::SurveyResponsesMany],
        ));
    }
    if backing.interviews > 0 {
        sources.push(plural(
            labels,
            backing.interviews as u64,
            [Label::InterviewsOne, Label::InterviewsMany],
        ));
    }
    let scores = plural(
        labels,
        backing.scores as u64,
        [Label::ScoresOne, Label::ScoresMany],
    );
    let mut line = labels.fill(
        Label::Backing,
        &[("backed", &backing.backed.to_string()), ("scores", &scores)],
    );
    if !sources.is_empty() {
        line.push_str(&format!(" ({})", sources.join(", ")));
    }
    line
}

/// A count with its noun, from the label for one or the label for more.
fn plural(labels: &Labels, n: u64, [one, many]: [Label; 2]) -> String {
    let label = if n == 1 { one } else { many };
    labels.fill(label, &[("count", &thousands(n))])
}

/// A survey point's count, shown under it: "n=212".
pub fn responses(n: u64) -> String {
    format!("n={}", thousands(n))
}

/// Where a persona's survey responses are too few for a score: "too few (n=3)".
pub fn too_few(labels: &Labels, n: u64) -> String {
    labels.fill(Label::TooFew, &[("count", &n.to_string())])
}

/// The legend's keys for the marks of a map with data, in their order.
pub const DATA_KEYS: [Label; 4] = [
    Label::AssumedKey,
    Label::IntervalKey,
    Label::ResponsesKey,
    Label::TooFewKey,
];
/// The sample count the legend shows beside [`RESPONSES_KEY`].
pub const RESPONSES_SAMPLE: &str = "n=212";

/// A funnel step as "name: value" lines for the metrics card.
pub fn funnel(labels: &Labels, step: &FunnelStep) -> Vec<(String, String)> {
    let conversion = step.conversion();
    let mut lines = vec![
        (
            labels.get(Label::Conversion).to_owned(),
            labels.fill(
                Label::ConversionValue,
                &[
                    ("percent", &one_decimal(conversion)),
                    ("completed", &thousands(step.completed)),
                    ("entered", &thousands(step.entered)),
                ],
            ),
        ),
        (
            labels.get(Label::DropOff).to_owned(),
            format!("{}%", one_decimal(100.0 - conversion)),
        ),
    ];
    if let Some(seconds) = step.median_seconds {
        lines.push((labels.get(Label::MedianTime).to_owned(), duration(seconds)));
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

/// The label of an evidence card in the page: "Evidence · interview".
pub fn evidence_label(labels: &Labels, e: &Evidence) -> String {
    format!("{} · {}", labels.get(Label::Evidence), e.kind)
}

/// A piece of evidence as a card shows it: the quote, then its kind, source and
/// date (never who said it).
pub fn evidence(labels: &Labels, e: &Evidence) -> (String, String) {
    let mut about = vec![e.kind.to_owned()];
    about.extend(evidence_origin(e));
    (quoted(labels, &e.quote), format!("— {}", about.join(", ")))
}

/// Where and when a piece of evidence was heard: its source and date, for the
/// page's evidence card, whose label already names the kind.
pub fn evidence_origin(e: &Evidence) -> Vec<String> {
    let mut origin = Vec::new();
    if !e.source.is_empty() {
        origin.push(e.source.clone());
    }
    if let Some(date) = e.date {
        origin.push(date.to_string());
    }
    origin
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
        let english = Labels::english();
        let tip = point_tip(&english, &long, &long, "3", Some(&long));
        assert!(tip.chars().count() < 260, "{}", tip.chars().count());
        assert_eq!(
            point_tip(&english, "Compares", "Maya", "2", Some("Too many tabs")),
            "Compares — Maya: 2 — “Too many tabs”"
        );
    }
}
