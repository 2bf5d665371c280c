//! Shared domain types: what every stage passes to the next.
//!
//! Takes nothing and does nothing: plain data with names from the domain. Parsing lives in
//! `ingest`, judgement in `tag`, counting in `metrics`. Nothing here may do I/O.

use arcstr::ArcStr;
use compact_str::CompactString;
use std::fmt;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

/// The outcome of an invitation, as exported.
///
/// Variant order is the dedup order (docs/inputs.md), least advanced first, so `Ord` says which
/// of two copies of one invitation wins (accepted > declined > ignored > withdrawn > pending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Pending,
    Withdrawn,
    Ignored,
    Declined,
    Accepted,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Pending,
        Status::Withdrawn,
        Status::Ignored,
        Status::Declined,
        Status::Accepted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Withdrawn => "withdrawn",
            Status::Ignored => "ignored",
            Status::Declined => "declined",
            Status::Accepted => "accepted",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who sent the invitation (docs/tagging.md, Sender category).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SenderCategory {
    RecruitmentConsultant,
    InHouseRecruiter,
    Candidate,
    Supplier,
    Peer,
    Unknown,
}

impl SenderCategory {
    /// In declaration order: `ALL[c as usize] == c`.
    pub const ALL: [SenderCategory; 6] = [
        SenderCategory::RecruitmentConsultant,
        SenderCategory::InHouseRecruiter,
        SenderCategory::Candidate,
        SenderCategory::Supplier,
        SenderCategory::Peer,
        SenderCategory::Unknown,
    ];

    /// The snake_case name used in every output file.
    pub fn as_str(self) -> &'static str {
        match self {
            SenderCategory::RecruitmentConsultant => "recruitment_consultant",
            SenderCategory::InHouseRecruiter => "in_house_recruiter",
            SenderCategory::Candidate => "candidate",
            SenderCategory::Supplier => "supplier",
            SenderCategory::Peer => "peer",
            SenderCategory::Unknown => "unknown",
        }
    }

    /// A short human label for charts and prose.
    pub fn label(self) -> &'static str {
        match self {
            SenderCategory::RecruitmentConsultant => "Recruitment consultant",
            SenderCategory::InHouseRecruiter => "In-house recruiter",
            SenderCategory::Candidate => "Candidate",
            SenderCategory::Supplier => "Supplier",
            SenderCategory::Peer => "Peer",
            SenderCategory::Unknown => "Unknown",
        }
    }

    /// Parses a category name, ignoring case, spaces, `-` and `_` ("In-house recruiter" works).
    pub fn parse(text: &str) -> Option<SenderCategory> {
        let key = normalise_key(text);
        SenderCategory::ALL
            .into_iter()
            .find(|c| normalise_key(c.as_str()) == key)
            .or(match key.as_str() {
                "consultant" | "agency" | "agencyrecruiter" | "headhunter" => {
                    Some(SenderCategory::RecruitmentConsultant)
                }
                "inhouse" | "internalrecruiter" | "talentacquisition" => {
                    Some(SenderCategory::InHouseRecruiter)
                }
                "vendor" | "sales" => Some(SenderCategory::Supplier),
                _ => None,
            })
    }
}

impl fmt::Display for SenderCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much the note was written for this recipient (docs/tagging.md, Personalisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Personalisation {
    None,
    Default,
    Generic,
    Personalised,
}

impl Personalisation {
    /// In declaration order: `ALL[p as usize] == p`.
    pub const ALL: [Personalisation; 4] = [
        Personalisation::None,
        Personalisation::Default,
        Personalisation::Generic,
        Personalisation::Personalised,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Personalisation::None => "none",
            Personalisation::Default => "default",
            Personalisation::Generic => "generic",
            Personalisation::Personalised => "personalised",
        }
    }

    /// A short human label for charts and prose.
    pub fn label(self) -> &'static str {
        match self {
            Personalisation::None => "No note",
            Personalisation::Default => "LinkedIn default",
            Personalisation::Generic => "Generic / mass-sent",
            Personalisation::Personalised => "Personalised",
        }
    }
}

