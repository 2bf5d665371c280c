//! The run's invitations on disk, by month of arrival, until their month is merged with the
//! store's: a run with a history store holds one month's invitations at a time, not all of
//! them.
//!
//! Each batch read is split by month and each part written as Parquet with the store's
//! invitation columns (`frame::invitation_columns`), uncompressed, in a temporary folder
//! `.invitescope-run-XXXXXX` near the store, made at the first write and removed when the
//! `Spill` goes. A month's parts read back in the order they were written give its invitations
//! in input order, as read, times to the nanosecond. Every failure is the run's own output
//! failing (exit 73), naming the folder or file.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use polars::prelude::*;

use super::frame;
use crate::error::{Error, Result};
use crate::model::{Invitation, YearMonth};

/// The run's invitations by month of arrival, waiting on disk.
pub struct Spill {
    /// Where the folder goes (made, with any missing parents, at the first write).
    near: PathBuf,
    dir: Option<tempfile::TempDir>,
    /// Each month's parts, in the order written.
    parts: BTreeMap<YearMonth, Vec<PathBuf>>,
    written: usize,
    sources: frame::Sources,
}

impl Spill {
    /// An empty spill, whose folder will be made inside `near`.
    pub fn new(near: &Path) -> Spill {
        Spill {
            near: near.to_path_buf(),
            dir: None,
            parts: BTreeMap::new(),
            written: 0,
            sources: frame::Sources::default(),
        }
    }

    /// Adds the next invitations read, each to its month, keeping their order within it.
    pub fn add(&mut self, invitations: Vec<Invitation>) -> Result<()> {
        let Some(first) = invitations.first().map(|i| YearMonth::of(i.received_at)) else {
            return Ok(());
        };
        // A batch is mostly of one month (exports run in time order, one way or the other).
        if invitations
            .iter()
            .all(|i| YearMonth::of(i.received_at) == first)
        {
            return self.write_part(first, &invitations);
        }
        let mut by_month: BTreeMap<YearMonth, Vec<Invitation>> = BTreeMap::new();
        for invitation in invitations {
            by_month
                .entry(YearMonth::of(invitation.received_at))
                .or_default()
                .push(invitation);
        }
        by_month
            .into_iter()
            .try_for_each(|(month, part)| self.write_part(month, &part))
    }

    /// The months with an invitation, oldest first.
    #[cfg(test)]
    pub fn months(&self) -> impl Iterator<Item = YearMonth> + '_ {
        self.parts.keys().copied()
    }

    /// A month's invitations in the order added (none for a month without any).
    pub fn month(&mut self, month: YearMonth) -> Result<Vec<Invitation>> {
        let mut out = Vec::new();
        for path in self
            .parts
            .get(&month)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let df = File::open(path)
                .map_err(|e| Error::output(path, e))
                .and_then(|file| {
                    ParquetReader::new(file)
                        .finish()
                        .map_err(|e| polars_error(path, e))
                })?;
            let part =
                frame::invitations(&df, &mut self.sources).map_err(|e| polars_error(path, e))?;
            if out.is_empty() {
                out = part;
            } else {
                out.extend(part);
            }
        }
        Ok(out)
    }

    /// Replaces a month's invitations with `invitations` (the month deduplicated).
    pub fn replace(&mut self, month: YearMonth, invitations: &[Invitation]) -> Result<()> {
        for path in self.parts.remove(&month).unwrap_or_default() {
            std::fs::remove_file(&path).map_err(|e| Error::output(&path, e))?;
        }
        if !invitations.is_empty() {
            self.write_part(month, invitations)?;
        }
        Ok(())
    }

    /// A new file in the spill's folder, gone once closed.
    pub fn file(&mut self) -> Result<File> {
        let dir = self.dir()?;
        tempfile::tempfile_in(dir).map_err(|e| Error::output(dir, e))
    }

    /// The spill's folder, made if need be.
    fn dir(&mut self) -> Result<&Path> {
        if self.dir.is_none() {
            let near = &self.near;
            std::fs::create_dir_all(near).map_err(|e| Error::output(near, e))?;
            let made = tempfile::Builder::new()
                .prefix(".invitescope-run-")
                .tempdir_in(near)
                .map_err(|e| Error::output(near, e))?;
            self.dir = Some(made);
        }
        Ok(self.dir.as_ref().map_or(self.near.as_path(), |d| d.path()))
    }

    fn write_part(&mut self, month: YearMonth, invitations: &[Invitation]) -> Result<()> {
        // Not `.parquet`: a reader globbing the store's folder for its months skips them.
        let name = format!("{month}-{:06}.spill", self.written);
        let path = self.dir()?.join(name);
        self.written += 1;
        // To the nanosecond, as read, where the times allow it (1677 to 2262); else to the
        // microsecond, as the store keeps them.
        let fits = |t: Option<DateTime<Utc>>| t.is_none_or(|t| t.timestamp_nanos_opt().is_some());
        let unit = if invitations
            .iter()
            .all(|i| fits(Some(i.received_at)) && fits(i.accepted_at) && fits(i.responded_at))
        {
            TimeUnit::Nanoseconds
        } else {
            TimeUnit::Microseconds
        };
        let mut df = DataFrame::new_infer_height(frame::invitation_columns(invitations, unit))
            .map_err(|e| polars_error(&path, e))?;
        let file = File::create(&path).map_err(|e| Error::output(&path, e))?;
        // Read back twice (three times in a month that may hold copies), then gone: not worth
        // compressing.
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Uncompressed)
            .finish(&mut df)
            .map_err(|e| polars_error(&path, e))?;
        self.parts.entry(month).or_default().push(path);
        Ok(())
    }
}

