//! Arbitrary bytes through the whole pipeline: load, validate, lay out, render.
//! Nothing may panic, hang or allocate without bound; a map that loads must build,
//! and building twice must give the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let loaded = journeymap::load(journeymap::diag::SourceFile::new("fuzz.yaml", text));
    // Printing diagnostics must not panic either (spans near the end, multi-byte chars).
    let _ = journeymap::diag::render_plain(&loaded.file, &loaded.diagnostics);
    for d in &loaded.diagnostics {
        let _ = journeymap::diag::to_json(&loaded.file, d);
    }
    if let Some(map) = &loaded.map {
        let first = journeymap::build(map);
        let second = journeymap::build(map);
        assert!(first.svg == second.svg && first.html == second.html, "output is not deterministic");
    }
});
