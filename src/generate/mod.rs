//! Synthetic received-invitation data for the demo, the tests and benchmarks.
//!
//! Takes a [`GenerateOptions`] (row count, seed, last month and length of the window) and
//! writes that many invitations in the canonical CSV format, sorted by `received_at`, as a
//! small London recruiting team of four would see them: recruitment consultants, in-house
//! recruiters, candidates, suppliers and peers, with notes from none at all through LinkedIn's
//! canned text and mass-sent templates to genuinely personal ones, and outcomes that depend on
//! who sent the note and how much care went into it.
//!
//! What it must never do:
//! - use real people's data: every person is a random pairing of common first and last names
//!   with a made-up profile URL (companies are real, well-known organisations, which is fine);
//! - depend on anything but the options: it never reads the clock, the environment or a
//!   `HashMap`'s iteration order, and uses its own PRNG, so the same options give the same bytes
//!   on every machine and with every dependency version;
//! - hold all rows in memory: rows are produced in time order and written one by one, with
//!   memory bounded by the busiest day, not by the row count.
//!
//! How it works: rows are first allocated to months, then to days (largest remainder, so the
//! total is exact), then given minutes within the day from a working-hours profile. Walking those
//! slots forward in time, each slot goes either to a follow-up already scheduled (a sender who
//! invites several members of the team, often with the same template) or to a brand-new sender.
//! Each sender and each invitation derive their own random stream from the seed and their ids,
//! so a sender looks the same in every row without being stored.

mod calendar;
pub mod linkedin;
mod notes;
mod population;
mod rng;

use calendar::*;
use notes::*;
use population::*;
use rng::*;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, NaiveDate, Weekday};

/// What to generate. Only these fields influence the output.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of invitations (data rows, not counting the header).
    pub rows: usize,
    /// Seed of every random choice; the same options always give byte-identical output.
    pub seed: u64,
    /// Year of the last month in the window.
    pub end_year: i32,
    /// Last month in the window (1–12), included.
    pub end_month: u32,
    /// Number of calendar months in the window, ending with `end_year`-`end_month`.
    pub months: u32,
    /// About this share of senders, in percent, attach a note (the rest send none). A recruiter's
    /// hand-kept log holds notes on about 30% of invitations; LinkedIn's own archives on 1–10%.
    pub note_percent: u32,
}

/// `note_percent` of a recruiter's hand-kept log of invitations.
pub const LOG_NOTE_PERCENT: u32 = 30;
/// `note_percent` of a LinkedIn archive's received invitations.
pub const ARCHIVE_NOTE_PERCENT: u32 = 6;

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            rows: 3000,
            seed: 42,
            end_year: 2026,
            end_month: 10,
            months: 14,
            note_percent: LOG_NOTE_PERCENT,
        }
    }
}

/// The canonical header, in column order.
const HEADER: [&str; 11] = [
    "invite_id",
    "received_at",
    "sender_name",
    "sender_profile_url",
    "sender_headline",
    "sender_company",
    "message",
    "status",
    "accepted_at",
    "responded_at",
    "recipient",
];

/// LinkedIn's limit on the length of an invitation note, in characters.
const MAX_NOTE_CHARS: usize = 300;

/// Writes `rows` invitations in the canonical CSV format; returns the number of rows written.
///
/// Errs with `InvalidInput` when `end_month` is not 1–12, `months` is 0 or the window is outside
/// the calendar chrono supports; otherwise only when `out` fails.
pub fn write_canonical<W: Write>(options: &GenerateOptions, out: W) -> io::Result<u64> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(HEADER)?;
    let mut fields = RowText::default();
    let written = generate_rows(options, |number, row| {
        fields.fill(number, &row);
        csv.write_record(fields.record(&row))?;
        Ok(())
    })?;
    csv.flush()?;
    Ok(written)
}