impl fmt::Display for Personalisation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One received invitation, as read from an input and before any judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation {
    /// Stable id: the input's `invite_id`, or derived from sender, recipient and minute. Held
    /// in place up to 24 bytes (a derived id is 20), not as an allocation of its own: ids are
    /// the one text nearly every row has its own copy of.
    pub invite_id: CompactString,
    /// The input file it was read from (shared by every row of that file).
    pub source: ArcStr,
    /// 1-based physical line where the record starts in `source`.
    pub line: u64,
    pub received_at: DateTime<Utc>,
    pub recipient: ArcStr,
    pub sender_name: ArcStr,
    pub sender_profile_url: ArcStr,
    pub sender_headline: ArcStr,
    pub sender_company: ArcStr,
    /// The note, trimmed; empty when there was none.
    pub message: ArcStr,
    pub status: Status,
    pub accepted_at: Option<DateTime<Utc>>,
    /// Whether the recipient replied; true whenever `responded_at` is set.
    pub responded: bool,
    pub responded_at: Option<DateTime<Utc>>,
    /// A category given explicitly by the input; overrides the tagger.
    pub explicit_category: Option<SenderCategory>,
    /// Which outcomes the input can tell at all (a LinkedIn export without Connections.csv
    /// cannot tell acceptance): an unknown outcome is left out of its rate, never counted as no.
    pub known: KnownOutcomes,
}

/// Shares one copy of each distinct text among the invitations that hold it.
///
/// A month's or a year's invitations repeat their texts: the same senders (name,
/// headline, company) write again, a few recipients receive everything, and mass-sent and
/// LinkedIn's canned notes recur word for word. Held once each, a million generated invitations
/// need about 300 MB less. Readers parsing rows in parallel share one pool: it is split into
/// shards, each behind its own lock, and a text already held costs a lookup, not an allocation.
#[derive(Debug)]
pub struct TextPool {
    shards: Box<[std::sync::Mutex<TextSet>]>,
}

type TextSet = std::collections::HashSet<ArcStr, FxBuildHasher>;

impl Default for TextPool {
    fn default() -> Self {
        TextPool {
            shards: (0..Self::SHARDS).map(|_| Default::default()).collect(),
        }
    }
}

impl TextPool {
    /// Enough that two or a few threads rarely wait on one another.
    const SHARDS: usize = 64;

    /// The pool's copy of `text`, made if the pool has none yet.
    pub fn get(&self, text: &str) -> ArcStr {
        use std::hash::BuildHasher;
        // The commonest text of all (no note, no headline): a static one, with no count to keep.
        if text.is_empty() {
            return ArcStr::new();
        }
        let hash = FxBuildHasher.hash_one(text);
        // Bits the set inside does not use: it places a text by the low bits of the same hash
        // and tells candidates apart by the top seven.
        let shard = &self.shards[(hash >> 40) as usize % Self::SHARDS];
        // A panic elsewhere cannot leave a set of shared texts half changed.
        let mut set = shard
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match set.get(text) {
            Some(found) => ArcStr::clone(found),
            None => {
                let made: ArcStr = ArcStr::from(text);
                set.insert(ArcStr::clone(&made));
                made
            }
        }
    }
}

/// Whether an input can tell an invitation's acceptance and its reply (an export's Connections.csv
/// and messages.csv are optional). `status` and `responded` are only evidence where known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownOutcomes {
    pub acceptance: bool,
    pub reply: bool,
}

impl KnownOutcomes {
    /// Both known: every canonical file, and an export with both optional files.
    pub const ALL: KnownOutcomes = KnownOutcomes {
        acceptance: true,
        reply: true,
    };
}

impl Default for KnownOutcomes {
    fn default() -> Self {
        KnownOutcomes::ALL
    }
}

