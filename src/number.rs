//! The one place numbers become text.
//!
//! Two forms, for two readers:
//! - [`num`] (and [`Num`], [`push_num`]) for outputs (SVG, HTML, CSS, Markdown,
//!   Mermaid): at most two decimals, no trailing zeros, no `-0`, so output is short
//!   and byte-identical for the same map;
//! - [`exact`] for messages about a value the user wrote, which must not round it
//!   (a score of 5.001 on a 1 to 5 scale is outside it; "5 is outside 1 to 5" would
//!   be nonsense).
//!
//! A leaf module: layout keeps numbers as numbers, and whichever layer writes text
//! formats them here.

use std::fmt;

/// The value as written for a person reading a message: whole numbers without a
/// decimal point, anything else in full (Rust's shortest round-trip form).
pub fn exact(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// 20000 as "20,000", as messages and the map write counts.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A measured value for people: one decimal, none when it is whole (`3.4`, `54`).
pub fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        exact(rounded)
    } else {
        format!("{rounded:.1}")
    }
}

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
    fn exact_numbers_keep_every_digit() {
        assert_eq!(exact(5.0), "5");
        assert_eq!(exact(5.001), "5.001");
        assert_eq!(exact(-2.5), "-2.5");
        assert_eq!(exact(1e20), "100000000000000000000");
    }
}
