//! The site index: one page over every map of a `build DIR -o SITE` (and `serve`'s
//! listing), for a team that keeps many maps.
//!
//! - **Maps**, grouped by folder: each with a thumbnail and its facts (personas,
//!   stages, pain points, lowest emotion, owner, reviewed). Facts are a list of
//!   label and value ([`Fact`]), so a new per-map fact is one more entry.
//! - **Pain heatmap**: maps × stages, each cell the stage's pain points and lowest
//!   emotion, in words and numbers (the shade only repeats them), linking to the
//!   stage on the map's page.
//! - **Opportunity backlog**: every opportunity of every map, ranked by its RICE
//!   score (reach × impact × confidence ÷ effort); those without all four after.
//! - **Owners**: what each owner (squad) keeps: maps with their reviewed dates, and
//!   touchpoints.
//!
//! Plain HTML with in-page links: no script, and every link relative, so the page
//! works from a `file://` folder and under any sub-path of a web server.

use std::collections::BTreeMap;

use askama::Template;

use super::html::LiveOptions;
use crate::escape::escape;
use crate::model::{Estimate, Map, Scale};
use crate::number::num;

/// One line of a map's entry: "Pain points: 4".
pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// One stage of a map, as the heatmap shows it.
pub struct StageHeat {
    pub key: String,
    pub name: String,
    pub pain_points: usize,
    /// The lowest score of any persona at the stage's touchpoints.
    pub lowest: Option<f64>,
}

/// One opportunity of a map, for the backlog.
pub struct Opportunity {
    pub text: String,
    /// The touchpoint's name and id.
    pub step: String,
    pub step_key: String,
    pub estimate: Estimate,
}

/// A touchpoint with an owner, for the owners view.
pub struct OwnedStep {
    pub owner: String,
    pub step: String,
    pub step_key: String,
}

/// One map in the index.
pub struct IndexEntry {
    /// Link to the map's page, relative to the index (always `/`-separated).
    pub href: String,
    pub title: String,
    pub scenario: Option<String>,
    /// What the entry lists under the title, in order.
    pub facts: Vec<Fact>,
    /// A small SVG of the map ([`super::thumbnail`]).
    pub thumbnail: String,
    /// What is wrong with the map now, when its latest save failed (`serve` only).
    pub problem: Option<String>,
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    pub scale: Scale,
    pub stages: Vec<StageHeat>,
    pub opportunities: Vec<Opportunity>,
    pub owned_steps: Vec<OwnedStep>,
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
        let mut facts = Vec::new();
        if !map.implicit_persona {
            let names: Vec<&str> = map.personas.iter().map(|p| p.name.as_str()).collect();
            facts.push(fact("Personas", names.join(", ")));
        }
        let stage_names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
        facts.push(fact("Stages", stage_names.join(" → ")));
        let pain_points: usize = map.touchpoints.iter().map(|t| t.pain_points.len()).sum();
        facts.push(fact("Pain points", pain_points.to_string()));
        if let Some(lowest) = lowest {
            facts.push(fact("Lowest emotion", lowest));
        }
        if let Some(owner) = &map.owner {
            facts.push(fact("Owner", owner.clone()));
        }
        let reviewed = map.reviewed.map(|d| d.to_string());
        if let Some(reviewed) = &reviewed {
            facts.push(fact("Reviewed", reviewed.clone()));
        }
        if let Some(backing) = &map.backing {
            facts.push(fact(
                "Scores",
                crate::layout::wording::backing(&map.labels, backing),
            ));
        }
        let stages = map
            .stage_ids()
            .map(|stage| StageHeat {
                key: map.stage(stage).key.clone(),
                name: map.stage(stage).name.clone(),
                pain_points: map
                    .touchpoints_in(stage)
                    .map(|t| map.touchpoint(t).pain_points.len())
                    .sum(),
                lowest: super::facts::stage_lowest(map, stage).map(|(_, _, score)| score),
            })
            .collect();
        let opportunities = map
            .touchpoints
            .iter()
            .flat_map(|t| {
                t.opportunities.iter().map(|o| Opportunity {
                    text: o.text.clone(),
                    step: t.name.clone(),
                    step_key: t.key.clone(),
                    estimate: o.estimate,
                })
            })
            .collect();
        let owned_steps = map
            .touchpoints
            .iter()
            .filter_map(|t| {
                Some(OwnedStep {
                    owner: t.owner.clone()?,
                    step: t.name.clone(),
                    step_key: t.key.clone(),
                })
            })
            .collect();
        IndexEntry {
            href,
            title: map.title.clone(),
            scenario: map.scenario.clone(),
            facts,
            thumbnail: super::thumbnail::thumbnail(map),
            problem: None,
            owner: map.owner.clone(),
            reviewed,
            scale: map.scale,
            stages,
            opportunities,
            owned_steps,
        }
    }

    /// The folder the map's page is in, as a reader names it ("team/onboarding"),
    /// empty at the top.
    fn folder(&self) -> String {
        self.href
            .rsplit_once('/')
            .map(|(folder, _)| percent_decode(folder))
            .unwrap_or_default()
    }

    /// A link to a place on the map's page: `team/a.html#st-awareness`.
    fn anchor(&self, kind: &str, key: &str) -> String {
        format!("{}#{kind}-{}", self.href, crate::escape::url_segment(key))
    }
}

