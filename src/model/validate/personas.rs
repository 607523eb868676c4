//! Personas: their ids, colours and line styles, or the implicit "Customer".

use super::ids::IdTable;
use super::{text, texts};
use crate::color::{Color, NAMED_COLORS, PALETTE};
use crate::diag::Diagnostic;
use crate::format::{MapDoc, PersonaDoc, Text};
use crate::model::Persona;

/// The personas of a map and the table to resolve references to them.
pub(super) struct Personas {
    pub personas: Vec<Persona>,
    pub ids: IdTable,
    /// True when the file names no personas and one stands in for "the customer".
    pub implicit: bool,
}

pub(super) fn validate_personas(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Personas {
    let palette = palette(doc, diagnostics);
    let mut ids = IdTable::new("persona");
    let mut personas = Vec::new();
    for persona in &doc.personas {
        let name = persona.name.as_ref().map(|n| n.value.as_str());
        if ids.define_named(&persona.id, name, diagnostics) {
            let index = personas.len();
            personas.push(persona_of(persona, index, &palette, diagnostics));
        }
    }
    let implicit = doc.personas.is_empty();
    if implicit {
        personas.push(customer(&palette));
    }
    Personas {
        personas,
        ids,
        implicit,
    }
}

/// The colours of personas without their own: the theme's `personas`, or
/// [`PALETTE`]. A bad colour is reported and left out.
fn palette(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Vec<Color> {
    let themed: Vec<Color> = doc
        .theme
        .iter()
        .flat_map(|theme| &theme.personas)
        .filter_map(|written| parse_color(written, diagnostics))
        .collect();
    if themed.is_empty() {
        PALETTE.iter().map(|rgb| Color::from_rgb(*rgb)).collect()
    } else {
        themed
    }
}

/// A colour the file wrote, or an error at it.
pub(super) fn parse_color(written: &Text, diagnostics: &mut Vec<Diagnostic>) -> Option<Color> {
    let color = Color::parse(&written.value);
    if color.is_none() {
        diagnostics.push(
            Diagnostic::error(
                "bad-color",
                format!("`{}` is not a colour journeymap accepts", written.value),
            )
            .at(written.span)
            .suggest(&written.value, NAMED_COLORS.iter().map(|(n, _)| *n))
            .with_hint("write `#rgb`, `#rrggbb` or a CSS colour name such as `teal`"),
        );
    }
    color
}

/// The persona at `index` (its style and default colour follow from it).
fn persona_of(
    persona: &PersonaDoc,
    index: usize,
    palette: &[Color],
    diagnostics: &mut Vec<Diagnostic>,
) -> Persona {
    Persona {
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
        color: color_of(persona, index, palette, diagnostics),
        style: index,
    }
}

/// The written colour, or the palette's for this index (also after a bad colour).
fn color_of(
    persona: &PersonaDoc,
    index: usize,
    palette: &[Color],
    diagnostics: &mut Vec<Diagnostic>,
) -> Color {
    let from_palette = || palette[index % palette.len()].clone();
    let Some(written) = &persona.color else {
        return from_palette();
    };
    parse_color(written, diagnostics).unwrap_or_else(from_palette)
}

/// The persona that stands in when the file names none.
fn customer(palette: &[Color]) -> Persona {
    Persona {
        key: "customer".to_owned(),
        name: "Customer".to_owned(),
        role: None,
        description: None,
        quote: None,
        goals: Vec::new(),
        frustrations: Vec::new(),
        color: palette[0].clone(),
        style: 0,
    }
}
