//! Service-blueprint lanes: their ids and the order of their roles, then each
//! touchpoint's cells resolved to the lanes they name.

use super::ids::IdTable;
use crate::diag::Diagnostic;
use crate::format::{MapDoc, TouchpointDoc};
use crate::model::{BlueprintItem, BlueprintLane, LaneId, LaneRole};

/// The lanes without errors, in file order, and the table their ids resolve in.
pub(super) fn validate_lanes(
    doc: &MapDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<BlueprintLane>, IdTable) {
    let mut ids = IdTable::new("lane");
    let mut lanes = Vec::with_capacity(doc.lanes.len());
    // The latest role so far and the lane that had it: a lane of an earlier role
    // after it would put a line of the blueprint in the wrong place.
    let mut latest: Option<(LaneRole, &str)> = None;
    for lane in &doc.lanes {
        let name = lane.name.as_ref().map(|n| n.value.as_str());
        if !ids.define_named(&lane.id, name, diagnostics) {
            continue;
        }
        let (Some(role), Some(name)) = (&lane.role, name) else {
            continue;
        };
        if let Some((before, before_id)) = latest
            && role.value < before
        {
            diagnostics.push(
                Diagnostic::error(
                    "lane-order",
                    format!(
                        "lane `{}` is {} but comes after lane `{before_id}`, which is {}",
                        lane.id.value,
                        role.value.id(),
                        before.id()
                    ),
                )
                .at(role.span)
                .with_hint(format!(
                    "list lanes by role: {}; the lines of interaction, visibility and internal interaction fall between them",
                    LaneRole::ALL.map(|r| format!("`{}`", r.id())).join(", ")
                )),
            );
        } else {
            latest = Some((role.value, &lane.id.value));
        }
        lanes.push(BlueprintLane {
            key: lane.id.value.clone(),
            role: role.value,
            name: name.to_owned(),
            owner: lane.owner.as_ref().map(|o| o.value.clone()),
        });
    }
    (lanes, ids)
}

/// A touchpoint's cells in lane order; an unknown lane gets "did you mean", a lane
/// given twice an error at its second cell. Empty cells are dropped.
pub(super) fn resolve_cells(
    tp: &TouchpointDoc,
    referrer: &str,
    lane_ids: &IdTable,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(LaneId, Vec<BlueprintItem>)> {
    let mut cells: Vec<(LaneId, Vec<BlueprintItem>)> = Vec::with_capacity(tp.blueprint.len());
    let mut seen: Vec<(usize, crate::diag::Span)> = Vec::new();
    for (lane, items) in &tp.blueprint {
        let Some(index) =
            lane_ids.resolve(lane, &format!("`blueprint` of {referrer}"), diagnostics)
        else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(i, _)| *i == index) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-key",
                    format!(
                        "lane `{}` is given twice in `blueprint` of {referrer}",
                        lane.value
                    ),
                )
                .at(lane.span)
                .with_label("repeated here")
                .with_related(*first, "first given here")
                .with_hint("put all of the lane's items in one list"),
            );
            continue;
        }
        seen.push((index, lane.span));
        if items.is_empty() {
            continue;
        }
        cells.push((
            LaneId::from_index(index),
            items
                .iter()
                .map(|item| BlueprintItem {
                    text: item.text.value.clone(),
                    fail_point: item.fail_point,
                    wait: item.wait.as_ref().map(|w| w.value.clone()),
                })
                .collect(),
        ));
    }
    cells.sort_by_key(|(lane, _)| *lane);
    cells
}
