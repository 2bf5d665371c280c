//! The canonical CSV reader (docs/inputs.md): one file → invitations and rejected rows.
//!
//! Header names match case-insensitively ignoring spaces, `_` and `-`, through the aliases of
//! docs/inputs.md; order does not matter and unknown columns are ignored. Each bad row becomes a
//! `Reject` naming its line and what is wrong; nothing is dropped silently.

use arcstr::ArcStr;
use compact_str::CompactString;
use std::borrow::Cow;
use std::io::Read;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::records::{self, Outcome, Record, RecordLimits, RecordReader, TooLong};
use super::timestamp::{parse_timestamp, EXPECTED_FORMATS};
use crate::identity;
use crate::model::{normalise_key, Invitation, Reject, SenderCategory, Status, TextPool};

/// The columns of the canonical format, with the names each may go by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    ReceivedAt,
    SenderName,
    SenderProfileUrl,
    SenderHeadline,
    SenderCompany,
    Message,
    Status,
    AcceptedAt,
    RespondedAt,
    Responded,
    Recipient,
    SenderCategory,
    InviteId,
}

impl Column {
    const ALL: [Column; 13] = [
        Column::ReceivedAt,
        Column::SenderName,
        Column::SenderProfileUrl,
        Column::SenderHeadline,
        Column::SenderCompany,
        Column::Message,
        Column::Status,
        Column::AcceptedAt,
        Column::RespondedAt,
        Column::Responded,
        Column::Recipient,
        Column::SenderCategory,
        Column::InviteId,
    ];

    /// Whether values never span lines: all but the note, the headline and the company.
    fn single_line(self) -> bool {
        !matches!(
            self,
            Column::Message | Column::SenderHeadline | Column::SenderCompany
        )
    }

    /// The canonical name first, then its aliases.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::ReceivedAt => &["received_at", "sent_at", "date", "invited_at", "timestamp"],
            Column::SenderName => &["sender_name", "from", "name", "full_name", "sender"],
            Column::SenderProfileUrl => &[
                "sender_profile_url",
                "profile_url",
                "url",
                "inviter_profile_url",
                "linkedin_url",
            ],
            Column::SenderHeadline => &[
                "sender_headline",
                "headline",
                "title",
                "position",
                "occupation",
                "job_title",
            ],
            Column::SenderCompany => &[
                "sender_company",
                "company",
                "organisation",
                "organization",
                "employer",
            ],
            Column::Message => &["message", "note", "invitation_message", "text"],
            Column::Status => &["status", "outcome", "state"],
            Column::AcceptedAt => &["accepted_at", "connected_on"],
            Column::RespondedAt => &["responded_at", "replied_at"],
            Column::Responded => &["responded", "replied"],
            Column::Recipient => &["recipient", "to", "owner", "invitee_profile_url"],
            Column::SenderCategory => &["sender_category", "category"],
            Column::InviteId => &["invite_id", "id"],
        }
    }

    fn canonical(self) -> &'static str {
        self.names()[0]
    }
}

/// Why a header row cannot be read as the canonical format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    /// Required columns are missing; the message names them and what was found.
    Missing(String),
    /// `From,To,Sent At,…,Direction`: LinkedIn's export, whatever the file is called.
    LinkedIn,
}

/// Where each known column sits in a file, found from its header row.
#[derive(Debug)]
pub struct HeaderMap {
    positions: [Option<usize>; Column::ALL.len()],
    /// The header as written, for messages that name a column the way the user sees it.
    names: Vec<String>,
}

impl HeaderMap {
    /// Maps a header row. An exact canonical name beats an alias, and the first alias beats
    /// later ones, so a file with both `name` and `sender_name` uses `sender_name`.
    /// Errs naming the missing columns, or when the file is LinkedIn's own `Invitations.csv`.
    pub fn new(header: &[String]) -> Result<HeaderMap, HeaderError> {
        let keys: Vec<String> = header.iter().map(|h| normalise_key(h)).collect();
        let mut positions = [None; Column::ALL.len()];
        for (slot, column) in positions.iter_mut().zip(Column::ALL) {
            *slot = column
                .names()
                .iter()
                .find_map(|name| keys.iter().position(|k| *k == normalise_key(name)));
        }
        let map = HeaderMap {
            positions,
            names: header.to_vec(),
        };
        if ["from", "to", "sentat", "direction"]
            .iter()
            .all(|name| keys.iter().any(|k| k == name))
        {
            return Err(HeaderError::LinkedIn);
        }
        let mut missing = Vec::new();
        if map.position(Column::ReceivedAt).is_none() {
            missing.push(format!(
                "a received_at column (or {})",
                Column::ReceivedAt.names()[1..].join(", ")
            ));
        }
        if map.position(Column::SenderName).is_none()
            && map.position(Column::SenderProfileUrl).is_none()
        {
            missing.push(
                "a sender_name or sender_profile_url column (or an alias such as from, name, profile_url)"
                    .to_string(),
            );
        }
        if missing.is_empty() {
            Ok(map)
        } else {
            Err(HeaderError::Missing(format!(
                "the header lacks {}; found columns: {}",
                missing.join(" and "),
                quote_header(header)
            )))
        }
    }

    fn position(&self, column: Column) -> Option<usize> {
        self.positions[column as usize]
    }

    /// The number of fields every row must have.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// How a column is named in this file, e.g. `'Sent At' (received_at)`.
    fn describe(&self, column: Column) -> String {
        match self.position(column) {
            Some(i) if normalise_key(&self.names[i]) != normalise_key(column.canonical()) => {
                format!("'{}' ({})", self.names[i], column.canonical())
            }
            _ => column.canonical().to_string(),
        }
    }
}

/// Reads the cells of one record, already checked to be UTF-8 and of the right width.
struct Row<'a> {
    header: &'a HeaderMap,
    fields: &'a [&'a str],
}

