//! Reading one CSV file of a map's data: streaming, with the delimiter sniffed
//! (`,`, `;` or tab, as spreadsheet exports in many locales write them), a leading
//! byte-order mark and CRLF line ends accepted, and every problem kept as a
//! [`Diagnostic`] whose span points into the file, so `check` prints
//! `file:line:column` in the CSV as it does in the map.
//!
//! Rows are streamed, never held: a million-row export costs one row of memory.
//! The file's text is read whole only when a problem must be shown, to print
//! the line with a caret.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::diag::{Diagnostic, SourceFile, Span};

/// Most problems reported per data file; the rest are counted in one last error.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// Largest data file read, in bytes: a survey export of several million rows.
pub const MAX_DATA_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Largest file whose text is read to show problems with their lines.
const MAX_SHOWN_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One data file's problems and its text to show them against.
pub struct DataReport {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found but not kept, counted in a last error by [`DataReport::close`].
    pub unshown: usize,
}

impl DataReport {
    /// Keeps the first `keep` problems and adds one last error counting the rest.
    pub fn close(&mut self, keep: usize) {
        if self.diagnostics.len() > keep {
            self.unshown += self.diagnostics.len() - keep;
            self.diagnostics.truncate(keep);
        }
        if self.unshown > 0 {
            self.diagnostics.push(Diagnostic::error(
                "too-many-problems",
                format!(
                    "`{}` has {} more {} not shown",
                    self.file.name,
                    crate::number::thousands(self.unshown as u64),
                    if self.unshown == 1 {
                        "problem"
                    } else {
                        "problems"
                    }
                ),
            ));
        }
    }
}

/// Where a problem is: a record's first byte and the field's index in it. Turned into
/// a byte span once the problems are known, by scanning that one record.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    pub record: u64,
    pub field: usize,
}

/// A problem found while streaming, placed at a cell or at a whole line.
struct Problem {
    at: Option<Cell>,
    diagnostic: Diagnostic,
}

/// A CSV file being read.
pub struct Table {
    pub name: String,
    path: std::path::PathBuf,
    reader: csv::Reader<BufReader<File>>,
    pub delimiter: u8,
    /// Column names, trimmed.
    pub header: Vec<String>,
    header_record: u64,
    problems: Vec<Problem>,
    /// Problems past [`MAX_PROBLEMS_PER_FILE`], only counted.
    unshown: usize,
}

impl Table {
    /// Opens `path`, shown as `name`; reads the header. A file that cannot be read
    /// or is not text is one diagnostic against the map's `at` span.
    pub fn open(path: &Path, name: &str, at: Span) -> Result<Table, Diagnostic> {
        let cannot = |why: String| Diagnostic::error("data-file", why).at(at);
        let file = File::open(path).map_err(|e| cannot(format!("cannot read `{name}`: {e}")))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_DATA_FILE_BYTES {
            return Err(cannot(format!(
                "`{name}` is larger than the limit of {MAX_DATA_FILE_BYTES} bytes"
            )));
        }
        let mut buffered = BufReader::with_capacity(256 * 1024, file);
        let head = buffered
            .fill_buf()
            .map_err(|e| cannot(format!("cannot read `{name}`: {e}")))?;
        if head.contains(&0) {
            return Err(cannot(format!("`{name}` is not a text file"))
                .with_hint("a data file is a CSV export: text, one row per line"));
        }
        let delimiter = sniff_delimiter(head);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(buffered);
        let mut record = csv::ByteRecord::new();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => {
                return Err(cannot(format!("`{name}` is empty"))
                    .with_hint("a data file starts with a header row naming its columns"));
            }
            Err(e) => return Err(cannot(format!("`{name}` is not CSV: {e}"))),
        }
        let header = record
            .iter()
            .map(|f| {
                let text = String::from_utf8_lossy(f);
                text.trim().trim_start_matches('\u{feff}').trim().to_owned()
            })
            .collect();
        let table = Table {
            name: name.to_owned(),
            path: path.to_owned(),
            reader,
            delimiter,
            header,
            header_record: record.position().map_or(0, |p| p.byte()),
            problems: Vec::new(),
            unshown: 0,
        };
        Ok(table)
    }

    /// The index of each of `wanted` columns; one error listing every one missing.
    pub fn columns(&mut self, wanted: &[&str]) -> Option<Vec<usize>> {
        let found: Vec<Option<usize>> = wanted
            .iter()
            .map(|w| self.header.iter().position(|h| h == w))
            .collect();
        let missing: Vec<String> = wanted
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(w, _)| {
                match crate::diag::did_you_mean(w, self.header.iter().map(String::as_str)) {
                    Some(near) => format!("`{w}` (did you mean `{near}`?)"),
                    None => format!("`{w}`"),
                }
            })
            .collect();
        if missing.is_empty() {
            return Some(found.into_iter().flatten().collect());
        }
        let noun = if missing.len() == 1 {
            "column"
        } else {
            "columns"
        };
        let header_cell = Cell {
            record: self.header_record,
            field: 0,
        };
        let known = crate::diag::list_known(self.header.iter().map(String::as_str));
        self.problem(
            Some(header_cell),
            Diagnostic::error(
                "missing-column",
                format!("`{}` has no {noun} {}", self.name, missing.join(", ")),
            )
            .with_label("the header row")
            .with_hint(format!("its columns are {known}")),
        );
        None
    }

    /// The next row: its cells as text (a cell that is not UTF-8 is a problem and
    /// reads as empty) and where it starts. `None` at the end, or when the file
    /// stops being CSV (reported).
    pub fn next_row(&mut self, record: &mut csv::ByteRecord) -> Option<u64> {
        loop {
            match self.reader.read_byte_record(record) {
                Ok(false) => return None,
                Ok(true) => {
                    let at = record.position().map_or(0, |p| p.byte());
                    // A blank line (or one of only spaces) is no row.
                    if record.len() == 1 && record[0].iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(at);
                }
                Err(e) => {
                    let at = e.position().map(|p| p.byte());
                    self.problem(
                        at.map(|record| Cell { record, field: 0 }),
                        Diagnostic::error(
                            "bad-csv",
                            format!("`{}` is not valid CSV here: {e}", self.name),
                        ),
                    );
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        return None;
                    }
                }
            }
        }
    }

    /// Reports a problem; past [`MAX_PROBLEMS_PER_FILE`] it is only counted.
    pub fn problem(&mut self, at: Option<Cell>, diagnostic: Diagnostic) {
        if self.problems.len() >= MAX_PROBLEMS_PER_FILE {
            self.unshown += 1;
            return;
        }
        self.problems.push(Problem { at, diagnostic });
    }

    /// The file's report: every problem with its span in the file's text. `None`
    /// when there are none.
    pub fn finish(self) -> Option<DataReport> {
        if self.problems.is_empty() {
            return None;
        }
        let text = read_shown_text(&self.path);
        let diagnostics: Vec<Diagnostic> = self
            .problems
            .into_iter()
            .map(|p| match (p.at, text.is_empty()) {
                (Some(cell), false) => {
                    let span = cell_span(&text, cell, self.delimiter);
                    p.diagnostic.at(span)
                }
                _ => p.diagnostic,
            })
            .collect();
        Some(DataReport {
            file: SourceFile::new(self.name, text),
            diagnostics,
            unshown: self.unshown,
        })
    }
}

