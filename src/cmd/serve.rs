//! `journeymap serve`: build, serve, rebuild on save, reload the page.
//!
//! How it works:
//! - Built pages live in memory as shared `Arc<[u8]>` and are the only thing served:
//!   a URL is looked up in that table and never becomes a file-system path, so `/../`
//!   can't reach anything, and a hundred slow clients share one copy of a page.
//! - HTTP is tiny_http: it reads requests on its own threads; each response is written
//!   on a thread of its own, so a client that stops reading holds only that thread.
//!   tiny_http has no write timeout, so such a thread waits until the client goes
//!   away. At most [`MAX_RESPONDING`] responses are written at once: past that many
//!   stalled clients every request gets a short 503 until some of them disconnect.
//! - The operating system reports file changes (notify: inotify, FSEvents, ...), and a
//!   debouncer turns an editor's burst of events into one rebuild ([`DEBOUNCE`]).
//!   While nothing changes nothing is read; only the debouncer's timer wakes
//!   ([`TICK`]), which costs well under 1% of a core. Only the changed maps are
//!   rebuilt; the folder is walked again only when an event names a file that is not
//!   yet watched, and after a walk every map that appeared or disappeared is rebuilt
//!   (a folder moved out and back). Symlinked folders are not watched. A map is
//!   also rebuilt when a file it was read with changes ([`crate::Loaded::sources`]:
//!   its `data:` files, theme file and logo, every map of its `extends` chain, even one missing
//!   until then).
//! - A served folder is read as `check` reads it: a watched map that turns into a
//!   symlink leading outside the folder (or to a hidden file, or to something other
//!   than a regular file) is not read; its page says it was skipped
//!   ([`super::map_in_folder`] is the one rule). Pages are named as `build` names
//!   them ([`super::build::target_for`]); of two maps claiming one page (`m.yaml`
//!   beside `m.yml`) the first in sorted order is served and the other is skipped
//!   with a warning.
//! - If the served folder itself is deleted or replaced, serve says so and looks
//!   for it every [`RETRY`]; once a folder is there again it is watched and walked
//!   anew.
//! - Every page carries the generation of its last build. Its script waits with a long
//!   poll on `/__journeymap/wait` for a newer one and then reloads. At most
//!   [`MAX_WAITING`] polls wait at once; others are told to come back later.
//! - A map whose save fails keeps its last good page with the diagnostics over it, and
//!   the diagnostics are printed in the terminal as `check` prints them.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use notify::{EventKind, RecursiveMode};
use tiny_http::{Header, Response, StatusCode};

use super::{MapFile, Reporter, collect_maps, is_map_file, map_in_folder};
use crate::diag::OutputFormat;
use crate::layout::Layout;
use crate::model::Map;
use crate::render::html::{self, LiveOptions};
use crate::render::index::{self, IndexEntry};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  journeymap serve map.yaml --open
  journeymap serve maps/ --port 8080

URLs: `/` is the list of maps (for a single file, the map itself). The map
`team/a.yaml` is at `/team/a.html` and its picture at `/team/a.svg`, so a map
called `index.yaml` is at `/index.html` and never hides the list.

Hosts: on 127.0.0.1 (the default) only requests addressed to 127.0.0.1,
localhost or [::1] with this port (on port 80, also without it) are answered,
which stops DNS rebinding. With any other --host (such as 0.0.0.0) requests
addressed by an IP literal (any address, any port) or by the --host value are
answered too, so other machines can use http://<this machine's IP>:PORT/; names
other than localhost are still refused, as DNS rebinding needs a name.

Ctrl-C stops it.")]
pub struct ServeArgs {
    /// A map file, or a folder of maps
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 4000)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 exposes your maps to the network
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the page in the default browser
    #[arg(long)]
    pub open: bool,
}

/// How long a page's long poll waits before it asks again.
const WAIT: Duration = Duration::from_secs(20);
/// Most pages waiting for a rebuild at once; more are told to retry later.
const MAX_WAITING: usize = 16;
/// What a page told to back off waits before it asks again, in seconds.
const RETRY_AFTER_SECONDS: u32 = 5;
/// Most responses being written at once; past that, requests get a short 503.
const MAX_RESPONDING: usize = 512;
/// How long the debouncer gathers an editor's burst of events into one rebuild: short,
/// so a save shows within about 20-30 ms plus the build (the 50 ms target of
/// docs/performance.md).
const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often the debouncer looks for bursts that have settled; idle, it only wakes.
const TICK: Duration = Duration::from_millis(10);
/// How often a served folder that was deleted or replaced is looked for again.
const RETRY: Duration = Duration::from_millis(500);

