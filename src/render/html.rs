//! The HTML page: one self-contained file with inline CSS, the curve as inline SVG,
//! and a small inline script (persona toggles, keyboard-reachable tooltips).
//!
//! The page is an askama template (`templates/map.html`), which escapes every value
//! for HTML. Markup made here (the curve, icons) escapes its own text via
//! [`crate::escape`]. A Content-Security-Policy allows nothing but the page's own
//! inline style and its one script, pinned by hash.

use std::borrow::Cow;
use std::fmt::Write as _;

use askama::Template;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::blueprint::RowView;
use super::svg;
use super::theme::{self, DARK, LIGHT, Theme};
use crate::escape::escape;
use crate::fonts::FONT_STACK;
use crate::i18n::{Label, Labels};
use crate::layout::{COLUMN_WIDTH, LABEL_WIDTH, LaneKind, Layout, MARGIN, Paper, pages, wording};
use crate::model::future::Change;
use crate::model::{Color, Item, Map};
use crate::number::num;

/// The page's only script, pinned in the CSP by its hash.
const SCRIPT: &str = include_str!("../../templates/map.js");
const STYLE: &str = include_str!("../../templates/map.css");
/// Added to the stylesheet of maps with items of some personas only.
const WHOSE_STYLE: &str = include_str!("../../templates/whose.css");
/// Added to the stylesheet of maps with blueprint lanes only.
const BLUEPRINT_STYLE: &str = include_str!("../../templates/blueprint.css");

struct PersonaView<'a> {
    index: usize,
    name: &'a str,
    role: Option<&'a str>,
    description: Option<&'a str>,
    /// Already in quotes.
    quote: Option<String>,
    goals: &'a [String],
    frustrations: &'a [String],
    key_svg: String,
    has_curve: bool,
}

struct StageView<'a> {
    key: &'a str,
    name: &'a str,
    /// The column it starts at, which orders it before its cells on phones.
    first_column: usize,
    /// "Goal: …", as the picture words it.
    goal: Option<String>,
    span: usize,
    tint: usize,
}

struct ChannelView<'a> {
    name: &'a str,
    icon: &'static str,
}

struct TouchpointView<'a> {
    key: &'a str,
    stage_key: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    channel: Option<ChannelView<'a>>,
    only: Option<String>,
    /// "+ New in the future state", in a map drawn with its future state.
    change: Option<&'a str>,
    /// `jm-added` or `jm-removed`, for the card's outline.
    change_class: &'static str,
    /// The page of the map that details this step, relative to this page.
    detail: Option<String>,
}

/// One cell of a lane: what one touchpoint shows in that lane.
enum Cell<'a> {
    Empty,
    Touchpoint(TouchpointView<'a>),
    Actions(Vec<ItemView<'a>>),
    /// Each thought already in quotes, then the evidence quoted there.
    Thoughts(Vec<ItemView<'a>>, Vec<EvidenceView>),
    /// The items and what a screen reader hears before each.
    PainPoints(Vec<ItemView<'a>>, String),
    Opportunities(Vec<ItemView<'a>>, String),
    Metrics(MetricsView<'a>),
}

/// An action, thought, pain point or opportunity, and whose it is when it is not
/// everyone's.
struct ItemView<'a> {
    text: Cow<'a, str>,
    whose: Option<WhoseView>,
}

/// Whose an item is: the personas' indexes for the toggle script (`"0 2"`), a dot
/// per persona and their names, as the picture words them.
struct WhoseView {
    personas: String,
    dots: Vec<usize>,
    names: String,
}

impl<'a> ItemView<'a> {
    fn of(map: &Map, item: &'a Item, text: Cow<'a, str>) -> Self {
        let whose = (!item.personas.is_empty()).then(|| WhoseView {
            personas: item
                .personas
                .iter()
                .map(|p| p.index().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            dots: item
                .personas
                .iter()
                .take(wording::MAX_AUDIENCE_NAMES)
                .map(|p| p.index())
                .collect(),
            names: wording::whose(map, &item.personas),
        });
        ItemView { text, whose }
    }

    fn all(map: &Map, items: &'a [Item]) -> Vec<Self> {
        items
            .iter()
            .map(|item| ItemView::of(map, item, Cow::Borrowed(&item.text)))
            .collect()
    }
}

/// An evidence quote: a labelled card ("Evidence · interview"), the quote, and
/// where and when it was heard, so it never reads as one of the map's own thoughts.
struct EvidenceView {
    label: String,
    quote: String,
    about: String,
}

/// A metrics card: each metric's shown name and value, then the owner's heading and
/// name; the same words the picture's "name: value" lines use.
struct MetricsView<'a> {
    metrics: Vec<(String, std::borrow::Cow<'a, str>)>,
    /// A funnel step's conversion in percent, drawn as a bar.
    conversion: Option<String>,
    owner: Option<(&'a str, &'a str)>,
}

impl Cell<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Touchpoint(_) => false,
            Cell::Actions(items) => items.is_empty(),
            Cell::Thoughts(items, evidence) => items.is_empty() && evidence.is_empty(),
            Cell::PainPoints(items, _) | Cell::Opportunities(items, _) => items.is_empty(),
            Cell::Metrics(m) => m.metrics.is_empty() && m.owner.is_none() && m.conversion.is_none(),
        }
    }
}

/// The touchpoint and stage whose headings name a cell for screen readers.
struct CellOwner<'a> {
    touchpoint: &'a str,
    stage: &'a str,
}

struct CellView<'a> {
    column: usize,
    /// Where a new stage begins (drawn with a rule).
    starts_stage: bool,
    /// Set on cells with content outside the touchpoints lane.
    named_by: Option<CellOwner<'a>>,
    cell: Cell<'a>,
}

