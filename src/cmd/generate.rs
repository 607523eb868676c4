//! `journeymap generate` (hidden): writes generated maps for benchmarks and tests.
//!
//! One map to stdout or `-o FILE`, or `--folder DIR --count N` maps named
//! `map-0001.yaml`, ... in `DIR`, map `k` (from 0) with seed `seed + k`. See
//! [`crate::generate`] for what the maps contain.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::EXIT_OK;
use crate::generate::{GenerateOptions, generate};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap generate --touchpoints 1000 --personas 3 --seed 7 -o big.yaml\n  journeymap generate --touchpoints 1000 --blueprint -o lanes.yaml\n  journeymap generate --folder maps/ --count 500 --touchpoints 12"
)]
pub struct GenerateArgs {
    /// Touchpoints in each map (1 to 10000)
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub touchpoints: usize,
    /// Personas in each map (0 to 100; 0 for the implicit persona)
    #[arg(long, default_value_t = 3, value_name = "P")]
    pub personas: usize,
    /// Seed of the random choices; the same seed gives the same map
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Add a service blueprint: six lanes below the journey, cells on every touchpoint
    #[arg(long)]
    pub blueprint: bool,
    /// Write the map to this file instead of stdout
    #[arg(short, long, value_name = "FILE", conflicts_with = "folder")]
    pub out: Option<PathBuf>,
    /// Write `--count` maps into this folder instead
    #[arg(long, value_name = "DIR", requires = "count")]
    pub folder: Option<PathBuf>,
    /// How many maps to write with `--folder`
    #[arg(long, value_name = "N", requires = "folder")]
    pub count: Option<usize>,
    /// Overwrite files that exist
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &GenerateArgs) -> Result<ExitCode> {
    let options = |seed: u64| GenerateOptions {
        touchpoints: args.touchpoints,
        personas: args.personas,
        seed,
        blueprint: args.blueprint,
    };
    if let (Some(folder), Some(count)) = (&args.folder, args.count) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create `{}`", folder.display()))?;
        for k in 0..count {
            let path = folder.join(format!("map-{:04}.yaml", k + 1));
            super::files::refuse_existing(&path, args.force)?;
            let text = generate(options(args.seed.wrapping_add(k as u64)));
            super::files::write_atomic(&path, text.as_bytes())?;
        }
        return Ok(ExitCode::from(EXIT_OK));
    }
    let text = generate(options(args.seed));
    match &args.out {
        Some(path) => {
            super::files::refuse_existing(path, args.force)?;
            super::files::write_atomic(path, text.as_bytes())?;
        }
        None => {
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}
