//! The run's invitations on disk, by month of arrival, until their month is merged with the
//! store's: a run with a history store holds one month's invitations at a time, not all of
//! them.
//!
//! Each batch read is split by month and each part written as Parquet with the store's
//! invitation columns (`frame::invitation_columns`), in a temporary folder beside the store
//! that goes when the `Spill` does. A month's parts read back in the order they were written
//! give its invitations in input order, as read (times to the microsecond, as the store keeps
//! them).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::frame;
use crate::error::{Error, Result};
use crate::model::{Invitation, YearMonth};

/// The run's invitations by month of arrival, waiting on disk.
pub struct Spill {
    dir: tempfile::TempDir,
    /// Each month's parts, in the order written.
    parts: BTreeMap<YearMonth, Vec<PathBuf>>,
    written: usize,
    sources: frame::Sources,
}

impl Spill {
    /// An empty spill in a new temporary folder inside `near` (created if need be).
    pub fn new(near: &Path) -> Result<Spill> {
        std::fs::create_dir_all(near).map_err(|e| Error::output(near, e))?;
        let dir = tempfile::Builder::new()
            .prefix(".invitescope-run-")
            .tempdir_in(near)
            .map_err(|e| Error::output(near, e))?;
        Ok(Spill {
            dir,
            parts: BTreeMap::new(),
            written: 0,
            sources: frame::Sources::default(),
        })
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
                .map_err(|source| Error::InputUnreadable {
                    path: path.clone(),
                    source,
                })
                .and_then(|file| {
                    ParquetReader::new(file)
                        .finish()
                        .map_err(|e| spill_error(path, e))
                })?;
            let part =
                frame::invitations(&df, &mut self.sources).map_err(|e| spill_error(path, e))?;
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
    pub fn file(&self) -> Result<File> {
        tempfile::tempfile_in(self.dir.path()).map_err(|e| self.error(e))
    }

    /// An error writing to or reading the spill's folder, naming it.
    pub fn error(&self, e: std::io::Error) -> Error {
        Error::output(self.dir.path(), e)
    }

    fn write_part(&mut self, month: YearMonth, invitations: &[Invitation]) -> Result<()> {
        let path = self
            .dir
            .path()
            .join(format!("{month}-{:06}.parquet", self.written));
        self.written += 1;
        let mut df = DataFrame::new_infer_height(frame::invitation_columns(invitations))
            .map_err(|e| spill_error(&path, e))?;
        let file = File::create(&path).map_err(|e| Error::output(&path, e))?;
        // Read back once or thrice, then gone: not worth compressing.
        ParquetWriter::new(file)
            .with_compression(ParquetCompression::Uncompressed)
            .finish(&mut df)
            .map_err(|e| Error::Output {
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
        self.parts.entry(month).or_default().push(path);
        Ok(())
    }
}

fn spill_error(path: &Path, e: PolarsError) -> Error {
    Error::Internal(format!(
        "{}: the run's own temporary file: {e}",
        path.display()
    ))
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
                .then(|| received + chrono::Duration::microseconds(1_500)),
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
        let mut spill = Spill::new(place.path()).unwrap();
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
        let dir = spill.dir.path().to_path_buf();
        assert!(dir.is_dir());
        drop(spill);
        assert!(!dir.exists());
    }
}
