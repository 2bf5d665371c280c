//! Report: everything the run produced → files in `reports/<YYYY-MM>/` (docs/outputs.md).
//!
//! Takes metrics, rejects, tagged rows, charts and the run's facts; renders each file in memory
//! (`tables`; `summary` builds the report once as a `document`, rendered as `summary.md` and as
//! the self-contained `report.html`), but for `tagged.csv`, whose rows a callback writes as
//! the folder is written (a streamed run's reads and tags the inputs again then). Writes the
//! folder aside and swaps it in, so a crash or a bad run never leaves a half-written month. Never computes a statistic and never writes a sender's
//! name or note outside `tagged.csv`.

mod document;
pub(crate) mod summary;
pub(crate) mod tables;

use std::borrow::Cow;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::charts::Chart;
use crate::error::{Error, Result};
use crate::ingest::InputFile;
use crate::metrics::Tables;
use crate::model::{Reconciliation, Reject};

/// What `manifest.json` records about a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub arguments: Vec<String>,
    pub inputs: Vec<InputFile>,
    #[serde(flatten)]
    pub counts: Reconciliation,
    pub rules_sha256: String,
    pub as_of: String,
    pub month: String,
    pub timezone: String,
    pub grace_days: u32,
    pub template_min: usize,
    /// The senders file (register) the run used, if any.
    pub senders: Option<String>,
    /// The history store the run merged into and reported from, if any.
    pub history: Option<String>,
    /// Shares of the period's decided invitations with a known category, accepted or not.
    pub category_coverage: CoverageShares,
    /// Whether those shares differ by more than 0.20, which biases category-level rates.
    pub category_rates_biased: bool,
    pub generated_at: String,
}

/// `category_coverage` in the manifest: fractions rounded to 4 decimals, `null` when undefined.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct CoverageShares {
    pub accepted: Option<f64>,
    pub not_accepted: Option<f64>,
}

impl From<crate::metrics::CategoryCoverage> for CoverageShares {
    fn from(c: crate::metrics::CategoryCoverage) -> Self {
        let round = |p: crate::metrics::stats::Proportion| {
            p.rate().map(|r| (r * 10_000.0).round() / 10_000.0)
        };
        CoverageShares {
            accepted: round(c.accepted),
            not_accepted: round(c.not_accepted),
        }
    }
}

/// Everything that goes into one report folder.
pub struct ReportContents<'a> {
    pub manifest: &'a Manifest,
    pub summary: &'a summary::Summary<'a>,
    pub tables: &'a Tables,
    pub rejects: &'a [Reject],
    /// `Some` with `--emit-tagged`: writes `tagged.csv`.
    pub tagged: Option<WriteTagged<'a>>,
    pub charts: &'a [Chart],
}

/// The folder charts go in, relative to the report folder.
pub const CHART_DIR: &str = "charts";

/// Writes `tagged.csv`'s rows to the file, as they are made; an error writing names the path.
pub type WriteTagged<'a> = &'a dyn Fn(&mut fs::File, &Path) -> Result<()>;

/// What a file of the folder holds.
pub enum Body<'a> {
    Bytes(Cow<'a, [u8]>),
    /// `tagged.csv`, written row by row as the file is written: at a million invitations it is
    /// some 580 MB, more than the rest of the run holds at its peak.
    Tagged(WriteTagged<'a>),
}

/// Every file of the folder, rendered (`tagged.csv` as the rows to write): relative path and
/// contents, in a fixed order.
pub fn render<'a>(contents: &ReportContents<'a>) -> Result<Vec<(PathBuf, Body<'a>)>> {
    let mut manifest = serde_json::to_vec_pretty(contents.manifest)
        .map_err(|e| Error::Internal(format!("manifest: {e}")))?;
    manifest.push(b'\n');
    let report = summary::build(contents.summary);
    let chart_bytes = |src: &str| {
        contents
            .charts
            .iter()
            .find(|c| chart_path(c) == src)
            .map(|c| c.png.as_slice())
    };
    let file = |name: &str, bytes: Vec<u8>| (PathBuf::from(name), Body::Bytes(Cow::Owned(bytes)));
    let mut files = vec![
        file("summary.md", document::markdown(&report).into_bytes()),
        file(
            "report.html",
            document::html(&report, &chart_bytes).into_bytes(),
        ),
        file("metrics.csv", tables::metrics_csv(&contents.tables.groups)),
        file(
            "comparisons.csv",
            tables::comparisons_csv(&contents.tables.comparisons),
        ),
        file("trend.csv", tables::trend_csv(&contents.tables.trend)),
        file(
            "companies.csv",
            tables::companies_csv(&contents.tables.companies),
        ),
        file("rejects.csv", tables::rejects_csv(contents.rejects)),
        file("manifest.json", manifest),
    ];
    if let Some(tagged) = contents.tagged {
        files.push((PathBuf::from("tagged.csv"), Body::Tagged(tagged)));
    }
    // The charts as rendered, not copies.
    files.extend(contents.charts.iter().map(|chart| {
        (
            Path::new(CHART_DIR).join(chart.file_name),
            Body::Bytes(Cow::Borrowed(&chart.png)),
        )
    }));
    Ok(files)
}

