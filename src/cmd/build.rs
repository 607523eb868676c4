//! `journeymap build`: maps to HTML pages and SVG pictures, written atomically.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Map files, or folders searched recursively for *.yaml and *.yml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder (default: next to each map)
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(_args: &BuildArgs) -> Result<ExitCode> {
    anyhow::bail!("not built yet")
}
