//! The channel badge at the top of a touchpoint card: the channel's icon and name in
//! a pill as wide as the name.

use serde::Serialize;

use super::blocks::{TextBlock, TextStyle, block};
use super::geometry::Rect;
use super::text::{TextMeasurer, Weight};
use crate::model::{ChannelId, Map};

/// Size of the icon's square in the pill.
const ICON: f64 = 14.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Badge {
    pub rect: Rect,
    #[serde(skip)]
    pub channel: ChannelId,
    /// The channel's key from the map, so the layout JSON says which channel this is.
    #[serde(rename = "channel")]
    pub channel_key: String,
    /// The square the channel's icon is drawn into, centred on the pill's height.
    pub icon: Rect,
    pub label: TextBlock,
}

impl Badge {
    /// Radius of the pill's rounded ends.
    pub fn corner_radius(&self) -> f64 {
        self.rect.h.min(22.0) / 2.0
    }

    /// Moves the badge down by `dy`.
    pub(super) fn move_down(&mut self, dy: f64) {
        self.rect.y += dy;
        self.icon = icon_square(self.rect);
        self.label.rect.y += dy;
    }
}

/// The badge with its top-left corner at (x, y), its name wrapped within `width`.
pub(super) fn place_badge(
    map: &Map,
    m: &TextMeasurer,
    channel: ChannelId,
    x: f64,
    y: f64,
    width: f64,
) -> Badge {
    // The name leaves room for a 16 px icon cell.
    const ICON_CELL: f64 = 16.0;
    let channel_data = map.channel(channel);
    let label = block(
        m,
        &channel_data.name,
        TextStyle::Caption,
        x + ICON_CELL + 10.0,
        y + 3.0,
        width - ICON_CELL - 16.0,
    )
    .beside_its_start(m);
    let label_width = label
        .lines
        .iter()
        .map(|l| m.width(l, TextStyle::Caption.size(), Weight::Regular))
        .fold(0.0, f64::max);
    let rect = Rect {
        x,
        y,
        w: label_width + ICON_CELL + 18.0,
        h: label.rect.h + 6.0,
    };
    Badge {
        rect,
        channel,
        channel_key: channel_data.key.clone(),
        icon: icon_square(rect),
        label,
    }
}

fn icon_square(pill: Rect) -> Rect {
    Rect {
        x: pill.x + 6.0,
        y: pill.y + (pill.h - ICON) / 2.0,
        w: ICON,
        h: ICON,
    }
}
