//! Ingest: input paths → deduplicated invitations, rejected rows and reconciled counts.
//!
//! Takes files and folders of canonical CSV and LinkedIn exports (docs/inputs.md; exports in
//! `linkedin`), gives every readable invitation once and
//! every unreadable row as a `Reject`, with `rows_read = rows_accepted + rows_rejected +
//! duplicates_removed`. Never judges an invitation (that is `tag`) and never drops a row
//! without counting it.
//!
//! `ingest` gives every invitation at once, deduplicated. `read_all` hands them to a sink as
//! they are read, not deduplicated (the streamed report merges copies itself, with
//! `PossibleCopies` and `deduplicate_kept`).

pub mod canonical;
mod dedup;
pub mod linkedin;
pub mod records;
pub(crate) mod timestamp;

use arcstr::ArcStr;
use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Invitation, Reconciliation, Reject};
use canonical::{read_canonical_into, FileError, HeaderError};
pub use dedup::{deduplicate, deduplicate_kept, PossibleCopies};
use records::RecordLimits;

/// How many days after an invitation the archive owner's first message counts as a reply,
/// unless `--response-window-days` says otherwise.
pub const DEFAULT_RESPONSE_WINDOW_DAYS: u32 = 30;

/// What ingest needs to know, validated.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    pub inputs: Vec<PathBuf>,
    pub strict: bool,
    /// Zone of timestamps that carry no offset.
    pub timezone: Tz,
    /// How long after an invitation the archive owner's first message counts as a reply
    /// (LinkedIn exports only).
    pub response_window_days: u32,
}

/// One input file as the manifest records it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub format: &'static str,
    /// Data rows read from this file (for Invitations.csv: INCOMING rows only).
    pub rows: u64,
    /// OUTGOING rows of a LinkedIn Invitations.csv, counted but not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outgoing_skipped: Option<u64>,
}

impl InputFile {
    /// Whether the file is part of a LinkedIn data export (its `format` is one of `linkedin-…`).
    pub fn is_linkedin(&self) -> bool {
        self.format.starts_with("linkedin")
    }
}

/// The result of ingest.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Every invitation once, in input order (file, then line) of its first copy. Empty from
    /// `read_all`, whose sink has them.
    pub invitations: Vec<Invitation>,
    /// Rows that could not be read, in input order.
    pub rejects: Vec<Reject>,
    pub files: Vec<InputFile>,
    pub counts: Reconciliation,
    /// Things a person should know that are not errors, e.g. an empty input file.
    pub warnings: Vec<String>,
    /// Where outcomes came from and what an input could not tell, one sentence each (empty for
    /// canonical files, whose outcomes are columns).
    pub notes: Vec<SourceNote>,
    /// Connections' Position and Company of every export read: the sender register suggests
    /// categories from them for a person to confirm. Never evidence for the report: only
    /// accepted senders have them, so using them would leak the outcome into the category.
    pub connection_titles: Vec<ConnectionTitle>,
}

/// One sentence about one input: where its outcomes came from, or what it cannot tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNote {
    /// The input it is about, as the manifest names it.
    pub input: String,
    pub text: String,
}

impl std::fmt::Display for SourceNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.input, self.text)
    }
}

/// One connection's Position and Company from `Connections.csv`, with who they are.
#[derive(Debug, Clone)]
pub struct ConnectionTitle {
    pub key: crate::identity::SenderKey,
    pub position: String,
    pub company: String,
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
    let mut invitations: Vec<Invitation> = Vec::new();
    let mut ingested = read_all(config, progress, usize::MAX, &mut |rows| {
        if invitations.is_empty() {
            // One file, the usual case: take its rows without copying them.
            invitations = rows;
        } else {
            invitations.extend(rows);
        }
        ControlFlow::Continue(())
    })?;
    let before = invitations.len();
    ingested.invitations = deduplicate(invitations);
    ingested.counts.rows_accepted = ingested.invitations.len() as u64;
    ingested.counts.duplicates_removed = (before - ingested.invitations.len()) as u64;
    debug_assert!(ingested.counts.balances(), "{:?}", ingested.counts);
    Ok(ingested)
}

