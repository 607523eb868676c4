//! Small helpers that keep messages grammatical, used by every layer that talks to
//! people (diagnostics, summaries, diff reports).

/// "1 map", "3 maps", "0 errors": a count and a noun that takes a plain `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(super::count(0, "error"), "0 errors");
        assert_eq!(super::count(1, "map"), "1 map");
        assert_eq!(super::count(2, "warning"), "2 warnings");
    }
}
