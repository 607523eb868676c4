//! The fonts every output is measured and drawn with, and which of them draws
//! each grapheme cluster.
//!
//! Noto Sans Regular and Bold are bundled (SIL Open Font License,
//! `assets/fonts/`): they draw Latin, Greek and Cyrillic the same on any machine,
//! and the SVG and HTML name them first in their font stack. Every other script
//! (CJK, Hangul, Arabic, Hebrew, Devanagari, Thai, emoji, ...) comes from fonts on
//! the machine: the folders given with `--font-dir`, then the system's font
//! folders. They are read only when a map has a cluster Noto Sans cannot draw, so a
//! Latin map never looks at them.
//!
//! A cluster is drawn by the first font, in a fixed order, that has a glyph for
//! every visible char in it: Noto Sans; then the `--font-dir` fonts, by path; then
//! the system's Noto Sans CJK (Japanese first), Noto Color Emoji and other
//! "Noto Sans …" families, then every other system family by path. Emoji clusters
//! try colour fonts first. Within a family the face is picked by the CSS font
//! matching rules through fontdb's own `query`, the call resvg makes for a named
//! family, so the face that measures a cluster is the face that draws it. The
//! order depends only on the set of font files, never on the order a directory
//! lists them, so output is deterministic for a given set of fonts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use unicode_segmentation::UnicodeSegmentation;

mod shaping;

pub static REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");

/// The family name of the bundled font.
pub const PRIMARY_FAMILY: &str = "Noto Sans";

/// The CSS font stack of the SVG and the HTML page: the bundled font first.
pub const FONT_STACK: &str = "'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

/// [`FONT_STACK`] with a theme's font family first. The name is one
/// `format::schema::is_font_name` accepted (letters, digits, spaces, `-`, `_`), so
/// it needs no escaping inside single quotes in CSS or an SVG attribute. Text is
/// still measured with the bundled font.
pub fn font_stack(theme_font: Option<&str>) -> std::borrow::Cow<'static, str> {
    match theme_font {
        Some(family) => format!("'{family}', {FONT_STACK}").into(),
        None => FONT_STACK.into(),
    }
}

/// Font weight of a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// System font families tried before the others, in this order: the CJK faces
/// (Japanese first, unless a map's `lang` prefers another, see [`han_family`])
/// and the colour emoji font of Debian's `fonts-noto-cjk` and
/// `fonts-noto-color-emoji`.
const PREFERRED_FAMILIES: [&str; 6] = [
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Color Emoji",
];

/// The Noto Sans CJK family whose glyphs a language writes Han characters with
/// (the same code points look different in Japanese, Korean and Chinese), or
/// `None` for the default order (Japanese first).
pub fn han_family(lang: Option<&str>) -> Option<&'static str> {
    let lang = lang?.to_ascii_lowercase();
    let mut subtags = lang.split(['-', '_']);
    let family = match subtags.next()? {
        "ja" => "Noto Sans CJK JP",
        "ko" => "Noto Sans CJK KR",
        "zh" => {
            let rest: Vec<&str> = subtags.collect();
            if rest.contains(&"hant") || rest.contains(&"tw") {
                "Noto Sans CJK TC"
            } else if rest.contains(&"hk") || rest.contains(&"mo") {
                "Noto Sans CJK HK"
            } else {
                "Noto Sans CJK SC"
            }
        }
        _ => return None,
    };
    Some(family)
}

/// Most font files read from all folders together; a folder with more is read
/// in path order up to this many.
const MAX_FONT_FILES: usize = 5_000;
/// Deepest folder nesting searched for fonts.
const MAX_FOLDER_DEPTH: usize = 8;

/// Where fonts come from besides the bundled Noto Sans.
#[derive(Clone, Debug)]
pub struct FontSources {
    /// Folders given with `--font-dir`, searched before the system's.
    pub dirs: Vec<PathBuf>,
    /// Whether the system's font folders are searched.
    pub system: bool,
}

impl Default for FontSources {
    fn default() -> Self {
        Self {
            dirs: Vec::new(),
            system: true,
        }
    }
}

