//! The GitHub Action's script (scripts/action/review.sh) end to end: a local git
//! repository with a pull request's commits, a bare repository as its remote, and a
//! fake GitHub (or GitLab) API on 127.0.0.1. Checks the comment's body, that a second
//! push updates the comment instead of adding one, the pictures on the previews
//! branch, and the exit codes. Needs git, curl and jq (on every CI runner).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use common::{root, temp_dir};

/// One request the fake API received.
#[derive(Clone, Debug)]
struct Request {
    method: String,
    path: String,
    body: String,
}

/// What the fake API holds: comments as (id, author, body), requests seen, and
/// whether writes fail.
#[derive(Default)]
struct Api {
    comments: Vec<(u64, String, String)>,
    requests: Vec<Request>,
    fail_writes: bool,
}

/// Serves GitHub's (and GitLab's) comment endpoints on a free loopback port.
fn fake_api(api: Arc<Mutex<Api>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let mut parts = head.split_whitespace();
            let request = Request {
                method: parts.next().unwrap_or_default().to_owned(),
                path: parts.next().unwrap_or_default().to_owned(),
                body: String::from_utf8_lossy(&body).into_owned(),
            };
            let (status, reply) = answer(&mut api.lock().unwrap(), &request);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    address
}

fn answer(api: &mut Api, request: &Request) -> (&'static str, String) {
    api.requests.push(request.clone());
    let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
    let as_json = |comments: &[(u64, String, String)]| {
        serde_json::Value::Array(
            comments
                .iter()
                .map(|(id, user, body)| serde_json::json!({"id": id, "user": {"login": user}, "body": body}))
                .collect(),
        )
        .to_string()
    };
    let new_body = || -> String {
        let value: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        value["body"].as_str().unwrap().to_owned()
    };
    let listing = path.ends_with("/issues/7/comments") || path.ends_with("/merge_requests/7/notes");
    match request.method.as_str() {
        "GET" if listing => {
            // Pages of two, so the script has to page to find its comment.
            let page: usize = query
                .split('&')
                .find_map(|p| p.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let start = ((page - 1) * 2).min(api.comments.len());
            let end = (start + 2).min(api.comments.len());
            ("200 OK", as_json(&api.comments[start..end]))
        }
        _ if api.fail_writes => (
            "500 Internal Server Error",
            r#"{"message":"down"}"#.to_owned(),
        ),
        "POST" if listing => {
            let id = 1000 + api.comments.len() as u64;
            api.comments
                .push((id, "github-actions[bot]".to_owned(), new_body()));
            ("201 Created", format!(r#"{{"id":{id}}}"#))
        }
        "PATCH" | "PUT" => {
            let id: u64 = path.rsplit('/').next().unwrap().parse().unwrap();
            let body = new_body();
            match api.comments.iter_mut().find(|c| c.0 == id) {
                Some(comment) => {
                    comment.2 = body;
                    ("200 OK", format!(r#"{{"id":{id}}}"#))
                }
                None => ("404 Not Found", "{}".to_owned()),
            }
        }
        _ => ("404 Not Found", r#"{"message":"Not Found"}"#.to_owned()),
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// A clone whose `main` has two maps and `mkdocs.yml`, and a bare remote.
fn repository(name: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let remote = dir.join("remote.git");
    let work = dir.join("work");
    git(
        &dir,
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            remote.to_str().unwrap(),
        ],
    );
    git(&dir, &["clone", "-q", remote.to_str().unwrap(), "work"]);
    git(&work, &["config", "user.email", "dev@example.com"]);
    git(&work, &["config", "user.name", "dev"]);
    git(&work, &["checkout", "-q", "-b", "main"]);
    std::fs::create_dir_all(work.join("maps")).unwrap();
    let example = |name: &str| std::fs::read_to_string(root().join("examples").join(name)).unwrap();
    std::fs::write(work.join("maps/laptop.yaml"), example("retail-laptop.yaml")).unwrap();
    std::fs::write(work.join("maps/old.yaml"), example("saas-onboarding.yaml")).unwrap();
    std::fs::write(work.join("mkdocs.yml"), "site_name: Journeys\n").unwrap();
    commit(&work, "maps");
    git(&work, &["push", "-q", "origin", "main"]);
    (work, remote)
}

fn commit(work: &Path, message: &str) -> String {
    git(work, &["add", "-A"]);
    git(work, &["commit", "-q", "-m", message]);
    git(work, &["rev-parse", "HEAD"])
}

/// Runs the review script for pull request 7 from `base` to the checked-out HEAD.
fn review(work: &Path, api: &str, base: &str, platform: &str, number: &str) -> Output {
    let head = git(work, &["rev-parse", "HEAD"]);
    Command::new("bash")
        .arg(root().join("scripts/action/review.sh"))
        .current_dir(work)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("JOURNEYMAP", env!("CARGO_BIN_EXE_journeymap"))
        .env("JM_PLATFORM", platform)
        .env("JM_BASE", base)
        .env("JM_HEAD", head)
        .env("JM_NUMBER", number)
        .env("JM_API", api)
        .env("JM_REPO", if platform == "github" { "o/r" } else { "42" })
        .env("JM_TOKEN", "secret")
        .env("JM_WEB", "https://example.test/o/r")
        .env(
            "JM_AUTHOR",
            if platform == "github" {
                "github-actions[bot]"
            } else {
                ""
            },
        )
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const MARKER: &str = "<!-- journeymap-review:";

#[test]
fn a_pull_request_gets_one_comment_updated_on_each_push() {
    let (work, remote) = repository("action-github");
    let base = git(&work, &["rev-parse", "HEAD"]);
    let api = Arc::new(Mutex::new(Api::default()));
    // Someone else's comments come first and stay as they are.
    api.lock().unwrap().comments = vec![
        (1, "maya".to_owned(), "Looks good".to_owned()),
        (2, "tom".to_owned(), format!("quoting: {MARKER}")),
        (3, "mallory".to_owned(), format!("{MARKER} a look-alike")),
    ];
    let address = fake_api(api.clone());

    // The pull request: one map's emotions change, one is added, one removed.
    git(&work, &["checkout", "-q", "-b", "change"]);
    let laptop = std::fs::read_to_string(work.join("maps/laptop.yaml")).unwrap();
    let changed = laptop.replacen(
        "emotion: { maya: 1.5, tom: 2, grace: 3 }",
        "emotion: { maya: 4.5, tom: 2, grace: 3 }",
        1,
    );
    assert_ne!(changed, laptop);
    std::fs::write(work.join("maps/laptop.yaml"), &changed).unwrap();
    std::fs::write(work.join("maps/new.yaml"), "title: New journey\ntouchpoints:\n  - { id: a, stage: awareness, name: Sees an ad, emotion: 3 }\n").unwrap();
    std::fs::remove_file(work.join("maps/old.yaml")).unwrap();
    let head = commit(&work, "change maps");

    let first = review(&work, &address, &base, "github", "7");
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let body = {
        let api = api.lock().unwrap();
        assert_eq!(
            api.comments.len(),
            4,
            "one comment added: {:?}",
            api.comments
        );
        assert_eq!(
            api.comments[..3].iter().map(|c| c.0).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert_eq!(
            api.comments[1].2,
            format!("quoting: {MARKER}"),
            "a quote of the marker is not ours"
        );
        assert_eq!(
            api.comments[2].2,
            format!("{MARKER} a look-alike"),
            "nor is another user's comment that starts with it"
        );
        api.comments[3].2.clone()
    };
    assert!(body.starts_with(MARKER), "{body}");
    assert!(
        body.contains("Every changed map passes `journeymap check`."),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "### Journey map changes: Buying a laptop online\n\n`{}:maps/laptop.yaml`",
            &base[..12]
        )),
        "{body}"
    );
    assert!(
        body.contains("| `maya` | `laptop-dies` | 1.5 | 4.5 | +3 |"),
        "the emotion change and its size: {body}"
    );
    assert!(body.contains("- New map: New journey"), "{body}");
    assert!(
        body.contains("- Map removed: Adopting Tasklane across a product team"),
        "{body}"
    );
    // Pictures for the changed map only (added and removed maps have one side).
    let previews = git(&remote, &["rev-parse", "journeymap-previews"]);
    let folder = format!("pr-7/{}", &head[..12]);
    let link = format!("https://example.test/o/r/raw/{previews}/{folder}/");
    assert_eq!(body.matches(&link).count(), 2, "{body}");
    assert!(body.contains("| Emotion curves before | after |"), "{body}");
    let files = git(&remote, &["ls-tree", "-r", "--name-only", &previews]);
    let pictures: Vec<&str> = files.lines().collect();
    assert_eq!(pictures.len(), 2, "{files}");
    for picture in &pictures {
        assert!(
            body.contains(&format!("{previews}/{picture})")),
            "{picture} is linked: {body}"
        );
        let bytes = Command::new("git")
            .args(["cat-file", "blob", &format!("{previews}:{picture}")])
            .current_dir(&remote)
            .output()
            .unwrap()
            .stdout;
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000,
            "{picture}"
        );
    }

    // A second push: the same comment is updated, and the previews branch grows.
    std::fs::write(
        work.join("maps/laptop.yaml"),
        laptop.replacen(
            "emotion: { maya: 1.5, tom: 2, grace: 3 }",
            "emotion: { maya: 1, tom: 2, grace: 3 }",
            1,
        ),
    )
    .unwrap();
    commit(&work, "less happy");
    let second = review(&work, &address, &base, "github", "7");
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    {
        let api = api.lock().unwrap();
        assert_eq!(api.comments.len(), 4, "updated, not duplicated");
        assert_ne!(api.comments[3].2, body);
        assert!(api.comments[3].2.contains("-0.5"), "{}", api.comments[3].2);
        let writes: Vec<&str> = api
            .requests
            .iter()
            .filter(|r| r.method != "GET")
            .map(|r| r.method.as_str())
            .collect();
        assert_eq!(writes, ["POST", "PATCH"]);
        let patch = api.requests.iter().find(|r| r.method == "PATCH").unwrap();
        assert_eq!(patch.path, "/repos/o/r/issues/comments/1003");
    }
    let log = git(&remote, &["log", "--format=%s", "journeymap-previews"]);
    assert_eq!(log.lines().count(), 2, "{log}");

    // A broken map: annotations, exit 1, and the comment still updated.
    std::fs::write(
        work.join("maps/new.yaml"),
        "title: New journey\ntouchpoints:\n  - { id: a, stage: awarenes, name: Sees an ad }\n",
    )
    .unwrap();
    commit(&work, "typo");
    let broken = review(&work, &address, &base, "github", "7");
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    assert!(
        String::from_utf8_lossy(&broken.stdout).contains("::error file=maps/new.yaml,line=3"),
        "{}",
        text(&broken)
    );
    let body = api.lock().unwrap().comments[3].2.clone();
    assert!(body.contains("**Some changed maps have errors**"), "{body}");
    assert!(
        body.contains("Not compared: a version has errors."),
        "{body}"
    );
    assert_eq!(api.lock().unwrap().comments.len(), 4);

    // The API refusing the comment is exit 2, not a pass.
    api.lock().unwrap().fail_writes = true;
    let refused = review(&work, &address, &base, "github", "7");
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("cannot update comment 1003"),
        "{}",
        text(&refused)
    );

    // A push (no pull request number) only checks: no API call.
    let before = api.lock().unwrap().requests.len();
    let push = review(&work, &address, &base, "github", "");
    assert_eq!(push.status.code(), Some(1), "{}", text(&push));
    assert_eq!(api.lock().unwrap().requests.len(), before);
}

#[test]
fn a_merge_request_gets_one_note_and_a_code_quality_report() {
    let (work, _remote) = repository("action-gitlab");
    let base = git(&work, &["rev-parse", "HEAD"]);
    let api = Arc::new(Mutex::new(Api::default()));
    let address = fake_api(api.clone());
    git(&work, &["checkout", "-q", "-b", "change"]);
    std::fs::write(
        work.join("maps/new.yaml"),
        "title: New journey\ntouchpoints:\n  - { id: a, stage: awarenes, name: Sees an ad }\n",
    )
    .unwrap();
    commit(&work, "add a map");
    for _ in 0..2 {
        let output = review(&work, &address, &base, "gitlab", "7");
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    }
    let api = api.lock().unwrap();
    assert_eq!(api.comments.len(), 1, "one note, updated");
    assert!(api.comments[0].2.starts_with(MARKER));
    let methods: Vec<&str> = api.requests.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(methods, ["GET", "POST", "GET", "PUT"]);
    assert_eq!(api.requests[1].path, "/projects/42/merge_requests/7/notes");
    assert_eq!(
        api.requests[3].path,
        "/projects/42/merge_requests/7/notes/1000"
    );
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(work.join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report[0]["location"]["path"], "maps/new.yaml");
    assert_eq!(report[0]["check_name"], "journeymap unknown-ref");
}
