//! A map's thumbnail for the site index: a small standalone SVG of its stages as
//! bands and each persona's scores as a line, with a tick under each step that has
//! pain points. A stage the map's theme colours is drawn in the tint the map
//! gives it, under a bar of the colour itself; the lines are the personas' colours
//! (the theme's palette where it has one). Drawn from the model alone (no layout, no text), so a listing of a
//! thousand maps costs little; bounded in size whatever the map, and byte-identical
//! for the same map like every output.

use std::fmt::Write as _;

use super::theme::{LIGHT, stage_colors};
use crate::model::Map;
use crate::number::num;

pub const WIDTH: f64 = 240.0;
pub const HEIGHT: f64 = 64.0;
/// Most steps drawn; a longer journey is sampled evenly.
const MAX_STEPS: usize = 120;
/// Most persona lines drawn.
const MAX_PERSONAS: usize = 8;
/// Room at the bottom for pain ticks.
const TICKS: f64 = 8.0;

/// The thumbnail as an `<svg>` element, decorative (`aria-hidden`): the index says
/// in words what it shows.
pub fn thumbnail(map: &Map) -> String {
    // Steps in stage order, then file order: the order the map's columns take.
    let mut steps: Vec<_> = map.touchpoint_ids().collect();
    steps.sort_by_key(|&t| (map.touchpoint(t).stage, t));
    let shown: Vec<_> = if steps.len() > MAX_STEPS {
        (0..MAX_STEPS)
            .map(|i| steps[i * steps.len() / MAX_STEPS])
            .collect()
    } else {
        steps
    };
    let count = shown.len().max(1) as f64;
    let step_width = WIDTH / count;
    let x = |i: usize| (i as f64 + 0.5) * step_width;
    let curve_height = HEIGHT - TICKS;
    let mut svg = format!(
        r#"<svg class="jm-thumb" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-hidden="true" focusable="false">"#,
        w = num(WIDTH),
        h = num(HEIGHT)
    );
    // Stage bands: one rectangle per run of steps in the same stage.
    let mut start = 0;
    let mut band = 0;
    while start < shown.len() {
        let stage = map.touchpoint(shown[start]).stage;
        let end = (start..shown.len())
            .find(|&i| map.touchpoint(shown[i]).stage != stage)
            .unwrap_or(shown.len());
        let (x, width) = (start as f64 * step_width, (end - start) as f64 * step_width);
        let themed = map
            .theme
            .stage_color(stage.index())
            .map(|color| stage_colors(color, &LIGHT));
        let tint = match &themed {
            Some((tint, _)) => tint.hex.as_str(),
            None => LIGHT.stage_tints[band % LIGHT.stage_tints.len()],
        };
        let _ = write!(
            svg,
            r#"<rect x="{}" y="0" width="{}" height="{}" fill="{tint}"/>"#,
            num(x),
            num(width),
            num(curve_height),
        );
        if let Some((_, rule)) = &themed {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="0" width="{}" height="3" fill="{}"/>"#,
                num(x),
                num(width),
                rule.hex
            );
        }
        band += 1;
        start = end;
    }
    // One line per persona through its scored steps.
    for persona in map.persona_ids().take(MAX_PERSONAS) {
        let points: Vec<String> = shown
            .iter()
            .enumerate()
            .filter_map(|(i, &t)| {
                let score = map.touchpoint(t).emotion_of(persona)?;
                let y = 4.0 + (1.0 - map.scale.fraction(score)) * (curve_height - 8.0);
                Some(format!("{},{}", num(x(i)), num(y)))
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        let color = &map.persona(persona).color.hex;
        if let [only] = points.as_slice() {
            let (cx, cy) = only.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(svg, r#"<circle cx="{cx}" cy="{cy}" r="2" fill="{color}"/>"#);
        } else {
            let _ = write!(
                svg,
                r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="1.5" stroke-linejoin="round"/>"#,
                points.join(" ")
            );
        }
    }
    // Pain ticks: a short bar under each step with pain points.
    for (i, &t) in shown.iter().enumerate() {
        if !map.touchpoint(t).pain_points.is_empty() {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="{}" height="4" fill="{}"/>"#,
                num(x(i) - step_width.min(6.0) / 2.0),
                num(HEIGHT - 5.0),
                num(step_width.min(6.0)),
                LIGHT.pain_accent
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