static SOURCES: OnceLock<FontSources> = OnceLock::new();

/// Sets where fonts come from, for the whole process. Must be called before
/// any map is loaded (loading starts reading fonts ahead, see
/// [`FontSet::read_ahead_for`]) or measured; returns false (and changes
/// nothing) if fonts were already chosen.
pub fn configure(sources: FontSources) -> bool {
    SOURCES.set(sources).is_ok()
}

/// The process-wide font set, configured by [`configure`] or by default the
/// bundled font and the system's fonts.
pub fn shared() -> &'static FontSet {
    static SHARED: OnceLock<FontSet> = OnceLock::new();
    SHARED.get_or_init(|| FontSet::new(SOURCES.get_or_init(FontSources::default).clone()))
}

/// A face of the font database, as an index into [`FontSet`]'s faces. Faces 0
/// and 1 are the bundled Noto Sans Regular and Bold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceRef(usize);

impl FaceRef {
    /// The bundled Noto Sans face of `weight`.
    pub fn primary(weight: Weight) -> Self {
        match weight {
            Weight::Regular => FaceRef(0),
            Weight::Bold => FaceRef(1),
        }
    }

    pub fn is_primary(self) -> bool {
        self.0 < 2
    }
}

/// The bundled font and the fonts found on the machine.
pub struct FontSet {
    sources: FontSources,
    /// Code points the bundled Regular and Bold draw.
    primary: [Coverage; 2],
    /// Built the first time a cluster needs a font other than Noto Sans, or
    /// ahead of that by [`FontSet::read_ahead_for`].
    fallback: OnceLock<Fallback>,
    /// Whether [`FontSet::read_ahead_for`] started reading the fonts.
    reading_ahead: std::sync::atomic::AtomicBool,
    /// The font chosen for each cluster met so far, by weight and preferred
    /// family, then cluster (looked up, never iterated; a cluster is looked up
    /// as the `&str` it is, without allocating a key).
    chosen: Mutex<Choices>,
}

