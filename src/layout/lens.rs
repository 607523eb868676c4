//! The lens at the top of a map: its title, the scenario and one card per persona.

use serde::Serialize;

use super::blocks::{Stack, TextBlock, TextStyle, block};
use super::geometry::{GAP, LineKey, MARGIN, PAD, PERSONA_WIDTH, Rect};
use super::text::TextMeasurer;
use super::wording;
use crate::i18n::{Label, Labels};
use crate::model::{Map, Persona, PersonaId};

/// One persona's card in the lens at the top.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonaCard {
    #[serde(skip)]
    pub persona: PersonaId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "persona")]
    pub persona_key: String,
    pub rect: Rect,
    /// The stripe in the persona's colour down the card's left edge.
    pub stripe: Rect,
    /// The line-and-marker key of this persona.
    pub key: LineKey,
    pub texts: Vec<TextBlock>,
}

/// The placed lens and the y where it ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Lens {
    pub title: TextBlock,
    pub scenario: Option<TextBlock>,
    pub about: Option<TextBlock>,
    pub backing: Option<TextBlock>,
    pub personas: Vec<PersonaCard>,
    pub bottom: f64,
}

/// Title, scenario and persona cards, top-down from the page's margin.
pub(super) fn place_lens(map: &Map, m: &TextMeasurer, content_width: f64) -> Lens {
    let mut y = MARGIN;
    let title = block(m, &map.title, TextStyle::Title, MARGIN, y, content_width);
    y += title.rect.h + 8.0;
    let scenario = map.scenario.as_ref().map(|s| {
        let b = block(
            m,
            s,
            TextStyle::Scenario,
            MARGIN,
            y,
            content_width.min(900.0),
        );
        y += b.rect.h;
        b
    });
    let mut small_line = |text: String| {
        y += 6.0;
        let b = block(
            m,
            &text,
            TextStyle::Small,
            MARGIN,
            y,
            content_width.min(900.0),
        );
        y += b.rect.h;
        b
    };
    let about = wording::about(map).map(&mut small_line);
    let backing = map
        .backing
        .as_ref()
        .map(|b| small_line(wording::backing(&map.labels, b)));
    y += 20.0;
    let (personas, bottom) = place_persona_cards(map, m, y, content_width);
    Lens {
        title,
        scenario,
        about,
        backing,
        personas,
        bottom,
    }
}

/// Persona cards in rows that fit the content width; returns them and their bottom.
fn place_persona_cards(
    map: &Map,
    m: &TextMeasurer,
    top: f64,
    content_width: f64,
) -> (Vec<PersonaCard>, f64) {
    if map.implicit_persona {
        return (Vec::new(), top - 20.0);
    }
    let per_row = ((content_width + GAP) / (PERSONA_WIDTH + GAP))
        .floor()
        .max(1.0) as usize;
    let mut cards: Vec<PersonaCard> = Vec::new();
    let mut row_top = top;
    for (row_index, row) in map.personas.chunks(per_row).enumerate() {
        let first_index = row_index * per_row;
        let mut row_cards: Vec<PersonaCard> = row
            .iter()
            .enumerate()
            .map(|(i, persona)| {
                let x = MARGIN + i as f64 * (PERSONA_WIDTH + GAP);
                let id = PersonaId::from_index(first_index + i);
                persona_card(m, &map.labels, id, persona, x, row_top)
            })
            .collect();
        // Cards in one row share a height.
        let row_height = row_cards.iter().map(|c| c.rect.h).fold(0.0, f64::max);
        for card in &mut row_cards {
            card.rect.h = row_height;
            card.stripe.h = row_height;
        }
        row_top += row_height + GAP;
        cards.extend(row_cards);
    }
    (cards, row_top - GAP)
}

/// One persona's card at (x, top), as tall as its text.
fn persona_card(
    m: &TextMeasurer,
    labels: &Labels,
    id: PersonaId,
    persona: &Persona,
    x: f64,
    top: f64,
) -> PersonaCard {
    let inner = PERSONA_WIDTH - 2.0 * PAD - 4.0;
    let tx = x + PAD + 4.0;
    let key = Rect {
        x: tx,
        y: top + PAD,
        w: 56.0,
        h: 22.0,
    };
    let name_x = key.right() + 8.0;
    let mut stack = Stack::new(m, name_x, top + PAD, x + PERSONA_WIDTH - PAD - name_x);
    stack.push(&persona.name, TextStyle::PersonaName, 0.0);
    if let Some(role) = &persona.role {
        stack.push(role, TextStyle::Small, 0.0);
    }
    let y_after_head = stack.y.max(key.bottom()) + 8.0;
    let mut texts = stack.texts;
    let mut stack = Stack::new(m, tx, y_after_head, inner);
    if let Some(quote) = &persona.quote {
        stack.push(&wording::quoted(labels, quote), TextStyle::Body, 8.0);
    }
    if let Some(description) = &persona.description {
        stack.push(description, TextStyle::Small, 8.0);
    }
    for (heading, items) in [
        (labels.get(Label::Goals), &persona.goals),
        (labels.get(Label::Frustrations), &persona.frustrations),
    ] {
        if items.is_empty() {
            continue;
        }
        stack.push(heading, TextStyle::SmallBold, 2.0);
        for item in items {
            stack.bullet(item, TextStyle::Small, 2.0);
        }
        stack.y += 6.0;
    }
    let bottom = stack.y + PAD - 6.0;
    texts.extend(stack.texts);
    let rect = Rect {
        x,
        y: top,
        w: PERSONA_WIDTH,
        h: bottom - top,
    };
    PersonaCard {
        persona: id,
        persona_key: persona.key.clone(),
        rect,
        stripe: Rect { w: 5.0, ..rect },
        key: LineKey::across(key),
        texts,
    }
}
