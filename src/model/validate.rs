//! [`MapDoc`] to [`Map`]: resolves ids, checks meaning, builds the flow graph and paths.

use std::collections::HashMap;

use petgraph::graph::DiGraph;
use petgraph::visit::Dfs;

use super::builtins::{self, BuiltinChannel, STANDARD_STAGES};
use super::color::{Color, PALETTE};
use super::{
    Channel, ChannelId, Map, Persona, PersonaId, PersonaPath, Scale, Stage, StageId, Touchpoint,
    TouchpointId,
};
use crate::diag::{Diagnostic, Span};
use crate::format::yaml::limits;
use crate::format::{EmotionDoc, MapDoc, Text, TouchpointDoc};

/// Looks up ids of one kind, remembering where each was defined.
struct IdTable {
    kind: &'static str,
    /// Unknown references reported so far; past a few dozen, no more suggestions
    /// are computed (each compares with every known id).
    unknown: std::cell::Cell<usize>,
    /// Only looked up, never iterated (`order` keeps the order), so a hash map:
    /// a map of 10,000 touchpoints resolves some 50,000 ids.
    ids: HashMap<String, (usize, Span)>,
    order: Vec<String>,
}

impl IdTable {
    fn new(kind: &'static str) -> Self {
        IdTable {
            kind,
            unknown: std::cell::Cell::new(0),
            ids: HashMap::new(),
            order: Vec::new(),
        }
    }

    /// Registers an id; reports a duplicate and returns false if it was defined already.
    fn define(&mut self, id: &Text, diagnostics: &mut Vec<Diagnostic>) -> bool {
        if let Some((_, first)) = self.ids.get(&id.value) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("{} id `{}` is used twice", self.kind, id.value),
                )
                .at(id.span)
                .with_label("second definition")
                .with_related(*first, "first defined here")
                .with_hint(format!(
                    "ids must be unique among {}s; rename one of them",
                    self.kind
                )),
            );
            return false;
        }
        self.ids
            .insert(id.value.clone(), (self.order.len(), id.span));
        self.order.push(id.value.clone());
        true
    }

    fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).map(|(index, _)| *index)
    }

    /// Resolves a reference, reporting an unknown id with the closest known one.
    fn resolve(
        &self,
        id: &Text,
        referrer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(index) = self.get(&id.value) {
            return Some(index);
        }
        let known = self.order.iter().map(String::as_str);
        self.unknown.set(self.unknown.get() + 1);
        let suggest = self.unknown.get() <= 50;
        let mut diagnostic = Diagnostic::error(
            "unknown-ref",
            format!("unknown {} `{}` in {referrer}", self.kind, id.value),
        )
        .at(id.span);
        if suggest {
            diagnostic = diagnostic.suggest(&id.value, known.clone());
        }
        if diagnostic.label.is_none() {
            let listed: Vec<String> = known.take(12).map(|k| format!("`{k}`")).collect();
            diagnostic = diagnostic.with_hint(if listed.is_empty() {
                format!("the map defines no {}s", self.kind)
            } else {
                format!("known {}s: {}", self.kind, listed.join(", "))
            });
        }
        diagnostics.push(diagnostic);
        None
    }
}

fn text(value: &Option<Text>) -> Option<String> {
    value.as_ref().map(|t| t.value.clone())
}