/// Where a chart goes, relative to the report folder, as a link: `charts/<file>`.
pub fn chart_path(chart: &Chart) -> String {
    format!("{CHART_DIR}/{}", chart.file_name)
}

/// Fails fast, before any work, when the output folder cannot be created or is not a folder.
pub fn check_output_dir(out_dir: &Path) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::output(
            out_dir,
            std::io::Error::other("it exists and is not a folder"),
        ));
    }
    fs::create_dir_all(out_dir).map_err(|e| Error::output(out_dir, e))?;
    // A folder we can list but not write to would only fail at the very end.
    let probe = out_dir.join(format!(".invitescope-probe-{}", std::process::id()));
    fs::write(&probe, b"").map_err(|e| Error::output(out_dir, e))?;
    fs::remove_file(&probe).map_err(|e| Error::output(&probe, e))?;
    Ok(())
}

/// Writes the files into `out_dir/name/`, replacing any previous folder of that name as one
/// step: the files go to a hidden staging folder, are flushed to disk, and the folder is renamed
/// into place. If anything fails, the previous folder stays (or is put back) where it was.
///
/// A run killed while writing leaves the previous folder untouched (plus a staging folder the
/// next run removes). The swap itself is two renames (old folder aside, new one in); a run
/// killed between them leaves the old folder under its aside name, and the next run puts it
/// back before doing anything else, so a month is never lost.
pub fn write_folder(out_dir: &Path, name: &str, files: &[(PathBuf, Body)]) -> Result<PathBuf> {
    let target = out_dir.join(name);
    let staging = out_dir.join(format!(".{name}.partial-{}", std::process::id()));
    let retired = out_dir.join(format!(".{name}.old-{}", std::process::id()));
    recover_leftovers(out_dir, name)?;

    if let Err(e) = write_staging(&staging, files) {
        let _ = remove_path(&staging);
        return Err(e);
    }
    let had_previous = target.symlink_metadata().is_ok();
    if had_previous {
        if let Err(e) = fs::rename(&target, &retired) {
            let _ = remove_path(&staging);
            return Err(Error::output(&target, e));
        }
    }
    if let Err(e) = fs::rename(&staging, &target) {
        if had_previous {
            let _ = fs::rename(&retired, &target);
        }
        let _ = remove_path(&staging);
        return Err(Error::output(&target, e));
    }
    if had_previous {
        // The new report is in place; a retired folder that will not go is cleared next run.
        let _ = remove_path(&retired);
    }
    Ok(target)
}

fn write_staging(staging: &Path, files: &[(PathBuf, Body)]) -> Result<()> {
    fs::create_dir_all(staging).map_err(|e| Error::output(staging, e))?;
    let mut folders = vec![staging.to_path_buf()];
    for (relative, body) in files {
        let path = staging.join(relative);
        if let Some(parent) = path.parent() {
            if !folders.iter().any(|f| f == parent) {
                fs::create_dir_all(parent).map_err(|e| Error::output(parent, e))?;
                folders.push(parent.to_path_buf());
            }
        }
        let mut file = fs::File::create(&path).map_err(|e| Error::output(&path, e))?;
        match body {
            Body::Bytes(bytes) => file.write_all(bytes).map_err(|e| Error::output(&path, e))?,
            Body::Tagged(write) => write(&mut file, &path)?,
        }
        file.sync_all().map_err(|e| Error::output(&path, e))?;
    }
    // Flush the folders' entries too, so the rename never exposes files that are not on disk.
    for folder in folders {
        fs::File::open(&folder)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::output(&folder, e))?;
    }
    Ok(())
}