struct LaneView<'a> {
    class: &'static str,
    label: &'a str,
    /// One cell per column.
    cells: Vec<CellView<'a>>,
}

/// The emotion scores as a table: a row per scored touchpoint, a column per persona.
struct ScoresTable<'a> {
    caption: String,
    personas: Vec<&'a str>,
    rows: Vec<ScoresRow<'a>>,
}

struct ScoresRow<'a> {
    stage: &'a str,
    /// Cut to a readable length: the full name is on the card.
    touchpoint: std::borrow::Cow<'a, str>,
    /// One per persona in the header, `None` where that persona has no score.
    scores: Vec<Option<String>>,
}

/// A strip of the grid drawn as inline SVG in layout coordinates.
struct StripView {
    label: String,
    captions: Vec<String>,
    /// What the strip shows, for screen readers.
    hint: String,
    markup: String,
    view_box: String,
    width: String,
    height: String,
}

#[derive(Template)]
#[template(path = "map.html")]
struct Page<'a> {
    title: &'a str,
    /// The theme's logo as a data URI.
    logo: Option<String>,
    scenario: Option<&'a str>,
    /// Owner and review date, and how much of the map stands on data.
    about: Option<String>,
    backing: Option<String>,
    /// The `lang` attribute: the map's language, so browsers pick fonts and hyphenation.
    lang: &'a str,
    right_to_left: bool,
    /// The words the page adds, in the map's language.
    t: &'a Labels,
    description: String,
    personas: Vec<PersonaView<'a>>,
    /// False for the implicit persona, which has no card in the lens.
    show_persona_cards: bool,
    stages: Vec<StageView<'a>>,
    lanes_before: Vec<LaneView<'a>>,
    lanes_after: Vec<LaneView<'a>>,
    /// The service blueprint's lines and lanes, below the journey's.
    blueprint: Vec<RowView<'a>>,
    curve: Option<String>,
    scores: Option<ScoresTable<'a>>,
    curve_view_box: String,
    curve_width: String,
    curve_height: String,
    /// The flow strip's arrows as inline SVG, shown under the touchpoints lane.
    flow: Option<StripView>,
    /// The legend's line on the current and future states, when both are drawn.
    states_key: Option<String>,
    style: String,
    script: &'static str,
    csp: String,
    stage_count: usize,
    /// Low, neutral and high faces for the legend.
    faces: [String; 3],
    /// The legend's keys for the marks of a map with data.
    data_keys: Option<String>,
    live: Option<&'a LiveOptions>,
    live_script: &'static str,
    live_headline: &'static str,
    /// The printed pages' SVG pictures, shown only when the page is printed.
    print_pages: &'a [super::pages::PrintedPage],
    links: &'a PageLinks,
}

