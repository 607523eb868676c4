//! `journeymap serve`: build, serve on 127.0.0.1, rebuild on save, reload the page.
//!
//! Built files live in memory and are the only thing served: a URL is looked up in
//! that table and never becomes a file-system path, so `/../` can't reach anything.
//! The watcher polls the maps' modification times (which also catches editors that
//! save by renaming a new file over the old one, and deleted files). A page waits for
//! changes with a long poll to `/__journeymap/wait`; on a change it reloads. When a
//! map becomes invalid, its page shows the diagnostics over the last good render.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};

use super::collect_maps;
use crate::render::escape;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap serve map.yaml --open\n  journeymap serve maps/ --port 8080\n\nServes on 127.0.0.1 only, unless --host says otherwise. Ctrl-C stops it."
)]
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

/// How often the watcher looks at the maps' modification times.
const POLL: Duration = Duration::from_millis(10);
/// How long a page's long poll waits before it asks again.
const WAIT: Duration = Duration::from_secs(20);
/// Most simultaneous connections; more are turned away, so a flood can't exhaust threads.
const MAX_CONNECTIONS: usize = 64;
/// Largest request head accepted.
const MAX_REQUEST: usize = 16 * 1024;

/// The script injected into served pages: waits for the next build, then reloads.
const RELOAD_SCRIPT: &str = r#"(function(){var g=document.documentElement.getAttribute("data-jm-generation");function wait(){fetch("/__journeymap/wait?since="+g,{cache:"no-store"}).then(function(r){return r.text();}).then(function(t){if(t!==g){location.reload();}else{wait();}}).catch(function(){setTimeout(wait,1000);});}wait();})();"#;

/// What the server has built: files by URL path, and a generation that counts builds.
#[derive(Default)]
struct Site {
    files: BTreeMap<String, (Vec<u8>, &'static str)>,
    generation: u64,
}

struct Shared {
    site: Mutex<Site>,
    changed: Condvar,
    connections: Mutex<usize>,
    /// Pages waiting for the next build right now.
    waiting: std::sync::atomic::AtomicUsize,
    /// `Host` header values this server answers (`127.0.0.1:PORT`, `localhost:PORT`, ...).
    hosts: Vec<String>,
}

impl Shared {
    fn site(&self) -> MutexGuard<'_, Site> {
        self.site
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One watched map: its last good pages and its current problems.
struct Watched {
    path: PathBuf,
    /// The path below the served folder (or the file name).
    relative: PathBuf,
    /// The page's URL path without extension, as looked up (not encoded).
    url: String,
    /// The same, percent-encoded, for links.
    href: String,
    stamp: Option<Stamp>,
    last_good: Option<crate::render::Rendered>,
    title: String,
    errors: Option<String>,
}

pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let listener = TcpListener::bind((args.host.as_str(), args.port)).with_context(|| {
        format!(
            "cannot listen on {}:{}; try another `--port`",
            args.host, args.port
        )
    })?;
    let address = listener.local_addr()?;
    let port = address.port();
    let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]", args.host.as_str()]
        .iter()
        .map(|h| format!("{}:{port}", h.to_ascii_lowercase()))
        .collect();
    hosts.sort();
    hosts.dedup();
    let shared = Arc::new(Shared {
        site: Mutex::new(Site::default()),
        changed: Condvar::new(),
        connections: Mutex::new(0),
        waiting: std::sync::atomic::AtomicUsize::new(0),
        hosts,
    });
    let mut watched = Vec::new();
    rescan(&args.path, &mut watched)?;
    rebuild(&args.path, &mut watched, &shared);

    let url = format!("http://{address}/");
    println!("Serving {} on {url}", args.path.display());
    let _ = std::io::stdout().flush();
    if args.open {
        open_browser(&url);
    }

    let server = Arc::clone(&shared);
    std::thread::spawn(move || accept(&listener, &server));

    let root = args.path.clone();
    loop {
        std::thread::sleep(POLL);
        let before = watched.len();
        if rescan(&root, &mut watched).is_err() {
            continue;
        }
        if watched.len() != before || watched.iter().any(|w| !same(stamp(&w.path), w.stamp)) {
            // Let an editor finish writing before reading.
            std::thread::sleep(Duration::from_millis(2));
            let started = Instant::now();
            rebuild(&root, &mut watched, &shared);
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
        }
    }
}

/// What a map file looked like at the last look: modification time and size, plus a
/// hash of its content while the file is fresh (two saves within one clock tick can
/// leave time and size unchanged; hashing only recent files keeps polling cheap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: SystemTime,
    len: u64,
    content: Option<u64>,
}

/// How long after a save the content is hashed on every poll.
const FRESH: Duration = Duration::from_secs(2);

fn stamp(path: &Path) -> Option<Stamp> {
    use std::hash::{Hash, Hasher};
    let metadata = std::fs::metadata(path).ok()?;
    let modified = metadata.modified().ok()?;
    let fresh = SystemTime::now()
        .duration_since(modified)
        .map_or(true, |age| age < FRESH);
    let content = fresh.then(|| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::fs::read(path).unwrap_or_default().hash(&mut hasher);
        hasher.finish()
    });
    Some(Stamp {
        modified,
        len: metadata.len(),
        content,
    })
}