/// Reads every input and gives `sink` its invitations in input order, as they come: `chunk`
/// of them at a time or more (the rest of a file when fewer are left). Nothing is deduplicated,
/// and the counts of rows accepted and duplicates removed are left at 0: the caller knows them.
/// Reading stops where `sink` says `Break`; what is given back then is not to be relied on (a
/// file stopped part way is neither counted nor listed).
pub fn read_all(
    config: &IngestConfig,
    progress: &mut dyn FnMut(u64, u64),
    chunk: usize,
    sink: &mut dyn FnMut(Vec<Invitation>) -> ControlFlow<()>,
) -> Result<Ingested> {
    let inputs = resolve_inputs(&config.inputs)?;
    let total: u64 = inputs
        .iter()
        .filter_map(|i| std::fs::metadata(i.path()).ok())
        .map(|m| m.len())
        .sum();
    let mut done = 0;
    let mut ingested = Ingested::default();
    for input in &inputs {
        match input {
            Input::Canonical(path) => {
                let mut on_bytes = |n: usize| {
                    done += n as u64;
                    progress(done, total);
                };
                let mut take = |rows: &mut Vec<Invitation>| {
                    if rows.len() < chunk {
                        return canonical::Take::Left;
                    }
                    match sink(std::mem::take(rows)) {
                        ControlFlow::Continue(()) => canonical::Take::Took,
                        ControlFlow::Break(()) => canonical::Take::TookAndStop,
                    }
                };
                let Some((contents, summary)) = read_file(path, config, &mut on_bytes, &mut take)?
                else {
                    return Ok(ingested);
                };
                if !contents.header_found {
                    ingested.warnings.push(format!(
                        "{}: the file is empty (not even a header row); nothing was read from it",
                        path.display()
                    ));
                }
                ingested.counts.rows_read += contents.rows_read;
                ingested.counts.rows_rejected += contents.rejects.len() as u64;
                ingested.rejects.extend(contents.rejects);
                ingested.files.push(summary);
                if !contents.invitations.is_empty() && sink(contents.invitations).is_break() {
                    return Ok(ingested);
                }
            }
            Input::LinkedIn(path) => {
                let export = linkedin::read_export(path, config)?;
                ingested.counts.rows_read += export.rows_read;
                ingested.counts.rows_rejected += export.rejects.len() as u64;
                ingested.rejects.extend(export.rejects);
                ingested.files.extend(export.files);
                ingested.notes.extend(export.notes);
                ingested.connection_titles.extend(export.connection_titles);
                done += std::fs::metadata(path).map_or(0, |m| m.len());
                progress(done, total);
                if !export.invitations.is_empty() && sink(export.invitations).is_break() {
                    return Ok(ingested);
                }
            }
        }
    }
    Ok(ingested)
}

/// One thing to read: a canonical CSV file or a LinkedIn export (folder or zip).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Input {
    Canonical(PathBuf),
    LinkedIn(PathBuf),
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::Canonical(p) | Input::LinkedIn(p) => p,
        }
    }
}

/// Sorts each INPUT into canonical files and LinkedIn exports, expanding a folder of canonical
/// CSV files (and of export zips) in name order, and checks each path exists.
fn resolve_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = input_metadata(input)?;
        if linkedin::is_export(input) {
            files.push(Input::LinkedIn(input.clone()));
            continue;
        }
        if !meta.is_dir() {
            files.push(check_supported_file(input)?);
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
            if is_register_file(&path) {
                // The sender register lives beside the exports; it is not an input.
                continue;
            }
            if path.is_file() && has_extension(&path, "csv") {
                found.push(Input::Canonical(path));
            } else if path.is_file() && has_extension(&path, "zip") {
                // A folder of monthly export archives.
                found.push(Input::LinkedIn(path));
            }
        }
        if found.iter().any(|i| is_linkedin_export_file(i.path())) {
            return Err(Error::InputUnsupported {
                path: input.clone(),
                message: "holds LinkedIn export files but no Invitations.csv; the export needs its Invitations.csv (request it again with 'Invitations' ticked)".into(),
            });
        }
        if found.is_empty() {
            return Err(Error::InputUnsupported {
                path: input.clone(),
                message: "the folder holds no .csv or .zip file; point at canonical CSV files, a LinkedIn export (folder or .zip), or a folder of them".into(),
            });
        }
        found.sort_by(|a, b| a.path().cmp(b.path()));
        files.extend(found);
    }
    Ok(files)
}