/// Where a map's page sits among the other files of a build, every link relative to
/// the page (so a site works from a `file://` folder and under any sub-path).
#[derive(Clone, Debug, Default)]
pub struct PageLinks {
    /// The site's listing of every map, when the page is part of a site.
    pub index: Option<String>,
    /// The steps that open this map, from the top (breadcrumb).
    pub parents: Vec<ParentStep>,
    /// This map's other files: `("SVG", "checkout.svg")`.
    pub files: Vec<(&'static str, String)>,
}

impl PageLinks {
    fn is_empty(&self) -> bool {
        self.index.is_none() && self.parents.is_empty() && self.files.is_empty()
    }
}

/// A step of another map that opens this one through `detail:`.
#[derive(Clone, Debug)]
pub struct ParentStep {
    pub map_title: String,
    pub step: String,
    /// The step on its map's page (`../onboarding.html#tp-verify`).
    pub href: String,
}

/// The page of the map at `path` (a `detail:` path, relative to this map's folder):
/// the same path with `.html` for `.yaml`/`.yml`, each part percent-encoded.
fn detail_href(path: &str) -> String {
    let page = path
        .strip_suffix(".yaml")
        .or_else(|| path.strip_suffix(".yml"))
        .unwrap_or(path);
    let parts: Vec<String> = page
        .split('/')
        .map(|part| match part {
            ".." => part.to_owned(),
            _ => crate::escape::url_segment(part),
        })
        .collect();
    format!("{}.html", parts.join("/"))
}

pub fn render(map: &Map, layout: &Layout) -> String {
    render_page(map, layout, None, &PageLinks::default())
}

/// The page, and with `live` the page `serve` shows: its build generation, the reload
/// script and, when the latest save failed, the diagnostics over this (last good) map.
/// It prints on the default paper.
pub fn render_page(
    map: &Map,
    layout: &Layout,
    live: Option<&LiveOptions>,
    links: &PageLinks,
) -> String {
    let paper = Paper::default();
    let pages = super::pages::print_pages(map, layout, paper);
    render_page_within(map, layout, live, links, &pages, paper, usize::MAX)
}

/// [`render_page`] printing `print_pages` (made by [`super::pages`] for `paper`),
/// giving up soon after the page passes `limit` bytes: when the curve's markup alone
/// passes it, the page is not put together (the result is then longer than `limit`
/// and incomplete, for the caller to refuse).
pub fn render_page_within(
    map: &Map,
    layout: &Layout,
    live: Option<&LiveOptions>,
    links: &PageLinks,
    print_pages: &[super::pages::PrintedPage],
    paper: Paper,
    limit: usize,
) -> String {
    let curve = layout
        .curve
        .as_ref()
        .map(|c| svg::curve_markup_within(map, c, true, limit));
    if curve.as_ref().is_some_and(|c| c.len() > limit) {
        return curve.unwrap_or_default();
    }
    let personas = map
        .personas
        .iter()
        .enumerate()
        .map(|(index, p)| PersonaView {
            index,
            name: &p.name,
            role: p.role.as_deref(),
            description: p.description.as_deref(),
            quote: p.quote.as_deref().map(|q| wording::quoted(&map.labels, q)),
            goals: &p.goals,
            frustrations: &p.frustrations,
            key_svg: persona_key_svg(index, p.style),
            has_curve: !map.paths[index].scores.is_empty(),
        })
        .collect::<Vec<_>>();
    // Performance: the columns of every stage counted in one pass; counting them per
    // stage was stages × columns.
    let mut stage_span = vec![0usize; map.stages.len()];
    for column in &layout.columns {
        if let Some(span) = stage_span.get_mut(column.stage.index()) {
            *span += 1;
        }
    }
    let stages = layout
        .stages
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let stage = map.stage(header.stage);
            StageView {
                key: &stage.key,
                name: &stage.name,
                first_column: layout
                    .columns
                    .iter()
                    .position(|c| c.stage == header.stage)
                    .unwrap_or(0),
                goal: stage.goal.as_deref().map(|g| wording::goal(&map.labels, g)),
                span: stage_span.get(header.stage.index()).copied().unwrap_or(0),
                tint: i % LIGHT.stage_tints.len(),
            }
        })
        .collect();

    let mut lanes_before = Vec::new();
    let mut lanes_after = Vec::new();
    let mut seen_curve = false;
    for lane in &layout.lanes {
        if lane.kind == LaneKind::Emotions {
            seen_curve = true;
            continue;
        }
        let cells = layout
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let cell = cell(map, lane.kind, column);
                let named_by = match (&cell, column.touchpoint) {
                    (Cell::Touchpoint(_), _) | (_, None) => None,
                    _ if cell.is_empty() => None,
                    (_, Some(t)) => Some(CellOwner {
                        touchpoint: &map.touchpoint(t).key,
                        stage: &map.stage(column.stage).key,
                    }),
                };
                CellView {
                    column: i,
                    starts_stage: i > 0 && layout.columns[i - 1].stage != column.stage,
                    named_by,
                    cell,
                }
            })
            .collect();
        let view = LaneView {
            class: lane.kind.class(),
            label: map.labels.get(lane.kind.label()),
            cells,
        };
        if seen_curve {
            lanes_after.push(view);
        } else {
            lanes_before.push(view);
        }
    }

    let emotions = layout.lanes.iter().find(|l| l.kind == LaneKind::Emotions);
    let (curve_view_box, curve_width, curve_height) = match emotions {
        Some(lane) => {
            let width = layout.grid.right() - MARGIN;
            (
                format!(
                    "{} {} {} {}",
                    num(MARGIN),
                    num(lane.rect.y),
                    num(width),
                    num(lane.rect.h)
                ),
                num(width),
                num(lane.rect.h),
            )
        }
        None => Default::default(),
    };

    let flow = layout.flow.as_ref().map(|flow| {
        let width = layout.grid.right() - MARGIN;
        // From where the arrows meet the cards, so their heads show at the row's top.
        let top = flow.arrows.first().map_or(flow.rect.y, |a| a.points[0].y);
        let height = flow.rect.bottom() - top;
        StripView {
            label: map.labels.get(Label::Flow).to_owned(),
            captions: flow.captions.iter().map(|c| c.lines.join(" ")).collect(),
            hint: map.labels.get(Label::FlowHint).to_owned(),
            markup: svg::flow_markup(map, flow),
            view_box: format!(
                "{} {} {} {}",
                num(MARGIN),
                num(top),
                num(width),
                num(height)
            ),
            width: num(width),
            height: num(height),
        }
    });
    let page = Page {
        logo: map
            .theme
            .logo
            .as_ref()
            .map(crate::data::logo::Logo::data_uri),
        title: &map.title,
        scenario: map.scenario.as_deref(),
        about: wording::about(map),
        backing: map
            .backing
            .as_ref()
            .map(|b| wording::backing(&map.labels, b)),
        lang: map.lang.as_deref().unwrap_or("en"),
        right_to_left: map
            .lang
            .as_deref()
            .is_some_and(crate::i18n::is_right_to_left),
        t: &map.labels,
        description: svg::describe(map),
        scores: scores_table(map, layout),
        personas,
        show_persona_cards: !map.implicit_persona,
        stages,
        lanes_before,
        lanes_after,
        blueprint: super::blueprint::rows(map, layout),
        curve,
        curve_view_box,
        curve_width,
        curve_height,
        flow,
        states_key: (!map.changes.is_empty()).then(|| map.labels.get(Label::StatesKey).to_owned()),
        style: stylesheet(map, layout, paper, !print_pages.is_empty()),
        print_pages,
        script: SCRIPT,
        csp: live.map_or_else(
            || content_security_policy(true),
            |_| live_content_security_policy(),
        ),
        live,
        live_script: LIVE_SCRIPT,
        live_headline: LAST_GOOD_HEADLINE,
        stage_count: layout.columns.len(),
        faces: [svg::face_svg(0.0), svg::face_svg(0.5), svg::face_svg(1.0)],
        data_keys: map.backing.as_ref().map(|_| data_keys(&map.labels)),
        links,
    };
    // Performance: the page goes into one buffer sized up front (the curve markup
    // plus about 3 KB a column), not askama's small default grown by doubling,
    // which copied and page-faulted tens of megabytes several times over.
    let curve_bytes = page.curve.as_ref().map_or(0, String::len);
    let mut html = String::with_capacity(64 * 1024 + curve_bytes + 3 * 1024 * layout.columns.len());
    match page.render_into(&mut html) {
        Ok(()) => html,
        Err(e) => format!(
            "<!doctype html><title>journeymap</title><p>render error: {}</p>",
            escape(&e.to_string())
        ),
    }
}

