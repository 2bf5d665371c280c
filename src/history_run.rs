//! A run with a history store (`--history`), a month at a time: no month's invitations are
//! held with their texts while another's are.
//!
//! 1. **Read.** The inputs are read a batch at a time into a spill in or beside the store
//!    (`history::Spill`: Parquet parts by month of arrival), and let go.
//! 2. **Copies.** Each month of the inputs that may hold copies (`ingest::PossibleCopies`) is
//!    deduplicated on its own: copies of one invitation arrived in the same minute, so they
//!    meet in one month. The as-of instant and the months the run reads of the store follow,
//!    as they would from the inputs held whole.
//! 3. **Tag.** Each month the run reads is merged with the store's copy of it
//!    (`history::merge`) and tagged, keeping of each invitation only its 8-byte `Partial`; then
//!    the templates are clustered over every note, the stored months not read counting through
//!    their masked notes (`tag::Stream::finish_retagger_among`).
//! 4. **Write.** Each month is merged again, tagged with its reasons from what step 3 found
//!    (`tag::Retagger`), written to the store if its rows changed, reduced to its outcomes and,
//!    for a listing (`tag`, `--emit-tagged`), written to a temporary `tagged.csv` that
//!    `TaggedRows::Spilled` copies out once the store is written whole.
//!
//! The store's files, the report and the listing are those a run holding every invitation at
//! once gives (docs/history.md says what a run with a store reads and writes).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::config::AnalysisConfig;
use crate::error::{Error, Result};
use crate::history::{self, Spill};
use crate::model::{Companies, DecisionWindow, Invitation, Outcomes, Tagged, Tags, YearMonth};
use crate::progress::Progress;
use crate::report::tables::TaggedCsv;
use crate::tag::{self, TemplateKey, BATCH_ROWS};
use crate::{
    choose_period, ingest, latest_timestamp, metrics, say_after_as_of, say_ingested, say_register,
    Reach, Read, Ready, TaggedRows,
};

/// Runs `report` or `tag` (`list`: every invitation listed) with the store at `dir`.
pub(crate) fn run<'a>(
    config: &'a AnalysisConfig,
    dir: &Path,
    reach: Reach,
    list: bool,
    progress: &Progress,
) -> Result<Ready<'a>> {
    say_register(config, progress);
    let mut spill = Spill::new(&spill_place(dir));
    let (mut ingested, reading) = spill_inputs(config, &mut spill, progress)?;
    let read = reading.read;
    let inputs = progress.stage("copies", || input_copies(&mut spill, reading))?;
    ingested.counts.rows_accepted = inputs.kept as u64;
    ingested.counts.duplicates_removed = (read - inputs.kept) as u64;
    debug_assert!(ingested.counts.balances(), "{:?}", ingested.counts);
    // Only a store-only run (`--history` and no INPUT) may read no invitation from its inputs.
    let store_only = config.ingest.inputs.is_empty();
    say_ingested(&ingested, store_only, progress)?;

    if inputs.kept == 0 && !dir.exists() {
        return Err(Error::InputUnreadable {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no history store there, and no INPUT to start one with",
            ),
        });
    }
    let mut store = history::Store::open(dir, || {
        progress.say(&format!(
            "waiting for another run to finish with the history store {}",
            dir.display()
        ))
    })?;
    let as_of = config.as_of.unwrap_or_else(|| {
        inputs
            .latest
            .max(store.latest().unwrap_or(DateTime::<Utc>::MIN_UTC))
    });
    // An earlier format's months are all read and rewritten, even those whose rows did not
    // change.
    let outdated = store.is_outdated();
    let months = read_months(config, &store, &inputs, reach, as_of, outdated, progress);

    let rules = &config.tagging.rules;
    let rules_sha256 = rules.sha256();
    let found = progress.stage("tag", || {
        tag_months(config, &mut store, &mut spill, &months)
    })?;
    let merged: usize = found.sizes.iter().map(|(_, size)| size).sum();
    if merged == 0 {
        return Err(Error::BadData(format!(
            "the history store {} is empty and no INPUT gave an invitation: name this month's export",
            dir.display()
        )));
    }
    // The as-of once copies are merged (a copy that lost to a stored one no longer counts), as
    // a later run from the store alone will see it.
    let as_of = config.as_of.unwrap_or_else(|| {
        store
            .latest_except(&months)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
            .max(found.latest)
    });
    let window = DecisionWindow {
        as_of,
        grace: chrono::Duration::days(i64::from(config.grace_days)),
    };
    let stored_before = store.len();
    let stored_read = store.len_read();
    let written = progress.stage("write history", || {
        write_months(
            &mut store,
            &mut spill,
            &found,
            &rules_sha256,
            window,
            list,
            outdated,
            progress,
        )
    })?;
    // The months' working memory goes back to the system before the metrics take theirs.
    crate::memory::release_free_memory();
    store.finish(
        &rules_sha256,
        history::RunFacts {
            senders: config
                .tagging
                .senders_file
                .as_ref()
                .map(|f| f.path.as_path()),
            linkedin: ingested.files.iter().any(ingest::InputFile::is_linkedin),
        },
    )?;
    progress.say(&format!(
        "history {}: {} invitations ({} stored + {} read − {} already stored), {} of {} months rewritten",
        dir.display(),
        store.len(),
        stored_before,
        inputs.kept,
        stored_read + inputs.kept - merged,
        written.rewritten,
        store.months().count()
    ));
    // A listing that could not be written fails the run, once the store is written whole.
    let listing = written.listing?;
    let left = written.outcomes.rows.len();
    say_after_as_of(written.after_as_of, left, as_of, progress)?;
    let months = store.months_by(as_of).collect();
    Ok(Ready {
        outcomes: written.outcomes,
        tagged: listing.map(TaggedRows::Spilled),
        read: Read {
            ingested,
            months,
            as_of,
            after_as_of: written.after_as_of,
            store: Some(store),
        },
    })
}