/// Whether `path` is named like the sender register (`senders.csv`, any case), which a folder of
/// inputs may hold beside the exports.
fn is_register_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(crate::config::REGISTER_NAME))
}

/// What `path` is, refusing anything but a regular file or a folder before it is opened: a
/// named pipe would block on open and a device like `/dev/zero` never ends. Every file the user
/// names goes through here (inputs, `--rules`, `--senders`), so they all fail the same way.
pub(crate) fn input_metadata(path: &Path) -> Result<std::fs::Metadata> {
    let meta = std::fs::metadata(path).map_err(|source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() && !meta.is_file() {
        return Err(Error::InputUnsupported {
            path: path.to_path_buf(),
            message: "is neither a file nor a folder (a pipe or a device?); save the data to a file and pass that".into(),
        });
    }
    Ok(meta)
}

/// A single file: canonical CSV, or one file of an export, read as its whole folder.
fn check_supported_file(path: &Path) -> Result<Input> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.eq_ignore_ascii_case(linkedin::INVITATIONS) {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        return Ok(Input::LinkedIn(
            folder.map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ));
    }
    if is_linkedin_export_file(path) {
        return Err(Error::InputUnsupported {
            path: path.to_path_buf(),
            message: "is one file of a LinkedIn data export; pass the export's folder or .zip instead, so invitations, connections and messages are read together".into(),
        });
    }
    Ok(Input::Canonical(path.to_path_buf()))
}

fn is_linkedin_export_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
        ["Invitations.csv", "Connections.csv", "messages.csv"]
            .iter()
            .any(|f| n.eq_ignore_ascii_case(f))
    })
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Reads one canonical file, hashing it on the way through; `None` when `take` stopped the
/// reading part way.
fn read_file(
    path: &Path,
    config: &IngestConfig,
    on_bytes: &mut dyn FnMut(usize),
    take: &mut dyn FnMut(&mut Vec<Invitation>) -> canonical::Take,
) -> Result<Option<(canonical::FileContents, InputFile)>> {
    let unreadable = |source| Error::InputUnreadable {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(unreadable)?;
    let source: ArcStr = ArcStr::from(path.display().to_string());
    let mut hashing = HashingReader {
        inner: BufReader::with_capacity(1 << 16, file),
        hasher: Sha256::new(),
        on_bytes,
    };
    let mut stopped = false;
    let mut take = |rows: &mut Vec<Invitation>| {
        let taken = take(rows);
        stopped |= taken == canonical::Take::TookAndStop;
        taken
    };
    let contents = match read_canonical_into(
        &mut hashing,
        &source,
        config.timezone,
        config.strict,
        RecordLimits::DEFAULT,
        &mut take,
    ) {
        Ok(contents) => contents,
        Err(FileError::Io(e)) => return Err(unreadable(e)),
        Err(FileError::Header(HeaderError::LinkedIn)) => {
            return Err(Error::InputUnsupported {
                path: path.to_path_buf(),
                message:
                    "its header is LinkedIn's Invitations.csv, but the file has another name; \
                          pass the whole export (folder or .zip), or name the file Invitations.csv \
                          inside its export folder"
                        .into(),
            })
        }
        Err(FileError::Header(HeaderError::Missing(message))) => {
            return Err(Error::BadData(format!(
                "{}:1: {message}; rename the columns or see the README for the accepted names",
                path.display()
            )))
        }
        Err(FileError::TooLong { line, reason }) => {
            return Err(Error::BadData(format!(
                "{}:{line}: {reason}",
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
    if stopped {
        return Ok(None);
    }
    // Hash what the record reader did not need to consume (nothing, normally) so the digest is
    // always the whole file's.
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(unreadable)?;
    let summary = InputFile {
        path: path.display().to_string(),
        sha256: hex::encode(hashing.hasher.finalize()),
        format: "canonical",
        rows: contents.rows_read,
        outgoing_skipped: None,
    };
    Ok(Some((contents, summary)))
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