/// The cell at `index` of `record` as trimmed text; `None` when it is not UTF-8.
pub fn cell(record: &csv::ByteRecord, index: usize) -> Option<&str> {
    std::str::from_utf8(record.get(index).unwrap_or_default())
        .ok()
        .map(str::trim)
}

/// The delimiter of the header line: the most frequent of `,`, `;` and tab outside
/// quotes; `,` when none appears.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts: BTreeMap<u8, usize> = BTreeMap::new();
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' | b';' | b'\t' if !quoted => *counts.entry(b).or_default() += 1,
            _ => {}
        }
    }
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (counts.get(d).copied().unwrap_or(0), *d == b','))
        .unwrap_or(b',')
}

/// The file's text for excerpts: lossy UTF-8, or empty when it is too large to show.
fn read_shown_text(path: &Path) -> String {
    use std::io::Read;
    let Ok(file) = File::open(path) else {
        return String::new();
    };
    let mut bytes = Vec::new();
    if file
        .take(MAX_SHOWN_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .is_err()
        || bytes.len() as u64 > MAX_SHOWN_FILE_BYTES
    {
        return String::new();
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The span of field `cell.field` of the record starting at byte `cell.record`,
/// found by scanning that record (quotes respected).
pub fn cell_span(text: &str, cell: Cell, delimiter: u8) -> Span {
    let bytes = text.as_bytes();
    let mut at = usize::try_from(cell.record)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    // The header's position is after a byte-order mark the reader skipped.
    if at == 0 && text.starts_with('\u{feff}') {
        at = '\u{feff}'.len_utf8();
    }
    for _ in 0..cell.field {
        at = field_end(bytes, at, delimiter);
        if bytes.get(at) != Some(&delimiter) {
            return Span::new(at, at);
        }
        at += 1;
    }
    Span::new(at, field_end(bytes, at, delimiter))
}

/// Where the field starting at `start` ends: at the next delimiter or line end
/// outside quotes.
fn field_end(bytes: &[u8], start: usize, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => return i,
            _ if b == delimiter && !quoted => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons_and_tabs_but_not_inside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",d\n"), b',');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }

    #[test]
    fn finds_a_cell_past_quoted_delimiters() {
        let text = "id,quote,date\nE1,\"a, b\",2026-13-01\n";
        let span = cell_span(
            text,
            Cell {
                record: 14,
                field: 2,
            },
            b',',
        );
        assert_eq!(&text[span.start..span.end], "2026-13-01");
    }
}