/// Where the run's spill goes: on the store's disk, in the store if it exists, else beside it
/// (a run that fails before the store is opened then leaves no store folder behind, though the
/// folders above it, made for the spill, stay).
fn spill_place(dir: &Path) -> std::path::PathBuf {
    if dir.exists() {
        return dir.to_path_buf();
    }
    match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => ".".into(),
    }
}

/// What reading the inputs found, but the invitations (in the spill).
struct Reading {
    /// Invitations read, copies and all.
    read: usize,
    /// Each month's invitations as read: kept as they are unless some may be copies.
    months: BTreeMap<YearMonth, MonthRead>,
    /// The rows that may be copies of another (`ingest::PossibleCopies`), and each row's month.
    copies: ingest::PossibleCopies,
    row_months: Vec<YearMonth>,
}

/// What a month's invitations mention.
#[derive(Debug, Clone, Copy)]
struct MonthRead {
    /// The latest time, and the earliest arrival.
    latest: DateTime<Utc>,
    first_arrival: DateTime<Utc>,
}

impl MonthRead {
    /// Of `invitations`, all of one month; `None` without any.
    fn of(invitations: &[Invitation]) -> Option<MonthRead> {
        Some(MonthRead {
            latest: latest_timestamp(invitations),
            first_arrival: invitations.iter().map(|i| i.received_at).min()?,
        })
    }

    fn of_one(invitation: &Invitation) -> MonthRead {
        MonthRead {
            latest: latest_timestamp(std::slice::from_ref(invitation)),
            first_arrival: invitation.received_at,
        }
    }

    fn and(self, other: MonthRead) -> MonthRead {
        MonthRead {
            latest: self.latest.max(other.latest),
            first_arrival: self.first_arrival.min(other.first_arrival),
        }
    }
}

/// Reads the inputs into `spill`; gives what ingest read, and what the reading found.
fn spill_inputs(
    config: &AnalysisConfig,
    spill: &mut Spill,
    progress: &Progress,
) -> Result<(ingest::Ingested, Reading)> {
    let mut reading = Reading {
        read: 0,
        months: BTreeMap::new(),
        copies: ingest::PossibleCopies::default(),
        row_months: Vec::new(),
    };
    let mut failed = None;
    let ingested = progress.stage("read", || {
        let mut bar = progress.bar("reading");
        let result = ingest::read_all(
            &config.ingest,
            &mut |done, total| bar.update(done, total),
            BATCH_ROWS,
            &mut |rows| {
                reading.read += rows.len();
                reading.copies.add(&rows);
                for invitation in &rows {
                    let month = YearMonth::of(invitation.received_at);
                    reading.row_months.push(month);
                    let seen = MonthRead::of_one(invitation);
                    let entry = reading.months.entry(month).or_insert(seen);
                    *entry = entry.and(seen);
                }
                match spill.add(rows) {
                    Ok(()) => std::ops::ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        std::ops::ControlFlow::Break(())
                    }
                }
            },
        );
        drop(bar);
        result
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok((ingested, reading)),
    }
}