/// What one column shows in one lane.
fn cell<'a>(map: &'a Map, kind: LaneKind, column: &crate::layout::Column) -> Cell<'a> {
    match column.touchpoint.map(|t| map.touchpoint(t)) {
        None => Cell::Empty,
        Some(tp) => match kind {
            LaneKind::Touchpoints => Cell::Touchpoint(TouchpointView {
                key: &tp.key,
                stage_key: &map.stage(tp.stage).key,
                name: &tp.name,
                description: tp.description.as_deref(),
                channel: tp.channel.map(|c| {
                    let channel = map.channel(c);
                    ChannelView {
                        name: &channel.name,
                        icon: theme::channel_icon(channel.builtin),
                    }
                }),
                only: wording::audience(map, tp),
                change: column
                    .touchpoint
                    .and_then(|t| map.changes.get(t.index()).copied())
                    .and_then(|c| wording::change_mark(&map.labels, c)),
                change_class: match column.touchpoint.and_then(|t| map.changes.get(t.index())) {
                    Some(Change::Added) => " jm-added",
                    Some(Change::Removed) => " jm-removed",
                    _ => "",
                },
                detail: tp.detail.as_ref().map(|d| detail_href(&d.path)),
            }),
            LaneKind::Actions => Cell::Actions(ItemView::all(map, &tp.actions)),
            LaneKind::Thoughts => Cell::Thoughts(
                tp.thoughts
                    .iter()
                    .map(|t| {
                        ItemView::of(map, t, Cow::Owned(wording::quoted(&map.labels, &t.text)))
                    })
                    .collect(),
                tp.evidence
                    .iter()
                    .map(|e| {
                        let (quote, _) = wording::evidence(&map.labels, e);
                        EvidenceView {
                            label: wording::evidence_label(&map.labels, e),
                            quote,
                            about: wording::evidence_origin(e).join(", "),
                        }
                    })
                    .collect(),
            ),
            LaneKind::PainPoints => Cell::PainPoints(
                ItemView::all(map, &tp.pain_points),
                wording::spoken_prefix(&map.labels, Label::PainPoint),
            ),
            LaneKind::Opportunities => Cell::Opportunities(
                ItemView::all(map, &tp.opportunities),
                wording::spoken_prefix(&map.labels, Label::Opportunity),
            ),
            LaneKind::Metrics => Cell::Metrics(MetricsView {
                metrics: tp
                    .funnel
                    .iter()
                    .flat_map(|step| wording::funnel(&map.labels, step))
                    .map(|(name, value)| (name, value.into()))
                    .chain(
                        tp.metrics
                            .iter()
                            .map(|(name, value)| (wording::metric_name(name), value.into())),
                    )
                    .collect(),
                conversion: tp.funnel.map(|f| num(f.conversion())),
                owner: tp
                    .owner
                    .as_deref()
                    .map(|owner| (map.labels.get(Label::Owner), owner)),
            }),
            LaneKind::Emotions => Cell::Empty,
        },
    }
}

