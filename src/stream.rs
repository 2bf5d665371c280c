//! The streaming run: invitations are tagged a batch at a time as they are read, and each is
//! reduced to what its outcome needs (`Row`, 52 bytes) before the next batch is read. No
//! invitation is held with its texts past its batch, where a run holding them all (the tests'
//! reference: `ingest`, `tag::tag_all`, `Outcomes::of`) would hold every one until the
//! metrics. What the run keeps of texts is one copy of each distinct company name and masked
//! note (the templates need those), and, at the end, the invitations that may be copies of
//! another, read again. Used by `report` and `tag` without `--history`.
//!
//! What needs every invitation waits for the end, on the rows: copies of one invitation across
//! overlapping exports (the rows that may be copies are read again, and only they), the as-of
//! instant (the latest time in the data), and mass-sent templates (`tag::Stream::finish`). The
//! outcomes are those the other runs give from the same inputs, to the byte.
//!
//! Listing every invitation with its tags (`tagged.csv`, `tag`) does not hold them either (but
//! for copies merged): the run keeps what the tagger found (each note's analysis with its
//! reasons and its template, and each invitation's `Partial` and fingerprint), and
//! `Listing::write` reads the inputs again and writes each row as it comes, as a run holding
//! them all would.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use arcstr::ArcStr;
use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::ingest::{self, IngestConfig, Ingested};
use crate::model::{
    Companies, DecisionWindow, Invitation, KnownOutcomes, Outcome, Outcomes, Status, Tagged,
    TaggedInvitation, Tags,
};
use crate::progress::Progress;
use crate::report::tables::TaggedCsv;
use crate::tag::{self, Rules, TagOptions};
use crate::Read;

// Invitations tagged at once (`tag::BATCH_ROWS`): enough for both cores to share the work,
// few enough that a batch's texts and working memory stay a small part of the run's.
use tag::BATCH_ROWS;

/// Options of the run.
#[derive(Clone, Copy)]
pub struct StreamConfig<'a> {
    pub ingest: &'a IngestConfig,
    pub rules: &'a Rules,
    pub options: TagOptions<'a>,
    /// `--as-of`; the latest time in the data without it.
    pub as_of: Option<DateTime<Utc>>,
    /// `--grace-days` as a duration.
    pub grace: chrono::Duration,
    /// Whether to keep what listing every invitation with its tags needs (`Listing`).
    pub listing: bool,
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

/// The rows read so far, and what tagging them needs to remember.
struct Reading<'a> {
    stream: tag::Stream<'a>,
    rows: Vec<Row>,
    companies: Companies,
    copies: ingest::PossibleCopies,
    /// With `listing`, what the listing needs besides.
    for_listing: Option<ForListing>,
    /// Time spent in the tagger, for `-v`.
    tagging: Duration,
    /// Invitations tagged at once (`BATCH_ROWS`; fewer in tests).
    batch: usize,
}