/// The inputs once each month of them is deduplicated.
struct Inputs {
    /// Invitations kept.
    kept: usize,
    /// The latest time they mention.
    latest: DateTime<Utc>,
    /// Each month's earliest arrival.
    first_arrival: BTreeMap<YearMonth, DateTime<Utc>>,
}

/// Deduplicates each month of the inputs in `spill` that may hold copies, in place (copies
/// arrived in the same minute, so a month's copies are all in it); the others are as read.
fn input_copies(spill: &mut Spill, reading: Reading) -> Result<Inputs> {
    let Reading {
        read,
        mut months,
        copies,
        row_months,
    } = reading;
    let with_copies: BTreeSet<YearMonth> = copies
        .rows()
        .into_iter()
        .map(|row| row_months[row])
        .collect();
    drop((copies, row_months));
    let mut removed = 0;
    for month in with_copies {
        let rows = spill.month(month)?;
        let before = rows.len();
        let kept = ingest::deduplicate(rows);
        if kept.len() < before {
            spill.replace(month, &kept)?;
            removed += before - kept.len();
            // Merged copies keep the times of the copy with the most advanced outcome.
            match MonthRead::of(&kept) {
                Some(seen) => months.insert(month, seen),
                None => months.remove(&month),
            };
        }
    }
    Ok(Inputs {
        kept: read - removed,
        latest: months
            .values()
            .map(|m| m.latest)
            .max()
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        first_arrival: months
            .into_iter()
            .map(|(month, seen)| (month, seen.first_arrival))
            .collect(),
    })
}

/// The stored months a run reads besides those its inputs arrived in.
#[derive(Debug, Clone, Copy)]
enum Needed {
    Every,
    /// First and last month of a report's trend window.
    Window(YearMonth, YearMonth),
    None,
}

/// The months the run reads and writes, oldest first: those its inputs arrived in (copies of
/// an invitation arrived in the same minute, so they meet there) and the stored ones `reach`
/// asks for; every stored month when the rules changed (so that the whole store is tagged by
/// one set of rules) or the store must be rewritten (`Store::is_outdated`). Says why when the
/// whole store is read, and how much of it is when not.
fn read_months(
    config: &AnalysisConfig,
    store: &history::Store,
    inputs: &Inputs,
    reach: Reach,
    as_of: DateTime<Utc>,
    outdated: bool,
    progress: &Progress,
) -> BTreeSet<YearMonth> {
    let dir = store.dir();
    let mut months: BTreeSet<YearMonth> = store.months_by(as_of).collect();
    months.extend(
        inputs
            .first_arrival
            .iter()
            .filter(|(_, &first)| first <= as_of)
            .map(|(month, _)| *month),
    );
    let rules_changed = store
        .rules_sha256()
        .is_some_and(|old| old != config.tagging.rules.sha256());
    if rules_changed {
        progress.say(&format!(
            "the tagging rules changed since the history store was written: re-tagging its {} invitations",
            store.len()
        ));
    }
    if outdated {
        progress.say(&format!(
            "the history store {} needs rewriting in this version's format (written by an earlier invitescope, or a month restored from an older copy): re-tagging and rewriting its {} invitations",
            dir.display(),
            store.len()
        ));
    }
    let needed = match reach {
        _ if rules_changed || outdated => Needed::Every,
        Reach::Everything => Needed::Every,
        Reach::Report(choice) => match choose_period(choice, &months, as_of) {
            Ok((Some(month), _)) => Needed::Window(metrics::trend_months(month)[0], month),
            Ok((None, _)) => Needed::Every,
            // A month without invitations: the report stops and says so, from `months`.
            Err(_) => Needed::None,
        },
    };
    let arrival = &inputs.first_arrival;
    let wanted: BTreeSet<YearMonth> = store
        .months()
        .filter(|m| match needed {
            Needed::Every => true,
            Needed::Window(first, last) => arrival.contains_key(m) || (first..=last).contains(m),
            Needed::None => arrival.contains_key(m),
        })
        .collect();
    let months_stored = store.months().count();
    if wanted.len() < months_stored {
        progress.say(&format!(
            "history {}: reading {} of its {} months ({} of {} invitations); the report needs no more",
            dir.display(),
            wanted.len(),
            months_stored,
            wanted.iter().map(|&m| store.len_of(m)).sum::<usize>(),
            store.len()
        ));
    }
    wanted.into_iter().chain(arrival.keys().copied()).collect()
}