/// Most cells of the scores table (3,000 touchpoints of 3 personas); past it the
/// table is left out (each score is still in its point's label), so the largest
/// maps do not add megabytes of cells, most of them empty, to a page near the
/// output limit.
const MAX_SCORE_CELLS: usize = 10_000;

/// The scores behind the curve as a table, for screen readers and for reading exact
/// values; `None` when no persona has a score, or past [`MAX_SCORE_CELLS`].
fn scores_table<'a>(map: &'a Map, layout: &Layout) -> Option<ScoresTable<'a>> {
    let personas: Vec<usize> = (0..map.personas.len())
        .filter(|&i| !map.paths[i].scores.is_empty())
        .collect();
    let scored = map
        .touchpoints
        .iter()
        .filter(|tp| !tp.emotions.is_empty())
        .count();
    if personas.is_empty() || scored.saturating_mul(personas.len()) > MAX_SCORE_CELLS {
        return None;
    }
    let rows = layout
        .columns
        .iter()
        .filter_map(|column| column.touchpoint)
        .map(|t| map.touchpoint(t))
        .filter(|tp| !tp.emotions.is_empty())
        .map(|tp| ScoresRow {
            stage: &map.stage(tp.stage).name,
            touchpoint: wording::excerpt(&tp.name, 80),
            scores: personas
                .iter()
                .map(|&p| {
                    tp.emotions
                        .iter()
                        .find(|(persona, _)| persona.index() == p)
                        .map(|(_, score)| num(*score))
                })
                .collect(),
        })
        .collect();
    Some(ScoresTable {
        caption: wording::scores_intro(map),
        personas: personas
            .iter()
            .map(|&p| map.personas[p].name.as_str())
            .collect(),
        rows,
    })
}

/// A small SVG sample of a persona's line (its dash) with a face, for cards and legend.
fn persona_key_svg(index: usize, style: usize) -> String {
    svg::key_svg(&format!("jm-key jm-p{index}"), style)
}

