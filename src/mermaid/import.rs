//! A [`Journey`] as journeymap YAML: sections to stages, tasks to touchpoints, actors
//! to personas, scores to emotions on the default 1..5 scale.
//!
//! Ids are derived from names (lowercase ASCII, `[a-z0-9][a-z0-9_-]*`, common
//! accented letters folded) and made unique with `-2`, `-3`. Every string goes
//! through [`yaml::scalar`], so the file loads back as written.

use std::collections::{HashMap, HashSet};

use super::{Journey, Task, yaml};
use crate::id_syntax::id_from_name;
use crate::model::builtins;
use crate::number::num;

/// The name of the stage for tasks written before the first section.
pub const NO_SECTION: &str = "No section";

/// Ids of one kind, each made unique with `-2`, `-3`, ...
struct Ids {
    taken: HashSet<String>,
    /// The next suffix to try for each base id, so many equal names stay linear.
    next: HashMap<String, usize>,
    fallback: &'static str,
    /// Stage ids: `decision` and `purchase` are one standard stage, so taking one takes both.
    stages: bool,
}

impl Ids {
    fn new(fallback: &'static str, stages: bool) -> Self {
        Ids {
            taken: HashSet::new(),
            next: HashMap::new(),
            fallback,
            stages,
        }
    }

    fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
            || (self.stages && builtins::stage_alias_of(id).is_some_and(|a| self.taken.contains(a)))
    }

    fn unique(&mut self, name: &str) -> String {
        let mut base = id_from_name(name);
        if base.is_empty() {
            base = self.fallback.to_owned();
        }
        let mut id = base.clone();
        let mut n = self.next.get(&base).copied().unwrap_or(2);
        while self.is_taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.next.insert(base, n);
        self.taken.insert(id.clone());
        id
    }
}

/// The file name without folders and extension, as a fallback title.
fn stem(source: &str) -> String {
    std::path::Path::new(source)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "Imported journey".to_owned())
}

/// The tasks grouped into touchpoints: a task marked as more of the touchpoint above
/// joins that task's group (the parser checked that it fits).
fn touchpoints(journey: &Journey) -> Vec<Vec<&Task>> {
    let mut groups: Vec<Vec<&Task>> = Vec::new();
    for task in &journey.tasks {
        match groups.last_mut() {
            Some(group) if task.same_touchpoint => group.push(task),
            _ => groups.push(vec![task]),
        }
    }
    groups
}

/// The `emotion` or `personas` lines of one touchpoint from its tasks: each actor
/// with its task's score; a task without actors scores every persona (or the one
/// implicit persona); a task without a score only says who is on the touchpoint.
fn emotion<'a>(group: &[&Task], id_of: &impl Fn(&str) -> &'a str) -> String {
    let task = group[0];
    let ids: Vec<String> = task.actors.iter().map(|a| yaml::scalar(id_of(a))).collect();
    match (task.score, ids.is_empty()) {
        (Some(score), true) => format!("    emotion: {}\n", num(score)),
        (Some(_), false) => {
            let pairs: Vec<String> = group
                .iter()
                .flat_map(|task| {
                    let score = num(task.score.unwrap_or_default());
                    task.actors
                        .iter()
                        .map(move |a| format!("{}: {score}", yaml::scalar(id_of(a))))
                })
                .collect();
            format!("    emotion: {{ {} }}\n", pairs.join(", "))
        }
        (None, false) => format!("    personas: [{}]\n", ids.join(", ")),
        (None, true) => String::new(),
    }
}

/// Writes the journey as a journeymap map. `source` names the Mermaid file in the
/// header comment and gives the title when the journey has none.
pub fn to_yaml(journey: &Journey, source: &str) -> String {
    let mut out = String::new();
    let source_line: String = source
        .chars()
        .map(|c| {
            if crate::controls::is_control(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    out.push_str(&format!(
        "# Imported from {source_line} by `journeymap import`.\n\
         # Mermaid sections are stages, tasks are touchpoints, actors are personas, and\n\
         # each task's score is the emotion of its actors on the default 1 to 5 scale.\n\
         # Add pain points, opportunities, channels and more: run `journeymap docs format`.\n\n"
    ));
    let title = journey
        .title
        .clone()
        .or_else(|| journey.acc_title.clone())
        .unwrap_or_else(|| stem(source));
    out.push_str(&format!("title: {}\n", yaml::scalar(&title)));
    if let Some(descr) = &journey.acc_descr {
        out.push_str(&format!("scenario:{}\n", yaml::text_value(descr, 2)));
    }
    if let Some(acc_title) = journey
        .acc_title
        .as_ref()
        .filter(|t| Some(*t) != journey.title.as_ref())
    {
        out.push_str(
            "# Mermaid's accessible title, kept for reference (journeymap ignores x- keys).\n",
        );
        out.push_str(&format!(
            "x-mermaid-acc-title: {}\n",
            yaml::scalar(acc_title)
        ));
    }

    let actors = journey.actors();
    let mut persona_ids = Ids::new("persona", false);
    let actor_ids: Vec<(&str, String)> = actors
        .iter()
        .map(|&actor| (actor, persona_ids.unique(actor)))
        .collect();
    let by_actor: HashMap<&str, &str> = actor_ids
        .iter()
        .map(|(actor, id)| (*actor, id.as_str()))
        .collect();
    let id_of = |actor: &str| by_actor.get(actor).copied().unwrap_or_default();
    if !actor_ids.is_empty() {
        out.push_str("\npersonas:\n");
        for (actor, id) in &actor_ids {
            out.push_str(&format!(
                "  {}:\n    name: {}\n",
                yaml::scalar(id),
                yaml::scalar(actor)
            ));
        }
    }

    let mut stage_ids = Ids::new("stage", true);
    let unsectioned = journey.tasks.iter().any(|t| t.section.is_none());
    let no_section_id = unsectioned.then(|| stage_ids.unique(NO_SECTION));
    let section_ids: Vec<String> = journey
        .sections
        .iter()
        .map(|s| stage_ids.unique(&s.name))
        .collect();
    out.push_str("\nstages:\n");
    if let Some(id) = &no_section_id {
        out.push_str(&format!(
            "  - id: {}\n    name: {}\n",
            yaml::scalar(id),
            yaml::scalar(NO_SECTION)
        ));
    }
    for (section, id) in journey.sections.iter().zip(&section_ids) {
        out.push_str(&format!(
            "  - id: {}\n    name: {}\n",
            yaml::scalar(id),
            yaml::scalar(&section.name)
        ));
    }

    let mut touchpoint_ids = Ids::new("task", false);
    out.push_str("\ntouchpoints:\n");
    for group in touchpoints(journey) {
        let task = group[0];
        let stage = match task.section {
            Some(i) => section_ids.get(i).map(String::as_str),
            None => no_section_id.as_deref(),
        }
        .unwrap_or_default();
        out.push_str(&format!(
            "  - id: {}\n    stage: {}\n    name: {}\n",
            yaml::scalar(&touchpoint_ids.unique(&task.name)),
            yaml::scalar(stage),
            yaml::scalar(&task.name)
        ));
        out.push_str(&emotion(&group, &id_of));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique() {
        let mut ids = Ids::new("task", false);
        assert_eq!(ids.unique("Make tea"), "make-tea");
        assert_eq!(ids.unique("make TEA"), "make-tea-2");
        assert_eq!(ids.unique("日本語"), "task");
        assert_eq!(ids.unique("中文"), "task-2");
        let mut stages = Ids::new("stage", true);
        assert_eq!(stages.unique("Decision"), "decision");
        assert_eq!(stages.unique("Purchase"), "purchase-2");
    }
}
