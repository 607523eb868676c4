//! Control characters: the one rule for which characters no output can show, and
//! the two ways journeymap deals with them.
//!
//! A map's text reaches HTML, SVG, Markdown and terminals. C0 and C1 controls (ESC,
//! CSI, NUL...) have no picture in any of them, and in a terminal they are commands:
//! an ESC sequence in a YAML value or a file name can retitle the window, clear the
//! screen or hide CI log lines. So:
//!
//! - [`strip`] drops them from map text at load, keeping tabs and line breaks, so
//!   everything later stages see is printable;
//! - [`for_terminal`] makes them visible (`\u{1b}`) in anything printed to a
//!   terminal that did not go through [`strip`]: file names, source excerpts, paths;
//! - [`blank_for_excerpt`] replaces them with `?` byte for byte, for source lines
//!   shown under a caret, where byte offsets must keep pointing at the same place.
//!
//! Bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) are harmless
//! in HTML but reorder a terminal line ("Trojan Source"), so the terminal forms treat
//! them as controls too.

use std::borrow::Cow;

/// True for characters no output can show: C0 controls other than tab and line
/// breaks, DEL, C1 controls, and the non-characters U+FFFE and U+FFFF.
pub fn is_unprintable(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// True for any control character (tab and line breaks included) and the
/// bidirectional controls: what a one-line text (a Markdown table cell, a Mermaid
/// statement, a message) must not contain raw. [`char::is_control`] misses the
/// bidirectional ones, which reorder what a reader sees.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True for characters that must not reach a terminal raw: [`is_unprintable`] ones,
/// carriage returns (which rewrite the line) and bidirectional controls.
fn is_terminal_hazard(c: char) -> bool {
    is_unprintable(c) || matches!(c, '\r' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` without [`is_unprintable`] characters.
pub fn strip(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_unprintable) {
        Cow::Owned(text.chars().filter(|&c| !is_unprintable(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` on one line for a terminal: every terminal hazard written as a visible
/// `\u{..}` escape, and line breaks as `\n`. For file names and paths.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape_hazards(text, true)
}

/// A path as [`for_terminal`] shows it.
pub fn path_for_terminal(path: &std::path::Path) -> String {
    for_terminal(&path.display().to_string()).into_owned()
}

/// [`for_terminal`] for messages and hints, which may span lines: line breaks stay.
pub fn for_terminal_lines(text: &str) -> Cow<'_, str> {
    escape_hazards(text, false)
}

fn escape_hazards(text: &str, escape_newlines: bool) -> Cow<'_, str> {
    let hazard = |c: char| is_terminal_hazard(c) || (escape_newlines && c == '\n');
    if !text.chars().any(hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' && escape_newlines {
            out.push_str("\\n");
        } else if is_terminal_hazard(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` with every terminal hazard replaced by as many `?` as it has bytes, so byte
/// offsets into `text` stay valid in the result. Line breaks are kept, CRLF ones too.
pub fn blank_for_excerpt(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let blanked = |c: char, next: Option<&char>| {
        c != '\n' && is_terminal_hazard(c) && !(c == '\r' && next == Some(&'\n'))
    };
    let mut any = false;
    while let Some(c) = chars.next() {
        any |= blanked(c, chars.peek());
    }
    if !any {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if blanked(c, chars.peek()) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_keeps_tabs_and_line_breaks() {
        assert_eq!(strip("a\u{1b}[2Jb\tc\nd\u{85}\u{0}"), "a[2Jb\tc\nd");
        assert!(matches!(strip("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_form_shows_every_hazard() {
        assert_eq!(
            for_terminal("x\u{1b}]0;pwned\u{7}\r\u{202e}y\nz"),
            "x\\u{1b}]0;pwned\\u{7}\\u{d}\\u{202e}y\\nz"
        );
        assert_eq!(for_terminal("Café ☕"), "Café ☕");
        assert_eq!(for_terminal_lines("a\u{1b}\nb"), "a\\u{1b}\nb");
    }

    #[test]
    fn one_line_texts_lose_bidirectional_controls_too() {
        assert!(is_control('\u{202e}') && is_control('\u{2066}') && is_control('\n'));
        assert!(!is_control('é') && !is_control(' '));
    }

    #[test]
    fn excerpt_form_keeps_byte_offsets() {
        let text = "a\u{1b}b\u{9b}c\u{202e}d\ne";
        let blanked = blank_for_excerpt(text);
        assert_eq!(blanked, "a?b??c???d\ne");
        assert_eq!(blanked.len(), text.len());
        assert_eq!(blank_for_excerpt("a: 1\r\nb: 2\r\n"), "a: 1\r\nb: 2\r\n");
        assert_eq!(blank_for_excerpt("a\rb\r\n"), "a?b\r\n");
    }
}