fn theme_vars(t: &Theme) -> String {
    let mut css = String::new();
    let vars = [
        ("page", t.page),
        ("surface", t.surface),
        ("card", t.card),
        ("text", t.text),
        ("muted", t.muted),
        ("border", t.border),
        ("rule", t.rule),
        ("pain-bg", t.pain_bg),
        ("pain-text", t.pain_text),
        ("pain-accent", t.pain_accent),
        ("opp-bg", t.opportunity_bg),
        ("opp-text", t.opportunity_text),
        ("opp-accent", t.opportunity_accent),
        ("thought-bg", t.thought_bg),
        ("thought-border", t.thought_border),
        ("badge-bg", t.badge_bg),
        ("badge-text", t.badge_text),
        ("high-band", t.high_band),
        ("low-band", t.low_band),
        ("neutral", t.neutral),
    ];
    for (name, value) in vars {
        let _ = write!(css, "--{name}:{value};");
    }
    for (i, (tint, accent)) in t.stage_tints.iter().zip(t.stage_accents).enumerate() {
        let _ = write!(css, "--stage{i}:{tint};--accent{i}:{accent};");
    }
    css
}

/// The page's CSS: the static stylesheet plus the values that depend on this map
/// (theme variables, persona colours, column widths, the paper). Only validated
/// colours and numbers are interpolated, never user text.
fn stylesheet(map: &Map, layout: &Layout, paper: Paper, paged: bool) -> String {
    let white = Color::from_rgb([255, 255, 255]);
    let mut light_personas = String::new();
    let mut dark_personas = String::new();
    for (i, persona) in map.personas.iter().enumerate() {
        let _ = write!(light_personas, ".jm-p{i}{{color:{}}}", persona.color.hex);
        // In dark mode, lighten until the line stands out from the page.
        let page = Color::parse(DARK.page).unwrap_or_else(|| Color::from_rgb([0, 0, 0]));
        let mut dark = persona.color.clone();
        let mut amount = 0.0;
        while dark.contrast(&page) < 4.5 && amount < 1.0 {
            amount += 0.1;
            dark = persona.color.mix(&white, amount);
        }
        let _ = write!(dark_personas, ".jm-p{i}{{color:{}}}", dark.hex);
    }
    let grid_columns = format!(
        "grid-template-columns:{}px repeat({}, {}px)",
        num(LABEL_WIDTH),
        layout.columns.len(),
        num(COLUMN_WIDTH)
    );
    let blueprint = if map.lanes.is_empty() {
        ""
    } else {
        BLUEPRINT_STYLE
    };
    let whose = if has_persona_items(map) {
        WHOSE_STYLE
    } else {
        ""
    };
    let themed = themed_stylesheet(map, layout);
    let (width_mm, height_mm) = paper.mm();
    let print = if paged {
        // The printed pages are drawn for exactly this paper, without the
        // browser's margins; everything else is left off the paper.
        format!(
            "@media print{{@page{{size:{w}mm {h}mm;margin:0}}body>:not(.jm-print){{display:none!important}}.jm-print{{display:block}}.jm-print-page{{width:{w}mm;height:{h}mm}}}}",
            w = num(width_mm),
            h = num(height_mm),
        )
    } else {
        // Too large to draw on pages: the whole page zoomed onto one sheet.
        let print_width = (width_mm - 16.0) * pages::PX_PER_MM;
        format!(
            "@media print{{@page{{size:{w}mm {h}mm;margin:8mm}}body{{zoom:{zoom}}}}}",
            w = num(width_mm),
            h = num(height_mm),
            zoom = num((print_width / layout.width).min(1.0)),
        )
    };
    // Only pages that show them carry these rules, so other maps' pages stay as they were.
    let data_style = if map.backing.is_some() || wording::about(map).is_some() {
        DATA_STYLE
    } else {
        ""
    };
    format!(
        "{base}{themed}{light_personas}\n@media (prefers-color-scheme: dark){{{dark_personas}}}\n.jm-grid{{{grid_columns}}}\n{phone}\n{print}\n{STYLE}{data_style}{blueprint}{whose}",
        base = base_stylesheet(),
        phone = phone_stylesheet(map, layout),
    )
}

