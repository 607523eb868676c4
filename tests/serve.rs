//! `journeymap serve` as a user runs it: fetch the page, save a change, see the
//! reload signal and the new content; an invalid save shows its error over the last
//! good page and a valid one recovers; paths outside the built files are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
    /// Everything the server printed on stderr so far.
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(path: &Path) -> Server {
    start_with(path, &[])
}

fn start_with(path: &Path, args: &[&str]) -> Server {
    start_in(Path::new("."), path, args)
}

/// Starts `serve` in the folder `cwd`, so `path` may be relative.
fn start_in(cwd: &Path, path: &Path, args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .current_dir(cwd)
        .args(["serve", path.to_str().unwrap(), "--port", "0"])
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut pipe = BufReader::new(child.stderr.take().unwrap());
    let sink = Arc::clone(&stderr);
    std::thread::spawn(move || {
        let mut line = String::new();
        while pipe.read_line(&mut line).unwrap_or(0) > 0 {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_owned();
    assert!(
        address.starts_with("127.0.0.1:"),
        "serves on loopback only: {line}"
    );
    Server {
        child,
        address,
        stderr,
    }
}

/// A raw GET: status code and body. The path is sent exactly as given.
fn get(address: &str, path: &str) -> (u16, String) {
    get_as(address, path, address)
}

/// A GET with a chosen `Host` header.
fn get_as(address: &str, path: &str, host: &str) -> (u16, String) {
    let response = get_raw(address, path, host);
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn generation(page: &str) -> u64 {
    page.split("data-jm-generation=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn temp_map(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jm-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("map.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn map(title: &str) -> String {
    format!(
        "title: {title}\ntouchpoints:\n  - {{ id: a, stage: awareness, name: First step, emotion: 3 }}\n"
    )
}

/// Saves like an editor that writes a new file and renames it over the old one.
fn save_by_rename(path: &Path, text: &str) {
    let temp = path.with_extension("yaml.swp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

#[test]
fn serves_reloads_shows_errors_recovers_and_refuses_other_paths() {
    let path = temp_map("live", &map("Version one"));
    let server = start(&path);
    let (status, page) = get(&server.address, "/map.html");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Version one</h1>"));
    let first = generation(&page);

    // A save wakes the waiting page and the new content is there.
    let waiter = {
        let address = server.address.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let reply = get(&address, &format!("/__journeymap/wait?since={first}"));
            (reply, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    save_by_rename(&path, &map("Version two"));
    let ((status, body), waited) = waiter.join().unwrap();
    assert_eq!(status, 200);
    assert!(
        body.trim().parse::<u64>().unwrap() > first,
        "the reload signal carries a newer generation"
    );
    assert!(
        waited < Duration::from_secs(10),
        "the signal came with the change, not the timeout"
    );
    let (_, page) = get(&server.address, "/map.html");
    assert!(page.contains("<h1>Version two</h1>"));

    // An invalid save keeps the last good page and shows the error with its line.
    std::fs::write(
        &path,
        "title: Broken\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n",
    )
    .unwrap();
    let page = wait_for(&server, "/map.html", |page| page.contains("role=\"alert\""));
    assert!(
        page.contains("<h1>Version two</h1>"),
        "the last good render stays"
    );
    assert!(
        page.contains("map.yaml:3:21"),
        "the error names file, line and column"
    );
    assert!(page.contains("unknown stage `awarenes`"));

    // The next good save recovers.
    std::fs::write(&path, map("Version three")).unwrap();
    let page = wait_for(&server, "/map.html", |page| {
        page.contains("<h1>Version three</h1>")
    });
    assert!(!page.contains("role=\"alert\""));

    // Rapid saves: the page ends up showing the last one.
    for i in 0..30 {
        std::fs::write(&path, map(&format!("Rapid {i}"))).unwrap();
        std::thread::sleep(Duration::from_millis(3));
    }
    wait_for(&server, "/map.html", |page| {
        page.contains("<h1>Rapid 29</h1>")
    });

    // A deleted file keeps the last page and says so.
    std::fs::remove_file(&path).unwrap();
    let page = wait_for(&server, "/map.html", |page| page.contains("was deleted"));
    assert!(page.contains("<h1>Rapid 29</h1>"));

    // Nothing but the built files is served.
    for bad in [
        "/../map.yaml",
        "/..%2fmap.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/map.yaml",
        "//etc/passwd",
        "/../../../../etc/passwd",
    ] {
        assert_eq!(get(&server.address, bad).0, 404, "{bad}");
    }
    assert_eq!(get(&server.address, "/map.svg").0, 200);

    // DNS rebinding: a request for another host name is refused.
    assert_eq!(
        get_as(&server.address, "/map.html", "evil.example.com").0,
        403
    );
    assert_eq!(
        get_as(&server.address, "/map.html", "evil.example.com:80").0,
        403
    );
    let port = server.address.rsplit(':').next().unwrap();
    assert_eq!(
        get_as(&server.address, "/map.svg", &format!("localhost:{port}")).0,
        200
    );

    // A client that trickles its request does not hold up the others.
    let mut slow = TcpStream::connect(&server.address).unwrap();
    write!(slow, "GET /map.svg HT").unwrap();
    assert_eq!(get(&server.address, "/map.svg").0, 200);
}

fn wait_for(server: &Server, url: &str, done: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let (_, page) = get(&server.address, url);
        if done(&page) {
            return page;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {url}; last page:\n{page}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_folder_gets_an_index_of_its_maps() {
    let path = temp_map("folder", &map("In a folder"));
    let dir = path.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(dir.join("team/other.yaml"), map("Another <map>")).unwrap();
    std::fs::write(dir.join("50% #1.yaml"), map("Odd name")).unwrap();
    let server = start(&dir);
    let (status, home) = get(&server.address, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("href=\"/map.html\"") && home.contains("href=\"/team/other.html\""),
        "{home}"
    );
    assert!(
        home.contains("Another &#60;map&#62;"),
        "the title is escaped as by `build`"
    );
    let (status, page) = get(&server.address, "/team/other.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("<a href=\"/\">All journey maps</a>")
            && page.contains("<a href=\"/team/other.svg\">SVG</a>"),
        "a served page links to the listing and its picture: {page}"
    );
    assert_eq!(get(&server.address, "/team/other.svg").0, 200);
    assert!(home.contains("href=\"/50%25%20%231.html\""), "{home}");
    assert_eq!(get(&server.address, "/50%25%20%231.html").0, 200);
}

/// The server's CPU time so far (user + system), from /proc/<pid>/stat.
#[cfg(target_os = "linux")]
fn cpu_time(server: &Server) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.child.id())).unwrap();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let per_second: u64 = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100);
    Duration::from_millis(ticks * 1000 / per_second)
}

/// The server's resident memory in MiB, from /proc/<pid>/status.
#[cfg(target_os = "linux")]
fn rss_mib(server: &Server) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib / 1024.0
}

/// A raw GET: the whole response, head and body.
fn get_raw(address: &str, path: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jm-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(target_os = "linux")]
#[test]
fn an_idle_server_beside_20000_other_files_uses_almost_no_cpu() {
    let path = temp_map("idle", &map("Idle"));
    let dir = path.parent().unwrap();
    for folder in 0..20 {
        let sub = dir.join(format!("notes-{folder}"));
        std::fs::create_dir_all(&sub).unwrap();
        for file in 0..1000 {
            std::fs::write(sub.join(format!("note-{file}.txt")), "x").unwrap();
        }
    }
    let server = start(dir);
    assert_eq!(get(&server.address, "/map.html").0, 200);
    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_time(&server);
    let idle = Duration::from_secs(4);
    std::thread::sleep(idle);
    let used = cpu_time(&server) - before;
    let share = used.as_secs_f64() / idle.as_secs_f64() * 100.0;
    eprintln!("idle CPU: {share:.1}% of one core ({used:?} in {idle:?})");
    assert!(share < 10.0, "idle serve used {share:.1}% of a core");
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
#[test]
fn stalled_clients_share_one_copy_of_a_large_page_and_lock_nobody_out() {
    let dir = temp_dir("stalled");
    let status = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        // A page larger than what the kernel buffers for a client that does not read.
        .args(["generate", "--touchpoints", "2000", "--personas", "3", "-o"])
        .arg(dir.join("big.yaml"))
        .status()
        .unwrap();
    assert!(status.success());
    let server = start(&dir);
    let (status, page) = get(&server.address, "/big.html");
    assert_eq!(status, 200);
    let page_mib = page.len() as f64 / (1024.0 * 1024.0);
    let before = rss_mib(&server);
    // 66 clients ask for the large page and never read a byte of it.
    let stalled: Vec<TcpStream> = (0..66)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            write!(
                stream,
                "GET /big.html HTTP/1.1\r\nHost: {}\r\n\r\n",
                server.address
            )
            .unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    let started = Instant::now();
    let (status, _) = get(&server.address, "/big.svg");
    assert_eq!(status, 200, "a normal client is still served");
    assert!(started.elapsed() < Duration::from_secs(10));
    let during = rss_mib(&server);
    let threads = std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .unwrap()
        .count();
    eprintln!(
        "page {page_mib:.1} MiB; RSS {before:.1} MiB before, {during:.1} MiB with 66 stalled clients; {threads} threads"
    );
    assert!(
        during - before < 66.0 * page_mib / 4.0,
        "RSS grew from {before:.1} to {during:.1} MiB: the page is copied per client"
    );
    drop(stalled);
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_sparse_map_is_refused_by_the_size_limit_without_reading_it() {
    let dir = temp_dir("huge");
    std::fs::write(dir.join("map.yaml"), map("Small")).unwrap();
    let server = start(&dir);
    assert_eq!(get(&server.address, "/map.html").0, 200);
    let huge = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    huge.set_len(4 << 30).unwrap();
    drop(huge);
    let page = wait_for(&server, "/huge.html", |page| {
        page.contains("role=\"alert\"")
    });
    assert!(page.contains("larger than the limit of"), "{page}");
    assert_scripts_allowed(&page);
    assert!(
        !page.contains("jm-grid"),
        "a map that never built shows its errors alone"
    );
    let rss = rss_mib(&server);
    eprintln!("RSS after refusing a 4 GiB map: {rss:.1} MiB");
    assert!(rss < 200.0, "RSS {rss:.1} MiB: the file was read");
    let (_, home) = get(&server.address, "/");
    assert!(home.contains("1 more could not be built"), "{home}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn waiting_pages_past_16_are_told_to_back_off() {
    let path = temp_map("waiters", &map("Waited on"));
    let server = start(&path);
    let (_, page) = get(&server.address, "/map.html");
    assert!(
        page.contains("Retry-After"),
        "the reload script honours Retry-After"
    );
    assert_scripts_allowed(&page);
    let (_, home) = get(&server.address, "/");
    assert_scripts_allowed(&home);
    let since = generation(&page);
    let waiters: Vec<_> = (0..16)
        .map(|_| {
            let address = server.address.clone();
            std::thread::spawn(move || {
                get(
                    &address,
                    &format!("/__journeymap/wait?since={since}&page=/map.html"),
                )
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(1));
    let response = get_raw(
        &server.address,
        &format!("/__journeymap/wait?since={since}"),
        &server.address,
    );
    assert!(response.starts_with("HTTP/1.1 503"), "{response}");
    assert!(
        response.to_ascii_lowercase().contains("retry-after: 5"),
        "{response}"
    );
    save_by_rename(&path, &map("Changed"));
    for waiter in waiters {
        let (status, body) = waiter.join().unwrap();
        assert_eq!(status, 200);
        assert!(body.trim().parse::<u64>().unwrap() > since);
    }
}

#[test]
fn a_map_named_index_has_its_own_page_beside_the_listing() {
    let dir = temp_dir("index");
    std::fs::write(dir.join("index.yaml"), map("Home map")).unwrap();
    std::fs::write(dir.join("other.yaml"), map("Other map")).unwrap();
    let server = start(&dir);
    let (status, home) = get(&server.address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Journey maps") && home.contains("href=\"/index.html\""));
    assert!(home.contains("href=\"/other.html\""));
    let (status, page) = get(&server.address, "/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Home map</h1>"));
    let help = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(help.contains("`index.yaml` is at `/index.html`"), "{help}");
    let _ = std::fs::remove_dir_all(dir);
}

/// An address of this machine other than loopback, if it has one.
fn machine_ip() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // Connecting a UDP socket sends nothing; it only picks the outgoing address.
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn a_wildcard_bind_answers_requests_addressed_by_ip() {
    let path = temp_map("wildcard", &map("Shared"));
    let server = start_with(&path, &["--host", "0.0.0.0"]);
    let port = server.address.rsplit(':').next().unwrap().to_owned();
    let (connect, host) = match machine_ip() {
        Some(ip) => (format!("{ip}:{port}"), format!("{ip}:{port}")),
        None => (server.address.clone(), format!("192.0.2.7:{port}")),
    };
    assert_eq!(get_as(&connect, "/map.html", &host).0, 200, "Host {host}");
    assert_eq!(get_as(&connect, "/map.html", "evil.example.com").0, 403);
    assert_eq!(
        get_as(&connect, "/map.html", &format!("evil.example.com:{port}")).0,
        403
    );

    // On loopback, the same IP-literal Host is refused as before.
    let local = start(&path);
    let port = local.address.rsplit(':').next().unwrap();
    assert_eq!(
        get_as(&local.address, "/map.html", &format!("192.0.2.7:{port}")).0,
        403
    );
}

#[test]
fn each_rebuild_prints_its_diagnostics_like_check() {
    let path = temp_map("terminal", &map("Fine"));
    let server = start(&path);
    let broken = "title: Broken\ntouchpoints:\n  - { id: a, stage: awarenes, name: A }\n";
    std::fs::write(&path, broken).unwrap();
    wait_for(&server, "/map.html", |page| page.contains("role=\"alert\""));
    let check = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("check")
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let check = String::from_utf8(check.stderr).unwrap();
    let diagnostics = check.rsplit_once("checked ").unwrap().0.trim();
    assert!(diagnostics.contains("unknown stage `awarenes`"), "{check}");
    let started = Instant::now();
    while !server.stderr.lock().unwrap().contains(diagnostics) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve's stderr lacks check's diagnostics:\n{}\n---\n{diagnostics}",
            server.stderr.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serving_a_missing_path_is_an_error() {
    let missing = std::env::temp_dir().join("jm-serve-no-such-dir/missing.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .arg("serve")
        .arg(&missing)
        .args(["--port", "0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("missing.yaml"), "{stderr}");
}

#[test]
fn a_renamed_folder_moves_its_maps() {
    let dir = temp_dir("renamed");
    std::fs::create_dir_all(dir.join("team")).unwrap();
    std::fs::write(dir.join("team/a.yaml"), map("Moving map")).unwrap();
    let server = start(&dir);
    assert_eq!(get(&server.address, "/team/a.html").0, 200);
    std::fs::rename(dir.join("team"), dir.join("squad")).unwrap();
    let page = wait_for(&server, "/squad/a.html", |page| {
        page.contains("<h1>Moving map</h1>")
    });
    assert!(!page.contains("role=\"alert\""));
    let old = wait_for(&server, "/team/a.html", |page| page.contains("was deleted"));
    assert!(
        old.contains("<h1>Moving map</h1>"),
        "the last good page stays"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Every inline script of a live page is allowed by the page's CSP, by hash, and the
/// policy lets the reload script poll this server.
fn assert_scripts_allowed(page: &str) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let csp = page
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    let scripts: Vec<&str> = page
        .split("<script>")
        .skip(1)
        .map(|rest| rest.split("</script>").next().unwrap())
        .collect();
    assert!(scripts.iter().any(|s| s.contains("/__journeymap/wait")));
    for script in scripts {
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    }
}

#[test]
fn a_folder_given_by_a_relative_path_reloads() {
    let dir = temp_dir("relative");
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::fs::write(dir.join("maps/a.yaml"), map("Before")).unwrap();
    let server = start_in(&dir, Path::new("maps"), &[]);
    assert_eq!(get(&server.address, "/a.html").0, 200);
    std::fs::write(dir.join("maps/a.yaml"), map("After")).unwrap();
    wait_for(&server, "/a.html", |page| page.contains("<h1>After</h1>"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The number of inotify watches a process holds, from /proc/<pid>/fdinfo.
#[cfg(target_os = "linux")]
fn inotify_watches(server: &Server) -> usize {
    let fdinfo = format!("/proc/{}/fdinfo", server.child.id());
    std::fs::read_dir(fdinfo)
        .unwrap()
        .filter_map(|entry| std::fs::read_to_string(entry.unwrap().path()).ok())
        .map(|info| {
            info.lines()
                .filter(|l| l.starts_with("inotify wd:"))
                .count()
        })
        .sum()
}

#[cfg(target_os = "linux")]
#[test]
fn a_symlink_to_a_big_tree_costs_no_watches() {
    let dir = temp_dir("symlinked-tree");
    std::fs::write(dir.join("a.yaml"), map("Beside a big tree")).unwrap();
    std::os::unix::fs::symlink("/usr", dir.join("up")).unwrap();
    let server = start(&dir);
    assert_eq!(get(&server.address, "/a.html").0, 200);
    let watches = inotify_watches(&server);
    assert!(watches < 100, "{watches} inotify watches");
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn pages_are_named_as_build_names_them_and_one_page_has_one_map() {
    let dir = temp_dir("names");
    std::fs::write(dir.join("m.yaml"), map("Yaml")).unwrap();
    std::fs::write(dir.join("m.yml"), map("Yml")).unwrap();
    std::fs::write(dir.join("m.yml.yaml"), map("Doubled")).unwrap();
    let server = start(&dir);
    let (_, home) = get(&server.address, "/");
    let page = wait_for(&server, "/m.html", |page| page.contains("<h1>"));
    assert!(page.contains("<h1>Yaml</h1>"), "{page}");
    let page = wait_for(&server, "/m.yml.html", |page| page.contains("<h1>"));
    assert!(
        page.contains("<h1>Doubled</h1>"),
        "build writes m.yml.yaml to m.yml.html"
    );
    assert_eq!(
        home.matches("<h3><a href=\"/m.yml.html\">").count(),
        1,
        "one entry per page: {home}"
    );
    assert!(!home.contains(">Yml<"), "{home}");
    let started = Instant::now();
    while !server
        .stderr
        .lock()
        .unwrap()
        .contains("already has the page `/m.html`")
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no warning about m.yml:\n{}",
            server.stderr.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(server.stderr.lock().unwrap().contains("skipped"));
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

/// A secret beside the served folder, as a map (so a page would show it) and as
/// a dotfile.
const SECRET: &str = "title: SECRET123\ntouchpoints:\n  - { id: a, stage: awareness, name: SECRET123, emotion: 3 }\n";

#[cfg(unix)]
#[test]
fn a_watched_map_that_becomes_a_symlink_out_of_the_folder_or_a_fifo_is_not_read() {
    let dir = temp_dir("turned-symlink");
    let served = dir.join("s");
    std::fs::create_dir_all(&served).unwrap();
    std::fs::write(dir.join("secret.yaml"), SECRET).unwrap();
    std::fs::write(served.join("x.yaml"), map("Plain")).unwrap();
    let server = start(&served);
    assert_eq!(get(&server.address, "/x.html").0, 200);

    // As after a `git checkout` that brings a symlink in place of the file.
    std::fs::remove_file(served.join("x.yaml")).unwrap();
    std::os::unix::fs::symlink("../secret.yaml", served.join("x.yaml")).unwrap();
    let page = wait_for(&server, "/x.html", |page| {
        page.contains("skipped") || page.contains("SECRET123")
    });
    assert!(!page.contains("SECRET123"), "{page}");
    assert!(page.contains("outside"), "{page}");
    let (_, home) = get(&server.address, "/");
    assert!(!home.contains("SECRET123"), "{home}");

    // A FIFO named like a map is not opened: the watcher goes on with other maps.
    std::fs::remove_file(served.join("x.yaml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(served.join("x.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    wait_for(&server, "/x.html", |page| {
        page.contains("not a regular file")
    });
    std::fs::write(served.join("y.yaml"), map("Still watching")).unwrap();
    wait_for(&server, "/y.html", |page| {
        page.contains("<h1>Still watching</h1>")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[test]
fn symlinks_to_hidden_or_non_map_files_inside_the_folder_are_skipped_by_check_and_serve() {
    let dir = temp_dir("hidden-target");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".env"), SECRET).unwrap();
    std::fs::write(dir.join(".git/config"), SECRET).unwrap();
    std::fs::write(dir.join("notes.txt"), SECRET).unwrap();
    std::fs::write(dir.join("real.yaml"), map("Real")).unwrap();
    for (link, target) in [
        ("y.yaml", ".env"),
        ("g.yaml", ".git/config"),
        ("n.yaml", "notes.txt"),
        ("alias.yaml", "real.yaml"),
    ] {
        std::os::unix::fs::symlink(target, dir.join(link)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["check", "."])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("SECRET123"), "{err}");
    for link in ["y.yaml", "g.yaml", "n.yaml"] {
        assert!(
            err.contains(&format!("warning[skipped]: skipped `./{link}`")),
            "{err}"
        );
    }
    assert!(err.contains("checked 2 maps"), "{err}");

    let server = start(&dir);
    let (_, home) = get(&server.address, "/");
    assert!(!home.contains("SECRET123"), "{home}");
    assert!(home.contains("href=\"/alias.html\""), "{home}");
    for page in ["/y.html", "/g.html", "/n.html"] {
        assert_eq!(get(&server.address, page).0, 404, "{page}");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_folder_moved_out_and_back_is_served_again() {
    let dir = temp_dir("out-and-back");
    let maps = dir.join("maps");
    std::fs::create_dir_all(maps.join("team")).unwrap();
    std::fs::write(maps.join("team/a.yaml"), map("Travelling")).unwrap();
    let server = start(&maps);
    assert_eq!(get(&server.address, "/team/a.html").0, 200);
    std::fs::rename(maps.join("team"), dir.join("team")).unwrap();
    wait_for(&server, "/team/a.html", |page| page.contains("was deleted"));
    std::fs::rename(dir.join("team"), maps.join("team")).unwrap();
    wait_for(&server, "/team/a.html", |page| {
        !page.contains("role=\"alert\"")
    });
    // And it is watched again: an edit shows.
    std::fs::write(maps.join("team/a.yaml"), map("Home again")).unwrap();
    wait_for(&server, "/team/a.html", |page| {
        page.contains("<h1>Home again</h1>")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_served_folder_deleted_and_made_again_is_watched_again() {
    let dir = temp_dir("remade");
    let maps = dir.join("maps");
    std::fs::create_dir_all(&maps).unwrap();
    std::fs::write(maps.join("a.yaml"), map("First")).unwrap();
    let server = start(&maps);
    assert_eq!(get(&server.address, "/a.html").0, 200);
    std::fs::remove_dir_all(&maps).unwrap();
    std::fs::create_dir_all(&maps).unwrap();
    std::fs::write(maps.join("z.yaml"), map("Zed")).unwrap();
    wait_for(&server, "/z.html", |page| page.contains("<h1>Zed</h1>"));
    wait_for(&server, "/a.html", |page| page.contains("was deleted"));
    std::fs::write(maps.join("z.yaml"), map("Zed edited")).unwrap();
    wait_for(&server, "/z.html", |page| {
        page.contains("<h1>Zed edited</h1>")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_change_to_the_theme_file_or_its_logo_rebuilds_the_map() {
    let body = "touchpoints:\n  - { id: a, stage: awareness, name: First step, emotion: 3 }\n";
    let path = temp_map(
        "theme-file",
        &format!("title: Themed\ntheme: brand/theme.yaml\n{body}"),
    );
    let dir = path.parent().unwrap().to_path_buf();
    // In a subfolder, which the watch of a single map's folder does not cover.
    std::fs::create_dir_all(dir.join("brand")).unwrap();
    let logo = |fill: &str| {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="{fill}"/></svg>"##
        )
    };
    std::fs::write(dir.join("brand/logo.svg"), logo("#111111")).unwrap();
    let theme = |color: &str| format!("stages:\n  awareness: \"{color}\"\nlogo: logo.svg\n");
    std::fs::write(dir.join("brand/theme.yaml"), theme("#b91c1c")).unwrap();
    let server = start(&path);
    let (_, page) = get(&server.address, "/map.html");
    assert!(page.contains("border-color:#b91c1c}"), "{page}");

    save_by_rename(&dir.join("brand/theme.yaml"), &theme("#0e7490"));
    wait_for(&server, "/map.html", |page| {
        page.contains("border-color:#0e7490}")
    });

    // A mistake in the theme file is shown at its line in that file.
    std::fs::write(dir.join("brand/theme.yaml"), "stages:\n  awarenes: teal\n").unwrap();
    let page = wait_for(&server, "/map.html", |page| page.contains("role=\"alert\""));
    assert!(page.contains("brand/theme.yaml:2:3"), "{page}");
    std::fs::write(dir.join("brand/theme.yaml"), theme("#0e7490")).unwrap();
    wait_for(&server, "/map.html", |page| {
        !page.contains("role=\"alert\"")
    });

    // The logo, read through the theme file, is watched too.
    use base64::Engine as _;
    let encoded = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let (_, page) = get(&server.address, "/map.html");
    assert!(page.contains(&encoded(&logo("#111111"))));
    save_by_rename(&dir.join("brand/logo.svg"), &logo("#222222"));
    wait_for(&server, "/map.html", |page| {
        page.contains(&encoded(&logo("#222222")))
    });
}

#[test]
fn a_change_to_a_map_that_others_extend_rebuilds_them_too() {
    let current = |name: &str| {
        format!(
            "title: Support today\ntouchpoints:\n  - {{ id: ask, stage: awareness, name: {name}, emotion: 2 }}\n  - {{ id: wait, stage: decision, name: Waits for an answer, emotion: 1 }}\n"
        )
    };
    let future =
        |extends: &str| format!("extends: {extends}\ntitle: Support next year\nremove: [wait]\n");

    // A folder: the map extended is a map of its own, and the page of the file
    // extending it follows it.
    let dir = temp_dir("extends-folder");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("current.yaml"), current("Asks in the chat")).unwrap();
    std::fs::write(dir.join("future.yaml"), future("current.yaml")).unwrap();
    let server = start(&dir);
    let (_, page) = get(&server.address, "/future.html");
    assert!(page.contains("Asks in the chat"), "{page}");
    save_by_rename(&dir.join("current.yaml"), &current("Asks the assistant"));
    wait_for(&server, "/future.html", |page| {
        page.contains("Asks the assistant")
    });
    wait_for(&server, "/current.html", |page| {
        page.contains("Asks the assistant")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    // One map served, extending a chain of two in a subfolder, which the watch of
    // the served map's folder does not cover.
    let dir = temp_dir("extends-file");
    std::fs::create_dir_all(dir.join("base")).unwrap();
    std::fs::write(dir.join("base/current.yaml"), current("Asks in the chat")).unwrap();
    std::fs::write(
        dir.join("base/middle.yaml"),
        "extends: current.yaml\ntitle: Support this spring\n",
    )
    .unwrap();
    std::fs::write(dir.join("future.yaml"), future("base/middle.yaml")).unwrap();
    let server = start(&dir.join("future.yaml"));
    let (_, page) = get(&server.address, "/future.html");
    assert!(page.contains("Asks in the chat"), "{page}");
    save_by_rename(
        &dir.join("base/current.yaml"),
        &current("Asks the assistant"),
    );
    wait_for(&server, "/future.html", |page| {
        page.contains("Asks the assistant")
    });

    // A map extended that is gone is an error on the page; back, it is read again.
    std::fs::remove_file(dir.join("base/current.yaml")).unwrap();
    let page = wait_for(&server, "/future.html", |page| {
        page.contains("role=\"alert\"")
    });
    assert!(page.contains("cannot be read"), "{page}");
    std::fs::write(dir.join("base/current.yaml"), current("Asks a person")).unwrap();
    wait_for(&server, "/future.html", |page| {
        page.contains("Asks a person") && !page.contains("role=\"alert\"")
    });
    drop(server);
    let _ = std::fs::remove_dir_all(dir);
}

/// A new survey export saved over the old one redraws the curve: every file a
/// map's `data:` names is watched, in a subfolder too.
#[test]
fn a_change_to_a_data_file_rebuilds_the_map() {
    let path = temp_map(
        "data-file",
        "title: Backed\npersonas: { maya: { name: Maya } }\ndata:\n  survey: { file: data/survey.csv, touchpoint: step, persona: segment, score: score, scale: 1..5, min_responses: 1 }\ntouchpoints:\n  - { id: pay, stage: decision, name: Pays, emotion: survey }\n",
    );
    let dir = path.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let survey = |scores: &[u8]| {
        let rows: String = scores.iter().map(|s| format!("pay,maya,{s}\n")).collect();
        format!("step,segment,score\n{rows}")
    };
    std::fs::write(dir.join("data/survey.csv"), survey(&[4, 4])).unwrap();
    let server = start(&path);
    let (_, page) = get(&server.address, "/map.html");
    assert!(page.contains("n=2"), "{page}");

    save_by_rename(&dir.join("data/survey.csv"), &survey(&[2, 3, 2]));
    wait_for(&server, "/map.html", |page| page.contains("n=3"));

    // A broken export is shown at its line in the export.
    std::fs::write(
        dir.join("data/survey.csv"),
        "step,segment,score\npay,maya,nine\n",
    )
    .unwrap();
    let page = wait_for(&server, "/map.html", |page| page.contains("role=\"alert\""));
    assert!(page.contains("survey.csv:2:"), "{page}");
}
