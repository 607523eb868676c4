//! `journeymap describe`: a map's facts in words and numbers, for scripts, AI
//! assistants and screen-reader summaries. JSON has a stable, versioned shape
//! (documented in the README); Markdown says the same for people.
//!
//! The facts: title, scenario, owner and review date; the scale; each persona with
//! its lowest point and steepest fall (as the curve marks them); each stage with its
//! lowest score and its pain points; every opportunity with its size and RICE
//! score; the detailed journeys the map links to; and, for a map with data, how
//! many scores the data backs and how many are assumed.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::escape::{markdown as md, markdown_code as md_code};
use crate::model::{Item, Map, StageId, TouchpointId};
use crate::number::num;

/// The version of the JSON shape. Keys may be added within a version (readers
/// ignore keys they do not know); a key removed or changed in meaning bumps it.
pub const VERSION: u32 = 1;

/// A number as JSON, rounded to 6 decimals
/// (so a RICE score is `640`, not `639.9999999999999`), whole numbers without a
/// fraction (`2`, not `2.0`).
fn number(value: f64) -> Value {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded.fract() == 0.0 && rounded.abs() < 9.0e15 {
        json!(rounded as i64)
    } else {
        json!(rounded)
    }
}

/// A touchpoint as the facts name it: its id, name and stage id.
fn step(map: &Map, id: TouchpointId) -> Value {
    let touchpoint = map.touchpoint(id);
    json!({
        "id": touchpoint.key,
        "name": touchpoint.name,
        "stage": map.stage(touchpoint.stage).key,
    })
}

/// The persona ids an item belongs to (empty: everyone on the touchpoint).
fn item_personas(map: &Map, item: &Item) -> Value {
    json!(
        item.personas
            .iter()
            .map(|&p| &map.persona(p).key)
            .collect::<Vec<_>>()
    )
}

/// The lowest score at a stage's touchpoints: (persona, touchpoint, score); the
/// first in persona and file order when several tie.
pub(super) fn stage_lowest(
    map: &Map,
    stage: StageId,
) -> Option<(crate::model::PersonaId, TouchpointId, f64)> {
    map.touchpoints_in(stage)
        .flat_map(|t| {
            map.touchpoint(t)
                .emotions
                .iter()
                .map(move |&(p, s)| (p, t, s))
        })
        .fold(None, |low: Option<(_, _, f64)>, point| match low {
            Some(l) if l.2 <= point.2 => Some(l),
            _ => Some(point),
        })
}

/// The map's facts as JSON (see [`VERSION`]).
pub fn json(map: &Map, file: &str) -> Value {
    let personas: Vec<Value> = map
        .persona_ids()
        .map(|id| {
            let persona = map.persona(id);
            let path = &map.paths[id.index()];
            json!({
                "id": persona.key,
                "name": persona.name,
                "role": persona.role,
                "steps": path.steps.len(),
                "scored_steps": path.scores.len(),
                "lowest": path.lowest().map(|(t, score)| json!({
                    "touchpoint": step(map, t),
                    "score": number(score),
                })),
                "steepest_fall": path.steepest_fall().map(|(from, to, drop)| json!({
                    "from": step(map, from),
                    "to": step(map, to),
                    "from_score": number(map.touchpoint(from).emotion_of(id).unwrap_or(0.0)),
                    "to_score": number(map.touchpoint(to).emotion_of(id).unwrap_or(0.0)),
                    "drop": number(drop),
                })),
            })
        })
        .collect();
    let stages: Vec<Value> = map
        .stage_ids()
        .map(|id| {
            let stage = map.stage(id);
            let pain_points: Vec<Value> = map
                .touchpoints_in(id)
                .flat_map(|t| {
                    map.touchpoint(t).pain_points.iter().map(move |item| {
                        json!({
                            "text": item.text,
                            "touchpoint": map.touchpoint(t).key,
                            "personas": item_personas(map, item),
                        })
                    })
                })
                .collect();
            json!({
                "id": stage.key,
                "name": stage.name,
                "touchpoints": map.touchpoints_in(id).map(|t| &map.touchpoint(t).key).collect::<Vec<_>>(),
                "lowest": stage_lowest(map, id).map(|(p, t, score)| json!({
                    "persona": map.persona(p).key,
                    "touchpoint": map.touchpoint(t).key,
                    "score": number(score),
                })),
                "pain_points": pain_points,
            })
        })
        .collect();
    let opportunities: Vec<Value> = map
        .touchpoints
        .iter()
        .flat_map(|t| {
            t.opportunities.iter().map(move |item| {
                let size = item.estimate;
                json!({
                    "text": item.text,
                    "touchpoint": t.key,
                    "personas": item_personas(map, item),
                    "reach": size.reach.map(number),
                    "impact": size.impact.map(number),
                    "confidence": size.confidence.map(number),
                    "effort": size.effort.map(number),
                    "rice": size.rice().map(number),
                })
            })
        })
        .collect();
    let details: Vec<Value> = map
        .touchpoints
        .iter()
        .filter_map(|t| {
            let link = t.detail.as_ref()?;
            Some(json!({ "touchpoint": t.key, "map": link.path }))
        })
        .collect();
    json!({
        "version": VERSION,
        "file": file,
        "title": map.title,
        "scenario": map.scenario,
        "owner": map.owner,
        "reviewed": map.reviewed.map(|d| d.to_string()),
        "lang": map.lang.as_deref().unwrap_or("en"),
        "scale": { "min": number(map.scale.min), "max": number(map.scale.max) },
        "implicit_persona": map.implicit_persona,
        "counts": {
            "personas": map.personas.len(),
            "stages": map.stages.len(),
            "touchpoints": map.touchpoints.len(),
            "pain_points": map.touchpoints.iter().map(|t| t.pain_points.len()).sum::<usize>(),
            "opportunities": map.touchpoints.iter().map(|t| t.opportunities.len()).sum::<usize>(),
        },
        "personas": personas,
        "stages": stages,
        "opportunities": opportunities,
        "details": details,
        "backing": map.backing.as_ref().map(|b| json!({
            "backed": b.backed,
            "scores": b.scores,
            "assumed": b.scores.saturating_sub(b.backed),
            "survey_responses": b.responses,
            "interviews": b.interviews,
            "newest_response": b.newest_response.map(|d| d.to_string()),
        })),
    })
}

