//! Output files written whole or not at all.
//!
//! A `StagedFile` is created up front, so that a bad path fails before any work, as a temporary
//! file in the target's folder; it replaces the target only when `commit` is called, by a rename
//! in that folder. A run that fails or is killed leaves an existing file as it was, and two runs
//! never write to one temporary name. A device or named pipe given as the target (`/dev/null`)
//! is written as it is: renaming a file over it would replace the device.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written, and where it goes.
pub struct StagedFile {
    target: PathBuf,
    file: Staged,
}

enum Staged {
    Temporary(tempfile::NamedTempFile),
    Direct(File),
}

impl StagedFile {
    /// Creates the temporary file beside `target` (or opens a device or pipe). Errs with exit
    /// 73 for a folder or a place that cannot be written.
    pub fn create(target: &Path) -> Result<StagedFile> {
        let meta = std::fs::metadata(target).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(Error::output(
                target,
                std::io::Error::other("it is a folder; name a file"),
            ));
        }
        let fail = |e| Error::output(target, e);
        if meta.as_ref().is_some_and(|m| !m.is_file()) {
            return Ok(StagedFile {
                target: target.to_path_buf(),
                file: Staged::Direct(File::create(target).map_err(fail)?),
            });
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = tempfile::NamedTempFile::new_in(folder).map_err(fail)?;
        // A temporary file is private (0600); the file it replaces keeps its own permissions,
        // and a new one gets the usual ones.
        if let Some(permissions) = meta.map(|m| m.permissions()).or_else(default_permissions) {
            file.as_file().set_permissions(permissions).map_err(fail)?;
        }
        Ok(StagedFile {
            target: target.to_path_buf(),
            file: Staged::Temporary(file),
        })
    }

    /// Where the bytes go until `commit`.
    pub fn file(&mut self) -> &mut File {
        match &mut self.file {
            Staged::Temporary(file) => file.as_file_mut(),
            Staged::Direct(file) => file,
        }
    }

    /// The target, for messages.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Makes the written file the target. Dropping a `StagedFile` without this removes the
    /// temporary file and leaves the target as it was.
    pub fn commit(self) -> Result<()> {
        let target = self.target;
        match self.file {
            Staged::Direct(mut file) => file.flush().map_err(|e| Error::output(&target, e)),
            Staged::Temporary(file) => {
                file.as_file()
                    .sync_all()
                    .map_err(|e| Error::output(&target, e))?;
                file.persist(&target)
                    .map(drop)
                    .map_err(|e| Error::output(&target, e.error))
            }
        }
    }
}

/// Writes `bytes` to `target` whole or not at all.
pub fn write_whole(target: &Path, bytes: &[u8]) -> Result<()> {
    let mut staged = StagedFile::create(target)?;
    staged
        .file()
        .write_all(bytes)
        .map_err(|e| Error::output(target, e))?;
    staged.commit()
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_file_replaces_the_target_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::fs::write(&target, "old").unwrap();
        let mut staged = StagedFile::create(&target).unwrap();
        staged.file().write_all(b"new").unwrap();
        drop(staged);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        write_whole(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // Nothing else is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(
            StagedFile::create(dir.path()).err().map(|e| e.exit_code()),
            Some(73)
        );
    }
}
