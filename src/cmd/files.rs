//! Writing the user's files without ever losing one.
//!
//! Every command that writes goes through here:
//! - [`write_atomic`] writes to a temporary file beside the target and renames it
//!   over the old one, so a reader or a killed build sees the old file or the new
//!   one, never half of one. The temporary file is created exclusively (`O_EXCL`)
//!   with an unpredictable name by the tempfile crate, so a symlink planted in a
//!   shared folder cannot redirect the write to another file.
//! - [`refuse_inputs`] stops a command before it writes over one of its own inputs
//!   (`export m.yaml -o m.yaml`, `build map.html`, whose output is also `map.html`).
//! - [`refuse_existing`] stops `init`, `import` and `export` from replacing a file
//!   that exists unless `--force` says so.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::controls::for_terminal;

/// Writes `bytes` to a new, exclusively created temporary file beside `path`, then
/// renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let written = (|| -> std::io::Result<()> {
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // tempfile creates 0600 files; outputs are published (Pages, a web server),
        // so they get the mode any new file gets: 0666 less the umask.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut temp = builder.tempfile_in(dir)?;
        // No fsync: the rename protects readers and interrupted builds; durability
        // across power loss is the file system's business and would cost a sync per file.
        temp.write_all(bytes)?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    })();
    written.with_context(|| {
        format!(
            "cannot write `{}`",
            for_terminal(&path.display().to_string())
        )
    })
}

/// Whether [`write_if_changed`] wrote the file or found it already as wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Changed,
    Unchanged,
}

/// [`write_atomic`], unless `path` is already a regular file holding exactly
/// `bytes`: then it is left alone, so its modification time stays and tools that
/// sync by time (rsync, make, a Pages deploy) see nothing new. A symlink or any
/// other kind of file at `path` is always replaced.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<Written> {
    let same_size =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if same_size && holds_exactly(path, bytes).unwrap_or(false) {
        return Ok(Written::Unchanged);
    }
    write_atomic(path, bytes)?;
    Ok(Written::Changed)
}

/// Whether the file at `path` holds exactly `bytes`, compared a block at a time:
/// reading a page of several megabytes whole to compare it cost more than
/// writing it.
fn holds_exactly(path: &Path, mut bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut block = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut block)?;
        if read == 0 {
            return Ok(bytes.is_empty());
        }
        match bytes.strip_prefix(&block[..read]) {
            Some(rest) => bytes = rest,
            None => return Ok(false),
        }
    }
}

/// Fails when `output` is one of `inputs` (the same file, through any path or link).
pub fn refuse_inputs<'a>(output: &Path, inputs: impl IntoIterator<Item = &'a Path>) -> Result<()> {
    Inputs::new(inputs).refuse(output)
}

/// The files a command reads, by identity (device and inode where there are
/// inodes), so each output is checked against all of them with one lookup;
/// comparing each output with every input is quadratic (15 s for a folder of
/// 3,000 maps rebuilt over its old outputs).
pub struct Inputs {
    files: std::collections::HashMap<FileKey, std::path::PathBuf>,
}

impl Inputs {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Self {
        let files = paths
            .into_iter()
            .filter_map(|path| Some((file_key(path)?, path.to_path_buf())))
            .collect();
        Inputs { files }
    }

    /// Fails when `output` is one of the inputs.
    pub fn refuse(&self, output: &Path) -> Result<()> {
        // A file that does not exist yet is nobody's input.
        if let Some(input) = file_key(output).and_then(|key| self.files.get(&key)) {
            bail!(
                "`{}` would be written over its input `{}`; choose another output name or folder (-o)",
                for_terminal(&output.display().to_string()),
                for_terminal(&input.display().to_string())
            );
        }
        Ok(())
    }
}

#[cfg(unix)]
type FileKey = (u64, u64);

/// A file's identity: its device and inode, following links.
#[cfg(unix)]
fn file_key(path: &Path) -> Option<FileKey> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
type FileKey = std::path::PathBuf;

/// A file's identity where there are no inode numbers: its canonical path.
#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<FileKey> {
    std::fs::canonicalize(path).ok()
}