/// A cluster, its weight and the preferred family: what a font choice depends on.
type ChoiceKey = (Weight, Option<&'static str>);

/// The font chosen for each cluster, per [`ChoiceKey`].
type Choices = HashMap<ChoiceKey, HashMap<Box<str>, Option<FaceRef>>>;

/// The database of every font found, and the fallback order over it.
struct Fallback {
    db: Arc<fontdb::Database>,
    /// Every face in the database, in database order (bundled first).
    faces: Vec<Face>,
    /// Fallback families in the order they are tried.
    families: Vec<Family>,
}

struct Face {
    id: fontdb::ID,
    /// The family name the SVG names for this face.
    family: String,
    /// Built the first time the face is asked about a cluster.
    coverage: OnceLock<Coverage>,
    /// Has colour glyphs (CBDT, sbix, COLR or SVG tables).
    color: bool,
    /// The face ready to shape with, made the first time it shapes a run.
    shaper: OnceLock<Option<rustybuzz::Face<'static>>>,
}

struct Family {
    /// The face CSS matching picks for regular and for bold text.
    faces: [usize; 2],
    color: bool,
}

impl FontSet {
    pub fn new(sources: FontSources) -> Self {
        Self {
            sources,
            primary: [
                Coverage::of_font(REGULAR_TTF, 0),
                Coverage::of_font(BOLD_TTF, 0),
            ],
            fallback: OnceLock::new(),
            reading_ahead: std::sync::atomic::AtomicBool::new(false),
            chosen: Mutex::new(HashMap::new()),
        }
    }

    /// Starts reading the machine's fonts on a thread of its own when `text` has
    /// a char the bundled font cannot draw, so the reading (15 ms with Debian's
    /// Noto fonts) happens while the map is parsed instead of when its first such
    /// text is measured. Whoever needs the fonts first waits for that same read;
    /// what is read, and so the output, does not depend on who started it.
    pub fn read_ahead_for(&'static self, text: &str) {
        use std::sync::atomic::Ordering;
        let drawn =
            |c: char| c.is_ascii() || is_invisible(c) || self.primary_has(c, Weight::Regular);
        if self.fallback.get().is_some()
            || self.reading_ahead.load(Ordering::Relaxed)
            || text.chars().all(drawn)
            || self.reading_ahead.swap(true, Ordering::Relaxed)
        {
            return;
        }
        // Without a thread to spare, the fonts are read when first needed.
        let _ = std::thread::Builder::new()
            .name("fonts".to_owned())
            .spawn(move || {
                self.fallback();
            });
    }

    /// True if the bundled face of `weight` has a glyph for `c`.
    pub fn primary_has(&self, c: char, weight: Weight) -> bool {
        self.primary[FaceRef::primary(weight).0].contains(c)
    }

    /// The face that draws `cluster` (one grapheme cluster) in `weight`, or
    /// `None` if no font has a glyph for each of its visible chars.
    pub fn face_for(&self, cluster: &str, weight: Weight) -> Option<FaceRef> {
        self.face_preferring(cluster, weight, None)
    }

    /// [`FontSet::face_for`], trying the family `preferred` first after the
    /// bundled font (a map's Han variant, from [`han_family`]).
    pub fn face_preferring(
        &self,
        cluster: &str,
        weight: Weight,
        preferred: Option<&'static str>,
    ) -> Option<FaceRef> {
        let required = || cluster.chars().filter(|&c| !is_invisible(c));
        let emoji = is_emoji_presentation(cluster);
        if !emoji && required().all(|c| self.primary_has(c, weight)) {
            return Some(FaceRef::primary(weight));
        }
        let key = (weight, preferred);
        if let Some(&face) = self.lock_chosen().get(&key).and_then(|c| c.get(cluster)) {
            return face;
        }
        let fallback = self.fallback();
        let covers = |face: usize| {
            let face = &fallback.faces[face];
            required().all(|c| face.coverage(&fallback.db).contains(c))
        };
        let slot = match weight {
            Weight::Regular => 0,
            Weight::Bold => 1,
        };
        let colour_first = fallback.families.iter().filter(|f| emoji && f.color);
        let preferred_family = fallback
            .families
            .iter()
            .filter(|family| Some(fallback.faces[family.faces[0]].family.as_str()) == preferred);
        let primary_then_all = std::iter::once(FaceRef::primary(weight)).chain(
            preferred_family
                .chain(&fallback.families)
                .map(|family| FaceRef(family.faces[slot])),
        );
        let face = colour_first
            .map(|family| FaceRef(family.faces[slot]))
            .chain(primary_then_all)
            .find(|&face| covers(face.0));
        self.lock_chosen()
            .entry(key)
            .or_default()
            .insert(Box::from(cluster), face);
        face
    }

    /// True if `face` draws in colour (an emoji font).
    pub fn is_colour(&self, face: FaceRef) -> bool {
        !face.is_primary() && self.fallback().faces[face.0].color
    }

    /// True if `face` has a glyph for `c`.
    pub fn covers(&self, face: FaceRef, c: char) -> bool {
        if face.is_primary() {
            return self.primary[face.0].contains(c);
        }
        let fallback = self.fallback();
        fallback.faces[face.0].coverage(&fallback.db).contains(c)
    }

    /// The family name to write in the SVG for `face`.
    pub fn family(&self, face: FaceRef) -> &str {
        if face.is_primary() {
            return PRIMARY_FAMILY;
        }
        &self.fallback().faces[face.0].family
    }

    /// The face `face` ready for rustybuzz to shape with. Made once per face and
    /// kept for the process: parsing a face's layout tables costs more than
    /// shaping a label with them. A system font's tables that shaping reads are
    /// kept in memory for this ([`shaping`]: 1 of the 19 MB of a Noto Sans CJK
    /// weight).
    pub fn shaper(&self, face: FaceRef) -> Option<&rustybuzz::Face<'static>> {
        static PRIMARY: OnceLock<[Option<rustybuzz::Face<'static>>; 2]> = OnceLock::new();
        if face.is_primary() {
            let primary = PRIMARY.get_or_init(|| {
                [
                    rustybuzz::Face::from_slice(REGULAR_TTF, 0),
                    rustybuzz::Face::from_slice(BOLD_TTF, 0),
                ]
            });
            return primary[face.0].as_ref();
        }
        let fallback = self.fallback();
        let entry = &fallback.faces[face.0];
        entry
            .shaper
            .get_or_init(|| {
                let (source, index) = fallback.db.face_source(entry.id)?;
                let (data, index): (&'static [u8], u32) = match source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        match shaping::shaping_font(&path, index) {
                            Some(tables) => (tables.leak(), 0),
                            None => (std::fs::read(path).ok()?.leak(), index),
                        }
                    }
                    fontdb::Source::Binary(data) => (data.as_ref().as_ref().to_vec().leak(), index),
                };
                rustybuzz::Face::from_slice(data, index)
            })
            .as_ref()
    }

    /// The font database drawing uses: every face found, bundled first, so a
    /// family the SVG names resolves to the face that measured it. Until some
    /// text needed a font other than Noto Sans, only the bundled faces: then
    /// every family the SVG names is Noto Sans, and drawing a Latin map does not
    /// wait for the system's fonts to be read (about 50 ms).
    pub fn database(&self) -> Arc<fontdb::Database> {
        static BUNDLED: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
        match self.fallback.get() {
            Some(fallback) => Arc::clone(&fallback.db),
            None => Arc::clone(BUNDLED.get_or_init(|| Arc::new(bundled_database()))),
        }
    }

    /// The database id of the face that draws `c` alone, for resvg's per-char
    /// fallback (which only runs for a char that its named font lacks), if
    /// `db` (from [`FontSet::database`]) has that face.
    pub fn fallback_id(
        &self,
        c: char,
        weight: Weight,
        db: &fontdb::Database,
    ) -> Option<fontdb::ID> {
        let mut buffer = [0; 4];
        let face = self.face_for(c.encode_utf8(&mut buffer), weight)?;
        let id = self.fallback().faces[face.0].id;
        db.face(id).is_some().then_some(id)
    }

    /// The grapheme clusters of `text` that no font can draw, each once, in order.
    pub fn undrawable(&self, text: &str) -> Vec<String> {
        let mut missing: Vec<String> = Vec::new();
        if text
            .chars()
            .all(|c| c.is_ascii() || is_invisible(c) || self.primary_has(c, Weight::Regular))
        {
            return missing;
        }
        for cluster in text.graphemes(true) {
            let blank = cluster
                .chars()
                .all(|c| c.is_whitespace() || is_invisible(c));
            if !blank
                && self.face_for(cluster, Weight::Regular).is_none()
                && !missing.iter().any(|m| m == cluster)
            {
                missing.push(cluster.to_owned());
            }
        }
        missing
    }

    fn lock_chosen(&self) -> std::sync::MutexGuard<'_, Choices> {
        // A panic while holding the lock cannot leave the cache inconsistent: an
        // entry is inserted whole or not at all.
        self.chosen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn fallback(&self) -> &Fallback {
        self.fallback.get_or_init(|| Fallback::load(&self.sources))
    }
}