impl Invitation {
    /// A pending invitation from `sender_name` with nothing else known: a base for struct
    /// update syntax in readers, generators and tests.
    pub fn pending(sender_name: &str, received_at: DateTime<Utc>) -> Invitation {
        Invitation {
            invite_id: CompactString::default(),
            source: ArcStr::from(""),
            line: 0,
            received_at,
            recipient: ArcStr::from(""),
            sender_name: ArcStr::from(sender_name),
            sender_profile_url: ArcStr::from(""),
            sender_headline: ArcStr::from(""),
            sender_company: ArcStr::from(""),
            message: ArcStr::from(""),
            status: Status::Pending,
            accepted_at: None,
            responded: false,
            responded_at: None,
            explicit_category: None,
            known: KnownOutcomes::default(),
        }
    }

    /// Whether it had arrived by `instant` (inclusive).
    pub fn arrived_by(&self, instant: DateTime<Utc>) -> bool {
        self.received_at <= instant
    }

    /// The invitation as it stood at `instant` (inclusive): `None` if it had not arrived yet; an
    /// acceptance or reply after `instant` has not happened yet. Statuses without a time
    /// (declined, ignored, withdrawn) are taken as they are.
    pub fn as_seen_at(mut self, instant: DateTime<Utc>) -> Option<Invitation> {
        if !self.arrived_by(instant) {
            return None;
        }
        if self.accepted_at.is_some_and(|t| t > instant) {
            self.status = Status::Pending;
            self.accepted_at = None;
        }
        if self.responded_at.is_some_and(|t| t > instant) {
            self.responded = false;
            self.responded_at = None;
        }
        Some(self)
    }
}

/// A row that could not be read, kept so nothing disappears silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub source: ArcStr,
    /// 1-based physical line where the record starts (0 for a whole-file problem).
    pub line: u64,
    /// What is wrong, for a person: names the column and quotes the value.
    pub reason: String,
    /// The raw record, fields joined with commas (invalid UTF-8 shown as U+FFFD).
    pub record: String,
}

/// The counts that must add up: `rows_read = rows_accepted + rows_rejected + duplicates_removed`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reconciliation {
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_rejected: u64,
    pub duplicates_removed: u64,
}

impl Reconciliation {
    pub fn balances(&self) -> bool {
        self.rows_read == self.rows_accepted + self.rows_rejected + self.duplicates_removed
    }
}

impl fmt::Display for Reconciliation {
    /// `rows_read 10 = rows_accepted 7 + rows_rejected 2 + duplicates_removed 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rows_read {} = rows_accepted {} + rows_rejected {} + duplicates_removed {}",
            self.rows_read, self.rows_accepted, self.rows_rejected, self.duplicates_removed
        )
    }
}

/// The courtesy rubric (docs/tagging.md, Courtesy rubric) for one note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Courtesy {
    pub introduces_self: bool,
    pub states_reason: bool,
    pub offers_value: bool,
    pub signs_off: bool,
    pub addresses_recipient: bool,
}

impl Courtesy {
    /// 0–4: one point each for the four rubric items (`addresses_recipient` is not scored).
    pub fn score(&self) -> u8 {
        [
            self.introduces_self,
            self.states_reason,
            self.offers_value,
            self.signs_off,
        ]
        .into_iter()
        .map(u8::from)
        .sum()
    }
}

/// Everything the tagger concluded about one invitation, each tag with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    pub sender_category: SenderCategory,
    /// Reasons are shared: many invitations give the same one.
    pub category_reason: ArcStr,
    pub personalisation: Personalisation,
    pub personalisation_reason: ArcStr,
    pub courtesy: Courtesy,
    /// Which phrase set each courtesy flag (empty flags are not listed).
    pub courtesy_reason: ArcStr,
    /// Length of the note in characters (Unicode scalar values).
    pub note_chars: usize,
    /// Template cluster id, when the note belongs to one.
    pub template_id: Option<ArcStr>,
    /// Number of notes in that cluster (0 when there is no note).
    pub template_size: usize,
}