/// Whether two looks at a file saw the same file. A content hash is compared only
/// when both looks have one, so a file ageing past [`FRESH`] is not a change.
fn same(a: Option<Stamp>, b: Option<Stamp>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.modified == b.modified
                && a.len == b.len
                && (a.content.is_none() || b.content.is_none() || a.content == b.content)
        }
        (None, None) => true,
        _ => false,
    }
}

/// Keeps the watched list in step with the files on disk (new maps appear; a deleted
/// map stays, so its page can say it is gone).
fn rescan(root: &Path, watched: &mut Vec<Watched>) -> Result<()> {
    let paths = if root.is_dir() {
        collect_maps(std::slice::from_ref(&root.to_path_buf()))?
    } else {
        vec![root.to_path_buf()]
    };
    for path in paths {
        if watched.iter().all(|w| w.path != path) {
            let relative = if root.is_dir() {
                path.strip_prefix(root).unwrap_or(&path).to_path_buf()
            } else {
                PathBuf::from(path.file_name().unwrap_or_default())
            };
            // `m.yaml` beside `m.yml`: the second keeps its extension in the URL.
            let stem = relative.with_extension("");
            let taken = watched
                .iter()
                .any(|w| w.relative.with_extension("") == stem);
            let page = if taken { relative.clone() } else { stem };
            let url = format!(
                "/{}",
                page.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            );
            let href = format!("/{}", super::url_path(&page));
            watched.push(Watched {
                path,
                relative,
                url,
                href,
                stamp: None,
                last_good: None,
                title: String::new(),
                errors: None,
            });
        }
    }
    watched.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(())
}

/// Rebuilds maps whose files changed and republishes the site.
fn rebuild(root: &Path, watched: &mut [Watched], shared: &Shared) {
    for w in watched.iter_mut() {
        let now = stamp(&w.path);
        if same(now, w.stamp) && (w.last_good.is_some() || w.errors.is_some()) {
            continue;
        }
        w.stamp = now;
        if now.is_none() {
            w.errors = Some(format!(
                "{} was deleted or cannot be read; the last good version is shown.",
                w.path.display()
            ));
            continue;
        }
        let loaded = crate::load_path(&w.path);
        match &loaded.map {
            Some(map) => {
                w.title = map.title.clone();
                w.last_good = Some(crate::build(map));
                w.errors = None;
            }
            None => w.errors = Some(crate::diag::render_plain(&loaded.file, &loaded.diagnostics)),
        }
    }
    let mut site = shared.site();
    site.generation += 1;
    let generation = site.generation;
    site.files.clear();
    for w in watched.iter() {
        let html = page_html(w, generation);
        site.files.insert(
            format!("{}.html", w.url),
            (html.into_bytes(), "text/html; charset=utf-8"),
        );
        if let Some(good) = &w.last_good {
            site.files.insert(
                format!("{}.svg", w.url),
                (good.svg.clone().into_bytes(), "image/svg+xml"),
            );
        }
    }
    let home = if root.is_dir() || watched.len() != 1 {
        index_html(watched, generation)
    } else {
        watched
            .first()
            .map(|w| page_html(w, generation))
            .unwrap_or_default()
    };
    site.files.insert(
        "/".to_owned(),
        (home.into_bytes(), "text/html; charset=utf-8"),
    );
    drop(site);
    shared.changed.notify_all();
}

/// Adds the reload script (allowed by hash, with `connect-src 'self'` for its poll),
/// the generation, and an overlay with the diagnostics when the map is invalid.
fn live_page(html: &str, generation: u64, errors: Option<&str>) -> String {
    let source = crate::render::html::script_source(RELOAD_SCRIPT);
    let mut page = html
        .replacen("script-src 'none'", "script-src ", 1)
        .replacen(
            "script-src ",
            &format!("connect-src 'self'; script-src {source} "),
            1,
        )
        .replacen(
            "<html lang=\"en\">",
            &format!("<html lang=\"en\" data-jm-generation=\"{generation}\">"),
            1,
        );
    let mut tail = String::new();
    if let Some(errors) = errors {
        tail.push_str(&format!(
            "<div role=\"alert\" style=\"position:fixed;inset:16px 16px auto 16px;max-height:80vh;overflow:auto;z-index:100;background:#1e293b;color:#f8fafc;border:3px solid #dc2626;border-radius:10px;padding:16px;font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap\"><strong style=\"font:700 15px sans-serif;color:#fecaca\">The map has errors; showing the last good version.</strong>\n\n{}</div>",
            escape(errors)
        ));
    }
    tail.push_str(&format!("<script>{RELOAD_SCRIPT}</script>\n</body>"));
    page = page.replacen("</body>", &tail, 1);
    page
}

