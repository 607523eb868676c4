//! PNG and PDF: the SVG picture rasterised and printed, without a browser.
//!
//! The SVG is parsed once into a usvg tree with the fonts of [`crate::fonts`]: the
//! bundled Noto Sans and the fonts the layout measured other scripts with, which
//! the SVG names run by run, so text is drawn with the glyphs it was measured with. resvg rasterises the tree to PNG a strip of
//! rows at a time, each streamed into the encoder, so pixels take the same memory
//! whatever the picture's size; krilla with krilla-svg draws the printed pages
//! (see [`super::pages`]), one tree each, into a PDF. Each sits behind a cargo feature (`png`, `pdf`; both on by default) so
//! that a slim build is possible.

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
/// Most pixels in one PNG. The picture is drawn in strips of 16 MiB, so this
/// bounds the file and the time, not the memory.
pub const MAX_PNG_PIXELS: f32 = 64.0 * 1024.0 * 1024.0;

/// Largest picture drawn as PNG or PDF, in CSS px² (width × height): five times
/// the examples'. It bounds the time to draw; memory is bounded by the SVG's size.
pub const MAX_DRAWN_AREA: f64 = 50_000_000.0;

/// Largest SVG drawn as PNG or PDF, in bytes: four times the examples' (about
/// 90 KB). Drawing first parses the whole SVG into a tree (every glyph an
/// outline), which takes up to about 410 bytes of memory per byte of SVG (short
/// lines of intricate glyphs, docs/fuzzing.md): at this size about 167 MiB at
/// peak for PNG or PDF, under the 200 MiB that drawing is allowed.
pub const MAX_DRAWN_SVG_BYTES: usize = 400_000;

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

/// Parses the SVG into the tree that PNG and PDF draw, with journeymap's fonts.
#[cfg(any(feature = "png", feature = "pdf"))]
pub fn tree(svg: &str) -> Result<resvg::usvg::Tree, RasterError> {
    use resvg::usvg;
    let fonts = crate::fonts::shared();
    let mut options = usvg::Options {
        fontdb: fonts.database(),
        font_family: crate::fonts::PRIMARY_FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    // The SVG names the font of every run that is not Noto Sans, so resvg falls
    // back only for a char no font has; ask the font set instead of scanning
    // every face of the database for it.
    options.font_resolver.select_fallback =
        Box::new(move |c, _, db| fonts.fallback_id(c, crate::fonts::Weight::Regular, db));
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| RasterError(format!("cannot read the SVG: {e}")))
}

/// Most bytes of pixels held at once while drawing a PNG. The picture is drawn in
/// horizontal strips of this size, each demultiplied and handed to the PNG
/// encoder before the next, so memory for pixels does not grow with the picture
/// (a whole 64 M pixel picture would take 256 MB, twice while encoding).
#[cfg(feature = "png")]
const STRIP_BYTES: usize = 16 * 1024 * 1024;

/// Rows drawn past each side of a strip where the picture goes on. tiny-skia
/// clips a shape that crosses a strip's edge to the strip and rasterises the
/// clipped edges from the clip point, which moves antialiased pixels near it by
/// up to a quarter of full coverage. With the clip this far from the kept rows,
/// only a curve longer than the margin may still differ, on rare edge pixels:
/// 0 to 403 pixels per PNG of the examples (of 9 to 67 million), where strips
/// without a margin differed on 30 to 2,821 (docs/fuzzing.md).
#[cfg(feature = "png")]
const SEAM_MARGIN_ROWS: u32 = 32;

/// Compressed bytes per PNG `IDAT` chunk: the stream encoder writes a chunk each
/// time this much is ready (its default, 4 KiB, would spend 12 bytes per 4 KiB).
#[cfg(feature = "png")]
const IDAT_BYTES: usize = 256 * 1024;

/// Renders the SVG to PNG at `scale` (1 = one pixel per CSS px), capped so that
/// neither side exceeds [`MAX_PNG_SIDE`] and the pixels fit [`MAX_PNG_PIXELS`].
#[cfg(feature = "png")]
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, RasterError> {
    check_drawable(svg, "PNG")?;
    let tree = tree(svg)?;
    let size = tree.size();
    // Shrink the scale until both the longest side and the pixel count fit.
    let by_side = MAX_PNG_SIDE / size.width().max(size.height());
    let by_area = (MAX_PNG_PIXELS / (size.width() * size.height())).sqrt();
    let scale = scale.min(by_side).min(by_area);
    let width = ((size.width() * scale).ceil() as u32).max(1);
    let height = ((size.height() * scale).ceil() as u32).max(1);
    let strip_rows = (STRIP_BYTES / (width as usize * 4))
        .saturating_sub(2 * SEAM_MARGIN_ROWS as usize)
        .max(1) as u32;
    png_in_strips(&tree, scale, (width, height), strip_rows)
}

