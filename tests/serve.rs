//! `journeymap serve` as a user runs it: fetch the page, save a change, see the
//! reload signal and the new content; an invalid save shows its error over the last
//! good page and a valid one recovers; paths outside the built files are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(path: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["serve", path.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
    Server { child, address }
}

/// A raw GET: status code and body. The path is sent exactly as given.
fn get(address: &str, path: &str) -> (u16, String) {
    get_as(address, path, address)
}

/// A GET with a chosen `Host` header.
fn get_as(address: &str, path: &str, host: &str) -> (u16, String) {
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
    assert_eq!(get(&server.address, "/team/other.html").0, 200);
    assert!(home.contains("href=\"/50%25%20%231.html\""), "{home}");
    assert_eq!(get(&server.address, "/50%25%20%231.html").0, 200);
}
