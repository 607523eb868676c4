//! Channels: those the file declares, then every built-in channel it does not.

use super::ids::IdTable;
use crate::diag::Diagnostic;
use crate::format::{ChannelDoc, MapDoc};
use crate::model::Channel;
use crate::model::builtins::BuiltinChannel;

pub(super) fn validate_channels(
    doc: &MapDoc,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Channel>, IdTable) {
    let mut ids = IdTable::new("channel");
    let mut channels = Vec::new();
    for channel in &doc.channels {
        let builtin = BuiltinChannel::from_id(&channel.id.value);
        let name = channel_name(channel, builtin, diagnostics);
        if ids.define_named(&channel.id, Some(&name), diagnostics) {
            channels.push(Channel {
                key: channel.id.value.clone(),
                name,
                builtin,
            });
        }
    }
    // Built-in channels not declared are defined after the declared ones.
    for builtin in BuiltinChannel::ALL {
        if ids.get(builtin.id()).is_none() {
            ids.define_builtin(builtin.id(), builtin.name(), diagnostics);
            channels.push(Channel {
                key: builtin.id().to_owned(),
                name: builtin.name().to_owned(),
                builtin: Some(*builtin),
            });
        }
    }
    (channels, ids)
}

/// The written name, or the built-in channel's; a custom channel needs one.
fn channel_name(
    channel: &ChannelDoc,
    builtin: Option<BuiltinChannel>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    match (&channel.name, builtin) {
        (Some(name), _) => name.value.clone(),
        (None, Some(b)) => b.name().to_owned(),
        (None, None) => {
            diagnostics.push(
                Diagnostic::error(
                    "channel-needs-name",
                    format!(
                        "channel `{}` is not built in, so it needs a `name`",
                        channel.id.value
                    ),
                )
                .at(channel.id.span)
                .suggest(
                    &channel.id.value,
                    BuiltinChannel::ALL.iter().map(|b| b.id()),
                )
                .with_hint(format!("write `{}: {{ name: ... }}`", channel.id.value)),
            );
            channel.id.value.clone()
        }
    }
}