fn texts(values: &[Text]) -> Vec<String> {
    values.iter().map(|t| t.value.clone()).collect()
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Checks the meaning of a decoded map. Returns the map when there are no errors,
/// and every error and warning found either way.
pub fn validate(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Option<Map> {
    // Past the limits, say so once and stop: every reference would fail as well.
    let most_next = doc
        .touchpoints
        .iter()
        .filter_map(|t| t.next.as_ref().map(Vec::len))
        .max()
        .unwrap_or(0);
    for (count, limit, what) in [
        (doc.personas.len(), limits::MAX_PERSONAS, "personas"),
        (
            doc.touchpoints.len(),
            limits::MAX_TOUCHPOINTS,
            "touchpoints",
        ),
        (
            doc.stages.as_ref().map_or(0, Vec::len),
            limits::MAX_STAGES,
            "stages",
        ),
        (
            doc.channels.len(),
            limits::MAX_CHANNELS,
            "declared channels",
        ),
        (
            most_next,
            limits::MAX_NEXT,
            "`next` targets on one touchpoint",
        ),
    ] {
        if count > limit {
            diagnostics.push(
                Diagnostic::error(
                    "limit",
                    format!("the map has {count} {what}; the limit is {limit}"),
                )
                .at(doc.touchpoints_span)
                .with_hint("split the journey into several maps"),
            );
            return None;
        }
    }
    let scale = validate_scale(doc, diagnostics);
    let (personas, persona_ids, implicit_persona) = validate_personas(doc, diagnostics);
    let (stages, stage_ids) = validate_stages(doc, diagnostics);
    let (channels, channel_ids) = validate_channels(doc, diagnostics);

    if doc.touchpoints.is_empty() {
        diagnostics.push(
            Diagnostic::error("no-touchpoints", "the map has no touchpoints")
                .at(doc.touchpoints_span)
                .with_hint(
                    "add a `touchpoints:` list; each touchpoint needs `id`, `stage` and `name`",
                ),
        );
    }

    let mut touchpoint_ids = IdTable::new("touchpoint");
    let defined: Vec<bool> = doc
        .touchpoints
        .iter()
        .map(|t| {
            t.id.as_ref()
                .is_some_and(|id| touchpoint_ids.define(id, diagnostics))
        })
        .collect();

    let everyone: Vec<PersonaId> = (0..personas.len()).map(PersonaId::from_index).collect();
    let mut touchpoints = Vec::with_capacity(doc.touchpoints.len());
    for (index, (tp, defined)) in doc.touchpoints.iter().zip(defined).enumerate() {
        let resolved = validate_touchpoint(
            tp,
            index,
            doc.touchpoints.len(),
            &Context {
                scale,
                everyone: &everyone,
                persona_ids: &persona_ids,
                implicit_persona,
                stage_ids: &stage_ids,
                channel_ids: &channel_ids,
                touchpoint_ids: &touchpoint_ids,
            },
            diagnostics,
        );
        if let (Some(resolved), true) = (resolved, defined) {
            touchpoints.push(resolved);
        }
    }

    let scores: usize = touchpoints.iter().map(|t| t.emotions.len()).sum();
    if scores > limits::MAX_SCORES {
        diagnostics.push(
            Diagnostic::error(
                "limit",
                format!(
                    "the map has {scores} emotion scores (touchpoints × personas); the limit is {}",
                    limits::MAX_SCORES
                ),
            )
            .at(doc.touchpoints_span)
            .with_hint(
                "split the journey into several maps, or score fewer personas per touchpoint",
            ),
        );
    }
    // Warnings about a map that failed to load (say, a persona that looks idle because
    // its touchpoint had an error) would only mislead: stop at errors.
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }

    let mut flow = DiGraph::with_capacity(touchpoints.len(), touchpoints.len());
    for index in 0..touchpoints.len() {
        flow.add_node(TouchpointId::from_index(index));
    }
    for (index, tp) in touchpoints.iter().enumerate() {
        for next in &tp.next {
            flow.add_edge(TouchpointId::from_index(index).node(), next.node(), ());
        }
    }

    let title = doc
        .title
        .as_ref()
        .map(|t| t.value.clone())
        .unwrap_or_default();
    let map_without_paths = Map {
        title,
        scenario: text(&doc.scenario),
        scale,
        personas,
        implicit_persona,
        stages,
        channels,
        touchpoints,
        flow,
        paths: Vec::new(),
    };
    let paths = map_without_paths
        .persona_ids()
        .map(|p| persona_path(&map_without_paths, p))
        .collect();
    let map = Map {
        paths,
        ..map_without_paths
    };
    warn(&map, doc, diagnostics);
    Some(map)
}

fn validate_scale(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Scale {
    let mut scale = Scale::default();
    if let Some(doc_scale) = &doc.emotion_scale {
        if let Some(min) = &doc_scale.min {
            scale.min = min.value;
        }
        if let Some(max) = &doc_scale.max {
            scale.max = max.value;
        }
        // Scores are drawn and printed with two decimals: a scale must be finite,
        // of human size, and at least 0.01 wide, or its ticks and midpoint collapse.
        const BOUND: f64 = 1e6;
        let sane = scale.min.abs() <= BOUND && scale.max.abs() <= BOUND;
        if !sane || scale.max - scale.min < 0.01 {
            let message = if sane {
                format!(
                    "`emotion_scale` min ({}) must be below max ({}) by at least 0.01",
                    format_number(scale.min),
                    format_number(scale.max)
                )
            } else {
                "`emotion_scale` min and max must lie between -1,000,000 and 1,000,000".to_owned()
            };
            diagnostics.push(
                Diagnostic::error("bad-scale", message)
                    .at(doc_scale.span)
                    .with_hint(
                        "for example `emotion_scale: { min: 1, max: 5 }` or `{ min: -2, max: 2 }`",
                    ),
            );
            scale = Scale::default();
        }
    }
    scale
}

fn validate_personas(
    doc: &MapDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Persona>, IdTable, bool) {
    let mut ids = IdTable::new("persona");
    let mut personas = Vec::new();
    for persona in &doc.personas {
        if !ids.define(&persona.id, diagnostics) {
            continue;
        }
        let index = personas.len();
        let color = match &persona.color {
            Some(written) => Color::parse(&written.value).unwrap_or_else(|| {
                diagnostics.push(
                    Diagnostic::error(
                        "bad-color",
                        format!("`{}` is not a colour journeymap accepts", written.value),
                    )
                    .at(written.span)
                    .suggest(
                        &written.value,
                        super::color::NAMED_COLORS.iter().map(|(n, _)| *n),
                    )
                    .with_hint("write `#rgb`, `#rrggbb` or a CSS colour name such as `teal`"),
                );
                Color::from_rgb(PALETTE[index % PALETTE.len()])
            }),
            None => Color::from_rgb(PALETTE[index % PALETTE.len()]),
        };
        personas.push(Persona {
            key: persona.id.value.clone(),
            name: persona
                .name
                .as_ref()
                .map_or_else(|| persona.id.value.clone(), |n| n.value.clone()),
            role: text(&persona.role),
            description: text(&persona.description),
            quote: text(&persona.quote),
            goals: texts(&persona.goals),
            frustrations: texts(&persona.frustrations),
            color,
            style: index,
        });
    }
    let implicit = doc.personas.is_empty();
    if implicit {
        personas.push(Persona {
            key: "customer".to_owned(),
            name: "Customer".to_owned(),
            role: None,
            description: None,
            quote: None,
            goals: Vec::new(),
            frustrations: Vec::new(),
            color: Color::from_rgb(PALETTE[0]),
            style: 0,
        });
    }
    (personas, ids, implicit)
}

fn validate_stages(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Stage>, IdTable) {
    let mut ids = IdTable::new("stage");
    let mut stages = Vec::new();
    let Some(doc_stages) = &doc.stages else {
        for (key, name) in STANDARD_STAGES {
            ids.define(&Text::new(key.to_owned(), Span::default()), diagnostics);
            stages.push(Stage {
                key: key.to_owned(),
                name: name.to_owned(),
                goal: None,
                description: None,
            });
        }
        return (stages, ids);
    };
    if doc_stages.is_empty() {
        diagnostics.push(
            Diagnostic::error("no-stages", "`stages` is empty")
                .at(doc.touchpoints_span)
                .with_hint("list at least one stage, or remove `stages:` to use the standard five"),
        );
    }
    for stage in doc_stages {
        let name = match (&stage.name, builtins::standard_stage_name(&stage.id.value)) {
            (Some(name), _) => name.value.clone(),
            (None, Some(standard)) => standard.to_owned(),
            (None, None) => {
                let standard_ids = STANDARD_STAGES.iter().map(|(k, _)| *k).chain(["purchase"]);
                diagnostics.push(
                    Diagnostic::error(
                        "stage-needs-name",
                        format!("stage `{}` is not a standard stage, so it needs a `name`", stage.id.value),
                    )
                    .at(stage.id.span)
                    .suggest(&stage.id.value, standard_ids)
                    .with_hint(format!(
                        "write `- {{ id: {}, name: ... }}`; standard stages (awareness, consideration, decision or purchase, retention, advocacy) need no name",
                        stage.id.value
                    )),
                );
                stage.id.value.clone()
            }
        };
        if let Some(other) = builtins::stage_alias_of(&stage.id.value)
            && ids.get(other).is_some()
        {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "`{}` and `{other}` are the same standard stage",
                        stage.id.value
                    ),
                )
                .at(stage.id.span)
                .with_hint("keep one of them; give it a `name` to change how it is shown"),
            );
            continue;
        }
        if ids.define(&stage.id, diagnostics) {
            stages.push(Stage {
                key: stage.id.value.clone(),
                name,
                goal: text(&stage.goal),
                description: text(&stage.description),
            });
        }
    }
    (stages, ids)
}

