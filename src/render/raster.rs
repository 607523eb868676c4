//! PNG and PDF: the SVG picture rasterised and printed, without a browser.
//!
//! The SVG is parsed once into a usvg tree with only the bundled Noto Sans loaded
//! (from bytes; no system fonts), so text looks as it does in the SVG and the result
//! does not depend on the machine. resvg rasterises the tree to PNG; krilla with
//! krilla-svg draws the same tree into a PDF. Each sits behind a cargo feature
//! (`png`, `pdf`; both on by default) so that a slim build is possible.

use std::fmt;

/// What drawing a PNG or PDF can fail on. None of these are expected for SVG
/// journeymap wrote.
#[derive(Debug)]
pub struct RasterError(pub String);

impl fmt::Display for RasterError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RasterError {}

/// Largest PNG side journeymap will render, in pixels, whatever `--scale` asks for.
pub const MAX_PNG_SIDE: f32 = 16_384.0;
/// Most pixels in one PNG (about 256 MB of RGBA while drawing).
pub const MAX_PNG_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;

/// Largest picture drawn as PNG or PDF, in CSS px² (width × height): five times
/// the examples'. Drawing first parses the whole SVG into a tree (every glyph an
/// outline), whose memory grows with the picture; past this it is refused before.
pub const MAX_DRAWN_AREA: f64 = 50_000_000.0;

/// Largest SVG drawn as PNG or PDF, in bytes: ten times the examples'. The tree
/// takes about 190 bytes of memory per byte of SVG (docs/fuzzing.md), so this
/// bounds it where the area does not (a small picture dense with text).
pub const MAX_DRAWN_SVG_BYTES: usize = 1_000_000;

/// Refuses a picture over [`MAX_DRAWN_AREA`] or [`MAX_DRAWN_SVG_BYTES`], from the
/// `width` and `height` that journeymap writes first on the SVG root, so nothing
/// is parsed or drawn.
pub fn check_drawable(svg: &str, format: &str) -> Result<(), RasterError> {
    let (width, height) = picture_size(svg)
        .ok_or_else(|| RasterError("the SVG has no width and height".to_owned()))?;
    let too_large = if width * height > MAX_DRAWN_AREA {
        format!(
            "the picture is {} × {} px; the limit for {format} is {} million px²",
            width.round(),
            height.round(),
            MAX_DRAWN_AREA / 1e6
        )
    } else if svg.len() > MAX_DRAWN_SVG_BYTES {
        format!(
            "the picture's SVG is {:.1} MB; the limit for {format} is {:.1} MB",
            svg.len() as f64 / 1e6,
            MAX_DRAWN_SVG_BYTES as f64 / 1e6
        )
    } else {
        return Ok(());
    };
    Err(RasterError(format!(
        "too large to draw as {format}: {too_large}; write HTML or SVG, or split the journey into several maps"
    )))
}

/// The `width` and `height` attributes of the SVG's root element.
fn picture_size(svg: &str) -> Option<(f64, f64)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attribute = |name: &str| -> Option<f64> {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &root[start..];
        value[..value.find('"')?].parse().ok()
    };
    Some((attribute("width")?, attribute("height")?))
}

#[cfg(any(feature = "png", feature = "pdf"))]
fn tree(svg: &str) -> Result<resvg::usvg::Tree, RasterError> {
    use resvg::usvg;
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_font_data(crate::fonts::REGULAR_TTF.to_vec());
    db.load_font_data(crate::fonts::BOLD_TTF.to_vec());
    db.set_sans_serif_family("Noto Sans");
    options.font_family = "Noto Sans".to_owned();
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| RasterError(format!("cannot read the SVG: {e}")))
}

/// Renders the SVG to PNG at `scale` (1 = one pixel per CSS px), capped so that
/// neither side exceeds [`MAX_PNG_SIDE`].
#[cfg(feature = "png")]
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, RasterError> {
    use resvg::tiny_skia;
    check_drawable(svg, "PNG")?;
    let tree = tree(svg)?;
    let size = tree.size();
    // Shrink the scale until both the longest side and the pixel count fit.
    let by_side = MAX_PNG_SIDE / size.width().max(size.height());
    let by_area = (MAX_PNG_PIXELS / (size.width() * size.height())).sqrt();
    let scale = scale.min(by_side).min(by_area);
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width.max(1), height.max(1))
        .ok_or_else(|| RasterError(format!("cannot allocate a {width}×{height} image")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RasterError(format!("cannot encode the PNG: {e}")))
}

/// Points per CSS pixel: a CSS px is 1/96 inch and a PDF point 1/72 inch.
#[cfg(feature = "pdf")]
const PT_PER_PX: f32 = 0.75;

/// Renders the SVG to a one-page PDF the size of the picture: its CSS size, in
/// points, so that the PDF prints as large as the page does in a browser.
#[cfg(feature = "pdf")]
pub fn pdf(svg: &str) -> Result<Vec<u8>, RasterError> {
    use krilla::Document;
    use krilla::geom::Size;
    use krilla::page::PageSettings;
    use krilla_svg::{SurfaceExt, SvgSettings};
    check_drawable(svg, "PDF")?;
    let tree = tree(svg)?;
    let size = tree.size();
    let page_size = Size::from_wh(size.width() * PT_PER_PX, size.height() * PT_PER_PX)
        .ok_or_else(|| RasterError("the picture has no size".to_owned()))?;
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::new(page_size));
    let mut surface = page.surface();
    surface
        .draw_svg(&tree, page_size, SvgSettings::default())
        .ok_or_else(|| RasterError("cannot draw the SVG into the PDF".to_owned()))?;
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| RasterError(format!("cannot write the PDF: {e:?}")))
}

#[cfg(all(test, any(feature = "png", feature = "pdf")))]
#[allow(clippy::unwrap_used)]
mod tests {
    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40" font-family="'Noto Sans'"><rect width="120" height="40" fill="#fff"/><text x="4" y="26" font-size="16">Hello map</text></svg>"##;

    #[test]
    fn a_picture_too_large_is_refused_before_it_is_parsed() {
        assert_eq!(super::picture_size(SVG), Some((120.0, 40.0)));
        assert!(super::check_drawable(SVG, "PNG").is_ok());
        // Only the root is read: the rest need not even be SVG.
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="2000000" height="3000">"#;
        let error = super::check_drawable(huge, "PNG").unwrap_err().to_string();
        assert!(
            error.contains("too large to draw as PNG: the picture is 2000000 × 3000 px"),
            "{error}"
        );
        #[cfg(feature = "png")]
        assert!(super::png(huge, 1.0).is_err());
        let dense = format!(
            r#"<svg width="100" height="100">{}</svg>"#,
            "<g/>".repeat(super::MAX_DRAWN_SVG_BYTES / 4)
        );
        let error = super::check_drawable(&dense, "PDF")
            .unwrap_err()
            .to_string();
        assert!(error.contains("the picture's SVG is 1.0 MB"), "{error}");
    }

    #[cfg(feature = "png")]
    #[test]
    fn png_has_the_signature_and_the_scaled_size() {
        let png = super::png(SVG, 2.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((width, height), (240, 80));
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn pdf_is_a_pdf_with_the_font_embedded() {
        let pdf = super::pdf(SVG).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("NotoSans"), "the bundled font is embedded");
        assert!(text.trim_end().ends_with("%%EOF"));
    }
}
