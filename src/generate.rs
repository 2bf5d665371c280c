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

pub mod linkedin;

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
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            rows: 3000,
            seed: 42,
            end_year: 2026,
            end_month: 10,
            months: 14,
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
    let window = Window::new(options)?;
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(HEADER)?;

    let mut schedule_rng = SplitMix64::derive(options.seed, Stream::Schedule, 0, 0);
    let mut generator = Generator::new(options.seed, window.end);
    let mut fields = RowText::default();
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
                let row = generator.next_row(midnight + i64::from(minute) * 60);
                fields.fill(written, &row);
                csv.write_record(fields.record(&row))?;
            }
        }
    }
    csv.flush()?;
    Ok(written)
}

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea & Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA
/// 2014; constants from Vigna's reference `splitmix64.c`). Tiny, fast, well-tested, and ours, so
/// the output never changes with a dependency upgrade.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective 64-bit mixer.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Chris Wellons' "lowbias32" integer hash: a bijection on `u32`, so distinct sender ids get
/// distinct profile-URL suffixes.
fn lowbias32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^ (x >> 16)
}

/// Independent random streams, so that adding a draw in one place never shifts another.
#[derive(Debug, Clone, Copy)]
enum Stream {
    Schedule = 1,
    Sender = 2,
    Invitation = 3,
    UrlKey = 4,
}

impl SplitMix64 {
    /// A stream for one purpose and one entity (e.g. sender 17, or sender 17 → recipient 2).
    fn derive(seed: u64, stream: Stream, a: u64, b: u64) -> Self {
        let key = mix64(seed ^ mix64((stream as u64).wrapping_mul(GAMMA)));
        let key = mix64(key ^ a.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        SplitMix64 {
            state: mix64(key ^ b.wrapping_mul(0xA076_1D64_78BD_642F)),
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GAMMA);
        mix64(self.state)
    }

    /// Uniform in [0, 1) with 53 bits; only exact IEEE operations follow, so results are the
    /// same on every platform (no `ln`/`exp`, whose last bit may differ between libms).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (Lemire's multiply-shift; the bias is negligible for small n).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index skewed towards the front, so early entries of a list are the popular ones
    /// (a few mass templates account for most mass-sent notes, as in real inboxes).
    fn popular(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((u * u * n as f64) as usize).min(n - 1)
    }

    /// An index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut ticket = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if ticket < w {
                return i;
            }
            ticket -= w;
        }
        weights.len() - 1
    }

    /// A draw from a distribution given by its quantile table (cumulative probability, value),
    /// interpolated linearly: a heavy-tailed, log-normal-looking delay without transcendental
    /// functions.
    fn quantile(&mut self, table: &[(f64, f64)]) -> f64 {
        let u = self.unit();
        for pair in table.windows(2) {
            let ((p0, v0), (p1, v1)) = (pair[0], pair[1]);
            if u <= p1 {
                return v0 + (v1 - v0) * (u - p0) / (p1 - p0);
            }
        }
        table[table.len() - 1].1
    }
}

// ---------------------------------------------------------------------------------------------
// Time: the window, and how many invitations arrive when
// ---------------------------------------------------------------------------------------------

/// The calendar months covered, as Unix seconds; `end` is exclusive (first instant after).
struct Window {
    month_starts: Vec<NaiveDate>,
    end: i64,
}

impl Window {
    fn new(options: &GenerateOptions) -> io::Result<Window> {
        let invalid = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
        if !(1..=12).contains(&options.end_month) {
            return Err(invalid(format!(
                "end_month must be 1-12, not {}",
                options.end_month
            )));
        }
        if options.months == 0 {
            return Err(invalid("months must be at least 1".into()));
        }
        let last = i64::from(options.end_year) * 12 + i64::from(options.end_month) - 1;
        let first = last - i64::from(options.months) + 1;
        let month_start = |index: i64| {
            i32::try_from(index.div_euclid(12))
                .ok()
                .and_then(|year| NaiveDate::from_ymd_opt(year, index.rem_euclid(12) as u32 + 1, 1))
                .ok_or_else(|| {
                    invalid(format!(
                        "the window ending {}-{:02} is out of range",
                        options.end_year, options.end_month
                    ))
                })
        };
        let month_starts = (first..=last)
            .map(month_start)
            .collect::<io::Result<Vec<_>>>()?;
        let end = month_start(last + 1)?
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists");
        Ok(Window {
            month_starts,
            end: end.and_utc().timestamp(),
        })
    }
}

/// Relative invitation volume by calendar month: busy January and September, quiet August and
/// December, as agency desks see it.
const SEASON: [f64; 12] = [
    1.15, 1.05, 1.05, 0.95, 1.0, 0.95, 0.9, 0.8, 1.1, 1.05, 1.0, 0.7,
];

/// Relative volume by weekday, Monday first: people network at work.
const WEEKDAY: [f64; 7] = [1.1, 1.15, 1.1, 1.05, 0.85, 0.3, 0.35];

/// Relative volume by local hour on weekdays: office hours, a lunch dip, some evening scrolling.
const WORKDAY_HOURS: [u32; 24] = [
    4, 2, 1, 1, 1, 2, 6, 20, 55, 80, 85, 75, 60, 65, 75, 70, 62, 50, 38, 30, 26, 20, 14, 8,
];

/// Relative volume by local hour at weekends: later and flatter.
const WEEKEND_HOURS: [u32; 24] = [
    6, 3, 2, 1, 1, 1, 2, 5, 12, 20, 28, 32, 32, 30, 28, 26, 24, 24, 26, 30, 34, 30, 20, 10,
];

/// Month weights: mild growth over the window, seasonality, and a little noise.
fn month_weights(window: &Window, rng: &mut SplitMix64) -> Vec<f64> {
    window
        .month_starts
        .iter()
        .enumerate()
        .map(|(i, start)| {
            let growth = 1.0 + 0.025 * i as f64;
            growth * SEASON[start.month0() as usize] * (0.92 + 0.16 * rng.unit())
        })
        .collect()
}

fn month_days(first_day: NaiveDate) -> Vec<NaiveDate> {
    first_day
        .iter_days()
        .take_while(|d| d.month() == first_day.month())
        .collect()
}

/// Day weight: weekday pattern, quiet bank holidays around Christmas, and day-to-day noise.
fn day_weight(day: NaiveDate, rng: &mut SplitMix64) -> f64 {
    let holiday = matches!((day.month(), day.day()), (12, 24..=26) | (12, 31) | (1, 1));
    let base = WEEKDAY[day.weekday().num_days_from_monday() as usize];
    base * if holiday { 0.3 } else { 1.0 } * (0.75 + 0.5 * rng.unit())
}

