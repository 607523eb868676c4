//! The words a map adds around what its author wrote: quotes around a thought,
//! "Goal:", metric names, "Owner", the legend's labels.
//!
//! Layout needs the final strings to measure them, and the HTML page must say the
//! same as the picture, so both take their wording from here: the SVG through the
//! lines layout wrapped, the page through `render::html`.

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