const HTML: &str = "text/html; charset=utf-8";
const SVG: &str = "image/svg+xml";

/// One built file: its bytes, shared by every response that sends it.
#[derive(Clone)]
struct Built {
    body: Arc<[u8]>,
    content_type: &'static str,
    /// The build that last changed this file; the long poll compares it.
    generation: u64,
}

/// What the server has built: files by URL path, and a counter of builds.
#[derive(Default)]
struct Site {
    files: BTreeMap<String, Built>,
    generation: u64,
}

struct Shared {
    site: Mutex<Site>,
    changed: Condvar,
    /// Pages waiting for the next build right now.
    waiting: AtomicUsize,
    /// Responses being written right now.
    responding: AtomicUsize,
    hosts: HostRule,
}

impl Shared {
    fn site(&self) -> MutexGuard<'_, Site> {
        self.site
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What is served: one map file, or every map in a folder.
enum Root {
    File(PathBuf),
    /// The folder as given, as notify spells it in events (made absolute), and
    /// resolved (what a map file must stay inside).
    Folder {
        dir: PathBuf,
        absolute: PathBuf,
        canonical: PathBuf,
    },
}

impl Root {
    fn new(path: &Path) -> Result<Self> {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        Ok(if metadata.is_dir() {
            Root::Folder {
                dir: path.to_path_buf(),
                absolute: std::env::current_dir()
                    .map(|cwd| cwd.join(path))
                    .unwrap_or_else(|_| path.to_path_buf()),
                canonical: std::fs::canonicalize(path)
                    .with_context(|| format!("cannot read `{}`", path.display()))?,
            }
        } else {
            Root::File(path.to_path_buf())
        })
    }

    /// The folder to watch: the folder served, or the parent of the file served
    /// (editors save by writing another file and renaming it over this one).
    fn watch_dir(&self) -> (PathBuf, RecursiveMode) {
        match self {
            Root::Folder { dir, .. } => (dir.clone(), RecursiveMode::Recursive),
            Root::File(file) => {
                let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
                let dir = parent.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
                (dir, RecursiveMode::NonRecursive)
            }
        }
    }

    /// The maps on disk now: none while the served folder is gone.
    fn maps(&self) -> Result<Vec<PathBuf>> {
        match self {
            Root::Folder { dir, .. } if !dir.exists() => Ok(Vec::new()),
            Root::Folder { dir, .. } => collect_maps(std::slice::from_ref(dir)),
            Root::File(file) => Ok(vec![file.clone()]),
        }
    }

    /// The path of a map relative to what is served.
    fn relative(&self, path: &Path) -> PathBuf {
        match self {
            Root::Folder { dir, absolute, .. } => path
                .strip_prefix(dir)
                .or_else(|_| path.strip_prefix(absolute))
                .unwrap_or(path)
                .to_path_buf(),
            Root::File(_) => PathBuf::from(path.file_name().unwrap_or_default()),
        }
    }

    /// Whether an event says the served folder itself was removed or moved away.
    fn is_removed(&self, event: &notify::Event) -> bool {
        use notify::event::{ModifyKind, RenameMode};
        let gone = matches!(
            event.kind,
            EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Name(RenameMode::From | RenameMode::Any))
        );
        gone && matches!(self, Root::Folder { .. })
            && event
                .paths
                .iter()
                .any(|p| self.relative(p).as_os_str().is_empty())
    }

    /// Whether a reported change concerns this map (an event path may be spelt
    /// differently from the path given, so a single file is matched by name).
    fn names(&self, watched: &Path, event: &Path) -> bool {
        match self {
            Root::File(_) => watched.file_name() == event.file_name(),
            Root::Folder { .. } => self.relative(watched) == self.relative(event),
        }
    }
}

/// The last good build of a map: what its live page is rendered from.
struct Good {
    map: Map,
    layout: Layout,
    svg: Arc<[u8]>,
}