/// Splits `total` by `weights` with the largest-remainder method: exact total, deterministic
/// (ties go to the earlier entry).
fn split_by_weight(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    let shares: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut counts: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (shares[a] - shares[a].floor(), shares[b] - shares[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let missing = total - counts.iter().sum::<u64>();
    for &i in order.iter().cycle().take(missing as usize) {
        counts[i] += 1;
    }
    counts
}

/// Whether London is on summer time (BST) on this date: from the last Sunday of March to the
/// last Sunday of October. The team works London hours, timestamps are UTC.
fn london_offset_hours(day: NaiveDate) -> usize {
    let last_sunday = |month: u32| {
        let last =
            NaiveDate::from_ymd_opt(day.year(), month, 31).expect("March and October have 31 days");
        last - chrono::Days::new(u64::from(last.weekday().num_days_from_sunday()))
    };
    usize::from(day >= last_sunday(3) && day < last_sunday(10))
}

/// Fills `minutes` with `count` sorted minutes of the UTC day, shaped by London working hours.
/// Drawing by UTC hour (weighted by the local hour it falls in) keeps every day's rows inside
/// that UTC day, so rows stay sorted across days and inside the window.
fn day_minutes(day: NaiveDate, count: u64, rng: &mut SplitMix64, minutes: &mut Vec<u16>) {
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    let profile = if weekend {
        &WEEKEND_HOURS
    } else {
        &WORKDAY_HOURS
    };
    let offset = london_offset_hours(day);
    let weights: [u32; 24] = std::array::from_fn(|utc_hour| profile[(utc_hour + offset) % 24]);
    minutes.clear();
    minutes.extend((0..count).map(|_| (rng.weighted(&weights) * 60 + rng.below(60)) as u16));
    minutes.sort_unstable();
}

// ---------------------------------------------------------------------------------------------
// Who sends, who receives
// ---------------------------------------------------------------------------------------------

/// A member of the recruiting team, with the facts a personalised note can refer to.
struct Recipient {
    name: &'static str,
    first: &'static str,
    company: &'static str,
    /// What they recruit, as a sender would phrase it ("tech", "finance").
    specialism: &'static str,
    former_employer: &'static str,
    school: &'static str,
    posts: [&'static str; 3],
    events: [&'static str; 2],
    hiring: [&'static str; 3],
}

/// The team. Profile URLs for reference: https://www.linkedin.com/in/hannah-okafor-7b2e91c4,
/// /in/tom-lindqvist-03fa5d8e, /in/aisha-rahman-c91d0b27, /in/marco-bellini-5e8a16f3. The
/// `recipient` column holds the name, as LinkedIn's own export ("To") does.
static TEAM: [Recipient; 4] = [
    Recipient {
        name: "Hannah Okafor",
        first: "Hannah",
        company: "Harbourline Talent",
        specialism: "technology",
        former_employer: "Robert Walters",
        school: "the University of Leeds",
        posts: [
            "salary transparency in job ads",
            "why counter-offers rarely work",
            "the state of the contract market",
        ],
        events: ["Recruitment Agency Expo", "London Tech Week"],
        hiring: [
            "Senior Data Engineer",
            "Platform Engineering Lead",
            "Senior Frontend Developer",
        ],
    },
    Recipient {
        name: "Tom Lindqvist",
        first: "Tom",
        company: "Harbourline Talent",
        specialism: "finance",
        former_employer: "Michael Page",
        school: "the University of Manchester",
        posts: [
            "the interim finance market",
            "hiring for culture add, not culture fit",
            "four-day weeks in finance teams",
        ],
        events: ["a CIPD meetup in Manchester", "the Northern Finance Forum"],
        hiring: ["Financial Controller", "FP&A Manager", "Head of Finance"],
    },
    Recipient {
        name: "Aisha Rahman",
        first: "Aisha",
        company: "Harbourline Talent",
        specialism: "data and analytics",
        former_employer: "Hays",
        school: "King's College London",
        posts: [
            "candidate ghosting",
            "AI in sourcing",
            "writing job ads people actually read",
        ],
        events: ["the Data & AI meetup in Shoreditch", "RecFest"],
        hiring: [
            "Analytics Engineer",
            "Head of Data",
            "Machine Learning Engineer",
        ],
    },
    Recipient {
        name: "Marco Bellini",
        first: "Marco",
        company: "Harbourline Talent",
        specialism: "early careers",
        former_employer: "Randstad",
        school: "the University of Bristol",
        posts: [
            "graduate hiring this year",
            "inclusive job descriptions",
            "what makes a strong first CV",
        ],
        events: [
            "the University of Bristol careers fair",
            "an early-careers panel at RecFest",
        ],
        hiring: [
            "Graduate Software Engineer",
            "Junior Data Analyst",
            "Trainee Recruitment Consultant",
        ],
    },
];

/// How often each team member is invited: the director's profile is the most visible.
const TEAM_WEIGHTS: [u32; 4] = [34, 27, 23, 16];

/// Sender categories, in the SPEC's order of the caller's `SenderCategory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Consultant,
    InHouse,
    Candidate,
    Supplier,
    Peer,
}

const CATEGORIES: [Category; 5] = [
    Category::Consultant,
    Category::InHouse,
    Category::Candidate,
    Category::Supplier,
    Category::Peer,
];

/// New-sender weights, chosen so that *invitations* come out near 30/10/30/15/15 per cent:
/// the target share divided by how many of the team a sender of that category invites on
/// average (consultants and suppliers mass-send, peers rarely do).
const CATEGORY_WEIGHTS: [u32; 5] = [140, 66, 152, 62, 110];

/// Weights for inviting 1, 2, 3 or all 4 members of the team, by category.
const REACH_WEIGHTS: [[u32; 4]; 5] = [
    [45, 20, 15, 20],
    [65, 20, 10, 5],
    [50, 20, 15, 15],
    [40, 15, 15, 30],
    [75, 15, 7, 3],
];

/// How much the note was written for the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    None,
    Default,
    Generic,
    Personalised,
}

const LEVELS: [Level; 4] = [
    Level::None,
    Level::Default,
    Level::Generic,
    Level::Personalised,
];

/// Personalisation mix by category (none, default, generic, personalised), per sender.
const LEVEL_WEIGHTS: [[u32; 4]; 5] = [
    [33, 22, 35, 10],
    [30, 20, 30, 20],
    [18, 20, 47, 15],
    [15, 10, 60, 15],
    [42, 18, 14, 26],
];

/// Acceptance baseline by category, before personalisation and courtesy.
const ACCEPT_BASE: [f64; 5] = [0.25, 0.55, 0.30, 0.15, 0.60];
/// Lift in acceptance by level: a canned note is no better than none; a personal one is.
const ACCEPT_LIFT: [f64; 4] = [0.0, -0.02, 0.08, 0.35];
/// Probability of an explicit decline ("Ignore" with feedback) by category.
const DECLINE_BASE: [f64; 5] = [0.08, 0.03, 0.06, 0.13, 0.03];
/// Probability that an accepted invitation is answered, by category; personal notes add more.
const REPLY_BASE: [f64; 5] = [0.05, 0.15, 0.10, 0.03, 0.12];
const REPLY_LIFT: [f64; 4] = [0.0, 0.0, 0.03, 0.28];
/// Probability that the sender withdraws an invitation left unanswered for two weeks or more.
const WITHDRAW: [f64; 5] = [0.04, 0.02, 0.025, 0.055, 0.015];

/// Hours from invitation to acceptance or decline: minutes for the keen, weeks for the rest.
const ACCEPT_DELAY_HOURS: [(f64, f64); 8] = [
    (0.0, 0.05),
    (0.1, 0.5),
    (0.25, 2.5),
    (0.5, 16.0),
    (0.75, 55.0),
    (0.9, 170.0),
    (0.97, 420.0),
    (1.0, 1200.0),
];
/// Hours from acceptance (or invitation) to a reply.
const REPLY_DELAY_HOURS: [(f64, f64); 6] = [
    (0.0, 0.02),
    (0.3, 0.4),
    (0.5, 2.0),
    (0.8, 24.0),
    (0.95, 100.0),
    (1.0, 480.0),
];
/// Hours between one mass-sender's invitations to different team members: one sitting.
const MASS_GAP_HOURS: [(f64, f64); 4] = [(0.0, 0.02), (0.5, 0.1), (0.9, 0.5), (1.0, 3.0)];
/// Hours between a considered sender's invitations: often days apart.
const SLOW_GAP_HOURS: [(f64, f64); 5] = [
    (0.0, 0.05),
    (0.3, 1.0),
    (0.6, 24.0),
    (0.9, 120.0),
    (1.0, 330.0),
];

/// Name pools by broad origin, so a sender's first and last name belong together.
struct NamePool {
    weight: u32,
    first: &'static [&'static str],
    last: &'static [&'static str],
}

static NAME_POOLS: [NamePool; 8] = [
    NamePool {
        weight: 34,
        first: &[
            "Oliver",
            "Amelia",
            "Harry",
            "Charlotte",
            "Jack",
            "Sophie",
            "George",
            "Emily",
            "James",
            "Lucy",
            "Thomas",
            "Hannah",
            "William",
            "Grace",
            "Daniel",
            "Chloe",
            "Callum",
            "Ellie",
            "Rhys",
            "Niamh",
            "Ciaran",
            "Siobhan",
            "Fraser",
            "Isla",
            "Owen",
            "Megan",
            "Ben",
            "Laura",
            "Sam",
            "Rebecca",
            "Liam",
            "Aoife",
            "Matt",
            "Jess",
            "Connor",
            "Holly",
            "Gemma",
            "Stuart",
        ],
        last: &[
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Johnson",
            "Davies",
            "Robinson",
            "Wright",
            "Thompson",
            "Evans",
            "Walker",
            "White",
            "Roberts",
            "Green",
            "Hall",
            "Wood",
            "Jackson",
            "Clarke",
            "Hughes",
            "Edwards",
            "Murphy",
            "O'Brien",
            "Kelly",
            "MacLeod",
            "Campbell",
            "Fletcher",
            "Barnes",
            "Holloway",
            "Pritchard",
            "Whitfield",
            "Ashworth",
            "Doyle",
            "Gallagher",
            "Kerr",
        ],
    },
    NamePool {
        weight: 16,
        first: &[
            "Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Neha", "Sanjay", "Pooja",
            "Rahul", "Divya", "Imran", "Fatima", "Harpreet", "Gurpreet", "Nikhil", "Shreya",
            "Aditya", "Meera", "Zain", "Ayesha", "Karthik", "Lakshmi", "Sunil",
        ],
        last: &[
            "Sharma",
            "Patel",
            "Singh",
            "Gupta",
            "Khan",
            "Iyer",
            "Reddy",
            "Nair",
            "Chowdhury",
            "Mehta",
            "Desai",
            "Kapoor",
            "Hussain",
            "Ahmed",
            "Bose",
            "Menon",
            "Verma",
            "Malhotra",
            "Sandhu",
            "Rao",
            "Pillai",
            "Joshi",
        ],
    },
    NamePool {
        weight: 10,
        first: &[
            "Łukasz",
            "Katarzyna",
            "Piotr",
            "Agnieszka",
            "Tomasz",
            "Magdalena",
            "Andrei",
            "Ioana",
            "Mihai",
            "Elena",
            "Dmytro",
            "Olena",
            "Petra",
            "Ondřej",
            "Marta",
            "Jakub",
            "Zsófia",
            "Bence",
            "Ivana",
            "Nikola",
        ],
        last: &[
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Zieliński",
            "Popescu",
            "Ionescu",
            "Kovalenko",
            "Shevchenko",
            "Novák",
            "Dvořák",
            "Horváth",
            "Nagy",
            "Petrović",
            "Jovanović",
            "Lewandowski",
            "Wójcik",
            "Marinescu",
            "Bondarenko",
        ],
    },
    NamePool {
        weight: 10,
        first: &[
            "José",
            "María",
            "Lucía",
            "Alejandro",
            "Carmen",
            "Javier",
            "Sofia",
            "Marco",
            "Giulia",
            "Luca",
            "Francesca",
            "Matteo",
            "Chiara",
            "João",
            "Inês",
            "Tiago",
            "Beatriz",
            "Camila",
            "Diego",
            "Valentina",
            "Mateo",
        ],
        last: &[
            "García",
            "Fernández",
            "López",
            "Martínez",
            "Rodríguez",
            "Rossi",
            "Russo",
            "Romano",
            "Colombo",
            "Ferreira",
            "Silva",
            "Santos",
            "Costa",
            "Oliveira",
            "Moreno",
            "Álvarez",
            "Gómez",
            "Esposito",
            "Ricci",
            "Herrera",
        ],
    },
    NamePool {
        weight: 8,
        first: &[
            "Chinedu",
            "Ngozi",
            "Oluwaseun",
            "Adaeze",
            "Tunde",
            "Funmilayo",
            "Kwame",
            "Ama",
            "Kofi",
            "Abena",
            "Emeka",
            "Chiamaka",
            "Wanjiru",
            "Kamau",
            "Thabo",
            "Lindiwe",
            "Yaw",
            "Efua",
            "Ifeoma",
            "Segun",
        ],
        last: &[
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Mensah", "Asante", "Boateng", "Owusu",
            "Nwosu", "Eze", "Adebayo", "Ogunleye", "Mwangi", "Otieno", "Ndlovu", "Dlamini", "Osei",
            "Obi", "Afolabi",
        ],
    },
    NamePool {
        weight: 7,
        first: &[
            "Wei", "Mei", "Jun", "Xin", "Hao", "Yan", "Hiroshi", "Yuki", "Kenji", "Aiko",
            "Min-jun", "Ji-woo", "Seo-yeon", "Hyun", "Thanh", "Linh", "Minh", "Jia Hui", "Kai",
            "Rui",
        ],
        last: &[
            "Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Zhao", "Wu", "Tanaka", "Sato",
            "Suzuki", "Nakamura", "Kim", "Park", "Lee", "Choi", "Nguyen", "Tran", "Pham", "Lim",
            "Tan", "Ng",
        ],
    },
    NamePool {
        weight: 8,
        first: &[
            "Lukas",
            "Anna",
            "Jonas",
            "Lena",
            "Maximilian",
            "Felix",
            "Jan",
            "Sanne",
            "Daan",
            "Femke",
            "Lars",
            "Ingrid",
            "Erik",
            "Astrid",
            "Mikkel",
            "Freja",
            "Niklas",
            "Katrin",
            "Sven",
            "Annika",
        ],
        last: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Becker",
            "Hoffmann",
            "de Vries",
            "van Dijk",
            "Jansen",
            "Bakker",
            "Visser",
            "van den Berg",
            "Andersson",
            "Johansson",
            "Nielsen",
            "Hansen",
            "Larsen",
            "Berg",
            "Eriksson",
            "Vogel",
        ],
    },
    NamePool {
        weight: 7,
        first: &[
            "Omar", "Layla", "Youssef", "Nour", "Karim", "Yasmin", "Ahmed", "Mariam", "Hassan",
            "Leila", "Tariq", "Rania", "Samir", "Dina", "Mehmet", "Elif", "Emre", "Zeynep", "Reza",
            "Shirin",
        ],
        last: &[
            "Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Aziz", "Yılmaz", "Kaya",
            "Demir", "Şahin", "Öztürk", "Hosseini", "Rahimi", "Karimi", "El-Amin", "Bakr",
            "Darwish", "Hamdan", "Haddad",
        ],
    },
];

