//! [`MapDoc`] to [`Map`]: resolves ids, checks meaning, builds the flow graph and paths.
//!
//! [`validate`] runs the steps in the order their diagnostics are reported: size
//! limits, the emotion scale, personas, labels, stages, channels, blueprint lanes, then
//! each touchpoint (its stage, channel, personas, emotions, blueprint cells and
//! `next`). Only a map without errors gets a
//! flow graph, persona paths and warnings.

mod backing;
mod channels;
mod emotions;
pub(super) mod flow;
mod ids;
mod labels;
mod lanes;
mod limits;
mod personas;
mod scale;
mod stages;
mod theme;
mod touchpoints;
mod warnings;

use super::{Map, PersonaId};
use crate::data::DataSet;
use crate::diag::Diagnostic;
use crate::format::{MapDoc, Text};

/// Checks the meaning of a decoded map. Returns the map when there are no errors,
/// and every error and warning found either way.
pub fn validate(doc: &MapDoc, data: &DataSet, diagnostics: &mut Vec<Diagnostic>) -> Option<Map> {
    // Past the limits, say so once and stop: every reference would fail as well.
    if limits::exceeds_size_limits(doc, diagnostics) {
        return None;
    }
    let scale = scale::validate_scale(doc, diagnostics);
    let personas = personas::validate_personas(doc, diagnostics);
    let labels = labels::validate_labels(doc, diagnostics);
    let (mut stages, stage_ids) = stages::validate_stages(doc, diagnostics);
    let (mut channels, channel_ids) = channels::validate_channels(doc, diagnostics);
    let (lanes, lane_ids) = lanes::validate_lanes(doc, diagnostics);
    let theme = theme::validate_theme(doc, stages.len(), &stage_ids, diagnostics);
    let everyone: Vec<PersonaId> = (0..personas.personas.len())
        .map(PersonaId::from_index)
        .collect();
    let context = touchpoints::Context {
        scale,
        everyone: &everyone,
        persona_ids: &personas.ids,
        implicit_persona: personas.implicit,
        stage_ids: &stage_ids,
        channel_ids: &channel_ids,
        lane_ids: &lane_ids,
    };
    let (mut touchpoints, next) = touchpoints::validate_touchpoints(doc, &context, diagnostics);
    limits::check_score_count(doc, &touchpoints, diagnostics);
    // Every touchpoint resolved, so `touchpoints[i]` is `doc.touchpoints[i]`.
    let backing = if diagnostics.iter().any(Diagnostic::is_error) {
        None
    } else {
        backing::attach(doc, data, scale, &mut touchpoints, diagnostics)
    };
    // Warnings about a map that failed to load (say, a persona that looks idle because
    // its touchpoint had an error) would only mislead: stop at errors.
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }

    labels::name_builtins(doc, &labels, &mut stages, &mut channels);
    let map_without_paths = Map {
        title: text(&doc.title).unwrap_or_default(),
        scenario: text(&doc.scenario),
        owner: text(&doc.owner),
        reviewed: doc.reviewed.as_ref().map(|d| d.value),
        reviewed_span: doc.reviewed.as_ref().map(|d| d.span),
        lang: text(&doc.lang),
        labels,
        backing,
        scale,
        personas: personas.personas,
        implicit_persona: personas.implicit,
        stages,
        channels,
        touchpoints,
        lanes,
        theme,
        flow: flow::flow_graph(&next),
        paths: Vec::new(),
        future: None,
        current: None,
        changes: Vec::new(),
    };
    let paths = flow::persona_paths(&map_without_paths);
    let map = Map {
        paths,
        ..map_without_paths
    };
    warnings::warn(&map, doc, diagnostics);
    Some(map)
}

fn text(value: &Option<Text>) -> Option<String> {
    value.as_ref().map(|t| t.value.clone())
}

fn texts(values: &[Text]) -> Vec<String> {
    values.iter().map(|t| t.value.clone()).collect()
}