/// The invitations of a run with their tags and whether each counts in rate denominators
/// (docs/metrics.md): the lists side by side, as ingest and tagging give them, so that pairing
/// them up copies nothing (ten million invitations with their tags are 2.8 GB).
#[derive(Debug, Default)]
pub struct Tagged {
    invitations: Vec<Invitation>,
    tags: Vec<Tags>,
    decided: Vec<bool>,
}

impl Tagged {
    /// `tags[i]` are the tags of `invitations[i]`; `window` decides which are decided.
    pub fn new(invitations: Vec<Invitation>, tags: Vec<Tags>, window: &DecisionWindow) -> Tagged {
        let decided = invitations.iter().map(|i| window.decided(i)).collect();
        Tagged::from_parts(invitations, tags, decided)
    }

    /// The three lists, one entry per invitation.
    pub fn from_parts(invitations: Vec<Invitation>, tags: Vec<Tags>, decided: Vec<bool>) -> Tagged {
        assert!(
            invitations.len() == tags.len() && tags.len() == decided.len(),
            "one set of tags and one decision per invitation"
        );
        Tagged {
            invitations,
            tags,
            decided,
        }
    }

    pub fn len(&self) -> usize {
        self.invitations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.invitations.is_empty()
    }

    /// Invitation `i` with its tags.
    pub fn get(&self, i: usize) -> TaggedInvitation<'_> {
        TaggedInvitation {
            invitation: &self.invitations[i],
            tags: &self.tags[i],
            decided: self.decided[i],
        }
    }

    /// The invitations in order, each with its tags.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = TaggedInvitation<'_>> {
        self.range(0..self.len())
    }

    /// Invitations `rows`, in order.
    pub fn range(
        &self,
        rows: std::ops::Range<usize>,
    ) -> impl ExactSizeIterator<Item = TaggedInvitation<'_>> {
        rows.map(|i| self.get(i))
    }
}

/// One invitation of `Tagged`, with its tags and whether it counts in rate denominators.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaggedInvitation<'a> {
    pub invitation: &'a Invitation,
    pub tags: &'a Tags,
    pub decided: bool,
}

impl TaggedInvitation<'_> {
    /// Accepted, and counted: an acceptance of an undecided invitation does not count.
    pub fn counts_as_accepted(&self) -> bool {
        self.decided
            && self.invitation.known.acceptance
            && self.invitation.status == Status::Accepted
    }

    /// Replied to, and counted (both rates share the decided denominator).
    pub fn counts_as_responded(&self) -> bool {
        self.decided && self.invitation.known.reply && self.invitation.responded
    }

    /// Decided, but the input cannot tell whether it was accepted: out of the acceptance rate.
    pub fn acceptance_unknown(&self) -> bool {
        self.decided && !self.invitation.known.acceptance
    }

    /// Decided, but the input cannot tell whether it was answered: out of the reply rate.
    pub fn reply_unknown(&self) -> bool {
        self.decided && !self.invitation.known.reply
    }
}

/// What the metrics read of one tagged invitation, without its texts: its month, its outcome as
/// counted, the hours to each counted outcome, its tags as small values and its company as a
/// place in `Outcomes::companies`. 32 bytes, where an invitation with its tags and texts holds
/// some 340 (136 of struct, 56 of tags, about 150 of texts at a million generated ones): a
/// report that lists no invitations keeps these alone once tagging is done (the streamed run
/// makes them from its own rows, `stream::Row`).
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Hours from arrival to acceptance, at least 0; NaN when the acceptance does not count
    /// (hours are whole seconds over 3600, never NaN themselves).
    hours_to_accept: f64,
    /// Hours from arrival to reply likewise.
    hours_to_reply: f64,
    /// `YearMonth::index` of the arrival.
    month: i32,
    /// Place of the sender's company name in `Outcomes::companies` (the empty name for none).
    company: u32,
    status: Status,
    sender_category: SenderCategory,
    personalisation: Personalisation,
    /// `Courtesy::score`.
    courtesy: u8,
    /// `Outcome::DECIDED` and the other flags.
    flags: u8,
}