/// One watched map: its last good build, its current problems and its live page.
struct Watched {
    path: PathBuf,
    /// The page's URL path without extension, as looked up (not encoded).
    url: String,
    /// The same, percent-encoded, for links.
    href: String,
    good: Option<Good>,
    /// The diagnostics of the latest save, as plain text, when it failed.
    errors: Option<String>,
    /// Whether the latest rebuild found the map there and readable.
    present: bool,
    page: Arc<[u8]>,
    generation: u64,
    /// The other files its latest load read ([`crate::Loaded::sources`]: its theme
    /// file and logo, the maps it extends): a change to one rebuilds the map too.
    sources: Vec<PathBuf>,
}

impl Watched {
    /// Whether a change at `event` (a path as the watcher gives it) is to one of
    /// the files this map was read with.
    fn reads(&self, event: &Path) -> bool {
        !self.sources.is_empty()
            && canonical_event(event).is_some_and(|e| self.sources.contains(&e))
    }
}

/// A changed path as [`crate::Loaded::sources`] names files: under the canonical
/// path of its folder (the file itself may be gone).
fn canonical_event(event: &Path) -> Option<PathBuf> {
    let folder = match event.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(folder).ok()?.join(event.file_name()?))
}

/// Watches the folders of the files the maps were read with that the served
/// folder's watch does not cover (a theme file in a subfolder of a single served
/// map's folder), each once, without its subfolders.
fn watch_sources(
    debouncer: &mut Debouncer,
    root: &Root,
    watched: &[Watched],
    extra: &mut Vec<PathBuf>,
) {
    let (dir, mode) = root.watch_dir();
    let Ok(served) = std::fs::canonicalize(&dir) else {
        return;
    };
    for folder in watched
        .iter()
        .flat_map(|w| &w.sources)
        .filter_map(|s| s.parent())
    {
        let covered = match mode {
            RecursiveMode::Recursive => folder.starts_with(&served),
            RecursiveMode::NonRecursive => folder == served,
        };
        if covered || extra.iter().any(|f| f == folder) {
            continue;
        }
        match debouncer.watch(folder, RecursiveMode::NonRecursive) {
            Ok(()) => extra.push(folder.to_path_buf()),
            Err(e) => eprintln!("cannot watch `{}` for changes: {e}", folder.display()),
        }
    }
}

pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let root = Root::new(&args.path)?;
    let listener = TcpListener::bind((args.host.as_str(), args.port)).with_context(|| {
        format!(
            "cannot listen on {}:{}; try another `--port`",
            args.host, args.port
        )
    })?;
    let address = listener.local_addr()?;
    let shared = Arc::new(Shared {
        site: Mutex::new(Site::default()),
        changed: Condvar::new(),
        waiting: AtomicUsize::new(0),
        responding: AtomicUsize::new(0),
        hosts: HostRule::new(&args.host, address.ip(), address.port()),
    });
    // Watch before the first build, so a save during it is not missed.
    let (mut debouncer, changes) = watch(&root)?;
    let mut watching = folder_identity(&root);
    let mut watched = Vec::new();
    let paths = root.maps()?;
    rescan(&root, &paths, &mut watched);
    rebuild(&root, &mut watched, &paths, &shared);
    publish(&root, &watched, &shared);
    let mut source_folders = Vec::new();
    watch_sources(&mut debouncer, &root, &watched, &mut source_folders);

    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("cannot serve on {address}: {e}"))?;
    let url = browser_url(address);
    println!("Serving {} on {url}", args.path.display());
    let _ = std::io::stdout().flush();
    if args.open {
        open_browser(&url);
    }
    let http = Arc::clone(&shared);
    std::thread::spawn(move || serve(&server, &http));

    loop {
        // Idle, nothing wakes this thread; only a lost folder is looked for again.
        let batch = if watching.is_some() {
            changes.recv().ok()
        } else {
            match changes.recv_timeout(RETRY) {
                Ok(batch) => Some(batch),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        };
        // A removed folder's watch died with it, even if a new folder took its place
        // (and, as an inode number can be reused, its identity).
        let mut removed = false;
        match batch {
            Some(Ok(events)) => {
                removed = events.iter().any(|e| root.is_removed(&e.event));
                let paths = changed_paths(events);
                on_change(&root, &paths, &mut watched, &shared);
                watch_sources(&mut debouncer, &root, &watched, &mut source_folders);
            }
            Some(Err(errors)) => {
                for e in errors {
                    eprintln!("watching for changes failed: {e}");
                }
            }
            None => {}
        }
        if let Root::Folder { dir, .. } = &root {
            let now = folder_identity(&root);
            if removed || now != watching {
                if watching.is_some() && now.is_none() {
                    eprintln!(
                        "`{}` is gone; serving the last pages and waiting for it to come back",
                        dir.display()
                    );
                }
                watching = rewatch(&mut debouncer, dir, now);
                if watching.is_some() {
                    // Walk the new folder: its maps appear, the missing ones say so.
                    on_change(&root, std::slice::from_ref(dir), &mut watched, &shared);
                }
            }
        }
    }
    bail!("the file watcher stopped")
}

