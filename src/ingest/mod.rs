//! Ingest: input paths → deduplicated invitations, rejected rows and reconciled counts.
//!
//! Takes files and folders of canonical CSV (SPEC §3), gives every readable invitation once and
//! every unreadable row as a `Reject`, with `rows_read = rows_accepted + rows_rejected +
//! duplicates_removed`. Never judges an invitation (that is `tag`) and never drops a row
//! without counting it.

pub mod canonical;
pub mod dedup;
mod lines;
pub mod timestamp;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Invitation, Reconciliation, Reject};
use canonical::{read_canonical, FileError, HeaderError};
pub use dedup::deduplicate;

/// What ingest needs to know, validated.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    pub inputs: Vec<PathBuf>,
    pub strict: bool,
    /// Zone of timestamps that carry no offset.
    pub timezone: Tz,
}

/// One input file as the manifest records it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub format: &'static str,
    /// Data rows read from this file.
    pub rows: u64,
}

/// The result of ingest.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Every invitation once, in input order (file, then line) of its first copy.
    pub invitations: Vec<Invitation>,
    /// Rows that could not be read, in input order.
    pub rejects: Vec<Reject>,
    pub files: Vec<InputFile>,
    pub counts: Reconciliation,
    /// Things a person should know that are not errors, e.g. an empty input file.
    pub warnings: Vec<String>,
}

/// Reads every input, deduplicates across them, and reconciles the counts.
pub fn ingest(config: &IngestConfig) -> Result<Ingested> {
    ingest_with_progress(config, &mut |_, _| {})
}

/// `ingest`, calling `progress(bytes_read, bytes_total)` as the files are read.
pub fn ingest_with_progress(
    config: &IngestConfig,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Ingested> {
    let files = resolve_inputs(&config.inputs)?;
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut done = 0;
    let mut ingested = Ingested::default();
    let mut invitations = Vec::new();
    for path in &files {
        let mut on_bytes = |n: usize| {
            done += n as u64;
            progress(done, total);
        };
        let (contents, summary) = read_file(path, config, &mut on_bytes)?;
        if !contents.header_found {
            ingested.warnings.push(format!(
                "{}: the file is empty (not even a header row); nothing was read from it",
                path.display()
            ));
        }
        ingested.counts.rows_read += contents.rows_read;
        ingested.counts.rows_rejected += contents.rejects.len() as u64;
        ingested.rejects.extend(contents.rejects);
        invitations.extend(contents.invitations);
        ingested.files.push(summary);
    }
    let before = invitations.len();
    ingested.invitations = deduplicate(invitations);
    ingested.counts.rows_accepted = ingested.invitations.len() as u64;
    ingested.counts.duplicates_removed = (before - ingested.invitations.len()) as u64;
    debug_assert!(ingested.counts.balances(), "{:?}", ingested.counts);
    Ok(ingested)
}

/// Expands folders into the CSV files they hold, in name order, and checks each path exists.
fn resolve_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| Error::InputUnreadable {
            path: input.clone(),
            source,
        })?;
        if !meta.is_dir() {
            check_supported_file(input)?;
            files.push(input.clone());
            continue;
        }
        let entries = std::fs::read_dir(input).map_err(|source| Error::InputUnreadable {
            path: input.clone(),
            source,
        })?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::InputUnreadable {
                path: input.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_file() && has_extension(&path, "csv") {
                found.push(path);
            }
        }
        if found.iter().any(|p| is_linkedin_export_file(p)) {
            return Err(linkedin_not_yet(input));
        }
        if found.is_empty() {
            return Err(Error::InputUnsupported {
                path: input.clone(),
                message: "the folder holds no .csv file; point at canonical CSV files or a folder of them".into(),
            });
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn check_supported_file(path: &Path) -> Result<()> {
    if has_extension(path, "zip") || is_linkedin_export_file(path) {
        return Err(linkedin_not_yet(path));
    }
    Ok(())
}

/// LinkedIn archives (SPEC §4) are a planned input; until the reader lands, say so plainly
/// rather than misreading `Invitations.csv` as a canonical file.
fn linkedin_not_yet(path: &Path) -> Error {
    Error::InputUnsupported {
        path: path.to_path_buf(),
        message: "this looks like a LinkedIn data export, which this version cannot read yet; convert it to the canonical CSV format (see README)".into(),
    }
}

fn is_linkedin_export_file(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("Invitations.csv" | "Connections.csv" | "messages.csv")
    )
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Reads one canonical file, hashing it on the way through.
fn read_file(
    path: &Path,
    config: &IngestConfig,
    on_bytes: &mut dyn FnMut(usize),
) -> Result<(canonical::FileContents, InputFile)> {
    let unreadable = |source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(unreadable)?;
    let source: Arc<str> = Arc::from(path.display().to_string());
    let mut hashing = HashingReader {
        inner: BufReader::with_capacity(1 << 16, file),
        hasher: Sha256::new(),
        on_bytes,
    };
    let contents = match read_canonical(&mut hashing, &source, config.timezone, config.strict) {
        Ok(contents) => contents,
        Err(FileError::Io(e)) => return Err(unreadable(e)),
        Err(FileError::Header(HeaderError::LinkedIn)) => return Err(linkedin_not_yet(path)),
        Err(FileError::Header(HeaderError::Missing(message))) => {
            return Err(Error::BadData(format!(
                "{}:1: {message}; rename the columns or see the README for the accepted names",
                path.display()
            )))
        }
        Err(FileError::Strict(reject)) => {
            return Err(Error::BadData(format!(
                "{}:{}: {} (stopped by --strict; without it the row goes to rejects.csv)",
                reject.source, reject.line, reject.reason
            )))
        }
    };
    // Hash what the csv reader did not need to consume (nothing, normally) so the digest is
    // always the whole file's.
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(unreadable)?;
    let summary = InputFile {
        path: path.display().to_string(),
        sha256: hex(&hashing.hasher.finalize()),
        format: "canonical",
        rows: contents.rows_read,
    };
    Ok((contents, summary))
}

/// Hashes and counts the bytes on their way to the CSV reader, so each file is read once.
struct HashingReader<'a, R> {
    inner: R,
    hasher: Sha256,
    on_bytes: &'a mut dyn FnMut(usize),
}

impl<R: Read> Read for HashingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        (self.on_bytes)(n);
        Ok(n)
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