/// The rules a map's `theme:` adds: its font first in the stack and its stage
/// colours in both schemes. Empty without a theme, so other pages stay as they were.
fn themed_stylesheet(map: &Map, layout: &Layout) -> String {
    let mut css = String::new();
    if map.theme.logo.is_some() {
        css.push_str(".jm-logo{float:right;max-width:160px;max-height:48px;margin:0 0 8px 16px}\n");
    }
    if let Some(font) = &map.theme.font {
        let _ = writeln!(
            css,
            ":root{{font-family:{}}}",
            crate::fonts::font_stack(Some(font))
        );
    }
    let mut light = String::new();
    let mut dark = String::new();
    for header in &layout.stages {
        let Some(color) = map.theme.stage_color(header.stage.index()) else {
            continue;
        };
        let Some(first) = layout.columns.iter().position(|c| c.stage == header.stage) else {
            continue;
        };
        for (out, scheme) in [(&mut light, &LIGHT), (&mut dark, &DARK)] {
            let (tint, accent) = super::theme::stage_colors(color, scheme);
            let _ = write!(
                out,
                ".jm-stage.jm-c{first}{{background:{};border-color:{}}}",
                tint.hex, accent.hex
            );
        }
    }
    if !light.is_empty() {
        let _ = writeln!(
            css,
            "{light}\n@media (prefers-color-scheme: dark){{{dark}}}"
        );
    }
    css
}

/// Whether any action, thought, pain point or opportunity belongs to some personas only.
fn has_persona_items(map: &Map) -> bool {
    map.touchpoints.iter().any(|t| {
        [&t.actions, &t.thoughts, &t.pain_points, &t.opportunities]
            .into_iter()
            .flatten()
            .any(|item| !item.personas.is_empty())
    })
}

/// Widest window that gets the phone layout (`templates/map.css`).
const PHONE_MAX_WIDTH: &str = "640px";

/// This map's part of the phone layout: every column's cells in order, each stage's
/// header before its first column and the curve last, and the lane's name over each
/// card (`/ ""`: screen readers get it from the cell's group name instead).
fn phone_stylesheet(map: &Map, layout: &Layout) -> String {
    let mut css = format!("@media screen and (max-width:{PHONE_MAX_WIDTH}){{");
    for (i, column) in layout.columns.iter().enumerate() {
        let _ = write!(css, ".jm-c{i}{{order:{}}}", 2 * i + 1);
        if i == 0 || layout.columns[i - 1].stage != column.stage {
            let _ = write!(css, ".jm-stage.jm-c{i}{{order:{}}}", 2 * i);
        }
    }
    let _ = write!(
        css,
        ".jm-lane-emotions{{order:{}}}",
        2 * layout.columns.len() + 1
    );
    for lane in &layout.lanes {
        let label = crate::escape::css_string(map.labels.get(lane.kind.label()));
        let _ = write!(
            css,
            ".jm-cell-{}::before{{content:{label} / \"\"}}",
            lane.kind.class()
        );
    }
    css.push('}');
    css
}

/// The owner and backing lines under the title, a funnel step's bar, and the
/// response counts under the curve's points (in the muted text colour, which keeps
/// its contrast on the curve's bands in dark mode, where a persona's colour may not).
const DATA_STYLE: &str = ".jm-about{font-size:12px;color:var(--muted);margin:0 0 6px}\n.jm-bar{height:8px;border:1px solid var(--rule);border-radius:2px;background:var(--surface);margin:4px 0}\n.jm-bar span{display:block;height:100%;background:var(--muted)}\n.jm-n{color:var(--muted)}\n.jm-evidence{background:var(--card);border:1px solid var(--border);border-left:4px solid var(--muted);border-radius:2px}\n.jm-evidence figcaption{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}\n.jm-evidence blockquote{margin:4px 0;font-style:italic}\n.jm-evidence p{margin:0;font-size:12px;color:var(--muted)}\n.jm-data-keys svg{vertical-align:middle}\n.jm-n-key{font-size:10px;font-weight:700}\n";

