//! The report's streaming run: invitations are tagged a batch at a time as they are read, and
//! each is reduced to what its outcome needs (`Row`, 52 bytes) before the next batch is read.
//! No invitation is held with its texts past its batch, where the held run (`lib::prepare`)
//! holds every one until the metrics. What the run keeps of texts is one copy of each distinct
//! company name and masked note (the templates need those), and, at the end, the invitations
//! that may be copies of another, read again. Used by `report` without `--emit-tagged` or
//! `--history`; never writes anything itself.
//!
//! What needs every invitation waits for the end, on the rows: copies of one invitation across
//! overlapping exports (the rows that may be copies are read again, and only they), the as-of
//! instant (the latest time in the data), and mass-sent templates (`tag::Stream::finish`). The
//! outcomes are those the other runs give from the same inputs, to the byte.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use arcstr::ArcStr;
use chrono::{DateTime, Utc};
use rustc_hash::FxBuildHasher;

use crate::error::{Error, Result};
use crate::ingest::{self, IngestConfig, Ingested};
use crate::model::{
    DecisionWindow, Invitation, KnownOutcomes, Outcome, Outcomes, Status, TaggedInvitation, Tags,
};
use crate::progress::Progress;
use crate::tag::{self, Rules, TagOptions};
use crate::Read;

// Invitations tagged at once (`tag::BATCH_ROWS`): enough for both cores to share the work,
// few enough that a batch's texts and working memory stay a small part of the run's.
use tag::BATCH_ROWS;

/// Options of the run.
pub struct StreamConfig<'a> {
    pub ingest: &'a IngestConfig,
    pub rules: &'a Rules,
    pub options: TagOptions<'a>,
    /// `--as-of`; the latest time in the data without it.
    pub as_of: Option<DateTime<Utc>>,
    /// `--grace-days` as a duration.
    pub grace: chrono::Duration,
}

/// What a run keeps of one invitation: the times and status its outcome is made of, its
/// company as a place in `Companies`, and its tags but the templates.
#[derive(Debug, Clone, Copy)]
struct Row {
    received_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    responded_at: Option<DateTime<Utc>>,
    company: u32,
    tags: tag::Partial,
    status: Status,
    responded: bool,
    known: KnownOutcomes,
}

// What the module's doc says a row costs.
const _: () = assert!(std::mem::size_of::<Row>() == 52);

impl Row {
    fn of(invitation: &Invitation, tags: tag::Partial, company: u32) -> Row {
        Row {
            received_at: invitation.received_at,
            accepted_at: invitation.accepted_at,
            responded_at: invitation.responded_at,
            company,
            tags,
            status: invitation.status,
            responded: invitation.responded,
            known: invitation.known,
        }
    }

    /// The invitation the row stands for, without its texts: the outcome reads none of them.
    fn invitation(&self) -> Invitation {
        Invitation {
            invite_id: Default::default(),
            source: ArcStr::new(),
            line: 0,
            received_at: self.received_at,
            recipient: ArcStr::new(),
            sender_name: ArcStr::new(),
            sender_profile_url: ArcStr::new(),
            sender_headline: ArcStr::new(),
            sender_company: ArcStr::new(),
            message: ArcStr::new(),
            status: self.status,
            accepted_at: self.accepted_at,
            responded: self.responded,
            responded_at: self.responded_at,
            explicit_category: None,
            known: self.known,
        }
    }

    /// The row as it stood at `instant` (`Invitation::as_seen_at`).
    fn as_seen_at(self, instant: DateTime<Utc>) -> Option<Row> {
        let seen = self.invitation().as_seen_at(instant)?;
        Some(Row {
            accepted_at: seen.accepted_at,
            responded_at: seen.responded_at,
            status: seen.status,
            responded: seen.responded,
            ..self
        })
    }
}

/// The distinct company names, each with its place, in order of first appearance.
#[derive(Default)]
struct Companies {
    places: HashMap<ArcStr, u32, FxBuildHasher>,
    names: Vec<ArcStr>,
}

