//! The `journeymap` command line: parses arguments and hands over to `journeymap::cmd`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use journeymap::cmd::{self, EXIT_INVALID};

/// Customer journey maps as code: YAML in, HTML and SVG maps out.
#[derive(Parser)]
#[command(name = "journeymap", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  journeymap build map.yaml            # writes map.html and map.svg next to it\n  journeymap build maps/ -o site/      # every map in a folder\n  journeymap check maps/               # validate in CI, with file:line errors\n\nFormat reference: docs/format.md"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate maps and print every error with its file, line and column
    Check(cmd::check::CheckArgs),
    /// Build maps into HTML pages and SVG pictures
    Build(cmd::build::BuildArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}
