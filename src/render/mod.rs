//! From a [`Layout`] to files: the standalone SVG picture and the HTML page.
//!
//! Both renderers read only the model (for the author's words), the layout (for
//! geometry) and [`crate::layout::wording`] (for the words a map adds, such as the
//! quotes around a thought); the SVG writer computes no positions of its own.
//! Everything the user wrote passes through [`crate::escape`] on its way out, and
//! every number through [`crate::number`], so output is byte-identical for the same
//! map.

mod blueprint;
pub mod facts;
pub mod html;
pub mod index;
pub mod pages;
pub mod raster;
pub mod svg;
pub mod theme;
pub mod thumbnail;

use crate::layout::{Layout, Paper};
use crate::model::Map;

/// The files a build can write for a map, in the order they are made (PNG and PDF
/// are drawn from the SVG).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Html,
    Svg,
    Png,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Html, Format::Svg, Format::Png, Format::Pdf];

    /// The file extension, which is also the format's name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }

    /// The format's name for people: "SVG".
    pub fn label(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Pdf => "PDF",
        }
    }

    /// What the format is for, in a few words (for `--help`).
    pub fn description(self) -> &'static str {
        match self {
            Format::Html => "the page: interactive, self-contained",
            Format::Svg => "the picture, for docs and wikis",
            Format::Png => "the picture as pixels, for slides and chat",
            Format::Pdf => "pages of the chosen paper, for print",
        }
    }

    /// Whether this binary was built with the feature the format needs.
    pub fn available(self) -> bool {
        match self {
            Format::Html | Format::Svg => true,
            Format::Png => cfg!(feature = "png"),
            Format::Pdf => cfg!(feature = "pdf"),
        }
    }
}

/// The files a build produces for one map.
pub struct Rendered {
    pub html: String,
    pub svg: String,
    /// One SVG per printed page (see [`pages`]), which the HTML page also prints;
    /// none when the map is too large to draw on paper.
    pub pages: Vec<pages::PrintedPage>,
}

/// An output that would pass the limit given to [`render_within`].
#[derive(Debug)]
pub struct OutputTooLarge {
    /// "HTML page" or "SVG picture".
    pub output: &'static str,
}

/// Renders the outputs, the page with `links` to the rest of its site, or says
/// which would pass `limit` bytes. Writing stops soon after an output passes it, so
/// memory stays bounded whatever the map. The pages for `paper` are planned once
/// and drawn once, for the PDF and the page's print.
pub fn render_within(
    map: &Map,
    layout: &Layout,
    paper: Paper,
    links: &html::PageLinks,
    limit: usize,
) -> Result<Rendered, OutputTooLarge> {
    // The picture and the page (with its printed pages) are drawn side by side.
    let (svg, (pages, html)) = rayon::join(
        || svg::render_within(map, layout, limit),
        || {
            let pages = pages::print_pages(map, layout, paper);
            let html = html::render_page_within(map, layout, None, links, &pages, paper, limit);
            (pages, html)
        },
    );
    if svg.len() > limit {
        return Err(OutputTooLarge {
            output: "SVG picture",
        });
    }
    if html.len() > limit {
        return Err(OutputTooLarge {
            output: "HTML page",
        });
    }
    Ok(Rendered { html, svg, pages })
}

/// Renders the outputs of a laid-out map, printing on `paper`.
pub fn render(map: &Map, layout: &Layout, paper: Paper) -> Rendered {
    render_linked(map, layout, paper, &html::PageLinks::default())
}

/// [`render`], the page with `links` to the rest of its site.
pub fn render_linked(
    map: &Map,
    layout: &Layout,
    paper: Paper,
    links: &html::PageLinks,
) -> Rendered {
    render_within(map, layout, paper, links, usize::MAX).unwrap_or_else(|too_large| {
        unreachable!("no output passes usize::MAX bytes: {too_large:?}")
    })
}