/// Generates the invitations in time order and hands each to `take` with its number (from 1);
/// returns how many there were. Errs like `write_canonical`, or when `take` does.
fn generate_rows(
    options: &GenerateOptions,
    mut take: impl FnMut(u64, Row) -> io::Result<()>,
) -> io::Result<u64> {
    let window = Window::new(options)?;
    let mut schedule_rng = SplitMix64::derive(options.seed, Stream::Schedule, 0, 0);
    let mut generator = Generator::new(options.seed, window.end, options.note_percent);
    let mut written = 0u64;
    let mut minutes = Vec::new();

    let month_rows = split_by_weight(
        options.rows as u64,
        &month_weights(&window, &mut schedule_rng),
    );
    for (&first_day, &rows) in window.month_starts.iter().zip(&month_rows) {
        let days = month_days(first_day);
        let day_weights: Vec<f64> = days
            .iter()
            .map(|&d| day_weight(d, &mut schedule_rng))
            .collect();
        for (&day, &day_rows) in days.iter().zip(&split_by_weight(rows, &day_weights)) {
            day_minutes(day, day_rows, &mut schedule_rng, &mut minutes);
            let midnight = day
                .and_hms_opt(0, 0, 0)
                .expect("midnight exists")
                .and_utc()
                .timestamp();
            for &minute in &minutes {
                written += 1;
                take(
                    written,
                    generator.next_row(midnight + i64::from(minute) * 60),
                )?;
            }
        }
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

/// One generated invitation.
struct Row {
    received: i64,
    sender: Sender,
    recipient: usize,
    message: String,
    status: &'static str,
    accepted: Option<i64>,
    responded: Option<i64>,
}

/// A sender's later invitation to another team member, waiting for its time slot.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FollowUp {
    due: i64,
    sender: u64,
    recipient: usize,
}

/// Assigns time slots to senders and decides each invitation.
struct Generator {
    seed: u64,
    note_percent: u32,
    window_end: i64,
    next_sender: u64,
    follow_ups: BinaryHeap<Reverse<FollowUp>>,
}

impl Generator {
    fn new(seed: u64, window_end: i64, note_percent: u32) -> Generator {
        Generator {
            seed,
            note_percent,
            window_end,
            next_sender: 0,
            follow_ups: BinaryHeap::new(),
        }
    }

    /// The invitation for the next slot: a due follow-up if any, else a new sender's first.
    fn next_row(&mut self, received: i64) -> Row {
        let due = self
            .follow_ups
            .peek()
            .is_some_and(|Reverse(f)| f.due <= received);
        let (sender, recipient) = if due {
            let Reverse(follow_up) = self.follow_ups.pop().expect("peeked");
            (
                Sender::new(self.seed, follow_up.sender, self.note_percent),
                follow_up.recipient,
            )
        } else {
            let sender = Sender::new(self.seed, self.next_sender, self.note_percent);
            self.next_sender += 1;
            self.schedule_follow_ups(&sender, received);
            let first = sender.targets[0];
            (sender, first)
        };
        self.decide(sender, recipient, received)
    }

    /// Queues the sender's other invitations. Follow-ups still queued when the window ends are
    /// simply never sent; the queue holds at most a couple of weeks of traffic.
    fn schedule_follow_ups(&mut self, sender: &Sender, start: i64) {
        let mut rng = SplitMix64::derive(self.seed, Stream::Sender, sender.id, 1);
        let gaps = if sender.in_one_sitting {
            &MASS_GAP_HOURS[..]
        } else {
            &SLOW_GAP_HOURS[..]
        };
        let mut at = start;
        for &recipient in &sender.targets[1..sender.reach] {
            at += hours_to_seconds(rng.quantile(gaps)).max(60);
            self.follow_ups.push(Reverse(FollowUp {
                due: at,
                sender: sender.id,
                recipient,
            }));
        }
    }

    /// Writes the note and draws the outcome for one invitation.
    fn decide(&self, sender: Sender, recipient: usize, received: i64) -> Row {
        let mut rng =
            SplitMix64::derive(self.seed, Stream::Invitation, sender.id, recipient as u64);
        let message = compose_note(&sender, &TEAM[recipient], &mut rng);
        let (status, accepted, responded) = self.outcome(&sender, received, &mut rng);
        Row {
            received,
            sender,
            recipient,
            message,
            status,
            accepted,
            responded,
        }
    }

    /// Status and timestamps. Every timestamp lies before the end of the window: an acceptance
    /// that would come later is, as of the export, still pending.
    fn outcome(
        &self,
        sender: &Sender,
        received: i64,
        rng: &mut SplitMix64,
    ) -> (&'static str, Option<i64>, Option<i64>) {
        let c = sender.category as usize;
        let style = &sender.style;
        let level = style.level as usize;
        let age_days = (self.window_end - received) / 86_400;
        let courtesy = f64::from(style.courtesy());
        let broken = if style.broken_merge.is_some() {
            0.12
        } else {
            0.0
        };
        let p_accept =
            (ACCEPT_BASE[c] + ACCEPT_LIFT[level] + 0.03 * courtesy - broken).clamp(0.02, 0.95);
        let p_decline = DECLINE_BASE[c] + broken * 0.6;
        let before_end = |t: i64| (t < self.window_end).then_some(t);

        if age_days >= 14 && rng.chance(WITHDRAW[c]) {
            return ("withdrawn", None, None);
        }
        let roll = rng.unit();
        if roll < p_accept {
            let delay = hours_to_seconds(rng.quantile(&ACCEPT_DELAY_HOURS)).max(60);
            let Some(accepted) = before_end(received + delay) else {
                return ("pending", None, self.inmail_reply(received, rng));
            };
            let p_reply = REPLY_BASE[c] + REPLY_LIFT[level] + 0.02 * courtesy;
            let responded = rng
                .chance(p_reply)
                .then(|| accepted + hours_to_seconds(rng.quantile(&REPLY_DELAY_HOURS)).max(60))
                .and_then(before_end);
            return ("accepted", Some(accepted), responded);
        }
        if roll < p_accept + p_decline {
            let delay = hours_to_seconds(rng.quantile(&ACCEPT_DELAY_HOURS)).max(60);
            return match before_end(received + delay) {
                Some(_) => ("declined", None, self.inmail_reply(received, rng)),
                None => ("pending", None, self.inmail_reply(received, rng)),
            };
        }
        // Nobody acted. Recent invitations are simply waiting; older ones were seen and left,
        // though a few linger in the pending list for months.
        let still_pending = match age_days {
            0..=20 => 1.0,
            21..=60 => 0.3,
            61..=180 => 0.12,
            _ => 0.05,
        };
        if rng.chance(still_pending) {
            ("pending", None, self.inmail_reply(received, rng))
        } else {
            ("ignored", None, None)
        }
    }

    /// A rare reply without a connection (the sender also sent an InMail, say).
    fn inmail_reply(&self, received: i64, rng: &mut SplitMix64) -> Option<i64> {
        rng.chance(0.015)
            .then(|| received + hours_to_seconds(rng.quantile(&REPLY_DELAY_HOURS)).max(60))
            .filter(|&t| t < self.window_end)
    }
}

/// Whole minutes, as LinkedIn shows them.
fn hours_to_seconds(hours: f64) -> i64 {
    (hours * 60.0) as i64 * 60
}

/// Reused text buffers for one CSV record, so writing a row allocates little.
#[derive(Default)]
struct RowText {
    invite_id: String,
    received: String,
    accepted: String,
    responded: String,
}

impl RowText {
    fn fill(&mut self, number: u64, row: &Row) {
        self.invite_id.clear();
        let _ = write!(self.invite_id, "inv-{number:06}");
        format_time(Some(row.received), &mut self.received);
        format_time(row.accepted, &mut self.accepted);
        format_time(row.responded, &mut self.responded);
    }

    fn record<'a>(&'a self, row: &'a Row) -> [&'a str; 11] {
        [
            &self.invite_id,
            &self.received,
            &row.sender.display_name,
            &row.sender.profile_url,
            &row.sender.headline,
            row.sender.company,
            &row.message,
            row.status,
            &self.accepted,
            &self.responded,
            TEAM[row.recipient].name,
        ]
    }
}