impl Outcome {
    const DECIDED: u8 = 1;
    const ACCEPTED: u8 = 1 << 1;
    const RESPONDED: u8 = 1 << 2;
    const ACCEPTANCE_UNKNOWN: u8 = 1 << 3;
    const REPLY_UNKNOWN: u8 = 1 << 4;

    /// `t` reduced to what the metrics read; `company` is its company's place.
    pub fn of(t: TaggedInvitation<'_>, company: u32) -> Outcome {
        // A connection date without a time is midnight and may precede a same-day arrival.
        let hours = |counts: bool, to: Option<DateTime<Utc>>| match to {
            Some(to) if counts => {
                ((to - t.invitation.received_at).num_seconds() as f64 / 3600.0).max(0.0)
            }
            _ => f64::NAN,
        };
        let flags = [
            (t.decided, Outcome::DECIDED),
            (t.counts_as_accepted(), Outcome::ACCEPTED),
            (t.counts_as_responded(), Outcome::RESPONDED),
            (t.acceptance_unknown(), Outcome::ACCEPTANCE_UNKNOWN),
            (t.reply_unknown(), Outcome::REPLY_UNKNOWN),
        ]
        .into_iter()
        .filter(|&(set, _)| set)
        .fold(0, |flags, (_, flag)| flags | flag);
        Outcome {
            hours_to_accept: hours(t.counts_as_accepted(), t.invitation.accepted_at),
            hours_to_reply: hours(t.counts_as_responded(), t.invitation.responded_at),
            month: YearMonth::of(t.invitation.received_at).index(),
            company,
            status: t.invitation.status,
            sender_category: t.tags.sender_category,
            personalisation: t.tags.personalisation,
            courtesy: t.tags.courtesy.score(),
            flags,
        }
    }

    /// The outcome with another personalisation level: the streamed run's templates decide a
    /// level after the rest of the outcome is made.
    pub fn with_personalisation(self, personalisation: Personalisation) -> Outcome {
        Outcome {
            personalisation,
            ..self
        }
    }

    /// The month (UTC) the invitation arrived in.
    pub fn month(&self) -> YearMonth {
        YearMonth::from_index(self.month)
    }

    /// Hours from arrival to acceptance (at least 0), when the acceptance counts.
    pub fn hours_to_accept(&self) -> Option<f64> {
        Some(self.hours_to_accept).filter(|h| !h.is_nan())
    }

    /// Hours from arrival to reply (at least 0), when the reply counts.
    pub fn hours_to_reply(&self) -> Option<f64> {
        Some(self.hours_to_reply).filter(|h| !h.is_nan())
    }

    /// The place of the sender's company name in `Outcomes::companies`.
    pub fn company(&self) -> u32 {
        self.company
    }

    /// The invitation's status as exported.
    pub fn status(&self) -> Status {
        self.status
    }

    /// `Tags::sender_category`.
    pub fn sender_category(&self) -> SenderCategory {
        self.sender_category
    }

    /// `Tags::personalisation`.
    pub fn personalisation(&self) -> Personalisation {
        self.personalisation
    }

    /// `Courtesy::score`.
    pub fn courtesy(&self) -> u8 {
        self.courtesy
    }

    /// `TaggedInvitation::decided`.
    pub fn decided(&self) -> bool {
        self.flags & Outcome::DECIDED != 0
    }

    /// `TaggedInvitation::counts_as_accepted`.
    pub fn accepted(&self) -> bool {
        self.flags & Outcome::ACCEPTED != 0
    }

    /// `TaggedInvitation::counts_as_responded`.
    pub fn responded(&self) -> bool {
        self.flags & Outcome::RESPONDED != 0
    }

    /// `TaggedInvitation::acceptance_unknown`.
    pub fn acceptance_unknown(&self) -> bool {
        self.flags & Outcome::ACCEPTANCE_UNKNOWN != 0
    }

    /// `TaggedInvitation::reply_unknown`.
    pub fn reply_unknown(&self) -> bool {
        self.flags & Outcome::REPLY_UNKNOWN != 0
    }
}

