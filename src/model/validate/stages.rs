//! Stages: the file's `stages:` list, or the five standard ones when it has none.

use super::ids::IdTable;
use super::text;
use crate::diag::Diagnostic;
use crate::format::{MapDoc, StageDoc};
use crate::model::Stage;
use crate::model::builtins::{self, STANDARD_STAGES};

pub(super) fn validate_stages(
    doc: &MapDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Stage>, IdTable) {
    let Some(doc_stages) = &doc.stages else {
        return standard_stages(diagnostics);
    };
    let mut ids = IdTable::new("stage");
    let mut stages = Vec::new();
    if doc_stages.is_empty() {
        diagnostics.push(
            Diagnostic::error("no-stages", "`stages` is empty")
                .at(doc.stages_span)
                .with_label("no stages listed")
                .with_hint("list at least one stage, or remove `stages:` to use the standard five"),
        );
    }
    for stage in doc_stages {
        let name = stage_name(stage, diagnostics);
        if is_alias_of_defined(stage, &ids, diagnostics) {
            continue;
        }
        if ids.define_named(&stage.id, Some(&name), diagnostics) {
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

/// The five standard stages, for a map without `stages:`.
fn standard_stages(diagnostics: &mut Vec<Diagnostic>) -> (Vec<Stage>, IdTable) {
    let mut ids = IdTable::new("stage");
    let mut stages = Vec::new();
    for (key, name) in STANDARD_STAGES {
        ids.define_builtin(key, name, diagnostics);
        stages.push(Stage {
            key: key.to_owned(),
            name: name.to_owned(),
            goal: None,
            description: None,
        });
    }
    (stages, ids)
}

/// The written name, or the standard stage's; a stage that is neither needs one.
fn stage_name(stage: &StageDoc, diagnostics: &mut Vec<Diagnostic>) -> String {
    match (&stage.name, builtins::standard_stage_name(&stage.id.value)) {
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
    }
}

/// Reports `purchase` after `decision` (or the other way round): the same standard stage.
fn is_alias_of_defined(stage: &StageDoc, ids: &IdTable, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let Some(other) = builtins::stage_alias_of(&stage.id.value) else {
        return false;
    };
    if ids.get(other).is_none() {
        return false;
    }
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
    true
}
