//! Geometry of a map: every box, every wrapped text line, every curve point.
//!
//! [`layout`] turns a validated [`Map`] into a [`Layout`], measuring text with the
//! bundled font ([`text::TextMeasurer`]). The layout is its own type and never
//! writes back into the model; renderers only read it. All numbers are in CSS px.
//!
//! One module per part of the picture, placed in this order: [`columns`] (they fix
//! the width), then top to bottom [`lens`] (title, scenario, persona cards), the
//! stage headers (in [`columns`]), [`lanes`] with their [`cards`] (and a touchpoint's
//! [`badge`]) and the emotion [`curve`], the service [`blueprint`] and the
//! [`legend`]. [`geometry`] holds the units, [`blocks`] the wrapped text, [`text`]
//! measures it and [`wording`] decides the words a map adds around the author's.

pub mod badge;
pub mod blocks;
pub mod blueprint;
pub mod cards;
pub mod columns;
pub mod curve;
pub mod flow;
pub mod geometry;
pub mod lanes;
pub mod legend;
pub mod lens;
pub mod pages;
pub mod text;
pub mod wording;

use serde::Serialize;

pub use badge::Badge;
pub use blocks::{TextBlock, TextStyle};
pub use blueprint::{BlueprintCard, BlueprintLane, BlueprintLayout, BlueprintLine, MarkKind};
pub use cards::{Card, CardKind, PERSONA_MARK_RADIUS, PersonaMark};
pub use columns::{Column, StageHeader};
pub use curve::{CurveLayout, CurvePoint, PersonaCurve, Tick};
pub use flow::{ArrowKind, FlowArrow, FlowLayout};
pub use geometry::*;
pub use lanes::{Lane, LaneKind};
pub use legend::{Legend, LegendEntry};
pub use lens::{Lens, PersonaCard};
pub use pages::{Orientation, PagePlan, Paper, PaperSize};
pub use text::{TextMeasurer, Weight};

use crate::model::Map;

/// The whole picture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub title: TextBlock,
    pub scenario: Option<TextBlock>,
    /// "Owner: ... · Reviewed ...", for a map with an owner or a review date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<TextBlock>,
    /// "12 of 15 scores backed by data (...)", for a map with data or evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backing: Option<TextBlock>,
    pub personas: Vec<PersonaCard>,
    pub grid: Rect,
    pub columns: Vec<Column>,
    pub stages: Vec<StageHeader>,
    pub lanes: Vec<Lane>,
    /// Arrows for where each touchpoint leads, when that is not simply the next column.
    pub flow: Option<FlowLayout>,
    pub curve: Option<CurveLayout>,
    /// The service blueprint below the journey lanes, when the map has `lanes`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blueprint: Option<BlueprintLayout>,
    pub legend: Option<Legend>,
}

impl Layout {
    /// Every text block in the picture, for checks that text fits.
    pub fn text_blocks(&self) -> Vec<&TextBlock> {
        let mut blocks = vec![&self.title];
        blocks.extend(self.scenario.as_ref());
        blocks.extend(self.about.as_ref());
        blocks.extend(self.backing.as_ref());
        for card in &self.personas {
            blocks.extend(&card.texts);
        }
        for stage in &self.stages {
            blocks.push(&stage.name);
            blocks.extend(stage.goal.as_ref());
        }
        for lane in &self.lanes {
            blocks.push(&lane.label);
            for card in &lane.cards {
                blocks.extend(card.badge.as_ref().map(|b| &b.label));
                blocks.extend(&card.texts);
            }
        }
        if let Some(flow) = &self.flow {
            blocks.push(&flow.label);
            blocks.extend(&flow.captions);
        }
        if let Some(blueprint) = &self.blueprint {
            blocks.extend(blueprint.text_blocks());
        }
        if let Some(legend) = &self.legend {
            blocks.push(&legend.title);
            blocks.extend(legend.personas.iter().map(|e| &e.label));
            blocks.extend(&legend.texts);
        }
        blocks
    }
}

/// Lays out a validated map, top to bottom.
pub fn layout(map: &Map, m: &TextMeasurer) -> Layout {
    // Columns first: they fix the grid's width, which the lens then fills.
    let columns = columns::place_columns(map);
    let width = (columns.right + MARGIN).max(PERSONA_WIDTH * 3.0 + GAP * 4.0 + 2.0 * MARGIN);
    let content_width = width - 2.0 * MARGIN;
    let lens = lens::place_lens(map, m, content_width);
    let header_top = lens.bottom + 28.0;
    let (mut stages, header_height) =
        columns::place_stage_headers(map, m, &columns, header_top, None);
    let placed = lanes::place_lanes(map, m, &columns, header_top + header_height + GAP);
    let mut y = placed.bottom;
    let blueprint =
        blueprint::place_blueprint(map, m, &columns.list, columns.right, y).map(|(b, bottom)| {
            y = bottom;
            b
        });
    let grid = Rect {
        x: MARGIN,
        y: header_top,
        w: columns.right - MARGIN,
        h: y - GAP - header_top,
    };
    columns::extend_bands(&mut stages, grid.bottom());
    let legend = placed.curve.as_ref().map(|_| {
        let legend = legend::place_legend(map, m, y + 16.0, content_width);
        y = legend.rect.bottom();
        legend
    });
    Layout {
        width,
        height: y + MARGIN,
        title: lens.title,
        scenario: lens.scenario,
        about: lens.about,
        backing: lens.backing,
        personas: lens.personas,
        grid,
        columns: columns.list,
        stages,
        lanes: placed.lanes,
        flow: placed.flow,
        curve: placed.curve,
        blueprint,
        legend,
    }
}