/// "“Verifies identity” (Decision)": a touchpoint by name, with its stage.
fn at(map: &Map, id: TouchpointId) -> String {
    let touchpoint = map.touchpoint(id);
    format!(
        "“{}” ({})",
        md(&touchpoint.name),
        md(&map.stage(touchpoint.stage).name)
    )
}

/// The same facts as [`json`], in Markdown: headings and lists, every text of the
/// author's escaped so it reads as written.
pub fn markdown(map: &Map) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&map.title));
    if let Some(scenario) = &map.scenario {
        let _ = writeln!(out, "{}\n", md(scenario));
    }
    let backing = map.backing.as_ref().map_or_else(String::new, |b| {
        format!(
            "\n- Evidence: {}; {} assumed",
            crate::layout::wording::backing(&map.labels, b),
            b.scores.saturating_sub(b.backed)
        )
    });
    let _ = writeln!(
        out,
        "- Owner: {}\n- Reviewed: {}\n- Emotion scale: {} (worst) to {} (best)\n- {}, {}, {}{backing}",
        map.owner.as_deref().map_or_else(|| "none".to_owned(), md),
        map.reviewed
            .map_or_else(|| "never".to_owned(), |d| d.to_string()),
        num(map.scale.min),
        num(map.scale.max),
        crate::words::count(map.personas.len(), "persona"),
        crate::words::count(map.stages.len(), "stage"),
        crate::words::count(map.touchpoints.len(), "touchpoint"),
    );
    out.push_str("\n## Personas\n\n");
    for id in map.persona_ids() {
        let persona = map.persona(id);
        let path = &map.paths[id.index()];
        let mut line = format!("- **{}**", md(&persona.name));
        if let Some(role) = &persona.role {
            let _ = write!(line, ", {}", md(role));
        }
        match path.lowest() {
            Some((t, score)) => {
                let _ = write!(line, ": lowest {} at {}", num(score), at(map, t));
            }
            None => line.push_str(": no scores"),
        }
        if let Some((from, to, drop)) = path.steepest_fall() {
            let _ = write!(
                line,
                "; steepest fall {} from {} to {}",
                num(drop),
                at(map, from),
                at(map, to)
            );
        }
        let _ = writeln!(out, "{line}.");
    }
    out.push_str("\n## Pain points by stage\n");
    for id in map.stage_ids() {
        let _ = write!(out, "\n### {}", md(&map.stage(id).name));
        if let Some((p, t, score)) = stage_lowest(map, id) {
            let who = if map.implicit_persona {
                String::new()
            } else {
                format!("{}, ", md(&map.persona(p).name))
            };
            let _ = write!(
                out,
                " (lowest {}: {who}“{}”)",
                num(score),
                md(&map.touchpoint(t).name)
            );
        }
        out.push_str("\n\n");
        let mut any = false;
        for t in map.touchpoints_in(id) {
            let touchpoint = map.touchpoint(t);
            for item in &touchpoint.pain_points {
                any = true;
                let _ = writeln!(out, "- {} (at “{}”)", md(&item.text), md(&touchpoint.name));
            }
        }
        if !any {
            out.push_str("No pain points.\n");
        }
    }
    let opportunities: Vec<_> = map
        .touchpoints
        .iter()
        .flat_map(|t| t.opportunities.iter().map(move |o| (t, o)))
        .collect();
    if !opportunities.is_empty() {
        out.push_str("\n## Opportunities\n\n");
        for (touchpoint, item) in opportunities {
            let size = item.estimate;
            let rice = size.rice().map_or_else(String::new, |score| {
                format!(
                    "; RICE {} (reach {}, impact {}, confidence {}, effort {})",
                    num(score),
                    num(size.reach.unwrap_or_default()),
                    num(size.impact.unwrap_or_default()),
                    num(size.confidence.unwrap_or_default()),
                    num(size.effort.unwrap_or_default()),
                )
            });
            let _ = writeln!(
                out,
                "- {} (at “{}”){rice}",
                md(&item.text),
                md(&touchpoint.name)
            );
        }
    }
    let details: Vec<_> = map
        .touchpoints
        .iter()
        .filter_map(|t| Some((t, t.detail.as_ref()?)))
        .collect();
    if !details.is_empty() {
        out.push_str("\n## Detailed journeys\n\n");
        for (touchpoint, link) in details {
            let _ = writeln!(
                out,
                "- “{}” opens {}",
                md(&touchpoint.name),
                md_code(&link.path)
            );
        }
    }
    out
}
