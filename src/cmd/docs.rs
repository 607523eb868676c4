//! `journeymap docs TOPIC`: the reference documents, built into the binary, so a
//! user of an installed journeymap can read them without the repository.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;

/// The documents `docs` prints.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Topic {
    /// The map format: every key, its type, default and meaning (docs/format.md).
    Format,
}

impl Topic {
    fn text(self) -> &'static str {
        match self {
            Topic::Format => include_str!("../../docs/format.md"),
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap docs format               # every key of the map format\n  journeymap docs format | less\n  journeymap docs format > format.md"
)]
pub struct DocsArgs {
    /// What to print
    #[arg(value_enum, default_value = "format")]
    topic: Topic,
}

pub fn run(args: &DocsArgs) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(args.topic.text().as_bytes()) {
        // `journeymap docs format | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(ExitCode::SUCCESS)
}
