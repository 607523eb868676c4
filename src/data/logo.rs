//! A theme's `logo`: a small PNG, JPEG or SVG file in the map's folder, read once
//! and kept as bytes for the outputs to embed as a data URI (never fetched).

use std::io::Read;
use std::path::Path;

use super::{FileKind, Within, resolve_in_folder};
use crate::diag::Diagnostic;
use crate::format::{MapDoc, Text};

/// A logo image's bytes and media type, embedded in the outputs as a data URI.
#[derive(Clone, Debug, PartialEq)]
pub struct Logo {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl Logo {
    /// `data:<mime>;base64,...`: only base64 characters after the fixed media type,
    /// so it needs no escaping in an attribute.
    pub fn data_uri(&self) -> String {
        use base64::Engine as _;
        format!(
            "data:{};base64,{}",
            self.mime,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// Largest logo file, in bytes.
pub const MAX_LOGO_BYTES: u64 = 256 * 1024;

const LOGO_FILE: FileKind = FileKind {
    path_code: "logo-path",
    file_code: "logo-file",
    hint: "a logo lives in the map's folder or below it; give a relative path like `brand/logo.svg`",
    missing_hint: "the logo's path is relative to the map file's folder",
    within: Within::MapFolder,
};

/// [`LOGO_FILE`] for the logo of a theme file (`theme: brand.yaml`).
const THEME_FILE_LOGO: FileKind = FileKind {
    path_code: "logo-path",
    file_code: "logo-file",
    hint: "a theme file's logo lives in the theme file's folder or below it; give a path relative to the theme file, like `logo.svg`",
    missing_hint: "the logo's path in a theme file is relative to the theme file's folder",
    within: Within::MapFolder,
};

/// The logo the map's `theme:` names, or `None` (with an error at its path when it
/// is a URL, leaves `folder`, cannot be read, is too large or is not a PNG, JPEG or
/// SVG file). `folder` is the map's folder, or for a theme read from a file
/// (`in_theme_file`), that file's folder. `sources` gets the logo's path, found or
/// not, so `serve` can watch it.
pub fn read(
    doc: &MapDoc,
    folder: Option<&Path>,
    in_theme_file: bool,
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut Vec<std::path::PathBuf>,
) -> Option<Logo> {
    let written = doc.theme.as_ref()?.logo.as_ref()?;
    let kind = if in_theme_file {
        THEME_FILE_LOGO
    } else {
        LOGO_FILE
    };
    match read_logo(written, folder, kind, sources) {
        Ok(logo) => Some(logo),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

fn read_logo(
    written: &Text,
    folder: Option<&Path>,
    kind: FileKind,
    sources: &mut Vec<std::path::PathBuf>,
) -> Result<Logo, Diagnostic> {
    let hint = kind.hint;
    let refuse = |code: &'static str, why: String| {
        Diagnostic::error(code, why)
            .at(written.span)
            .with_hint(hint)
    };
    if written.value.contains("://") || written.value.starts_with("data:") {
        return Err(refuse(
            "logo-path",
            format!(
                "`{}` is a URL; a logo is a file beside the map, so the page makes no requests",
                written.value
            ),
        ));
    }
    let path = resolve_in_folder(written, folder, kind, sources)?;
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|file| file.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| refuse("logo-file", format!("cannot read `{}`: {e}", written.value)))?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(refuse(
            "logo-file",
            format!(
                "`{}` is larger than {} KiB, the limit for a logo",
                written.value,
                MAX_LOGO_BYTES / 1024
            ),
        ));
    }
    let mime = sniff(&bytes).ok_or_else(|| {
        refuse(
            "logo-file",
            format!("`{}` is not a PNG, JPEG or SVG file", written.value),
        )
    })?;
    Ok(Logo { mime, bytes })
}

/// The media type of an image by its first bytes: PNG and JPEG by their
/// signatures, SVG by an `<svg` element near the start of UTF-8 text.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Some("image/jpeg");
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let head: String = text.chars().take(1024).collect();
    head.contains("<svg").then_some("image/svg+xml")
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn images_are_known_by_their_first_bytes_not_their_names() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]), Some("image/jpeg"));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some("image/svg+xml")
        );
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(&[0, 159, 146, 150]), None);
    }
}
