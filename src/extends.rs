//! A future state in a file of its own: `extends: current.yaml`, then the keys of
//! `future:` (docs/format.md, "Future state").
//!
//! The file is resolved against the map it names, which may itself extend another:
//! each is read once, relative to the file naming it and never outside that file's
//! folder, and a chain that comes back to a file it has read is an error, as is one
//! longer than [`MAX_EXTENDS`]. Errors are reported in the file they are in, at
//! their line: the texts of the chain are joined end to end, every document is
//! decoded with spans into the joined text (see [`format::parse_at`]), and each
//! finding goes back to the file whose stretch of the joined text it points into.

use std::path::{Component, Path, PathBuf};

use crate::Loaded;
use crate::data::{self, DataReport, DataSet};
use crate::diag::{Diagnostic, SourceFile, Span};
use crate::format::{self, MapDoc};
use crate::model::Map;

/// Most files a chain of `extends` may pass through beyond the first.
pub const MAX_EXTENDS: usize = 8;

/// A chain of files read so far, the map they make and every finding.
struct Chain {
    /// The files, the extended first, each with where it starts in `joined`.
    files: Vec<(usize, SourceFile)>,
    joined: String,
    /// The last file's document with the ones it extends applied, spans into `joined`.
    doc: Option<MapDoc>,
    map: Option<Map>,
    /// Spans into `joined`.
    diagnostics: Vec<Diagnostic>,
    /// What the first map's `data:` files hold, which every state of the chain uses.
    data: DataSet,
    data_reports: Vec<DataReport>,
    /// The first map's theme file and logo (see [`Loaded::sources`]).
    sources: Vec<PathBuf>,
}

