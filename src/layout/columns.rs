//! The grid's columns (one per touchpoint, grouped by stage) and the stage headers
//! above them.

use std::ops::Range;

use serde::Serialize;

use super::blocks::{Stack, TextBlock, TextStyle, block};
use super::geometry::{COLUMN_WIDTH, GUTTER, LABEL_WIDTH, Line, MARGIN, PAD, Rect};
use super::text::TextMeasurer;
use super::wording;
use crate::model::{Map, StageId, TouchpointId};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Column {
    pub x: f64,
    pub width: f64,
    #[serde(skip)]
    pub stage: StageId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "stage")]
    pub stage_key: String,
    #[serde(skip)]
    pub touchpoint: Option<TouchpointId>,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "touchpoint")]
    pub touchpoint_key: Option<String>,
}

impl Column {
    pub fn center(&self) -> f64 {
        self.x + self.width / 2.0
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageHeader {
    #[serde(skip)]
    pub stage: StageId,
    /// The key from the map, so the layout JSON says whose this is.
    #[serde(rename = "stage")]
    pub stage_key: String,
    pub rect: Rect,
    /// The tinted panel behind the header's text, inset from the stage's edges.
    pub panel: Rect,
    /// The accent bar along the panel's top.
    pub accent: Rect,
    pub name: TextBlock,
    pub goal: Option<TextBlock>,
    /// The stage's band from its header down to the bottom of the last lane.
    pub band: Rect,
    /// The thin rule at the band's left edge, between this stage and the one before.
    pub rule: Option<Line>,
}

/// The columns left to right, and which of them belong to each stage.
pub(super) struct Columns {
    pub list: Vec<Column>,
    /// Indexed by stage: that stage's columns, which are contiguous.
    pub of_stage: Vec<Range<usize>>,
    /// x where the grid starts (right of the lane labels) and ends.
    pub left: f64,
    pub right: f64,
}

/// One column per touchpoint, stage by stage in document order; a stage without
/// touchpoints still gets one empty column.
pub(super) fn place_columns(map: &Map) -> Columns {
    let mut list = Vec::new();
    let left = MARGIN + LABEL_WIDTH;
    let mut x = left;
    // Performance: touchpoints grouped by stage in one pass, in document order, as
    // `map.touchpoints_in(stage)` lists them; asking it for every stage scanned all
    // touchpoints once per stage (stages × touchpoints).
    let mut by_stage: Vec<Vec<TouchpointId>> = vec![Vec::new(); map.stages.len()];
    for touchpoint in map.touchpoint_ids() {
        if let Some(list) = by_stage.get_mut(map.touchpoint(touchpoint).stage.index()) {
            list.push(touchpoint);
        }
    }
    let mut of_stage = Vec::with_capacity(map.stages.len());
    for (index, touchpoints) in by_stage.into_iter().enumerate() {
        let stage = StageId::from_index(index);
        let first_column = list.len();
        let touchpoints: Vec<Option<TouchpointId>> = if touchpoints.is_empty() {
            vec![None]
        } else {
            touchpoints.into_iter().map(Some).collect()
        };
        for touchpoint in touchpoints {
            list.push(Column {
                x,
                width: COLUMN_WIDTH,
                stage,
                stage_key: map.stage(stage).key.clone(),
                touchpoint,
                touchpoint_key: touchpoint.map(|t| map.touchpoint(t).key.clone()),
            });
            x += COLUMN_WIDTH;
        }
        of_stage.push(first_column..list.len());
    }
    Columns {
        list,
        of_stage,
        left,
        right: x,
    }
}

/// One header per stage over its columns, all as tall as the tallest; returns them
/// and their shared height. The header of `continued` (a stage begun on an earlier
/// printed page) says so.
pub(super) fn place_stage_headers(
    map: &Map,
    m: &TextMeasurer,
    columns: &Columns,
    top: f64,
    continued: Option<StageId>,
) -> (Vec<StageHeader>, f64) {
    let mut stages = Vec::new();
    let mut height: f64 = 0.0;
    for (index, stage) in map.stages.iter().enumerate() {
        let cols = columns
            .of_stage
            .get(index)
            .and_then(|range| columns.list.get(range.clone()))
            .unwrap_or_default();
        let (Some(first), Some(last)) = (cols.first(), cols.last()) else {
            continue;
        };
        let rect = Rect {
            x: first.x,
            y: top,
            w: last.x + last.width - first.x,
            h: 0.0,
        };
        let inner = rect.w - 2.0 * (GUTTER + PAD);
        let mut stack = Stack::new(m, rect.x + GUTTER + PAD, top + 12.0, inner);
        let id = StageId::from_index(index);
        if continued == Some(id) {
            stack.push(
                &wording::continued(&map.labels, &stage.name),
                TextStyle::StageName,
                2.0,
            );
        } else {
            stack.push(&stage.name, TextStyle::StageName, 2.0);
        }
        if let Some(goal) = &stage.goal {
            stack.push(&wording::goal(&map.labels, goal), TextStyle::Small, 0.0);
        }
        height = height.max(stack.y - top + 12.0);
        let mut texts = stack.texts.into_iter();
        let name = texts
            .next()
            .unwrap_or_else(|| block(m, "", TextStyle::StageName, rect.x, rect.y, inner));
        stages.push(StageHeader {
            stage: StageId::from_index(index),
            stage_key: stage.key.clone(),
            rect,
            panel: Rect::default(),
            accent: Rect::default(),
            name,
            goal: texts.next(),
            band: rect,
            rule: None,
        });
    }
    for stage in &mut stages {
        stage.rect.h = height;
        stage.panel = Rect {
            x: stage.rect.x + 2.0,
            y: stage.rect.y,
            w: stage.rect.w - 4.0,
            h: stage.rect.h,
        };
        stage.accent = Rect {
            h: 4.0,
            ..stage.panel
        };
    }
    (stages, height)
}

/// Extends every stage's band down to `bottom` (the grid's), with a rule between stages.
pub(super) fn extend_bands(stages: &mut [StageHeader], bottom: f64) {
    for (i, stage) in stages.iter_mut().enumerate() {
        let band = Rect {
            h: bottom - stage.rect.y,
            ..stage.rect
        };
        stage.band = band;
        stage.rule = (i > 0).then_some(Line::vertical(band.x, band.y, band.bottom()));
    }
}