const CITIES: &[&str] = &[
    "London",
    "Manchester",
    "Leeds",
    "Birmingham",
    "Bristol",
    "Edinburgh",
    "Glasgow",
    "Dublin",
    "Reading",
    "Cambridge",
    "Nottingham",
    "Cardiff",
    "Amsterdam",
    "Berlin",
    "Newcastle",
];

const AGENCIES: &[&str] = &[
    "Hays",
    "Michael Page",
    "Robert Walters",
    "Randstad",
    "Adecco",
    "Robert Half",
    "Harvey Nash",
    "Korn Ferry",
    "Spencer Stuart",
    "Heidrick & Struggles",
    "Page Executive",
    "Hudson",
    "Kforce",
    "Reed",
    "Morgan McKinley",
    "Oliver James",
    "Huxley",
    "Lorien",
    "Badenoch + Clark",
    "Odgers Berndtson",
    "Russell Reynolds Associates",
    "Egon Zehnder",
    "TEKsystems",
    "Phaidon International",
    "La Fosse",
    "Nigel Frank International",
    "ManpowerGroup",
    "Kelly Services",
    "Salt",
    "Investigo",
];

const CONSULTANT_TITLES: &[&str] = &[
    "Recruitment Consultant",
    "Senior Recruitment Consultant",
    "Principal Consultant",
    "Associate Director",
    "Recruitment Manager",
    "Talent Consultant",
    "Executive Search Consultant",
    "Senior Resourcer",
    "Business Manager",
    "Managing Consultant",
    "Recruiter",
    "Senior Consultant",
    "Associate Partner",
    "Director",
];

const SPECIALISMS: &[&str] = &[
    "IT & Digital",
    "Finance & Accounting",
    "Data & Analytics",
    "Cyber Security",
    "Legal",
    "Engineering",
    "Life Sciences",
    "Sales & Marketing",
    "HR",
    "Supply Chain",
    "Interim Management",
    "Cloud & DevOps",
    "Fintech",
    "Construction & Property",
    "Procurement",
    "Software Engineering",
    "Banking & Financial Services",
    "Tax",
];

