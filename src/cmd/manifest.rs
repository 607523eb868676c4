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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's file name inside the output folder.
pub const FILE_NAME: &str = ".journeymap-build.json";

/// Files written for one map page: path relative to the output folder -> SHA-256.
type Files = BTreeMap<String, String>;

#[derive(Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Input folder (canonical) -> page (relative to the output folder) -> files.
    roots: BTreeMap<String, BTreeMap<String, Files>>,
}

/// One map of this build: its input folder, its page, and what was written.
pub struct Built<'a> {
    pub root: &'a Path,
    pub page: &'a Path,
    /// The files written and their [`digest`]s; empty when the map failed (its
    /// earlier files are kept and stay recorded).
    pub written: &'a [(PathBuf, String)],
}

fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
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
        std::fs::read(out.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == 1)
            .unwrap_or_default()
    }

    /// Records this build and returns the files of pages that are gone, which the
    /// caller removes (after writing everything new).
    pub fn update(&mut self, out: &Path, builds: &[Built<'_>]) -> Vec<PathBuf> {
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
        let mut stale = Vec::new();
        for (root, pages) in current {
            let previous = self.roots.remove(&root).unwrap_or_default();
            let mut kept = BTreeMap::new();
            for (page, files) in previous {
                match pages.get(&page) {
                    // Gone: its files go, if they are still what we wrote.
                    None => stale.extend(unchanged(out, &files)),
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

/// The recorded files that still hold exactly the recorded bytes.
fn unchanged(out: &Path, files: &Files) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|(relative, _)| is_plain_relative(relative))
        .map(|(relative, hash)| (out.join(relative), hash))
        .filter(|(path, hash)| {
            std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
                && std::fs::read(path).is_ok_and(|bytes| digest(&bytes) == **hash)
        })
        .map(|(path, _)| path)
        .collect()
}

/// A manifest is a file in the output folder anyone could edit: only plain relative
/// paths (no `..`, no root) are ever removed.
fn is_plain_relative(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
}