impl<'a> Reading<'a> {
    fn new(config: &StreamConfig<'a>, batch: usize) -> Reading<'a> {
        Reading {
            // A listing tags the invitations again with their reasons, from this stream's.
            stream: if config.listing {
                tag::Stream::with_reasons(config.rules, config.options)
            } else {
                tag::Stream::new(config.rules, config.options)
            },
            rows: Vec::new(),
            companies: Companies::default(),
            copies: ingest::PossibleCopies::default(),
            for_listing: config.listing.then(ForListing::default),
            tagging: Duration::ZERO,
            batch,
        }
    }

    /// Tags a batch and keeps a row of each invitation; then lets the batch go.
    fn add(&mut self, invitations: Vec<Invitation>) {
        self.copies.add(&invitations);
        if let Some(listing) = &mut self.for_listing {
            use rayon::prelude::*;
            listing
                .fingerprints
                .par_extend(invitations.par_iter().map(fingerprint));
        }
        let started = Instant::now();
        let tags = self.stream.tag(&invitations);
        self.tagging += started.elapsed();
        for (invitation, tags) in invitations.iter().zip(tags) {
            let company = self.companies.place(&invitation.sender_company);
            self.rows.push(Row::of(invitation, tags, company));
        }
        drop_in_halves(invitations);
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
                ControlFlow::Continue(())
            },
        )?;
        drop(bar);
        unchanged(
            &ingested.files,
            &ingested.counts,
            &reread,
            next == self.rows.len(),
        )?;
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
        let mut kept_in: Vec<Option<Box<Invitation>>> = match self.for_listing {
            Some(_) => vec![None; possible.len()],
            None => Vec::new(),
        };
        for ((invitation, tags), place) in merged.into_iter().zip(tags).zip(kept) {
            let row = possible[place];
            keep[row] = true;
            let company = self.companies.place(&invitation.sender_company);
            self.rows[row] = Row::of(&invitation, tags, company);
            if let Some(listing) = &mut self.for_listing {
                listing.fingerprints[row] = fingerprint(&invitation);
                kept_in[place] = Some(Box::new(invitation));
            }
        }
        let mut place = 0..;
        self.rows
            .retain(|_| place.next().is_some_and(|row| keep[row]));
        if let Some(listing) = &mut self.for_listing {
            listing.copies = possible.into_iter().zip(kept_in).collect();
            let mut place = 0..;
            listing
                .fingerprints
                .retain(|_| place.next().is_some_and(|row| keep[row]));
        }
        Ok(())
    }
}

/// What a listing needs of the first read besides the rows (`Reading::for_listing`).
#[derive(Default)]
struct ForListing {
    /// The rows that were possible copies, in order, each with the invitation kept in its
    /// place (`None`: merged into an earlier row).
    copies: Vec<(usize, Option<Box<Invitation>>)>,
    /// Each row's `fingerprint`, in order (after the copies are merged).
    fingerprints: Vec<u64>,
    /// The inputs as first read, and what they gave.
    files: Vec<ingest::InputFile>,
    counts: crate::model::Reconciliation,
}

/// A 64-bit hash of an invitation's fields, by which reading it again finds it the same.
fn fingerprint(invitation: &Invitation) -> u64 {
    use std::hash::{Hash, Hasher};
    let i = invitation;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    (
        (&*i.invite_id, &*i.source, i.line, &*i.recipient),
        (&*i.sender_name, &*i.sender_profile_url),
        (&*i.sender_headline, &*i.sender_company, &*i.message),
        (i.received_at, i.accepted_at, i.responded_at),
        (i.status, i.responded, i.explicit_category),
    )
        .hash(&mut hasher);
    hasher.finish()
}

fn changed_while_read(file: &str) -> Error {
    Error::BadData(format!(
        "{file}: changed while the run read it (read again for copies of one invitation, or to \
         list them); run again once it no longer changes"
    ))
}

/// Frees a batch's invitations, half on each core: freeing their texts one by one takes a tenth
/// of their tagging.
fn drop_in_halves<T: Send>(mut batch: Vec<T>) {
    let right = batch.split_off(batch.len() / 2);
    rayon::join(|| drop(batch), || drop(right));
}

/// An error unless the inputs read again (`now`) are those read first (`files`, which gave
/// `counts`), file for file, with as many rows (`same_rows`: as many invitations too).
fn unchanged(
    files: &[ingest::InputFile],
    counts: &crate::model::Reconciliation,
    now: &Ingested,
    same_rows: bool,
) -> Result<()> {
    if now.files.len() != files.len() {
        return Err(Error::BadData(format!(
            "the inputs changed while the run read them (read again for copies of one \
             invitation, or to list them): {} files, then {}; run again once they no longer change",
            files.len(),
            now.files.len()
        )));
    }
    let changed = now
        .files
        .iter()
        .zip(files)
        .find(|(now, before)| now.sha256 != before.sha256 || now.path != before.path);
    if let Some((file, _)) = changed {
        return Err(changed_while_read(&file.path));
    }
    // The same files by content give the same rows; a difference here is a bug, not a change.
    if now.counts != *counts || !same_rows {
        return Err(Error::Internal(
            "reading the same inputs again gave other rows".into(),
        ));
    }
    Ok(())
}

