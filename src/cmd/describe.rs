//! `journeymap describe MAP`: the map's facts (personas' lowest points and steepest
//! falls, pain points by stage, opportunities, owner) as Markdown or versioned JSON,
//! for scripts, AI assistants and screen-reader summaries.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{EXIT_INVALID, EXIT_OK, Reporter};
use crate::diag::OutputFormat;

/// What `describe` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DescribeFormat {
    /// Headings and lists, for people and screen readers
    Markdown,
    /// A stable shape with a `version` field, for scripts and tools
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap describe map.yaml                  # Markdown\n  journeymap describe map.yaml --format json    # for scripts; see the README for the shape\n\nExit status: 0 when described, 1 when the map has errors, 2 for a usage error."
)]
pub struct DescribeArgs {
    /// The map file
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// What to print
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: DescribeFormat,
}

pub fn run(args: &DescribeArgs) -> Result<ExitCode> {
    let loaded = crate::load_path(&args.map);
    let mut reporter = Reporter::new(OutputFormat::Human);
    reporter.report(&loaded);
    let Some(map) = &loaded.map else {
        return Ok(ExitCode::from(EXIT_INVALID));
    };
    let text = match args.format {
        DescribeFormat::Markdown => crate::render::facts::markdown(map),
        DescribeFormat::Json => {
            serde_json::to_string_pretty(&crate::render::facts::json(map, &loaded.file.name))?
                + "\n"
        }
    };
    // A closed pipe (`| head`) is not worth an error: stop writing quietly.
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::from(EXIT_OK))
}