/// What tagging every month read found.
struct Found<'a> {
    retagger: tag::Retagger<'a>,
    keys: tag::MaskedNotes,
    /// Each invitation's, month after month.
    partials: Vec<tag::Partial>,
    /// Each month read and its invitations, oldest first.
    sizes: Vec<(YearMonth, usize)>,
    /// The latest time the months read mention, to the microsecond (as stored).
    latest: DateTime<Utc>,
}

/// Merges each of `months` (stored and the run's) and tags it, keeping of each invitation only
/// its `Partial`; then clusters the templates, with the masked notes of the months not read.
fn tag_months<'a>(
    config: &'a AnalysisConfig,
    store: &mut history::Store,
    spill: &mut Spill,
    months: &BTreeSet<YearMonth>,
) -> Result<Found<'a>> {
    let mut stream = tag::Stream::with_reasons(&config.tagging.rules, config.tag_options());
    let mut partials = Vec::new();
    let mut sizes = Vec::with_capacity(months.len());
    let mut latest = DateTime::<Utc>::MIN_UTC;
    for &month in months {
        let merged = history::merge(store.read_month(month)?, spill.month(month)?);
        for batch in merged.chunks(BATCH_ROWS) {
            partials.extend(stream.tag(batch));
        }
        latest = latest.max(latest_stored(&merged));
        sizes.push((month, merged.len()));
    }
    crate::memory::release_free_memory();
    // The notes of the months not read count toward templates, as if they had been read: a
    // month's tags do not depend on which months a run reads.
    let others = store.unread_template_keys()?;
    let (retagger, keys) = stream.finish_retagger_among(partials.iter().copied(), &others);
    Ok(Found {
        retagger,
        keys,
        partials,
        sizes,
        latest,
    })
}

/// The latest time `invitations` mention, as the store keeps it (to the microsecond).
fn latest_stored(invitations: &[Invitation]) -> DateTime<Utc> {
    let latest = latest_timestamp(invitations);
    DateTime::from_timestamp_micros(latest.timestamp_micros()).unwrap_or(latest)
}

/// What writing the months gave.
struct Written {
    rewritten: usize,
    /// Each invitation at or before the as-of instant, month after month.
    outcomes: Outcomes,
    after_as_of: u64,
    /// `tagged.csv`, when listing, or what stopped it being written (the store was written
    /// whole all the same).
    listing: Result<Option<std::fs::File>>,
}

/// Merges each month read again, tags it with its reasons, writes it to the store if it
/// changed (or, with `rewrite`, whatever it holds), and reduces it to its outcomes as of
/// `window` (and lists it, with `list`).
#[allow(clippy::too_many_arguments)]
fn write_months(
    store: &mut history::Store,
    spill: &mut Spill,
    found: &Found<'_>,
    rules_sha256: &str,
    window: DecisionWindow,
    list: bool,
    rewrite: bool,
    progress: &Progress,
) -> Result<Written> {
    let mut listing = match list {
        true => Some(Listing::new(spill)),
        false => None,
    };
    // Sized once: grown by doubling, a million outcomes held two buffers at once.
    let mut outcomes = Outcomes {
        rows: Vec::with_capacity(found.partials.len()),
        companies: Vec::new(),
    };
    let mut companies = Companies::default();
    let mut rewritten = 0;
    let mut after_as_of = 0;
    let mut at = 0;
    let mut bar = progress.count_bar("writing");
    let total = found.partials.len() as u64;
    for &(month, size) in &found.sizes {
        let (stored, as_stored) = store.read_month_as_stored(month)?;
        let merged = history::merge(stored, spill.month(month)?);
        if merged.len() != size {
            return Err(Error::Internal(format!(
                "history: {month} gave {} invitations when read again, {size} before",
                merged.len()
            )));
        }
        let partials = &found.partials[at..at + size];
        at += size;
        // A stored month without a row (not one the store writes) is left as it is.
        if size == 0 {
            continue;
        }
        let tags: Vec<Tags> = merged
            .chunks(BATCH_ROWS)
            .zip(partials.chunks(BATCH_ROWS))
            .flat_map(|(batch, partials)| found.retagger.tag(batch, partials))
            .collect();
        let keys: Vec<TemplateKey> = partials.iter().map(|&p| found.keys.of(p)).collect();
        let written = store.write_month(
            month,
            &merged,
            &tags,
            &keys,
            rules_sha256,
            rewrite,
            Some(as_stored),
        )?;
        if written {
            rewritten += 1;
        }
        drop(keys);
        let (seen, tags): (Vec<Invitation>, Vec<Tags>) = merged
            .into_iter()
            .zip(tags)
            .filter_map(|(invitation, tags)| Some((invitation.as_seen_at(window.as_of)?, tags)))
            .unzip();
        after_as_of += (size - seen.len()) as u64;
        let tagged = Tagged::new(seen, tags, &window);
        outcomes.add(&tagged, &mut companies);
        if let Some(listing) = &mut listing {
            listing.write(&tagged);
        }
        bar.update(at as u64, total);
    }
    drop(bar);
    outcomes.companies = companies.names;
    let listing = listing.map(Listing::finish).transpose();
    Ok(Written {
        rewritten,
        outcomes,
        after_as_of,
        listing,
    })
}

