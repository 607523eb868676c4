//! Structure-aware fuzzing: `arbitrary` builds maps that are mostly valid (known
//! keys, plausible ids and references, odd text and numbers), written out as YAML,
//! so the fuzzer spends its time in validation, layout and rendering rather than in
//! the YAML parser. Invariants: a valid map builds; every persona with scores has
//! exactly one curve point per scored touchpoint; the SVG is well-formed enough to
//! have matching `<svg` and `</svg>`; every blueprint item of the model has one
//! card in the layout.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct FuzzMap {
    title: Text,
    scenario: Option<Text>,
    scale: Option<(i8, i8)>,
    personas: Vec<(u8, Text, Option<u8>)>,
    custom_stages: Option<Vec<(u8, Text)>>,
    touchpoints: Vec<FuzzTouchpoint>,
    /// Blueprint lanes: role (one in five is not a role), name, owner.
    lanes: Vec<(u8, Text, Option<Text>)>,
}

#[derive(Arbitrary, Debug)]
struct FuzzTouchpoint {
    stage: u8,
    name: Text,
    channel: Option<u8>,
    emotion: Option<Emotion>,
    lists: Vec<(u8, Text)>,
    next: Option<Vec<u8>>,
    /// Blueprint items: lane (one past the last is an unknown lane), text, fail point, wait.
    cells: Vec<(u8, Text, bool, Option<Text>)>,
}

#[derive(Arbitrary, Debug)]
enum Emotion {
    All(i8, u8),
    Per(Vec<(u8, i8)>),
}

/// Text from a small vocabulary of troublemakers plus arbitrary strings.
#[derive(Arbitrary, Debug)]
enum Text {
    Plain(String),
    Word(u8, u8),
}

const WORDS: &[&str] = &[
    "a", "Checkout", "顧客の旅", "👩‍👩‍👧", "<script>x</script>", "&amp;", "\"quoted\"", "it's",
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerk", "\u{202e}rtl", "x\ty", "ℕ",
    "{{ x }}", "", " ", "🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀", "ﷺ", "e\u{301}", "ZWJ\u{200d}", "%%",
];

impl Text {
    fn yaml(&self) -> String {
        let s = match self {
            Text::Plain(s) => s.clone(),
            Text::Word(w, n) => vec![WORDS[*w as usize % WORDS.len()]; 1 + *n as usize % 12].join(" "),
        };
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json_string(&s)
    }
}

fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{85}' || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const STAGES: &[&str] = &["awareness", "consideration", "decision", "purchase", "retention", "advocacy"];
const CHANNELS: &[&str] = &["web", "mobile", "app", "email", "social", "store", "kiosk", "in-person"];
const LISTS: &[&str] = &["actions", "thoughts", "pain_points", "opportunities"];
const ROLES: &[&str] = &["physical_evidence", "frontstage", "backstage", "support", "front_stage"];

