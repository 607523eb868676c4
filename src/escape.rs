//! Escaping user text for where it lands in markup: HTML and XML text and quoted
//! attributes, URL path parts and Markdown. The SVG writer and the HTML templates' own escaper agree on it; a leaf
//! module, so any output can use it without reaching into another layer.

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

/// One part of a URL path, percent-encoded: everything but ASCII letters, digits
/// and `-._~`, so a file called `50% off#2.yaml` links correctly and no part can
/// end the attribute or start a query.
pub fn url_segment(part: &str) -> String {
    let mut encoded = String::with_capacity(part.len());
    for byte in part.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// User text inside Markdown: on one line, with every character that could start
/// emphasis, a link, HTML, a table cell, a mention or an entity escaped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' | '@'
            | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push(' '),
            c if crate::controls::is_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Text as a Markdown code span, fenced with more backticks than it contains.
pub fn markdown_code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| {
            if crate::controls::is_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// User text as a double-quoted CSS string, for `content:` in a `<style>`: every
/// character but letters, digits and spaces is written as a hex escape, so no
/// quote, backslash, newline or `</style>` can end the string or the element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else if !crate::controls::is_unprintable(c) && c != '\0' {
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_end_early() {
        assert_eq!(css_string("Pain points"), "\"Pain points\"");
        assert_eq!(
            css_string("a\"}</style>\\\n"),
            "\"a\\22 \\7d \\3c \\2f style\\3e \\5c \\a \""
        );
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
