//! Each example's HTML page in headless Chromium: no console error, no network
//! request, no element whose content overflows it. Saves a screenshot of each page
//! to `target/browser/`. Without Chromium the test fails, saying how to install it;
//! `JOURNEYMAP_SKIP_BROWSER=1` turns that into a skip, for machines that cannot have
//! Chromium (libtest hides a passing test's output, so a quiet pass would look
//! like a checked page).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Runs first in the page and reports what it saw in a `<pre>` that `--dump-dom` prints.
const CHECKER: &str = r#"(function () {
  var seen = { errors: [], violations: [], resources: [], overflow: [] };
  window.addEventListener("error", function (e) { seen.errors.push(String(e.message)); });
  var original = console.error;
  console.error = function () { seen.errors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
  document.addEventListener("securitypolicyviolation", function (e) { seen.violations.push(e.violatedDirective + " " + e.blockedURI); });
  function describe(el) { return el.tagName.toLowerCase() + "." + String(el.className.baseVal === undefined ? el.className : el.className.baseVal) + " " + JSON.stringify((el.textContent || "").slice(0, 60)); }
  window.addEventListener("load", function () {
    setTimeout(function () {
      seen.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
      document.querySelectorAll("body *").forEach(function (el) {
        // SVG internals are checked by the layout tests; .jm-sr is visually hidden on purpose.
        if (el.closest("svg") || el.id === "jm-tip" || el.classList.contains("jm-sr")) { return; }
        var style = getComputedStyle(el);
        if (style.display === "none" || style.overflowX === "auto" || style.overflowX === "scroll") { return; }
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) { seen.overflow.push(describe(el)); }
        if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1) { seen.overflow.push(describe(el)); }
      });
      var pre = document.createElement("pre");
      pre.id = "jm-check-result";
      pre.textContent = JSON.stringify(seen);
      document.body.appendChild(pre);
    }, 200);
  });
})();"#;

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JOURNEYMAP_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("which").arg(name).output().ok()?;
            found
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
        })
}

fn chromium(binary: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .unwrap()
}

/// The page with the checker inserted first and allowed by the page's own CSP.
fn with_checker(html: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(CHECKER.as_bytes()));
    let html = html.replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1);
    html.replacen("<head>", &format!("<head>\n<script>{CHECKER}</script>"), 1)
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Without Chromium: fail, unless `JOURNEYMAP_SKIP_BROWSER=1` asks to skip.
fn skip_or_fail() {
    let install =
        "install it (apt-get install chromium fonts-noto-core) or point JOURNEYMAP_CHROMIUM at it";
    if std::env::var_os("JOURNEYMAP_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!(
            "Chromium not found: the browser test was SKIPPED (JOURNEYMAP_SKIP_BROWSER=1); {install}"
        );
        return;
    }
    panic!(
        "Chromium not found, so the pages were not checked in a browser: {install}, \
         or set JOURNEYMAP_SKIP_BROWSER=1 to skip this test"
    );
}

#[test]
fn example_pages_load_cleanly_in_chromium() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-{}", std::process::id()));
    for path in common::examples() {
        let name = common::stem(&path);
        let map = journeymap::load_path(&path).map.unwrap();
        let html = journeymap::build(&map).html;
        let page = out.join(format!("{name}.html"));
        std::fs::write(&page, &html).unwrap();
        let checked = out.join(format!("{name}.checked.html"));
        std::fs::write(&checked, with_checker(&html)).unwrap();

        let dump = chromium(
            &binary,
            &profile,
            &[
                "--window-size=1400,900",
                "--virtual-time-budget=5000",
                "--dump-dom",
                &format!("file://{}", checked.display()),
            ],
        );
        let dom = String::from_utf8_lossy(&dump.stdout);
        let result = dom
            .split("<pre id=\"jm-check-result\">")
            .nth(1)
            .and_then(|rest| rest.split("</pre>").next())
            .unwrap_or_else(|| {
                panic!(
                    "{name}: the checker did not report; chromium said:\n{}",
                    String::from_utf8_lossy(&dump.stderr)
                )
            });
        let seen: serde_json::Value = serde_json::from_str(&unescape(result)).unwrap();
        assert_eq!(
            seen["errors"],
            serde_json::json!([]),
            "{name}: console errors"
        );
        assert_eq!(
            seen["violations"],
            serde_json::json!([]),
            "{name}: CSP violations"
        );
        assert_eq!(
            seen["resources"],
            serde_json::json!([]),
            "{name}: network requests"
        );
        assert_eq!(
            seen["overflow"],
            serde_json::json!([]),
            "{name}: overflowing elements"
        );

        let shot = out.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&shot);
        chromium(
            &binary,
            &profile,
            &[
                "--window-size=1400,2200",
                &format!("--screenshot={}", shot.display()),
                &format!("file://{}", page.display()),
            ],
        );
        assert!(
            std::fs::metadata(&shot)
                .map(|m| m.len() > 10_000)
                .unwrap_or(false),
            "{name}: no screenshot"
        );
        eprintln!("screenshot: {}", shot.display());
    }
    let _ = std::fs::remove_dir_all(&profile);
}

/// The site of `tests/fixtures/portfolio/`: its listing (all four views) and the
/// pages with site links and a breadcrumb, at a desktop and a 390 px phone width:
/// no console error, no network request, nothing overflowing outside the tables'
/// own scrolling boxes. Screenshots land in `target/browser/site-*.png`.
#[test]
fn the_site_loads_cleanly_on_desktop_and_phone() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    let site = out.join("site");
    let _ = std::fs::remove_dir_all(&site);
    let fixture = common::root().join("tests/fixtures/portfolio");
    let build = common::journeymap(
        &[
            "build",
            fixture.to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ],
        &out,
    );
    assert_eq!(build.status.code(), Some(0));
    let profile = std::env::temp_dir().join(format!("jm-chromium-site-{}", std::process::id()));
    for page in ["index", "onboarding", "onboarding/verify-identity"] {
        let html = std::fs::read_to_string(site.join(format!("{page}.html"))).unwrap();
        let checked = site.join(format!("{page}.checked.html"));
        std::fs::write(&checked, with_checker(&html)).unwrap();
        for (width, device) in [(1400, "desktop"), (390, "phone")] {
            let name = format!("{page} ({device})");
            let dump = chromium(
                &binary,
                &profile,
                &[
                    &format!("--window-size={width},900"),
                    "--virtual-time-budget=5000",
                    "--dump-dom",
                    &format!("file://{}", checked.display()),
                ],
            );
            let dom = String::from_utf8_lossy(&dump.stdout);
            let result = dom
                .split("<pre id=\"jm-check-result\">")
                .nth(1)
                .and_then(|rest| rest.split("</pre>").next())
                .unwrap_or_else(|| panic!("{name}: the checker did not report"));
            let seen: serde_json::Value = serde_json::from_str(&unescape(result)).unwrap();
            for kind in ["errors", "violations", "resources", "overflow"] {
                assert_eq!(seen[kind], serde_json::json!([]), "{name}: {kind}");
            }
            let shot = out.join(format!("site-{}-{device}.png", page.replace('/', "-")));
            let _ = std::fs::remove_file(&shot);
            chromium(
                &binary,
                &profile,
                &[
                    &format!("--window-size={width},2400"),
                    &format!("--screenshot={}", shot.display()),
                    &format!("file://{}", site.join(format!("{page}.html")).display()),
                ],
            );
            assert!(
                std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
                "{name}: no screenshot"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&profile);
}