/// Headlines: `{title}`, `{org}`, `{topic}`, `{detail}`, `{city}`, `{years}` are filled in.
const CONSULTANT_HEADLINES: &[&str] = &[
    "{title} at {org} | {topic}",
    "{title} at {org}",
    "{title} - {topic} - {org}",
    "{title} @ {org} 🚀 | {topic}",
    "Helping {topic} professionals find their next role | {title} @ {org}",
    "{topic} Recruitment | {org}",
    "headhunter | {topic} | dms open",
    "Headhunter – Executive Search | Board & C-level",
    "Connecting top {topic} talent with great companies 🔗 {org}",
    "{title} | {topic} | {city}",
    "",
    "Recruiting {topic} across {city} and the UK",
    "{title} | {org} | Perm & Contract {topic} | Let's talk 📞",
    "{topic} recruiter 👋 {years} years placing great people",
    "Rec2Rec | I help recruiters find better desks | {org}",
];

const EMPLOYERS: &[&str] = &[
    "Siemens",
    "Spotify",
    "Monzo",
    "Unilever",
    "AstraZeneca",
    "GSK",
    "HSBC",
    "Barclays",
    "Deloitte",
    "Amazon",
    "Microsoft",
    "Google",
    "Ocado Technology",
    "Revolut",
    "Rolls-Royce",
    "BP",
    "Tesco",
    "Sainsbury's",
    "Vodafone",
    "BT Group",
    "Booking.com",
    "Adyen",
    "SAP",
    "Bosch",
    "Zalando",
    "ING",
    "Nestlé",
    "Philips",
    "Ericsson",
    "Wise",
    "Deliveroo",
    "Sky",
    "Accenture",
    "KPMG",
    "PwC",
    "EY",
    "Capgemini",
    "Santander",
    "Lloyds Banking Group",
    "Arm",
    "Dyson",
    "BAE Systems",
    "Octopus Energy",
    "Starling Bank",
    "Skyscanner",
    "Rightmove",
    "Sage",
    "Experian",
];

const IN_HOUSE_TITLES: &[&str] = &[
    "Talent Acquisition Partner",
    "Technical Recruiter",
    "Talent Acquisition Manager",
    "Senior Talent Partner",
    "Head of Talent Acquisition",
    "Internal Recruiter",
    "Recruitment Business Partner",
    "Talent Sourcer",
    "Early Careers Recruiter",
    "Head of Talent",
    "Senior Technical Recruiter",
    "Talent Acquisition Lead",
];

const HIRING_AREAS: &[&str] = &[
    "engineering",
    "data",
    "finance",
    "sales",
    "product",
    "early careers",
    "operations",
    "cyber security",
    "technology",
    "marketing",
    "corporate functions",
];

const IN_HOUSE_HEADLINES: &[&str] = &[
    "{title} @ {org}",
    "{title} at {org}",
    "{title} | {org} | We're hiring!",
    "Hiring {topic} talent at {org} 💼",
    "{title} - {org} | {topic} hiring",
    "{title} | {org} | ex-agency",
    "talent @ {org} | {topic}",
    "",
    "{title} at {org} | Building great {topic} teams",
];

/// Candidate roles: (title, skills, field).
const CANDIDATE_ROLES: &[(&str, &str, &str)] = &[
    ("Data Analyst", "SQL, Python, Power BI", "data analytics"),
    (
        "Software Engineer",
        "Java, Spring Boot, AWS",
        "software engineering",
    ),
    (
        "Frontend Developer",
        "React, TypeScript",
        "software engineering",
    ),
    (
        "DevOps Engineer",
        "AWS, Terraform, Kubernetes",
        "cloud and DevOps",
    ),
    (
        "Business Analyst",
        "Agile, Jira, stakeholder management",
        "business analysis",
    ),
    ("Project Manager", "PRINCE2, Agile", "project management"),
    ("Management Accountant", "CIMA, Xero, Sage", "finance"),
    ("Financial Analyst", "FP&A, Excel, modelling", "finance"),
    ("Marketing Executive", "SEO, HubSpot, content", "marketing"),
    ("HR Advisor", "CIPD Level 5, ER casework", "HR"),
    (
        "Sales Development Representative",
        "SaaS, outbound, Salesforce",
        "sales",
    ),
    (
        "Product Manager",
        "B2B SaaS, discovery, roadmaps",
        "product",
    ),
    ("UX Designer", "Figma, user research", "design"),
    (
        "Customer Success Manager",
        "SaaS, onboarding, retention",
        "customer success",
    ),
    ("Operations Manager", "Lean, logistics, P&L", "operations"),
    ("Paralegal", "commercial property, conveyancing", "law"),
    ("Mechanical Engineer", "SolidWorks, CAD", "engineering"),
    ("Payroll Administrator", "Sage, ADP, pensions", "payroll"),
    ("Data Scientist", "Python, ML, NLP", "data science"),
    (
        "Recruitment Resourcer",
        "Boolean search, LinkedIn Recruiter",
        "recruitment",
    ),
    (
        "Cyber Security Analyst",
        "SOC, SIEM, Splunk",
        "cyber security",
    ),
    ("QA Test Engineer", "Selenium, Cypress", "software testing"),
];

const CANDIDATE_HEADLINES: &[&str] = &[
    "Open to work | {title} | {detail}",
    "{title} | {detail} | Open to new opportunities",
    "#OpenToWork – {title} – {city}",
    "Experienced {title} looking for my next challenge",
    "Aspiring {title}",
    "{title} at {org}",
    "{title} @ {org} | {detail}",
    "{title} | {detail}",
    "seeking {title} roles | immediately available",
    "{title} 📊 {detail} | Open to work",
    "Career changer → {title} | {detail}",
    "",
    "{title} | Ex-{org} | Open to contract & perm",
    "{title} with {years}+ years' experience | {city}",
    "{title} | {detail} | {city} or remote",
];

/// Students and graduates: (how they describe themselves, headline, field, university).
const STUDENTS: &[(&str, &str, &str, &str)] = &[
    (
        "final-year Computer Science student",
        "Final-year Computer Science student seeking graduate roles",
        "software engineering",
        "University of Nottingham",
    ),
    (
        "recent Economics graduate",
        "Economics Graduate | Looking for graduate analyst roles",
        "finance",
        "University of Warwick",
    ),
    (
        "MSc Data Science student",
        "MSc Data Science @ University of Edinburgh | Python, R, SQL",
        "data science",
        "University of Edinburgh",
    ),
    (
        "Law graduate",
        "LLB Law graduate | Aspiring Trainee Solicitor",
        "law",
        "University of Exeter",
    ),
    (
        "marketing student",
        "marketing student @ UCL 💡 seeking summer internships",
        "marketing",
        "UCL",
    ),
    (
        "recent Mechanical Engineering graduate",
        "BEng Mechanical Engineering | Graduate Engineer | Open to work",
        "engineering",
        "University of Sheffield",
    ),
    (
        "Psychology graduate",
        "Psychology graduate interested in HR and recruitment",
        "HR",
        "Cardiff University",
    ),
    (
        "second-year Business student",
        "Business Management student | Looking for a placement year",
        "business",
        "Aston University",
    ),
];

