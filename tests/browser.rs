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

/// Runs first in the page and reports what it saw in a `<pre>` that `--dump-dom`
/// prints (or, in a frame, to the page around it): console errors, CSP violations,
/// network requests, overflowing elements, the page's geometry, and axe-core's
/// accessibility violations.
const CHECKER: &str = r#"(function () {
  var seen = { errors: [], violations: [], resources: [], overflow: [], axe: null, width: 0, dark: false, sticky: null, phone: null };
  window.addEventListener("error", function (e) { seen.errors.push(String(e.message)); });
  var original = console.error;
  console.error = function () { seen.errors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
  document.addEventListener("securitypolicyviolation", function (e) { seen.violations.push(e.violatedDirective + " " + e.blockedURI); });
  function describe(el) { return el.tagName.toLowerCase() + "." + String(el.className.baseVal === undefined ? el.className : el.className.baseVal) + " " + JSON.stringify((el.textContent || "").slice(0, 60)); }
  function box(el) { var b = el.getBoundingClientRect(); return { left: Math.round(b.left), top: Math.round(b.top), right: Math.round(b.right), bottom: Math.round(b.bottom), width: Math.round(b.width) }; }
  function report() {
    var pre = document.createElement("pre");
    pre.id = "jm-check-result";
    pre.textContent = JSON.stringify(seen);
    document.body.appendChild(pre);
    if (window.parent !== window) { window.parent.postMessage(JSON.stringify(seen), "*"); }
  }
  // Scrolls the map box right and down, then asks where the stage header, a lane
  // label and the box are: sticky parts stay at the box's edges.
  function sticky() {
    var scroller = document.querySelector(".jm-scroll");
    var stage = document.querySelector(".jm-stage");
    var label = document.querySelector(".jm-grid > .jm-lane-label");
    if (!scroller || !stage || !label) { return null; }
    scroller.scrollIntoView();
    scroller.scrollLeft = 700; scroller.scrollTop = 150;
    var result = { box: box(scroller), stage: box(stage), label: box(label), scrolled: [scroller.scrollLeft, scroller.scrollTop], viewport: window.innerHeight };
    scroller.scrollLeft = 0; scroller.scrollTop = 0; window.scrollTo(0, 0);
    return result;
  }
  // On a phone: the page never scrolls sideways, and each touchpoint's cards come
  // right after it, before the next touchpoint.
  function phone() {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".jm-touchpoint"));
    var grouped = Array.prototype.slice.call(document.querySelectorAll(".jm-cell[role=group]")).every(function (cell) {
      var owner = document.getElementById("tp-" + cell.getAttribute("aria-labelledby").split(" ")[1].slice(4));
      var next = cards[cards.indexOf(owner) + 1];
      var top = cell.getBoundingClientRect().top;
      return top > owner.getBoundingClientRect().top && (!next || top < next.getBoundingClientRect().top);
    });
    return { page_width: document.documentElement.scrollWidth, narrowest_card: Math.min.apply(null, cards.map(function (c) { return Math.round(c.getBoundingClientRect().width); })), grouped: grouped };
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      seen.width = window.innerWidth;
      seen.dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
      seen.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
      document.querySelectorAll("body *").forEach(function (el) {
        // SVG internals are checked by the layout tests; .jm-sr is visually hidden on purpose.
        if (el.closest("svg") || el.id === "jm-tip" || el.classList.contains("jm-sr")) { return; }
        var style = getComputedStyle(el);
        if (style.display === "none" || style.overflowX === "auto" || style.overflowX === "scroll") { return; }
        if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) { seen.overflow.push(describe(el)); }
        if (el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1) { seen.overflow.push(describe(el)); }
      });
      seen.sticky = window.innerWidth > 640 ? sticky() : null;
      seen.phone = window.innerWidth <= 640 ? phone() : null;
      // The scores table is checked open, as a reader who opens it sees it.
      document.querySelectorAll("details").forEach(function (d) { d.open = true; });
      if (!window.axe) { seen.axe = ["axe-core did not load"]; report(); return; }
      window.axe.run(document, { resultTypes: ["violations"] }).then(function (results) {
        seen.axe = results.violations.map(function (v) {
          return v.id + " (" + v.impact + "): " + v.help + " at " + v.nodes.slice(0, 3).map(function (n) { return n.target.join(" "); }).join(", ");
        });
        report();
      }, function (e) { seen.axe = ["axe-core failed: " + e]; report(); });
    }, 200);
  });
})();"#;

