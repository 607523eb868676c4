//! From a [`Layout`] to files: the standalone SVG picture and the HTML page.
//!
//! Both renderers read only the model (for words) and the layout (for geometry).
//! Everything the user wrote passes through [`escape`] on its way out, and every
//! number through [`num`], so output is byte-identical for the same map.

pub mod html;
pub mod index;
pub mod svg;
pub mod theme;

use crate::layout::Layout;
use crate::model::Map;

/// Formats a number for SVG, HTML and CSS: at most two decimals, no trailing zeros,
/// no `-0`. The one place numbers become text, so output does not drift.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let mut text = format!("{rounded:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" { "0".to_owned() } else { text }
}

/// Escapes user text for HTML or XML text and double- or single-quoted attributes.
/// Characters XML 1.0 forbids (NUL, most C0 controls, U+FFFE/U+FFFF) are dropped,
/// so the SVG always parses.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => {}
            c if (c as u32) < 0x20 || c == '\u{7f}' => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The files a build produces for one map.
pub struct Rendered {
    pub html: String,
    pub svg: String,
}

/// Renders both outputs of a laid-out map.
pub fn render(map: &Map, layout: &Layout) -> Rendered {
    Rendered {
        html: html::render(map, layout),
        svg: svg::render(map, layout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.005), "1");
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.345_6), "12.35");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\"\u{0}\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("]]> <!-- -->"), "]]&gt; &lt;!-- --&gt;");
    }
}
