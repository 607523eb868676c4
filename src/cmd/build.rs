//! `journeymap build`: maps to HTML pages and SVG pictures, written atomically.
//!
//! A map with errors writes nothing. Each output is written to a temporary file in
//! the destination folder and renamed over the old one, so a reader (or a build
//! killed half-way) sees either the old file or the new one, never a partial one.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

use super::{Reporter, collect_maps};
use crate::diag::OutputFormat;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  journeymap build map.yaml              # map.html and map.svg next to map.yaml\n  journeymap build maps/ -o site/        # every map under maps/, same folder layout under site/\n\nA map with errors writes nothing and leaves earlier output as it was.\nExit status: 0 when every map built, 1 when any map has errors, 2 for a usage error."
)]
pub struct BuildArgs {
    /// Map files, or folders searched recursively for *.yaml and *.yml
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output folder; without it, each map's outputs go next to the map
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How to print diagnostics
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub diagnostics: OutputFormat,
    /// Fail (exit 1, writing nothing for that map) on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Where one map's outputs go: `<dir>/<stem>.html` and `<dir>/<stem>.svg`.
pub struct Target {
    pub dir: PathBuf,
    pub stem: String,
}

impl Target {
    pub fn html(&self) -> PathBuf {
        self.dir.join(format!("{}.html", self.stem))
    }
    pub fn svg(&self) -> PathBuf {
        self.dir.join(format!("{}.svg", self.stem))
    }
}

/// The output location of `map`, found under `root` (the folder or file named on the
/// command line). With `-o`, folders keep their layout below `out`; the file name is
/// reduced to its stem, so nothing can point outside `out`.
pub fn target_for(map: &Path, root: &Path, out: Option<&Path>) -> Target {
    let stem = map
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && s != "." && s != "..")
        .unwrap_or_else(|| "map".to_owned());
    let dir = match out {
        None => map.parent().map(Path::to_path_buf).unwrap_or_default(),
        Some(out) => {
            let relative_dir = map
                .parent()
                .and_then(|parent| parent.strip_prefix(root).ok())
                .unwrap_or(Path::new(""));
            // Only plain folder names are kept: no `..`, no root, no prefix.
            let safe: PathBuf = relative_dir
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(name) => Some(name),
                    _ => None,
                })
                .collect();
            out.join(safe)
        }
    };
    Target { dir, stem }
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let mut reporter = Reporter::new(args.diagnostics);
    let mut built = 0;
    let mut maps = 0;
    for root in &args.paths {
        for path in collect_maps(std::slice::from_ref(root))? {
            maps += 1;
            let loaded = crate::load_path(&path);
            reporter.report(&loaded);
            let denied = args.deny_warnings && !loaded.diagnostics.is_empty();
            let Some(map) = loaded.map.as_ref().filter(|_| !denied) else {
                continue;
            };
            let rendered = crate::build(map);
            let target = target_for(&path, root, args.out.as_deref());
            write_outputs(&target, &rendered)?;
            let mut stdout = std::io::stdout();
            let _ = writeln!(stdout, "{}", target.html().display());
            let _ = writeln!(stdout, "{}", target.svg().display());
            built += 1;
        }
    }
    reporter.summary(&format!("built {built} of"), maps);
    Ok(reporter.exit_code(args.deny_warnings))
}

/// Writes both files of a map, each atomically.
pub fn write_outputs(target: &Target, rendered: &crate::render::Rendered) -> Result<()> {
    if !target.dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&target.dir).with_context(|| {
            format!("cannot create the output folder `{}`", target.dir.display())
        })?;
    }
    write_atomic(&target.html(), rendered.html.as_bytes())?;
    write_atomic(&target.svg(), rendered.svg.as_bytes())?;
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(error).with_context(|| format!("cannot write `{}`", path.display()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside_the_output_folder() {
        let out = Path::new("site");
        let t = target_for(Path::new("maps/a/b/x.yaml"), Path::new("maps"), Some(out));
        assert_eq!(t.html(), Path::new("site/a/b/x.html"));
        let t = target_for(
            Path::new("../../etc/x.yaml"),
            Path::new("../../etc/x.yaml"),
            Some(out),
        );
        assert_eq!(t.svg(), Path::new("site/x.svg"));
        let t = target_for(Path::new("maps/x.yaml"), Path::new("maps/x.yaml"), None);
        assert_eq!(t.html(), Path::new("maps/x.html"));
    }
}