/// The legend's keys for the marks of a map with data: a sample of each mark, drawn
/// as on the curve, and its words.
fn data_keys(labels: &Labels) -> String {
    let sample = |marks: &str| {
        format!(
            r#"<svg width="40" height="22" viewBox="0 0 40 22" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">{marks}</svg>"#
        )
    };
    let [assumed, interval, responses, too_few] =
        wording::DATA_KEYS.map(|label| crate::escape::escape(labels.get(label)));
    [
        format!(
            r#"{} {assumed}"#,
            sample(r#"<path d="M2 11H38" stroke-linecap="round" stroke-dasharray="1 5"/>"#),
        ),
        format!(
            "{} {interval}",
            sample(r#"<path d="M20 1V21M16 1H24M16 21H24"/>"#),
        ),
        format!(
            r#"<span class="jm-n-key">{}</span> {responses}"#,
            wording::RESPONSES_SAMPLE,
        ),
        format!(
            "{} {too_few}",
            sample(r#"<circle cx="20" cy="11" r="5" stroke-dasharray="2 2"/>"#),
        ),
    ]
    .join(" · ")
}

/// The CSP source that allows exactly this inline script: `'sha256-…'`.
pub fn script_source(script: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    format!("'sha256-{hash}'")
}

/// Allows the page's inline styles and, when it has one, exactly its one script;
/// nothing is fetched.
pub fn content_security_policy(with_script: bool) -> String {
    let script = if with_script {
        script_source(SCRIPT)
    } else {
        "'none'".to_owned()
    };
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src {script}; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
}

/// The theme variables of both colour schemes and the page's base typography,
/// shared by map pages and the site index.
pub fn base_stylesheet() -> String {
    format!(
        ":root{{{light}font-family:{FONT_STACK}}}\n@media (prefers-color-scheme: dark){{:root{{{dark}}}}}\nhtml{{background:var(--page);color:var(--text)}}\nbody{{margin:0;padding:40px;font-size:13.5px;line-height:1.4;background:var(--page);color:var(--text)}}\nh1{{font-size:30px;line-height:1.25;margin:0 0 8px;overflow-wrap:anywhere}}\n.jm-scenario{{font-size:16px;color:var(--muted);max-width:900px;margin:0 0 20px;overflow-wrap:anywhere}}\n",
        light = theme_vars(&LIGHT),
        dark = theme_vars(&DARK),
    )
}

/// The script of pages served live: waits on `/__journeymap/wait` for a newer build of
/// this page, then reloads; on 503 it waits as long as `Retry-After` says.
pub(super) const LIVE_SCRIPT: &str = include_str!("../../templates/live.js");
/// Headline of the error overlay over the last good version of a map.
const LAST_GOOD_HEADLINE: &str =
    "The latest save could not be built; the last good version is shown.";

/// What `serve` adds to a page: which build it is (the reload script compares it) and
/// the diagnostics of the latest save as plain text, when that save failed.
pub struct LiveOptions {
    pub generation: u64,
    pub errors: Option<String>,
}

/// The policy of a live page: the page's script and the reload script, by hash, and
/// fetches to this server for the long poll.
pub fn live_content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src {} {}; connect-src 'self'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'",
        script_source(SCRIPT),
        script_source(LIVE_SCRIPT)
    )
}

#[derive(Template)]
#[template(path = "live_error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    style: String,
    csp: String,
    live: &'a LiveOptions,
    live_script: &'static str,
    live_headline: &'static str,
}

/// The live page of a map that has never built: its diagnostics, nothing else.
pub fn render_error_page(title: &str, live: &LiveOptions) -> String {
    let page = ErrorPage {
        title,
        style: base_stylesheet(),
        csp: live_content_security_policy(),
        live,
        live_script: LIVE_SCRIPT,
        live_headline: "This map has errors.",
    };
    page.render().unwrap_or_else(|e| escape(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::{data_keys, detail_href};
    use crate::i18n::Labels;

    /// The data legend is written as markup, so a map's own `labels:` text must be
    /// escaped there like everywhere else.
    #[test]
    fn data_legend_keys_escape_a_maps_labels() {
        let mut labels = Labels::english();
        for label in crate::layout::wording::DATA_KEYS {
            labels.set(label, "</p><script>alert(1)</script>&".to_owned());
        }
        let keys = data_keys(&labels);
        assert!(!keys.contains("<script>"), "{keys}");
        assert_eq!(
            keys.matches("&lt;/p&gt;&lt;script&gt;").count(),
            4,
            "{keys}"
        );
    }

    #[test]
    fn detail_links_are_the_page_beside_the_map_with_every_part_encoded() {
        assert_eq!(
            detail_href("onboarding/verify-identity.yaml"),
            "onboarding/verify-identity.html"
        );
        assert_eq!(detail_href("../shared/login.yml"), "../shared/login.html");
        assert_eq!(
            detail_href("a b/\"><script>?#.yaml"),
            "a%20b/%22%3E%3Cscript%3E%3F%23.html"
        );
    }
}