/// What a streamed run gives.
pub struct Streamed<'a> {
    /// Each invitation at or before the as-of instant, once, in input order.
    pub outcomes: Outcomes,
    /// What the run read (no history store).
    pub read: Read,
    /// With `StreamConfig::listing`, what listing those invitations with their tags needs.
    pub listing: Option<Listing<'a>>,
}

/// Reads, deduplicates and tags the inputs, and gives each invitation's outcome.
pub fn run<'a>(config: &StreamConfig<'a>, progress: &Progress) -> Result<Streamed<'a>> {
    run_batched(config, progress, BATCH_ROWS)
}

/// `run`, tagging `batch` invitations at a time.
fn run_batched<'a>(
    config: &StreamConfig<'a>,
    progress: &Progress,
    batch: usize,
) -> Result<Streamed<'a>> {
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
                ControlFlow::Continue(())
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
    // The last batch's texts and words go back to the system before the copies' working memory
    // is taken.
    crate::memory::release_free_memory();
    // As read, for a listing's check that its read gives the same.
    if let Some(listing) = &mut reading.for_listing {
        listing.files = ingested.files.clone();
        listing.counts = ingested.counts;
    }

    let read = reading.rows.len();
    progress.stage("copies", || {
        reading.merge_copies(config, progress, &ingested)
    })?;
    let Reading {
        stream,
        rows,
        companies,
        copies,
        for_listing,
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

    let window = config.as_of_window(as_of);
    let (outcomes, retagger) = progress.stage("templates and outcomes", || {
        // The outcomes first, all but their personalisation, which the templates decide: the
        // rows can go before the templates take their working memory (each row's 52 bytes
        // become an outcome's 32 and its `Partial`'s 8).
        let (mut outcomes, partials) = outcomes_of(rows, &stream, &companies.names, window, batch);
        drop(companies);
        let (finished, retagger) = match for_listing {
            Some(_) => {
                let (finished, retagger) = stream.finish_retagger(partials.iter().copied());
                (finished, Some(retagger))
            }
            None => (stream.finish(partials.iter().copied()), None),
        };
        set_personalisations(&mut outcomes, &partials, &finished);
        drop(finished);
        let retagger = retagger.map(|retagger| (retagger, partials));
        // The notes and their templates are let go (kept, for a listing): their pages go back
        // to the system before the metrics take theirs.
        crate::memory::release_free_memory();
        (outcomes, retagger)
    });
    let listing = for_listing
        .zip(retagger)
        .map(|(first, (retagger, partials))| Listing {
            config: *config,
            batch,
            read,
            copies: first.copies,
            fingerprints: first.fingerprints,
            window,
            retagger,
            partials,
            files: first.files,
            counts: first.counts,
        });
    let months = outcomes.rows.iter().map(Outcome::month).collect();
    let read = Read {
        ingested,
        months,
        as_of,
        after_as_of,
        store: None,
    };
    Ok(Streamed {
        outcomes,
        read,
        listing,
    })
}

/// Sets each outcome's personalisation, which `partials` (one per outcome) stand for.
fn set_personalisations(
    outcomes: &mut Outcomes,
    partials: &[tag::Partial],
    finished: &tag::Finished,
) {
    for (outcome, &partial) in outcomes.rows.iter_mut().zip(partials) {
        *outcome = outcome.with_personalisation(finished.personalisation(partial));
    }
}

