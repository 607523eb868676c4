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

/// The page printed by Chromium has the PDF's pages: as many, each of the paper's
/// size (Chromium follows the page's `@page` size), for a map too wide for one sheet.
#[test]
fn printing_the_page_gives_the_planned_pages() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-print-{}", std::process::id()));
    let text = journeymap::generate::generate(journeymap::generate::GenerateOptions {
        touchpoints: 15,
        personas: 3,
        seed: 7,
    });
    let map = journeymap::load(journeymap::diag::SourceFile::new("wide.yaml", text))
        .map
        .unwrap();
    for paper in ["a3 landscape", "a4 portrait"] {
        let paper: journeymap::layout::Paper = paper.parse().unwrap();
        let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
        let planned = journeymap::layout::pages::plan(
            &map,
            journeymap::layout::TextMeasurer::shared(),
            &layout,
            paper,
        )
        .pages
        .len();
        let name = paper.to_string().replace(' ', "-");
        let page = out.join(format!("wide-{name}.html"));
        std::fs::write(&page, journeymap::build_on(&map, paper).html).unwrap();
        let pdf = out.join(format!("wide-{name}.print.pdf"));
        let printed = chromium(
            &binary,
            &profile,
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                page.to_str().unwrap(),
            ],
        );
        assert!(pdf.exists(), "{}", String::from_utf8_lossy(&printed.stderr));
        let Ok(info) = Command::new("pdfinfo")
            .args(["-f", "1", "-l", "999"])
            .arg(&pdf)
            .output()
        else {
            assert!(
                std::env::var_os("JOURNEYMAP_SKIP_PDFINFO").is_some_and(|v| v == "1"),
                "pdfinfo cannot run: install poppler-utils, or set JOURNEYMAP_SKIP_PDFINFO=1"
            );
            return;
        };
        let info = String::from_utf8_lossy(&info.stdout);
        let sizes: Vec<&str> = info
            .lines()
            .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
            .collect();
        assert_eq!(sizes.len(), planned, "{paper}: {info}");
        let (width, height) = paper.mm();
        for line in sizes {
            let numbers: Vec<f64> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            // "Page 3 size: 1190.55 x 841.89 pts": the page number, then the size.
            let (w, h) = (numbers[1], numbers[2]);
            assert!(
                (w - width / 25.4 * 72.0).abs() < 1.5 && (h - height / 25.4 * 72.0).abs() < 1.5,
                "{paper}: {line}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&profile);
}