fn validate_channels(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Channel>, IdTable) {
    let mut ids = IdTable::new("channel");
    let mut channels = Vec::new();
    for channel in &doc.channels {
        let builtin = BuiltinChannel::from_id(&channel.id.value);
        let name = match (&channel.name, builtin) {
            (Some(name), _) => name.value.clone(),
            (None, Some(b)) => b.name().to_owned(),
            (None, None) => {
                diagnostics.push(
                    Diagnostic::error(
                        "channel-needs-name",
                        format!(
                            "channel `{}` is not built in, so it needs a `name`",
                            channel.id.value
                        ),
                    )
                    .at(channel.id.span)
                    .suggest(
                        &channel.id.value,
                        BuiltinChannel::ALL.iter().map(|b| b.id()),
                    )
                    .with_hint(format!("write `{}: {{ name: ... }}`", channel.id.value)),
                );
                channel.id.value.clone()
            }
        };
        if ids.define(&channel.id, diagnostics) {
            channels.push(Channel {
                key: channel.id.value.clone(),
                name,
                builtin,
            });
        }
    }
    // Built-in channels not declared are defined after the declared ones.
    for builtin in BuiltinChannel::ALL {
        if ids.get(builtin.id()).is_none() {
            ids.define(
                &Text::new(builtin.id().to_owned(), Span::default()),
                diagnostics,
            );
            channels.push(Channel {
                key: builtin.id().to_owned(),
                name: builtin.name().to_owned(),
                builtin: Some(*builtin),
            });
        }
    }
    (channels, ids)
}