impl Companies {
    fn place(&mut self, name: &ArcStr) -> u32 {
        if let Some(&place) = self.places.get(name) {
            return place;
        }
        self.names.push(ArcStr::clone(name));
        let place = u32::try_from(self.names.len() - 1).expect("fewer than 2³² company names");
        self.places.insert(ArcStr::clone(name), place);
        place
    }
}

/// The rows read so far, and what tagging them needs to remember.
struct Reading<'a> {
    stream: tag::Stream<'a>,
    rows: Vec<Row>,
    companies: Companies,
    copies: ingest::PossibleCopies,
    /// Time spent in the tagger, for `-v`.
    tagging: Duration,
    /// Invitations tagged at once (`BATCH_ROWS`; fewer in tests).
    batch: usize,
}

impl<'a> Reading<'a> {
    fn new(config: &StreamConfig<'a>, batch: usize) -> Reading<'a> {
        Reading {
            stream: tag::Stream::new(config.rules, config.options),
            rows: Vec::new(),
            companies: Companies::default(),
            copies: ingest::PossibleCopies::default(),
            tagging: Duration::ZERO,
            batch,
        }
    }

    /// Tags a batch and keeps a row of each invitation; then lets the batch go.
    fn add(&mut self, invitations: Vec<Invitation>) {
        self.copies.add(&invitations);
        let started = Instant::now();
        let tags = self.stream.tag(&invitations);
        self.tagging += started.elapsed();
        for (invitation, tags) in invitations.iter().zip(tags) {
            let company = self.companies.place(&invitation.sender_company);
            self.rows.push(Row::of(invitation, tags, company));
        }
        // Half the texts on each core: freeing a batch's one by one takes a tenth of its tagging.
        let (left, right) = {
            let mut left = invitations;
            let right = left.split_off(left.len() / 2);
            (left, right)
        };
        rayon::join(|| drop(left), || drop(right));
    }

    /// Merges copies of one invitation as `ingest::deduplicate` merges them: the rows that may
    /// be copies (`PossibleCopies`) are fetched by reading the inputs again, deduplicated among
    /// themselves and tagged again as merged; the other rows stand as they are. `ingested` is
    /// what the first read gave, to check that the inputs have not changed since.
    fn merge_copies(
        &mut self,
        config: &StreamConfig<'_>,
        progress: &Progress,
        ingested: &Ingested,
    ) -> Result<()> {
        let possible = self.copies.rows();
        if possible.is_empty() {
            return Ok(());
        }
        progress.say(&format!(
            "{} invitations may be copies of one another: reading the inputs again for them",
            possible.len()
        ));
        let mut again: Vec<Invitation> = Vec::with_capacity(possible.len());
        let mut next = 0;
        let mut wanted = possible.iter().copied().peekable();
        let mut bar = progress.bar("reading again");
        let reread = ingest::read_all(
            config.ingest,
            &mut |done, total| bar.update(done, total),
            self.batch,
            &mut |chunk| {
                for invitation in chunk {
                    if wanted.next_if_eq(&next).is_some() {
                        again.push(invitation);
                    }
                    next += 1;
                }
            },
        )?;
        drop(bar);
        unchanged(ingested, &reread, next == self.rows.len())?;
        let (merged, kept) = ingest::deduplicate_kept(again);
        // A batch at a time, as `Stream::tag` asks: with overlapping exports most rows may be
        // copies.
        let tags: Vec<tag::Partial> = merged
            .chunks(self.batch)
            .flat_map(|batch| self.stream.tag(batch))
            .collect();
        let mut keep = vec![true; self.rows.len()];
        for &row in &possible {
            keep[row] = false;
        }
        for ((invitation, tags), place) in merged.iter().zip(tags).zip(kept) {
            let row = possible[place];
            keep[row] = true;
            let company = self.companies.place(&invitation.sender_company);
            self.rows[row] = Row::of(invitation, tags, company);
        }
        let mut place = 0..;
        self.rows
            .retain(|_| place.next().is_some_and(|row| keep[row]));
        Ok(())
    }
}

/// An error unless the inputs read again (`now`) are those read first (`before`), file for
/// file, with as many rows (`same_rows`: as many invitations too).
fn unchanged(before: &Ingested, now: &Ingested, same_rows: bool) -> Result<()> {
    if now.files.len() != before.files.len() {
        return Err(Error::BadData(format!(
            "the inputs changed while the run read them (read again for copies of one \
             invitation): {} files, then {}; run again once they no longer change",
            before.files.len(),
            now.files.len()
        )));
    }
    let changed = now
        .files
        .iter()
        .zip(&before.files)
        .find(|(now, before)| now.sha256 != before.sha256 || now.path != before.path);
    if let Some((file, _)) = changed {
        return Err(Error::BadData(format!(
            "{}: changed while the run read it (read again for copies of one invitation); \
             run again once it no longer changes",
            file.path
        )));
    }
    // The same files by content give the same rows; a difference here is a bug, not a change.
    if now.counts != before.counts || !same_rows {
        return Err(Error::Internal(
            "reading the same inputs again gave other rows".into(),
        ));
    }
    Ok(())
}

/// Reads, deduplicates and tags the inputs, and gives each invitation's outcome.
/// Gives each invitation at or before the as-of instant once, in input order, as an `Outcome`;
/// and what the run read (no history store).
pub fn run(config: &StreamConfig<'_>, progress: &Progress) -> Result<(Outcomes, Read)> {
    run_batched(config, progress, BATCH_ROWS)
}

/// `run`, tagging `batch` invitations at a time.
fn run_batched(
    config: &StreamConfig<'_>,
    progress: &Progress,
    batch: usize,
) -> Result<(Outcomes, Read)> {
    let mut reading = Reading::new(config, batch);
    let ingested = progress.stage("read and tag", || {
        let mut bar = progress.bar("reading");
        let mut pending: Vec<Invitation> = Vec::new();
        let result = ingest::read_all(
            config.ingest,
            &mut |done, total| bar.update(done, total),
            batch,
            &mut |rows| {
                // Small files' rows wait for the next file's, so that a batch is not tiny.
                if pending.is_empty() {
                    pending = rows;
                } else {
                    pending.extend(rows);
                }
                if pending.len() >= batch {
                    reading.add(std::mem::take(&mut pending));
                }
            },
        );
        drop(bar);
        // After an error (`--strict`) the run stops: the last rows need no tagging.
        if result.is_ok() && !pending.is_empty() {
            reading.add(pending);
        }
        result
    });
    progress.detail(&format!(
        "tagging took {:.2} s of it",
        reading.tagging.as_secs_f64()
    ));
    let mut ingested = ingested?;

    let read = reading.rows.len();
    progress.stage("copies", || {
        reading.merge_copies(config, progress, &ingested)
    })?;
    let Reading {
        stream,
        rows,
        companies,
        copies,
        ..
    } = reading;
    // 16 bytes a row, not needed any more.
    drop(copies);
    ingested.counts.rows_accepted = rows.len() as u64;
    ingested.counts.duplicates_removed = (read - rows.len()) as u64;
    debug_assert!(ingested.counts.balances(), "{:?}", ingested.counts);

    let as_of = config.as_of.unwrap_or_else(|| {
        crate::latest_of(
            rows.iter()
                .map(|r| (r.received_at, r.accepted_at, r.responded_at)),
        )
    });
    let arrived = rows.len();
    let rows: Vec<Row> = rows
        .into_iter()
        .filter_map(|r| r.as_seen_at(as_of))
        .collect();
    let after_as_of = (arrived - rows.len()) as u64;

    let outcomes = progress.stage("templates and outcomes", || {
        // The outcomes first, all but their personalisation, which the templates decide: the
        // rows can go before the templates take their working memory (each row's 52 bytes
        // become an outcome's 32 and its `Partial`'s 8).
        let window = config.as_of_window(as_of);
        let partials: Vec<tag::Partial> = rows.iter().map(|r| r.tags).collect();
        let mut outcomes = outcomes_of(&rows, &stream, &companies.names, window);
        drop((rows, companies));
        let finished = stream.finish(partials.iter().copied());
        for (outcome, &partial) in outcomes.rows.iter_mut().zip(&partials) {
            *outcome = outcome.with_personalisation(finished.personalisation(partial));
        }
        drop((partials, finished));
        // The notes and their templates are let go: their pages go back to the system before
        // the metrics take theirs.
        crate::memory::release_free_memory();
        outcomes
    });
    let months = outcomes.rows.iter().map(Outcome::month).collect();
    let read = Read {
        ingested,
        months,
        as_of,
        after_as_of,
        store: None,
    };
    Ok((outcomes, read))
}

impl StreamConfig<'_> {
    fn as_of_window(&self, as_of: DateTime<Utc>) -> DecisionWindow {
        DecisionWindow {
            as_of,
            grace: self.grace,
        }
    }
}

