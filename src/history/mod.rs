//! The history store: every invitation ever read, with its tags, as Parquet files that outlive
//! each export (docs/history.md).
//!
//! A month at a time (`history_run` drives it): reads a stored month as invitations, merges the
//! run's invitations of that month with them (`merge`), and writes the month back with its
//! tags, one Parquet file per month of arrival (`DIR/month=YYYY-MM/invitations.parquet`), only
//! when its rows changed, atomically; the store's record last (`Store::finish`). The run's own
//! invitations wait on disk by month meanwhile (`Spill`). Merging is the ingest stage's dedup: a later export can advance an outcome, never
//! erase one. Never decides what a report says: the store is data, and every run re-tags it with
//! its own rules and register. Like `metrics`, it holds polars frames; no other module does.

mod frame;
mod lock;
mod spill;

use arcstr::ArcStr;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use polars::prelude::*;
use rayon::slice::ParallelSliceMut;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest;
use crate::metrics::Counts;
use crate::model::{Invitation, Tags, YearMonth};
use crate::output;
use crate::tag::{TemplateKey, TEMPLATE_KEY_VERSION};
pub use frame::COLUMNS;
pub(crate) use spill::Spill;

/// The store's layout and columns; a store written by a later version is refused, not guessed at.
/// Format 2 added `template_key`; a format-1 store is read whole and rewritten in format 2.
pub const FORMAT: u32 = 2;

/// What the store says about itself, in `DIR/_store.json`. Names starting with `_` or `.` are
/// not data to Parquet readers (pyarrow, Spark and DuckDB's hive reading skip them).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Meta {
    format: u32,
    /// SHA-256 of the rules that tagged the stored rows.
    rules_sha256: String,
    invitations: u64,
    updated_at: String,
    /// The sender register the last run that used one read (absolute), for store-only runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    senders: Option<PathBuf>,
    /// Whether any run merged a LinkedIn data export in: a store-only report repeats the
    /// caveats of those exports.
    #[serde(default)]
    linkedin: bool,
    /// How the stored `template_key`s were made (`tag::TEMPLATE_KEY_VERSION`; 0 before).
    #[serde(default)]
    template_keys: u32,
}

/// What a run tells the store about itself as it writes.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunFacts<'a> {
    /// The sender register the run read.
    pub senders: Option<&'a Path>,
    /// Whether the run read a LinkedIn data export.
    pub linkedin: bool,
}

/// A month's figures as the last report on this store gave them, in `DIR/_revisions.json`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub invites: u64,
    pub decided: u64,
    pub accepted: u64,
    pub responded: u64,
    /// Denominators of the two rates (decided, less outcomes the inputs could not tell).
    pub acceptance_trials: u64,
    pub response_trials: u64,
}

impl MonthFigures {
    pub fn of(counts: &Counts) -> MonthFigures {
        MonthFigures {
            invites: counts.invites,
            decided: counts.decided,
            accepted: counts.accepted,
            responded: counts.responded,
            acceptance_trials: counts.acceptance().trials,
            response_trials: counts.response().trials,
        }
    }
}

/// A month whose figures changed since the last report of it on this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    pub month: YearMonth,
    pub before: MonthFigures,
    pub now: MonthFigures,
}

/// The store as a report describes it: where, how many invitations, which months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSummary {
    pub dir: String,
    pub invitations: usize,
    pub first: Option<YearMonth>,
    pub last: Option<YearMonth>,
    /// Whether some of its invitations came from LinkedIn data exports.
    pub linkedin: bool,
}

/// An open store, locked against other runs until dropped.
///
/// Opening reads what every month holds (its row count and its earliest and latest times) with
/// a lazy polars scan of those columns in each file, not the months themselves: a run reads
/// only the months it needs (`read_month`), and of the others only their notes' masked texts
/// (`unread_template_keys`), so ten years of history cost a report its window, not ten years.
pub struct Store {
    dir: PathBuf,
    _lock: lock::StoreLock,
    meta: Option<Meta>,
    /// Every stored month, oldest first.
    partitions: BTreeMap<YearMonth, Partition>,
    /// The months this run read: only those may be written (their files are read again, one
    /// at a time, to tell which ones the run changes).
    read: BTreeSet<YearMonth>,
    /// The input files the stored invitations name, one copy of each.
    sources: frame::Sources,
}

