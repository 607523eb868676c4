//! The bundled fonts: Noto Sans Regular and Bold (SIL Open Font License,
//! `assets/fonts/`). Layout measures text with them, the SVG and HTML name them
//! first in their font stack, and PNG/PDF drawing loads them as the only fonts, so
//! every output is measured and drawn with the same glyphs on any machine.

pub static REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");

/// The CSS font stack of the SVG and the HTML page: the bundled font first.
pub const FONT_STACK: &str = "'Noto Sans', 'Helvetica Neue', Arial, sans-serif";