/// axe-core (MPL-2.0, tests/vendor/axe-core/README.md), inlined into each checked
/// page: the audit runs with no network.
const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// Around a page in a frame 390 px wide (headless Chromium's windows are at least
/// 500 px wide): prints what the checker in the frame posts.
const PHONE_FRAME: &str = r#"<!doctype html><meta charset="utf-8"><body style="margin:0"><iframe src="PAGE" width="390" height="844" style="border:0;display:block"></iframe><script>window.addEventListener("message", function (e) { var pre = document.createElement("pre"); pre.id = "jm-check-result"; pre.textContent = e.data; document.body.appendChild(pre); });</script>"#;

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

fn script_hash(script: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
    format!("'sha256-{hash}'")
}

/// The page with axe-core and the checker inserted first, both allowed by the
/// page's own CSP.
fn with_checker(html: &str) -> String {
    let allowed = format!("script-src {} {} ", script_hash(AXE), script_hash(CHECKER));
    let html = html.replacen("script-src ", &allowed, 1);
    html.replacen(
        "<head>",
        &format!("<head>\n<script>{AXE}</script>\n<script>{CHECKER}</script>"),
        1,
    )
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

/// How a page is looked at.
#[derive(Clone, Copy, Debug, PartialEq)]
enum View {
    Desktop,
    Dark,
    /// In a frame 390 px wide, as on a phone.
    Phone,
}

impl View {
    const ALL: [View; 3] = [View::Desktop, View::Dark, View::Phone];

    fn suffix(self) -> &'static str {
        match self {
            View::Desktop => "",
            View::Dark => "-dark",
            View::Phone => "-phone",
        }
    }

    fn args(self) -> Vec<&'static str> {
        match self {
            View::Desktop => vec!["--window-size=1440,900"],
            View::Dark => vec!["--window-size=1440,900", "--force-dark-mode"],
            View::Phone => vec!["--window-size=500,844"],
        }
    }
}

/// The maps the browser test opens: the examples, the data-backed example and a
/// right-to-left map.
fn maps() -> Vec<PathBuf> {
    let mut maps = common::examples();
    maps.push(common::root().join("examples/data-backed/checkout.yaml"));
    maps.push(common::root().join("tests/fixtures/arabic.yaml"));
    maps
}

/// Opens `page` (with the checker) in `view` and returns what the checker saw.
fn check(
    binary: &Path,
    profile: &Path,
    out: &Path,
    name: &str,
    page: &Path,
    view: View,
) -> serde_json::Value {
    let target = match view {
        View::Phone => {
            let frame = out.join(format!("{name}.phone-frame.html"));
            let src = page.file_name().unwrap().to_string_lossy();
            std::fs::write(&frame, PHONE_FRAME.replace("PAGE", &src)).unwrap();
            frame
        }
        _ => page.to_path_buf(),
    };
    let mut args = view.args();
    let url = format!("file://{}", target.display());
    args.extend(["--virtual-time-budget=30000", "--dump-dom", url.as_str()]);
    let dump = chromium(binary, profile, &args);
    let dom = String::from_utf8_lossy(&dump.stdout);
    let result = dom
        .split("<pre id=\"jm-check-result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "{name} ({view:?}): the checker did not report; chromium said:\n{}",
                String::from_utf8_lossy(&dump.stderr)
            )
        });
    serde_json::from_str(&unescape(result)).unwrap()
}