/// `tagged.csv` as the months are written, in a temporary file in the spill's folder; the
/// first error stops it, and is kept for the end.
struct Listing(Result<TaggedCsv<std::fs::File>>);

impl Listing {
    /// What its errors name: the file has no name of its own.
    const NAME: &'static str = "the run's temporary copy of tagged.csv";

    fn new(spill: &mut Spill) -> Listing {
        Listing(
            spill
                .file()
                .and_then(|file| TaggedCsv::new(file).map_err(|e| Error::output(Self::NAME, e))),
        )
    }

    fn write(&mut self, tagged: &Tagged) {
        if let Ok(csv) = &mut self.0 {
            if let Err(e) = csv.write(tagged) {
                self.0 = Err(Error::output(Self::NAME, e));
            }
        }
    }

    fn finish(self) -> Result<std::fs::File> {
        self.0
            .and_then(|csv| csv.finish().map_err(|e| Error::output(Self::NAME, e)))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use arcstr::ArcStr;

    use super::*;
    use crate::config::{MonthChoice, TaggingConfig, Verbosity};
    use crate::ingest::IngestConfig;
    use crate::tag::{Rules, TagOptions};
    use crate::test_data::{copies_of, generated};

    fn config(input: PathBuf, store: &Path) -> AnalysisConfig {
        AnalysisConfig {
            ingest: IngestConfig {
                inputs: vec![input],
                strict: false,
                timezone: chrono_tz::Tz::UTC,
                response_window_days: 30,
            },
            as_of: None,
            grace_days: 14,
            template_min: 2,
            tagging: TaggingConfig {
                rules: Rules::embedded(),
                senders: None,
                senders_file: None,
            },
            history: Some(store.to_path_buf()),
        }
    }

    /// Outcomes as text (an hour that does not count is NaN, never equal to itself).
    fn printed(outcomes: &Outcomes) -> String {
        format!("{:?} {:?}", outcomes.rows, outcomes.companies)
    }

    /// The outcomes and `tagged.csv` of `invitations` held whole and tagged at once (`tags`),
    /// as of the latest time they mention.
    fn held(
        invitations: Vec<Invitation>,
        tags: Vec<Tags>,
        as_of: DateTime<Utc>,
    ) -> (String, Vec<u8>) {
        let (seen, tags): (Vec<Invitation>, Vec<Tags>) = invitations
            .into_iter()
            .zip(tags)
            .filter_map(|(i, t)| Some((i.as_seen_at(as_of)?, t)))
            .unzip();
        let window = DecisionWindow {
            as_of,
            grace: chrono::Duration::days(14),
        };
        let tagged = Tagged::new(seen, tags, &window);
        let csv = crate::report::tables::write_tagged_csv(&tagged, Vec::new()).unwrap();
        (printed(&Outcomes::of(&tagged)), csv)
    }

    /// A second run over a store, a month at a time, gives what the run that held every
    /// invitation gave: the store's invitations and the new ones merged (`history::merge` over
    /// all of them at once), tagged at once, as of the latest time. Once reading every month
    /// and listing them, once reading only a report's window, the months before it counting
    /// toward templates through their stored masked notes.
    #[test]
    fn a_run_a_month_at_a_time_gives_what_the_invitations_held_give() {
        let folder = tempfile::tempdir().unwrap();
        let a = generated(folder.path(), "a.csv", 900, 5);
        // One personal note sent twice: in the first month, which the report's run does not
        // read, and in the last. With `--template-min 2` the last month's copy is mass-sent only
        // if the first month's counts.
        let text = std::fs::read_to_string(&a).unwrap();
        let note = "Hi Hannah, I saw your talk on data teams at PyData Berlin last week. Best, Sam";
        let same_note = [("2025-09-02T10:00:00Z", "1"), ("2026-10-20T10:00:00Z", "2")]
            .map(|(at, n)| {
                format!(
                    "x-{n},{at},Sam Pae {n},https://www.linkedin.com/in/sam-pae-{n},Data lead,Acme,\"{note}\",pending,,,Hannah Okafor\n"
                )
            })
            .concat();
        std::fs::write(&a, text + &same_note).unwrap();
        // Rows 100–299 again: copies of stored invitations that merge by URL and by name, and
        // advance them.
        let b = copies_of(&a, 100..300, folder.path().join("b.csv"));
        let quiet = Progress::new(Verbosity::Quiet);
        let rules = Rules::embedded();
        let options = TagOptions {
            template_min: 2,
            senders: None,
        };
        let ingested = |path: &Path| {
            crate::ingest::ingest(&config(path.to_path_buf(), folder.path()).ingest)
                .unwrap()
                .invitations
        };
        let merged = history::merge(ingested(&a), ingested(&b));
        let as_of = latest_timestamp(&merged);
        let months: BTreeSet<YearMonth> = merged
            .iter()
            .map(|i| YearMonth::of(i.received_at))
            .collect();
        assert!(
            months.len() > 13,
            "{months:?}: some months before a report's window"
        );
        let last = *months.last().unwrap();
        let window_start = metrics::trend_months(last)[0];
        let arrived_in_b: BTreeSet<YearMonth> = ingested(&b)
            .iter()
            .map(|i| YearMonth::of(i.received_at))
            .collect();

        for (reach, list) in [
            (Reach::Everything, true),
            (Reach::Report(MonthChoice::Month(last)), false),
        ] {
            let store = tempfile::tempdir().unwrap();
            run(
                &config(a.clone(), store.path()),
                store.path(),
                Reach::Everything,
                false,
                &quiet,
            )
            .unwrap();
            let second = config(b.clone(), store.path());
            let ready = run(&second, store.path(), reach, list, &quiet).unwrap();
            assert_eq!(ready.read.as_of, as_of);
            assert_eq!(ready.read.ingested.counts.rows_accepted, 200);
            let (read, unread): (Vec<Invitation>, Vec<Invitation>) =
                merged.iter().cloned().partition(|i| {
                    let month = YearMonth::of(i.received_at);
                    // The report's window, and the months the new invitations arrived in.
                    list || month >= window_start || arrived_in_b.contains(&month)
                });
            assert_eq!(unread.is_empty(), list);
            // The months not read count through their masked notes (`tag_among`'s keys).
            let others: Vec<ArcStr> = tag::tag_among(&unread, &rules, options, &[])
                .1
                .into_iter()
                .flatten()
                .collect();
            let (tags, _) = tag::tag_among(&read, &rules, options, &others);
            let (outcomes, csv) = held(read, tags, as_of);
            // Some notes mass-sent, or the templates would not be tested.
            let text = String::from_utf8(csv.clone()).unwrap();
            assert!(text.contains(",mass-sent: template shared by "));
            // The note sent twice is mass-sent in the last month, read or not the first.
            let last_copy = text
                .lines()
                .find(|l| l.starts_with("x-2,"))
                .unwrap_or_default();
            assert!(last_copy.contains(",generic,"), "{last_copy}");
            assert!(printed(&ready.outcomes) == outcomes, "{reach:?}");
            if let Some(listed) = ready.tagged {
                let got = listed.write(&quiet, Vec::new(), |e| panic!("{e}")).unwrap();
                assert!(got == csv, "tagged.csv");
            }
        }
    }
}