/// What listing every invitation with its tags needs, once a streamed run has read them all:
/// the copies merged, the as-of instant, and what the tagger found of each invitation (its
/// `Partial`) and of each note (its analysis with reasons, and its template). The invitations
/// are not kept: `write` reads the inputs again, and tags each from what was found.
pub struct Listing<'a> {
    config: StreamConfig<'a>,
    /// Invitations listed at once.
    batch: usize,
    /// Rows the inputs gave, copies and all.
    read: usize,
    /// The rows that were possible copies, in order, each with the invitation kept in its
    /// place (`None`: merged into an earlier row).
    copies: Vec<(usize, Option<Box<Invitation>>)>,
    /// Each invitation's `fingerprint`, copies merged, before the as-of instant.
    fingerprints: Vec<u64>,
    window: DecisionWindow,
    retagger: tag::Retagger<'a>,
    /// What the tagger found of each invitation to list, in order (one per outcome).
    partials: Vec<tag::Partial>,
    /// The inputs as first read, and what they gave.
    files: Vec<ingest::InputFile>,
    counts: crate::model::Reconciliation,
}

impl Listing<'_> {
    /// Writes each invitation at or before the as-of instant, once, in input order, with its
    /// tags and their reasons, as `tagged.csv`'s rows (those of the invitations held with
    /// `tag::tag_all`'s tags, to the byte);
    /// gives `out` back. An error writing goes through `output_error`, one reading the inputs
    /// (changed since the first read) is the run's own.
    pub fn write<W: std::io::Write>(
        &self,
        progress: &Progress,
        out: W,
        output_error: impl Fn(std::io::Error) -> Error,
    ) -> Result<W> {
        let mut rows = RowsOut {
            listing: self,
            csv: TaggedCsv::new(out).map_err(&output_error)?,
            listed: 0,
            failed: None,
            tagging: Duration::ZERO,
            writing: Duration::ZERO,
        };
        // Reading and writing the rows are each some half of the work, and neither fills both
        // cores: the next batch is read while one is written.
        let again = pipelined(
            rayon::current_num_threads() > 1,
            |sink| self.read_again(progress, sink),
            |invitations| rows.write(invitations),
        );
        // The reading stopped there: nothing to check.
        if let Some(e) = rows.failed {
            return Err(output_error(e));
        }
        let ingested = again.ingested?;
        if let Some(file) = again.changed {
            // The rows before it went out as they were first read.
            return Err(changed_while_read(&file));
        }
        unchanged(
            &self.files,
            &self.counts,
            &ingested,
            again.rows == self.read,
        )?;
        progress.detail(&format!(
            "listing: tagging again took {:.2} s, writing the rows {:.2} s",
            rows.tagging.as_secs_f64(),
            rows.writing.as_secs_f64()
        ));
        if rows.listed != self.partials.len() {
            return Err(Error::Internal(format!(
                "reading the inputs again to list them gave {} invitations, not {}",
                rows.listed,
                self.partials.len()
            )));
        }
        rows.csv.finish().map_err(output_error)
    }

    /// Reads the inputs again and gives `sink` the invitations to list, a batch at a time: each
    /// copy merged in its place, at the as-of instant. Stops where `sink` says so, or at the
    /// first invitation not as it was first read (by its fingerprint).
    fn read_again(
        &self,
        progress: &Progress,
        sink: &mut dyn FnMut(Vec<Invitation>) -> ControlFlow<()>,
    ) -> ReadAgain {
        // Rows read, and invitations (copies merged).
        let (mut next, mut kept) = (0, 0);
        let mut copies = self.copies.iter().peekable();
        let mut pending: Vec<Invitation> = Vec::new();
        let mut changed: Option<ArcStr> = None;
        let mut bar = progress.bar("listing");
        let ingested = ingest::read_all(
            self.config.ingest,
            &mut |done, total| bar.update(done, total),
            self.batch,
            &mut |chunk| {
                for invitation in chunk {
                    let invitation = match copies.next_if(|(row, _)| *row == next) {
                        Some((_, merged)) => merged.as_deref().cloned(),
                        None if self.fingerprints.get(kept) == Some(&fingerprint(&invitation)) => {
                            Some(invitation)
                        }
                        None => {
                            changed = Some(invitation.source);
                            return ControlFlow::Break(());
                        }
                    };
                    next += 1;
                    kept += usize::from(invitation.is_some());
                    if let Some(seen) = invitation.and_then(|i| i.as_seen_at(self.window.as_of)) {
                        pending.push(seen);
                    }
                }
                if pending.len() >= self.batch {
                    return sink(std::mem::take(&mut pending));
                }
                ControlFlow::Continue(())
            },
        );
        drop(bar);
        if ingested.is_ok() && changed.is_none() {
            let _ = sink(pending);
        }
        ReadAgain {
            ingested,
            rows: next,
            changed,
        }
    }
}

