//! A LinkedIn export as it arrives: the unpacked folder or the `.zip`, and the few files in it
//! that invitescope needs.
//!
//! File names are matched without regard to case (2018 exports have `Messages.csv`, later ones
//! `messages.csv`), at the top or inside one sub-folder (unpacking tools often add one). Every
//! other member is ignored, and no member is read past [`MAX_MEMBER_BYTES`]: a zip bomb is
//! refused with an error, never inflated into memory.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The most bytes read from one file of an export. Real `messages.csv` files of heavy users run
/// to tens of megabytes; a member claiming more than this is refused, whatever its header says.
pub const MAX_MEMBER_BYTES: u64 = 256 * 1024 * 1024;

/// Where the export's files are.
#[derive(Debug)]
pub enum Archive {
    Folder(PathBuf),
    Zip {
        path: PathBuf,
        /// Every file member's name, as stored.
        names: Vec<String>,
    },
}

/// One file of the export, read whole.
#[derive(Debug)]
pub struct Member {
    /// How the file is named in messages and the manifest: `folder/Invitations.csv`, or
    /// `export.zip!/Invitations.csv` for a member of a zip.
    pub display: String,
    pub bytes: Vec<u8>,
}

impl Archive {
    /// Opens a folder or a zip file; says nothing yet about whether it is an export.
    pub fn open(path: &Path) -> Result<Archive> {
        if path.is_dir() {
            return Ok(Archive::Folder(path.to_path_buf()));
        }
        let names = {
            let zip = open_zip(path)?;
            zip.file_names()
                .filter(|n| !n.ends_with('/'))
                .map(str::to_string)
                .collect()
        };
        Ok(Archive::Zip {
            path: path.to_path_buf(),
            names,
        })
    }

    /// The path of `file_name` (any case) inside the export, if it is there: the shallowest
    /// copy, at most one sub-folder down.
    pub fn locate(&self, file_name: &str) -> Option<String> {
        match self {
            Archive::Folder(root) => locate_in_folder(root, file_name),
            Archive::Zip { names, .. } => {
                let mut found: Vec<&String> = names
                    .iter()
                    .filter(|n| {
                        let parts: Vec<&str> = n.split(['/', '\\']).collect();
                        parts.len() <= 2
                            && parts
                                .last()
                                .is_some_and(|b| b.eq_ignore_ascii_case(file_name))
                    })
                    .collect();
                found.sort_by_key(|n| (n.matches(['/', '\\']).count(), n.to_string()));
                found.first().map(|n| n.to_string())
            }
        }
    }

    /// Reads `file_name` (any case), or `None` when the export does not have it.
    pub fn read(&self, file_name: &str) -> Result<Option<Member>> {
        let Some(inner) = self.locate(file_name) else {
            return Ok(None);
        };
        match self {
            Archive::Folder(root) => {
                let path = root.join(&inner);
                let file = File::open(&path).map_err(|source| Error::InputUnreadable {
                    path: path.clone(),
                    source,
                })?;
                let display = path.display().to_string();
                let bytes = read_capped(file, MAX_MEMBER_BYTES).map_err(|e| match e {
                    CappedError::Io(source) => Error::InputUnreadable {
                        path: path.clone(),
                        source,
                    },
                    CappedError::TooBig => too_big(&path, &inner),
                })?;
                Ok(Some(Member { display, bytes }))
            }
            Archive::Zip { path, .. } => {
                let mut zip = open_zip(path)?;
                let member = zip.by_name(&inner).map_err(|e| bad_zip(path, &e))?;
                if member.size() > MAX_MEMBER_BYTES {
                    return Err(too_big(path, &inner));
                }
                let display = format!("{}!/{inner}", path.display());
                let bytes = read_capped(member, MAX_MEMBER_BYTES).map_err(|e| match e {
                    CappedError::Io(source) => Error::InputUnsupported {
                        path: path.clone(),
                        message: format!(
                            "cannot unpack {inner}: {source}; download the export again"
                        ),
                    },
                    CappedError::TooBig => too_big(path, &inner),
                })?;
                Ok(Some(Member { display, bytes }))
            }
        }
    }
}

/// Whether a folder holds `Invitations.csv` (any case, at most one sub-folder down).
pub fn folder_is_export(path: &Path) -> bool {
    locate_in_folder(path, super::INVITATIONS).is_some()
}

fn locate_in_folder(root: &Path, file_name: &str) -> Option<String> {
    let matches = |p: &Path| {
        p.is_file()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.eq_ignore_ascii_case(file_name))
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    if let Some(hit) = entries.iter().find(|p| matches(p)) {
        return hit.file_name().map(|n| n.to_string_lossy().into_owned());
    }
    for folder in entries.iter().filter(|p| p.is_dir()) {
        let mut inner: Vec<PathBuf> = std::fs::read_dir(folder)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        inner.sort();
        if let Some(hit) = inner.iter().find(|p| matches(p)) {
            return hit
                .strip_prefix(root)
                .ok()
                .map(|p| p.to_string_lossy().into_owned());
        }
    }
    None
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<File>> {
    let file = File::open(path).map_err(|source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    zip::ZipArchive::new(file).map_err(|e| bad_zip(path, &e))
}

fn bad_zip(path: &Path, e: &zip::result::ZipError) -> Error {
    Error::InputUnsupported {
        path: path.to_path_buf(),
        message: format!(
            "not a readable zip archive ({e}); download the LinkedIn export again, or unpack it and pass the folder"
        ),
    }
}

fn too_big(path: &Path, inner: &str) -> Error {
    Error::InputUnsupported {
        path: path.to_path_buf(),
        message: format!(
            "{inner} unpacks to more than {} MB, far beyond any real LinkedIn export; refusing to read it (a damaged or malicious archive?)",
            MAX_MEMBER_BYTES / (1024 * 1024)
        ),
    }
}

enum CappedError {
    Io(std::io::Error),
    TooBig,
}

/// Reads at most `limit` bytes; one byte more means the member is refused. A zip's declared
/// size can lie, so the cap applies to what actually comes out of the decompressor.
fn read_capped(reader: impl Read, limit: u64) -> std::result::Result<Vec<u8>, CappedError> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(CappedError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(CappedError::TooBig);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_stops_one_byte_past_the_cap() {
        // An endless stream stands in for a zip bomb: reading must stop, not exhaust memory.
        let endless = std::io::repeat(b'x');
        assert!(matches!(
            read_capped(endless, 1024),
            Err(CappedError::TooBig)
        ));
        assert_eq!(read_capped(&b"abc"[..], 3).ok(), Some(b"abc".to_vec()));
    }
}