/// Draws the tree `strip_rows` rows at a time and streams each strip into the PNG
/// encoder. Every strip is drawn with the whole picture's transform moved up by
/// the strip's top row (less its margin), so it has the pixels one drawing of
/// the whole picture has there, bit for bit, except for rare antialiased pixels
/// on long curves that cross a strip's edge (at most about 1 pixel in 100,000 of
/// the examples' PNGs; see [`SEAM_MARGIN_ROWS`] and the tests).
#[cfg(feature = "png")]
fn png_in_strips(
    tree: &resvg::usvg::Tree,
    scale: f32,
    (width, height): (u32, u32),
    strip_rows: u32,
) -> Result<Vec<u8>, RasterError> {
    use resvg::tiny_skia::{Pixmap, PremultipliedColorU8, Transform};
    use std::io::Write;
    let encode_error = |e: &dyn fmt::Display| RasterError(format!("cannot encode the PNG: {e}"));
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut header = encoder.write_header().map_err(|e| encode_error(&e))?;
    let mut stream = header
        .stream_writer_with_size(IDAT_BYTES)
        .map_err(|e| encode_error(&e))?;
    let mut strip: Option<Pixmap> = None;
    let mut top = 0;
    while top < height {
        let rows = strip_rows.min(height - top);
        // The strip reaches past its rows by a margin where the picture goes on,
        // so that the seams it is clipped at fall outside the rows it keeps; at the
        // picture's top and bottom it clips where the whole pixmap would.
        let above = SEAM_MARGIN_ROWS.min(top);
        let below = SEAM_MARGIN_ROWS.min(height - top - rows);
        let drawn = above + rows + below;
        let pixmap =
            match strip.take() {
                Some(mut pixmap) if pixmap.height() == drawn => {
                    pixmap.fill(resvg::tiny_skia::Color::TRANSPARENT);
                    strip.insert(pixmap)
                }
                _ => strip.insert(Pixmap::new(width, drawn).ok_or_else(|| {
                    RasterError(format!("cannot allocate a {width}×{drawn} image"))
                })?),
            };
        let transform =
            Transform::from_scale(scale, scale).post_translate(0.0, -((top - above) as f32));
        resvg::render(tree, transform, &mut pixmap.as_mut());
        let row_bytes = width as usize * 4;
        let kept =
            &mut pixmap.data_mut()[above as usize * row_bytes..(above + rows) as usize * row_bytes];
        // PNG stores straight alpha; tiny-skia draws premultiplied. Demultiply in
        // place with tiny-skia's own conversion, as `Pixmap::encode_png` does.
        for pixel in kept.chunks_exact_mut(4) {
            if let [r, g, b, a] = pixel
                && *a != u8::MAX
                && let Some(color) = PremultipliedColorU8::from_rgba(*r, *g, *b, *a)
            {
                let color = color.demultiply();
                (*r, *g, *b) = (color.red(), color.green(), color.blue());
            }
        }
        stream.write_all(kept).map_err(|e| encode_error(&e))?;
        top += rows;
    }
    stream.finish().map_err(|e| encode_error(&e))?;
    header.finish().map_err(|e| encode_error(&e))?;
    Ok(out)
}

/// Points per CSS pixel: a CSS px is 1/96 inch and a PDF point 1/72 inch.
#[cfg(feature = "pdf")]
const PT_PER_PX: f32 = crate::layout::pages::PT_PER_PX as f32;