/// Fails when `output` exists and `force` is not set.
pub fn refuse_existing(output: &Path, force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(output).is_ok() {
        bail!(
            "`{}` exists; pass --force to overwrite it",
            for_terminal(&output.display().to_string())
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("jm-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        dir
    }

    #[test]
    fn atomic_writes_replace_and_leave_no_temporary_files() {
        let dir = temp_dir("atomic");
        let path = dir.join("a.svg");
        assert!(write_atomic(&path, b"one").is_ok());
        assert!(write_atomic(&path, b"two").is_ok());
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"two"[..]));
        let names: Vec<_> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.svg")]);
    }

    /// The old temporary names were `.<name>.<pid>.<n>.tmp`, opened with a plain
    /// create that follows a symlink planted at that name.
    #[cfg(unix)]
    #[test]
    fn planted_symlinks_at_temporary_names_are_not_followed() {
        let dir = temp_dir("planted");
        let victim = dir.join("victim.txt");
        let _ = std::fs::write(&victim, "precious");
        for n in 0..64 {
            let name = format!(".a.svg.{}.{n}.tmp", std::process::id());
            let _ = std::os::unix::fs::symlink(&victim, dir.join(name));
        }
        for _ in 0..64 {
            assert!(write_atomic(&dir.join("a.svg"), b"<svg/>").is_ok());
        }
        assert_eq!(
            std::fs::read_to_string(&victim).ok().as_deref(),
            Some("precious")
        );
    }

    /// tempfile creates 0600 files; a published page must get the mode any new
    /// file gets.
    #[cfg(unix)]
    #[test]
    fn outputs_get_the_mode_of_any_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("mode");
        let plain = dir.join("plain.txt");
        let _ = std::fs::write(&plain, "x");
        assert!(write_atomic(&dir.join("page.html"), b"x").is_ok());
        let mode = |p: &Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .ok()
        };
        assert_eq!(mode(&dir.join("page.html")), mode(&plain));
    }

    #[test]
    fn identical_bytes_leave_the_file_and_its_time_alone() {
        let dir = temp_dir("unchanged");
        let path = dir.join("a.html");
        assert_eq!(
            write_if_changed(&path, b"page").ok(),
            Some(Written::Changed)
        );
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let set_old = std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(old));
        assert!(set_old.is_ok());
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        assert_eq!(
            write_if_changed(&path, b"page").ok(),
            Some(Written::Unchanged)
        );
        assert_eq!(modified(&path), Some(old));
        assert_eq!(
            write_if_changed(&path, b"pages").ok(),
            Some(Written::Changed)
        );
        assert_ne!(modified(&path), Some(old));
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(&b"pages"[..]));
    }

    /// Compared a block at a time: a file of the same size that differs anywhere,
    /// within a block, across a block's end or in its last byte, is rewritten.
    #[test]
    fn a_file_of_the_same_size_is_compared_to_its_last_byte() {
        let dir = temp_dir("same-size");
        let path = dir.join("a.svg");
        let page: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        for at in [0, 65_535, 65_536, 131_072, page.len() - 1] {
            let _ = std::fs::write(&path, &page);
            let mut changed = page.clone();
            changed[at] ^= 1;
            assert_eq!(holds_exactly(&path, &changed).ok(), Some(false), "at {at}");
            assert_eq!(
                write_if_changed(&path, &changed).ok(),
                Some(Written::Changed)
            );
            assert_eq!(std::fs::read(&path).ok(), Some(changed));
        }
        let _ = std::fs::write(&path, &page);
        assert_eq!(holds_exactly(&path, &page).ok(), Some(true));
        assert_eq!(holds_exactly(&path, &page[..1000]).ok(), Some(false));
        assert_eq!(
            holds_exactly(&path, &[page.clone(), vec![0]].concat()).ok(),
            Some(false)
        );
    }

    /// A symlink holding the same bytes is still replaced by a file of our own.
    #[cfg(unix)]
    #[test]
    fn a_symlink_with_the_same_bytes_is_replaced() {
        let dir = temp_dir("unchanged-link");
        let elsewhere = dir.join("elsewhere.html");
        let _ = std::fs::write(&elsewhere, "page");
        let path = dir.join("a.html");
        let _ = std::os::unix::fs::symlink(&elsewhere, &path);
        assert_eq!(
            write_if_changed(&path, b"page").ok(),
            Some(Written::Changed)
        );
        assert!(std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()));
    }

    #[test]
    fn an_output_that_is_an_input_is_refused() {
        let dir = temp_dir("inputs");
        let map = dir.join("map.html");
        let _ = std::fs::write(&map, "title: x\n");
        assert!(refuse_inputs(&map, [map.as_path()]).is_err());
        assert!(refuse_inputs(&dir.join("./map.html"), [map.as_path()]).is_err());
        assert!(refuse_inputs(&dir.join("other.html"), [map.as_path()]).is_ok());
    }
}
