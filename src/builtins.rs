//! What a map gets without writing it: the standard stages and the built-in channels.
//! A leaf module: the model resolves them, the JSON Schema offers them to editors.

/// The standard stages, in order: (id, display name).
pub const STANDARD_STAGES: [(&str, &str); 5] = [
    ("awareness", "Awareness"),
    ("consideration", "Consideration"),
    ("decision", "Decision"),
    ("retention", "Retention"),
    ("advocacy", "Advocacy"),
];

/// Other ids accepted for standard stages: (alias, standard id, display name).
pub const STAGE_ALIASES: [(&str, &str, &str); 1] = [("purchase", "decision", "Purchase")];

/// The display name of a standard stage id or alias.
pub fn standard_stage_name(id: &str) -> Option<&'static str> {
    STANDARD_STAGES
        .iter()
        .find(|(key, _)| *key == id)
        .map(|(_, name)| *name)
        .or_else(|| {
            STAGE_ALIASES
                .iter()
                .find(|(alias, _, _)| *alias == id)
                .map(|(_, _, name)| *name)
        })
}

/// The standard id that `id` is another name for (`purchase` -> `decision`), if any.
pub fn stage_alias_of(id: &str) -> Option<&'static str> {
    STAGE_ALIASES
        .iter()
        .find(|(alias, _, _)| *alias == id)
        .map(|(_, standard, _)| *standard)
        .or_else(|| {
            STAGE_ALIASES
                .iter()
                .find(|(_, standard, _)| *standard == id)
                .map(|(alias, _, _)| *alias)
        })
}

macro_rules! builtin_channels {
    ($($variant:ident => $id:literal, $name:literal;)*) => {
        /// A channel journeymap knows, with its own icon.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum BuiltinChannel { $($variant),* }

        impl BuiltinChannel {
            pub const ALL: &[BuiltinChannel] = &[$(BuiltinChannel::$variant),*];
            pub fn id(self) -> &'static str {
                match self { $(BuiltinChannel::$variant => $id),* }
            }
            pub fn name(self) -> &'static str {
                match self { $(BuiltinChannel::$variant => $name),* }
            }
            pub fn from_id(id: &str) -> Option<BuiltinChannel> {
                match id { $($id => Some(BuiltinChannel::$variant),)* _ => None }
            }
        }
    };
}

builtin_channels! {
    Web => "web", "Web";
    Mobile => "mobile", "Mobile";
    App => "app", "App";
    Email => "email", "Email";
    Social => "social", "Social media";
    Chat => "chat", "Chat";
    Phone => "phone", "Phone";
    Sms => "sms", "SMS";
    Store => "store", "Store";
    Event => "event", "Event";
    Print => "print", "Print";
    Tv => "tv", "TV";
    Radio => "radio", "Radio";
    Ads => "ads", "Ads";
    Support => "support", "Support";
    Partner => "partner", "Partner";
    Mail => "mail", "Mail";
    InPerson => "in-person", "In person";
}