fn fact(label: &'static str, value: impl Into<String>) -> Fact {
    Fact {
        label,
        value: value.into(),
    }
}

/// `%xx` escapes back to bytes, for showing a folder name from a link.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Maps of one folder.
struct FolderView<'a> {
    /// "team/onboarding/", or empty for the top.
    name: String,
    entries: Vec<&'a IndexEntry>,
}

/// A heatmap column: a stage id across maps, headed by the names the maps give it
/// ("Awareness / Getting ready"), at most [`MAX_COLUMN_NAMES`] of them.
struct HeatColumn {
    names: Vec<String>,
    /// More names than shown.
    more: bool,
}

impl HeatColumn {
    fn name(&self) -> String {
        let names = self.names.join(" / ");
        if self.more {
            format!("{names} / …")
        } else {
            names
        }
    }
}

/// Most names a heatmap column's heading lists for one stage id.
const MAX_COLUMN_NAMES: usize = 3;

/// One heatmap cell.
struct HeatCell {
    href: String,
    pain_points: usize,
    /// The lowest score, as text.
    lowest: Option<String>,
    /// 0 (fine) to 4 (worst), for the shade: the larger of the pain (4 or more is
    /// the worst) and how low the lowest score sits on the map's scale.
    level: u8,
    /// What a screen reader hears: "Awareness: 3 pain points, lowest emotion 2".
    label: String,
}

struct HeatRow<'a> {
    entry: &'a IndexEntry,
    /// "scale 1 to 5"
    scale: String,
    /// One per column; `None` where the map has no such stage.
    cells: Vec<Option<HeatCell>>,
}

struct BacklogRow {
    rank: Option<usize>,
    text: String,
    score: Option<String>,
    reach: String,
    impact: String,
    confidence: String,
    effort: String,
    map: String,
    step: String,
    href: String,
}

struct OwnerView<'a> {
    name: String,
    maps: Vec<&'a IndexEntry>,
    /// (map title, step name, link)
    steps: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage<'a> {
    entries: &'a [IndexEntry],
    folders: Vec<FolderView<'a>>,
    columns: Vec<HeatColumn>,
    heat: Vec<HeatRow<'a>>,
    backlog: Vec<BacklogRow>,
    scored: usize,
    owners: Vec<OwnerView<'a>>,
    unowned: Vec<&'a IndexEntry>,
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
    // Every view lists maps in the order of the folder view: the top, then folders.
    let folders = folders(entries);
    let ordered: Vec<&IndexEntry> = folders
        .iter()
        .flat_map(|f| f.entries.iter().copied())
        .collect();
    let (columns, heat) = heatmap(&ordered);
    let backlog = backlog(&ordered);
    let scored = backlog.iter().filter(|row| row.rank.is_some()).count();
    let (owners, unowned) = owners(&ordered);
    let page = IndexPage {
        entries,
        folders,
        columns,
        heat,
        backlog,
        scored,
        owners,
        unowned,
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

/// Maps by folder: the top first, then folders in order of their names.
fn folders(entries: &[IndexEntry]) -> Vec<FolderView<'_>> {
    let mut by_folder: BTreeMap<String, Vec<&IndexEntry>> = BTreeMap::new();
    for entry in entries {
        by_folder.entry(entry.folder()).or_default().push(entry);
    }
    by_folder
        .into_iter()
        .map(|(folder, entries)| FolderView {
            name: if folder.is_empty() {
                folder
            } else {
                format!("{folder}/")
            },
            entries,
        })
        .collect()
}