/// What `Listing::read_again` read.
struct ReadAgain {
    ingested: Result<Ingested>,
    /// Rows read, copies and all.
    rows: usize,
    /// The file of the first invitation not as it was first read, where the reading stopped.
    changed: Option<ArcStr>,
}

/// The rows of a listing as they are written, and what writing them found.
struct RowsOut<'l, W: std::io::Write> {
    listing: &'l Listing<'l>,
    csv: TaggedCsv<W>,
    /// Invitations given so far.
    listed: usize,
    /// The first failed write, after which nothing is written.
    failed: Option<std::io::Error>,
    /// For `-v`.
    tagging: Duration,
    writing: Duration,
}

impl<W: std::io::Write> RowsOut<'_, W> {
    /// Tags the next invitations and writes their rows; `Break` once a write failed (a reader
    /// that closed the pipe wants no more).
    fn write(&mut self, invitations: Vec<Invitation>) -> ControlFlow<()> {
        let start = self.listed;
        self.listed += invitations.len();
        // More invitations than the first read gave are an error once all are read.
        let Some(partials) = self.listing.partials.get(start..self.listed) else {
            return ControlFlow::Continue(());
        };
        let started = Instant::now();
        let tags = self.listing.retagger.tag(&invitations, partials);
        let tagged = Tagged::new(invitations, tags, &self.listing.window);
        let tagged_at = Instant::now();
        self.tagging += tagged_at - started;
        let written = self.csv.write(&tagged);
        drop(tagged);
        self.writing += tagged_at.elapsed();
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.failed = Some(e);
                ControlFlow::Break(())
            }
        }
    }
}

