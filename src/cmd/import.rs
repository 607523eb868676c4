//! `journeymap import FILE.mmd`: a Mermaid `journey` diagram as a journeymap map.
//!
//! The conversion is [`crate::mermaid::import`]; this file reads the Mermaid file,
//! prints warnings with `file:line:column` like `check`, and writes the YAML to
//! stdout or, atomically, to `-o` (never over an existing file without `--force`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::{EXIT_INVALID, EXIT_OK, Reporter};
use crate::Loaded;
use crate::diag::{Diagnostic, OutputFormat, SourceFile};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap import journey.mmd                 # prints the map\n  journeymap import journey.mmd -o map.yaml     # writes map.yaml (add --force to overwrite)\n\nSections become stages, tasks touchpoints, actors personas, and each task's score\nthe emotion of its actors (or of every persona, for a task without actors) on the\ndefault 1 to 5 scale. Ids are derived from names. What Mermaid allows but a map\ncannot hold (a score out of range or not a number, an empty actor, a repeated\nsection, a task before any section, unknown lines) is reported as a warning with\nits line.\n\nExit status: 0 when the map was written (warnings allowed), 1 when the file is not\na Mermaid journey, cannot be read or the output exists, 2 for a usage error."
)]
pub struct ImportArgs {
    /// The Mermaid file with a `journey` diagram (usually *.mmd)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the map to this file instead of printing it
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Overwrite the output file if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    if let Some(out) = &args.out {
        super::files::refuse_existing(out, args.force)?;
        super::files::refuse_inputs(out, [args.file.as_path()])?;
    }
    let mut reporter = Reporter::new(OutputFormat::Human);
    let file = match read_mermaid(&args.file) {
        Ok(file) => file,
        Err(diagnostic) => {
            reporter.report(&Loaded::finding(
                SourceFile::new(args.file.display().to_string(), ""),
                diagnostic,
            ));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let (yaml, diagnostics) = crate::mermaid::import(&file);
    let loaded = Loaded::findings(file, diagnostics);
    reporter.report(&loaded);
    let Some(yaml) = yaml else {
        return Ok(ExitCode::from(EXIT_INVALID));
    };
    match &args.out {
        Some(out) => {
            super::files::write_atomic(out, yaml.as_bytes())?;
            eprintln!(
                "imported {} into {}: {}",
                crate::controls::for_terminal(&loaded.file.name),
                crate::controls::path_for_terminal(out),
                crate::words::count(reporter.warnings, "warning")
            );
        }
        None => {
            // A closed pipe (`| head`) is not worth an error: stop writing quietly.
            let _ = std::io::stdout().write_all(yaml.as_bytes());
            if reporter.warnings > 0 {
                eprintln!(
                    "imported {}: {}",
                    crate::controls::for_terminal(&loaded.file.name),
                    crate::words::count(reporter.warnings, "warning")
                );
            }
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// Reads a Mermaid file with the same limits as a map file.
fn read_mermaid(path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read `{name}`: {e}"))
            .with_hint("give the path of a Mermaid file, such as `journey.mmd`")
    })?;
    let text = crate::read_text(&name, file)?;
    Ok(SourceFile::new(name, text))
}