/// Which folder is watched, so a served folder replaced (`mv maps old; mkdir maps`),
/// whose watch stays with the old one, is noticed: `None` while it is missing.
#[cfg(unix)]
fn folder_identity(root: &Root) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    match root {
        Root::Folder { dir, .. } => std::fs::metadata(dir)
            .ok()
            .filter(|m| m.is_dir())
            .map(|m| (m.dev(), m.ino())),
        Root::File(_) => Some((0, 0)),
    }
}

/// Which folder is watched: elsewhere only whether one is there.
#[cfg(not(unix))]
fn folder_identity(root: &Root) -> Option<(u64, u64)> {
    match root {
        Root::Folder { dir, .. } => dir.is_dir().then_some((0, 0)),
        Root::File(_) => Some((0, 0)),
    }
}

/// Watches the served folder again after it was deleted or replaced; `now` is the
/// folder there now (`None`: none yet, to be looked for again after [`RETRY`]).
/// Returns the folder now watched.
fn rewatch(debouncer: &mut Debouncer, dir: &Path, now: Option<(u64, u64)>) -> Option<(u64, u64)> {
    // The old watch died with the old folder; forgetting it may fail, harmlessly.
    let _ = debouncer.unwatch(dir);
    let identity = now?;
    match debouncer.watch(dir, RecursiveMode::Recursive) {
        Ok(()) => {
            eprintln!("watching `{}` again", dir.display());
            Some(identity)
        }
        Err(e) => {
            eprintln!("cannot watch `{}` for changes yet: {e}", dir.display());
            None
        }
    }
}

type Changes = mpsc::Receiver<notify_debouncer_full::DebounceEventResult>;
type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Starts watching what is served; the changes arrive in batches, one per burst.
/// The debouncer must be kept: dropping it stops the watching. Symlinked folders are
/// not followed: the walk does not read them, and `up -> /usr` would otherwise cost
/// one inotify watch per folder below `/usr`.
fn watch(root: &Root) -> Result<(Debouncer, Changes)> {
    let (events, changes) = mpsc::channel();
    let (dir, mode) = root.watch_dir();
    let mut debouncer = notify_debouncer_full::new_debouncer_opt(
        DEBOUNCE,
        Some(TICK),
        events,
        notify_debouncer_full::RecommendedCache::new(),
        notify::Config::default().with_follow_symlinks(false),
    )
    .context("cannot watch files for changes")?;
    debouncer
        .watch(&dir, mode)
        .with_context(|| format!("cannot watch `{}` for changes", dir.display()))?;
    Ok((debouncer, changes))
}

/// The paths whose content or presence changed. Opening and reading a file (as
/// every rebuild does) is not a change; counting it would rebuild forever. Closing
/// a file written to is one (the end of a slow save).
fn changed_paths(events: Vec<notify_debouncer_full::DebouncedEvent>) -> Vec<PathBuf> {
    use notify::event::{AccessKind, AccessMode};
    events
        .into_iter()
        .filter(|e| match e.event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        })
        .flat_map(|e| e.event.paths)
        .collect()
}

/// The address to open: a wildcard bind is reached on this machine by loopback.
fn browser_url(address: std::net::SocketAddr) -> String {
    let ip = address.ip();
    if ip.is_unspecified() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    }
}