/// Each page in each view: no console error, CSP violation, network request or
/// overflowing element, and no axe-core violation (contrast included, in light and
/// dark). On a desktop the stage headers and lane labels stay at the map box's
/// edges while it scrolls, and the box fits the window (its scrollbar in view);
/// on a phone nothing scrolls sideways and each touchpoint's cards follow it.
#[test]
fn example_pages_are_clean_and_accessible_in_chromium() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-{}", std::process::id()));
    let mut scrolled_sideways = 0;
    for path in maps() {
        let name = common::stem(&path);
        let map = journeymap::load_path(&path).map.unwrap();
        let html = journeymap::build(&map).html;
        let page = out.join(format!("{name}.html"));
        std::fs::write(&page, &html).unwrap();
        let checked = out.join(format!("{name}.checked.html"));
        std::fs::write(&checked, with_checker(&html)).unwrap();

        for view in View::ALL {
            let seen = check(&binary, &profile, &out, &name, &checked, view);
            let empty = serde_json::json!([]);
            assert_eq!(seen["errors"], empty, "{name} ({view:?}): console errors");
            assert_eq!(
                seen["violations"], empty,
                "{name} ({view:?}): CSP violations"
            );
            assert_eq!(
                seen["resources"], empty,
                "{name} ({view:?}): network requests"
            );
            assert_eq!(
                seen["overflow"], empty,
                "{name} ({view:?}): overflowing elements"
            );
            assert_eq!(seen["axe"], empty, "{name} ({view:?}): axe-core violations");
            assert_eq!(
                seen["dark"],
                view == View::Dark,
                "{name} ({view:?}): colour scheme"
            );
            if view == View::Phone {
                assert_eq!(seen["width"], 390, "{name}: phone width");
                let phone = &seen["phone"];
                assert!(
                    phone["page_width"].as_u64().unwrap() <= 390,
                    "{name}: the phone page scrolls sideways: {phone}"
                );
                assert!(
                    phone["narrowest_card"].as_u64().unwrap() >= 300,
                    "{name}: cramped cards on a phone: {phone}"
                );
                assert_eq!(
                    phone["grouped"], true,
                    "{name}: a cell is not under its touchpoint on a phone"
                );
            } else {
                assert_eq!(seen["width"], 1440, "{name}: desktop width");
                let sticky = &seen["sticky"];
                let at = |part: &str, edge: &str| sticky[part][edge].as_i64().unwrap();
                assert!(
                    at("box", "bottom") <= sticky["viewport"].as_i64().unwrap(),
                    "{name}: the map's scrollbar is below the fold: {sticky}"
                );
                assert_eq!(
                    at("label", "left"),
                    at("box", "left"),
                    "{name}: lane labels scroll away: {sticky}"
                );
                if sticky["scrolled"][1].as_i64().unwrap() > 0 {
                    assert_eq!(
                        at("stage", "top"),
                        at("box", "top"),
                        "{name}: stage headers scroll away: {sticky}"
                    );
                }
                if sticky["scrolled"][0].as_i64().unwrap() > 0 {
                    scrolled_sideways += 1;
                }
            }
        }

        for view in View::ALL {
            let shot = out.join(format!("{name}{}.png", view.suffix()));
            let _ = std::fs::remove_file(&shot);
            let target = match view {
                View::Phone => out.join(format!("{name}.phone-frame.html")),
                _ => page.clone(),
            };
            if view == View::Phone {
                // The frame shows the page without the checker.
                let frame = PHONE_FRAME.replace("PAGE", &format!("{name}.html"));
                std::fs::write(&target, frame).unwrap();
            }
            let mut args = view.args();
            let screenshot = format!("--screenshot={}", shot.display());
            let url = format!("file://{}", target.display());
            args.extend([screenshot.as_str(), url.as_str()]);
            chromium(&binary, &profile, &args);
            assert!(
                std::fs::metadata(&shot)
                    .map(|m| m.len() > 10_000)
                    .unwrap_or(false),
                "{name}: no screenshot {}",
                shot.display()
            );
            eprintln!("screenshot: {}", shot.display());
        }
    }
    assert!(
        scrolled_sideways > 0,
        "no map was wide enough to check the sticky labels while scrolling"
    );
    let _ = std::fs::remove_dir_all(&profile);
}

