//! From a [`Layout`] to files: the standalone SVG picture and the HTML page.
//!
//! Both renderers read only the model (for the author's words), the layout (for
//! geometry) and [`crate::layout::wording`] (for the words a map adds, such as the
//! quotes around a thought); the SVG writer computes no positions of its own.
//! Everything the user wrote passes through [`escape`] on its way out, and every
//! number through [`num`], so output is byte-identical for the same map.

pub mod html;
pub mod index;
pub mod raster;
pub mod svg;
pub mod theme;

use std::fmt;

use crate::layout::Layout;
use crate::model::Map;

/// Formats a number for SVG, HTML and CSS: at most two decimals, no trailing zeros,
/// no `-0`. The one place numbers become text, so output does not drift.
pub fn num(value: f64) -> String {
    let mut text = String::new();
    push_num(&mut text, value);
    text
}

/// Appends [`num`]`(value)` to `out`.
///
/// Performance: a map of 10,000 touchpoints formats about two million numbers, and
/// `format!("{:.2}")` takes the exact (bignum) float path for each, which made it a
/// fifth of a whole build. Here a rounded value is printed from its integer number of
/// hundredths instead. For |hundredths| < 1e15 the f64 `hundredths / 100` is within
/// 0.002 of the decimal it stands for, so `{:.2}` printed exactly these digits; larger
/// values (never seen in a layout) take the original path. The unit test
/// `fast_numbers_match_the_original_formatting` compares both.
pub fn push_num(out: &mut String, value: f64) {
    let _ = write_num(out, value);
}

/// [`num`] as a value for `write!` and `format!`, written straight into the output
/// without a temporary `String` (the SVG writer formats over a million numbers for
/// a map of 10,000 touchpoints).
#[derive(Clone, Copy, Debug)]
pub struct Num(pub f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_num(f, self.0)
    }
}

fn write_num(out: &mut impl fmt::Write, value: f64) -> fmt::Result {
    if !value.is_finite() {
        return out.write_char('0');
    }
    let hundredths = (value * 100.0).round();
    if hundredths.abs() >= 1e15 {
        return out.write_str(&num_by_format(value));
    }
    let hundredths = hundredths as i64;
    if hundredths < 0 {
        out.write_char('-')?;
    }
    let magnitude = hundredths.unsigned_abs();
    let (whole, fraction) = (magnitude / 100, magnitude % 100);
    write!(out, "{whole}")?;
    if fraction != 0 {
        out.write_char('.')?;
        out.write_char(char::from(b'0' + (fraction / 10) as u8))?;
        if fraction % 10 != 0 {
            out.write_char(char::from(b'0' + (fraction % 10) as u8))?;
        }
    }
    Ok(())
}

/// The original formatting through `{:.2}`, for values too large for [`push_num`]'s
/// integer path.
fn num_by_format(value: f64) -> String {
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
/// Characters no output can show ([`crate::controls::is_unprintable`]: the C0
/// controls XML 1.0 forbids, C1 controls, U+FFFE/U+FFFF) are dropped, so the SVG
/// always parses.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            c if crate::controls::is_unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// The files a build can write for a map, in the order they are made (PNG and PDF
/// are drawn from the SVG).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Svg,
    Png,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Html, Format::Svg, Format::Png, Format::Pdf];

    /// The file extension, which is also the format's name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// What the format is for, in a few words (for `--help`).
    pub fn description(self) -> &'static str {
        match self {
            Format::Html => "the page: interactive, self-contained",
            Format::Svg => "the picture, for docs and wikis",
            Format::Png => "the picture as pixels, for slides and chat",
            Format::Pdf => "the picture for print",
        }
    }

    /// Whether this binary was built with the feature the format needs.
    pub fn available(self) -> bool {
        match self {
            Format::Html | Format::Svg => true,
            Format::Png => cfg!(feature = "png"),
            Format::Pdf => cfg!(feature = "pdf"),
        }
    }
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
    fn fast_numbers_match_the_original_formatting() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0.0,
            -0.0,
            0.004,
            0.005,
            -0.005,
            0.015,
            1.005,
            2.675,
            0.125,
            -0.125,
            99.995,
            1e12,
            -1e12,
            9.99e12,
            1e13,
            1e14,
            1e20,
            -1e20,
            123_456.785,
        ];
        for _ in 0..200_000 {
            // xorshift64*: values over many magnitudes, and exact hundredths and halves.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
            let unit = (r >> 11) as f64 / (1u64 << 53) as f64;
            let magnitude = 10f64.powi((r % 16) as i32 - 3);
            let v = (unit - 0.5) * magnitude;
            values.extend([v, (v * 100.0).round() / 100.0, (v * 200.0).round() / 200.0]);
        }
        for v in values {
            assert_eq!(num(v), num_by_format(v), "{v:e}");
            assert_eq!(Num(v).to_string(), num_by_format(v), "{v:e}");
        }
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