/// Rebuilds the maps an event batch names; walks the folder again if a batch names
/// something not yet watched (a new map, a new or renamed folder).
fn on_change(root: &Root, events: &[PathBuf], watched: &mut Vec<Watched>, shared: &Shared) {
    let reads = |e: &Path| watched.iter().any(|w| w.reads(e));
    let relevant: Vec<&PathBuf> = events
        .iter()
        .filter(|e| match root {
            Root::File(file) => root.names(file, e) || reads(e),
            Root::Folder { .. } => true,
        })
        .collect();
    let unknown = relevant.iter().any(|e| {
        !watched.iter().any(|w| root.names(&w.path, e)) && !reads(e) && !is_ignored(root, e)
    });
    let mut changed: Vec<PathBuf> = watched
        .iter()
        .filter(|w| {
            relevant
                .iter()
                .any(|e| root.names(&w.path, e) || w.reads(e))
        })
        .map(|w| w.path.clone())
        .collect();
    if unknown && matches!(root, Root::Folder { .. }) {
        match root.maps() {
            Ok(paths) => {
                changed.extend(rescan(root, &paths, watched));
                changed.extend(appeared_or_gone(&paths, watched));
            }
            Err(e) => eprintln!("{e:#}"),
        }
    }
    changed.sort();
    changed.dedup();
    if changed.is_empty() {
        return;
    }
    let started = Instant::now();
    rebuild(root, watched, &changed, shared);
    publish(root, watched, shared);
    eprintln!(
        "rebuilt {} in {} ms",
        crate::words::count(changed.len(), "map"),
        started.elapsed().as_millis()
    );
}

/// Files whose changes never matter: not maps and not folders (a folder event may
/// mean maps were added or removed inside it). A path that is gone counts as a
/// folder unless it has an extension, so an editor's deleted swap file walks nothing.
/// Hidden files and folders (`.git`, `.map.yaml.swp`) are skipped as by the walk.
fn is_ignored(root: &Root, path: &Path) -> bool {
    let hidden = root
        .relative(path)
        .components()
        .any(|c| matches!(c, std::path::Component::Normal(name) if name.to_string_lossy().starts_with('.')));
    hidden
        || (!is_map_file(path) && !path.is_dir() && (path.exists() || path.extension().is_some()))
}

/// Watched maps whose presence a fresh walk contradicts: missing now (their folder
/// was moved or deleted, so their pages can say so) or back again (their folder was
/// moved back, so their pages show them again).
fn appeared_or_gone(paths: &[PathBuf], watched: &[Watched]) -> Vec<PathBuf> {
    let found: std::collections::BTreeSet<&PathBuf> = paths.iter().collect();
    watched
        .iter()
        .filter(|w| w.present != found.contains(&w.path))
        .map(|w| w.path.clone())
        .collect()
}

/// Adds the maps in `paths` that are not watched yet and returns them. A deleted map
/// stays, so its page can say it is gone. Each page is named as `build` names its
/// output; a map claiming a page that another map already has is skipped, with a
/// warning, as `build` refuses to write both.
fn rescan(root: &Root, paths: &[PathBuf], watched: &mut Vec<Watched>) -> Vec<PathBuf> {
    let mut added = Vec::new();
    for path in paths {
        if watched.iter().any(|w| &w.path == path) {
            continue;
        }
        let page = page_of(root, path);
        let url = format!(
            "/{}",
            page.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        );
        if let Some(first) = watched.iter().find(|w| w.url == url) {
            eprintln!(
                "warning: skipped `{}`: `{}` already has the page `{url}.html`; rename one of them",
                crate::controls::for_terminal(&path.display().to_string()),
                crate::controls::for_terminal(&first.path.display().to_string()),
            );
            continue;
        }
        watched.push(Watched {
            path: path.clone(),
            url,
            href: format!("/{}", super::url_path(&page)),
            good: None,
            errors: None,
            present: false,
            page: Arc::from(&b""[..]),
            generation: 0,
            sources: Vec::new(),
        });
        added.push(path.clone());
    }
    watched.sort_by(|a, b| a.path.cmp(&b.path));
    added
}

/// The page of a map relative to what is served, without extension: where `build`
/// would write its HTML ([`super::build::target_for`]).
fn page_of(root: &Root, path: &Path) -> PathBuf {
    let (folder, _) = root.watch_dir();
    let target = super::build::target_for(path, &folder, None);
    root.relative(&target.dir.join(target.stem))
}

/// Reloads the maps in `paths` (read with the size limit of `check`), prints their
/// diagnostics and renders their live pages under a new generation.
fn rebuild(root: &Root, watched: &mut [Watched], paths: &[PathBuf], shared: &Shared) {
    let generation = {
        let mut site = shared.site();
        site.generation += 1;
        site.generation
    };
    let mut reporter = Reporter::new(OutputFormat::Human);
    for w in watched.iter_mut().filter(|w| paths.contains(&w.path)) {
        reload(root, w, &mut reporter);
        w.generation = generation;
        w.page = live_page(root, w).into_bytes().into();
    }
}