/// Each row's `Outcome`, and the companies they name, in order of first appearance among them
/// (as `Outcomes::of` gives them). The personalisation is the one the note alone gives
/// (`Stream::before_templates`): the caller sets the templates' afterwards.
fn outcomes_of(
    rows: &[Row],
    stream: &tag::Stream<'_>,
    names: &[ArcStr],
    window: DecisionWindow,
) -> Outcomes {
    use rayon::prelude::*;
    let mut renumbered = vec![u32::MAX; names.len()];
    let mut companies = Vec::new();
    let company: Vec<u32> = rows
        .iter()
        .map(|r| {
            let place = &mut renumbered[r.company as usize];
            if *place == u32::MAX {
                companies.push(ArcStr::clone(&names[r.company as usize]));
                *place = u32::try_from(companies.len() - 1).expect("fewer than 2³² company names");
            }
            *place
        })
        .collect();
    let rows = rows
        .par_iter()
        .zip(company)
        .map(|(row, company)| {
            let invitation = row.invitation();
            let (sender_category, personalisation, courtesy) = stream.before_templates(row.tags);
            let tags = Tags {
                sender_category,
                category_reason: ArcStr::new(),
                personalisation,
                personalisation_reason: ArcStr::new(),
                courtesy,
                courtesy_reason: ArcStr::new(),
                note_chars: 0,
                template_id: None,
                template_size: 0,
            };
            let tagged = TaggedInvitation {
                invitation: &invitation,
                tags: &tags,
                decided: window.decided(&invitation),
            };
            Outcome::of(tagged, company)
        })
        .collect();
    Outcomes { rows, companies }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Verbosity;
    use crate::model::SenderCategory;

    const TWO_COPIES: &str = "\
received_at,sender_name,sender_profile_url,sender_headline,recipient,message,status
2026-09-01T09:00:00Z,Ann Lee,https://www.linkedin.com/in/ann-lee,,Sam,Hi Sam,pending
2026-09-02T09:00:00Z,Bob Ray,https://www.linkedin.com/in/bob-ray,Recruiter at Hays,Sam,,declined
2026-09-01T09:00:30Z,Ann Lee,,Recruitment consultant at Hays,Sam,,accepted
";

    fn config<'a>(ingest: &'a IngestConfig, rules: &'a Rules) -> StreamConfig<'a> {
        StreamConfig {
            ingest,
            rules,
            options: TagOptions {
                template_min: 5,
                senders: None,
            },
            as_of: None,
            grace: chrono::Duration::days(14),
        }
    }

    fn ingest_config(inputs: Vec<std::path::PathBuf>) -> IngestConfig {
        IngestConfig {
            inputs,
            strict: false,
            timezone: chrono_tz::Tz::UTC,
            response_window_days: 30,
        }
    }

    #[test]
    fn copies_are_merged_as_ingest_merges_them() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("in.csv");
        std::fs::write(&path, TWO_COPIES).unwrap();
        let ingest = ingest_config(vec![path]);
        let rules = Rules::embedded();
        let quiet = Progress::new(Verbosity::Quiet);
        let (outcomes, read) = run(&config(&ingest, &rules), &quiet).unwrap();
        let counts = read.ingested.counts;
        assert_eq!((counts.rows_read, counts.rows_accepted), (3, 2));
        assert_eq!(counts.duplicates_removed, 1);
        // Ann's invitation: accepted (the later copy), her category from the copy's headline.
        let ann = &outcomes.rows[0];
        assert_eq!(ann.status(), Status::Accepted);
        assert_eq!(ann.sender_category(), SenderCategory::RecruitmentConsultant);
        assert_eq!(outcomes.rows[1].status(), Status::Declined);
    }

    /// The outcomes the held run (`lib::prepare` → `Outcomes::of`) gives, as text.
    fn held_outcomes(ingest: &IngestConfig, config: &StreamConfig<'_>) -> String {
        let invitations = ingest::ingest(ingest).unwrap().invitations;
        let as_of = crate::latest_timestamp(&invitations);
        let invitations: Vec<Invitation> = invitations
            .into_iter()
            .filter_map(|i| i.as_seen_at(as_of))
            .collect();
        let tags = tag::tag_all(&invitations, config.rules, config.options);
        let tagged = crate::model::Tagged::new(invitations, tags, &config.as_of_window(as_of));
        let outcomes = Outcomes::of(&tagged);
        format!("{:?} {:?}", outcomes.rows, outcomes.companies)
    }

    #[test]
    fn small_batches_give_the_outcomes_of_the_held_run() {
        let folder = tempfile::tempdir().unwrap();
        let a = folder.path().join("a.csv");
        let options = crate::generate::GenerateOptions {
            rows: 400,
            seed: 5,
            note_percent: 75,
            ..Default::default()
        };
        crate::generate::write_canonical(&options, std::fs::File::create(&a).unwrap()).unwrap();
        // b.csv: rows 100–249 of a.csv again, every other one without its URL, and the pending
        // ones declined: copies that merge by URL, by name, and advance the outcome.
        let mut reader = csv::Reader::from_path(&a).unwrap();
        let header = reader.headers().unwrap().clone();
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (url, status) = (at("sender_profile_url"), at("status"));
        let b = folder.path().join("b.csv");
        let mut writer = csv::Writer::from_path(&b).unwrap();
        writer.write_record(&header).unwrap();
        for (i, record) in reader.records().enumerate().skip(100).take(150) {
            let mut fields: Vec<String> = record.unwrap().iter().map(String::from).collect();
            if i % 2 == 0 {
                fields[url].clear();
            }
            if fields[status] == "pending" {
                fields[status] = "declined".into();
            }
            writer.write_record(&fields).unwrap();
        }
        writer.flush().unwrap();
        let ingest = ingest_config(vec![a, b]);
        let rules = Rules::embedded();
        let config = StreamConfig {
            options: TagOptions {
                template_min: 2,
                senders: None,
            },
            ..config(&ingest, &rules)
        };
        let held = held_outcomes(&ingest, &config);
        let quiet = Progress::new(Verbosity::Quiet);
        for batch in [7, 64, BATCH_ROWS] {
            let (outcomes, read) = run_batched(&config, &quiet, batch).unwrap();
            assert_eq!(read.ingested.counts.duplicates_removed, 150);
            let got = format!("{:?} {:?}", outcomes.rows, outcomes.companies);
            assert!(got == held, "batches of {batch}");
        }
    }

    #[test]
    fn an_input_that_changed_before_it_was_read_again_is_named() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("in.csv");
        std::fs::write(&path, TWO_COPIES).unwrap();
        let ingest = ingest_config(vec![path.clone()]);
        let rules = Rules::embedded();
        let config = config(&ingest, &rules);
        let mut reading = Reading::new(&config, BATCH_ROWS);
        let ingested = ingest::read_all(&ingest, &mut |_, _| {}, BATCH_ROWS, &mut |batch| {
            reading.add(batch)
        })
        .unwrap();
        // The file changes before its copies are read again.
        std::fs::write(&path, TWO_COPIES.replace("Hi Sam", "Hi Sam!")).unwrap();
        let merged = reading.merge_copies(&config, &Progress::new(Verbosity::Quiet), &ingested);
        let error = merged.expect_err("an error").to_string();
        assert!(
            error.contains("in.csv: changed while the run read it"),
            "{error}"
        );
    }
}
