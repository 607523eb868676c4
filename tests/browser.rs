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

/// Clicks Priya's toggle (persona 0) once the page has loaded, and reports which of
/// the items of persona 0, of persona 2 and of persona 0's curve groups are shown,
/// then clicks it again.
const TOGGLER: &str = r#"(function () {
  function shown(selector) {
    return Array.prototype.map.call(document.querySelectorAll(selector), function (e) {
      return getComputedStyle(e).display !== "none";
    });
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      var button = document.querySelector('.jm-toggle[data-persona="0"]');
      button.click();
      var seen = { hidden: { mine: shown('[data-personas="0"]'), others: shown('[data-personas="2"]'), curve: shown("g.jm-persona.jm-p0") } };
      button.click();
      seen.shown = { mine: shown('[data-personas="0"]'), curve: shown("g.jm-persona.jm-p0") };
      var pre = document.createElement("pre");
      pre.id = "jm-toggle-result";
      pre.textContent = JSON.stringify(seen);
      document.body.appendChild(pre);
    }, 200);
  });
})();"#;

#[test]
fn a_persona_toggle_hides_that_personas_items_with_its_curve() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-toggle-{}", std::process::id()));
    let map = journeymap::load_path(&common::root().join("examples/bank-account-opening.yaml"))
        .map
        .unwrap();
    assert_eq!(map.personas[0].key, "priya");
    assert_eq!(map.personas[2].key, "tomasz");
    let html = journeymap::build(&map).html;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(TOGGLER.as_bytes()));
    let html = html.replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1);
    let html = html.replacen("<head>", &format!("<head>\n<script>{TOGGLER}</script>"), 1);
    let page = out.join("toggle.html");
    std::fs::write(&page, html).unwrap();
    let dump = chromium(
        &binary,
        &profile,
        &[
            "--window-size=1400,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            &format!("file://{}", page.display()),
        ],
    );
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&dump.stdout);
    let result = dom
        .split("<pre id=\"jm-toggle-result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "the toggler did not report: {}",
                String::from_utf8_lossy(&dump.stderr)
            )
        });
    let seen: serde_json::Value = serde_json::from_str(&unescape(result)).unwrap();
    let all = |value: &serde_json::Value, shown: bool| {
        let list = value.as_array().unwrap();
        !list.is_empty() && list.iter().all(|v| v.as_bool() == Some(shown))
    };
    assert!(
        all(&seen["hidden"]["mine"], false),
        "Priya's items stay: {seen}"
    );
    assert!(
        all(&seen["hidden"]["curve"], false),
        "Priya's curve stays: {seen}"
    );
    assert!(
        all(&seen["hidden"]["others"], true),
        "Tomasz's items went: {seen}"
    );
    assert!(
        all(&seen["shown"]["mine"], true),
        "Priya's items do not come back: {seen}"
    );
    assert!(all(&seen["shown"]["curve"], true), "{seen}");
}