fn heatmap<'a>(entries: &[&'a IndexEntry]) -> (Vec<HeatColumn>, Vec<HeatRow<'a>>) {
    let mut columns: Vec<HeatColumn> = Vec::new();
    let mut column_of: BTreeMap<&'a str, usize> = BTreeMap::new();
    for stage in entries.iter().flat_map(|e| &e.stages) {
        let column = *column_of.entry(&stage.key).or_insert_with(|| {
            columns.push(HeatColumn {
                names: Vec::new(),
                more: false,
            });
            columns.len() - 1
        });
        let column = &mut columns[column];
        if !column.names.contains(&stage.name) {
            if column.names.len() < MAX_COLUMN_NAMES {
                column.names.push(stage.name.clone());
            } else {
                column.more = true;
            }
        }
    }
    let rows = entries
        .iter()
        .map(|&entry| {
            let mut cells: Vec<Option<HeatCell>> = columns.iter().map(|_| None).collect();
            for stage in &entry.stages {
                let Some(&column) = column_of.get(stage.key.as_str()) else {
                    continue;
                };
                let lowness = stage
                    .lowest
                    .map_or(0.0, |score| 1.0 - entry.scale.fraction(score));
                let pain = (stage.pain_points.min(4) as f64) / 4.0;
                let level = (lowness.max(pain) * 4.0).round().clamp(0.0, 4.0) as u8;
                let lowest = stage.lowest.map(num);
                let label = format!(
                    "{}: {}, {}",
                    stage.name,
                    crate::words::count(stage.pain_points, "pain point"),
                    lowest.as_ref().map_or_else(
                        || "no emotion scored".to_owned(),
                        |l| format!("lowest emotion {l}")
                    )
                );
                cells[column] = Some(HeatCell {
                    href: entry.anchor("st", &stage.key),
                    pain_points: stage.pain_points,
                    lowest,
                    level,
                    label,
                });
            }
            HeatRow {
                entry,
                scale: format!("scale {} to {}", num(entry.scale.min), num(entry.scale.max)),
                cells,
            }
        })
        .collect();
    (columns, rows)
}

/// Every opportunity, the scored ones first by RICE score (highest first; ties in
/// map order), then the rest in map order.
fn backlog(entries: &[&IndexEntry]) -> Vec<BacklogRow> {
    let mut all: Vec<(&IndexEntry, &Opportunity)> = entries
        .iter()
        .flat_map(|&e| e.opportunities.iter().map(move |o| (e, o)))
        .collect();
    // A stable sort: equal scores, and all unscored ones, keep map order.
    all.sort_by(|a, b| {
        let score = |o: &Opportunity| o.estimate.rice();
        match (score(a.1), score(b.1)) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    let part = |value: Option<f64>| value.map_or_else(|| "—".to_owned(), num);
    let mut rank = 0;
    all.into_iter()
        .map(|(entry, o)| {
            let score = o.estimate.rice();
            BacklogRow {
                rank: score.map(|_| {
                    rank += 1;
                    rank
                }),
                text: o.text.clone(),
                score: score.map(num),
                reach: part(o.estimate.reach),
                impact: part(o.estimate.impact),
                confidence: part(o.estimate.confidence),
                effort: part(o.estimate.effort),
                map: entry.title.clone(),
                step: o.step.clone(),
                href: entry.anchor("tp", &o.step_key),
            }
        })
        .collect()
}

/// Each owner, in order of name, with the maps and touchpoints they own; and the
/// maps nobody owns.
fn owners<'a>(entries: &[&'a IndexEntry]) -> (Vec<OwnerView<'a>>, Vec<&'a IndexEntry>) {
    let mut by_owner: BTreeMap<&'a str, OwnerView<'a>> = BTreeMap::new();
    let view = |name: &str| OwnerView {
        name: name.to_owned(),
        maps: Vec::new(),
        steps: Vec::new(),
    };
    let mut unowned = Vec::new();
    for &entry in entries {
        match &entry.owner {
            Some(owner) => by_owner
                .entry(owner.as_str())
                .or_insert_with(|| view(owner))
                .maps
                .push(entry),
            None => unowned.push(entry),
        }
        for step in &entry.owned_steps {
            by_owner
                .entry(step.owner.as_str())
                .or_insert_with(|| view(&step.owner))
                .steps
                .push((
                    entry.title.clone(),
                    step.step.clone(),
                    entry.anchor("tp", &step.step_key),
                ));
        }
    }
    (by_owner.into_values().collect(), unowned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_read_back_from_links() {
        assert_eq!(percent_decode("team%20a/b%2Fc"), "team a/b/c");
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
