//! Every script in PNG and PDF: each script's glyphs are drawn (not boxes), measured
//! with the font that draws them (so text fits), named in the SVG, embedded in the
//! PDF, and text no font draws is a warning.
//!
//! These tests need the fonts CI installs (Debian's fonts-noto-core, fonts-noto-cjk
//! and fonts-noto-color-emoji, see `.ci/run`); without them they fail and say so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use journeymap::fonts::{self, Weight};
use journeymap::layout::{Rect, TextBlock, TextMeasurer, TextStyle};
use journeymap::render::raster;
use journeymap::render::svg::SvgWriter;

/// A sample of each script a user can type, with the font the SVG must name.
const SCRIPTS: [(&str, &str, &str); 9] = [
    ("japanese", "顧客の旅をかく", "Noto Sans CJK JP"),
    ("chinese", "客户填写申请表", "Noto Sans CJK JP"),
    ("korean", "한국어 사용자", "Noto Sans CJK JP"),
    ("arabic", "يدفع العميل باستخدام بطاقة", "Noto Sans Arabic"),
    ("hebrew", "המשתמש לא מבין", "Noto Sans Hebrew"),
    ("devanagari", "ग्राहक की पुष्टि भुगतान", "Noto Sans Devanagari"),
    ("thai", "ลูกค้าชำระเงิน", "Noto Sans Thai"),
    (
        "emoji",
        "😀👍🏽👩\u{200D}👩\u{200D}👧🇯🇵❤\u{FE0F}",
        "Noto Color Emoji",
    ),
    ("mixed", "Pay 30 with مدى or 現金 😀", "Noto Sans Arabic"),
];

/// A char in Unicode's last private use plane, which no font draws: the box.
const MISSING: &str = "\u{10FFFD}";

/// Fails with what to install when the machine lacks the fonts these tests need.
fn require_fonts() {
    for (name, sample, _) in SCRIPTS {
        let missing = fonts::shared().undrawable(sample);
        assert!(
            missing.is_empty(),
            "no font draws {missing:?} of the {name} sample: install Debian's fonts-noto-core, \
             fonts-noto-cjk and fonts-noto-color-emoji (as .ci/run does)"
        );
    }
}

/// One line of text as the map's SVG writes it, in a picture of its own as
/// wide as the text measures.
fn line_svg(text: &str, style: TextStyle) -> String {
    let width = TextMeasurer::shared().width(text, style.size(), style.weight());
    picture(&line_markup(text, style), width + 20.0, style)
}

fn line_markup(text: &str, style: TextStyle) -> String {
    let block = TextBlock {
        rect: Rect {
            x: 10.0,
            y: 10.0,
            w: 1.0,
            h: style.line_height(),
        },
        style,
        lines: vec![text.to_owned()],
        bullet: false,
        line_offsets: Vec::new(),
    };
    let mut writer = SvgWriter::new();
    writer.text(&block, "#000000");
    writer.finish()
}

fn picture(markup: &str, width: f64, style: TextStyle) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{stack}"><rect width="100%" height="100%" fill="#ffffff"/>{markup}</svg>"##,
        w = width.ceil(),
        h = style.line_height() + 20.0,
        stack = fonts::FONT_STACK,
    )
}

/// The RGBA pixels of a PNG.
fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    buffer.truncate(info.buffer_size());
    (info.width, info.height, buffer)
}

/// Pixels that are not white.
fn ink(rgba: &[u8]) -> usize {
    rgba.chunks_exact(4)
        .filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200)
        .count()
}

/// Width of the pictures glyphs are compared in, in px.
const GLYPH_PICTURE: f64 = 120.0;

/// The pixels of one cluster drawn as the map draws it.
fn glyph_pixels(cluster: &str) -> Vec<u8> {
    let svg = picture(
        &line_markup(cluster, TextStyle::Title),
        GLYPH_PICTURE,
        TextStyle::Title,
    );
    pixels(&raster::png(&svg, 1.0).unwrap()).2
}

/// The pixels of the box a font without the glyph draws: Noto Sans's when
/// `family` is `None`.
fn box_pixels(family: Option<&str>) -> Vec<u8> {
    let style = TextStyle::Title;
    let markup = line_markup(MISSING, style);
    let markup = match family {
        Some(family) => markup.replacen("<text ", &format!("<text font-family=\"'{family}'\" "), 1),
        None => markup,
    };
    pixels(&raster::png(&picture(&markup, GLYPH_PICTURE, style), 1.0).unwrap()).2
}