/// A month's file as `Store::read_month_as_stored` read it (nothing for a month not stored).
pub struct AsStored(Option<(YearMonth, DataFrame)>);

/// What a month's file holds, from its time columns alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Partition {
    rows: usize,
    /// The earliest arrival, and the latest of any arrival, acceptance or reply.
    first_received: Option<DateTime<Utc>>,
    latest: Option<DateTime<Utc>>,
    /// Whether the file has `template_key` (format 2): a month without one is read whole.
    has_keys: bool,
}

impl Store {
    /// Opens (or starts) the store at `dir`: takes its lock, checks its format and reads what
    /// each month holds. A month that cannot be read stops the run, naming its file; nothing is
    /// written.
    pub fn open(dir: &Path, on_wait: impl FnOnce()) -> Result<Store> {
        fs::create_dir_all(dir).map_err(|e| Error::output(dir, e))?;
        let lock = lock::StoreLock::acquire(dir, on_wait)?;
        let meta = read_meta(dir)?;
        let files = partitions(dir)?;
        let partitions = frame::describe(&files)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            _lock: lock,
            meta,
            partitions,
            read: BTreeSet::new(),
            sources: frame::Sources::default(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the report says about the store.
    pub fn summary(&self) -> StoreSummary {
        StoreSummary {
            dir: self.dir.display().to_string(),
            invitations: self.len(),
            first: self.partitions.keys().next().copied(),
            last: self.partitions.keys().next_back().copied(),
            linkedin: self.meta.as_ref().is_some_and(|m| m.linkedin),
        }
    }

    /// Stored invitations (rows) across every month.
    pub fn len(&self) -> usize {
        self.partitions.values().map(|p| p.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every stored month, oldest first.
    pub fn months(&self) -> impl Iterator<Item = YearMonth> + '_ {
        self.partitions.keys().copied()
    }

    /// The stored months with an invitation that arrived at or before `as_of`.
    pub fn months_by(&self, as_of: DateTime<Utc>) -> impl Iterator<Item = YearMonth> + '_ {
        self.partitions
            .iter()
            .filter(move |(_, p)| p.first_received.is_some_and(|t| t <= as_of))
            .map(|(month, _)| *month)
    }

    /// Stored invitations in `month` (none if it is not stored).
    pub fn len_of(&self, month: YearMonth) -> usize {
        self.partitions.get(&month).map_or(0, |p| p.rows)
    }

    /// The latest arrival, acceptance or reply in the stored months but `months`.
    pub fn latest_except(&self, months: &BTreeSet<YearMonth>) -> Option<DateTime<Utc>> {
        self.partitions
            .iter()
            .filter(|(month, _)| !months.contains(month))
            .filter_map(|(_, p)| p.latest)
            .max()
    }

    /// The latest arrival, acceptance or reply in the store.
    pub fn latest(&self) -> Option<DateTime<Utc>> {
        self.partitions.values().filter_map(|p| p.latest).max()
    }

    /// Whether a run must read the whole store and rewrite it: written in an earlier format or
    /// with masked notes of another kind (`tag::TEMPLATE_KEY_VERSION`), a month without them
    /// (restored from an old backup), or months without the store's record (a first run stopped
    /// before writing it).
    pub fn is_outdated(&self) -> bool {
        let months = !self.partitions.is_empty();
        match &self.meta {
            None => months,
            Some(m) => {
                m.format < FORMAT
                    || (months && m.template_keys != TEMPLATE_KEY_VERSION)
                    || self.partitions.values().any(|p| !p.has_keys)
            }
        }
    }

    /// The masked notes (`template_key`) of the stored months not read, from a lazy scan of
    /// that column alone: they count toward templates (`tag::Stream::finish_retagger_among`)
    /// without being read whole.
    pub fn unread_template_keys(&self) -> Result<Vec<ArcStr>> {
        let files: Vec<PathBuf> = self
            .partitions
            .iter()
            .filter(|(m, p)| p.has_keys && !self.read.contains(m))
            .map(|(m, _)| *m)
            .map(|m| partition_file(&self.dir, m))
            .collect();
        frame::template_keys(&files)
    }

    /// The rules' SHA-256 the stored tags were made with (`None` for a new store).
    pub fn rules_sha256(&self) -> Option<&str> {
        self.meta.as_ref().map(|m| m.rules_sha256.as_str())
    }

    /// A stored month's invitations, in the store's order (none for a month not stored). The
    /// month counts as read: `write_month` may replace it.
    pub fn read_month(&mut self, month: YearMonth) -> Result<Vec<Invitation>> {
        Ok(self.read_month_as_stored(month)?.0)
    }

    /// `read_month`, with the month as stored, for `write_month` to tell whether the month
    /// changed without reading its file again.
    pub fn read_month_as_stored(
        &mut self,
        month: YearMonth,
    ) -> Result<(Vec<Invitation>, AsStored)> {
        if !self.partitions.contains_key(&month) {
            return Ok((Vec::new(), AsStored(None)));
        }
        let path = partition_file(&self.dir, month);
        let df = frame::read(&path)?;
        let invitations =
            frame::invitations(&df, &mut self.sources).map_err(|e| unreadable(&path, e))?;
        self.read.insert(month);
        Ok((invitations, AsStored(Some((month, df)))))
    }

    /// Stored invitations in the months read.
    pub fn len_read(&self) -> usize {
        self.read.iter().map(|m| self.partitions[m].rows).sum()
    }

    /// Writes one month: `invitations` are what `merge` gave for it (every invitation of the
    /// month, stored and the run's) and `tags` and `keys` theirs. Rewrites the file only when
    /// its rows changed, or when `rewrite` (the store is outdated: `is_outdated` before the
    /// run's first write); says whether it did. A stored month must have been read first; the
    /// month as then read (`read_month_as_stored`), if the caller kept it, spares reading its
    /// file again to compare.
    #[allow(clippy::too_many_arguments)]
    pub fn write_month(
        &mut self,
        month: YearMonth,
        invitations: &[Invitation],
        tags: &[Tags],
        keys: &[TemplateKey],
        rules_sha256: &str,
        rewrite: bool,
        as_stored: Option<AsStored>,
    ) -> Result<bool> {
        if self.partitions.contains_key(&month) && !self.read.contains(&month) {
            // Writing it would drop the stored rows the run never saw.
            return Err(Error::Internal(format!(
                "history: {month} is stored but was not read before the write"
            )));
        }
        if invitations
            .iter()
            .any(|i| YearMonth::of(i.received_at) != month)
        {
            return Err(Error::Internal(format!(
                "history: an invitation of another month given to {month}"
            )));
        }
        let df = frame::build(invitations, tags, keys, rules_sha256)
            .map_err(|e| Error::Internal(format!("history: building {month}: {e}")))?;
        let path = partition_file(&self.dir, month);
        // The month as stored, read again: no other invitescope run has written it since it
        // was read (the lock).
        if !rewrite && self.read.contains(&month) {
            let unchanged = match as_stored {
                Some(AsStored(Some((read, stored)))) if read == month => stored.equals_missing(&df),
                _ => frame::read(&path)?.equals_missing(&df),
            };
            if unchanged {
                return Ok(false);
            }
        }
        let partition = frame::partition_of(&df);
        frame::write(&path, df)?;
        self.partitions.insert(month, partition);
        self.read.insert(month);
        Ok(true)
    }

    /// Writes the store's own record, once every month the run changed is written.
    pub fn finish(&mut self, rules_sha256: &str, run: RunFacts<'_>) -> Result<()> {
        let meta = Meta {
            format: FORMAT,
            rules_sha256: rules_sha256.to_string(),
            invitations: self.len() as u64,
            updated_at: Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true),
            // A run without a register keeps the one recorded before.
            senders: run
                .senders
                .map(|path| fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
                .or_else(|| self.meta.as_ref().and_then(|m| m.senders.clone())),
            linkedin: run.linkedin || self.meta.as_ref().is_some_and(|m| m.linkedin),
            template_keys: TEMPLATE_KEY_VERSION,
        };
        let text = serde_json::to_string_pretty(&meta)
            .map_err(|e| Error::Internal(format!("history: {e}")))?;
        output::write_whole(&self.dir.join("_store.json"), text.as_bytes())?;
        self.meta = Some(meta);
        Ok(())
    }

    /// Compares a month's figures with those the last report of it on this store gave: `Some`
    /// when they changed.
    pub fn revision(&self, month: YearMonth, now: MonthFigures) -> Result<Option<Revision>> {
        let before = self.reported()?.remove(&month.to_string());
        Ok(before
            .filter(|b| *b != now)
            .map(|before| Revision { month, before, now }))
    }

    /// Records a month's figures as reported, once its report is written.
    pub fn record(&self, month: YearMonth, now: MonthFigures) -> Result<()> {
        let mut known = self.reported()?;
        known.insert(month.to_string(), now);
        let text = serde_json::to_string_pretty(&known)
            .map_err(|e| Error::Internal(format!("history: {e}")))?;
        output::write_whole(&self.dir.join("_revisions.json"), text.as_bytes())
    }

    /// The figures of every month reported from this store, by `YYYY-MM`.
    fn reported(&self) -> Result<BTreeMap<String, MonthFigures>> {
        let path = self.dir.join("_revisions.json");
        Ok(match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::BadData(format!(
                    "{}: not a revisions file ({e}); move it away to start the record afresh",
                    path.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(source) => return Err(Error::InputUnreadable { path, source }),
        })
    }
}

/// One month's invitations, `stored` (as `Store::read_month` gave them) and the run's `new`
/// (in input order), with copies of one invitation merged: the most advanced outcome wins and a
/// copy fills the other's blanks (`ingest::deduplicate`). Copies arrived in the same minute, so
/// a month's copies are all in it. In the store's order (by arrival, then id), so that a run
/// lists them the same whether they came from its inputs or the store.
pub fn merge(mut stored: Vec<Invitation>, new: Vec<Invitation>) -> Vec<Invitation> {
    stored.extend(new);
    let mut all = ingest::deduplicate(stored);
    all.par_sort_by(frame::store_order);
    all
}

/// The sender register recorded in the store at `dir` by the last run that used one, if that
/// file is still there. Any trouble reading the store is left to `Store::open` to report.
pub fn recorded_register(dir: &Path) -> Option<PathBuf> {
    let bytes = fs::read(dir.join("_store.json")).ok()?;
    #[derive(Deserialize)]
    struct Recorded {
        senders: Option<PathBuf>,
    }
    let Recorded { senders } = serde_json::from_slice(&bytes).ok()?;
    senders.filter(|path| path.is_file())
}

fn read_meta(dir: &Path) -> Result<Option<Meta>> {
    let path = dir.join("_store.json");
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::InputUnreadable { path, source }),
    };
    // The format is read first, alone: a later version may have changed everything else.
    #[derive(Deserialize)]
    struct Format {
        format: u32,
    }
    let not_a_store = |e: serde_json::Error| {
        Error::BadData(format!(
            "{}: not an invitescope history store ({e}); point --history at the store's folder",
            path.display()
        ))
    };
    let Format { format } = serde_json::from_slice(&bytes).map_err(not_a_store)?;
    if format > FORMAT {
        return Err(Error::BadData(format!(
            "{}: the store was written by a newer invitescope (store format {format}, this one \
             reads {FORMAT}); nothing was written: use that version or a newer one",
            path.display()
        )));
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(not_a_store)
}

/// `DIR/month=YYYY-MM/invitations.parquet` of every stored month, oldest first. Other entries
/// (a file left by a killed write, a user's notes) are not months and are skipped.
fn partitions(dir: &Path) -> Result<Vec<(YearMonth, PathBuf)>> {
    let entries = fs::read_dir(dir).map_err(|source| Error::InputUnreadable {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::InputUnreadable {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name();
        let Some(month) = name
            .to_str()
            .and_then(|n| n.strip_prefix("month="))
            .and_then(YearMonth::parse)
        else {
            continue;
        };
        let file = partition_file(dir, month);
        if file.exists() {
            out.push((month, file));
        }
    }
    out.sort();
    Ok(out)
}

fn partition_file(dir: &Path, month: YearMonth) -> PathBuf {
    dir.join(format!("month={month}"))
        .join("invitations.parquet")
}

fn unreadable(path: &Path, e: PolarsError) -> Error {
    Error::BadData(format!(
        "{}: cannot read this month of the history store ({e}); the file is left as it is: \
         restore it from a backup or move it away and run again with the exports it came from",
        path.display()
    ))
}

#[cfg(test)]
mod tests;