/// Suppliers: (company, what they sell, what it does for an agency).
const SUPPLIERS: &[(&str, &str, &str)] = &[
    (
        "Bullhorn",
        "recruitment CRM",
        "spend less time on admin and more time placing",
    ),
    (
        "Vincere",
        "recruitment CRM",
        "run the whole desk from one place",
    ),
    (
        "Broadbean",
        "multiposting",
        "get jobs in front of more candidates",
    ),
    (
        "Totaljobs",
        "job advertising",
        "reach active candidates faster",
    ),
    ("Indeed", "sponsored job ads", "fill roles faster"),
    (
        "LinkedIn",
        "LinkedIn Recruiter seats",
        "find and engage passive talent",
    ),
    (
        "HireRight",
        "background screening",
        "speed up pre-employment checks",
    ),
    (
        "Cognism",
        "B2B contact data",
        "reach hiring managers on verified mobiles",
    ),
    (
        "ZoomInfo",
        "sales intelligence",
        "find new clients before your competitors do",
    ),
    ("Lusha", "contact data", "get hold of decision makers"),
    (
        "hireEZ",
        "AI sourcing",
        "source passive candidates in minutes",
    ),
    (
        "SeekOut",
        "talent intelligence",
        "build diverse shortlists faster",
    ),
    (
        "Textkernel",
        "CV parsing and matching",
        "turn your database into placements",
    ),
    ("Salesforce", "CRM", "see the whole client pipeline"),
    (
        "Giant Group",
        "umbrella and payroll services",
        "pay contractors compliantly",
    ),
    (
        "LeadSpark Growth",
        "lead generation",
        "book more client meetings",
    ),
    (
        "Talentwave Digital",
        "recruitment marketing",
        "build a brand candidates want to work with",
    ),
    (
        "Scaleup Rec Partners",
        "coaching for agency owners",
        "scale to seven figures",
    ),
];

const SUPPLIER_TITLES: &[&str] = &[
    "Account Executive",
    "Business Development Manager",
    "Senior Account Executive",
    "Partnerships Manager",
    "Sales Director",
    "Founder",
    "Co-founder & CEO",
    "Customer Success Manager",
    "Growth consultant",
    "Enterprise Account Manager",
    "Head of Partnerships",
];

const SUPPLIER_HEADLINES: &[&str] = &[
    "{title} at {org}",
    "{title} @ {org} | Helping recruiters {detail}",
    "{title} | {org} | {topic} for recruitment agencies",
    "Growth consultant | I help agencies get more leads",
    "I help recruitment business owners scale | {title} @ {org}",
    "{title} – {org} 🚀",
    "helping staffing firms {detail} | {org}",
    "{title} | {topic} | DM me for a demo",
    "",
];

/// Peers: hiring managers, HR and other professionals (title, field).
const PEER_ROLES: &[(&str, &str)] = &[
    ("Head of Engineering", "engineering"),
    ("Management Consultant", "consulting"),
    ("HR Business Partner", "HR"),
    ("People Director", "people"),
    ("CTO", "technology"),
    ("Finance Director", "finance"),
    ("Engineering Manager", "engineering"),
    ("VP Sales EMEA", "sales"),
    ("Operations Director", "operations"),
    ("Head of Data", "data"),
    ("Chartered Accountant (ACA)", "finance"),
    ("Director of Product", "product"),
    ("Learning & Development Manager", "L&D"),
    ("Founder & CEO", "start-ups"),
    ("Head of People", "people"),
    ("Employment Solicitor", "employment law"),
    ("Programme Manager", "delivery"),
    ("Careers Consultant", "careers"),
];

const PEER_HEADLINES: &[&str] = &[
    "{title} at {org}",
    "{title} @ {org} | Hiring!",
    "{title} | {org} | {topic}",
    "{title} - {org}",
    "{title} at {org} | Mentor | Speaker",
    "{title} 🌱 {org}",
    "",
    "{title}, {org} | views my own",
];

// ---------------------------------------------------------------------------------------------
// Notes
// ---------------------------------------------------------------------------------------------

/// LinkedIn's canned invitation texts (what is sent when nobody writes anything).
const CANNED: &[&str] = &[
    "I'd like to join your LinkedIn network.",
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to connect with you on LinkedIn.",
];

/// Greetings; `{first}` is the recipient's first name.
const GREETINGS: &[&str] = &[
    "Hi {first},",
    "Hello {first},",
    "Hi {first}!",
    "Hey {first},",
    "Dear {first},",
    "{first},",
    "Hi {first} 👋",
    "Good morning {first},",
    "Hi there,",
    "Hello,",
    "Hi {first}, hope you're well.",
    "Hi {first}, hope your week's going well!",
];

/// Sign-offs; `{me}` is the sender's first name, `{fullme}` their full name.
const SIGNOFFS: &[&str] = &[
    "Kind regards, {me}",
    "Best, {me}",
    "Thanks, {me}",
    "Many thanks, {me}",
    "Cheers, {me}",
    "Best wishes, {me}",
    "Regards, {fullme}",
    "Thank you, {me}",
    "All the best, {me}",
    "- {me}",
    "Speak soon, {me}",
    "Warm regards, {fullme}",
];

/// Specific references to the recipient: the heart of a personalised note.
const HOOKS: &[&str] = &[
    "I really enjoyed your post about {post}.",
    "Your recent post on {post} was spot on.",
    "Loved your take on {post} the other day.",
    "Saw your post about {post} – couldn't agree more.",
    "Read your post on {post}. Not sure I agree, but it got me thinking.",
    "Great to hear you speak at {event} last week.",
    "I was in the audience for your talk at {event} – really useful.",
    "We briefly met at {event} but didn't get a chance to swap details.",
    "Thanks for the chat at {event}!",
    "I noticed we both worked at {former} – small world!",
    "Another ex-{former} here – I joined a few years after you by the look of it.",
    "I see we both studied at {school}.",
    "Fellow graduate of {school} here!",
    "{mutual} suggested I get in touch with you.",
    "{mutual} mentioned you're the person to speak to about {rspec} hiring.",
    "I was chatting with {mutual} last week, who speaks very highly of you.",
    "I see you specialise in {rspec} recruitment and have been at {rcompany} a while now.",
];

/// Per-category phrases. Placeholders: the sender's `{title}`, `{a_title}` ("a"/"an" + title),
/// `{org}`, `{topic}`, `{detail}`, `{city}`, `{years}`, `{me}`; the recipient's `{first}`,
/// `{rcompany}`, `{rspec}`, `{hiring}` (a role their team is recruiting).
struct Phrases {
    intros: &'static [&'static str],
    reasons: &'static [&'static str],
    values: &'static [&'static str],
    /// Hooks about the recipient's live vacancies, written from this category's angle.
    hiring_hooks: &'static [&'static str],
    /// Whole mass-sent notes, most popular first.
    templates: &'static [&'static str],
}

const CONSULTANT_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me}, {a_title} at {org} specialising in {topic}.",
        "I'm {a_title} with {org}, covering {topic} roles across {city}.",
        "{me} here from {org} – I recruit {topic} roles.",
        "My name is {me} and I head up the {topic} desk at {org}.",
        "I work in {topic} recruitment at {org}.",
        "I've been recruiting {topic} in {city} for {years} years, currently at {org}.",
    ],
    reasons: &[
        "I'm always keen to connect with other recruiters in the {rspec} space.",
        "I'm expanding my network with talent professionals in London.",
        "I'm currently working on a few {topic} roles and thought it would be worth connecting.",
        "I'm speaking to a small number of experienced recruiters about a confidential Principal Consultant opportunity.",
        "I have a couple of candidates who might suit your clients.",
        "We seem to cross paths on the same searches, so it made sense to connect.",
        "I'm building a network of recruiters open to split-fee deals.",
        "I'd love to hear how the {rspec} market is looking from your side.",
    ],
    values: &[
        "Happy to share market insight or salary data whenever it's useful.",
        "If you ever need a second pair of hands on a tricky search, I'm happy to split.",
        "I'm glad to refer any candidates outside my remit your way.",
        "Happy to send over our latest salary guide if it helps.",
        "I can share a few CVs on a no-obligation basis.",
    ],
    hiring_hooks: &[
        "I saw your team is recruiting a {hiring} – I've placed a few of those recently.",
        "Noticed you're working on a {hiring} search, which overlaps with my desk.",
        "I see {rcompany} is looking for a {hiring}; I may know someone worth a look.",
    ],
    templates: &[
        "Hi {first}, I'm expanding my network of talent professionals and would love to connect. Best, {me}",
        "Hi {first}, hope you're well! Always keen to connect with like-minded recruiters. Let's connect!",
        "Hi {first}, I came across your profile and was really impressed by your background. I'm working on some exciting opportunities that might be of interest. Let's connect!",
        "Hello {first}, I'm currently working on a number of exciting roles and I'd love to connect and see if we can help each other. Kind regards, {me}",
        "{first} – I recruit for recruiters. If you've ever wondered what you're worth on the market, I'd be happy to have a confidential chat.",
        "Hi {first}, I'm speaking to top billers at agencies like {rcompany} about some exciting moves. Open to a confidential chat? Thanks, {me}",
        "Hi {first}, I'd love to connect and share some of the fantastic opportunities I'm working on. Speak soon!",
    ],
};

