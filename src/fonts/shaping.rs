//! The part of a font file that shaping reads.
//!
//! Measuring a run of text in a font other than the bundled one shapes it with
//! rustybuzz, which needs the face in memory for the whole process. Shaping reads
//! the character map, the metrics and the layout tables (GSUB, GPOS, GDEF, ...),
//! never the outlines or bitmaps that draw the glyphs, and those are most of a
//! font's bytes: 18 of the 19 MB of a Noto Sans CJK weight, 10 of the 10.5 MB of
//! Noto Color Emoji. So the face is read as a font of its own holding every table
//! but those: the same glyph ids, advances and substitutions, a small share of
//! the reading and the memory. Drawing (resvg, the PDF) still reads the whole file.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Tables that only draw glyphs: outlines (TrueType, CFF), their variations, and
/// colour or bitmap images. Shaping measures advances (`hmtx`, `HVAR`), which
/// never need them.
const DRAWING_TABLES: [[u8; 4]; 12] = [
    *b"glyf", *b"loca", *b"CFF ", *b"CFF2", *b"gvar", *b"CBDT", *b"CBLC", *b"sbix", *b"SVG ",
    *b"EBDT", *b"EBLC", *b"EBSC",
];

/// At most this many tables in a face: real fonts have 10 to 40.
const MAX_TABLES: usize = 256;

/// At most this many bytes of tables kept: a CJK font's are under 2 MB.
const MAX_KEPT_BYTES: u64 = 64 * 1024 * 1024;

/// The face at `index` of the font file at `path` (a `.ttc` holds several) as a
/// font of its own without [`DRAWING_TABLES`], or `None` when the file is not a
/// font this can read (the caller then reads it whole).
pub fn shaping_font(path: &Path, index: u32) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut read_at = |offset: u64, size: usize| -> Option<Vec<u8>> {
        if offset.checked_add(size as u64)? > len {
            return None;
        }
        file.seek(SeekFrom::Start(offset)).ok()?;
        let mut bytes = vec![0; size];
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    };
    let start = read_at(0, 12)?;
    let directory = if start[..4] == *b"ttcf" {
        if index >= be_u32(&start[8..12]) {
            return None;
        }
        u64::from(be_u32(&read_at(12 + 4 * u64::from(index), 4)?))
    } else if index == 0 {
        0
    } else {
        return None;
    };
    let header = read_at(directory, 12)?;
    let count = usize::from(u16::from_be_bytes([header[4], header[5]]));
    if count > MAX_TABLES {
        return None;
    }
    let records = read_at(directory + 12, 16 * count)?;
    let kept: Vec<&[u8]> = records
        .chunks_exact(16)
        .filter(|record| !DRAWING_TABLES.iter().any(|tag| record[..4] == *tag))
        .collect();
    let kept_bytes: u64 = kept.iter().map(|r| u64::from(be_u32(&r[12..16]))).sum();
    // Tables that overlap could add up to more than the file: then it is read
    // whole, as before, rather than copied many times over.
    if kept_bytes > MAX_KEPT_BYTES.min(len) {
        return None;
    }
    let mut font = Vec::with_capacity(12 + 16 * kept.len() + kept_bytes as usize + 4 * kept.len());
    font.extend_from_slice(&header[..4]);
    font.extend_from_slice(&(kept.len() as u16).to_be_bytes());
    // searchRange, entrySelector, rangeShift: for a binary search no reader needs.
    font.extend_from_slice(&[0; 6]);
    let mut offset = 12 + 16 * kept.len();
    let mut tables = Vec::with_capacity(kept_bytes as usize);
    for record in &kept {
        let length = be_u32(&record[12..16]);
        font.extend_from_slice(&record[..8]);
        font.extend_from_slice(&(offset as u32).to_be_bytes());
        font.extend_from_slice(&length.to_be_bytes());
        let table = read_at(u64::from(be_u32(&record[8..12])), length as usize)?;
        tables.extend_from_slice(&table);
        // Each table starts on a four-byte boundary.
        let padded = (length as usize).next_multiple_of(4);
        tables.resize(tables.len() + padded - length as usize, 0);
        offset += padded;
    }
    font.extend_from_slice(&tables);
    Some(font)
}