/// A spill file polars could not write or read back: the run's own output failing.
fn polars_error(path: &Path, e: PolarsError) -> Error {
    Error::output(path, std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::{KnownOutcomes, SenderCategory, Status};

    fn invitation(n: u32, month: u32) -> Invitation {
        let received = Utc
            .with_ymd_and_hms(2026, month, 1 + n % 27, 9, n % 60, 0)
            .unwrap();
        Invitation {
            invite_id: format!("inv-{n}").into(),
            source: "a.csv".into(),
            line: u64::from(n) + 2,
            message: if n.is_multiple_of(2) {
                "Hi, a note".into()
            } else {
                "".into()
            },
            explicit_category: n.is_multiple_of(5).then_some(SenderCategory::Candidate),
            accepted_at: n
                .is_multiple_of(3)
                .then(|| received + chrono::Duration::nanoseconds(1_500)),
            status: if n.is_multiple_of(3) {
                Status::Accepted
            } else {
                Status::Pending
            },
            known: KnownOutcomes {
                acceptance: !n.is_multiple_of(7),
                reply: true,
            },
            ..Invitation::pending(&format!("Sender {n}"), received)
        }
    }

    #[test]
    fn each_month_comes_back_in_the_order_added() {
        let place = tempfile::tempdir().unwrap();
        let mut spill = Spill::new(&place.path().join("not yet"));
        // Nothing is made before the first invitation comes.
        assert!(!place.path().join("not yet").exists());
        // Two batches, each across months, October's rows not in time order.
        let first: Vec<Invitation> = [(1, 10), (2, 9), (3, 10), (4, 10)]
            .map(|(n, m)| invitation(n, m))
            .into();
        let second: Vec<Invitation> = [(5, 10), (6, 11), (7, 9)]
            .map(|(n, m)| invitation(n, m))
            .into();
        spill.add(first.clone()).unwrap();
        spill.add(second.clone()).unwrap();
        let month = |m: &str| YearMonth::parse(m).unwrap();
        assert_eq!(
            spill.months().collect::<Vec<_>>(),
            [month("2026-09"), month("2026-10"), month("2026-11")]
        );
        let october = spill.month(month("2026-10")).unwrap();
        let expected = [&first[0], &first[2], &first[3], &second[0]];
        assert_eq!(october.iter().collect::<Vec<_>>(), expected);
        // Replaced, a month holds what it was given; emptied, it is gone.
        spill.replace(month("2026-10"), &october[1..]).unwrap();
        assert_eq!(spill.month(month("2026-10")).unwrap(), october[1..]);
        spill.replace(month("2026-11"), &[]).unwrap();
        assert_eq!(spill.months().count(), 2);
        assert!(spill.month(month("2026-11")).unwrap().is_empty());
        // The folder goes with the spill.
        let dir = spill.dir().unwrap().to_path_buf();
        assert!(dir.is_dir());
        drop(spill);
        assert!(!dir.exists());
    }
}