const IN_HOUSE_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me}, {title} at {org}.",
        "I look after {topic} hiring at {org}.",
        "I lead talent acquisition for the {topic} function at {org}.",
        "I'm part of the in-house talent team at {org}, focusing on {topic}.",
    ],
    reasons: &[
        "We're reviewing our preferred supplier list for {topic} hiring this year.",
        "We're growing our {topic} team and I'm connecting with specialist recruiters.",
        "I'm keen to connect with agency partners who know the {rspec} market.",
        "We have a few hard-to-fill {topic} roles coming up and may need support.",
        "I like to know the agencies in my space before I need them.",
    ],
    values: &[
        "Happy to share our current openings if any of your candidates fit.",
        "Let me know if you'd like to be considered for our PSL.",
        "Always happy to share what we're seeing on the in-house side.",
        "I can pass on any profiles that don't fit us but might suit your clients.",
    ],
    hiring_hooks: &[
        "I noticed you're working on {hiring} searches – we're hiring for similar profiles.",
        "I saw you're recruiting a {hiring}; we've just filled a similar role and learnt a lot.",
    ],
    templates: &[
        "Hi {first}, we're always looking to build relationships with quality agencies. Happy to connect!",
        "Hi {first}, I'm growing my network of recruitment partners ahead of a busy hiring year at {org}. Thanks, {me}",
        "Hello {first}, I'm connecting with recruiters who specialise in {rspec}. Please note we're not currently taking speculative CVs. Regards, {me}",
    ],
};

const CANDIDATE_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {a_title} based in {city}.",
        "My name is {me} and I'm {a_title}.",
        "I'm {me}, {a_title} with a background in {topic}.",
        "I'm {a_title} with {years} years' experience ({detail}).",
        "I'm currently {a_title} looking to move on.",
    ],
    reasons: &[
        "I'm currently looking for my next role in {topic} and would love to be on your radar.",
        "I'm actively job hunting and would be grateful to connect.",
        "I'd really appreciate any advice on breaking into {topic}.",
        "I'm open to permanent or contract roles in {city} or remote.",
        "I noticed you recruit in my area and hoped we could connect.",
        "I'm looking for a new challenge and saw you recruit for {rspec} roles.",
    ],
    values: &[
        "I'd be happy to send over my CV if it's helpful.",
        "Happy to refer friends who are looking too.",
        "I'm available to start immediately.",
        "I'd be glad to help with anything I can in return.",
        "I can share my portfolio if that's useful.",
    ],
    hiring_hooks: &[
        "I saw you're recruiting for a {hiring} and I've just applied.",
        "I noticed your post about the {hiring} vacancy – I think my background is a strong match.",
        "I saw {rcompany} is hiring a {hiring}, which is exactly the kind of role I'm after.",
    ],
    templates: &[
        "Hi {first}, I am currently looking for new opportunities and would love to connect. I have attached my CV for your consideration.",
        "Dear {first}, I hope this message finds you well. I am actively seeking new opportunities in {topic} and would be grateful for any openings you may have. Thank you, {me}",
        "Hi {first}, I'm open to work and would appreciate connecting. Please let me know if you have any suitable roles.",
        "Hello {first}! Looking for roles in {topic}. Please keep me in mind 🙏",
        "Dear {first}, I am writing to express my interest in any suitable vacancies at {rcompany}. Kind regards, {fullme}",
        "Hi {first}, could you please help me find a job? I am ready to relocate and start immediately.",
    ],
};

const SUPPLIER_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {me} from {org} – we work with over {years}0 recruitment agencies across the UK.",
        "I'm the {title} at {org}.",
        "I look after agency partnerships at {org}.",
        "{me} from {org} here, we do {topic} for recruitment firms.",
    ],
    reasons: &[
        "I'd love to show you how {org} helps agencies {detail}.",
        "We're working with several agencies like yours on {topic}.",
        "I'm reaching out to recruitment leaders who might benefit from better {topic}.",
        "I think {rcompany} could be a great fit for what we do.",
        "We've just launched something new in {topic} and I'd value your opinion.",
    ],
    values: &[
        "Happy to offer a free 14-day trial for your team.",
        "I can send over a short case study if useful.",
        "Happy to share our latest recruitment market report, no strings attached.",
        "Would you be open to a 15-minute demo next week?",
        "I'll happily set up a free pilot for one of your desks.",
    ],
    hiring_hooks: &[
        "I saw {rcompany} is hiring a {hiring} – congrats on the growth.",
        "Noticed your team is working on {hiring} roles at the moment.",
    ],
    templates: &[
        "Hi {first}, I help recruitment agencies like {rcompany} fill more roles with less admin. Open to a quick chat this week?",
        "Hi {first}, we've just launched an AI sourcing tool that's saving agencies 10+ hours a week. Would love to connect and show you.",
        "Hi {first}, quick one – are you the right person to speak to about {topic} at {rcompany}?",
        "Hey {first}, I'm connecting with recruitment leaders in London. No pitch, just networking 🙂",
        "Hi {first}, most agency owners I speak to are losing 20% of their placements to admin. Worth a chat? {me}",
    ],
};

const PEER_PHRASES: Phrases = Phrases {
    intros: &[
        "I'm {title} at {org}.",
        "I run the {topic} team at {org}.",
        "I'm {me}, I work in {topic} at {org}.",
    ],
    reasons: &[
        "I'm always looking to grow my network with people in the talent space.",
        "I'm keen to connect with recruiters who understand the {topic} market.",
        "We may be hiring a few people later this year.",
        "It would be great to connect and swap notes on the market.",
        "Would be good to connect.",
    ],
    values: &[
        "Always happy to help with a reference or an intro.",
        "Glad to return the favour any time.",
        "Happy to share what we're seeing from the hiring side.",
    ],
    hiring_hooks: &[
        "I saw you're hiring a {hiring}; one of my former colleagues might be a fit.",
        "Noticed you're recruiting a {hiring} – I've hired a few myself and happy to compare notes.",
    ],
    templates: &[
        "Hi {first}, I'd love to add you to my network. Have a great week!",
        "Hi {first}, always good to connect with people in the industry. Best, {me}",
    ],
};

const PHRASES: [&Phrases; 5] = [
    &CONSULTANT_PHRASES,
    &IN_HOUSE_PHRASES,
    &CANDIDATE_PHRASES,
    &SUPPLIER_PHRASES,
    &PEER_PHRASES,
];

/// Mail-merge placeholders left unfilled: what the recipient sees when the tool fails.
const NAME_PLACEHOLDERS: &[&str] = &[
    "[Name]",
    "{{first_name}}",
    "[First Name]",
    "{FIRSTNAME}",
    "<<first name>>",
];
const COMPANY_PLACEHOLDERS: &[&str] = &["{{company}}", "[Company]", "{{company_name}}"];

/// How a sender writes notes; fixed per sender so mass-senders repeat themselves.
#[derive(Debug, Clone)]
struct NoteStyle {
    level: Level,
    /// A mass template (index into the category's templates), for generic senders who use one.
    template: Option<usize>,
    /// Small variation on a template: 0 as written, 1 "Hello" for "Hi", 2 a trailing smiley.
    variant: u8,
    /// Unfilled mail-merge fields (name placeholder, maybe company placeholder), for some
    /// template users; the same sender's tool breaks the same way every time.
    broken_merge: Option<(usize, Option<usize>)>,
    canned: usize,
    canned_greeting: bool,
    greeting: usize,
    intro: Option<usize>,
    reason: Option<usize>,
    value: Option<usize>,
    signoff: Option<usize>,
    /// Whether the sender introduces themselves before the personal hook.
    intro_first: bool,
    /// Whether the sign-off sits on its own line.
    signoff_newline: bool,
}

