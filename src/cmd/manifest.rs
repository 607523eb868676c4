//! What a folder build wrote last time, so the next one can remove the pages of
//! maps that are gone, and only those.
//!
//! `build DIR -o SITE` keeps `SITE/.journeymap-build.json`: for each input folder
//! (canonical path) and each map page it produced, the files written and their
//! SHA-256. On the next build of the same folder into the same site, a page whose
//! map no longer exists has its files removed, but only files whose content is
//! still exactly what journeymap wrote: a file the user replaced is left alone, as
//! is everything written from other input folders and every map that merely
//! failed this time (its earlier output stays, like any failed build's).
//!
//! The manifest sits in a folder others may write to, so it is a claim, not a
//! proof: only the recorded page's own outputs (`<stem>.html|svg|png|pdf`), in a
//! folder that really lies inside the site, and claimed by no other page of this
//! build or another input folder, are ever removed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = ".journeymap-build.json";

/// Largest manifest read, in bytes (a site of 10,000 maps needs about 2 MB).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// The files a page may have: the page itself and the other outputs of its map.
const OUTPUT_EXTENSIONS: [&str; 4] = ["html", "svg", "png", "pdf"];

/// Files written for one map page: path relative to the output folder -> SHA-256.
type Files = BTreeMap<String, String>;

#[derive(Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Input folder (canonical) -> page (relative to the output folder) -> files.
    roots: BTreeMap<String, BTreeMap<String, Files>>,
}

/// One map of this build: its input folder, its page, and what was written.
pub struct MapOutputs<'a> {
    pub root: &'a Path,
    pub page: &'a Path,
    /// The files written and their [`digest`]s; empty when the map failed (its
    /// earlier files are kept and stay recorded).
    pub written: &'a [(PathBuf, String)],
}

/// A path relative to the output folder as recorded: `/`-separated components.
fn key(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn root_key(root: &Path) -> String {
    key(&std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()))
}

/// The SHA-256 of a file's bytes, in hex.
pub fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    /// The manifest in `out`, or an empty one when there is none or it is unreadable
    /// (then nothing is removed: forgetting is safe, guessing is not).
    pub fn read(out: &Path) -> Manifest {
        let path = out.join(FILE_NAME);
        // Only a regular file of a sensible size: a FIFO or a huge file planted
        // there must not hang the build or fill its memory.
        let readable = std::fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.len() <= MAX_MANIFEST_BYTES);
        readable
            .then(|| std::fs::read(&path).ok())
            .flatten()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == 1)
            .unwrap_or_default()
    }

    /// Records this build and returns the files of pages that are gone, which the
    /// caller removes (after writing everything new).
    pub fn update(&mut self, out: &Path, builds: &[MapOutputs<'_>]) -> Vec<PathBuf> {
        self.version = 1;
        let mut current: BTreeMap<String, BTreeMap<String, Option<Files>>> = BTreeMap::new();
        for build in builds {
            let files: Files = build
                .written
                .iter()
                .map(|(path, hash)| {
                    let relative = path.strip_prefix(out).unwrap_or(path);
                    (key(relative), hash.clone())
                })
                .collect();
            let page = key(build.page.strip_prefix(out).unwrap_or(build.page));
            current
                .entry(root_key(build.root))
                .or_default()
                .insert(page, (!files.is_empty()).then_some(files));
        }
        // Files this build wrote, or that another input folder's pages own, are never
        // stale, whatever the record of a gone page says.
        let mut claimed: BTreeSet<String> = current
            .values()
            .flat_map(|pages| pages.values().flatten())
            .flat_map(|files| files.keys().map(|f| f.to_lowercase()))
            .collect();
        for (root, pages) in &self.roots {
            if !current.contains_key(root) {
                claimed.extend(
                    pages
                        .values()
                        .flat_map(|files| files.keys().map(|f| f.to_lowercase())),
                );
            }
        }
        let mut stale = Vec::new();
        for (root, pages) in current {
            let previous = self.roots.remove(&root).unwrap_or_default();
            let mut kept = BTreeMap::new();
            for (page, files) in previous {
                match pages.get(&page) {
                    // Gone: its files go, if they are still what we wrote.
                    None => stale.extend(removable(out, &page, &files, &claimed)),
                    // Failed this time: keep the record of what is still there.
                    Some(None) => {
                        kept.insert(page, files);
                    }
                    Some(Some(_)) => {}
                }
            }
            for (page, files) in pages {
                if let Some(files) = files {
                    kept.insert(page, files);
                }
            }
            self.roots.insert(root, kept);
        }
        stale
    }

    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)? + "\n")
    }
}

/// The files of a gone `page` that may be removed: only the page and its map's other
/// outputs (`<stem>.html|svg|png|pdf` beside it), in a folder that is really inside
/// `out` (no symlinked folder leads elsewhere), not `claimed` by this build or
/// another input folder, and still exactly the bytes recorded. A manifest is a
/// file in the output folder anyone could edit, so nothing else it lists is trusted.
fn removable(out: &Path, page: &str, files: &Files, claimed: &BTreeSet<String>) -> Vec<PathBuf> {
    let Some(stem) = page.strip_suffix(".html").filter(|s| is_plain_relative(s)) else {
        return Vec::new();
    };
    let Ok(inside) = std::fs::canonicalize(out) else {
        return Vec::new();
    };
    OUTPUT_EXTENSIONS
        .iter()
        .map(|extension| format!("{stem}.{extension}"))
        .filter(|file| !claimed.contains(&file.to_lowercase()))
        .filter_map(|file| files.get(&file).map(|hash| (out.join(&file), hash)))
        .filter(|(path, hash)| {
            let parent_inside = path
                .parent()
                .and_then(|parent| std::fs::canonicalize(parent).ok())
                .is_some_and(|parent| parent.starts_with(&inside));
            parent_inside
                && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
                && std::fs::read(path).is_ok_and(|bytes| digest(&bytes) == **hash)
        })
        .map(|(path, _)| path)
        .collect()
}

/// Only plain relative paths (no `..`, no root) are ever removed.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}