impl Fallback {
    fn load(sources: &FontSources) -> Self {
        let mut db = bundled_database();
        let user_files = font_files(&sources.dirs);
        let system_files = if sources.system {
            font_files(&system_font_dirs())
        } else {
            Vec::new()
        };
        let user_count = user_files.len();
        for path in user_files.iter().chain(&system_files) {
            // A file that is not a font, or unreadable, adds no face.
            let _ = db.load_font_file(path);
        }
        let faces: Vec<Face> = db
            .faces()
            .map(|info| Face {
                id: info.id,
                family: english_family(info),
                coverage: OnceLock::new(),
                color: false,
                shaper: OnceLock::new(),
            })
            .collect();
        let mut fallback = Self {
            db: Arc::new(db),
            faces,
            families: Vec::new(),
        };
        fallback.order_families(&user_files[..user_count.min(user_files.len())]);
        fallback
    }

    /// Fills `families` in fallback order: families from `user_files` first, in
    /// path order, then the preferred system families, other Noto Sans families,
    /// and the rest, each in path order.
    fn order_families(&mut self, user_files: &[PathBuf]) {
        let mut names: Vec<(u8, usize, String)> = Vec::new();
        for (index, face) in self.faces.iter().enumerate().skip(2) {
            let name = &face.family;
            if name == PRIMARY_FAMILY || !is_plain_family_name(name) {
                continue;
            }
            if names.iter().any(|(_, _, n)| n == name) {
                continue;
            }
            let from_user = self
                .db
                .face_source(face.id)
                .is_some_and(|(source, _)| match source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        user_files.contains(&path)
                    }
                    fontdb::Source::Binary(_) => false,
                });
            let rank = if from_user {
                0
            } else if let Some(i) = PREFERRED_FAMILIES.iter().position(|p| p == name) {
                1 + i as u8
            } else if name.starts_with("Noto Sans") {
                10
            } else {
                11
            };
            names.push((rank, index, name.clone()));
        }
        // Stable: equal ranks keep database (path) order.
        names.sort_by_key(|&(rank, index, _)| (rank, index));
        for (_, _, name) in names {
            let pick = |weight: Weight| {
                let query = fontdb::Query {
                    families: &[fontdb::Family::Name(&name)],
                    weight: fontdb::Weight(weight.css()),
                    stretch: fontdb::Stretch::Normal,
                    style: fontdb::Style::Normal,
                };
                let id = self.db.query(&query)?;
                self.faces.iter().position(|f| f.id == id)
            };
            let (Some(regular), Some(bold)) = (pick(Weight::Regular), pick(Weight::Bold)) else {
                continue;
            };
            let color = self
                .db
                .with_face_data(self.faces[regular].id, has_colour_glyphs)
                .unwrap_or(false);
            self.faces[regular].color = color;
            self.faces[bold].color = color;
            self.families.push(Family {
                faces: [regular, bold],
                color,
            });
        }
    }
}