/// Draws the printed pages (see [`super::pages`]) into one PDF, each page at its
/// paper's size, with the map's `title` as the document's title and `lang` as its
/// language. The PDF is tagged: each page is a figure whose alternative text says
/// which stages and touchpoints it shows (krilla-svg draws an SVG as one piece of
/// content, so finer tags, such as one per card, are not possible from the SVG).
#[cfg(feature = "pdf")]
pub fn pdf(
    pages: &[super::pages::PrintedPage],
    title: &str,
    lang: Option<&str>,
) -> Result<Vec<u8>, RasterError> {
    use krilla::Document;
    use krilla::geom::Size;
    use krilla::metadata::Metadata;
    use krilla::page::PageSettings;
    use krilla::tagging::{ContentTag, Tag, TagGroup, TagTree};
    use krilla_svg::{SurfaceExt, SvgSettings};
    let mut document = Document::new();
    let mut part = TagGroup::new(Tag::Part);
    for page in pages {
        let tree = tree(&page.svg)?;
        let size = tree.size();
        let page_size = Size::from_wh(size.width() * PT_PER_PX, size.height() * PT_PER_PX)
            .ok_or_else(|| RasterError("the page has no size".to_owned()))?;
        let mut pdf_page = document.start_page_with(PageSettings::new(page_size));
        let mut surface = pdf_page.surface();
        let content = surface.start_tagged(ContentTag::Other);
        let drawn = surface.draw_svg(&tree, page_size, SvgSettings::default());
        surface.end_tagged();
        surface.finish();
        pdf_page.finish();
        drawn.ok_or_else(|| RasterError("cannot draw a page into the PDF".to_owned()))?;
        let mut figure = TagGroup::new(Tag::Figure(Some(page.description.clone())));
        figure.push(content);
        part.push(figure);
    }
    let mut tags = TagTree::new().with_lang(lang.map(str::to_owned));
    tags.push(part);
    document.set_tag_tree(tags);
    let mut metadata = Metadata::new().title(title.to_owned());
    if let Some(lang) = lang {
        metadata = metadata.language(lang.to_owned());
    }
    document.set_metadata(metadata);
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
        assert!(
            error.contains(
                "too large to draw as PDF: the picture's SVG is 0.4 MB; the limit for PDF is 0.4 MB"
            ),
            "{error}"
        );
        // At the limit exactly, it is drawn.
        let at_limit = format!(
            r#"<svg width="100" height="100">{}</svg>"#,
            " ".repeat(super::MAX_DRAWN_SVG_BYTES - 36)
        );
        assert_eq!(at_limit.len(), super::MAX_DRAWN_SVG_BYTES);
        assert!(super::check_drawable(&at_limit, "PNG").is_ok());
        assert!(super::check_drawable(&format!("{at_limit} "), "PNG").is_err());
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

    /// The PNG's pixels as straight RGBA, with its width and height.
    #[cfg(feature = "png")]
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        pixels.truncate(info.buffer_size());
        (info.width, info.height, pixels)
    }

    /// The tree drawn on one pixmap and demultiplied, as `Pixmap::encode_png`
    /// would encode it: what the strips are compared with.
    #[cfg(feature = "png")]
    fn whole(tree: &resvg::usvg::Tree, scale: f32, (width, height): (u32, u32)) -> Vec<u8> {
        use resvg::tiny_skia::{Pixmap, Transform};
        let mut pixmap = Pixmap::new(width, height).unwrap();
        resvg::render(
            tree,
            Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.take_demultiplied()
    }

    /// A 160 × 120 px picture of `shapes`, on a transparent background.
    #[cfg(feature = "png")]
    fn picture(shapes: &str) -> resvg::usvg::Tree {
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120" viewBox="0 0 160 120" font-family="'Noto Sans'">{shapes}</svg>"##
        );
        super::tree(&svg).unwrap()
    }

    #[cfg(feature = "png")]
    #[test]
    fn strips_draw_the_pixels_one_pixmap_draws() {
        // Everything inside one 40-row band at scale 1 (and 80 at scale 2): each
        // strip draws exactly what the whole pixmap has there, to the bit.
        let banded = picture(
            r##"<rect x="3" y="3" width="150" height="34" fill="#eef" fill-opacity="0.5"/>
            <text x="6" y="30" font-size="22">Seams 8@g</text>
            <path d="M4 44C40 78 90 42 150 76" stroke="#c33" stroke-width="2.5" fill="none"/>
            <text x="9" y="112" font-size="21" fill="#063" fill-opacity="0.6">Quiet yg</text>"##,
        );
        for (scale, rows) in [(1.0, 40), (2.0, 80), (0.5, 20)] {
            let size = ((160.0 * scale) as u32, (120.0 * scale) as u32);
            let png = super::png_in_strips(&banded, scale, size, rows).unwrap();
            let (width, height, pixels) = decode(&png);
            assert_eq!((width, height), size);
            assert!(pixels == whole(&banded, scale, size), "scale {scale}");
            assert!(
                pixels.chunks(4).any(|p| p[3] != 0 && p[3] != 255),
                "translucent"
            );
        }
    }

    #[cfg(feature = "png")]
    #[test]
    fn strip_seams_move_only_the_antialiased_edges_of_shapes_they_cut() {
        // A shape a strip's edge cuts is clipped there, and tiny-skia rasterises a
        // clipped edge from the clip point instead of the shape's own end. The
        // margin keeps the clip away from the kept rows, but a long curve is
        // still approximated differently along its length: some antialiased
        // pixels on the edges of shapes taller than the margin may differ from
        // the whole pixmap's (here up to 1.2% of drawn pixels, with strips a few
        // rows tall). Flat areas and shapes within one strip stay exact.
        let crossing = picture(
            r##"<rect x="2" y="2" width="40" height="100" fill="#ffd"/>
            <text x="4" y="40" font-size="38">Seams 8@g</text>
            <path d="M4 10C40 110 90 0 156 110" stroke="#c33" stroke-width="2.5" fill="none"/>
            <path d="M80.5 0V120" stroke="#345" stroke-dasharray="5 3" fill="none"/>
            <circle cx="120" cy="80" r="33" fill="#39c" fill-opacity="0.7"/>"##,
        );
        for (scale, rows) in [(1.0, 7), (2.0, 13), (1.7, 1), (3.0, 100)] {
            let size = ((160.0 * scale) as u32, (120.0 * scale) as u32);
            let png = super::png_in_strips(&crossing, scale, size, rows).unwrap();
            let (width, height, pixels) = decode(&png);
            assert_eq!((width, height), size);
            let reference = whole(&crossing, scale, size);
            let at = |x: i64, y: i64| -> &[u8] {
                let (x, y) = (x.clamp(0, width as i64 - 1), y.clamp(0, height as i64 - 1));
                let i = (y as usize * width as usize + x as usize) * 4;
                &reference[i..i + 4]
            };
            let (mut differ, mut drawn) = (0, 0);
            for (i, (strip, one)) in pixels.chunks(4).zip(reference.chunks(4)).enumerate() {
                drawn += usize::from(one[3] != 0);
                if strip == one {
                    continue;
                }
                differ += 1;
                // An edge: the whole pixmap's pixel differs from a neighbour's.
                let (x, y) = ((i % width as usize) as i64, (i / width as usize) as i64);
                let edge = [
                    (-1, 0),
                    (1, 0),
                    (0, -1),
                    (0, 1),
                    (-1, -1),
                    (1, 1),
                    (-1, 1),
                    (1, -1),
                ]
                .iter()
                .any(|(dx, dy)| at(x + dx, y + dy) != one);
                assert!(
                    edge,
                    "scale {scale}, {rows} rows: ({x}, {y}) is not on an edge: {strip:?} vs {one:?}"
                );
            }
            assert!(
                differ * 40 <= drawn,
                "scale {scale}, {rows} rows: {differ} of {drawn} drawn pixels differ"
            );
        }
    }

    #[cfg(feature = "png")]
    #[test]
    fn a_picture_taller_than_a_strip_is_drawn_whole() {
        // 1,000 px wide at scale 1: a strip is 4,194 rows, so this is four strips,
        // the last shorter. Bands on whole pixels are drawn in flat colours.
        let rows = super::STRIP_BYTES / 4000;
        let seam = rows as f64;
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="16000"><rect width="1000" height="10" fill="#f00"/><rect y="{}" width="1000" height="20" fill="#00f"/><rect y="15990" width="1000" height="10" fill="#0f0"/></svg>"##,
            seam - 10.0
        );
        let (width, height, pixels) = decode(&super::png(&svg, 1.0).unwrap());
        assert_eq!((width, height), (1000, 16_000));
        let at = |y: usize| &pixels[y * 4000..y * 4000 + 4];
        assert_eq!(at(0), [255, 0, 0, 255]);
        assert_eq!(at(10), [0, 0, 0, 0]);
        assert_eq!(at(rows - 11), [0, 0, 0, 0]);
        assert_eq!(at(rows - 10), [0, 0, 255, 255]);
        assert_eq!(at(rows - 1), [0, 0, 255, 255]);
        assert_eq!(at(rows), [0, 0, 255, 255]);
        assert_eq!(at(rows + 9), [0, 0, 255, 255]);
        assert_eq!(at(rows + 10), [0, 0, 0, 0]);
        assert_eq!(at(15_989), [0, 0, 0, 0]);
        assert_eq!(at(15_990), [0, 255, 0, 255]);
        assert_eq!(at(15_999), [0, 255, 0, 255]);
    }

    #[cfg(feature = "pdf")]
    #[test]
    fn pdf_is_a_pdf_with_the_font_embedded() {
        let page = super::super::pages::PrintedPage {
            svg: SVG.to_owned(),
            description: "Page 1 of 1".to_owned(),
        };
        let pdf = super::pdf(&[page], "Hello map", Some("en")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("NotoSans"), "the bundled font is embedded");
        assert!(text.trim_end().ends_with("%%EOF"));
        assert!(text.contains("/StructTreeRoot"), "the PDF is tagged");
        assert!(text.contains("/Figure"), "each page is a figure");
    }
}