impl Row<'_> {
    fn get(&self, column: Column) -> &str {
        self.header
            .position(column)
            .map_or("", |i| trim(self.fields[i]))
    }

    fn timestamp(&self, column: Column, zone: Tz) -> Result<Option<DateTime<Utc>>, String> {
        let text = self.get(column);
        if text.is_empty() {
            return Ok(None);
        }
        let instant = parse_timestamp(text, zone).ok_or_else(|| {
            format!(
                "{}: cannot read '{}' as a date ({})",
                self.header.describe(column),
                text,
                EXPECTED_FORMATS
            )
        })?;
        if !PLAUSIBLE_YEARS.contains(&instant.year()) {
            return Err(format!(
                "{}: '{}' is outside {}–{}; LinkedIn invitations exist only since 2003, so check the date",
                self.header.describe(column),
                text,
                PLAUSIBLE_YEARS.start(),
                PLAUSIBLE_YEARS.end()
            ));
        }
        Ok(Some(instant))
    }

    /// A later event of the invitation, which may not precede its arrival by more than a day
    /// (a date without a time stands for midnight, so the same day must pass).
    fn later_timestamp(
        &self,
        column: Column,
        zone: Tz,
        received_at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, String> {
        let instant = self.timestamp(column, zone)?;
        if let Some(t) = instant {
            if t < received_at - chrono::Duration::days(1) {
                return Err(format!(
                    "{}: '{}' is before the invitation arrived ({}); check both dates",
                    self.header.describe(column),
                    self.get(column),
                    self.get(Column::ReceivedAt)
                ));
            }
        }
        Ok(instant)
    }
}

/// Years a real invitation can carry: a typo like 0026 or 2206 would otherwise become the
/// "latest month" and the as-of instant of the whole report.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 2003..=2099;

/// Reads one record into an invitation, or says why it cannot be one.
fn parse_row(
    header: &HeaderMap,
    fields: &[&str],
    zone: Tz,
    source: &ArcStr,
    line: u64,
    ids: &mut IdMaker,
    pool: &TextPool,
) -> Result<Invitation, String> {
    let row = Row { header, fields };

    let received_at = row.timestamp(Column::ReceivedAt, zone)?.ok_or_else(|| {
        format!(
            "{} is empty: every invitation needs its arrival time",
            header.describe(Column::ReceivedAt)
        )
    })?;

    let sender_name = collapse_spaces(row.get(Column::SenderName));
    let sender_profile_url = row.get(Column::SenderProfileUrl);
    if sender_name.is_empty() && sender_profile_url.is_empty() {
        return Err("no sender identity: sender_name and sender_profile_url are both empty".into());
    }

    let accepted_at = row.later_timestamp(Column::AcceptedAt, zone, received_at)?;
    let responded_at = row.later_timestamp(Column::RespondedAt, zone, received_at)?;

    let status = match row.get(Column::Status) {
        // Without a status, a connection date means accepted.
        "" if accepted_at.is_some() => Status::Accepted,
        "" => Status::Pending,
        text => parse_status(text).ok_or_else(|| {
            format!(
                "{}: unknown status '{}'; use accepted, pending, ignored, declined or withdrawn",
                header.describe(Column::Status),
                text
            )
        })?,
    };

    let responded_flag = match row.get(Column::Responded) {
        "" => false,
        text => parse_bool(text).ok_or_else(|| {
            format!(
                "{}: cannot read '{}' as true or false (use true/false, yes/no or 1/0)",
                header.describe(Column::Responded),
                text
            )
        })?,
    };

    let explicit_category = match row.get(Column::SenderCategory) {
        "" => None,
        text => Some(SenderCategory::parse(text).ok_or_else(|| {
            format!(
                "{}: unknown category '{}'; use recruitment_consultant, in_house_recruiter, candidate, supplier, peer or unknown",
                header.describe(Column::SenderCategory),
                text
            )
        })?),
    };

    let recipient = row.get(Column::Recipient);
    let invite_id = match row.get(Column::InviteId) {
        "" => ids
            .make(&sender_name, sender_profile_url, recipient, received_at)
            .into(),
        id => CompactString::from(id),
    };

    Ok(Invitation {
        invite_id,
        source: ArcStr::clone(source),
        line,
        received_at,
        recipient: pool.get(recipient),
        sender_name: pool.get(&sender_name),
        // Not pooled: profile URLs repeat far less than names (one per person, not per name).
        sender_profile_url: ArcStr::from(sender_profile_url),
        sender_headline: pool.get(&collapse_spaces(row.get(Column::SenderHeadline))),
        sender_company: pool.get(&collapse_spaces(row.get(Column::SenderCompany))),
        message: pool.get(row.get(Column::Message)),
        status,
        accepted_at,
        responded: responded_flag || responded_at.is_some(),
        responded_at,
        explicit_category,
        known: Default::default(),
    })
}

/// Everything read from one canonical file.
#[derive(Debug, Default)]
pub struct FileContents {
    pub invitations: Vec<Invitation>,
    pub rejects: Vec<Reject>,
    /// Data rows seen (header excluded, blank lines skipped).
    pub rows_read: u64,
    /// False for an empty file, which has not even a header row.
    pub header_found: bool,
}

/// Why a whole file could not be read.
#[derive(Debug)]
pub enum FileError {
    Io(std::io::Error),
    /// The header cannot be read as the canonical format.
    Header(HeaderError),
    /// `--strict` and a bad row: the reject says which and why.
    Strict(Reject),
    /// A record over the size limit that cannot be stepped over (it runs to the end of the
    /// file), or a header over it: nothing more of the file can be read.
    TooLong {
        line: u64,
        reason: String,
    },
}

/// Reads a canonical CSV stream. `source` names it in rejects.
pub fn read_canonical<R: Read>(
    input: R,
    source: &ArcStr,
    zone: Tz,
    strict: bool,
) -> Result<FileContents, FileError> {
    read_canonical_with_limits(input, source, zone, strict, RecordLimits::DEFAULT)
}

/// `read_canonical` with other limits on a record's size, so tests and the fuzz target can
/// reach them with small inputs. A record over them is a reject (or the end of the file when
/// it never ends); memory stays within them whatever the input.
pub fn read_canonical_with_limits<R: Read>(
    input: R,
    source: &ArcStr,
    zone: Tz,
    strict: bool,
    limits: RecordLimits,
) -> Result<FileContents, FileError> {
    read_canonical_into(input, source, zone, strict, limits, &mut |_| Take::Left)
}