/// The `Outcome` of each tagged invitation, in order, and the distinct company names they
/// point to.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub rows: Vec<Outcome>,
    /// In order of first appearance; the empty name among them when an invitation has none.
    pub companies: Vec<ArcStr>,
}

impl Outcomes {
    /// Each invitation of `tagged` reduced to its `Outcome`.
    pub fn of(tagged: &Tagged) -> Outcomes {
        let mut outcomes = Outcomes::default();
        let mut companies = Companies::default();
        outcomes.add(tagged, &mut companies);
        outcomes.companies = companies.names;
        outcomes
    }

    /// Adds the outcomes of `tagged`'s invitations after those already there, their companies
    /// placed in `companies`: once the last are added, `companies.names` are the outcomes'
    /// `companies`, and the outcomes are what `Outcomes::of` gives over all the invitations.
    pub fn add(&mut self, tagged: &Tagged, companies: &mut Companies) {
        let company: Vec<u32> = tagged
            .invitations
            .iter()
            .map(|i| companies.place(&i.sender_company))
            .collect();
        self.rows.par_extend(
            company
                .into_par_iter()
                .enumerate()
                .map(|(row, company)| Outcome::of(tagged.get(row), company)),
        );
    }

    /// The latest month with an invitation: where `--month all`'s trend ends.
    pub fn latest_month(&self) -> YearMonth {
        self.rows
            .iter()
            .map(Outcome::month)
            .max()
            .unwrap_or(YearMonth {
                year: 1970,
                month: 1,
            })
    }
}

/// Each distinct company name once, in order of first appearance, and the place each has
/// there: what an `Outcome` names its company by.
#[derive(Debug, Default)]
pub struct Companies {
    places: std::collections::HashMap<ArcStr, u32, FxBuildHasher>,
    pub names: Vec<ArcStr>,
}

impl Companies {
    /// The place of `name`, given it if it has none yet.
    pub fn place(&mut self, name: &ArcStr) -> u32 {
        if let Some(&place) = self.places.get(name) {
            return place;
        }
        let place = u32::try_from(self.names.len()).expect("fewer than 2³² company names");
        self.names.push(ArcStr::clone(name));
        self.places.insert(ArcStr::clone(name), place);
        place
    }
}

/// When the data end and how long a pending invitation stays undecided (docs/metrics.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionWindow {
    pub as_of: DateTime<Utc>,
    pub grace: chrono::Duration,
}

impl DecisionWindow {
    /// Counts in rate denominators unless withdrawn, or pending and younger than the grace period.
    pub fn decided(&self, invitation: &Invitation) -> bool {
        match invitation.status {
            Status::Withdrawn => false,
            Status::Pending => self.as_of - invitation.received_at >= self.grace,
            Status::Accepted | Status::Declined | Status::Ignored => true,
        }
    }
}