/// Reloads one map. In a served folder the map must still pass the walk's rule
/// ([`map_in_folder`]): a map that became a symlink out of the folder, or a FIFO, is
/// not read. A file named on the command line is read wherever it points.
fn reload(root: &Root, w: &mut Watched, reporter: &mut Reporter) {
    let verdict = match root {
        Root::Folder { canonical, .. } => map_in_folder(&w.path, canonical),
        Root::File(_) if w.path.exists() => MapFile::Readable,
        Root::File(_) => MapFile::Missing,
    };
    w.present = verdict == MapFile::Readable;
    let shown = w.path.display();
    match verdict {
        MapFile::Readable => {}
        MapFile::Missing => {
            w.errors = Some(format!(
                "{shown} was deleted; the last good version is shown."
            ));
            eprintln!("{shown} was deleted");
            return;
        }
        MapFile::Refused(why) => {
            w.errors = Some(format!(
                "{shown} is skipped: {why}. The last good version is shown."
            ));
            eprintln!(
                "warning: skipped `{}`: {why}",
                crate::controls::for_terminal(&shown.to_string())
            );
            return;
        }
        MapFile::NotAMap => {
            w.errors = Some(format!(
                "{shown} is skipped; the last good version is shown."
            ));
            return;
        }
    }
    let loaded = crate::load_path(&w.path);
    match loaded.diagnostics.as_slice() {
        // A theme file or another YAML file beside the maps: said as `check` says it.
        [only] if only.code == crate::format::NOT_A_MAP => {
            reporter.note(&format!("skipped `{}`: {}", loaded.file.name, only.message));
        }
        _ => reporter.report(&loaded),
    }
    w.sources.clone_from(&loaded.sources);
    match loaded.map {
        Some(map) => {
            let map = map.drawn().into_owned();
            let layout = crate::layout::layout(
                &map,
                crate::layout::TextMeasurer::for_lang(map.lang.as_deref()),
            );
            let svg = crate::render::svg::render(&map, &layout);
            w.good = Some(Good {
                map,
                layout,
                svg: svg.into_bytes().into(),
            });
            w.errors = None;
        }
        None => {
            w.errors = Some(loaded.render_plain());
        }
    }
}

/// The page of a map as served: the last good render with the reload script, and
/// the latest diagnostics over it; or the diagnostics alone if it never built.
/// Like a built site's pages, it links to the listing (`/`, when a folder is
/// served) and to its SVG.
fn live_page(root: &Root, w: &Watched) -> String {
    let links = html::PageLinks {
        index: matches!(root, Root::Folder { .. }).then(|| "/".to_owned()),
        parents: Vec::new(),
        files: vec![("SVG", format!("{}.svg", w.href))],
    };
    let live = LiveOptions {
        generation: w.generation,
        errors: w.errors.clone(),
    };
    match &w.good {
        Some(good) => html::render_page(&good.map, &good.layout, Some(&live), &links),
        None => html::render_error_page(&w.path.display().to_string(), &live),
    }
}

/// Replaces the served files with the current pages and wakes the waiting pages.
fn publish(root: &Root, watched: &[Watched], shared: &Shared) {
    let mut site = shared.site();
    let generation = site.generation;
    let mut files = BTreeMap::new();
    for w in watched {
        let page = Built {
            body: Arc::clone(&w.page),
            content_type: HTML,
            generation: w.generation,
        };
        files.insert(format!("{}.html", w.url), page);
        if let Some(good) = &w.good {
            let svg = Built {
                body: Arc::clone(&good.svg),
                content_type: SVG,
                generation: w.generation,
            };
            files.insert(format!("{}.svg", w.url), svg);
        }
    }
    let home = match (root, watched) {
        (Root::File(_), [only]) => Built {
            body: Arc::clone(&only.page),
            content_type: HTML,
            generation: only.generation,
        },
        _ => Built {
            body: listing(watched, generation).into_bytes().into(),
            content_type: HTML,
            generation,
        },
    };
    files.insert("/".to_owned(), home);
    site.files = files;
    drop(site);
    shared.changed.notify_all();
}

