//! `journeymap check`: validate maps exactly as `build` would, without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::config::Config;
use super::{Reporter, find_maps};
use crate::diag::OutputFormat;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap check map.yaml\n  journeymap check maps/ --deny-warnings\n  journeymap check maps/ --format github   # annotations on pull requests\n  journeymap check maps/ --format gitlab > gl-code-quality-report.json\n\nFolders skip hidden folders, node_modules, target, and what journeymap.toml or\n.journeymapignore ignores; a YAML file in a folder that holds no map is skipped\nwith a note.\n\nExit status: 0 when every map is valid, 1 when any map (or the settings) has errors, 2 for a usage error."
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
}

pub fn run(args: &CheckArgs) -> Result<ExitCode> {
    let mut reporter = Reporter::new(args.format);
    let config = match Config::discover() {
        Ok(config) => config,
        Err(failed) => return Ok(reporter.settings_failed(&failed)),
    };
    let found = find_maps(&args.paths, &config)?;
    for skipped in &found.skipped {
        reporter.report(skipped);
    }
    for path in &found.ignored {
        reporter.note(&format!(
            "skipped `{}`: the settings ignore it",
            path.display()
        ));
    }
    let mut checked = 0;
    for path in &found.files {
        let loaded = crate::load_path(path);
        match found.not_a_map_note(path, &loaded) {
            Some(note) => reporter.note(&note),
            None => {
                reporter.report(&loaded);
                checked += 1;
            }
        }
    }
    reporter.summary("checked", checked);
    Ok(reporter.exit_code(args.deny_warnings))
}