/// Loads the map in `file`, read from `path`, whose document says `extends:`.
/// Its [`Loaded::sources`] also name every file the chain extends, read or not.
pub(crate) fn load(path: &Path, file: SourceFile, outputs: crate::Outputs) -> Loaded {
    let mut seen = vec![(canonical(path), path.display().to_string())];
    let mut extended = Vec::new();
    let chain = resolve(path, file, &mut seen, &mut extended);
    let read = chain.joined.len();
    let mut loaded = into_loaded(chain);
    loaded.sources.extend(extended);
    // As `load` does for one file: refuse here what `build` would refuse.
    let at = Span::new(0, 0);
    if let Some(map) = &loaded.map
        && crate::needs_measuring(read, map)
    {
        match outputs {
            crate::Outputs::Measure(paper) => {
                if let Err(too_large) = crate::measure(map, paper, at) {
                    loaded.diagnostics.push(too_large);
                    loaded.map = None;
                }
            }
            crate::Outputs::MeasureWhenBuilt => loaded.outputs_unmeasured = Some(at),
        }
    }
    loaded
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads `file` and, if it extends another map, that map first.
/// `seen` holds the files of the chain so far: where each really is, and its name
/// as the user knows it. `extended` gets each file extended, as a watcher names
/// it ([`data::watched_path`]), even one that cannot be read, so `serve`
/// notices when it can be.
fn resolve(
    path: &Path,
    file: SourceFile,
    seen: &mut Vec<(PathBuf, String)>,
    extended: &mut Vec<PathBuf>,
) -> Chain {
    let (mut doc, mut diagnostics) = format::parse(&file);
    let Some(extends) = doc.as_ref().and_then(|d| d.extends.clone()) else {
        // A whole map: checked as `load` checks one, its own `future:` left aside.
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let crate::MapFiles {
            theme_file,
            data,
            data_reports,
            map,
            sources,
            ..
        } = crate::read_and_validate(&mut doc, &file, Some(folder), &mut diagnostics);
        if let (Some(valid), Some(doc)) = (&map, &doc) {
            diagnostics.extend(crate::render::theme::contrast_warnings(valid, doc));
        }
        let mut joined = file.text.clone();
        let mut files = vec![(0, file)];
        // The theme file is one more file of the chain, so its findings are
        // reported in it, at their lines.
        if let Some(theme_file) = theme_file {
            theme_file.append_to(&mut joined);
            files.push((theme_file.offset(), theme_file.file));
        }
        return Chain {
            files,
            joined,
            doc,
            map,
            diagnostics,
            data,
            data_reports,
            sources,
        };
    };
    let alone = |file: SourceFile, mut diagnostics: Vec<Diagnostic>, problem: Diagnostic| {
        diagnostics.push(problem);
        Chain {
            joined: file.text.clone(),
            files: vec![(0, file)],
            doc: None,
            map: None,
            diagnostics,
            data: DataSet::default(),
            data_reports: Vec::new(),
            sources: Vec::new(),
        }
    };
    let base_path = match base_path(path, &extends.value, extends.span) {
        Ok(base) => base,
        Err(problem) => return alone(file, diagnostics, problem),
    };
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    extended.extend(data::watched_path(folder, &extends.value).filter(|p| !extended.contains(p)));
    let base_canonical = canonical(&base_path);
    let base_name = base_path.display().to_string();
    if let Some(first) = seen.iter().position(|(p, _)| *p == base_canonical) {
        let cycle: Vec<String> = seen[first..]
            .iter()
            .map(|(_, name)| name)
            .chain(std::iter::once(&base_name))
            .map(|name| crate::controls::for_terminal(name).into_owned())
            .collect();
        let problem = Diagnostic::error(
            "extends-cycle",
            format!("`extends` goes round in a circle: {}", cycle.join(" → ")),
        )
        .at(extends.span)
        .with_label("back to a file already read")
        .with_hint(
            "the first map of a chain of `extends` is a whole map, with `title` and `touchpoints`",
        );
        return alone(file, diagnostics, problem);
    }
    if seen.len() > MAX_EXTENDS {
        let problem = Diagnostic::error(
            "limit",
            format!("`extends` passes through more than {MAX_EXTENDS} files"),
        )
        .at(extends.span)
        .with_hint("extend the current map directly");
        return alone(file, diagnostics, problem);
    }
    let base_file = match read_base(&base_path, &file.name, &extends.value) {
        Ok(base_file) => base_file,
        Err(problem) => return alone(file, diagnostics, problem.at(extends.span)),
    };
    seen.push((base_canonical, base_name));
    let base = resolve(&base_path, base_file, seen, extended);
    seen.pop();
    extend(base, file, extends.span)
}

/// The path `written` in `extends:` of the file at `path`: relative, and inside
/// that file's folder.
fn base_path(path: &Path, written: &str, span: Span) -> Result<PathBuf, Diagnostic> {
    let relative = Path::new(written);
    let outside = |why: &str| {
        Diagnostic::error(
            "extends-outside",
            format!("`extends: {written}` {why}"),
        )
        .at(span)
        .with_hint("put the current map in this file's folder (or below it) and name it relative to this file, like `extends: current.yaml`")
    };
    if written.trim().is_empty() {
        return Err(outside("names no file"));
    }
    if !relative
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside("leaves this file's folder"));
    }
    let folder = path.parent().unwrap_or(Path::new(""));
    let base = folder.join(relative);
    // Symbolic links are followed before the check, so none can lead outside.
    if let (Ok(folder), Ok(resolved)) = (
        std::fs::canonicalize(if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        }),
        std::fs::canonicalize(&base),
    ) && !resolved.starts_with(&folder)
    {
        return Err(outside("leads outside this file's folder through a link"));
    }
    Ok(base)
}

/// Reads the extended map's text, as a map file is read (size, UTF-8).
fn read_base(path: &Path, from: &str, written: &str) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| {
        Diagnostic::error(
            "extends-unreadable",
            format!("`{from}` extends `{written}`, which cannot be read: {e}"),
        )
        .with_hint("check the path; it is relative to the file that says `extends`")
    })?;
    let text = crate::read_text(&name, file).map_err(|d| {
        Diagnostic::error(
            "extends-unreadable",
            format!(
                "`{from}` extends `{written}`, which cannot be read: {}",
                d.message
            ),
        )
    })?;
    Ok(SourceFile::new(name, text))
}

