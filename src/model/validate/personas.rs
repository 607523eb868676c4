//! Personas: their ids, colours and line styles, or the implicit "Customer".

use super::ids::IdTable;
use super::{text, texts};
use crate::color::{Color, NAMED_COLORS, PALETTE};
use crate::diag::Diagnostic;
use crate::format::{MapDoc, PersonaDoc};
use crate::model::Persona;

/// The personas of a map and the table to resolve references to them.
pub(super) struct Personas {
    pub personas: Vec<Persona>,
    pub ids: IdTable,
    /// True when the file names no personas and one stands in for "the customer".
    pub implicit: bool,
}

pub(super) fn validate_personas(doc: &MapDoc, diagnostics: &mut Vec<Diagnostic>) -> Personas {
    let mut ids = IdTable::new("persona");
    let mut personas = Vec::new();
    for persona in &doc.personas {
        let name = persona.name.as_ref().map(|n| n.value.as_str());
        if ids.define_named(&persona.id, name, diagnostics) {
            let index = personas.len();
            personas.push(persona_of(persona, index, diagnostics));
        }
    }
    let implicit = doc.personas.is_empty();
    if implicit {
        personas.push(customer());
    }
    Personas {
        personas,
        ids,
        implicit,
    }
}

/// The persona at `index` (its style and default colour follow from it).
fn persona_of(persona: &PersonaDoc, index: usize, diagnostics: &mut Vec<Diagnostic>) -> Persona {
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
        color: color_of(persona, index, diagnostics),
        style: index,
    }
}

/// The written colour, or the palette's for this index (also after a bad colour).
fn color_of(persona: &PersonaDoc, index: usize, diagnostics: &mut Vec<Diagnostic>) -> Color {
    let palette = || Color::from_rgb(PALETTE[index % PALETTE.len()]);
    let Some(written) = &persona.color else {
        return palette();
    };
    Color::parse(&written.value).unwrap_or_else(|| {
        diagnostics.push(
            Diagnostic::error(
                "bad-color",
                format!("`{}` is not a colour journeymap accepts", written.value),
            )
            .at(written.span)
            .suggest(&written.value, NAMED_COLORS.iter().map(|(n, _)| *n))
            .with_hint("write `#rgb`, `#rrggbb` or a CSS colour name such as `teal`"),
        );
        palette()
    })
}

/// The persona that stands in when the file names none.
fn customer() -> Persona {
    Persona {
        key: "customer".to_owned(),
        name: "Customer".to_owned(),
        role: None,
        description: None,
        quote: None,
        goals: Vec::new(),
        frustrations: Vec::new(),
        color: Color::from_rgb(PALETTE[0]),
        style: 0,
    }
}