impl Face {
    fn coverage(&self, db: &fontdb::Database) -> &Coverage {
        self.coverage.get_or_init(|| {
            db.with_face_data(self.id, Coverage::of_font)
                .unwrap_or_default()
        })
    }
}

/// A font database holding the bundled Regular and Bold, as faces 0 and 1.
fn bundled_database() -> fontdb::Database {
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(Arc::new(REGULAR_TTF)));
    db.load_font_source(fontdb::Source::Binary(Arc::new(BOLD_TTF)));
    db.set_sans_serif_family(PRIMARY_FAMILY);
    db
}

/// The English family name of a face (the typographic family when it has one),
/// as fontdb matches it.
fn english_family(info: &fontdb::FaceInfo) -> String {
    info.families
        .iter()
        .find(|(_, language)| *language == fontdb::Language::English_UnitedStates)
        .or_else(|| info.families.first())
        .map(|(name, _)| name.clone())
        .unwrap_or_default()
}

/// A family name that can be written in a CSS string inside an SVG attribute
/// as it is: no quotes, backslashes, markup or control chars.
fn is_plain_family_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name
            .chars()
            .any(|c| c.is_control() || matches!(c, '\'' | '"' | '\\' | '<' | '>' | '&' | ';'))
}

fn has_colour_glyphs(data: &[u8], index: u32) -> bool {
    ttf_parser::Face::parse(data, index).is_ok_and(|face| {
        let tables = face.tables();
        tables.cbdt.is_some()
            || tables.sbix.is_some()
            || tables.colr.is_some()
            || tables.svg.is_some()
    })
}

/// Font folders of the system: fontconfig's defaults on Linux and the BSDs, and
/// the standard folders of macOS and Windows.
fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/System/Library/Fonts",
        "/Library/Fonts",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(windows) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windows).join("Fonts"));
    }
    dirs
}