impl NoteStyle {
    /// Rubric points the note will carry (0–4), for the outcome model; mass templates count as 1
    /// or 2 depending on whether they sign off.
    fn courtesy(&self) -> u32 {
        match (self.level, self.template) {
            (Level::None | Level::Default, _) => 0,
            (_, Some(_)) => 1 + u32::from(self.signoff.is_some()),
            _ => [self.intro, self.reason, self.value, self.signoff]
                .iter()
                .map(|part| u32::from(part.is_some()))
                .sum(),
        }
    }
}

/// The sender's professional identity.
#[derive(Debug, Clone, Copy)]
struct Persona {
    title: &'static str,
    org: &'static str,
    topic: &'static str,
    detail: &'static str,
    city: &'static str,
    years: u32,
}

/// Everything about one sender, derived from the seed and the sender id alone.
#[derive(Debug, Clone)]
struct Sender {
    id: u64,
    category: Category,
    first: &'static str,
    full_name: String,
    display_name: String,
    profile_url: String,
    headline: String,
    company: &'static str,
    persona: Persona,
    style: NoteStyle,
    /// Team members in the order this sender invites them; only the first `reach` are used.
    targets: [usize; 4],
    reach: usize,
    /// Whether the invitations go out in one sitting (mass-sending) or days apart.
    in_one_sitting: bool,
}

impl Sender {
    fn new(seed: u64, id: u64) -> Sender {
        let mut rng = SplitMix64::derive(seed, Stream::Sender, id, 0);
        let category = CATEGORIES[rng.weighted(&CATEGORY_WEIGHTS)];
        let pool_weights: [u32; 8] = std::array::from_fn(|i| NAME_POOLS[i].weight);
        let pool = &NAME_POOLS[rng.weighted(&pool_weights)];
        let (first, last) = (rng.pick(pool.first), rng.pick(pool.last));
        let full_name = format!("{first} {last}");
        let url_key = SplitMix64::derive(seed, Stream::UrlKey, 0, 0).next_u64() as u32;
        let profile_url = format!(
            "https://www.linkedin.com/in/{}-{}-{:08x}",
            slug(first),
            slug(last),
            lowbias32(id as u32 ^ url_key)
        );
        let display_name = display_name(first, last, category, &mut rng);
        let (persona, headline_template, company) = persona(category, &mut rng);
        let headline = headline(headline_template, &persona, &mut rng);
        let style = note_style(category, &mut rng);

        let mut targets = [0, 1, 2, 3];
        weighted_shuffle(&mut targets, &mut rng);
        let c = category as usize;
        let mut reach = rng.weighted(&REACH_WEIGHTS[c]) + 1;
        if style.template.is_some() && rng.chance(0.4) {
            reach = 4; // the whole point of a template is sending it to everyone
        }
        let in_one_sitting =
            style.template.is_some() || (style.level != Level::Personalised && rng.chance(0.4));
        Sender {
            id,
            category,
            first,
            full_name,
            display_name,
            profile_url,
            headline,
            company,
            persona,
            style,
            targets,
            reach,
            in_one_sitting,
        }
    }
}

/// Orders the team by repeated weighted draws, so the most-invited member is usually first.
fn weighted_shuffle(targets: &mut [usize; 4], rng: &mut SplitMix64) {
    for slot in 0..targets.len() {
        let weights: Vec<u32> = targets[slot..].iter().map(|&t| TEAM_WEIGHTS[t]).collect();
        let chosen = slot + rng.weighted(&weights);
        targets.swap(slot, chosen);
    }
}

/// The name as shown: mostly plain, sometimes with post-nominals, emoji or odd capitalisation,
/// as people really set them.
fn display_name(first: &str, last: &str, category: Category, rng: &mut SplitMix64) -> String {
    let roll = rng.below(100);
    match roll {
        0..=3 => {
            let letters: &[&str] = match category {
                Category::InHouse | Category::Peer => &["CIPD", "MBA", "Assoc CIPD", "ACA"],
                Category::Candidate => &["MSc", "BSc", "ACCA"],
                _ => &["MBA", "FIRP", "Cert RP"],
            };
            format!("{first} {last}, {}", rng.pick(letters))
        }
        4..=6 => format!(
            "{first} {last} {}",
            rng.pick(&["🚀", "🌍", "✨", "💼", "🔥"])
        ),
        7..=8 => format!("{first} {}.", last.chars().next().unwrap_or('X')),
        9 => format!("{first} {}", last.to_uppercase()),
        10 => format!("{first} {last}").to_lowercase(),
        11 if category == Category::Peer => format!("Dr {first} {last}"),
        _ => format!("{first} {last}"),
    }
}

/// Picks the sender's job, employer and headline templates; the company field is sometimes
/// empty (people who are between jobs, or who never filled it in).
fn persona(category: Category, rng: &mut SplitMix64) -> (Persona, &'static str, &'static str) {
    let city = rng.pick(CITIES);
    let years = 2 + rng.below(14) as u32;
    let base = |title, org, topic, detail| Persona {
        title,
        org,
        topic,
        detail,
        city,
        years,
    };
    match category {
        Category::Consultant => {
            let p = base(
                rng.pick(CONSULTANT_TITLES),
                rng.pick(AGENCIES),
                rng.pick(SPECIALISMS),
                "",
            );
            let company = if rng.chance(0.92) { p.org } else { "" };
            (p, rng.pick(CONSULTANT_HEADLINES), company)
        }
        Category::InHouse => {
            let p = base(
                rng.pick(IN_HOUSE_TITLES),
                rng.pick(EMPLOYERS),
                rng.pick(HIRING_AREAS),
                "",
            );
            (p, rng.pick(IN_HOUSE_HEADLINES), p.org)
        }
        Category::Candidate if rng.chance(0.25) => {
            let (title, headline, topic, school) = rng.pick(STUDENTS);
            let p = base(title, school, topic, "");
            let company = if rng.chance(0.6) { school } else { "" };
            (p, headline, company)
        }
        Category::Candidate => {
            let (title, skills, field) = rng.pick(CANDIDATE_ROLES);
            let p = base(title, rng.pick(EMPLOYERS), field, skills);
            let company = if rng.chance(0.55) { p.org } else { "" };
            (p, rng.pick(CANDIDATE_HEADLINES), company)
        }
        Category::Supplier => {
            let (vendor, offer, benefit) = rng.pick(SUPPLIERS);
            let p = base(rng.pick(SUPPLIER_TITLES), vendor, offer, benefit);
            (p, rng.pick(SUPPLIER_HEADLINES), vendor)
        }
        Category::Peer => {
            let (title, field) = rng.pick(PEER_ROLES);
            let p = base(title, rng.pick(EMPLOYERS), field, "");
            let company = if rng.chance(0.95) { p.org } else { "" };
            (p, rng.pick(PEER_HEADLINES), company)
        }
    }
}

/// Fills a headline template, occasionally in lower case as some people write them.
fn headline(template: &str, persona: &Persona, rng: &mut SplitMix64) -> String {
    let mut text = String::new();
    fill(template, &mut text, |key| persona_field(persona, key));
    if rng.chance(0.05) {
        text = text.to_lowercase();
    }
    text
}

fn persona_field(p: &Persona, key: &str) -> Option<String> {
    Some(match key {
        "title" => p.title.to_string(),
        "a_title" => format!("{} {}", article(p.title), p.title),
        "org" => p.org.to_string(),
        "topic" => p.topic.to_string(),
        "detail" => p.detail.to_string(),
        "city" => p.city.to_string(),
        "years" => p.years.to_string(),
        _ => return None,
    })
}

/// "a" or "an" by sound: acronyms go by the letter's name ("an HR Advisor", "a UX Designer").
fn article(word: &str) -> &'static str {
    let mut chars = word.chars();
    let (first, second) = (chars.next().unwrap_or('x'), chars.next().unwrap_or('x'));
    let vowel_sound = if first.is_ascii_uppercase() && second.is_ascii_uppercase() {
        "AEFHILMNORSX".contains(first)
    } else {
        "aeiouAEIOU".contains(first)
    };
    if vowel_sound {
        "an"
    } else {
        "a"
    }
}