fn yaml(map: &FuzzMap) -> String {
    let mut y = format!("title: {}\n", map.title.yaml());
    if let Some(s) = &map.scenario {
        y += &format!("scenario: {}\n", s.yaml());
    }
    if let Some((min, max)) = map.scale {
        y += &format!("emotion_scale: {{ min: {min}, max: {max} }}\n");
    }
    let personas: Vec<String> = map.personas.iter().take(12).map(|(id, _, _)| format!("p{}", id % 16)).collect();
    if !personas.is_empty() {
        y += "personas:\n";
        for ((_, name, color), id) in map.personas.iter().take(12).zip(&personas) {
            y += &format!("  {id}:\n    name: {}\n", name.yaml());
            if let Some(c) = color {
                let colors = ["\"#2563eb\"", "\"#fa0\"", "teal", "\"nope\"", "RebeccaPurple"];
                y += &format!("    color: {}\n", colors[*c as usize % colors.len()]);
            }
        }
    }
    let stage_ids: Vec<String> = match &map.custom_stages {
        Some(stages) => {
            y += "stages:\n";
            let ids: Vec<String> = stages.iter().take(8).map(|(id, _)| format!("s{}", id % 10)).collect();
            for ((_, name), id) in stages.iter().take(8).zip(&ids) {
                y += &format!("  - {{ id: {id}, name: {} }}\n", name.yaml());
            }
            ids
        }
        None => STAGES.iter().map(|s| s.to_string()).collect(),
    };
    if map.touchpoints.iter().any(|t| t.channel.is_some_and(|c| CHANNELS[c as usize % CHANNELS.len()] == "kiosk")) {
        y += "channels:\n  kiosk: { name: Kiosk }\n";
    }
    let lanes = map.lanes.len().min(8);
    if lanes > 0 {
        y += "lanes:\n";
        for (i, (role, name, owner)) in map.lanes.iter().take(8).enumerate() {
            y += &format!("  - {{ id: l{i}, role: {}, name: {}", ROLES[*role as usize % ROLES.len()], name.yaml());
            if let Some(owner) = owner {
                y += &format!(", owner: {}", owner.yaml());
            }
            y += " }\n";
        }
    }
    y += "touchpoints:\n";
    for (i, t) in map.touchpoints.iter().take(64).enumerate() {
        let stage = stage_ids.get(t.stage as usize % stage_ids.len().max(1)).cloned().unwrap_or_else(|| "awareness".into());
        y += &format!("  - id: t{i}\n    stage: {stage}\n    name: {}\n", t.name.yaml());
        if let Some(c) = t.channel {
            y += &format!("    channel: {}\n", CHANNELS[c as usize % CHANNELS.len()]);
        }
        match &t.emotion {
            Some(Emotion::All(score, frac)) => y += &format!("    emotion: {}\n", *score as f64 + f64::from(*frac % 4) / 4.0),
            Some(Emotion::Per(scores)) if !personas.is_empty() => {
                let mut seen = std::collections::BTreeSet::new();
                let entries: Vec<String> = scores
                    .iter()
                    .filter_map(|(p, s)| {
                        let id = &personas[*p as usize % personas.len()];
                        seen.insert(id.clone()).then(|| format!("{id}: {s}"))
                    })
                    .collect();
                y += &format!("    emotion: {{ {} }}\n", entries.join(", "));
            }
            _ => {}
        }
        for (kind, text) in t.lists.iter().take(8) {
            y += &format!("    {}: [{}]\n", LISTS[*kind as usize % LISTS.len()], text.yaml());
        }
        if let Some(next) = &t.next {
            let n = map.touchpoints.len().min(64).max(1);
            let targets: Vec<String> = next.iter().take(4).map(|j| format!("t{}", *j as usize % n)).collect();
            y += &format!("    next: [{}]\n", targets.join(", "));
        }
        if !t.cells.is_empty() {
            // The items of one lane in one list, lanes in the order they first appear.
            y += "    blueprint:\n";
            let mut by_lane: Vec<(usize, Vec<String>)> = Vec::new();
            for (lane, text, fail_point, wait) in t.cells.iter().take(12) {
                let lane = *lane as usize % (lanes + 1);
                let mut item = format!("{{ text: {}, fail_point: {fail_point}", text.yaml());
                if let Some(wait) = wait {
                    item += &format!(", wait: {}", wait.yaml());
                }
                item += " }";
                match by_lane.iter_mut().find(|(l, _)| *l == lane) {
                    Some((_, items)) => items.push(item),
                    None => by_lane.push((lane, vec![item])),
                }
            }
            for (lane, items) in by_lane {
                y += &format!("      l{lane}: [{}]\n", items.join(", "));
            }
        }
    }
    y
}

fuzz_target!(|map: FuzzMap| {
    let text = yaml(&map);
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("fuzz.yaml", text));
    let _ = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
    let Some(model) = &loaded.map else { return };
    let rendered = journeymap::build(model);
    assert!(rendered.svg.starts_with("<svg") && rendered.svg.trim_end().ends_with("</svg>"));
    let layout = journeymap::layout::layout(model, journeymap::layout::TextMeasurer::shared());
    if let Some(curve) = &layout.curve {
        for c in &curve.curves {
            assert_eq!(c.points.len(), model.paths[c.persona.index()].scores.len(), "one curve point per scored touchpoint");
        }
    }
    let items: usize = model.touchpoints.iter().flat_map(|t| &t.blueprint).map(|(_, items)| items.len()).sum();
    let cards: usize = layout.blueprint.iter().flat_map(|b| &b.lanes).map(|l| l.cards.len()).sum();
    assert_eq!(cards, items, "one card per blueprint item");
});