/// What `read_canonical_into`'s `take` did with the invitations it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Left them, to be shown again with the next batch's.
    Left,
    /// Took them away: the texts they shared are shared no more with those read next.
    Took,
    /// Took them away, and wants no more: reading stops there.
    TookAndStop,
}

/// `read_canonical_with_limits`, showing `take` the invitations read so far after each batch
/// of records, which it may take away (a run that tags them as they come: `Take`). The returned
/// contents hold those it left; after `Take::TookAndStop`, what was read until then.
pub fn read_canonical_into<R: Read>(
    input: R,
    source: &ArcStr,
    zone: Tz,
    strict: bool,
    limits: RecordLimits,
    take: &mut dyn FnMut(&mut Vec<Invitation>) -> Take,
) -> Result<FileContents, FileError> {
    let mut reader = RecordReader::new(input, limits);
    let mut record = Record::new();
    let mut contents = FileContents::default();
    let mut pool = TextPool::default();
    let too_long = |long: TooLong, what: &str| FileError::TooLong {
        line: long.line,
        reason: format!("{what}{}", long.describe(limits)),
    };

    // The reader strips a UTF-8 byte-order mark from the start of the input.
    match reader.read(&mut record).map_err(FileError::Io)? {
        Outcome::Record => {}
        Outcome::End => return Ok(contents),
        Outcome::TooLong(long) => return Err(too_long(long, "this is no CSV header: ")),
    }
    let header: Vec<String> = record
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let header = HeaderMap::new(&header).map_err(FileError::Header)?;
    contents.header_found = true;

    // Records are read serially into a batch whose buffers are reused, and checked and parsed in
    // parallel while the next batch is read; results, rejects and strict mode's first error keep
    // file order.
    let mut batch = Batch::default();
    let mut next = Batch::default();
    batch
        .read(&mut reader, BATCH_BYTES)
        .map_err(FileError::Io)?;
    loop {
        let mut stopped = None;
        let read_next = rayon::in_place_scope(|scope| {
            scope.spawn(|_| {
                let into = (&mut contents, &pool);
                stopped = batch.parse_into(into, &header, zone, source, strict, limits);
            });
            // The reader stays on this thread (it need not be `Send`), reading ahead within what
            // the batch being parsed leaves of the budget: after a batch of huge rows, the next
            // is read empty, and then in full once that batch's buffers are given back.
            let budget = BATCH_BYTES.saturating_sub(batch.bytes);
            (!batch.last()).then(|| next.read(&mut reader, budget))
        });
        if let Some(reject) = stopped {
            return Err(FileError::Strict(reject));
        }
        match take(&mut contents.invitations) {
            Take::Left => {}
            // What was shared with the invitations taken need not be kept for those to come.
            Take::Took => pool = TextPool::default(),
            Take::TookAndStop => return Ok(contents),
        }
        batch.give_back_big_records();
        if let Some(long) = batch.fatal.take() {
            return Err(too_long(long, ""));
        }
        match read_next {
            None => return Ok(contents),
            // A read error after this batch's rows, which come first, as they did in the file.
            Some(read) => read.map_err(FileError::Io)?,
        }
        std::mem::swap(&mut batch, &mut next);
    }
}

/// Records read together, each with whether it was over the size limit; the buffers are reused
/// from batch to batch.
#[derive(Default)]
struct Batch {
    slots: Vec<(Record, Option<TooLong>)>,
    /// How many of the slots this batch uses.
    filled: usize,
    /// Bytes its records use.
    bytes: usize,
    /// The input ended after these records.
    ended: bool,
    /// A record over the limit that runs to the end of the input, after these records.
    fatal: Option<TooLong>,
}

impl Batch {
    /// Reads up to `BATCH` records, stopping once they use `budget` bytes.
    fn read<R: Read>(
        &mut self,
        reader: &mut RecordReader<R>,
        budget: usize,
    ) -> std::io::Result<()> {
        (self.filled, self.bytes, self.ended, self.fatal) = (0, 0, false, None);
        while self.filled < BATCH && self.bytes < budget {
            if self.filled == self.slots.len() {
                self.slots.push((Record::new(), None));
            }
            let (record, long) = &mut self.slots[self.filled];
            *long = match reader.read(record)? {
                Outcome::End => {
                    self.ended = true;
                    break;
                }
                // The rows before it are still checked first: in strict mode one of them may
                // be the first error.
                Outcome::TooLong(long) if long.to_end_of_input => {
                    self.fatal = Some(long);
                    break;
                }
                Outcome::TooLong(long) => Some(long),
                Outcome::Record => None,
            };
            self.bytes += record.used_bytes();
            self.filled += 1;
        }
        Ok(())
    }

    /// Nothing can be read after this batch.
    fn last(&self) -> bool {
        self.ended || self.fatal.is_some()
    }

    /// Checks and parses the records in parallel, then adds them to `contents` in file order:
    /// each as an invitation (its texts shared through `pool`), or as a reject saying why not
    /// and quoting the record. In strict mode, the first reject stops it and is returned.
    fn parse_into(
        &self,
        (contents, pool): (&mut FileContents, &TextPool),
        header: &HeaderMap,
        zone: Tz,
        source: &ArcStr,
        strict: bool,
        limits: RecordLimits,
    ) -> Option<Reject> {
        let slots = &self.slots[..self.filled];
        let parsed: Vec<Result<Invitation, (String, String)>> = slots
            .par_iter()
            .map_init(
                || (Vec::new(), IdMaker::default()),
                |(fields, ids), (record, long)| match long {
                    Some(long) => Err((long.describe(limits), records::preview(record.iter()))),
                    None => {
                        fields.clear();
                        check_record(record, header, fields)
                            .and_then(|()| {
                                parse_row(header, fields, zone, source, record.line(), ids, pool)
                            })
                            .map_err(|reason| (reason, records::quote(record.iter())))
                    }
                },
            )
            .collect();
        contents.rows_read += slots.len() as u64;
        for ((record, _), outcome) in slots.iter().zip(parsed) {
            match outcome {
                Ok(invitation) => contents.invitations.push(invitation),
                Err((reason, text)) => {
                    let reject = Reject {
                        source: ArcStr::clone(source),
                        line: record.line(),
                        reason,
                        record: text,
                    };
                    if strict {
                        return Some(reject);
                    }
                    contents.rejects.push(reject);
                }
            }
        }
        None
    }