/// Draws how this sender writes notes.
fn note_style(category: Category, rng: &mut SplitMix64) -> NoteStyle {
    let c = category as usize;
    let level = LEVELS[rng.weighted(&LEVEL_WEIGHTS[c])];
    let templates = PHRASES[c].templates.len();
    let template = (level == Level::Generic && rng.chance(0.6)).then(|| rng.popular(templates));
    // Each rubric item is drawn on its own, so every score from 0 to 4 occurs; consultants and
    // suppliers introduce themselves more, candidates sign off more.
    let (p_intro, p_value, p_signoff) = match category {
        Category::Consultant | Category::Supplier => (0.6, 0.4, 0.4),
        Category::Candidate => (0.5, 0.35, 0.55),
        Category::InHouse => (0.55, 0.35, 0.45),
        Category::Peer => (0.35, 0.25, 0.35),
    };
    let phrases = PHRASES[c];
    NoteStyle {
        level,
        template,
        variant: rng.weighted(&[70, 18, 12]) as u8,
        broken_merge: (template.is_some() && rng.chance(0.12)).then(|| {
            let company = rng
                .chance(0.4)
                .then(|| rng.below(COMPANY_PLACEHOLDERS.len()));
            (rng.below(NAME_PLACEHOLDERS.len()), company)
        }),
        canned: rng.weighted(&[40, 35, 25]),
        canned_greeting: rng.chance(0.3),
        greeting: rng.below(GREETINGS.len()),
        intro: rng.chance(p_intro).then(|| rng.below(phrases.intros.len())),
        reason: rng.chance(0.8).then(|| rng.below(phrases.reasons.len())),
        value: rng.chance(p_value).then(|| rng.below(phrases.values.len())),
        signoff: rng.chance(p_signoff).then(|| rng.below(SIGNOFFS.len())),
        intro_first: rng.chance(0.4),
        signoff_newline: rng.chance(0.35),
    }
}

/// A LinkedIn-style slug: lower-case ASCII, accents folded, words joined by hyphens.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'ı' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'Ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ł' | 'Ł' => 'l',
            'ś' | 'Ş' | 'ş' => 's',
            'ř' => 'r',
            'ž' | 'ź' | 'ż' => 'z',
            'ć' | 'č' => 'c',
            ' ' | '-' => '-',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => continue, // apostrophes and anything unknown are dropped, as LinkedIn does
        };
        out.push(folded);
    }
    out
}

/// Replaces `{key}` with `lookup(key)`. Text in `{{…}}` and unknown keys are copied as written,
/// so templates can carry deliberately unfilled mail-merge fields.
fn fill(template: &str, out: &mut String, lookup: impl Fn(&str) -> Option<String>) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        if after.starts_with("{{") {
            let end = after.find("}}").map_or(after.len(), |i| i + 2);
            out.push_str(&after[..end]);
            rest = &after[end..];
            continue;
        }
        match after.find('}') {
            Some(close) => {
                let key = &after[1..close];
                match lookup(key) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&after[..=close]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// What a note may refer to for one sender → recipient pair.
struct NoteContext<'a> {
    sender: &'a Sender,
    recipient: &'a Recipient,
    /// What `{first}` becomes: the recipient's name, or a broken mail-merge field.
    first: &'a str,
    rcompany: &'a str,
    mutual: String,
    post: &'a str,
    event: &'a str,
    hiring: &'a str,
}

impl NoteContext<'_> {
    fn lookup(&self, key: &str) -> Option<String> {
        let text = match key {
            "first" => self.first,
            "me" => self.sender.first,
            "fullme" => &self.sender.full_name,
            "rcompany" => self.rcompany,
            "rspec" => self.recipient.specialism,
            "former" => self.recipient.former_employer,
            "school" => self.recipient.school,
            "post" => self.post,
            "event" => self.event,
            "hiring" => self.hiring,
            "mutual" => &self.mutual,
            _ => return persona_field(&self.sender.persona, key),
        };
        Some(text.to_string())
    }
}

/// Writes the note a sender sends to one recipient (empty for no note).
fn compose_note(sender: &Sender, recipient: &Recipient, rng: &mut SplitMix64) -> String {
    let style = &sender.style;
    let phrases = PHRASES[sender.category as usize];
    let mutual_pool = &NAME_POOLS[rng.below(NAME_POOLS.len())];
    let mut ctx = NoteContext {
        sender,
        recipient,
        first: recipient.first,
        rcompany: recipient.company,
        mutual: format!(
            "{} {}",
            rng.pick(mutual_pool.first),
            rng.pick(mutual_pool.last)
        ),
        post: rng.pick(&recipient.posts),
        event: rng.pick(&recipient.events),
        hiring: rng.pick(&recipient.hiring),
    };
    let mut note = String::new();
    match style.level {
        Level::None => {}
        Level::Default => {
            if style.canned_greeting {
                fill(GREETINGS[style.greeting], &mut note, |k| ctx.lookup(k));
                note.push(' ');
            }
            note.push_str(CANNED[style.canned]);
        }
        Level::Generic if style.template.is_some() => {
            let template = phrases.templates[style.template.unwrap_or_default()];
            if let Some((name, company)) = style.broken_merge {
                ctx.first = NAME_PLACEHOLDERS[name];
                if let Some(company) = company {
                    ctx.rcompany = COMPANY_PLACEHOLDERS[company];
                }
            }
            fill(template, &mut note, |k| ctx.lookup(k));
            match style.variant {
                1 if note.starts_with("Hi ") => note.replace_range(..2, "Hello"),
                2 => note.push_str(" 🙂"),
                _ => {}
            }
        }
        Level::Generic | Level::Personalised => {
            let hook = (style.level == Level::Personalised).then(|| {
                if rng.chance(0.3) {
                    rng.pick(phrases.hiring_hooks)
                } else {
                    rng.pick(HOOKS)
                }
            });
            note = assemble(style, phrases, hook, &ctx);
        }
    }
    note
}

/// Joins greeting, hook, intro, reason, value and sign-off, dropping optional parts (value
/// first, then intro, then sign-off) until the note fits LinkedIn's 300 characters.
fn assemble(style: &NoteStyle, phrases: &Phrases, hook: Option<&str>, ctx: &NoteContext) -> String {
    let render = |template: &str| {
        let mut s = String::new();
        fill(template, &mut s, |k| ctx.lookup(k));
        s
    };
    let greeting = render(GREETINGS[style.greeting]);
    let hook = hook.map(render);
    let mut intro = style.intro.map(|i| render(phrases.intros[i]));
    // A note with neither hook nor reason would say nothing; generic notes always state one.
    let reason = style
        .reason
        .or(hook.is_none().then_some(0))
        .map(|i| render(phrases.reasons[i]));
    let mut value = style.value.map(|i| render(phrases.values[i]));
    let mut signoff = style.signoff.map(|i| render(SIGNOFFS[i]));
    loop {
        let mut body = vec![greeting.as_str()];
        let ordered = if style.intro_first {
            [&intro, &hook, &reason, &value]
        } else {
            [&hook, &intro, &reason, &value]
        };
        body.extend(ordered.into_iter().flatten().map(String::as_str));
        let mut note = body.join(" ");
        if let Some(signoff) = &signoff {
            note.push_str(if style.signoff_newline { "\n\n" } else { " " });
            note.push_str(signoff);
        }
        if note.chars().count() <= MAX_NOTE_CHARS {
            return note;
        }
        if value.take().is_none() && intro.take().is_none() && signoff.take().is_none() {
            // Greeting, hook and reason are each well under 100 characters; cut as a last resort.
            return note.chars().take(MAX_NOTE_CHARS).collect();
        }
    }
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
    window_end: i64,
    next_sender: u64,
    follow_ups: BinaryHeap<Reverse<FollowUp>>,
}

impl Generator {
    fn new(seed: u64, window_end: i64) -> Generator {
        Generator {
            seed,
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
                Sender::new(self.seed, follow_up.sender),
                follow_up.recipient,
            )
        } else {
            let sender = Sender::new(self.seed, self.next_sender);
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
        let rows = parse(&generate(&GenerateOptions::default()));
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
