//! Resource limits on a map, named in the docs (docs/format.md, "Limits";
//! docs/fuzzing.md for what they bound). A leaf module: the parser, the decoder, the
//! model, the generator, Mermaid import and the build all check against these.

/// Largest map file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 32;
/// Most YAML nodes, counted after aliases are expanded.
pub const MAX_NODES: usize = 250_000;
/// Most events replayed by alias expansion.
pub const MAX_ALIAS_EVENTS: usize = 20_000;
/// Most touchpoints in one map.
pub const MAX_TOUCHPOINTS: usize = 10_000;
/// Most personas in one map (a curve with more lines than this is unreadable).
pub const MAX_PERSONAS: usize = 100;
/// Most stages in one map.
pub const MAX_STAGES: usize = 500;
/// Most declared channels in one map.
pub const MAX_CHANNELS: usize = 200;
/// Most service-blueprint lanes in one map: each is a row across every column.
pub const MAX_LANES: usize = 20;
/// Most `next` targets of one touchpoint.
pub const MAX_NEXT: usize = 50;
/// Most emotion scores (touchpoints × personas scored) in one map: each is a marker
/// in both outputs: at the limit, 18 MB of SVG and 23 MB of HTML (docs/fuzzing.md).
pub const MAX_SCORES: usize = 40_000;
/// Most items in one list (`pain_points`, `actions`, `goals`, `metrics`, ...):
/// every item is drawn, so this and the next bound the size of the outputs.
pub const MAX_LIST_ITEMS: usize = 50;
/// Most list items in the whole map, all lists together.
pub const MAX_LIST_ITEMS_IN_MAP: usize = 20_000;
/// Most characters in one text (a name, a description, a list item, an id).
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Most characters of text in the whole map, all texts together: with the
/// wrapping of the picture, each costs about 9 bytes of SVG.
pub const MAX_TEXT_CHARS_IN_MAP: usize = 1_500_000;
/// Largest HTML page or SVG picture `build` writes, in bytes. The limits above
/// keep each kind of content well under it alone (docs/fuzzing.md); a map that
/// has nearly all of them at once can still pass it, and is refused whole.
pub const MAX_OUTPUT_BYTES: usize = 25 * 1024 * 1024;
/// Most line breaks in one text: each starts a new drawn line.
pub const MAX_TEXT_LINE_BREAKS: usize = 10;

/// Most ignore globs in `journeymap.toml` and `.journeymapignore` together: each
/// is tried against every file and folder a walk meets.
pub const MAX_IGNORE_GLOBS: usize = 1_000;
/// Longest ignore glob, in bytes: a glob with many `*` costs backtracking on each
/// name it is tried against.
pub const MAX_GLOB_BYTES: usize = 256;