fn be_u32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// Every glyph, cluster, advance and offset rustybuzz gives for `text`.
    fn shaped(font: &[u8], index: u32, text: &str) -> Vec<(u32, u32, [i32; 4])> {
        let face = rustybuzz::Face::from_slice(font, index).expect("a face");
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&face, &[], buffer);
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, p)| {
                let position = [p.x_advance, p.y_advance, p.x_offset, p.y_offset];
                (info.glyph_id, info.cluster, position)
            })
            .collect()
    }

    fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("jm-shaping-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn the_bundled_font_shapes_the_same_without_its_outlines() {
        let path = temp_file("regular.ttf", crate::fonts::REGULAR_TTF);
        let tables = shaping_font(&path, 0).expect("a TrueType font");
        let _ = std::fs::remove_file(&path);
        assert!(
            tables.len() < crate::fonts::REGULAR_TTF.len() / 2,
            "{} bytes",
            tables.len()
        );
        let face = ttf_parser::Face::parse(&tables, 0).unwrap();
        assert!(face.tables().glyf.is_none());
        for text in [
            "Office affine ﬁ",
            "e\u{301}\u{323} Ǻ ж Ελλάδα",
            "AVATAR To.",
        ] {
            assert_eq!(
                shaped(&tables, 0, text),
                shaped(crate::fonts::REGULAR_TTF, 0, text),
                "{text}"
            );
        }
    }

    /// The system fonts CI installs (see tests/scripts.rs): a face of a `.ttc`
    /// collection, emoji sequences, Arabic joining, Indic and Thai clusters.
    #[test]
    fn system_faces_shape_the_same_without_their_outlines() {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let samples = [
            ("Noto Sans CJK JP", "顧客の旅をかく、한국어 「引用」"),
            ("Noto Sans CJK KR", "客户填写申请表 한국어"),
            ("Noto Color Emoji", "😀👍🏽👩\u{200D}👩\u{200D}👧🇯🇵❤\u{FE0F}"),
            ("Noto Sans Arabic", "يدفع العميل باستخدام بطاقة"),
            ("Noto Sans Devanagari", "ग्राहक की पुष्टि भुगतान"),
            ("Noto Sans Thai", "ลูกค้าชำระเงิน"),
        ];
        for (family, text) in samples {
            let query = fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                ..fontdb::Query::default()
            };
            let id = db.query(&query).unwrap_or_else(|| {
                panic!("`{family}` is missing: install fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji")
            });
            let (source, index) = db.face_source(id).unwrap();
            let fontdb::Source::File(path) = source else {
                panic!("{family} is not a file");
            };
            let whole = std::fs::read(&path).unwrap();
            let tables = shaping_font(&path, index).expect("a font");
            assert!(tables.len() < whole.len(), "{family}");
            assert_eq!(
                shaped(&tables, 0, text),
                shaped(&whole, index, text),
                "{family}"
            );
        }
    }

    #[test]
    fn files_that_are_not_fonts_are_refused_without_reading_past_them() {
        let regular = crate::fonts::REGULAR_TTF;
        let mut many_tables = regular[..12].to_vec();
        many_tables[4..6].copy_from_slice(&1000u16.to_be_bytes());
        let mut table_past_the_end = regular.to_vec();
        // The first table record's length: far past the end of the file.
        table_past_the_end[12 + 12..12 + 16].copy_from_slice(&u32::MAX.to_be_bytes());
        // Every table record covering the whole file: more bytes than the file.
        let mut overlapping = regular.to_vec();
        let tables = usize::from(u16::from_be_bytes([regular[4], regular[5]]));
        for record in 0..tables {
            let at = 12 + 16 * record;
            overlapping[at + 8..at + 12].copy_from_slice(&0u32.to_be_bytes());
            overlapping[at + 12..at + 16].copy_from_slice(&(regular.len() as u32).to_be_bytes());
        }
        let mut collection = b"ttcf\0\x01\0\0\xff\xff\xff\xff".to_vec();
        collection.extend_from_slice(&u32::MAX.to_be_bytes());
        let cases: [(&str, &[u8], u32); 8] = [
            ("empty", b"", 0),
            ("short", b"\0\x01\0\0\0", 0),
            ("many-tables", &many_tables, 0),
            ("table-past-the-end", &table_past_the_end, 0),
            ("overlapping-tables", &overlapping, 0),
            ("collection-directory-past-the-end", &collection, 0),
            ("collection-without-the-face", &collection[..12], 9),
            ("second-face-of-a-font", regular, 1),
        ];
        for (name, bytes, index) in cases {
            let path = temp_file(name, bytes);
            assert_eq!(shaping_font(&path, index), None, "{name}");
            let _ = std::fs::remove_file(&path);
        }
    }
}