/// `produce(sink)`, where each item it gives `sink` goes to `consume`, in order: on a thread
/// of its own when `parallel` (one item waiting at most), else each as it comes. Once `consume`
/// says `Break`, it is given no more, and `sink` says `Break` to `produce` (at once, or after
/// an item or two more, which go nowhere).
fn pipelined<T: Send, R: Send>(
    parallel: bool,
    produce: impl FnOnce(&mut dyn FnMut(T) -> ControlFlow<()>) -> R + Send,
    mut consume: impl FnMut(T) -> ControlFlow<()>,
) -> R {
    if !parallel {
        let mut stopped = false;
        return produce(&mut |item| {
            if stopped || consume(item).is_break() {
                stopped = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
    }
    let (send, items) = std::sync::mpsc::sync_channel::<T>(1);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            // A send fails once the consumer has stopped and let go of the channel.
            produce(&mut |item| match send.send(item) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            })
        });
        for item in items.iter() {
            if consume(item).is_break() {
                break;
            }
        }
        drop(items);
        producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
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
/// (as `Outcomes::of` gives them); and each row's `Partial`. The personalisation is the one the
/// note alone gives (`Stream::before_templates`): the caller sets the templates' afterwards.
///
/// The rows are used up from the end, `batch` at a time, and their memory handed back as they
/// go: at ten million rows they are 520 MB, and the outcomes and partials 400 MB more, which
/// would otherwise be held with them at once.
fn outcomes_of(
    mut rows: Vec<Row>,
    stream: &tag::Stream<'_>,
    names: &[ArcStr],
    window: DecisionWindow,
    batch: usize,
) -> (Outcomes, Vec<tag::Partial>) {
    use rayon::prelude::*;
    // Each row's company renumbered in order of first appearance, in place.
    let mut renumbered = vec![u32::MAX; names.len()];
    let mut companies = Vec::new();
    for row in &mut rows {
        let place = &mut renumbered[row.company as usize];
        if *place == u32::MAX {
            companies.push(ArcStr::clone(&names[row.company as usize]));
            *place = u32::try_from(companies.len() - 1).expect("fewer than 2³² company names");
        }
        row.company = *place;
    }
    drop(renumbered);
    // Last first: each batch's outcomes and partials in reverse order, turned round at the end.
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(rows.len());
    let mut partials: Vec<tag::Partial> = Vec::with_capacity(rows.len());
    while !rows.is_empty() {
        let start = rows.len().saturating_sub(batch);
        let batch = &rows[start..];
        let made: Vec<Outcome> = batch
            .par_iter()
            .map(|row| outcome_of(row, stream, window))
            .collect();
        outcomes.extend(made.into_iter().rev());
        partials.extend(batch.iter().rev().map(|row| row.tags));
        rows.truncate(start);
        // The allocation shrinks in place (with glibc a large one is its own mapping, and
        // shrinks by `mremap`): the pages go back.
        rows.shrink_to_fit();
    }
    outcomes.reverse();
    partials.reverse();
    (
        Outcomes {
            rows: outcomes,
            companies,
        },
        partials,
    )
}

/// The outcome of a row whose company is already its place among the run's companies.
fn outcome_of(row: &Row, stream: &tag::Stream<'_>, window: DecisionWindow) -> Outcome {
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
    Outcome::of(tagged, row.company)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Verbosity;
    use crate::model::SenderCategory;
    use crate::test_data::{copies_of, generated};

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
            listing: false,
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
        let Streamed { outcomes, read, .. } = run(&config(&ingest, &rules), &quiet).unwrap();
        let counts = read.ingested.counts;
        assert_eq!((counts.rows_read, counts.rows_accepted), (3, 2));
        assert_eq!(counts.duplicates_removed, 1);
        // Ann's invitation: accepted (the later copy), her category from the copy's headline.
        let ann = &outcomes.rows[0];
        assert_eq!(ann.status(), Status::Accepted);
        assert_eq!(ann.sender_category(), SenderCategory::RecruitmentConsultant);
        assert_eq!(outcomes.rows[1].status(), Status::Declined);
    }

    /// The outcomes of the invitations held whole (`ingest`, `tag::tag_all`, `Outcomes::of`),
    /// as text, and their `tagged.csv`: the reference the streamed run must give.
    fn held_run(ingest: &IngestConfig, config: &StreamConfig<'_>) -> (String, Vec<u8>) {
        let invitations = ingest::ingest(ingest).unwrap().invitations;
        let as_of = config
            .as_of
            .unwrap_or_else(|| crate::latest_timestamp(&invitations));
        let invitations: Vec<Invitation> = invitations
            .into_iter()
            .filter_map(|i| i.as_seen_at(as_of))
            .collect();
        let tags = tag::tag_all(&invitations, config.rules, config.options);
        let tagged = crate::model::Tagged::new(invitations, tags, &config.as_of_window(as_of));
        let outcomes = Outcomes::of(&tagged);
        let csv = crate::report::tables::write_tagged_csv(&tagged, Vec::new()).unwrap();
        (format!("{:?} {:?}", outcomes.rows, outcomes.companies), csv)
    }

    #[test]
    fn small_batches_give_the_outcomes_and_tagged_rows_of_the_held_run() {
        let folder = tempfile::tempdir().unwrap();
        let a = generated(folder.path(), "a.csv", 400, 5);
        // b.csv: rows 100–249 of a.csv again, every other one without its URL, and the pending
        // ones declined: copies that merge by URL, by name, and advance the outcome.
        let b = copies_of(&a, 100..250, folder.path().join("b.csv"));
        let ingest = ingest_config(vec![a, b]);
        let rules = Rules::embedded();
        let config = StreamConfig {
            options: TagOptions {
                template_min: 2,
                senders: None,
            },
            listing: true,
            ..config(&ingest, &rules)
        };
        let quiet = Progress::new(Verbosity::Quiet);
        // With the latest time in the data as the as-of instant, and with one that leaves a
        // third of the invitations out (their notes count toward no template).
        let as_of = "2026-06-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        for (config, batch) in [
            (config, 7),
            (config, 64),
            (config, BATCH_ROWS),
            (
                StreamConfig {
                    as_of: Some(as_of),
                    ..config
                },
                64,
            ),
        ] {
            let (held, held_csv) = held_run(&ingest, &config);
            // Some mass-sent notes, or the templates would not be tested.
            let csv = String::from_utf8(held_csv.clone()).unwrap();
            assert!(csv.contains(",mass-sent: template shared by "), "{csv}");
            let Streamed {
                outcomes,
                read,
                listing,
            } = run_batched(&config, &quiet, batch).unwrap();
            assert_eq!(read.ingested.counts.duplicates_removed, 150);
            let got = format!("{:?} {:?}", outcomes.rows, outcomes.companies);
            assert!(got == held, "batches of {batch}");
            let listed = listing
                .unwrap()
                .write(&quiet, Vec::new(), |e| panic!("{e}"))
                .unwrap();
            assert!(listed == held_csv, "tagged rows in batches of {batch}");
            if config.as_of.is_some() {
                assert!(read.after_as_of > 100, "{} left out", read.after_as_of);
            }
        }
    }

    /// A writer that takes `left` bytes, then fails.
    struct Full {
        left: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            let taken = buf.len().min(self.left);
            self.left -= taken;
            Ok(taken)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_input_that_changed_before_it_was_listed_stops_the_listing_at_the_first_changed_row() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("in.csv");
        std::fs::write(&path, TWO_COPIES).unwrap();
        let ingest = ingest_config(vec![path.clone()]);
        let rules = Rules::embedded();
        let config = StreamConfig {
            listing: true,
            ..config(&ingest, &rules)
        };
        let quiet = Progress::new(Verbosity::Quiet);
        let listing = run_batched(&config, &quiet, 1).unwrap().listing.unwrap();
        // Bob's note changes: as many rows, and the same size.
        std::fs::write(&path, TWO_COPIES.replace("Sam,,declined", "Sa,m,declined")).unwrap();
        let mut out = Vec::new();
        let error = listing
            .write(&quiet, &mut out, |e| panic!("{e}"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            error.contains("in.csv: changed while the run read it"),
            "{error}"
        );
        // Bob's row did not go out (Ann's, read in the same chunk, neither).
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("invite_id,") && !out.contains("Bob Ray"),
            "{out}"
        );
    }

    #[test]
    fn a_pipeline_gives_every_item_in_order_on_one_thread_or_two() {
        for parallel in [false, true] {
            let mut got = Vec::new();
            let produced = pipelined(
                parallel,
                |sink| (0..1000).take_while(|&i| sink(i).is_continue()).count(),
                |item: u32| {
                    got.push(item);
                    if item == 500 {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                },
            );
            assert!(got.iter().copied().eq(0..=500), "parallel: {parallel}");
            // The producer hears of the stop at once, or after an item or two more.
            assert!((500..=502).contains(&produced), "{produced} produced");
        }
    }

    #[test]
    fn a_listing_whose_output_fails_part_way_gives_that_failure() {
        let folder = tempfile::tempdir().unwrap();
        let ingest = ingest_config(vec![generated(folder.path(), "in.csv", 300, 2)]);
        let rules = Rules::embedded();
        let config = StreamConfig {
            listing: true,
            ..config(&ingest, &rules)
        };
        let quiet = Progress::new(Verbosity::Quiet);
        let listing = run_batched(&config, &quiet, 16).unwrap().listing.unwrap();
        // Fails some batches in (a row is some 600 bytes), with later batches still to read.
        let result = listing.write(&quiet, Full { left: 20_000 }, |e| {
            Error::BadData(format!("output: {:?}", e.kind()))
        });
        match result {
            Err(Error::BadData(message)) => assert_eq!(message, "output: BrokenPipe"),
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("a full output written"),
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
            reading.add(batch);
            ControlFlow::Continue(())
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