/// The list of maps: the site index of `build`, live. Maps that never built are
/// counted as failed; a map whose latest save failed is listed with that problem.
fn listing(watched: &[Watched], generation: u64) -> String {
    let mut entries = Vec::new();
    let mut failed = 0;
    for w in watched {
        let Some(good) = &w.good else {
            failed += 1;
            continue;
        };
        let mut entry = IndexEntry::new(&good.map, format!("{}.html", w.href));
        entry.problem = w
            .errors
            .as_ref()
            .map(|_| "The latest save has errors; open the map to see them.".to_owned());
        entries.push(entry);
    }
    let live = LiveOptions {
        generation,
        errors: None,
    };
    index::render_page(&entries, failed, Some(&live))
}

/// Which `Host` headers are answered. A web page elsewhere can point its own domain
/// name at this machine (DNS rebinding), so names are refused unless they are this
/// server's; an IP literal can't be rebound, so a non-loopback server accepts them.
struct HostRule {
    /// `host:port` values always answered (lowercase); on port 80 bare hosts too.
    names: Vec<String>,
    /// Whether any IP literal is answered (servers bound to more than loopback).
    any_ip: bool,
}

impl HostRule {
    /// On port 80 a bare name is answered too: browsers leave the default port out
    /// of `Host`.
    fn new(host: &str, bound: IpAddr, port: u16) -> Self {
        let mut names: Vec<String> = ["127.0.0.1", "localhost", "[::1]", host]
            .iter()
            .flat_map(|h| {
                let h = h.to_ascii_lowercase();
                let bare = (port == 80).then(|| h.clone());
                std::iter::once(format!("{h}:{port}")).chain(bare)
            })
            .collect();
        names.sort();
        names.dedup();
        HostRule {
            names,
            any_ip: !bound.is_loopback(),
        }
    }

    fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        self.names.contains(&host) || (self.any_ip && is_ip_literal(&host))
    }
}

/// `192.0.2.7`, `192.0.2.7:4000`, `[2001:db8::1]`, `[2001:db8::1]:4000`.
fn is_ip_literal(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || is_port(port) => {
                return inside.parse::<std::net::Ipv6Addr>().is_ok();
            }
            _ => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    name.parse::<std::net::Ipv4Addr>().is_ok()
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .unwrap_or(text)
        .parse::<u16>()
        .is_ok()
}

/// Hands each request to a thread of its own, so a client that never reads its
/// response holds only that thread; past [`MAX_RESPONDING`] such threads every
/// request gets a 503 until stalled clients disconnect (tiny_http has no write
/// timeout to end them sooner).
fn serve(server: &tiny_http::Server, shared: &Arc<Shared>) {
    for request in server.incoming_requests() {
        if shared.responding.fetch_add(1, Ordering::SeqCst) >= MAX_RESPONDING {
            shared.responding.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(busy("busy; try again\n"));
            continue;
        }
        let worker = Arc::clone(shared);
        let spawned = std::thread::Builder::new().spawn(move || {
            let response = answer(&request, &worker);
            let _ = request.respond(response);
            worker.responding.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            // The request went down with the closure; count it as done.
            shared.responding.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

type Reply = Response<std::io::Cursor<Arc<[u8]>>>;

fn reply(status: u16, content_type: &str, body: Arc<[u8]>) -> Reply {
    let length = body.len();
    let mut response = Response::new(
        StatusCode(status),
        Vec::new(),
        std::io::Cursor::new(body),
        Some(length),
        None,
    )
    // The length is known: send it rather than chunks.
    .with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

fn text(status: u16, message: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().into(),
    )
}

/// 503 with `Retry-After`, which the reload script honours.
fn busy(message: &str) -> Reply {
    let mut response = text(503, message);
    if let Ok(header) = Header::from_bytes(
        &b"Retry-After"[..],
        RETRY_AFTER_SECONDS.to_string().as_bytes(),
    ) {
        response.add_header(header);
    }
    response
}

/// The response to one request.
fn answer(request: &tiny_http::Request, shared: &Shared) -> Reply {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str());
    if !host.is_some_and(|h| shared.hosts.allows(h)) {
        return text(
            403,
            "journeymap serves only requests addressed to its own host and port\n",
        );
    }
    // tiny_http sends no body in answer to HEAD.
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return text(405, "only GET and HEAD\n");
    }
    let target = request.url();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == "/__journeymap/wait" {
        wait(shared, query)
    } else {
        match lookup(&shared.site(), path) {
            Some(file) => reply(200, file.content_type, file.body),
            None => text(404, "not found: journeymap serves only the maps it built\n"),
        }
    }
}

/// The long poll: answers with the generation of `page` (or of the whole site) once
/// it is newer than `since`, or after [`WAIT`]; past [`MAX_WAITING`] waiting pages,
/// answers 503 at once so nobody can pin every thread or spin.
fn wait(shared: &Shared, query: &str) -> Reply {
    let mut since = 0;
    let mut page = None;
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("since", value)) => since = value.parse().unwrap_or(0),
            Some(("page", value)) => page = percent_decode(value),
            _ => {}
        }
    }
    if shared.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        shared.waiting.fetch_sub(1, Ordering::SeqCst);
        return busy("too many pages are waiting for changes; retry later\n");
    }
    let current = |site: &Site| match &page {
        Some(page) => lookup(site, page).map_or(site.generation, |f| f.generation),
        None => site.generation,
    };
    let site = shared.site();
    let (site, _) = shared
        .changed
        .wait_timeout_while(site, WAIT, |site| current(site) <= since)
        .unwrap_or_else(|p| p.into_inner());
    let generation = current(&site);
    drop(site);
    shared.waiting.fetch_sub(1, Ordering::SeqCst);
    reply(
        200,
        "text/plain",
        generation.to_string().into_bytes().into(),
    )
}