/// A calendar month, as used for report folders and `--month` (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month of an instant, in UTC: report months are UTC calendar months.
    pub fn of(instant: DateTime<Utc>) -> YearMonth {
        use chrono::Datelike;
        YearMonth {
            year: instant.year(),
            month: instant.month(),
        }
    }

    /// Months since year 0: consecutive months have consecutive indices.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    /// The month of an `index`.
    pub fn from_index(index: i32) -> YearMonth {
        YearMonth {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u32,
        }
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year = year.parse().ok()?;
        let month = month.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    /// "October 2026", for titles.
    pub fn long_name(self) -> String {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {}", NAMES[(self.month - 1) as usize], self.year)
    }

    /// "Oct", for chart axes.
    pub fn abbreviation(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        NAMES[(self.month.clamp(1, 12) - 1) as usize]
    }

    /// "Oct 2026", for chart labels and spans.
    pub fn short_name(self) -> String {
        format!("{} {}", self.abbreviation(), self.year)
    }

    /// "Nov 2025 – Oct 2026": the months `first` to `last`, both included.
    pub fn span_name(first: YearMonth, last: YearMonth) -> String {
        format!("{} – {}", first.short_name(), last.short_name())
    }

    /// The month before.
    pub fn previous(self) -> YearMonth {
        YearMonth::from_index(self.index() - 1)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Lower-cases and drops spaces, `_` and `-`: how header names and enum names are compared.
pub fn normalise_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_pool_gives_one_copy_of_each_text_across_threads() {
        let pool = TextPool::default();
        // Not the empty text: every empty `ArcStr` is the same static one, pool or not.
        let texts = ["Hi Tom", "Recruiter at Hays", "Ann", "Hi Tom"];
        let copies: Vec<Vec<ArcStr>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| texts.iter().map(|t| pool.get(t)).collect::<Vec<_>>()))
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for copy in &copies {
            for (k, text) in texts.iter().enumerate() {
                assert_eq!(&*copy[k], *text);
                assert!(
                    ArcStr::ptr_eq(&copy[k], &copies[0][k]),
                    "{text:?} copied twice"
                );
            }
            assert!(ArcStr::ptr_eq(&copy[0], &copy[3]));
        }
    }

    #[test]
    fn outcomes_keep_what_the_metrics_count_and_the_company() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 9, d, h, 0, 0).unwrap();
        let invitation = |company: &str, status: Status, known: KnownOutcomes| Invitation {
            sender_company: ArcStr::from(company),
            status,
            // A connection date without a time can come before a same-day arrival.
            accepted_at: (status == Status::Accepted).then(|| at(2, 0)),
            responded: true,
            responded_at: Some(at(3, 12)),
            known,
            ..Invitation::pending("Sam Lee", at(2, 6))
        };
        let unknown = KnownOutcomes {
            acceptance: false,
            reply: true,
        };
        let invitations = vec![
            invitation("Hays", Status::Accepted, KnownOutcomes::ALL),
            invitation("", Status::Accepted, unknown),
            invitation("Hays", Status::Declined, KnownOutcomes::ALL),
            invitation("Acme", Status::Pending, KnownOutcomes::ALL),
        ];
        let tags = Tags {
            sender_category: SenderCategory::Candidate,
            category_reason: ArcStr::from("headline 'looking for'"),
            personalisation: Personalisation::Personalised,
            personalisation_reason: ArcStr::from("specific"),
            courtesy: Courtesy {
                introduces_self: true,
                signs_off: true,
                ..Courtesy::default()
            },
            courtesy_reason: ArcStr::from("signs_off 'Sam'"),
            note_chars: 40,
            template_id: None,
            template_size: 1,
        };
        let decided = vec![true, true, true, false];
        let tagged = Tagged::from_parts(invitations, vec![tags; 4], decided);
        let outcomes = Outcomes::of(&tagged);
        for (o, t) in outcomes.rows.iter().zip(tagged.iter()) {
            assert_eq!(o.month(), YearMonth::of(t.invitation.received_at));
            let company = &outcomes.companies[o.company() as usize];
            assert_eq!(company, &t.invitation.sender_company);
            assert_eq!(
                [
                    o.accepted(),
                    o.responded(),
                    o.acceptance_unknown(),
                    o.reply_unknown()
                ],
                [
                    t.counts_as_accepted(),
                    t.counts_as_responded(),
                    t.acceptance_unknown(),
                    t.reply_unknown()
                ]
            );
            assert_eq!((o.status(), o.decided()), (t.invitation.status, t.decided));
            assert_eq!(o.sender_category(), SenderCategory::Candidate);
            assert_eq!(o.personalisation(), Personalisation::Personalised);
            assert_eq!(o.courtesy(), 2);
        }
        let hours: Vec<_> = outcomes
            .rows
            .iter()
            .map(|o| (o.hours_to_accept(), o.hours_to_reply()))
            .collect();
        assert_eq!(
            hours,
            [
                (Some(0.0), Some(30.0)),
                (None, Some(30.0)),
                (None, Some(30.0)),
                (None, None)
            ]
        );
        assert_eq!(outcomes.companies, ["Hays", "", "Acme"]);
        assert_eq!(
            outcomes.latest_month(),
            YearMonth {
                year: 2026,
                month: 9
            }
        );
        assert_eq!(std::mem::size_of::<Outcome>(), 32);
        // Added in two parts (a month at a time), the same outcomes and companies. Compared as
        // printed: an hour that does not count is NaN, never equal to itself.
        let printed = |o: &Outcomes| format!("{:?} {:?}", o.rows, o.companies);
        let part = |rows: std::ops::Range<usize>| {
            Tagged::from_parts(
                tagged.invitations[rows.clone()].to_vec(),
                tagged.tags[rows.clone()].to_vec(),
                tagged.decided[rows].to_vec(),
            )
        };
        let mut added = Outcomes::default();
        let mut companies = Companies::default();
        added.add(&part(0..2), &mut companies);
        added.add(&part(2..4), &mut companies);
        added.companies = companies.names;
        assert_eq!(printed(&added), printed(&outcomes));
    }

    #[test]
    fn all_lists_follow_declaration_order() {
        for (i, c) in SenderCategory::ALL.into_iter().enumerate() {
            assert_eq!(c as usize, i, "{c}");
        }
        for (i, p) in Personalisation::ALL.into_iter().enumerate() {
            assert_eq!(p as usize, i, "{p}");
        }
    }

    #[test]
    fn month_index_round_trips_across_years() {
        for text in ["2025-12", "2026-01", "0001-01", "2026-10"] {
            let month = YearMonth::parse(text).unwrap();
            assert_eq!(YearMonth::from_index(month.index()), month);
        }
        let dec = YearMonth::parse("2025-12").unwrap();
        assert_eq!(
            YearMonth::from_index(dec.index() + 1).to_string(),
            "2026-01"
        );
    }

    #[test]
    fn status_order_is_dedup_precedence() {
        assert!(Status::Accepted > Status::Declined);
        assert!(Status::Declined > Status::Ignored);
        assert!(Status::Ignored > Status::Withdrawn);
        assert!(Status::Withdrawn > Status::Pending);
    }

    #[test]
    fn category_parses_spec_names_and_labels() {
        for c in SenderCategory::ALL {
            assert_eq!(SenderCategory::parse(c.as_str()), Some(c));
            assert_eq!(SenderCategory::parse(c.label()), Some(c));
        }
        assert_eq!(
            SenderCategory::parse("Head hunter"),
            Some(SenderCategory::RecruitmentConsultant)
        );
        assert_eq!(SenderCategory::parse("astronaut"), None);
    }

    #[test]
    fn year_month_round_trips_and_rejects_nonsense() {
        let m = YearMonth::parse("2026-03").unwrap();
        assert_eq!((m.year, m.month), (2026, 3));
        assert_eq!(m.to_string(), "2026-03");
        assert_eq!(m.long_name(), "March 2026");
        for bad in [
            "2026-13", "2026-00", "26-03", "2026/03", "2026-3", "../x", "",
        ] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_invitation_as_seen_before_its_outcome() {
        use chrono::TimeZone;
        let t = |d: u32| Utc.with_ymd_and_hms(2026, 10, d, 9, 0, 0).unwrap();
        let invitation = Invitation {
            status: Status::Accepted,
            accepted_at: Some(t(5)),
            responded: true,
            responded_at: Some(t(6)),
            ..Invitation::pending("A", t(2))
        };
        assert_eq!(invitation.clone().as_seen_at(t(1)), None);
        let early = invitation.clone().as_seen_at(t(4)).unwrap();
        assert_eq!(
            (early.status, early.accepted_at, early.responded),
            (Status::Pending, None, false)
        );
        let between = invitation.clone().as_seen_at(t(5)).unwrap();
        assert_eq!(
            (between.status, between.responded),
            (Status::Accepted, false)
        );
        assert_eq!(invitation.clone().as_seen_at(t(6)), Some(invitation));
    }

    #[test]
    fn courtesy_score_ignores_addressing() {
        let c = Courtesy {
            introduces_self: true,
            signs_off: true,
            addresses_recipient: true,
            ..Courtesy::default()
        };
        assert_eq!(c.score(), 2);
    }
}