/// Font files (`.ttf`, `.otf`, `.ttc`, `.otc`) under `dirs`, each folder's
/// sorted by path, folders in the order given, at most [`MAX_FONT_FILES`].
fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    // Performance: files already listed, looked up rather than searched for
    // (searching made 5,000 files 12 million path comparisons).
    let mut listed = std::collections::HashSet::new();
    for dir in dirs {
        let mut found = Vec::new();
        collect_font_files(dir, 0, &mut found);
        found.sort();
        for file in found {
            if files.len() >= MAX_FONT_FILES {
                return files;
            }
            if listed.insert(file.clone()) {
                files.push(file);
            }
        }
    }
    files
}

fn collect_font_files(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if found.len() >= MAX_FONT_FILES {
            return;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        // Folders are entered only when they are real folders, so a symlink
        // cannot make the search loop.
        if file_type.is_dir() {
            if depth < MAX_FOLDER_DEPTH {
                collect_font_files(&path, depth + 1, found);
            }
        } else if path.is_file() && is_font_file(&path) {
            found.push(path);
        }
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The code points a face maps to a real glyph, as sorted inclusive ranges.
#[derive(Default)]
struct Coverage(Box<[(u32, u32)]>);

/// The code points the face's Unicode cmap subtables map to a glyph other than
/// `.notdef`, with that glyph, sorted and unique. Resolved with
/// `Face::glyph_index`, so the subtable priority is the font's own.
pub fn drawn_glyphs(face: &ttf_parser::Face<'_>) -> Vec<(u32, ttf_parser::GlyphId)> {
    let mut code_points = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for subtable in cmap.subtables {
            if subtable.is_unicode() {
                subtable.codepoints(|cp| code_points.push(cp));
            }
        }
    }
    code_points.sort_unstable();
    code_points.dedup();
    code_points
        .into_iter()
        .filter_map(|cp| {
            let glyph = face.glyph_index(char::from_u32(cp)?)?;
            (glyph.0 != 0).then_some((cp, glyph))
        })
        .collect()
}

impl Coverage {
    fn of_font(data: &[u8], index: u32) -> Self {
        let Ok(face) = ttf_parser::Face::parse(data, index) else {
            return Self::default();
        };
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for (cp, _) in drawn_glyphs(&face) {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == cp => *end = cp,
                _ => ranges.push((cp, cp)),
            }
        }
        Self(ranges.into_boxed_slice())
    }

    fn contains(&self, c: char) -> bool {
        let cp = u32::from(c);
        let i = self.0.partition_point(|&(_, end)| end < cp);
        self.0.get(i).is_some_and(|&(start, _)| start <= cp)
    }
}