/// Clears what an interrupted run of the same month left behind. A retired folder with no
/// current one means a run died between its two renames: that folder is the last good report,
/// so it is put back rather than deleted.
fn recover_leftovers(out_dir: &Path, name: &str) -> Result<()> {
    let target = &out_dir.join(name);
    let entries = fs::read_dir(out_dir).map_err(|e| Error::output(out_dir, e))?;
    let partial = format!(".{name}.partial-");
    let old = format!(".{name}.old-");
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&partial) || file_name.starts_with(&old) {
            leftovers.push(entry.path());
        }
    }
    leftovers.sort();
    for path in leftovers {
        let is_retired = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&old));
        if is_retired && target.symlink_metadata().is_err() {
            fs::rename(&path, target).map_err(|e| Error::output(&path, e))?;
        } else {
            remove_path(&path).map_err(|e| Error::output(&path, e))?;
        }
    }
    Ok(())
}

fn remove_path(path: &Path) -> std::io::Result<()> {
    if path.symlink_metadata()?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in a folder, sorted.
    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_folder_replaces_the_old_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let first = vec![
            (PathBuf::from("a.txt"), Body::Bytes(b"one".to_vec().into())),
            (
                PathBuf::from("charts/x.png"),
                Body::Bytes(b"png".to_vec().into()),
            ),
        ];
        write_folder(dir.path(), "2026-10", &first).unwrap();
        let second = vec![(PathBuf::from("b.txt"), Body::Bytes(b"two".to_vec().into()))];
        let target = write_folder(dir.path(), "2026-10", &second).unwrap();
        assert!(!target.join("a.txt").exists());
        assert_eq!(fs::read(target.join("b.txt")).unwrap(), b"two");
        assert_eq!(entries(dir.path()), ["2026-10"]);
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".2026-10.partial-99999");
        fs::create_dir_all(&stale).unwrap();
        write_folder(dir.path(), "2026-10", &[]).unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn a_file_in_the_way_of_the_month_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("2026-10"), b"x").unwrap();
        let target = write_folder(
            dir.path(),
            "2026-10",
            &[(PathBuf::from("a"), Body::Bytes(b"1".to_vec().into()))],
        )
        .unwrap();
        assert_eq!(fs::read(target.join("a")).unwrap(), b"1");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let first = vec![(
            PathBuf::from("summary.md"),
            Body::Bytes(b"October, first run".to_vec().into()),
        )];
        let target = write_folder(dir.path(), "2026-10", &first).unwrap();
        // The second file needs a folder where the first put a file: writing fails halfway,
        // after some of the new files exist, as a full disk or a kill would.
        let broken = vec![
            (
                PathBuf::from("summary.md"),
                Body::Bytes(b"October, second run".to_vec().into()),
            ),
            (
                PathBuf::from("summary.md/x.png"),
                Body::Bytes(b"png".to_vec().into()),
            ),
        ];
        let err = write_folder(dir.path(), "2026-10", &broken).unwrap_err();
        assert_eq!(err.exit_code(), 73);
        assert_eq!(
            fs::read(target.join("summary.md")).unwrap(),
            b"October, first run"
        );
        // The next run clears the half-written staging folder.
        write_folder(dir.path(), "2026-10", &first).unwrap();
        assert_eq!(entries(dir.path()), ["2026-10"]);
    }

    #[test]
    fn a_folder_set_aside_by_a_killed_swap_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        // Killed between the two renames: the old month is aside and no new one is in place.
        let aside = dir.path().join(".2026-10.old-4242");
        fs::create_dir_all(&aside).unwrap();
        fs::write(aside.join("summary.md"), b"previous").unwrap();
        fs::create_dir_all(dir.path().join(".2026-10.partial-4242")).unwrap();
        recover_leftovers(dir.path(), "2026-10").unwrap();
        let month = dir.path().join("2026-10");
        assert_eq!(fs::read(month.join("summary.md")).unwrap(), b"previous");
        assert_eq!(entries(dir.path()), ["2026-10"]);
    }

    #[test]
    fn an_output_path_that_is_a_file_fails_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("reports");
        fs::write(&file, b"").unwrap();
        let err = check_output_dir(&file).unwrap_err();
        assert_eq!(err.exit_code(), 73);
    }
}