struct Context<'a> {
    scale: Scale,
    everyone: &'a [PersonaId],
    persona_ids: &'a IdTable,
    implicit_persona: bool,
    stage_ids: &'a IdTable,
    channel_ids: &'a IdTable,
    touchpoint_ids: &'a IdTable,
}

fn validate_touchpoint(
    tp: &TouchpointDoc,
    index: usize,
    count: usize,
    cx: &Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Touchpoint> {
    let key = tp.id.as_ref().map(|t| t.value.clone());
    let referrer = match &key {
        Some(key) => format!("touchpoint `{key}`"),
        None => "a touchpoint".to_owned(),
    };
    let stage = tp.stage.as_ref().and_then(|stage| {
        cx.stage_ids
            .get(&stage.value)
            .or_else(|| {
                builtins::stage_alias_of(&stage.value).and_then(|other| cx.stage_ids.get(other))
            })
            .or_else(|| cx.stage_ids.resolve(stage, &referrer, diagnostics))
    });
    let channel = tp
        .channel
        .as_ref()
        .and_then(|c| cx.channel_ids.resolve(c, &referrer, diagnostics));

    let resolve_persona = |id: &Text, diagnostics: &mut Vec<Diagnostic>| {
        if cx.implicit_persona {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-ref",
                    format!("unknown persona `{}` in {referrer}", id.value),
                )
                .at(id.span)
                .with_hint("the map has no `personas:`; define them at the top level, or give `emotion` as a single number"),
            );
            return None;
        }
        cx.persona_ids.resolve(id, &referrer, diagnostics)
    };

    let check_score = |score: f64, span: Span, who: &str, diagnostics: &mut Vec<Diagnostic>| {
        if score < cx.scale.min || score > cx.scale.max {
            diagnostics.push(
                Diagnostic::error(
                    "emotion-range",
                    format!(
                        "emotion {} {who}is outside the scale {} to {}",
                        format_number(score),
                        format_number(cx.scale.min),
                        format_number(cx.scale.max)
                    ),
                )
                .at(span)
                .with_hint("change the score, or set `emotion_scale: { min: ..., max: ... }` at the top of the map"),
            );
        }
    };

    let listed: Option<Vec<PersonaId>> = tp.personas.as_ref().map(|ids| {
        let mut resolved: Vec<PersonaId> = ids
            .iter()
            .filter_map(|id| resolve_persona(id, diagnostics).map(PersonaId::from_index))
            .collect();
        resolved.sort();
        resolved.dedup();
        resolved
    });

    let (personas, emotions) = match &tp.emotion {
        Some(EmotionDoc::PerPersona(scores)) => {
            let mut emotions: Vec<(PersonaId, f64)> = Vec::new();
            // Which personas are scored already: a set, not a scan of `emotions`, which
            // was quadratic in the number of personas on a touchpoint.
            let mut scored = vec![false; cx.everyone.len()];
            for (persona, score) in scores {
                check_score(
                    score.value,
                    score.span,
                    &format!("for `{}` ", persona.value),
                    diagnostics,
                );
                if let Some(p) = resolve_persona(persona, diagnostics) {
                    if std::mem::replace(&mut scored[p], true) {
                        diagnostics.push(
                            Diagnostic::error(
                                "duplicate-key",
                                format!("persona `{}` is scored twice", persona.value),
                            )
                            .at(persona.span),
                        );
                    }
                    emotions.push((PersonaId::from_index(p), score.value));
                }
            }
            emotions.sort_by_key(|(p, _)| *p);
            let personas: Vec<PersonaId> = emotions.iter().map(|(p, _)| *p).collect();
            if let (Some(listed), Some(written)) = (&listed, &tp.personas)
                && *listed != personas
            {
                let span = written.first().map_or(tp.span, |t| t.span);
                diagnostics.push(
                    Diagnostic::warning(
                        "personas-mismatch",
                        format!("{referrer} lists `personas` that differ from the keys of its `emotion`"),
                    )
                    .at(span)
                    .with_hint("the keys of `emotion` decide who is on the touchpoint; drop `personas` or make them match"),
                );
            }
            (personas, emotions)
        }
        Some(EmotionDoc::Everyone(score)) => {
            check_score(score.value, score.span, "", diagnostics);
            let personas = listed.unwrap_or_else(|| cx.everyone.to_vec());
            let emotions = personas.iter().map(|p| (*p, score.value)).collect();
            (personas, emotions)
        }
        None => (listed.unwrap_or_else(|| cx.everyone.to_vec()), Vec::new()),
    };

    let next = match &tp.next {
        Some(ids) => {
            let mut next: Vec<TouchpointId> = Vec::with_capacity(ids.len());
            for id in ids {
                let Some(target) = cx.touchpoint_ids.resolve(id, &referrer, diagnostics) else {
                    continue;
                };
                let target = TouchpointId::from_index(target);
                if next.contains(&target) {
                    diagnostics.push(
                        Diagnostic::warning(
                            "duplicate-next",
                            format!("`{}` is listed twice in the `next` of {referrer}", id.value),
                        )
                        .at(id.span)
                        .with_hint("list each following touchpoint once"),
                    );
                } else {
                    next.push(target);
                }
            }
            next
        }
        None if index + 1 < count => vec![TouchpointId::from_index(index + 1)],
        None => Vec::new(),
    };

    Some(Touchpoint {
        key: key?,
        stage: StageId::from_index(stage?),
        name: tp.name.as_ref()?.value.clone(),
        description: text(&tp.description),
        channel: channel.map(ChannelId::from_index),
        actions: texts(&tp.actions),
        thoughts: texts(&tp.thoughts),
        personas,
        emotions,
        pain_points: texts(&tp.pain_points),
        opportunities: texts(&tp.opportunities),
        metrics: tp
            .metrics
            .iter()
            .map(|(k, v)| (k.value.clone(), v.value.clone()))
            .collect(),
        owner: text(&tp.owner),
        next,
    })
}