fn page_html(w: &Watched, generation: u64) -> String {
    match &w.last_good {
        Some(good) => live_page(&good.html, generation, w.errors.as_deref()),
        None => live_page(
            "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'none'\"><title>journeymap</title></head>\n<body>\n<p>No good version of this map yet.</p>\n</body>\n</html>\n",
            generation,
            Some(w.errors.as_deref().unwrap_or("")),
        ),
    }
}

fn index_html(watched: &[Watched], generation: u64) -> String {
    let mut items = String::new();
    for w in watched {
        let title = if w.title.is_empty() {
            w.path.display().to_string()
        } else {
            w.title.clone()
        };
        let flag = if w.errors.is_some() {
            " — has errors"
        } else {
            ""
        };
        items.push_str(&format!(
            "<li><a href=\"{}.html\">{}</a>{flag}</li>\n",
            escape(&w.href),
            escape(&title)
        ));
    }
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'none'\"><title>Journey maps</title><style>body{{font:15px/1.5 'Noto Sans',sans-serif;margin:40px}}</style></head>\n<body>\n<h1>Journey maps</h1>\n<ul>\n{items}</ul>\n</body>\n</html>\n"
    );
    live_page(&html, generation, None)
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming().flatten() {
        {
            let mut open = shared.connections.lock().unwrap_or_else(|p| p.into_inner());
            if *open >= MAX_CONNECTIONS {
                continue;
            }
            *open += 1;
        }
        let shared = Arc::clone(shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
            let mut open = shared.connections.lock().unwrap_or_else(|p| p.into_inner());
            *open = open.saturating_sub(1);
        });
    }
}

/// A request head: method, target and `Host` header.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// How long a client may take to send its whole request head.
const REQUEST_DEADLINE: Duration = Duration::from_secs(5);
/// Most pages waiting for a rebuild at once; more get an immediate answer.
const MAX_WAITING: usize = 16;

/// Reads a request head within [`REQUEST_DEADLINE`] and [`MAX_REQUEST`] bytes, or
/// `None` for anything slow, oversized or malformed.
fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && !head.windows(2).any(|w| w == b"\n\n") {
        let left = deadline.checked_duration_since(Instant::now())?;
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .ok()?;
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 || head.len() + n > MAX_REQUEST {
            return None;
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.lines();
    let mut parts = lines.next()?.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let host = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_ascii_lowercase());
    Some(Request {
        method,
        target,
        host,
    })
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file for a URL path, if it is exactly one of the built files.
fn lookup(site: &Site, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let decoded = percent_decode(path)?;
    let key = if decoded == "/index.html" {
        "/".to_owned()
    } else {
        decoded
    };
    site.files.get(&key).cloned()
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let Some(Request {
        method,
        target,
        host,
    }) = read_request(&mut stream)
    else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            b"bad request\n",
            false,
        );
    };
    // A page on another site can point its own domain at 127.0.0.1 (DNS rebinding);
    // only requests addressed to this server by name are answered.
    if !host.as_ref().is_some_and(|h| shared.hosts.contains(h)) {
        return respond(
            &mut stream,
            "403 Forbidden",
            "text/plain",
            b"journeymap serves only requests addressed to its own host and port\n",
            false,
        );
    }
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"only GET and HEAD\n",
            false,
        );
    }
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    if path == "/__journeymap/wait" {
        let since: u64 = query
            .strip_prefix("since=")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        use std::sync::atomic::Ordering;
        // Past MAX_WAITING waiting pages, answer at once: nobody can pin every thread.
        let waiting = shared.waiting.fetch_add(1, Ordering::SeqCst);
        let site = shared.site();
        let wait = if waiting < MAX_WAITING {
            WAIT
        } else {
            Duration::ZERO
        };
        let (site, _) = shared
            .changed
            .wait_timeout_while(site, wait, |site| site.generation <= since)
            .unwrap_or_else(|p| p.into_inner());
        let body = site.generation.to_string();
        drop(site);
        shared.waiting.fetch_sub(1, Ordering::SeqCst);
        return respond(
            &mut stream,
            "200 OK",
            "text/plain",
            body.as_bytes(),
            head_only,
        );
    }
    let found = lookup(&shared.site(), path);
    match found {
        Some((body, content_type)) => {
            respond(&mut stream, "200 OK", content_type, &body, head_only)
        }
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found: journeymap serves only the maps it built\n",
            head_only,
        ),
    }
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

    #[test]
    fn only_built_files_are_found_whatever_the_url() {
        let mut site = Site::default();
        site.files
            .insert("/".to_owned(), (b"home".to_vec(), "text/html"));
        site.files
            .insert("/a.html".to_owned(), (b"a".to_vec(), "text/html"));
        assert!(lookup(&site, "/a.html").is_some());
        assert!(
            lookup(&site, "/%61.html").is_some(),
            "percent-encoding is decoded"
        );
        assert!(lookup(&site, "/index.html").is_some());
        for bad in [
            "/../a.html",
            "/..%2fa.html",
            "/%2e%2e/etc/passwd",
            "//etc/passwd",
            "/a.html/",
            "/%zz",
            "/%",
        ] {
            assert!(lookup(&site, bad).is_none(), "{bad}");
        }
    }
}
