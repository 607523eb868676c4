//! Labels: the words the outputs add, in the map's `lang` (English when journeymap
//! has no translation, with a warning), then the map's own `labels:` on top. The
//! standard stages and built-in channels the map did not name take their names
//! from the same labels.

use crate::diag::Diagnostic;
use crate::format::MapDoc;
use crate::i18n::{self, Label, Labels};
use crate::model::{Channel, Stage};

pub(super) fn validate_labels(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Labels {
    let mut labels = match &doc.lang {
        None => Labels::english(),
        Some(lang) => Labels::for_language(&lang.value).unwrap_or_else(|| {
            diagnostics.push(
                Diagnostic::warning(
                    "untranslated-lang",
                    format!(
                        "journeymap has no labels in `{}`, so the words it adds are in English",
                        lang.value
                    ),
                )
                .at(lang.span)
                .with_label("no translation for this language")
                .with_hint(format!(
                    "write your own under `labels:` (`journeymap docs format` lists them), or use one of the shipped languages: {}",
                    i18n::language_codes()
                )),
            );
            Labels::english()
        }),
    };
    for (name, text) in &doc.labels {
        match Label::from_name(&name.value) {
            Some(label) => labels.set(label, text.value.clone()),
            None => diagnostics.push(
                Diagnostic::error(
                    "unknown-label",
                    format!("`{}` is not a label journeymap uses", name.value),
                )
                .at(name.span)
                .suggest(&name.value, Label::ALL.iter().map(|l| l.name()))
                .with_hint("`journeymap docs format` lists every label under \"Labels\""),
            ),
        }
    }
    labels
}

/// Names the standard stages and built-in channels the map did not name itself in
/// the map's language.
pub(super) fn name_builtins(
    doc: &MapDoc,
    labels: &Labels,
    stages: &mut [Stage],
    channels: &mut [Channel],
) {
    for stage in stages.iter_mut() {
        let written = doc
            .stages
            .iter()
            .flatten()
            .any(|s| s.id.value == stage.key && s.name.is_some());
        if let (false, Some(label)) = (written, Label::for_standard_stage(&stage.key)) {
            stage.name = labels.get(label).to_owned();
        }
    }
    for channel in channels.iter_mut().filter(|c| c.builtin.is_some()) {
        let written = doc
            .channels
            .iter()
            .any(|c| c.id.value == channel.key && c.name.is_some());
        if let (false, Some(label)) = (written, Label::for_builtin_channel(&channel.key)) {
            channel.name = labels.get(label).to_owned();
        }
    }
}