#[test]
fn each_glyph_of_every_script_is_drawn_not_boxed() {
    use unicode_segmentation::UnicodeSegmentation;
    require_fonts();
    let noto_box = box_pixels(None);
    assert!(ink(&noto_box) > 20, "the missing glyph draws a visible box");
    for (name, sample, _) in SCRIPTS {
        for cluster in sample.graphemes(true).filter(|g| !g.trim().is_empty()) {
            let drawn = glyph_pixels(cluster);
            assert!(ink(&drawn) > 10, "{name}: {cluster:?} draws nothing");
            assert_ne!(
                drawn, noto_box,
                "{name}: {cluster:?} is drawn as Noto Sans's box"
            );
            let runs = TextMeasurer::shared().font_runs(cluster, 30.0, Weight::Bold);
            let family = runs.and_then(|r| r.first().and_then(|r| r.family));
            if let Some(family) = family {
                assert_ne!(
                    drawn,
                    box_pixels(Some(family)),
                    "{name}: {cluster:?} is drawn as {family}'s box"
                );
            }
        }
    }
}

#[test]
fn a_box_is_told_apart_from_a_glyph() {
    // The comparison above can fail: two missing chars draw the same box, and a
    // glyph differs from it.
    assert_eq!(glyph_pixels(MISSING), glyph_pixels("\u{10FFFC}"));
    assert_eq!(glyph_pixels(MISSING), box_pixels(None));
    assert_ne!(glyph_pixels("M"), box_pixels(None));
}

/// The ink of `text` as resvg draws it: its left and right edges, in px.
fn drawn_extent(text: &str, style: TextStyle) -> (f32, f32) {
    let tree = raster::tree(&line_svg(text, style)).unwrap();
    let mut extent = (f32::MAX, f32::MIN);
    let mut visit = vec![tree.root()];
    while let Some(group) = visit.pop() {
        for node in group.children() {
            match node {
                resvg::usvg::Node::Group(g) => visit.push(g),
                resvg::usvg::Node::Text(t) => {
                    let b = t.abs_bounding_box();
                    extent = (extent.0.min(b.left()), extent.1.max(b.right()));
                }
                _ => {}
            }
        }
    }
    extent
}

#[test]
fn text_is_measured_as_wide_as_it_is_drawn() {
    require_fonts();
    for style in [TextStyle::Body, TextStyle::CardTitle, TextStyle::Title] {
        for (name, sample, _) in SCRIPTS {
            let measured = TextMeasurer::shared().width(sample, style.size(), style.weight());
            let (left, right) = drawn_extent(sample, style);
            let drawn = f64::from(right - 10.0);
            // Ink may reach past the last advance by a side bearing, never more.
            assert!(
                drawn <= measured + 0.12 * style.size(),
                "{name} at {style:?}: drawn to {drawn} px, measured {measured} px"
            );
            // And no more than a side bearing wider: a guess, or glyphs drawn on
            // top of each other (resvg advances a cluster of several glyphs by
            // its widest), would be caught here.
            assert!(
                drawn >= measured - 0.2 * style.size(),
                "{name} at {style:?}: drawn to {drawn} px, measured {measured} px"
            );
            assert!(
                f64::from(left) >= 10.0 - 0.12 * style.size(),
                "{name}: ink starts at {left}"
            );
        }
    }
}

#[test]
fn right_to_left_text_reads_right_to_left() {
    require_fonts();
    // "ל" is tall, "א" is not: read right to left, "ל א" puts the tall letter right.
    let style = TextStyle::Title;
    let (w, h, rgba) = pixels(&raster::png(&line_svg("ל אאאא", style), 1.0).unwrap());
    let mut top_row = None;
    for y in 0..h {
        let row = &rgba[(y * w * 4) as usize..((y + 1) * w * 4) as usize];
        if ink(row) > 0 {
            top_row = Some(row.to_vec());
            break;
        }
    }
    let top_row = top_row.unwrap();
    let inked: Vec<usize> = top_row
        .chunks_exact(4)
        .enumerate()
        .filter(|(_, p)| p[0] < 200)
        .map(|(x, _)| x)
        .collect();
    let (left, right) = drawn_extent("ל אאאא", style);
    let right_third = left + (right - left) * 2.0 / 3.0;
    assert!(
        !inked.is_empty() && inked.iter().all(|&x| x as f32 > right_third),
        "the tall letter's top should be in the right third ({right_third}..{right}): {inked:?}"
    );
}

