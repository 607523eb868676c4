//! The `journeymap` command line: parses arguments and hands over to `journeymap::cmd`.

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use journeymap::cmd::{self, EXIT_INVALID};

/// Customer journey maps as code: YAML in, HTML and SVG maps out.
#[derive(Parser)]
#[command(name = "journeymap", version, about, long_about = None)]
#[command(
    after_help = "Examples:\n  journeymap build map.yaml            # writes map.html and map.svg next to it\n  journeymap build maps/ -o site/      # every map in a folder\n  journeymap check maps/               # validate in CI, with file:line errors\n\nFormat reference: `journeymap docs format` (docs/format.md in the repository)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    fonts: cmd::FontArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Validate maps and print every error with its file, line and column
    Check(cmd::check::CheckArgs),
    /// Build maps into HTML pages and SVG pictures (and PNG, PDF)
    Build(cmd::build::BuildArgs),
    /// Compare two versions of a map by meaning (files, or REV:path from git)
    Diff(cmd::diff::DiffArgs),
    /// Print a map's facts (lowest points, pain by stage, owner) as Markdown or JSON
    Describe(cmd::describe::DescribeArgs),
    /// Convert a Mermaid `journey` diagram into a map
    Import(cmd::import::ImportArgs),
    /// Write a map as a Mermaid `journey` diagram
    Export(cmd::export::ExportArgs),
    /// Write a starter map, a README and the JSON Schema into a folder
    Init(cmd::init::InitArgs),
    /// Serve maps on 127.0.0.1, rebuilding and reloading the page on every save
    Serve(cmd::serve::ServeArgs),
    /// Print the JSON Schema of the map format, for editor autocompletion
    Schema(cmd::schema::SchemaArgs),
    /// Print the reference of the map format (every key, default and label)
    Docs(cmd::docs::DocsArgs),
    /// Print shell completions for bash, zsh, fish or powershell
    #[command(
        after_help = "Examples:\n  journeymap completions bash > ~/.local/share/bash-completion/completions/journeymap\n  journeymap completions zsh > ~/.zfunc/_journeymap\n  journeymap completions fish > ~/.config/fish/completions/journeymap.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write generated maps of a given size (for benchmarks and tests)
    #[command(hide = true)]
    Generate(cmd::generate::GenerateArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli.fonts.configure();
    let result = match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Build(args) => cmd::build::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Describe(args) => cmd::describe::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Docs(args) => cmd::docs::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(
                *shell,
                &mut Cli::command(),
                "journeymap",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate(args) => cmd::generate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // Errors carry paths and parser messages: nothing raw reaches the terminal.
            let message = format!("{error:#}");
            eprintln!(
                "error: {}",
                journeymap::controls::for_terminal_lines(&message)
            );
            ExitCode::from(EXIT_INVALID)
        }
    }
}