    /// A record that needed a large buffer gives it back: the batch stays within its budget.
    fn give_back_big_records(&mut self) {
        for (record, _) in &mut self.slots[..self.filled] {
            if record.held_bytes() > BIG_RECORD {
                *record = Record::new();
            }
        }
    }
}

/// Records parsed together: enough to keep every core busy beside the serial reads, and at
/// most `BATCH_BYTES` of text and field offsets so that a batch of long or wide rows stays small
/// (with the batch read ahead while one is parsed: the two share the budget).
const BATCH: usize = 4096;
const BATCH_BYTES: usize = 32 << 20;
/// A record buffer larger than this is dropped after its batch rather than kept for reuse, so
/// that the slots together never hold more than `BATCH_BYTES` (8 KiB: far above a real row).
const BIG_RECORD: usize = BATCH_BYTES / BATCH;

/// One fuzzing case: reads `data` with the options its first two bytes pick, and panics if the
/// reader breaks a promise (counts that do not reconcile, a reject before the first data line).
/// `fuzz/fuzz_targets/canonical.rs` runs it on every input; `tests/cli/nasty.rs` replays the
/// crashes it found.
#[doc(hidden)]
pub fn fuzz_case(data: &[u8]) {
    let source: ArcStr = ArcStr::from("fuzz.csv");
    // The first byte picks strict mode and a zone, so both paths and naive-time handling run.
    let (strict, zone) = match data.first() {
        Some(b) if b & 1 == 1 => (true, chrono_tz::America::Los_Angeles),
        _ => (false, Tz::UTC),
    };
    // The second, when its top bit is set, picks record limits of 8 bytes to 1 KiB and 2 to 16
    // fields, so rows over them, and quotes left open past them, turn up in inputs of a few KB.
    let limits = match data.get(1) {
        Some(b) if b & 0x80 != 0 => RecordLimits {
            max_bytes: 8 << (b & 7),
            max_fields: 2 << ((b >> 3) & 3),
        },
        _ => RecordLimits::DEFAULT,
    };
    match read_canonical_with_limits(data, &source, zone, strict, limits) {
        Ok(contents) => {
            assert_eq!(
                contents.rows_read,
                (contents.invitations.len() + contents.rejects.len()) as u64,
                "every data row is an invitation or a reject"
            );
            for reject in &contents.rejects {
                assert!(
                    reject.line >= 2,
                    "a data row lies after the header: {reject:?}"
                );
            }
        }
        Err(FileError::TooLong { line, reason }) => {
            assert!(line >= 1, "lines count from 1");
            assert!(!reason.is_empty());
        }
        Err(_) => {}
    }
}

/// Checks width and UTF-8, filling `fields` with the record's cells.
fn check_record<'r>(
    record: &'r Record,
    header: &HeaderMap,
    fields: &mut Vec<&'r str>,
) -> Result<(), String> {
    if record.len() != header.width() {
        // A quote left open swallows the line breaks after it: the record then spans lines.
        let hint = if record.line_breaks() > 0 {
            "a field runs over several lines: check for an unclosed quote"
        } else {
            "check for an unquoted comma or a missing field"
        };
        return Err(format!(
            "wrong number of fields: the header has {}, this row has {}; {hint}",
            header.width(),
            record.len()
        ));
    }
    // The same mistake in the last column leaves the width right.
    if record.open_quote() {
        return Err(
            "a quote opened in this row is never closed: every line after it was read as one \
             field; close the quote or remove it"
                .to_string(),
        );
    }
    // The same mistake mid-file, when the fields happen to line up: a quote left open is closed
    // by a later one, and the rows between are one field. Only a note, a headline or a company
    // is text that may span lines.
    let single_line = Column::ALL
        .into_iter()
        .filter(|column| column.single_line())
        .filter_map(|column| header.position(column))
        .map(|i| (i, header.names[i].as_str()));
    if let Some(reason) = record.taken_rows(single_line) {
        return Err(reason);
    }
    // One check of the whole text is quicker than one a field; the fields are then valid too
    // when each starts and ends on a character boundary. Otherwise one of them is not, and the
    // field-by-field check below finds it.
    let (text, ends) = record.text_and_ends();
    if let Ok(text) = std::str::from_utf8(text) {
        let mut start = 0;
        let whole = ends.iter().all(|&end| {
            let field = text.get(start..end);
            start = end;
            field.map(|field| fields.push(field)).is_some()
        });
        if whole {
            return Ok(());
        }
        fields.clear();
    }
    for (i, bytes) in record.iter().enumerate() {
        match std::str::from_utf8(bytes) {
            Ok(text) => fields.push(text),
            Err(e) => {
                return Err(format!(
                    "invalid UTF-8 in column '{}' at byte {}; save the file as UTF-8",
                    header.names[i],
                    e.valid_up_to()
                ))
            }
        }
    }
    Ok(())
}

/// The header as an error message quotes it: at most 20 columns of at most 40 characters, with
/// control characters shown as `?`, so a binary file or a very wide one gives a short, readable
/// line instead of pouring its bytes into the log.
fn quote_header(header: &[String]) -> String {
    const COLUMNS: usize = 20;
    const CHARS: usize = 40;
    let mut quoted: Vec<String> = header
        .iter()
        .take(COLUMNS)
        .map(|name| {
            let mut cell: String = name
                .chars()
                .take(CHARS)
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            if name.chars().count() > CHARS {
                cell.push('…');
            }
            cell
        })
        .collect();
    if header.len() > COLUMNS {
        quoted.push(format!("… ({} columns in all)", header.len()));
    }
    quoted.join(", ")
}