/// The file for a URL path, if it is exactly one of the built files.
fn lookup(site: &Site, path: &str) -> Option<Built> {
    let decoded = percent_decode(path)?;
    site.files.get(&decoded).cloned()
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not start a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(body: &[u8]) -> Built {
        Built {
            body: body.into(),
            content_type: HTML,
            generation: 1,
        }
    }

    #[test]
    fn only_built_files_are_found_whatever_the_url() {
        let mut site = Site::default();
        site.files.insert("/".to_owned(), built(b"home"));
        site.files.insert("/a.html".to_owned(), built(b"a"));
        assert!(lookup(&site, "/a.html").is_some());
        assert!(
            lookup(&site, "/%61.html").is_some(),
            "percent-encoding is decoded"
        );
        for bad in [
            "/../a.html",
            "/..%2fa.html",
            "/%2e%2e/etc/passwd",
            "//etc/passwd",
            "/a.html/",
            "/index.html",
            "/%zz",
            "/%",
        ] {
            assert!(lookup(&site, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn loopback_answers_its_own_names_only() {
        let rule = HostRule::new("127.0.0.1", IpAddr::from([127, 0, 0, 1]), 4000);
        for good in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LOCALHOST:4000",
            "[::1]:4000",
        ] {
            assert!(rule.allows(good), "{good}");
        }
        for bad in [
            "evil.example.com",
            "evil.example.com:4000",
            "192.0.2.7:4000",
            "127.0.0.1:80",
        ] {
            assert!(!rule.allows(bad), "{bad}");
        }
    }

    #[test]
    fn on_port_80_a_host_without_port_is_answered() {
        let rule = HostRule::new("127.0.0.1", IpAddr::from([127, 0, 0, 1]), 80);
        for good in [
            "localhost",
            "127.0.0.1",
            "[::1]",
            "localhost:80",
            "LocalHost",
        ] {
            assert!(rule.allows(good), "{good}");
        }
        for bad in ["evil.example.com", "localhost:8080", "192.0.2.7"] {
            assert!(!rule.allows(bad), "{bad}");
        }
        let other = HostRule::new("127.0.0.1", IpAddr::from([127, 0, 0, 1]), 4000);
        assert!(!other.allows("localhost"), "other ports need the port");
    }

    #[test]
    fn a_wildcard_bind_answers_ip_literals_but_not_names() {
        let rule = HostRule::new("0.0.0.0", IpAddr::from([0, 0, 0, 0]), 4000);
        for good in [
            "192.0.2.7:4000",
            "192.0.2.7",
            "[2001:db8::1]:4000",
            "[fe80::1]",
            "localhost:4000",
        ] {
            assert!(rule.allows(good), "{good}");
        }
        for bad in [
            "evil.example.com:4000",
            "1.2.3.4.evil.example",
            "192.0.2.7:x",
            "[::1",
            "localhost:80",
        ] {
            assert!(!rule.allows(bad), "{bad}");
        }
    }
}
