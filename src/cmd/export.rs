//! `journeymap export --to mermaid MAP`: a map in another diagram language.
//!
//! Only Mermaid's `journey` for now ([`crate::mermaid::to_mermaid`]), so a map can be
//! shown where Mermaid renders, such as GitHub Markdown. A map with errors writes
//! nothing; `-o` is written atomically, never over the map, and over an existing file
//! only with `--force`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{EXIT_INVALID, EXIT_OK, Reporter};
use crate::diag::OutputFormat;

/// The languages `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportTarget {
    /// A Mermaid `journey` diagram (renders in GitHub Markdown in a ```mermaid block)
    Mermaid,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap export --to mermaid map.yaml               # prints the diagram\n  journeymap export --to mermaid map.yaml -o map.mmd    # add --force to overwrite\n\nStages become sections and touchpoints tasks, in stage order. A task's actors are\nthe personas with a score there; scores are mapped linearly from the map's\nemotion_scale onto Mermaid's 1 to 5 and rounded. A touchpoint where personas\nfeel differently becomes one task per score, joined again by `journeymap import`\n(a `%% journeymap: same touchpoint` comment marks each); one without a score is\ndrawn at 3 below a `%% journeymap: unscored` comment, so import keeps it unscored.\n`%%` comments in the output name what Mermaid cannot show (pain points,\nopportunities, channels, thoughts, metrics, branching, ids) and what was changed to\nfit Mermaid's syntax.\n\nExit status: 0 when written, 1 when the map has errors, 2 for a usage error."
)]
pub struct ExportArgs {
    /// What to export to
    #[arg(long, value_enum, value_name = "LANGUAGE")]
    pub to: ExportTarget,
    /// The map file
    #[arg(value_name = "MAP")]
    pub map: PathBuf,
    /// Write to this file instead of printing
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the output file if it exists (never the map itself)
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    if let Some(out) = &args.out {
        super::files::refuse_existing(out, args.force)?;
        super::files::refuse_inputs(out, [args.map.as_path()])?;
    }
    let loaded = crate::load_path(&args.map);
    let mut reporter = Reporter::new(OutputFormat::Human);
    reporter.report(&loaded);
    let Some(map) = &loaded.map else {
        return Ok(ExitCode::from(EXIT_INVALID));
    };
    let text = match args.to {
        ExportTarget::Mermaid => crate::mermaid::to_mermaid(map, &loaded.file.name),
    };
    match &args.out {
        Some(out) => {
            super::files::write_atomic(out, text.as_bytes())?;
            eprintln!(
                "exported {} to {}",
                crate::controls::for_terminal(&loaded.file.name),
                crate::controls::path_for_terminal(out)
            );
        }
        None => {
            // A closed pipe (`| head`) is not worth an error: stop writing quietly.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