/// `file`'s future state applied to the map `base` resolved to.
fn extend(base: Chain, file: SourceFile, extends_span: Span) -> Chain {
    let Chain {
        mut files,
        mut joined,
        doc: base_doc,
        map: base_map,
        mut diagnostics,
        data,
        data_reports,
        sources,
    } = base;
    let offset = joined.len();
    joined.push_str(&file.text);
    let joined_file = SourceFile::new(String::new(), joined);
    let (doc, mut found) = format::parse_at(&file, &joined_file, offset);
    let joined = joined_file.text;
    files.push((offset, file));
    let at = |span: Span| Span::new(span.start + offset, span.end + offset);
    let (Some(base_doc), Some(base_map), Some(future)) =
        (base_doc, base_map, doc.and_then(|d| d.future))
    else {
        if diagnostics.iter().any(Diagnostic::is_error) {
            found.push(
                Diagnostic::error(
                    "extends-invalid",
                    "the map this file extends has errors, reported in that file",
                )
                .at(at(extends_span))
                .with_hint(
                    "fix those first: the future state is checked against the map it extends",
                ),
            );
        }
        diagnostics.extend(found);
        return Chain {
            files,
            joined,
            doc: None,
            map: None,
            diagnostics,
            data,
            data_reports,
            sources,
        };
    };
    let decoded_cleanly = !found.iter().any(Diagnostic::is_error);
    diagnostics.extend(found);
    let (merged, map) = crate::validate_future(&base_doc, &future, &data, &mut diagnostics);
    let mut map = map.filter(|_| decoded_cleanly);
    if let Some(map) = &mut map {
        // The logo is read with the current map; the future state is drawn with it.
        map.theme.logo.clone_from(&base_map.theme.logo);
        let mut current = base_map;
        current.current = None;
        current.future = None;
        map.current = Some(Box::new(current));
    }
    Chain {
        files,
        joined,
        doc: Some(merged),
        map,
        diagnostics,
        data,
        data_reports,
        sources,
    }
}

/// The chain as the last file's [`Loaded`], the files it extends in `extended`,
/// each with the findings in it.
fn into_loaded(chain: Chain) -> Loaded {
    let Chain {
        mut files,
        mut diagnostics,
        map,
        joined,
        data_reports,
        sources,
        ..
    } = chain;
    diagnostics.sort_by_key(|d| (d.span.map(|s| s.start), d.severity));
    let ends: Vec<usize> = files
        .iter()
        .skip(1)
        .map(|(offset, _)| *offset)
        .chain(std::iter::once(joined.len()))
        .collect();
    let mut per_file: Vec<Vec<Diagnostic>> = files
        .iter()
        .zip(&ends)
        .map(|((start, _), &end)| {
            diagnostics
                .iter()
                .filter_map(|d| d.in_range(*start..end))
                .collect()
        })
        .collect();
    // A finding with no place is about the file that was asked for.
    if let Some(last) = per_file.last_mut() {
        last.extend(diagnostics.iter().filter(|d| d.span.is_none()).cloned());
    }
    let (_, file) = files.pop().unwrap_or((0, SourceFile::new("", "")));
    let own = per_file.pop().unwrap_or_default();
    let extended = files
        .into_iter()
        .zip(per_file)
        .filter(|(_, found)| !found.is_empty())
        .map(|((_, file), diagnostics)| Loaded::findings(file, diagnostics))
        .collect();
    let has_errors = own.iter().any(Diagnostic::is_error);
    Loaded {
        file,
        map: map.filter(|_| !has_errors),
        diagnostics: own,
        data_reports,
        extended,
        outputs_unmeasured: None,
        sources,
    }
}
