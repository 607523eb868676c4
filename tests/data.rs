//! Data-backed maps: survey, funnel and evidence files beside a map (issue 12).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::{journeymap, root, temp_dir};
use journeymap::model::ScoreSource;

/// A map whose `data:` names `survey.csv`, `funnel.csv` and `evidence.csv` in `dir`.
const MAP: &str = "title: Checkout
personas:
  maya: { name: Maya }
  tom: { name: Tom }
data:
  survey: { file: survey.csv, touchpoint: step, persona: segment, score: q3, scale: 1..7, date: at }
  funnel: funnel.csv
  evidence: evidence.csv
touchpoints:
  - id: pay
    stage: decision
    name: Pays
    emotion: survey
    evidence: [E1]
    expect:
      conversion: \">= 50%\"
  - id: confirm
    stage: decision
    name: Confirms
    emotion: { maya: 2, tom: 4 }
";

const FUNNEL: &str = "touchpoint,entered,completed\npay,1204,650\nconfirm,650,640\n";
const EVIDENCE: &str = "id,touchpoint,kind,quote,source,date,participant\nE1,pay,interview,\"Was it paid?\",Round 3,2026-09-05,P-SECRET-07\n";

fn survey(rows: &[(&str, &str, &str)]) -> String {
    let mut text = "at,step,segment,q3\n".to_owned();
    for (step, segment, answer) in rows {
        text.push_str(&format!("2026-09-01,{step},{segment},{answer}\n"));
    }
    text
}

/// Writes the map and its files into a fresh folder.
fn folder(name: &str, map: &str, survey: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("map.yaml"), map).unwrap();
    std::fs::write(dir.join("survey.csv"), survey).unwrap();
    std::fs::write(dir.join("funnel.csv"), FUNNEL).unwrap();
    std::fs::write(dir.join("evidence.csv"), EVIDENCE).unwrap();
    dir
}

fn five_each() -> String {
    let mut rows = Vec::new();
    for answer in ["7", "7", "4", "4", "1"] {
        rows.push(("pay", "maya", answer));
        rows.push(("pay", "tom", "4"));
    }
    survey(&rows)
}