/// Chars that take no space and need no glyph: controls, zero-width spaces and
/// joiners, bidi controls, variation selectors, invisible operators, tags. A
/// font is not asked to have them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00..=0x1F
            | 0x7F..=0x9F
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFFB
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// A cluster shown as a colour emoji: it asks for emoji presentation (U+FE0F),
/// carries a skin tone, a keycap or a zero-width joiner, is a flag, or starts
/// with a pictograph from the emoji planes.
fn is_emoji_presentation(cluster: &str) -> bool {
    let mut chars = cluster.chars();
    let first = chars.next().map_or(0, u32::from);
    (0x1F000..=0x1FAFF).contains(&first)
        || cluster
            .chars()
            .any(|c| matches!(u32::from(c), 0xFE0F | 0x20E3 | 0x200D | 0x1F3FB..=0x1F3FF))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn a_language_picks_its_han_glyphs() {
        assert_eq!(han_family(Some("ja")), Some("Noto Sans CJK JP"));
        assert_eq!(han_family(Some("ko-KR")), Some("Noto Sans CJK KR"));
        assert_eq!(han_family(Some("zh")), Some("Noto Sans CJK SC"));
        assert_eq!(han_family(Some("zh-Hans-CN")), Some("Noto Sans CJK SC"));
        assert_eq!(han_family(Some("zh-Hant")), Some("Noto Sans CJK TC"));
        assert_eq!(han_family(Some("zh_TW")), Some("Noto Sans CJK TC"));
        assert_eq!(han_family(Some("zh-HK")), Some("Noto Sans CJK HK"));
        assert_eq!(han_family(Some("de")), None);
        assert_eq!(han_family(None), None);
    }

    #[test]
    fn coverage_agrees_with_the_cmap() {
        let coverage = Coverage::of_font(REGULAR_TTF, 0);
        let face = ttf_parser::Face::parse(REGULAR_TTF, 0).unwrap();
        for cp in (0..0x3_0000).step_by(5) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let drawn = face.glyph_index(c).is_some_and(|g| g.0 != 0);
            assert_eq!(coverage.contains(c), drawn, "U+{cp:04X}");
        }
    }

    #[test]
    fn fonts_are_read_ahead_only_for_text_the_bundled_font_cannot_draw() {
        use std::sync::atomic::Ordering;
        let set: &'static FontSet = Box::leak(Box::new(FontSet::new(FontSources {
            dirs: Vec::new(),
            system: false,
        })));
        set.read_ahead_for("Plain Latin, café, Ελλάδα — \u{200D}ok");
        assert!(!set.reading_ahead.load(Ordering::Relaxed));
        assert!(set.fallback.get().is_none());
        set.read_ahead_for("title: 顧客の旅");
        assert!(set.reading_ahead.load(Ordering::Relaxed));
        // Measuring waits for the read that was started, and finds what it read.
        assert_eq!(set.face_for("顧", Weight::Regular), None);
        assert!(set.fallback.get().is_some());
    }

    /// A folder given twice, or inside another given, lists its files once, and
    /// no more than MAX_FONT_FILES in all.
    #[test]
    fn font_files_are_listed_once_and_at_most_the_limit() {
        let dir = std::env::temp_dir().join(format!("jm-font-files-{}", std::process::id()));
        let inner = dir.join("inner");
        std::fs::create_dir_all(&inner).unwrap();
        for i in 0..MAX_FONT_FILES {
            std::fs::write(inner.join(format!("f{i:05}.ttf")), b"").unwrap();
        }
        std::fs::write(dir.join("top.otf"), b"").unwrap();
        let files = font_files(&[inner.clone(), inner.clone(), dir.clone()]);
        assert_eq!(files.len(), MAX_FONT_FILES);
        assert_eq!(files.first(), Some(&inner.join("f00000.ttf")));
        let unique: std::collections::HashSet<_> = files.iter().collect();
        assert_eq!(unique.len(), files.len());
        std::fs::remove_file(inner.join("f00000.ttf")).unwrap();
        let files = font_files(&[inner.clone(), dir.clone()]);
        assert_eq!(
            files.last(),
            Some(&dir.join("top.otf")),
            "the next folder's file fits"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn latin_is_drawn_by_the_bundled_font() {
        let set = FontSet::new(FontSources {
            dirs: Vec::new(),
            system: false,
        });
        for cluster in ["a", "É", "ж", "e\u{301}", "—"] {
            assert_eq!(
                set.face_for(cluster, Weight::Bold),
                Some(FaceRef::primary(Weight::Bold)),
                "{cluster}"
            );
        }
        // Without other fonts, CJK, Arabic and emoji cannot be drawn.
        assert_eq!(set.face_for("漢", Weight::Regular), None);
        assert_eq!(set.undrawable("ok 漢字 ب ok 漢"), ["漢", "字", "ب"]);
        assert!(set.undrawable("All Latin, \u{200D} fine").is_empty());
    }

    #[test]
    fn a_font_dir_supplies_missing_scripts_and_files_are_found_in_path_order() {
        let dir = std::env::temp_dir().join(format!("jm-fonts-{}", std::process::id()));
        let nested = dir.join("b/nested");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.join("z.TTF"), REGULAR_TTF).unwrap();
        std::fs::write(nested.join("a.otf"), b"not a font").unwrap();
        std::fs::write(dir.join("readme.txt"), b"text").unwrap();
        let files = font_files(std::slice::from_ref(&dir));
        assert_eq!(files, [nested.join("a.otf"), dir.join("z.TTF")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
