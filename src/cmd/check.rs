//! `journeymap check`: validate maps exactly as `build` would, without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::config::Config;
use super::{Reporter, find_maps};
use crate::date::Date;
use crate::diag::OutputFormat;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap check map.yaml\n  journeymap check maps/ --deny-warnings\n  journeymap check maps/ --format github   # annotations on pull requests\n  journeymap check maps/ --format gitlab > gl-code-quality-report.json\n  journeymap check maps/ --max-age 180d --deny-warnings   # fail on stale maps\n\nFolders skip hidden folders, node_modules, target, and what journeymap.toml or\n.journeymapignore ignores; a YAML file in a folder that holds no map is skipped\nwith a note. --max-age defaults to `max_age` in journeymap.toml.\n\nExit status: 0 when every map is valid, 1 when any map (or the settings) has errors, 2 for a usage error."
)]
pub struct CheckArgs {
    /// Map files, or folders searched recursively for *.yaml and *.yml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print diagnostics
    #[arg(long, value_parser = super::output_format_parser(), default_value = "human")]
    pub format: OutputFormat,
    /// Fail (exit 1) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Warn when a map's `reviewed` date, or its newest survey response, is older
    /// than this many days (`180d`), or when it has no `reviewed` date
    #[arg(long, value_name = "DAYS", value_parser = parse_max_age)]
    pub max_age: Option<i64>,
    /// The date that counts as today for --max-age (YYYY-MM-DD); default
    /// SOURCE_DATE_EPOCH, else the clock
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
}

/// `180d` (or `180`) as 180 days, as `max_age` in journeymap.toml reads it.
fn parse_max_age(text: &str) -> Result<i64, String> {
    super::config::parse_days(text)
        .ok_or_else(|| format!("`{text}` is not a number of days like `180d`"))
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|why| format!("`{text}` is not a date: {why}"))
}

/// The date that counts as today: `--today`, else SOURCE_DATE_EPOCH (so CI builds
/// are reproducible), else the clock.
fn today(given: Option<Date>) -> Result<Date> {
    if let Some(date) = given {
        return Ok(date);
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text.trim().parse::<i64>().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH `{text}` is not a number of seconds")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX)),
    };
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
        .ok_or_else(|| anyhow::anyhow!("the date that counts as today is out of range"))
}

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let mut reporter = Reporter::new(args.format);
    let config = match Config::discover() {
        Ok(config) => config,
        Err(failed) => return Ok(reporter.settings_failed(&failed)),
    };
    // Each map with the folder (or file) it was found from, which its `detail:`
    // links must stay inside.
    let mut jobs = Vec::new();
    let mut found_maps = Vec::new();
    for root in &args.paths {
        let found = find_maps(std::slice::from_ref(root), &config)?;
        for skipped in &found.skipped {
            reporter.report(skipped);
        }
        for path in &found.ignored {
            reporter.note(&format!(
                "skipped `{}`: the settings ignore it",
                path.display()
            ));
        }
        jobs.extend(found.files.iter().map(|path| (path.clone(), root.clone())));
        found_maps.push(found);
    }
    let max_age = args.max_age.or(config.max_age_days);
    // Outputs are measured printed on the paper `build` would use by default.
    let outputs = crate::Outputs::Measure(crate::layout::Paper {
        size: config.paper.unwrap_or_default(),
        ..crate::layout::Paper::default()
    });
    let today = match max_age {
        Some(_) => Some(today(args.today)?),
        None => None,
    };
    let (jobs, mut loaded, _) = super::load_and_link(jobs, &found_maps, &mut reporter, outputs);
    for loaded in &mut loaded {
        if let (Some(max_age), Some(today), Some(map)) = (max_age, today, &loaded.map) {
            let stale = crate::model::staleness::stale(map, today, max_age);
            loaded.diagnostics.extend(stale);
        }
        reporter.report(loaded);
    }
    reporter.summary("checked", jobs.len());
    Ok(reporter.exit_code(args.deny_warnings))
}