/// The persona's path: from its first touchpoint, follow `next`, taking at each branch
/// the nearest touchpoint (breadth-first, in `next` order) that the persona is on. A
/// touchpoint the walk cannot reach starts a new stretch, so no scored touchpoint is lost.
fn persona_path(map: &Map, persona: PersonaId) -> PersonaPath {
    let count = map.touchpoints.len();
    let on: Vec<bool> = map
        .touchpoints
        .iter()
        .map(|t| t.personas.binary_search(&persona).is_ok())
        .collect();
    let mut visited = vec![false; count];
    let mut steps = Vec::new();
    let mut seen_in_search = vec![usize::MAX; count];
    // Performance: a search that finds nothing has explored everything reachable from
    // `current`, and none of that can ever lead to an unvisited touchpoint the persona
    // is on (`visited` only grows), so it is marked `dead` and never explored again.
    // Before, every stretch of a path ended with a search of the rest of the map, and
    // a map with many branches whose targets all carry the persona (the target not
    // taken starts a stretch of its own at the end) cost stretches × touchpoints.
    // Skipping dead touchpoints changes no path: anything reached through a dead
    // touchpoint is dead too, so live ones are found in the same order as before.
    let mut dead = vec![false; count];
    // The search queue, kept whole (`head` is its front): after a search that found
    // nothing, it lists exactly the touchpoints explored.
    let mut queue: Vec<usize> = Vec::new();
    for start in 0..count {
        if !on[start] || visited[start] {
            continue;
        }
        let mut current = start;
        loop {
            visited[current] = true;
            steps.push(TouchpointId::from_index(current));
            // Breadth-first search for the nearest unvisited touchpoint the persona is on.
            queue.clear();
            queue.push(current);
            let mut head = 0;
            seen_in_search[current] = current;
            let mut found = None;
            'search: while let Some(&at) = queue.get(head) {
                head += 1;
                for &next in &map.touchpoints[at].next {
                    let n = next.index();
                    if dead[n] || seen_in_search[n] == current {
                        continue;
                    }
                    seen_in_search[n] = current;
                    if on[n] && !visited[n] {
                        found = Some(n);
                        break 'search;
                    }
                    queue.push(n);
                }
            }
            match found {
                Some(n) => current = n,
                None => {
                    for &n in &queue {
                        dead[n] = true;
                    }
                    break;
                }
            }
        }
    }
    let scores = steps
        .iter()
        .filter_map(|&t| map.touchpoint(t).emotion_of(persona).map(|s| (t, s)))
        .collect();
    PersonaPath {
        persona,
        steps,
        scores,
    }
}

