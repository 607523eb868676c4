//! `theme:`: the stage colours resolved to stages, the persona palette and the font name.

use super::ids::IdTable;
use super::personas::parse_color;
use crate::diag::Diagnostic;
use crate::format::MapDoc;
use crate::model::MapTheme;

/// The map's theme; without `theme:` every stage keeps its default colour.
pub(super) fn validate_theme(
    doc: &MapDoc,
    stage_count: usize,
    stage_ids: &IdTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> MapTheme {
    let mut theme = MapTheme {
        stage_colors: vec![None; stage_count],
        ..MapTheme::default()
    };
    let Some(written) = &doc.theme else {
        return theme;
    };
    for (stage, color) in &written.stages {
        let index = stage_ids.resolve(stage, "`stages` of `theme`", diagnostics);
        let color = parse_color(color, diagnostics);
        if let (Some(index), Some(color)) = (index, color)
            && let Some(slot) = theme.stage_colors.get_mut(index)
        {
            *slot = Some(color);
        }
    }
    // A bad colour is reported once, where the personas take their colours.
    theme.palette = written
        .personas
        .iter()
        .filter_map(|c| crate::color::Color::parse(&c.value))
        .collect();
    theme.font = written.font.as_ref().map(|f| f.value.trim().to_owned());
    theme
}