fn parse_status(text: &str) -> Option<Status> {
    // The usual spellings, which `normalise_key` leaves as they are, without building a key.
    match text {
        "accepted" => return Some(Status::Accepted),
        "pending" => return Some(Status::Pending),
        "ignored" => return Some(Status::Ignored),
        "declined" => return Some(Status::Declined),
        "withdrawn" => return Some(Status::Withdrawn),
        _ => {}
    }
    match normalise_key(text).as_str() {
        "accepted" | "accept" | "connected" => Some(Status::Accepted),
        "pending" | "sent" | "open" => Some(Status::Pending),
        "ignored" | "ignore" => Some(Status::Ignored),
        "declined" | "decline" | "rejected" => Some(Status::Declined),
        "withdrawn" | "withdraw" | "cancelled" | "canceled" => Some(Status::Withdrawn),
        _ => None,
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    let is = |words: [&str; 4]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(["true", "yes", "y", "1"]) {
        Some(true)
    } else if is(["false", "no", "n", "0"]) {
        Some(false)
    } else {
        None
    }
}

/// `str::trim`, quicker for the usual cell that starts and ends with a printable ASCII character.
fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if is_printable_ascii(*first) && is_printable_ascii(*last) => text,
        [only] if is_printable_ascii(*only) => text,
        _ => text.trim(),
    }
}

/// Not white space and a whole character: `!`…`~`.
fn is_printable_ascii(byte: u8) -> bool {
    byte.is_ascii_graphic()
}

