//! The site index: one page listing every map of a `build DIR -o SITE`, with what a
//! reader scanning a portfolio of journeys wants first — personas, stages, how many
//! pain points, and where the experience is worst.

use askama::Template;

use super::html::LiveOptions;
use crate::escape::escape;
use crate::model::Map;
use crate::number::num;

/// One map in the index.
pub struct IndexEntry {
    /// Link to the map's page, relative to the index (always `/`-separated).
    pub href: String,
    pub title: String,
    pub scenario: Option<String>,
    pub personas: Vec<String>,
    pub stages: Vec<String>,
    pub pain_points: usize,
    /// "2 (scale 1 to 5): Maya Chen at “Compares models”", the lowest score of any persona.
    pub lowest: Option<String>,
    /// What is wrong with the map now, when its latest save failed (`serve` only).
    pub problem: Option<String>,
    /// Owner, review date and backed vs assumed scores, for a map that has them.
    pub evidence: Vec<String>,
}

impl IndexEntry {
    pub fn new(map: &Map, href: String) -> Self {
        let lowest = map
            .paths
            .iter()
            .filter_map(|path| path.lowest().map(|(t, score)| (path.persona, t, score)))
            .fold(None, |low: Option<(_, _, f64)>, point| match low {
                Some(l) if l.2 <= point.2 => Some(l),
                _ => Some(point),
            })
            .map(|(persona, touchpoint, score)| {
                let who = if map.implicit_persona {
                    String::new()
                } else {
                    format!("{} ", map.persona(persona).name)
                };
                format!(
                    "{} (scale {} to {}): {who}at “{}”",
                    num(score),
                    num(map.scale.min),
                    num(map.scale.max),
                    map.touchpoint(touchpoint).name
                )
            });
        IndexEntry {
            href,
            title: map.title.clone(),
            scenario: map.scenario.clone(),
            personas: if map.implicit_persona {
                Vec::new()
            } else {
                map.personas.iter().map(|p| p.name.clone()).collect()
            },
            stages: map.stages.iter().map(|s| s.name.clone()).collect(),
            pain_points: map.touchpoints.iter().map(|t| t.pain_points.len()).sum(),
            lowest,
            problem: None,
            evidence: crate::layout::wording::about(map)
                .into_iter()
                .chain(
                    map.backing
                        .as_ref()
                        .map(|b| crate::layout::wording::backing(&map.labels, b)),
                )
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    entries: &'a [IndexEntry],
    failed: usize,
    style: String,
    csp: String,
    live: Option<&'a LiveOptions>,
    live_script: &'static str,
    live_headline: &'static str,
}

/// Renders the index page. `failed` maps had errors and are not listed.
pub fn render(entries: &[IndexEntry], failed: usize) -> String {
    render_page(entries, failed, None)
}

/// The index, and with `live` the listing `serve` shows, which reloads on every build.
pub fn render_page(entries: &[IndexEntry], failed: usize, live: Option<&LiveOptions>) -> String {
    let page = IndexPage {
        entries,
        failed,
        style: super::html::base_stylesheet(),
        csp: live.map_or_else(
            || super::html::content_security_policy(false),
            |_| super::html::live_content_security_policy(),
        ),
        live,
        live_script: super::html::LIVE_SCRIPT,
        live_headline: "",
    };
    page.render().unwrap_or_else(|e| escape(&e.to_string()))
}