fn stderr(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = journeymap(args, dir);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn survey_scores_are_means_on_the_map_scale_with_n_and_an_interval() {
    let dir = folder("means", MAP, &five_each());
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let map = loaded.map.unwrap();
    let pay = &map.touchpoints[0];
    // maya: 7,7,4,4,1 mean 4.6 on 1..7 -> 1 + 3.6/6*4 = 3.4 on 1..5.
    assert!((pay.emotions[0].1 - 3.4).abs() < 1e-9, "{:?}", pay.emotions);
    // tom: all 4 -> 3, with no spread.
    assert!((pay.emotions[1].1 - 3.0).abs() < 1e-9);
    match pay.sources[0] {
        ScoreSource::Survey { n, low, high } => {
            assert_eq!(n, 5);
            assert!(low < 3.4 && high > 3.4 && low >= 1.0 && high <= 5.0);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        pay.sources[1],
        ScoreSource::Survey {
            n: 5,
            low: 3.0,
            high: 3.0
        }
    );
    // Hand-typed, no evidence: assumptions.
    assert_eq!(map.touchpoints[1].sources, vec![ScoreSource::Assumed; 2]);
    let backing = map.backing.as_ref().unwrap();
    assert_eq!(
        (
            backing.backed,
            backing.scores,
            backing.responses,
            backing.interviews
        ),
        (2, 4, 10, 1)
    );
    // The evidence row reaches the touchpoint without its participant.
    assert_eq!(pay.evidence[0].quote, "Was it paid?");
    let page = journeymap::build(&map);
    assert!(!page.html.contains("P-SECRET-07") && !page.svg.contains("P-SECRET-07"));
    assert!(
        page.svg
            .contains("2 of 4 scores backed by data (10 survey responses, 1 interview)")
    );
    assert!(
        page.html
            .contains("2 of 4 scores backed by data (10 survey responses, 1 interview)")
    );
    assert!(page.svg.contains(">n=5<"), "a count at each survey point");
    assert!(
        page.svg.contains("jm-assumed"),
        "assumed stretches drawn apart"
    );
    assert!(page.svg.contains("Conversion: 54% (650 of 1,204)"));
}

#[test]
fn fewer_responses_than_the_threshold_are_too_few_not_a_score() {
    let rows = survey(&[
        ("pay", "maya", "7"),
        ("pay", "tom", "4"),
        ("pay", "tom", "4"),
    ]);
    let dir = folder("too-few", MAP, &rows);
    let map = journeymap::load_path(&dir.join("map.yaml")).map.unwrap();
    let pay = &map.touchpoints[0];
    assert!(pay.emotions.is_empty());
    assert_eq!(pay.too_few.len(), 2);
    assert_eq!(pay.too_few[1].1, 2);
    let svg = journeymap::build(&map).svg;
    assert!(svg.contains("Tom: too few (n=2)"), "shown as too few");

    // The threshold is the map's to set.
    let lower = MAP.replace("date: at }", "date: at, min_responses: 1 }");
    let dir = folder("threshold", &lower, &rows);
    let map = journeymap::load_path(&dir.join("map.yaml")).map.unwrap();
    assert_eq!(map.touchpoints[0].emotions.len(), 2);
}

#[test]
fn every_problem_in_the_csv_is_reported_at_its_line_and_column() {
    let rows = "at,step,segment,q3\n2026-09-01,pya,maya,4\n2026-09-01,pay,mya,4\n2026-09-01,pay,maya,9\n2026-13-01,pay,maya,4\n2026-09-01,pay,maya,lots\n";
    let dir = folder("csv-errors", MAP, rows);
    let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
    assert!(!ok);
    for expected in [
        "unknown touchpoint `pya` in `survey.csv`",
        "did you mean `pay`?",
        "survey.csv:2:12",
        "unknown persona `mya`",
        "survey.csv:3:16",
        "answer 9 in `survey.csv` is outside the survey's scale 1..7",
        "survey.csv:4:21",
        "`2026-13-01` in `survey.csv` is not a date",
        "survey.csv:5:1",
        "answer `lots` in `survey.csv` is not a number",
        "survey.csv:6:21",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn missing_columns_are_listed_with_suggestions() {
    let dir = folder("columns", MAP, "when,stepp,segment\n");
    let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
    assert!(!ok);
    assert!(
        err.contains("`survey.csv` has no columns `step` (did you mean `stepp`?), `q3`, `at`"),
        "{err}"
    );
    assert!(err.contains("survey.csv:1:1"), "{err}");
}

#[test]
fn unknown_evidence_ids_and_broken_claims_are_errors_at_their_lines() {
    let map = MAP
        .replace("evidence: [E1]", "evidence: [E11]")
        .replace(">= 50%", ">= 60%");
    let dir = folder("claims", &map, &five_each());
    let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
    assert!(!ok);
    assert!(
        err.contains("unknown evidence `E11` in touchpoint `pay`"),
        "{err}"
    );
    assert!(err.contains("did you mean `E1`?"), "{err}");
    assert!(err.contains("map.yaml:14:16"), "{err}");
    assert!(
        err.contains("conversion at `pay` is 54% (n=1,204), expected >= 60%"),
        "{err}"
    );
    assert!(err.contains("map.yaml:16:19"), "{err}");
}

#[test]
fn paths_leaving_the_map_folder_are_refused() {
    let dir = folder("paths", MAP, &five_each());
    let outside = temp_dir("paths-outside");
    std::fs::write(outside.join("secret.csv"), "touchpoint,entered,completed\n").unwrap();
    let cases = [
        "../jm-test-paths-outside-x/secret.csv".to_owned(),
        outside.join("secret.csv").display().to_string(),
    ];
    for path in cases {
        let map = MAP.replace("funnel: funnel.csv", &format!("funnel: \"{path}\""));
        std::fs::write(dir.join("map.yaml"), map).unwrap();
        let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
        assert!(!ok, "{path}");
        assert!(
            err.contains("data-path") || err.contains("data-file"),
            "{path}: {err}"
        );
    }
    let climbing = format!(
        "../{}/secret.csv",
        outside.file_name().unwrap().to_string_lossy()
    );
    let map = MAP.replace("funnel: funnel.csv", &format!("funnel: \"{climbing}\""));
    std::fs::write(dir.join("map.yaml"), map).unwrap();
    let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
    assert!(
        !ok && err.contains("leads outside the map's folder"),
        "{err}"
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("secret.csv"), dir.join("link.csv")).unwrap();
        let map = MAP.replace("funnel: funnel.csv", "funnel: link.csv");
        std::fs::write(dir.join("map.yaml"), map).unwrap();
        let (ok, err) = stderr(&dir, &["check", "map.yaml"]);
        assert!(
            !ok && err.contains("leads outside the map's folder"),
            "{err}"
        );
    }
}

#[test]
fn hostile_exports_neither_crash_nor_skew_a_score() {
    // BOM, CRLF, a quoted multi-line cell, semicolons with decimal commas, empty
    // answers: maya's answers are still 7, 4 and 1 (mean 4), tom's 4, 4 and 4.
    let text = "\u{feff}at;step;segment;q3;comment\r\n\
        2026-09-01;pay;maya;7;\"two\r\nlines; and a ; inside\"\r\n\
        2026-09-01;pay;maya;4,0;\r\n\
        2026-09-01;pay;maya;1;\r\n\
        2026-09-01;pay;maya;;skipped\r\n\
        \r\n\
        2026-09-01;pay;tom;4;\r\n2026-09-01;pay;tom;4;\r\n2026-09-01;pay;tom;4;\r\n";
    let map = MAP.replace("date: at }", "date: at, min_responses: 3 }");
    let dir = folder("hostile", &map, text);
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    assert!(
        !loaded.has_errors(),
        "{:?}",
        loaded
            .data_reports
            .iter()
            .map(|r| &r.diagnostics)
            .collect::<Vec<_>>()
    );
    let map = loaded.map.unwrap();
    // Mean 4 on 1..7 is 3 on 1..5, for both.
    assert_eq!(
        map.touchpoints[0]
            .emotions
            .iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        vec![3.0, 3.0]
    );
    assert_eq!(map.backing.unwrap().responses, 6);

    // Not CSV at all: an error, not a panic, and no map.
    for junk in [
        &b"\x00\x01\x02PNG"[..],
        &b"\xff\xfe\xfd\n\xff,\xfe\n"[..],
        b"",
    ] {
        let dir = folder("junk", MAP, "");
        std::fs::write(dir.join("survey.csv"), junk).unwrap();
        let loaded = journeymap::load_path(&dir.join("map.yaml"));
        assert!(loaded.has_errors() && loaded.map.is_none());
    }
}

#[test]
fn many_rows_for_one_touchpoint_aggregate_exactly() {
    let mut text = String::from("at,step,segment,q3\n");
    for i in 0..200_000 {
        let answer = if i % 2 == 0 { 7 } else { 1 };
        text.push_str(&format!(
            "2026-09-01,pay,maya,{answer}\n2026-09-01,pay,tom,4\n"
        ));
    }
    let dir = folder("many", MAP, &text);
    let map = journeymap::load_path(&dir.join("map.yaml")).map.unwrap();
    assert_eq!(
        map.touchpoints[0]
            .emotions
            .iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        vec![3.0, 3.0]
    );
}

#[test]
fn max_age_warns_on_old_or_missing_review_dates_and_old_survey_rows() {
    let dir = folder("stale", MAP, &five_each());
    let (ok, err) = stderr(
        &dir,
        &[
            "check",
            "map.yaml",
            "--max-age",
            "180d",
            "--today",
            "2027-06-01",
            "--deny-warnings",
        ],
    );
    assert!(!ok);
    assert!(err.contains("the map has no `reviewed:` date"), "{err}");
    assert!(
        err.contains("the newest survey response is from 2026-09-01, 273 days before 2027-06-01"),
        "{err}"
    );
    let reviewed = format!("reviewed: 2027-05-01\n{MAP}");
    std::fs::write(dir.join("map.yaml"), reviewed).unwrap();
    let (ok, err) = stderr(
        &dir,
        &[
            "check",
            "map.yaml",
            "--max-age",
            "300d",
            "--today",
            "2027-06-01",
            "--deny-warnings",
        ],
    );
    assert!(ok, "{err}");
    // Too old: the warning points at the `reviewed:` line; a missing one at the
    // top of the file.
    let (ok, err) = stderr(
        &dir,
        &[
            "check",
            "map.yaml",
            "--max-age",
            "10d",
            "--today",
            "2027-06-01",
        ],
    );
    assert!(ok, "{err}");
    assert!(err.contains("last reviewed on 2027-05-01"), "{err}");
    assert!(err.contains("map.yaml:1:11"), "{err}");
    std::fs::write(dir.join("map.yaml"), MAP).unwrap();
    let (_, err) = stderr(
        &dir,
        &[
            "check",
            "map.yaml",
            "--max-age",
            "10d",
            "--today",
            "2027-06-01",
        ],
    );
    assert!(err.contains("map.yaml:1:1"), "{err}");
    std::fs::write(dir.join("map.yaml"), format!("reviewed: 2027-05-01\n{MAP}")).unwrap();
    // Without --today, SOURCE_DATE_EPOCH counts (2026-09-02 here): nothing is stale.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_journeymap"))
        .args(["check", "map.yaml", "--max-age", "1d", "--deny-warnings"])
        .current_dir(&dir)
        .env("SOURCE_DATE_EPOCH", "1788307200")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_data_backed_example_checks_clean() {
    let example = root().join("examples/data-backed/checkout.yaml");
    let loaded = journeymap::load_path(&example);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    assert!(loaded.map.unwrap().backing.is_some());
}

#[test]
fn a_whole_map_reports_at_most_a_capped_number_of_data_problems() {
    // Three hostile files, a thousand bad rows each: answers that are no number,
    // a thousand distinct unknown touchpoints, evidence of no known kind.
    let mut bad_survey = String::from("at,step,segment,q3\n");
    let mut bad_funnel = String::from("touchpoint,entered,completed\n");
    let mut bad_evidence = String::from("id,touchpoint,kind,quote,source,date\n");
    for i in 0..1000 {
        bad_survey.push_str("2026-09-01,pay,maya,lots\n");
        bad_funnel.push_str(&format!("nowhere-{i},10,5\n"));
        bad_evidence.push_str(&format!("E{i},pay,rumour,Heard it,Hallway,2026-09-01\n"));
    }
    let dir = folder("capped", MAP, &bad_survey);
    std::fs::write(dir.join("funnel.csv"), bad_funnel).unwrap();
    std::fs::write(dir.join("evidence.csv"), bad_evidence).unwrap();
    let loaded = journeymap::load_path(&dir.join("map.yaml"));
    let shown: Vec<(&str, Vec<&str>)> = loaded
        .data_reports
        .iter()
        .map(|r| {
            (
                r.file.name.as_str(),
                r.diagnostics.iter().map(|d| d.code).collect(),
            )
        })
        .collect();
    let problems: usize = shown
        .iter()
        .map(|(_, codes)| codes.iter().filter(|c| **c != "too-many-problems").count())
        .sum();
    assert_eq!(
        problems,
        journeymap::data::MAX_PROBLEMS_PER_MAP,
        "{shown:?}"
    );
    // Each file ends with the count of what it does not show: the survey's 900
    // past its own cap, the funnel's one line for ids past those kept, all of the
    // evidence's thousand.
    let last = |file: &str| {
        let report = loaded
            .data_reports
            .iter()
            .find(|r| r.file.name == file)
            .unwrap();
        report.diagnostics.last().unwrap().message.clone()
    };
    assert_eq!(
        last("survey.csv"),
        "`survey.csv` has 900 more problems not shown"
    );
    assert_eq!(
        last("funnel.csv"),
        "`funnel.csv` has 1 more problem not shown"
    );
    assert_eq!(
        last("evidence.csv"),
        "`evidence.csv` has 1,000 more problems not shown"
    );
    // What `check --format json` prints is as short.
    let out = journeymap(&["check", "map.yaml", "--format", "json"], &dir);
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(
        lines <= journeymap::data::MAX_PROBLEMS_PER_MAP + 10,
        "{lines} lines"
    );
}

#[test]
fn response_counts_overlap_no_face_whisker_mark_or_other_label() {
    use journeymap::layout::curve::{face_box, whisker_box};
    let example = root().join("examples/data-backed/checkout.yaml");
    let map = journeymap::load_path(&example).map.unwrap();
    let layout = journeymap::layout::layout(&map, journeymap::layout::TextMeasurer::shared());
    let curve = layout.curve.unwrap();
    let points: Vec<_> = curve.curves.iter().flat_map(|c| &c.points).collect();
    let mut marks = Vec::new();
    for point in &points {
        marks.push(("face", face_box(point.at)));
        if let Some(whisker) = point.backing.as_ref().and_then(|b| b.whisker) {
            marks.push(("whisker", whisker_box(whisker)));
        }
    }
    for mark in &curve.too_few {
        marks.push(("too-few label", mark.label_box));
    }
    let labels: Vec<_> = points
        .iter()
        .filter_map(|p| Some((p, p.backing.as_ref()?.responses_box?)))
        .collect();
    // The first touchpoint has its two personas a few pixels apart: the case that
    // printed one's count over the other's face.
    assert!(labels.len() >= 8, "{} labels", labels.len());
    for (i, (point, label)) in labels.iter().enumerate() {
        for (what, mark) in &marks {
            assert!(
                !label.overlaps(mark),
                "n= of {} at {} overlaps a {what}: {label:?} {mark:?}",
                point.persona_key,
                point.touchpoint_key
            );
        }
        for (other, other_label) in &labels[i + 1..] {
            assert!(
                !label.overlaps(other_label),
                "n= of {} and {} at {} overlap",
                point.persona_key,
                other.persona_key,
                point.touchpoint_key
            );
        }
        assert!(
            label.y >= curve.high_band.y && label.bottom() <= curve.low_band.bottom(),
            "n= of {} at {} leaves the lane",
            point.persona_key,
            point.touchpoint_key
        );
    }
}

#[test]
fn the_site_index_lists_owner_review_date_and_backed_scores_on_rows_of_their_own() {
    let out = temp_dir("index-site");
    let built = journeymap(
        &[
            "build",
            root().join("examples/data-backed").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &out,
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for row in [
        "<dt>Owner</dt><dd>Checkout squad</dd>\n",
        "<dt>Reviewed</dt><dd>2026-10-14</dd>\n",
        "<dt>Scores</dt><dd>8 of 10 scores backed by data (935 survey responses, 3 interviews)</dd>\n",
    ] {
        assert!(index.contains(row), "{row} in {index}");
    }
}