/// Trims and folds runs of white space into one space (names and headlines are often messy).
pub(crate) fn collapse_spaces(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `collapse_spaces` would give `text` back unchanged: no white space at either end, and
/// none inside but single spaces.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    // As if a space came before the text, so that a leading one counts as a run.
    let mut after_space = true;
    for (i, &byte) in bytes.iter().enumerate() {
        match byte {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => return false,
            // The first bytes of the characters outside ASCII that are white space: U+0085 and
            // U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                if text[i..].chars().next().is_some_and(char::is_whitespace) {
                    return false;
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    !after_space || bytes.is_empty()
}

/// A stable id from sender, recipient and the minute of arrival: the same invitation in two
/// exports gets the same id.
pub(crate) fn derived_id(identity: &str, recipient: &str, received_at: DateTime<Utc>) -> String {
    let recipient = identity::name_key(recipient).unwrap_or_default();
    id_of(identity, &recipient, received_at)
}

/// `derived_id` of an identity text and a recipient's name key.
fn id_of(identity: &str, recipient_key: &str, received_at: DateTime<Utc>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(identity.as_bytes());
    hasher.update([0]);
    hasher.update(recipient_key.as_bytes());
    hasher.update([0]);
    hasher.update(minute_text(received_at).as_bytes());
    let digest = hasher.finalize();
    let mut id = String::with_capacity(4 + 16);
    id.push_str("inv-");
    id.push_str(&hex::encode(&digest[..8]));
    id
}

/// `received_at` as `%Y-%m-%dT%H:%M`, written by hand for four-digit years.
fn minute_text(received_at: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let year = received_at.year();
    if !(0..=9999).contains(&year) {
        // Signed and wider, as chrono writes it.
        return received_at.format("%Y-%m-%dT%H:%M").to_string();
    }
    let mut text = String::with_capacity(16);
    for (n, width, after) in [
        (year as u32, 4, Some('-')),
        (received_at.month(), 2, Some('-')),
        (received_at.day(), 2, Some('T')),
        (received_at.hour(), 2, Some(':')),
        (received_at.minute(), 2, None),
    ] {
        for place in (0..width).rev() {
            text.push(char::from(b'0' + (n / 10u32.pow(place) % 10) as u8));
        }
        text.extend(after);
    }
    text
}

/// Derived ids of the rows of one worker: `derived_id` of the row's `SenderKey::id_text`,
/// without the name key a profile key makes unneeded, and with the last recipient's name key
/// kept (a file has a handful of recipients).
#[derive(Default)]
struct IdMaker {
    recipient: String,
    recipient_key: String,
    folded: String,
    profile: String,
    identity: String,
}

impl IdMaker {
    fn make(
        &mut self,
        sender_name: &str,
        profile_url: &str,
        recipient: &str,
        received_at: DateTime<Utc>,
    ) -> String {
        // `SenderKey::id_text`: `url:<profile key>`, else `name:<name key>`.
        self.identity.clear();
        if identity::write_profile_key(profile_url, &mut self.folded, &mut self.profile) {
            self.identity.push_str("url:");
            self.identity.push_str(&self.profile);
        } else {
            self.identity.push_str("name:");
            self.identity
                .push_str(&identity::name_key(sender_name).unwrap_or_default());
        }
        // Starts right: the empty recipient's key is empty.
        if self.recipient != recipient {
            self.recipient.clear();
            self.recipient.push_str(recipient);
            self.recipient_key = identity::name_key(recipient).unwrap_or_default();
        }
        id_of(&self.identity, &self.recipient_key, received_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::SenderKey;

    fn read(text: &str) -> FileContents {
        read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap()
    }

    #[test]
    fn aliases_in_any_order_and_any_case() {
        let c = read("Outcome,Note,FROM,Sent-At,Job Title,ignored\naccepted,Hi,Ann Lee,2026-10-01 09:00,Recruiter,x\n");
        assert_eq!(c.rejects, vec![]);
        let inv = &c.invitations[0];
        assert_eq!(inv.sender_name, "Ann Lee");
        assert_eq!(inv.status, Status::Accepted);
        assert_eq!(inv.message, "Hi");
        assert_eq!(inv.sender_headline, "Recruiter");
        assert_eq!(inv.line, 2);
    }

    #[test]
    fn canonical_name_beats_alias() {
        let c = read("name,sender_name,received_at\nAlias,Canonical,2026-10-01\n");
        assert_eq!(c.invitations[0].sender_name, "Canonical");
    }

    #[test]
    fn missing_required_columns_are_named() {
        let missing = |header: &[&str]| {
            let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            match HeaderMap::new(&header) {
                Err(HeaderError::Missing(message)) => message,
                other => panic!("{other:?}"),
            }
        };
        let err = missing(&["from", "note"]);
        assert!(
            err.starts_with("the header lacks a received_at column"),
            "{err}"
        );
        let err = missing(&["date", "note"]);
        assert!(err.contains("sender_name"), "{err}");
    }

    #[test]
    fn linkedin_invitations_are_recognised_by_their_header() {
        let header: Vec<String> = ["From", "To", "Sent At", "Message", "Direction"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        assert_eq!(HeaderMap::new(&header).unwrap_err(), HeaderError::LinkedIn);
    }

    #[test]
    fn rejected_records_keep_their_quoting() {
        let c = read("received_at,sender_name,note\nnever,\"Lee, Bob\",\"say \"\"hi\"\"\"\n");
        assert_eq!(c.rejects[0].record, "never,\"Lee, Bob\",\"say \"\"hi\"\"\"");
    }

    #[test]
    fn status_is_derived_from_accepted_at_when_absent() {
        let c = read("date,name,accepted_at\n2026-10-01,A,2026-10-02\n2026-10-01,B,\n");
        assert_eq!(c.invitations[0].status, Status::Accepted);
        assert_eq!(c.invitations[1].status, Status::Pending);
    }

    #[test]
    fn each_bad_row_is_rejected_with_its_line_and_reason() {
        let c = read(concat!(
            "received_at,sender_name,status,responded,category\n",
            "2026-10-01,A,accepted,,\n",         // line 2: fine
            "soon,B,accepted,,\n",               // line 3: date
            "2026-10-01,,accepted,,\n",          // line 4: identity
            "2026-10-01,D,maybe,,\n",            // line 5: status
            "2026-10-01,E,pending\n",            // line 6: width
            "2026-10-01,F,pending,perhaps,\n",   // line 7: bool
            "2026-10-01,G,pending,,astronaut\n", // line 8: category
            "1900-01-01,H,pending,,\n",          // line 9: implausible year
        ));
        let lines: Vec<u64> = c.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6, 7, 8, 9]);
        assert!(c.rejects[0].reason.contains("'soon'"));
        assert!(c.rejects[1].reason.contains("no sender identity"));
        assert!(c.rejects[2].reason.contains("unknown status 'maybe'"));
        assert!(c.rejects[3].reason.contains("wrong number of fields"));
        assert!(c.rejects[4].reason.contains("'perhaps'"));
        assert!(c.rejects[5].reason.contains("'astronaut'"));
        assert!(c.rejects[6].reason.contains("outside 2003–2099"));
        assert_eq!(c.rows_read, 8);
        assert_eq!(c.invitations.len(), 1);
    }

    #[test]
    fn rows_keep_file_order_and_lines_across_parse_batches() {
        // Bad rows on both sides of each batch boundary, and a quoted line break to shift the
        // physical lines against the record count.
        let rows = 2 * BATCH + 10;
        let bad = [BATCH - 1, BATCH, BATCH + 1, 2 * BATCH];
        let mut text =
            String::from("received_at,sender_name,message\n2026-10-01,Q,\"two\nlines\"\n");
        for i in 1..rows {
            let date = if bad.contains(&i) {
                "soon"
            } else {
                "2026-10-01"
            };
            text.push_str(&format!("{date},S{i},\n"));
        }
        let c = read(&text);
        assert_eq!(c.rows_read, rows as u64);
        // Row i (1-based after the two-line first row) sits on physical line i + 3.
        let lines: Vec<u64> = c.rejects.iter().map(|r| r.line).collect();
        let want: Vec<u64> = bad.iter().map(|&i| i as u64 + 3).collect();
        assert_eq!(lines, want);
        let names: Vec<&str> = c.invitations.iter().map(|i| &*i.sender_name).collect();
        let want: Vec<String> = std::iter::once("Q".to_string())
            .chain(
                (1..rows)
                    .filter(|i| !bad.contains(i))
                    .map(|i| format!("S{i}")),
            )
            .collect();
        assert_eq!(names, want);
        assert_eq!(c.invitations[1].line, 4);
    }

    #[test]
    fn a_bad_row_before_a_row_that_never_ends_is_the_first_error() {
        let limits = RecordLimits {
            max_bytes: 64,
            max_fields: 16,
        };
        let text = format!(
            "received_at,sender_name,status\n2026-10-01,A,maybe\n2026-10-01,B,\"{}\n",
            "x".repeat(200)
        );
        let read = |strict| {
            read_canonical_with_limits(
                text.as_bytes(),
                &ArcStr::from("t.csv"),
                Tz::UTC,
                strict,
                limits,
            )
        };
        match read(true) {
            Err(FileError::Strict(reject)) => assert_eq!(reject.line, 2),
            other => panic!("{other:?}"),
        }
        match read(false) {
            Err(FileError::TooLong { line, .. }) => assert_eq!(line, 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn outcomes_cannot_precede_the_invitation() {
        let c = read(concat!(
            "received_at,sender_name,accepted_at,responded_at\n",
            "2026-10-30T15:00:00Z,A,2026-10-01,\n",
            "2026-10-30T15:00:00Z,B,,2026-10-29T09:00:00Z\n",
            "2026-10-30T15:00:00Z,C,2026-10-30,2026-10-30T16:00:00Z\n",
        ));
        let lines: Vec<u64> = c.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert!(c.rejects[0]
            .reason
            .contains("before the invitation arrived"));
        // A connection date of the same day is midnight, before the time of arrival: fine.
        assert_eq!(c.invitations.len(), 1);
    }

    #[test]
    fn invalid_utf8_is_rejected_not_mangled() {
        let mut bytes = b"received_at,sender_name,note\n2026-10-01,A,caf".to_vec();
        bytes.extend_from_slice(&[0xE9, b'\n']);
        let c = read_canonical(&bytes[..], &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        assert_eq!(c.rejects.len(), 1);
        assert!(c.rejects[0]
            .reason
            .contains("invalid UTF-8 in column 'note'"));
    }

    #[test]
    fn a_character_split_between_two_fields_is_invalid_utf8() {
        // The two halves of `é` make valid UTF-8 together, but neither field is valid alone.
        let bytes =
            b"received_at,sender_name,note\n2026-10-01,A\xC3,\xA9x\n2026-10-01,\xC3\xA9,x\n";
        let c = read_canonical(&bytes[..], &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        assert_eq!(c.rejects.len(), 1);
        assert!(c.rejects[0]
            .reason
            .contains("invalid UTF-8 in column 'sender_name' at byte 1"));
        assert_eq!(c.invitations[0].sender_name, "é");
    }

    #[test]
    fn quick_paths_give_what_the_slow_ones_do() {
        // Every white space character starts with a byte that `is_collapsed` looks at.
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut bytes = [0; 4];
                let first = c.encode_utf8(&mut bytes).as_bytes()[0];
                assert!(
                    matches!(first, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3),
                    "{c:?}"
                );
            }
        }
        for text in [
            "",
            "a",
            "ab",
            "a b",
            " a",
            "a ",
            "  ",
            " ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{3000}",
            "Zoë – Müller",
            "a\u{2028}b",
            "\u{85}",
            "x\u{1680}",
            "Ann Lee 🚀",
            "é",
            "~ !",
            "\u{7f}",
        ] {
            let slow = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_collapsed(text), slow == text, "{text:?}");
            assert_eq!(collapse_spaces(text), slow, "{text:?}");
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
        for text in [
            "accepted",
            "Accepted",
            " pending",
            "IGNORED",
            "declined",
            "withdrawn",
            "x",
        ] {
            let slow = match normalise_key(text).as_str() {
                "accepted" => Some(Status::Accepted),
                "pending" => Some(Status::Pending),
                "ignored" => Some(Status::Ignored),
                "declined" => Some(Status::Declined),
                "withdrawn" => Some(Status::Withdrawn),
                _ => None,
            };
            assert_eq!(parse_status(text), slow, "{text:?}");
        }
        for (text, want) in [
            ("YES", Some(true)),
            ("n", Some(false)),
            ("nö", None),
            ("", None),
        ] {
            assert_eq!(parse_bool(text), want, "{text:?}");
        }
    }

    #[test]
    fn strict_stops_at_the_first_bad_row() {
        let text = "received_at,sender_name\nnever,A\nnever,B\n";
        match read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, true) {
            Err(FileError::Strict(reject)) => assert_eq!(reject.line, 2),
            other => panic!("expected a strict stop, got {other:?}"),
        }
    }

    const SMALL: RecordLimits = RecordLimits {
        max_bytes: 64,
        max_fields: 8,
    };

    fn read_small(text: &str, strict: bool) -> Result<FileContents, FileError> {
        read_canonical_with_limits(
            text.as_bytes(),
            &ArcStr::from("t.csv"),
            Tz::UTC,
            strict,
            SMALL,
        )
    }

    #[test]
    fn a_row_over_the_size_limit_is_rejected_and_the_next_one_read() {
        let long = "x".repeat(100);
        let text = format!(
            "received_at,sender_name\n2026-10-01,A\n2026-10-02,{long}\n2026-10-03,B\n{}\n2026-10-04,\"C\n\n{long}\"\n2026-10-05,D\n",
            ",".repeat(20)
        );
        let c = read_small(&text, false).unwrap();
        let names: Vec<&str> = c.invitations.iter().map(|i| &*i.sender_name).collect();
        assert_eq!(names, ["A", "B", "D"]);
        let lines: Vec<u64> = c.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5, 6]);
        assert_eq!(c.rows_read, 6);
        assert!(
            c.rejects[0]
                .reason
                .contains("longer than the 64-byte limit"),
            "{}",
            c.rejects[0].reason
        );
        // The reject quotes how the row began, not all of it.
        assert!(c.rejects[0].record.starts_with("2026-10-02,xxx"));
        assert!(c.rejects[0].record.ends_with('…'));
        assert!(c.rejects[1].reason.contains("more than the 8 fields"));
        assert!(
            c.rejects[2].reason.contains("runs to line 8"),
            "{}",
            c.rejects[2].reason
        );

        match read_small(&text, true) {
            Err(FileError::Strict(reject)) => assert_eq!(reject.line, 3),
            other => panic!("expected a strict stop, got {other:?}"),
        }

        // However long the row, rejects.csv gets its first kilobyte or so.
        let text = format!(
            "received_at,sender_name\n2026-10-02,{}\n",
            "y".repeat(1 << 20)
        );
        let limits = RecordLimits {
            max_bytes: 1 << 16,
            max_fields: 8,
        };
        let c = read_canonical_with_limits(
            text.as_bytes(),
            &ArcStr::from("t.csv"),
            Tz::UTC,
            false,
            limits,
        )
        .unwrap();
        let record = &c.rejects[0].record;
        assert!(record.starts_with("2026-10-02,yyy"));
        assert!((1 << 10..1100).contains(&record.len()), "{}", record.len());
    }

    #[test]
    fn a_row_over_the_size_limit_to_the_end_of_the_file_stops_reading_it() {
        let text = format!(
            "received_at,sender_name,status\n2026-10-01,A,pending\n2026-10-02,\"B,pending\n{}",
            "2026-10-03,C,pending\n".repeat(10)
        );
        for strict in [false, true] {
            match read_small(&text, strict) {
                Err(FileError::TooLong { line, reason }) => {
                    assert_eq!(line, 3);
                    assert!(
                        reason.contains("runs to the end of the file (line 13)"),
                        "{reason}"
                    );
                }
                other => panic!("expected the file to stop, got {other:?}"),
            }
        }
        // Under the limit, the same mistake is one rejected row, as before.
        let c = read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        assert_eq!(c.rejects.len(), 1);
        assert!(c.rejects[0].reason.contains("unclosed quote"));
    }

    #[test]
    fn a_quote_left_open_in_the_last_column_is_a_rejected_row_not_lost_rows() {
        // The last column's quote is never closed: the rows after it would be its text.
        let header = "sender_name,recipient,received_at,status,message\n";
        let open = format!(
            "{header}Ann,Tom,2026-10-02T09:00:00Z,accepted,\"hi\nBob,Tom,2026-10-03T09:00:00Z,pending,\nCat,Tom,2026-10-04T09:00:00Z,pending,ok\n"
        );
        let c = read_canonical(open.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        assert_eq!(c.invitations.len(), 0);
        assert_eq!(c.rejects.len(), 1);
        assert_eq!(c.rejects[0].line, 2);
        assert!(
            c.rejects[0].reason.contains("never closed"),
            "{:?}",
            c.rejects
        );
        // A closed quote over two lines at the end of the file, and a stray quote in a field
        // that is not quoted, are fine.
        for text in [
            format!("{header}Ann,Tom,2026-10-02T09:00:00Z,accepted,\"hi\nthere\""),
            format!("{header}Ann,Tom,2026-10-02T09:00:00Z,accepted,5\" screen"),
        ] {
            let c =
                read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
            assert_eq!((c.invitations.len(), c.rejects.len()), (1, 0), "{text:?}");
        }
    }

    #[test]
    fn a_quote_left_open_mid_file_that_keeps_the_width_is_a_rejected_row() {
        // The quote opened in `sender_name` on line 3 is closed by the one on line 5, and the
        // fields happen to line up: lines 3–5 are one record with line breaks in the name.
        let header = "sender_name,recipient,received_at,status,message\n";
        let text = format!(
            "{header}Ann,Tom,2026-10-02T09:00:00Z,accepted,hi\n\
             \"Bob,Tom,2026-10-03T09:00:00Z,pending,\n\
             Cat,Tom,2026-10-04T09:00:00Z,pending,ok\n\
             Dee\",Tom,2026-10-05T09:00:00Z,pending,\"hey\"\n\
             Eve,Tom,2026-10-06T09:00:00Z,pending,\"two\nlines\"\n"
        );
        let c = read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        let names: Vec<&str> = c.invitations.iter().map(|i| &*i.sender_name).collect();
        // Eve's note over two lines is a note's line break.
        assert_eq!(names, ["Ann", "Eve"]);
        let [reject] = &c.rejects[..] else {
            panic!("one rejected row: {:?}", c.rejects);
        };
        assert_eq!(reject.line, 3);
        assert!(
            reject.reason.contains(
                "runs over lines 3–5 and its 'sender_name' field, which never spans lines"
            ),
            "{}",
            reject.reason
        );
        assert!(reject.record.contains("Cat,Tom"), "{}", reject.record);
        // A name pasted with a line break in it, or after it, holds no rows: it is read.
        let text = format!(
            "{header}\"Ann\nMarie\",Tom,2026-10-02T09:00:00Z,accepted,hi\n\
             \"Bob\n\",Tom,2026-10-03T09:00:00Z,pending,\n"
        );
        let c = read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        let names: Vec<&str> = c.invitations.iter().map(|i| &*i.sender_name).collect();
        assert_eq!((names, c.rejects.len()), (vec!["Ann Marie", "Bob"], 0));
        // Nor a name with a comma in a row whose note spans lines, nor a company over two lines
        // with a comma: a company may span lines.
        let text = "sender_name,sender_company,recipient,received_at,status,message\n\
                    \"Lee, Ann\",Acme,Tom,2026-10-02T09:00:00Z,accepted,\"hi,\nthere\"\n\
                    Bob,\"Acme,\nInc\",Tom,2026-10-03T09:00:00Z,pending,\n";
        let c = read_canonical(text.as_bytes(), &ArcStr::from("t.csv"), Tz::UTC, false).unwrap();
        let names: Vec<&str> = c.invitations.iter().map(|i| &*i.sender_name).collect();
        assert_eq!((names, c.rejects.len()), (vec!["Lee, Ann", "Bob"], 0));
    }

    #[test]
    fn a_header_over_the_size_limit_is_no_header() {
        let text = format!("{}\n2026-10-01,A\n", "received_at,".repeat(10));
        match read_small(&text, false) {
            Err(FileError::TooLong { line: 1, reason }) => {
                assert!(reason.starts_with("this is no CSV header: "), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn derived_ids_are_made_as_the_first_way_made_them() {
        let first = |name: &str, url: &str, recipient: &str, at: DateTime<Utc>| {
            let identity = SenderKey::new(name, url).id_text();
            let mut hasher = Sha256::new();
            hasher.update(identity.as_bytes());
            hasher.update([0]);
            hasher.update(identity::name_key(recipient).unwrap_or_default().as_bytes());
            hasher.update([0]);
            hasher.update(at.format("%Y-%m-%dT%H:%M").to_string().as_bytes());
            format!("inv-{}", hex::encode(&hasher.finalize()[..8]))
        };
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let times = [
            t("2026-10-01T09:05:59Z"),
            t("0001-01-01T00:00:00Z"),
            t("9999-12-31T23:59:00Z"),
            t("2003-02-28T14:07:00+05:30"),
            chrono::NaiveDate::from_ymd_opt(12345, 6, 7)
                .unwrap()
                .and_hms_opt(1, 2, 3)
                .unwrap()
                .and_utc(),
            chrono::NaiveDate::from_ymd_opt(-44, 3, 15)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc(),
        ];
        let mut ids = IdMaker::default();
        for (name, url) in [
            ("Ann Lee", "https://uk.linkedin.com/in/Ann-Lee/"),
            ("Dr. Ann  Lee, PhD", ""),
            ("", "linkedin.com/in/x"),
            ("🚀", "  "),
            ("", ""),
        ] {
            for recipient in ["Me", "me", "", "Dr Hannah Okafor", "Me"] {
                for at in times {
                    assert_eq!(
                        ids.make(name, url, recipient, at),
                        first(name, url, recipient, at),
                        "{name:?} {url:?} {recipient:?} {at}"
                    );
                    let identity = SenderKey::new(name, url).id_text();
                    assert_eq!(
                        derived_id(&identity, recipient, at),
                        first(name, url, recipient, at)
                    );
                }
            }
        }
    }

    #[test]
    fn derived_ids_ignore_seconds_but_not_minutes() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let a = derived_id("url:x", "me", t("2026-10-01T09:00:05Z"));
        let b = derived_id("url:x", "me", t("2026-10-01T09:00:55Z"));
        let c = derived_id("url:x", "me", t("2026-10-01T09:01:00Z"));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