/// A map with long texts in every script, in every kind of box.
fn scripts_map() -> String {
    let mut yaml = String::from(
        "title: 顧客の旅 — خريطة رحلة العميل — ग्राहक यात्रा 🗺\u{FE0F}\n\
         scenario: 日本語、中文、한국어、العربية、עברית、हिन्दी、ไทย and emoji 😀👍🏽🇯🇵 in one map.\n\
         personas:\n  yuki: { name: 山田 ゆき, role: 初めての購入者 }\n  omar: { name: عمر الفاروق, role: مشتري لأول مرة }\n\
         stages:\n  - { id: find, name: 探す }\n  - { id: buy, name: שלב הקנייה }\n\
         touchpoints:\n",
    );
    for (i, (name, sample, _)) in SCRIPTS.iter().enumerate() {
        let stage = if i % 2 == 0 { "find" } else { "buy" };
        let long = format!("{sample} {sample} {sample} {sample}");
        yaml.push_str(&format!(
            "  - id: {name}\n    stage: {stage}\n    name: \"{sample}\"\n    actions: [\"{long}\"]\n    thoughts: [\"{sample}？\"]\n    pain_points: [\"{long}\"]\n    opportunities: [\"{sample}\"]\n    emotion: {{ yuki: {}, omar: {} }}\n",
            1 + i % 5,
            5 - i % 5
        ));
    }
    yaml
}

#[test]
fn long_text_in_every_script_fits_its_boxes() {
    require_fonts();
    let map = common::valid_map("scripts.yaml", &scripts_map());
    let layout = journeymap::layout::layout(&map, TextMeasurer::shared());
    common::assert_fits("scripts", &layout);
}

#[test]
fn the_svg_names_the_fonts_it_was_measured_with() {
    require_fonts();
    let map = common::valid_map("scripts.yaml", &scripts_map());
    let svg = journeymap::build(&map).svg;
    roxmltree::Document::parse(&svg).unwrap();
    for (name, _, family) in SCRIPTS {
        assert!(
            svg.contains(&format!("font-family=\"'{family}', sans-serif\"")),
            "{name}: the SVG does not name {family}"
        );
    }
}

#[test]
fn scripts_build_to_png_and_pdf_without_warnings_and_byte_identical() {
    require_fonts();
    let dir = common::temp_dir("scripts-build");
    std::fs::write(dir.join("scripts.yaml"), scripts_map()).unwrap();
    let build = |out: &str| {
        let output = common::journeymap(
            &[
                "build",
                "scripts.yaml",
                "--format",
                "png",
                "--format",
                "pdf",
                "--format",
                "svg",
                "-o",
                out,
            ],
            &dir,
        );
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{stderr}");
        assert!(stderr.contains("0 warnings"), "{stderr}");
        ["png", "pdf", "svg"]
            .map(|ext| std::fs::read(dir.join(out).join(format!("scripts.{ext}"))).unwrap())
    };
    let first = build("one");
    let second = build("two");
    assert!(first == second, "two builds of the same map differ");

    // The PDF embeds the fonts that draw each script (pdffonts comes with pdfinfo).
    let fonts = match std::process::Command::new("pdffonts")
        .arg(dir.join("one/scripts.pdf"))
        .output()
    {
        Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
        Err(error) if std::env::var_os("JOURNEYMAP_SKIP_PDFINFO").is_some_and(|v| v == "1") => {
            eprintln!("skipping pdffonts: {error}");
            return;
        }
        Err(error) => {
            panic!("pdffonts (poppler-utils) is needed, or JOURNEYMAP_SKIP_PDFINFO=1: {error}")
        }
    };
    for family in [
        "NotoSans-",
        "NotoSansCJKjp",
        "NotoSansArabic",
        "NotoSansHebrew",
        "NotoSansDevanagari",
        "NotoSansThai",
    ] {
        assert!(
            fonts.contains(family),
            "the PDF does not embed {family}:\n{fonts}"
        );
    }
}

#[test]
fn text_no_font_draws_is_a_warning_naming_the_touchpoint() {
    let dir = common::temp_dir("scripts-missing");
    std::fs::write(
        dir.join("map.yaml"),
        format!("title: T\ntouchpoints:\n  - {{ id: pay, stage: decision, name: \"Pay {MISSING} now\" }}\n"),
    )
    .unwrap();
    let output = common::journeymap(&["build", "map.yaml", "--format", "png", "-o", "out"], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("warning[undrawable-text]: touchpoint `pay`: no font draws `{MISSING}` (U+10FFFD) in \"Pay {MISSING} now\"")),
        "{stderr}"
    );
    assert!(stderr.contains("1 warning"), "{stderr}");
}

