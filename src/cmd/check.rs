//! `journeymap check`: validate maps exactly as `build` would, without writing anything.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{Reporter, find_maps};
use crate::diag::OutputFormat;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap check map.yaml\n  journeymap check maps/ --deny-warnings\n  journeymap check maps/ --format github   # annotations on pull requests\n\nExit status: 0 when every map is valid, 1 when any map has errors, 2 for a usage error."
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
    // Each map with the folder (or file) it was found from, which its `detail:`
    // links must stay inside.
    let mut jobs = Vec::new();
    for root in &args.paths {
        let found = find_maps(std::slice::from_ref(root))?;
        for skipped in &found.skipped {
            reporter.report(skipped);
        }
        jobs.extend(found.files.into_iter().map(|path| (path, root.clone())));
    }
    let mut loaded: Vec<crate::Loaded> = jobs
        .iter()
        .map(|(path, _)| crate::load_path(path))
        .collect();
    super::links::check(&jobs, &mut loaded);
    for loaded in &loaded {
        reporter.report(loaded);
    }
    reporter.summary("checked", jobs.len());
    Ok(reporter.exit_code(args.deny_warnings))
}