fn warn(map: &Map, doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) {
    let id_span = |t: TouchpointId| doc.touchpoints[t.index()].id.as_ref().map(|id| id.span);
    if let Some(first) = map.touchpoint_ids().next() {
        let mut reached = vec![false; map.touchpoints.len()];
        let mut dfs = Dfs::new(&map.flow, first.node());
        while let Some(node) = dfs.next(&map.flow) {
            reached[node.index()] = true;
        }
        for t in map.touchpoint_ids().filter(|t| !reached[t.index()]) {
            let mut d = Diagnostic::warning(
                "unreachable",
                format!(
                    "touchpoint `{}` cannot be reached from the first touchpoint `{}`",
                    map.touchpoint(t).key,
                    map.touchpoint(first).key
                ),
            )
            .with_hint("add its id to the `next` of a touchpoint before it");
            if let Some(span) = id_span(t) {
                d = d.at(span);
            }
            diagnostics.push(d);
        }
    }
    if let Some(doc_stages) = &doc.stages {
        // Performance: which stages have touchpoints, in one pass over the touchpoints
        // rather than one search per stage (stages × touchpoints for unused stages).
        let mut used = vec![false; map.stages.len()];
        for touchpoint in &map.touchpoints {
            if let Some(used) = used.get_mut(touchpoint.stage.index()) {
                *used = true;
            }
        }
        for (index, stage) in map.stages.iter().enumerate() {
            if !used[index] {
                let span = doc_stages
                    .iter()
                    .find(|s| s.id.value == stage.key)
                    .map(|s| s.id.span);
                let mut d = Diagnostic::warning(
                    "empty-stage",
                    format!("stage `{}` has no touchpoints", stage.key),
                )
                .with_hint("add touchpoints with this `stage`, or remove the stage");
                if let Some(span) = span {
                    d = d.at(span);
                }
                diagnostics.push(d);
            }
        }
    }
    if map.implicit_persona {
        return;
    }
    for (path, persona_doc) in map.paths.iter().zip(&doc.personas) {
        let persona = map.persona(path.persona);
        if path.steps.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "idle-persona",
                    format!("persona `{}` is on no touchpoint", persona.key),
                )
                .at(persona_doc.id.span)
                .with_hint("add it to a touchpoint's `personas` or `emotion`, or remove it"),
            );
        } else if path.scores.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "unscored-persona",
                    format!(
                        "persona `{}` has no emotion score, so it has no curve",
                        persona.key
                    ),
                )
                .at(persona_doc.id.span)
                .with_hint("give touchpoints an `emotion` for this persona"),
            );
        }
    }
}