/// Printing shows the whole map: every touchpoint, pain point and opportunity of
/// each example is in the text of the PDF Chromium prints, so nothing the screen
/// layout scrolls (the map box, its sticky headers) is cut off on paper.
#[test]
fn printed_pages_show_every_card() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile =
        std::env::temp_dir().join(format!("jm-chromium-printed-text-{}", std::process::id()));
    let squeeze = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    // The examples only: pdftotext gives Arabic in visual order and presentation
    // forms, so the Arabic map's text cannot be compared this way.
    for path in common::examples() {
        let name = common::stem(&path);
        let map = journeymap::load_path(&path).map.unwrap();
        let page = out.join(format!("{name}.print.html"));
        std::fs::write(&page, journeymap::build(&map).html).unwrap();
        let pdf = out.join(format!("{name}.print.pdf"));
        let _ = std::fs::remove_file(&pdf);
        chromium(
            &binary,
            &profile,
            &[
                "--no-pdf-header-footer",
                &format!("--print-to-pdf={}", pdf.display()),
                &format!("file://{}", page.display()),
            ],
        );
        let text = Command::new("pdftotext")
            .args(["-raw", &pdf.display().to_string(), "-"])
            .output()
            .expect("pdftotext (apt-get install poppler-utils) reads the printed PDF");
        assert!(
            text.status.success(),
            "{name}: pdftotext failed on {}",
            pdf.display()
        );
        let printed = squeeze(&String::from_utf8_lossy(&text.stdout));
        // What is printed is what `build` draws: the future state, where there is one.
        for tp in &map.drawn().touchpoints {
            let items = tp.pain_points.iter().chain(&tp.opportunities);
            for shown in std::iter::once(&tp.name).chain(items.map(|item| &item.text)) {
                assert!(
                    printed.contains(&squeeze(shown)),
                    "{name}: {shown:?} of touchpoint `{}` is not on the printed page ({})",
                    tp.key,
                    pdf.display()
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&profile);
}

/// The audit can fail: a page with an image without `alt` text and a button
/// without a name gets axe-core violations from the same checker.
#[test]
fn the_axe_audit_reports_violations() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-axe-{}", std::process::id()));
    let broken = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none'; img-src data:\"><title>Broken</title></head><body><main><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><button></button></main></body></html>";
    let page = out.join("axe-broken.checked.html");
    std::fs::write(&page, with_checker(broken)).unwrap();
    let seen = check(&binary, &profile, &out, "axe-broken", &page, View::Desktop);
    let found: Vec<String> = seen["axe"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().split(' ').next().unwrap().to_owned())
        .collect();
    assert!(found.contains(&"image-alt".to_owned()), "{found:?}");
    assert!(found.contains(&"button-name".to_owned()), "{found:?}");
    let _ = std::fs::remove_dir_all(&profile);
}

/// What the reload script of a live page saved before reloading (window x and y,
/// map box left and top), put in place before the page loads; then reports where
/// the page is.
const SAVED_SCROLL: &str = r#"(function () {
  sessionStorage.setItem("jm-scroll " + location.pathname, JSON.stringify([0, 120, 600, 40]));
  window.addEventListener("load", function () {
    setTimeout(function () {
      var box = document.querySelector(".jm-scroll");
      var pre = document.createElement("pre");
      pre.id = "jm-check-result";
      pre.textContent = JSON.stringify([Math.round(window.scrollY), box.scrollLeft, box.scrollTop, sessionStorage.length]);
      document.body.appendChild(pre);
    }, 200);
  });
})();"#;

/// `serve`'s reload keeps the reader's place: a live page opened after a reload
/// scrolls the window and the map box back to where they were (and forgets the
/// saved place, so a later visit starts at the top).
#[test]
fn a_live_reload_restores_the_scroll_position() {
    let Some(binary) = find_chromium() else {
        skip_or_fail();
        return;
    };
    let out = common::root().join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    let profile = std::env::temp_dir().join(format!("jm-chromium-live-{}", std::process::id()));
    let map = journeymap::load_path(&common::root().join("examples/retail-laptop.yaml"))
        .map
        .unwrap();
    let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
    let live = journeymap::render::html::LiveOptions {
        generation: 1,
        errors: None,
    };
    let html =
        journeymap::render::html::render_page(&map, &layout, Some(&live), &Default::default());
    let allowed = format!("script-src {} ", script_hash(SAVED_SCROLL));
    let html = html.replacen("script-src ", &allowed, 1).replacen(
        "<head>",
        &format!("<head>\n<script>{SAVED_SCROLL}</script>"),
        1,
    );
    let page = out.join("live-scroll.html");
    std::fs::write(&page, html).unwrap();
    let dump = chromium(
        &binary,
        &profile,
        &[
            "--window-size=1440,900",
            "--virtual-time-budget=3000",
            "--dump-dom",
            &format!("file://{}", page.display()),
        ],
    );
    let dom = String::from_utf8_lossy(&dump.stdout);
    let result = dom
        .split("<pre id=\"jm-check-result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .expect("the page reported its scroll position");
    assert_eq!(
        result, "[120,600,40,0]",
        "window y, box left, box top, saved places left"
    );
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
        blueprint: false,
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
