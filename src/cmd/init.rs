//! `journeymap init`: a starter map that explains the format in its comments, a
//! README for the maps folder, and the JSON Schema editors use for autocompletion.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use super::files::write_atomic;

const STARTER_MAP: &str = include_str!("../../templates/init/map.yaml");
const STARTER_README: &str = include_str!("../../templates/init/README.md");
/// The starter map's file name.
pub const MAP_FILE: &str = "customer-journey.yaml";
/// The schema's file name, which the starter map's first line points at.
pub const SCHEMA_FILE: &str = "journeymap.schema.json";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap init maps/          # then: journeymap build maps/ -o site/\n  journeymap init --force        # overwrite the starter files here"
)]
pub struct InitArgs {
    /// Folder to write into (created if missing)
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Overwrite files that already exist
    #[arg(long)]
    pub force: bool,
}

/// The files `init` writes, relative to the folder.
pub fn starter_files() -> Vec<(&'static str, String)> {
    let schema =
        serde_json::to_string_pretty(&crate::format::schema::json_schema()).unwrap_or_default();
    vec![
        (MAP_FILE, STARTER_MAP.to_owned()),
        ("README.md", STARTER_README.to_owned()),
        (SCHEMA_FILE, schema + "\n"),
    ]
}

pub fn run(args: &InitArgs) -> Result<ExitCode> {
    let files = starter_files();
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| args.dir.join(name))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() && !args.force {
        bail!(
            "{} already exist{}; nothing was written. Use `--force` to overwrite, or choose another folder",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        );
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create `{}`", args.dir.display()))?;
    for (name, content) in &files {
        let path = args.dir.join(name);
        write_atomic(&path, content.as_bytes())?;
        println!("{}", crate::controls::path_for_terminal(&path));
    }
    let map = display(&args.dir.join(MAP_FILE));
    eprintln!("Next: edit {map}, then run `journeymap build {map}` and open the .html file.");
    Ok(ExitCode::SUCCESS)
}

fn display(path: &Path) -> String {
    crate::controls::path_for_terminal(path.strip_prefix("./").unwrap_or(path))
}
