//! A theme in a file of its own: `theme: brand.yaml`, which several maps share.
//!
//! The file holds the keys of an inline `theme:` (docs/format.md, "Theme"). Its
//! path is relative to the map's folder, never absolute, and, so that maps in
//! sibling folders can share one brand, it may climb out of the map's folder
//! but not out of the map's project ([`super::project_root`]: the nearest folder
//! up holding `journeymap.toml` or `.git`), by `..` or by a symlink
//! ([`resolve_in_folder`] with [`Within::Project`]). Its `logo` is relative to
//! the theme file's folder (where the file really is, when it is a link) and may
//! not leave that folder, so it too stays inside the project.
//!
//! Problems inside the file are reported in the file, at their line, the way a
//! future state in a file of its own reports the map it extends
//! ([`crate::format::parse_theme_at`]): the theme file's text is put after the
//! map's in one joined text, the theme is decoded with spans into it, and every
//! later stage (the model's colour and stage checks, the contrast warnings, the
//! logo) reports at those spans as usual. [`ThemeFile::report`] then takes out the
//! findings that point into the theme file's stretch, as a [`DataReport`] of that
//! file, the way the problems of a data file are reported.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{DataReport, FileKind, Within, resolve_in_folder};
use crate::diag::{Diagnostic, SourceFile};
use crate::format::{self, MapDoc, Text};

/// Largest theme file, in bytes: a theme is a few colours and names.
pub const MAX_THEME_FILE_BYTES: usize = 64 * 1024;

/// Put between the map's text and the theme file's in the joined text, so a span
/// at the very end of the map (a key missing at the end) is not also one at the
/// start of the theme file.
const SEPARATOR: char = '\n';

const THEME_FILE: FileKind = FileKind {
    path_code: "theme-path",
    file_code: "theme-file",
    hint: "a theme file lives in the map's project (the nearest folder up holding journeymap.toml or .git); give a path relative to the map, like `brand.yaml` or `../brand/theme.yaml`",
    missing_hint: "the theme file's path is relative to the map file's folder; check the name, or write the theme's keys under `theme:` instead",
    within: Within::Project,
};

/// The theme file a map was read with.
pub struct ThemeFile {
    /// Its text, named by its path beside the map's name (`maps/brand.yaml`).
    pub file: SourceFile,
    /// Where its text starts in the joined text the theme's spans point into.
    offset: usize,
    /// Where it really is, for reading its logo.
    folder: PathBuf,
}

impl ThemeFile {
    /// The folder the theme's `logo` is read from.
    pub fn logo_folder(&self) -> &Path {
        &self.folder
    }

    /// Puts the theme file's text after the map's, as its spans expect: `joined`
    /// is the map's text, and becomes the map's and the theme file's.
    pub(crate) fn append_to(&self, joined: &mut String) {
        joined.push(SEPARATOR);
        debug_assert_eq!(joined.len(), self.offset);
        joined.push_str(&self.file.text);
    }

    /// Where the theme file's text starts in the joined text.
    pub(crate) fn offset(&self) -> usize {
        self.offset
    }

    /// Takes the findings about the theme file out of `diagnostics` (those whose
    /// span starts in its stretch of the joined text) and returns them as the
    /// file's report, their spans into its own text.
    pub fn report(&self, diagnostics: &mut Vec<Diagnostic>) -> DataReport {
        let range = self.offset..self.offset + self.file.text.len();
        let mut found = Vec::new();
        diagnostics.retain(|d| match d.span {
            Some(span) if span.start >= self.offset => {
                found.extend(d.in_range(range.clone()));
                false
            }
            _ => true,
        });
        DataReport {
            file: self.file.clone(),
            diagnostics: found,
            unshown: 0,
        }
    }
}

/// Reads the theme file `doc` names (`theme: brand.yaml`), if it names one, into
/// `doc.theme`. `map` is the map's file and `folder` its folder: `None` for a map
/// that is not a file (text from git or a pipe), whose theme file is refused.
/// Problems with the path are reported at the map's `theme:`; problems in the file
/// with spans past the map's text (see [`ThemeFile::report`]). `sources` gets the
/// theme file's path, found or not, so `serve` can watch it.
pub fn read(
    doc: &mut MapDoc,
    map: &SourceFile,
    folder: Option<&Path>,
    diagnostics: &mut Vec<Diagnostic>,
    sources: &mut Vec<PathBuf>,
) -> Option<ThemeFile> {
    let written = doc.theme_file.clone()?;
    let path = resolve_in_folder(&written, folder, THEME_FILE, sources)
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    let name = match Path::new(&map.name).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            parent.join(&written.value).display().to_string()
        }
        _ => written.value.clone(),
    };
    let text = read_text(&path, &name, &written)
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    let offset = map.text.len() + SEPARATOR.len_utf8();
    let mut joined = String::with_capacity(offset + text.len());
    joined.push_str(&map.text);
    joined.push(SEPARATOR);
    joined.push_str(&text);
    let file = SourceFile::new(name, text);
    let joined = SourceFile::new(map.name.clone(), joined);
    let (theme, found) = format::parse_theme_at(&file, &joined, offset);
    diagnostics.extend(found);
    doc.theme = theme;
    Some(ThemeFile {
        file,
        offset,
        folder: path.parent().map_or_else(PathBuf::new, Path::to_path_buf),
    })
}

/// The theme file's text, with the limits of [`crate::read_text`] and
/// [`MAX_THEME_FILE_BYTES`]; a problem is an error at the map's `theme:`.
fn read_text(path: &Path, name: &str, written: &Text) -> Result<String, Diagnostic> {
    let cannot = |why: String| {
        Diagnostic::error("theme-file", why)
            .at(written.span)
            .with_hint(THEME_FILE.missing_hint)
    };
    let file = std::fs::File::open(path)
        .map_err(|e| cannot(format!("cannot read `{}`: {e}", written.value)))?;
    let text = crate::read_text(name, file.take(MAX_THEME_FILE_BYTES as u64 + 1))
        .map_err(|d| cannot(d.message))?;
    if text.len() > MAX_THEME_FILE_BYTES {
        return Err(Diagnostic::error(
            "theme-file",
            format!(
                "`{}` is larger than {} KiB, the limit for a theme file",
                written.value,
                MAX_THEME_FILE_BYTES / 1024
            ),
        )
        .at(written.span)
        .with_hint("a theme holds a few colours, a font and a logo's path; put images in files of their own"));
    }
    Ok(text)
}