#[test]
fn font_dir_supplies_a_script_the_system_fonts_are_not_asked_for() {
    require_fonts();
    let dir = common::temp_dir("scripts-font-dir");
    std::fs::write(
        dir.join("map.yaml"),
        "title: T\ntouchpoints:\n  - { id: he, stage: decision, name: \"המשתמש\" }\n",
    )
    .unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "map.yaml", "--no-system-fonts"];
        args.extend(extra);
        let output = common::journeymap(&args, &dir);
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(check(&[]).contains("undrawable-text"), "{}", check(&[]));
    // The Hebrew font the system has, copied into a folder of its own.
    let fonts_dir = dir.join("fonts");
    std::fs::create_dir_all(&fonts_dir).unwrap();
    let hebrew = find_file("/usr/share/fonts", "NotoSansHebrew-Regular.ttf")
        .expect("fonts-noto-core has NotoSansHebrew-Regular.ttf");
    std::fs::copy(hebrew, fonts_dir.join("hebrew.ttf")).unwrap();
    let with_dir = check(&["--font-dir", "fonts"]);
    assert!(!with_dir.contains("undrawable-text"), "{with_dir}");
    assert!(with_dir.contains("0 warnings"), "{with_dir}");
}

fn find_file(dir: &str, name: &str) -> Option<std::path::PathBuf> {
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == name) {
                return Some(path);
            }
        }
    }
    None
}

#[test]
fn bold_text_uses_the_bold_face_of_the_fallback_family() {
    require_fonts();
    let regular = TextMeasurer::shared().width("顧客の旅", 20.0, Weight::Regular);
    let bold = TextMeasurer::shared().width("顧客の旅", 20.0, Weight::Bold);
    // Noto Sans CJK's ideographs are 1 em in every weight.
    assert_eq!(regular, 80.0);
    assert_eq!(bold, 80.0);
    let runs = TextMeasurer::shared()
        .font_runs("顧客 ok", 20.0, Weight::Bold)
        .unwrap();
    assert_eq!(runs[0].family, Some("Noto Sans CJK JP"));
    assert_eq!(runs[1].family, None);
    assert_eq!(runs[1].text, "ok");
}

#[test]
fn the_maps_language_picks_the_han_glyphs() {
    require_fonts();
    let map_in = |lang: &str| {
        common::valid_map(
            "han.yaml",
            &format!(
                "title: 顧客\nlang: {lang}\ntouchpoints:\n  - {{ id: a, stage: decision, name: 申请表 }}\n"
            ),
        )
    };
    for (lang, family) in [
        ("ja", "Noto Sans CJK JP"),
        ("zh-Hans", "Noto Sans CJK SC"),
        ("zh-TW", "Noto Sans CJK TC"),
        ("ko", "Noto Sans CJK KR"),
    ] {
        let svg = journeymap::build(&map_in(lang)).svg;
        assert!(
            svg.contains(&format!("font-family=\"'{family}', sans-serif\">顧客")),
            "{lang}: the title is not drawn in {family}"
        );
        let others = ["JP", "SC", "TC", "KR", "HK"].map(|v| format!("Noto Sans CJK {v}"));
        for other in others.iter().filter(|o| *o != family) {
            assert!(!svg.contains(other.as_str()), "{lang}: {other} in the SVG");
        }
    }
}

/// Arabic quoted with «…» (the Arabic labels' quote marks) reads as Arabic is
/// set: the marks, drawn by the bundled font beside the Arabic font's run, are
/// mirrored, so the opening « is the rightmost mark, drawn as ».
#[test]
fn quote_marks_beside_arabic_are_drawn_mirrored() {
    require_fonts();
    let runs = TextMeasurer::shared()
        .font_runs("«لماذا الصورة ضبابية؟»", 20.0, Weight::Regular)
        .unwrap();
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_ref()).collect();
    assert_eq!(texts.first(), Some(&"«"), "{texts:?}");
    assert_eq!(texts.last(), Some(&"»"), "{texts:?}");
    assert!(
        runs.windows(2).all(|w| w[0].x < w[1].x),
        "left to right: {runs:?}"
    );
    // Nested marks keep their nesting: «(…)» reads «( on the left, )» on the right.
    let runs = TextMeasurer::shared()
        .font_runs("نص «(مرحبا)» نص", 20.0, Weight::Regular)
        .unwrap();
    let marks: Vec<&str> = runs
        .iter()
        .map(|r| r.text.as_ref())
        .filter(|t| t.chars().all(|c| "«»()".contains(c)))
        .collect();
    assert_eq!(marks, ["«(", ")»"], "{runs:?}");
    // ... right beside the word they enclose, the spaces outside them.
    let m = TextMeasurer::shared();
    let at = |text: &str| runs.iter().position(|r| r.text == text).unwrap();
    let (open, word, close) = (at("«("), at("مرحبا"), at(")»"));
    let end = |i: usize| runs[i].x + m.width(&runs[i].text, 20.0, Weight::Regular);
    assert!((end(open) - runs[word].x).abs() < 0.5, "{runs:?}");
    assert!((end(word) - runs[close].x).abs() < 0.5, "{runs:?}");
    assert!(
        runs[open].x - end(open - 1) > 3.0,
        "a space before «(: {runs:?}"
    );
}
