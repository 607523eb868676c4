//! A small YAML writer for the maps journeymap writes (`journeymap import`).
//!
//! The structure is written by hand, in block style; this module only answers the
//! hard part: how to write a string so that YAML reads back that same string.
//! [`scalar`] leaves text plain when that is unambiguous and double-quotes it
//! otherwise (numbers, booleans and nulls in YAML 1.1 or 1.2, indicators, `: `,
//! ` #`, flow characters, surrounding spaces, anything unprintable).

/// Words that YAML 1.1 or 1.2 reads as something other than a string.
const RESERVED: [&str; 11] = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "",
];

/// True for characters a YAML document cannot hold literally (outside YAML's
/// printable set, or read as a line break or byte-order mark).
fn needs_escape(c: char) -> bool {
    crate::controls::is_control(c)
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

fn plain_ok(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().next_back().unwrap_or(first);
    if first.is_whitespace() || last.is_whitespace() || last == ':' {
        return false;
    }
    // Indicators, and anything that could start a number (`1e3`, `.5`, `-1`, `+1`).
    if "-?:,[]{}#&*!|>'\"%@`+.".contains(first) || first.is_ascii_digit() {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    if RESERVED.contains(&lower.as_str()) {
        return false;
    }
    !(text.contains(": ")
        || text.contains(" #")
        || text.contains([',', '[', ']', '{', '}'])
        || text.chars().any(|c| c == '\t' || needs_escape(c)))
}

/// `text` in double quotes, with YAML escapes for quotes, backslashes and every
/// character a YAML file cannot hold literally.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML scalar that reads back as exactly `text`: plain when safe, double-quoted
/// otherwise.
pub fn scalar(text: &str) -> String {
    if plain_ok(text) {
        text.to_owned()
    } else {
        double_quoted(text)
    }
}

/// What follows `key:` for a text value: ` value` on the same line, or, for text on
/// several lines that a literal block keeps exactly, ` |-` and the lines indented
/// by `indent` spaces.
pub fn text_value(text: &str, indent: usize) -> String {
    let literal_ok = text.contains('\n')
        && !text.starts_with([' ', '\n'])
        && !text.ends_with('\n')
        && text.split('\n').all(|line| {
            line == line.trim_end() && !line.chars().any(|c| c == '\t' || needs_escape(c))
        });
    if !literal_ok {
        return format!(" {}", scalar(text));
    }
    let pad = " ".repeat(indent);
    let mut out = String::from(" |-");
    for line in text.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(scalar("Make tea"), "Make tea");
        assert_eq!(scalar("C# and F#"), "C# and F#");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("No"), "\"No\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("a #b"), "\"a #b\"");
        assert_eq!(scalar("#rgb"), "\"#rgb\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar(" x"), "\" x\"");
        assert_eq!(scalar("say \"hi\"\n\u{1b}"), "\"say \\\"hi\\\"\\n\\u001B\"");
    }

    #[test]
    fn literal_blocks_for_clean_multiline_text() {
        assert_eq!(text_value("a\nb", 2), " |-\n  a\n  b");
        assert_eq!(text_value("a\n\nb", 4), " |-\n    a\n\n    b");
        assert_eq!(text_value("a \nb", 2), " \"a \\nb\"");
        assert_eq!(text_value(" a\nb", 2), " \" a\\nb\"");
        assert_eq!(text_value("one line", 2), " one line");
    }
}
