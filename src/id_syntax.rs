//! What an id looks like, and the one rule for making an id from a name.
//!
//! Ids name personas, stages, channels and touchpoints in a map file. The syntax is
//! checked when a map is decoded, advertised in the JSON Schema, and suggested in
//! errors ("try `cafe`" for `Café`); Mermaid import derives ids from task and section
//! names. All of them use this module, so a suggestion is always an id the map
//! accepts and an import always agrees with the error message.

/// The id syntax, as shown in messages and docs.
pub const ID_PATTERN: &str = "[a-z0-9][a-z0-9_-]*";

/// Longest id derived from a name, in bytes; longer names are cut at a word break.
pub const MAX_ID_LEN: usize = 40;

/// Longest id accepted, in characters: ids are names for people to type, and every
/// message about one repeats it.
pub const MAX_ID_CHARS: usize = 100;

pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= MAX_ID_CHARS
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// An id from a display name: `"Go to work"` -> `go-to-work`, `"Café"` -> `cafe`.
/// Empty when the name has no ASCII letter or digit.
pub fn id_from_name(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_empty() {
            if !id.is_empty() && !id.ends_with('-') {
                id.push('-');
            }
        } else {
            id.push_str(folded);
        }
    }
    // An id starts with a letter or digit; `_` may follow, `-` ends nothing.
    let mut id = id
        .trim_start_matches(['-', '_'])
        .trim_end_matches('-')
        .to_owned();
    if id.len() > MAX_ID_LEN {
        let cut = id[..MAX_ID_LEN]
            .rfind('-')
            .filter(|&i| i >= 8)
            .unwrap_or(MAX_ID_LEN);
        id.truncate(cut);
        id = id.trim_end_matches('-').to_owned();
    }
    id
}

/// A lowercase character as id characters: itself for `[a-z0-9_]`, an ASCII
/// spelling for common Latin letters with accents, nothing for anything else.
fn fold(c: char) -> &'static str {
    const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789_";
    if c.is_ascii() {
        return ASCII.find(c).map_or("", |i| &ASCII[i..i + 1]);
    }
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names_are_valid_ascii() {
        assert_eq!(id_from_name("Go to work"), "go-to-work");
        assert_eq!(id_from_name("  Café crème!  "), "cafe-creme");
        assert_eq!(id_from_name("Café"), "cafe");
        assert_eq!(id_from_name("_private_"), "private_");
        assert_eq!(id_from_name("日本語"), "");
        let long = id_from_name("a very long task name that goes on and on and on and on");
        assert!(long.len() <= MAX_ID_LEN && !long.ends_with('-'), "{long}");
        for name in [
            "_x",
            "-x",
            "9 lives",
            "a__b",
            "x_",
            "Maya Chen",
            "Consideraton!",
        ] {
            let id = id_from_name(name);
            assert!(id.is_empty() || is_valid_id(&id), "{name} -> {id}");
        }
    }
}