/// RFC 3339 UTC with seconds, or empty.
fn format_time(secs: Option<i64>, out: &mut String) {
    out.clear();
    if let Some(time) = secs.and_then(|s| DateTime::from_timestamp(s, 0)) {
        let _ = write!(out, "{}", time.format("%Y-%m-%dT%H:%M:%SZ"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::collections::{HashMap, HashSet};

    const STATUSES: [&str; 5] = ["accepted", "pending", "ignored", "declined", "withdrawn"];

    fn generate(options: &GenerateOptions) -> Vec<u8> {
        let mut out = Vec::new();
        let written = write_canonical(options, &mut out).expect("writing to a Vec succeeds");
        assert_eq!(written, options.rows as u64);
        out
    }

    /// Parses the output strictly: a header equal to the canonical one, then 11 fields a row.
    fn parse(bytes: &[u8]) -> Vec<csv::StringRecord> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
        let header = reader.headers().expect("a header row").clone();
        assert_eq!(header.iter().collect::<Vec<_>>(), HEADER);
        reader
            .records()
            .map(|r| {
                let r = r.expect("every row parses");
                assert_eq!(r.len(), 11);
                r
            })
            .collect()
    }

    fn time(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|e| panic!("{text:?} is not RFC 3339: {e}"))
            .with_timezone(&Utc)
    }

    fn optional_time(text: &str) -> Option<DateTime<Utc>> {
        (!text.is_empty()).then(|| time(text))
    }

    fn recipient_first(row: &csv::StringRecord) -> &str {
        row[10].split(' ').next().unwrap_or_default()
    }

    // Independent classifiers, written from what the notes should look like, not from the code.
    fn is_canned(note: &str) -> bool {
        [
            "I'd like to join your LinkedIn network.",
            "I'd like to add you to my professional network on LinkedIn.",
            "I'd like to connect with you on LinkedIn.",
        ]
        .iter()
        .any(|c| note.ends_with(c) && note.len() < c.len() + 30)
    }

    fn has_placeholder(note: &str) -> bool {
        [
            "[Name]",
            "[First Name]",
            "{{",
            "{FIRSTNAME}",
            "<<",
            "[Company]",
        ]
        .iter()
        .any(|p| note.contains(p))
    }

    fn is_personal(note: &str) -> bool {
        [
            "your post",
            "your recent post",
            "your take on",
            "speak at",
            "your talk",
            "met at",
            "chat at",
            "we both",
            "ex-",
            "graduate of",
            "suggested I",
            "mentioned you",
            "speaks very highly",
            "you specialise",
            "vacancy",
            "you're hiring",
            "you're recruiting",
            "team is recruiting",
            "is hiring",
            "is looking for",
            "search",
            "recruiting a",
        ]
        .iter()
        .any(|m| note.contains(m))
    }

    #[test]
    fn same_options_give_identical_bytes() {
        let options = GenerateOptions::default();
        assert_eq!(generate(&options), generate(&options));
    }

    #[test]
    fn different_seeds_give_different_bytes() {
        let a = generate(&GenerateOptions {
            seed: 1,
            ..Default::default()
        });
        let b = generate(&GenerateOptions {
            seed: 2,
            ..Default::default()
        });
        assert_ne!(a, b);
    }

    #[test]
    fn row_count_is_exact() {
        for rows in [0, 1, 2, 17, 500, 3000] {
            let bytes = generate(&GenerateOptions {
                rows,
                ..Default::default()
            });
            assert_eq!(parse(&bytes).len(), rows, "rows = {rows}");
        }
        let one_month = GenerateOptions {
            rows: 999,
            months: 1,
            ..Default::default()
        };
        assert_eq!(parse(&generate(&one_month)).len(), 999);
    }

    #[test]
    fn rows_are_valid_sorted_and_inside_the_window() {
        // A window that crosses a year end and both clock changes.
        let options = GenerateOptions {
            rows: 3000,
            seed: 7,
            end_year: 2026,
            end_month: 2,
            months: 14,
            note_percent: LOG_NOTE_PERCENT,
        };
        let start = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        let rows = parse(&generate(&options));
        let mut previous = start;
        let mut ids = HashSet::new();
        for row in &rows {
            assert!(
                row[0].starts_with("inv-") && ids.insert(row[0].to_string()),
                "bad or repeated id {}",
                &row[0]
            );
            assert!(STATUSES.contains(&&row[7]), "bad status {}", &row[7]);
            assert!(
                row[3].starts_with("https://www.linkedin.com/in/"),
                "bad url {}",
                &row[3]
            );
            assert!(!row[2].is_empty() && !row[10].is_empty());
            let received = time(&row[1]);
            assert!(received >= previous, "rows not sorted at {}", &row[0]);
            assert!(received < end);
            previous = received;
            let accepted = optional_time(&row[8]);
            let responded = optional_time(&row[9]);
            assert_eq!(
                accepted.is_some(),
                &row[7] == "accepted",
                "accepted_at vs status in {}",
                &row[0]
            );
            for t in accepted.into_iter().chain(responded) {
                assert!(
                    t >= received && t < end,
                    "timestamp out of order or window in {}",
                    &row[0]
                );
            }
            if let (Some(a), Some(r)) = (accepted, responded) {
                assert!(r >= a, "reply before acceptance in {}", &row[0]);
            }
        }
    }

    #[test]
    fn every_status_and_personalisation_kind_occurs() {
        let rows = parse(&generate(&GenerateOptions {
            note_percent: 75,
            ..GenerateOptions::default()
        }));
        let statuses: HashSet<&str> = rows.iter().map(|r| &r[7]).collect();
        for status in STATUSES {
            assert!(statuses.contains(status), "no {status} row");
        }
        let notes: Vec<&str> = rows.iter().map(|r| &r[6]).collect();
        assert!(
            notes.iter().any(|n| n.is_empty()),
            "no invitation without a note"
        );
        assert!(
            notes.iter().any(|n| is_canned(n)),
            "no LinkedIn canned text"
        );
        assert!(
            notes.iter().any(|n| has_placeholder(n)),
            "no unfilled placeholder"
        );
        assert!(
            notes.iter().filter(|n| is_personal(n)).count() > 100,
            "too few personal references"
        );
    }

    #[test]
    fn notes_fit_linkedin_limit() {
        let rows = parse(&generate(&GenerateOptions {
            rows: 20_000,
            ..Default::default()
        }));
        let longest = rows.iter().map(|r| r[6].chars().count()).max().unwrap_or(0);
        assert!(longest <= MAX_NOTE_CHARS, "a note has {longest} characters");
        assert!(longest > 200, "no long notes at all");
    }

    #[test]
    fn mass_templates_repeat_with_names_swapped() {
        let rows = parse(&generate(&GenerateOptions::default()));
        let mut uses: HashMap<String, HashSet<&str>> = HashMap::new();
        for row in rows
            .iter()
            .filter(|r| !r[6].is_empty() && !is_canned(&r[6]))
        {
            let text = row[6].replace(recipient_first(row), "{first}");
            uses.entry(text).or_default().insert(&row[0]);
        }
        let templates = uses.values().filter(|ids| ids.len() >= 3).count();
        assert!(
            templates >= 10,
            "only {templates} notes are reused 3+ times"
        );
    }

    #[test]
    fn senders_reach_several_recipients_but_each_only_once() {
        let rows = parse(&generate(&GenerateOptions::default()));
        let mut pairs = HashSet::new();
        let mut per_sender: HashMap<&str, usize> = HashMap::new();
        for row in &rows {
            assert!(
                pairs.insert((&row[3], &row[10])),
                "{} invited {} twice",
                &row[3],
                &row[10]
            );
            *per_sender.entry(&row[3]).or_default() += 1;
        }
        let senders = per_sender.len();
        assert!(
            senders > 600 && senders < 2500,
            "{senders} distinct senders"
        );
        assert!(
            per_sender.values().filter(|&&n| n == 4).count() > 50,
            "too few whole-team senders"
        );
    }

    #[test]
    fn personal_notes_are_accepted_more_and_recent_ones_are_pending() {
        let rows = parse(&generate(&GenerateOptions::default()));
        let rate = |keep: &dyn Fn(&csv::StringRecord) -> bool, status: &str| {
            let kept: Vec<_> = rows.iter().filter(|r| keep(r)).collect();
            kept.iter().filter(|r| &r[7] == status).count() as f64 / kept.len() as f64
        };
        let personal = rate(&|r| is_personal(&r[6]), "accepted");
        let none = rate(&|r| r[6].is_empty(), "accepted");
        assert!(
            personal > none + 0.2,
            "personal {personal:.2} vs none {none:.2}"
        );

        let cutoff = Utc.with_ymd_and_hms(2026, 10, 11, 0, 0, 0).unwrap();
        let recent = rate(&|r| time(&r[1]) >= cutoff, "pending");
        let older = rate(&|r| time(&r[1]) < cutoff, "pending");
        assert!(
            recent > 0.5 && older < 0.15,
            "pending: recent {recent:.2}, older {older:.2}"
        );
    }

    #[test]
    fn invalid_options_are_rejected() {
        for options in [
            GenerateOptions {
                end_month: 13,
                ..Default::default()
            },
            GenerateOptions {
                end_month: 0,
                ..Default::default()
            },
            GenerateOptions {
                months: 0,
                ..Default::default()
            },
        ] {
            let err = write_canonical(&options, Vec::new()).expect_err("invalid options");
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        }
    }

    #[test]
    fn splitmix64_matches_the_reference() {
        // First outputs of Vigna's splitmix64.c seeded with 1234567.
        let mut rng = SplitMix64 { state: 1_234_567 };
        let got: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
                16408922859458223821
            ]
        );
    }

    #[test]
    fn split_by_weight_is_exact() {
        assert_eq!(split_by_weight(10, &[1.0, 1.0, 1.0]), [4, 3, 3]);
        assert_eq!(split_by_weight(0, &[0.3, 0.7]), [0, 0]);
        assert_eq!(split_by_weight(7, &[0.2, 0.5, 0.3]).iter().sum::<u64>(), 7);
    }

    #[test]
    fn slugs_and_articles() {
        assert_eq!(slug("Łukasz"), "lukasz");
        assert_eq!(slug("van den Berg"), "van-den-berg");
        assert_eq!(slug("O'Brien"), "obrien");
        assert_eq!(article("UX Designer"), "a");
        assert_eq!(article("HR Advisor"), "an");
        assert_eq!(article("Operations Manager"), "an");
        assert_eq!(article("Data Analyst"), "a");
    }
}
