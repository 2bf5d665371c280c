//! The sender register: one row per sender of received invitations, the file a user fills in
//! once and keeps month after month, so that LinkedIn archives (which carry no headline) still
//! say who sent what.
//!
//! Takes the ingested invitations, Connections' Position and Company (as suggestions only) and
//! the register as it stands; gives the updated register as CSV. Also reads a register, or the
//! older free-form senders file, for `--senders`. Never changes a value the user wrote
//! (`category`, `headline`, `company`, or any column of their own), never drops a row, and never
//! lets a suggestion reach the report: only `category`, `headline` and `company` are evidence.
//!
//! Who is who is `identity`'s job: a row matches an invitation by profile key when both have one,
//! else by name key.

use std::cmp::Reverse;

use chrono::NaiveDate;

use crate::identity::{IdentityIndex, SenderKey};
use crate::ingest::records::{Outcome, Record, RecordLimits, RecordReader};
use crate::ingest::ConnectionTitle;
use crate::model::{normalise_key, Invitation, SenderCategory};
use crate::report::tables::safe_cell;
use crate::tag::category::{from_note, from_profile};
use crate::tag::text::Words;
use crate::tag::Rules;

/// The register's columns, in the order they are written. The first ten make a file a
/// register; `suggestion_evidence` (what the suggestion rests on) is ours too, and optional.
pub const COLUMNS: [&str; 11] = [
    "profile_url",
    "name",
    "category",
    "headline",
    "company",
    "suggested_category",
    "suggestion_source",
    "invitations",
    "first_seen",
    "last_seen",
    "suggestion_evidence",
];
const REQUIRED: usize = 10;

/// Indices into `COLUMNS`.
mod col {
    pub const PROFILE_URL: usize = 0;
    pub const NAME: usize = 1;
    pub const CATEGORY: usize = 2;
    pub const HEADLINE: usize = 3;
    pub const COMPANY: usize = 4;
    pub const SUGGESTED: usize = 5;
    pub const SOURCE: usize = 6;
    pub const INVITATIONS: usize = 7;
    pub const FIRST_SEEN: usize = 8;
    pub const LAST_SEEN: usize = 9;
    pub const EVIDENCE: usize = 10;
}

/// Column names a free-form senders file may use (matched ignoring case, spaces, `_`, `-`).
const URL_NAMES: &[&str] = &[
    "profileurl",
    "senderprofileurl",
    "url",
    "linkedinurl",
    "inviterprofileurl",
    "linkedin",
];
const NAME_NAMES: &[&str] = &["name", "sendername", "fullname", "from", "sender"];
const HEADLINE_NAMES: &[&str] = &[
    "headline",
    "senderheadline",
    "title",
    "position",
    "occupation",
    "jobtitle",
];
const COMPANY_NAMES: &[&str] = &[
    "company",
    "sendercompany",
    "organisation",
    "organization",
    "employer",
];
const CATEGORY_NAMES: &[&str] = &["category", "sendercategory"];

/// One sender as `--senders` uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderRow {
    /// 1-based line where the row starts.
    pub line: u64,
    pub key: SenderKey,
    pub category: Option<SenderCategory>,
    pub headline: String,
    pub company: String,
}

/// A senders file read for `--senders`: its rows, and what a person should hear about it.
#[derive(Debug, Clone, Default)]
pub struct SendersFile {
    pub rows: Vec<SenderRow>,
    /// Duplicate senders (the first row is used), one sentence each.
    pub warnings: Vec<String>,
    /// Whether it is a register (`invitescope senders`) or an older free-form file.
    pub is_register: bool,
}

/// Reads a register or a free-form senders file (a CSV keyed by profile URL or name, with
/// headline, company and/or category columns). Every bad row is reported, each with its line.
pub fn parse_senders(bytes: &[u8]) -> Result<SendersFile, String> {
    let table = Table::read(bytes)?;
    let find = |names: &[&str]| {
        table
            .header
            .iter()
            .position(|h| names.contains(&normalise_key(h).as_str()))
    };
    let (url, name) = (find(URL_NAMES), find(NAME_NAMES));
    let (headline, company, category) = (
        find(HEADLINE_NAMES),
        find(COMPANY_NAMES),
        find(CATEGORY_NAMES),
    );
    if url.is_none() && name.is_none() {
        return Err(format!(
            "line 1: no profile_url or name column (found: {}); a senders file needs one of them to match invitations",
            table.header.join(", ")
        ));
    }
    if headline.is_none() && company.is_none() && category.is_none() {
        return Err(
            "line 1: no category, headline or company column: the senders file would add nothing"
                .into(),
        );
    }
    let mut file = SendersFile {
        is_register: table.register_columns().is_some(),
        ..SendersFile::default()
    };
    let mut problems = Vec::new();
    let mut index: IdentityIndex<u64> = IdentityIndex::default();
    for (line, cells) in &table.rows {
        let cell = |i: Option<usize>| i.map_or("", |i| cells[i].trim());
        let category = match parse_category(cell(category)) {
            Ok(c) => c,
            Err(message) => {
                problems.push(format!("line {line}: {message}"));
                continue;
            }
        };
        let key = SenderKey::new(cell(name), cell(url));
        if key.is_empty() {
            problems.push(format!(
                "line {line}: neither a profile URL nor a name, so the row matches nobody; fill one in or delete the row"
            ));
            continue;
        }
        if let Err(Some(first)) = index.insert(key.clone(), *line) {
            let (_, first_line) = index.entry(first);
            file.warnings.push(format!(
                "line {line} names the same sender as line {first_line}; line {first_line} is used"
            ));
            continue;
        }
        file.rows.push(SenderRow {
            line: *line,
            key,
            category,
            headline: cell(headline).to_string(),
            company: cell(company).to_string(),
        });
    }
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(problems.join("; "))
    }
}

/// A category cell: empty is none; anything else must name a category.
fn parse_category(text: &str) -> Result<Option<SenderCategory>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    SenderCategory::parse(text).map(Some).ok_or_else(|| {
        let allowed: Vec<&str> = SenderCategory::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "unknown category '{text}'; use one of {} (or leave it empty)",
            allowed.join(", ")
        )
    })
}

/// A register as it stands on disk: our columns by name, the user's own columns kept as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    /// Names of the user's own columns, written after ours.
    pub extra_columns: Vec<String>,
    pub rows: Vec<RegisterRow>,
    /// What a person should hear about the file as read (duplicate senders); not written.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterRow {
    /// Our cells, in `COLUMNS` order, as written (formula escapes undone).
    pub cells: [String; 11],
    /// The user's own cells, in `extra_columns` order.
    pub extras: Vec<String>,
}

impl RegisterRow {
    /// The profile URL as the row holds it.
    pub fn profile_url(&self) -> &str {
        &self.cells[col::PROFILE_URL]
    }

    /// Fills the user's columns that are still blank, as a person would.
    pub fn fill_blanks(&mut self, category: Option<SenderCategory>, headline: &str, company: &str) {
        let category = category.map_or("", SenderCategory::as_str);
        for (c, value) in [
            (col::CATEGORY, category),
            (col::HEADLINE, headline),
            (col::COMPANY, company),
        ] {
            if self.cells[c].trim().is_empty() {
                self.cells[c] = value.to_string();
            }
        }
    }

    fn key(&self) -> SenderKey {
        SenderKey::new(&self.cells[col::NAME], &self.cells[col::PROFILE_URL])
    }

    fn invitations(&self) -> u64 {
        self.cells[col::INVITATIONS].trim().parse().unwrap_or(0)
    }
}

/// Reads an existing register for an update. A file that is not one is refused, so that an
/// update never overwrites something else.
pub fn read_register(bytes: &[u8]) -> Result<Register, String> {
    let table = Table::read(bytes)?;
    let Some(ours) = table.register_columns() else {
        let missing: Vec<&str> = COLUMNS[..REQUIRED]
            .iter()
            .filter(|c| {
                !table
                    .header
                    .iter()
                    .any(|h| normalise_key(h) == normalise_key(c))
            })
            .copied()
            .collect();
        return Err(format!(
            "line 1: not a sender register: the header lacks {} (found: {})",
            missing.join(", "),
            table.header.join(", ")
        ));
    };
    // Validate what the report would later read, so a bad cell is found now, not next month.
    let warnings = parse_senders(bytes)?.warnings;
    let extra: Vec<usize> = (0..table.header.len())
        .filter(|i| !ours.contains(&Some(*i)))
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|(_, cells)| RegisterRow {
            cells: std::array::from_fn(|c| ours[c].map_or_else(String::new, |i| cells[i].clone())),
            extras: extra.iter().map(|&i| cells[i].clone()).collect(),
        })
        .collect();
    Ok(Register {
        extra_columns: extra.iter().map(|&i| table.header[i].clone()).collect(),
        rows,
        warnings,
    })
}

/// A sender seen in the inputs, with what the register refreshes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub key: SenderKey,
    /// The URL and name as last written in the inputs.
    pub profile_url: String,
    pub name: String,
    pub invitations: u64,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    pub suggestion: Option<Suggestion>,
}

/// A category for a person to confirm, and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub category: SenderCategory,
    /// `category_column`, `headline`, `connections_position` or `note`.
    pub source: &'static str,
    /// The rule and words that fired.
    pub evidence: String,
}

/// Every distinct sender of `invitations`, in order of first appearance, with a suggested
/// category from the best evidence the inputs hold: an explicit category column, the sender's
/// headline, Connections' Position (when it names a role other than peer), the note, and last
/// a Position that only says peer.
pub fn observe(
    invitations: &[Invitation],
    titles: &[ConnectionTitle],
    rules: &Rules,
) -> Vec<Observed> {
    struct Seen<'a> {
        observed: Observed,
        explicit: Option<SenderCategory>,
        headline: (&'a str, &'a str),
        notes: Vec<&'a str>,
    }
    let seen_again = |key: &SenderKey, day: NaiveDate| Seen {
        observed: Observed {
            key: key.clone(),
            profile_url: String::new(),
            name: String::new(),
            invitations: 0,
            first_seen: day,
            last_seen: day,
            suggestion: None,
        },
        explicit: None,
        headline: ("", ""),
        notes: Vec::new(),
    };
    let mut senders: IdentityIndex<Seen<'_>> = IdentityIndex::default();
    for inv in invitations {
        let key = SenderKey::new(&inv.sender_name, &inv.sender_profile_url);
        let day = inv.received_at.date_naive();
        let i = match senders.position(&key) {
            Some(i) => i,
            None => {
                let seen = seen_again(&key, day);
                match senders.insert(key.clone(), seen) {
                    Ok(i) => i,
                    // An empty key: ingest rejects such rows, so there is nothing to count.
                    Err(None) => continue,
                    // A name several people with URLs share: a sender of its own.
                    Err(Some(_)) => senders.push(key.clone(), seen_again(&key, day)),
                }
            }
        };
        if let Some(profile) = &key.profile {
            senders.add_profile(i, profile);
        }
        let seen = senders.entry_mut(i);
        let o = &mut seen.observed;
        o.invitations += 1;
        o.first_seen = o.first_seen.min(day);
        o.last_seen = o.last_seen.max(day);
        // The latest row's spelling, with the profile key it learnt.
        if !inv.sender_name.is_empty() && (o.name.is_empty() || day >= o.last_seen) {
            o.name = inv.sender_name.to_string();
        }
        if !inv.sender_profile_url.is_empty() && (o.profile_url.is_empty() || day >= o.last_seen) {
            o.profile_url = inv.sender_profile_url.to_string();
        }
        if o.key.profile.is_none() {
            o.key.profile = key.profile.clone();
        }
        seen.explicit = seen.explicit.or(inv.explicit_category);
        if !inv.sender_headline.is_empty() || !inv.sender_company.is_empty() {
            seen.headline = (&inv.sender_headline, &inv.sender_company);
        }
        if !inv.message.is_empty() {
            seen.notes.push(&inv.message);
        }
    }

    let mut positions: IdentityIndex<&ConnectionTitle> = IdentityIndex::default();
    for title in titles {
        // The first row of a person is kept; a second export's copy adds nothing.
        let _ = positions.insert(title.key.clone(), title);
    }
    senders
        .into_values()
        .map(|seen| {
            let mut observed = seen.observed;
            let position = positions
                .get(&observed.key)
                .and_then(|t| from_profile(&t.position, &t.company, "Connections position", rules));
            let suggestion = |category, source, evidence| {
                Some(Suggestion {
                    category,
                    source,
                    evidence,
                })
            };
            observed.suggestion = if let Some(category) = seen.explicit {
                suggestion(
                    category,
                    "category_column",
                    "the input's sender_category column".into(),
                )
            } else if let Some((category, why)) =
                from_profile(seen.headline.0, seen.headline.1, "headline", rules)
            {
                suggestion(category, "headline", why)
            } else if let Some((category, why)) =
                position.clone().filter(|(c, _)| *c != SenderCategory::Peer)
            {
                suggestion(category, "connections_position", why)
            } else if let Some((category, why)) = seen
                .notes
                .iter()
                .find_map(|note| from_note(&Words::new(note), rules))
            {
                suggestion(category, "note", why)
            } else if let Some((category, why)) = position {
                suggestion(category, "connections_position", why)
            } else {
                None
            };
            observed
        })
        .collect()
}

/// What an update did, for the message a person reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateCounts {
    pub added: usize,
    pub refreshed: usize,
    /// Rows of senders the inputs do not mention, kept as they were.
    pub kept: usize,
    /// Rows with an empty `category`.
    pub undecided: usize,
}

/// Merges what the inputs show into `register`: new senders are added with empty user columns,
/// known ones get fresh counts, dates and suggestions, and nothing else is touched.
pub fn update(mut register: Register, observed: Vec<Observed>) -> (Register, UpdateCounts) {
    let mut index: IdentityIndex<usize> = IdentityIndex::default();
    for (i, row) in register.rows.iter().enumerate() {
        // A duplicate row stays as it is, after the first (see `sort`); it is warned about.
        let _ = index.insert(row.key(), i);
    }
    let existing = register.rows.len();
    let mut refreshed = vec![false; existing];
    let mut counts = UpdateCounts::default();
    let width = register.extra_columns.len();
    for o in observed {
        let at = match index.position(&o.key) {
            Some(place) => {
                // A name-only row learns the URL it matched, so that another sender of the
                // same name but another URL gets a row of their own.
                if let Some(profile) = &o.key.profile {
                    index.add_profile(place, profile);
                }
                let i = *index.entry(place).1;
                counts.refreshed += usize::from(i < existing && !refreshed[i]);
                if i < existing {
                    refreshed[i] = true;
                }
                i
            }
            None => {
                let mut row = RegisterRow {
                    extras: vec![String::new(); width],
                    ..RegisterRow::default()
                };
                row.cells[col::PROFILE_URL] = o.profile_url.clone();
                row.cells[col::NAME] = o.name.clone();
                register.rows.push(row);
                let i = register.rows.len() - 1;
                if index.insert(o.key.clone(), i).is_err() {
                    index.push(o.key.clone(), i);
                }
                counts.added += 1;
                i
            }
        };
        let row = &mut register.rows[at];
        // Blanks only: a URL or name the file holds is the user's.
        for (c, value) in [(col::PROFILE_URL, &o.profile_url), (col::NAME, &o.name)] {
            if row.cells[c].trim().is_empty() {
                row.cells[c] = value.clone();
            }
        }
        let (first, last) = if at < existing {
            (
                earlier(&row.cells[col::FIRST_SEEN], o.first_seen),
                later(&row.cells[col::LAST_SEEN], o.last_seen),
            )
        } else {
            (o.first_seen, o.last_seen)
        };
        row.cells[col::INVITATIONS] = o.invitations.to_string();
        row.cells[col::FIRST_SEEN] = first.to_string();
        row.cells[col::LAST_SEEN] = last.to_string();
        let (category, source, evidence) = match &o.suggestion {
            Some(s) => (s.category.as_str(), s.source, s.evidence.as_str()),
            None => ("", "", ""),
        };
        row.cells[col::SUGGESTED] = category.to_string();
        row.cells[col::SOURCE] = source.to_string();
        row.cells[col::EVIDENCE] = evidence.to_string();
    }
    counts.kept = existing - counts.refreshed;
    counts.undecided = register
        .rows
        .iter()
        .filter(|r| r.cells[col::CATEGORY].trim().is_empty())
        .count();
    sort(&mut register.rows);
    (register, counts)
}

fn parse_day(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn earlier(text: &str, day: NaiveDate) -> NaiveDate {
    parse_day(text).map_or(day, |d| d.min(day))
}

fn later(text: &str, day: NaiveDate) -> NaiveDate {
    parse_day(text).map_or(day, |d| d.max(day))
}

/// Rows needing a decision first, then the busiest senders, then by who they are: the order
/// does not depend on the order of the inputs. A second row for one sender stays right after
/// the first, in file order, so the first stays the one `--senders` uses.
pub fn sort(rows: &mut Vec<RegisterRow>) {
    let mut index: IdentityIndex<usize> = IdentityIndex::default();
    let group: Vec<usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| match index.insert(row.key(), i) {
            Err(Some(first)) => *index.entry(first).1,
            _ => i,
        })
        .collect();
    let order_key = |row: &RegisterRow| {
        let key = row.key();
        (
            !row.cells[col::CATEGORY].trim().is_empty(),
            Reverse(row.invitations()),
            key.profile.is_none(),
            key.profile.or(key.name).unwrap_or_default(),
        )
    };
    let keys: Vec<_> = rows.iter().map(order_key).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| (&keys[group[a]], group[a], a).cmp(&(&keys[group[b]], group[b], b)));
    let mut taken: Vec<Option<RegisterRow>> = std::mem::take(rows).into_iter().map(Some).collect();
    rows.extend(order.into_iter().filter_map(|i| taken[i].take()));
}

/// The register as CSV, every cell formula-escaped.
pub fn render(register: &Register) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(register.extra_columns.iter().map(|c| safe_cell(c)));
    let rows = register.rows.iter().map(|row| {
        row.cells
            .iter()
            .chain(&row.extras)
            .map(|c| safe_cell(c))
            .collect::<Vec<_>>()
    });
    let mut write = |record: Vec<String>| {
        writer
            .write_record(&record)
            .unwrap_or_else(|e| unreachable!("writing CSV to memory: {e}"))
    };
    write(header.collect());
    rows.for_each(write);
    writer
        .into_inner()
        .unwrap_or_else(|e| unreachable!("flushing CSV to memory: {e}"))
}

/// A CSV file read whole: header names and rows, each row padded to the header's width.
struct Table {
    header: Vec<String>,
    /// (1-based line where the row starts, cells).
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// Reads with the project's CSV reader (`ingest::records`): the same dialect as the inputs,
    /// right line numbers in CRLF files, and no row larger than its limit held in memory.
    fn read(bytes: &[u8]) -> Result<Table, String> {
        let limits = RecordLimits::DEFAULT;
        let mut reader = RecordReader::new(bytes, limits);
        let mut record = Record::new();
        let mut problems = Vec::new();
        // The record's cells as text, or why not.
        let mut next = |problems: &mut Vec<String>| -> Option<(u64, Vec<String>)> {
            loop {
                match reader.read(&mut record) {
                    // The rows after a quote left open in the last column became its cell.
                    Ok(Outcome::Record) if record.open_quote() => {
                        problems.push(format!(
                            "line {}: a quote opened in this row is never closed, so every line \
                             after it was read as one cell; close the quote or remove it",
                            record.line()
                        ));
                        return None;
                    }
                    Ok(Outcome::Record) => {}
                    Ok(Outcome::End) => return None,
                    Ok(Outcome::TooLong(long)) => {
                        problems.push(format!("line {}: {}", long.line, long.describe(limits)));
                        if long.to_end_of_input {
                            return None;
                        }
                        continue;
                    }
                    Err(e) => {
                        problems.push(format!("cannot read the file: {e}"));
                        return None;
                    }
                }
                let line = record.line();
                match record
                    .iter()
                    .map(|f| std::str::from_utf8(f).map(unescape))
                    .collect::<Result<Vec<String>, _>>()
                {
                    Ok(cells) => return Some((line, cells)),
                    Err(_) => problems.push(format!(
                        "line {line}: invalid UTF-8; save the file as UTF-8 (CSV UTF-8 in a spreadsheet)"
                    )),
                }
            }
        };
        let Some((_, header)) = next(&mut problems) else {
            return Err(problems.pop().unwrap_or_else(|| {
                "line 1: the file is empty; a senders file needs a header".into()
            }));
        };
        let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        while let Some((line, mut cells)) = next(&mut problems) {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if cells.len() > header.len() {
                problems.push(format!(
                    "line {line}: {} fields where the header has {}",
                    cells.len(),
                    header.len()
                ));
                continue;
            }
            cells.resize(header.len(), String::new());
            rows.push((line, cells));
        }
        if problems.is_empty() {
            Ok(Table { header, rows })
        } else {
            Err(problems.join("; "))
        }
    }

    /// Where each of our columns is, if the header has the ten that make a register.
    fn register_columns(&self) -> Option<[Option<usize>; 11]> {
        let ours: [Option<usize>; 11] = std::array::from_fn(|c| {
            self.header
                .iter()
                .position(|h| normalise_key(h) == normalise_key(COLUMNS[c]))
        });
        ours[..REQUIRED].iter().all(Option::is_some).then_some(ours)
    }
}

/// Undoes `safe_cell`: `'=x` read back is `=x`, so an update does not stack quotes.
fn unescape(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arcstr::ArcStr;
    use chrono::{DateTime, TimeZone, Utc};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, day, 9, 0, 0).unwrap()
    }

    fn invitation(name: &str, url: &str, day: u32, note: &str) -> Invitation {
        Invitation {
            sender_profile_url: url.into(),
            message: note.into(),
            source: ArcStr::from("x"),
            ..Invitation::pending(name, at(day))
        }
    }

    fn register_text(rows: &[&str]) -> String {
        let mut text = COLUMNS[..REQUIRED].join(",");
        text.push('\n');
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    #[test]
    fn observes_each_sender_once_with_counts_dates_and_a_suggestion() {
        let rules = Rules::embedded();
        let invitations = [
            invitation("Ann Lee", "https://www.linkedin.com/in/ann-lee", 3, ""),
            invitation("Ann Lee 🚀", "https://uk.linkedin.com/in/Ann-Lee/", 9, ""),
            invitation(
                "Bob Roe",
                "",
                5,
                "Hi, I am a recruitment consultant at Hays",
            ),
            invitation("Cat Fox", "https://www.linkedin.com/in/cat-fox", 7, ""),
        ];
        let titles = [ConnectionTitle {
            key: SenderKey::new("Ann Lee", "linkedin.com/in/ann-lee"),
            position: "Senior Recruitment Consultant".into(),
            company: "Hays".into(),
        }];
        let observed = observe(&invitations, &titles, &rules);
        assert_eq!(observed.len(), 3);
        let ann = &observed[0];
        assert_eq!(ann.invitations, 2);
        assert_eq!(ann.first_seen.to_string(), "2026-10-03");
        assert_eq!(ann.last_seen.to_string(), "2026-10-09");
        assert_eq!(ann.name, "Ann Lee 🚀");
        let suggestion = ann.suggestion.as_ref().unwrap();
        assert_eq!(
            (suggestion.category, suggestion.source),
            (
                SenderCategory::RecruitmentConsultant,
                "connections_position"
            )
        );
        let bob = observed[1].suggestion.as_ref().unwrap();
        assert_eq!(bob.source, "note");
        assert_eq!(observed[2].suggestion, None);
    }

    #[test]
    fn an_update_keeps_what_the_user_wrote_and_adds_new_senders() {
        let text = register_text(&[
            "https://www.linkedin.com/in/ann-lee,Ann Lee,candidate,'=My note,,,,1,2026-09-01,2026-09-01",
            ",Old Sender,peer,,,,,4,2025-01-01,2025-02-01",
        ]);
        let mut text = text.replace("last_seen", "last_seen,my_notes");
        text = text.replace("2026-09-01\n", "2026-09-01,call back\n");
        let register = read_register(text.as_bytes()).unwrap();
        assert_eq!(register.extra_columns, ["my_notes"]);
        assert_eq!(register.rows[0].cells[col::HEADLINE], "=My note");
        let observed = observe(
            &[
                invitation("Ann Lee", "https://uk.linkedin.com/in/ann-lee/en", 9, ""),
                invitation("Dan Poe", "", 10, ""),
            ],
            &[],
            &Rules::embedded(),
        );
        let (updated, counts) = update(register, observed);
        assert_eq!(
            counts,
            UpdateCounts {
                added: 1,
                refreshed: 1,
                kept: 1,
                undecided: 1
            }
        );
        let names: Vec<&str> = updated
            .rows
            .iter()
            .map(|r| r.cells[col::NAME].as_str())
            .collect();
        // Undecided first, then by invitations.
        assert_eq!(names, ["Dan Poe", "Old Sender", "Ann Lee"]);
        let ann = &updated.rows[2];
        assert_eq!(ann.cells[col::CATEGORY], "candidate");
        assert_eq!(
            ann.cells[col::PROFILE_URL],
            "https://www.linkedin.com/in/ann-lee"
        );
        assert_eq!(ann.cells[col::FIRST_SEEN], "2026-09-01");
        assert_eq!(ann.cells[col::LAST_SEEN], "2026-10-09");
        assert_eq!(ann.cells[col::INVITATIONS], "1");
        assert_eq!(ann.extras, ["call back"]);
        let old = &updated.rows[1];
        assert_eq!(old.cells[col::INVITATIONS], "4");

        // Written back with the formula escaped, and read again the same.
        let bytes = render(&updated);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with(&COLUMNS.join(",")), "{text}");
        assert!(text.contains(",'=My note,"), "{text}");
        assert_eq!(read_register(&bytes).unwrap(), updated);
        // A second update with the same inputs changes nothing.
        let again = observe(
            &[
                invitation("Ann Lee", "https://uk.linkedin.com/in/ann-lee/en", 9, ""),
                invitation("Dan Poe", "", 10, ""),
            ],
            &[],
            &Rules::embedded(),
        );
        assert_eq!(update(updated.clone(), again).0, updated);
    }

    #[test]
    fn a_name_only_row_takes_one_sender_and_a_namesake_gets_a_row_of_their_own() {
        let text = register_text(&[",Ann Lee,candidate,,,,,,,"]);
        let invitations = [
            invitation("Ann Lee", "https://www.linkedin.com/in/ann-lee-aaa", 2, ""),
            invitation("Ann Lee", "https://www.linkedin.com/in/ann-lee-bbb", 3, ""),
            invitation("Ann Lee", "https://www.linkedin.com/in/ann-lee-bbb", 4, ""),
        ];
        let run =
            |register: Register| update(register, observe(&invitations, &[], &Rules::embedded())).0;
        let once = run(read_register(text.as_bytes()).unwrap());
        let rows: Vec<(&str, &str, &str)> = once
            .rows
            .iter()
            .map(|r| {
                (
                    r.cells[col::PROFILE_URL].as_str(),
                    r.cells[col::CATEGORY].as_str(),
                    r.cells[col::INVITATIONS].as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("https://www.linkedin.com/in/ann-lee-bbb", "", "2"),
                ("https://www.linkedin.com/in/ann-lee-aaa", "candidate", "1"),
            ]
        );
        assert_eq!(run(once.clone()), once);
    }

    #[test]
    fn a_second_row_for_one_sender_stays_after_the_first_and_is_warned_about() {
        let text = register_text(&[
            "https://www.linkedin.com/in/ann,Ann,candidate,,,,,1,,",
            "https://uk.linkedin.com/in/ann,Ann,supplier,,,,,5,,",
            "https://www.linkedin.com/in/bob,Bob,peer,,,,,3,,",
        ]);
        let register = read_register(text.as_bytes()).unwrap();
        assert_eq!(
            register.warnings,
            ["line 3 names the same sender as line 2; line 2 is used"]
        );
        let (updated, _) = update(register, Vec::new());
        let categories: Vec<&str> = updated
            .rows
            .iter()
            .map(|r| r.cells[col::CATEGORY].as_str())
            .collect();
        // Bob has more invitations than Ann's first row, but Ann's two rows stay together, the
        // one `--senders` uses first.
        assert_eq!(categories, ["peer", "candidate", "supplier"]);
        let file = parse_senders(&render(&updated)).unwrap();
        assert_eq!(file.rows[1].category, Some(SenderCategory::Candidate));
    }

    #[test]
    fn lines_are_numbered_right_in_crlf_files() {
        let text = register_text(&["x,Ann,astronaut,,,,,1,,"]).replace('\n', "\r\n");
        let err = parse_senders(format!("\u{feff}{text}").as_bytes()).unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        let err = parse_senders(b"name,category\r\n\r\nAnn,candidate\r\nBob,nope\r\n").unwrap_err();
        assert!(err.starts_with("line 4:"), "{err}");
    }

    #[test]
    fn a_url_row_after_a_name_only_row_for_the_same_name_is_its_own_sender() {
        let text = register_text(&[
            ",Ann Lee,candidate,,,,,1,,",
            "https://www.linkedin.com/in/ann-lee-bbb,Ann Lee,supplier,,,,,1,,",
        ]);
        let file = parse_senders(text.as_bytes()).unwrap();
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.rows.len(), 2);
    }

    #[test]
    fn other_files_are_not_registers() {
        let err = read_register(b"received_at,sender_name\n2026-10-01,Ann\n").unwrap_err();
        assert!(err.contains("not a sender register"), "{err}");
        assert!(err.contains("profile_url"), "{err}");
        // The older free-form file works for --senders, but is not updated in place.
        let free = b"Profile URL,Name,Headline\nhttps://linkedin.com/in/a,Ann,Recruiter at Hays\n";
        assert!(!parse_senders(free).unwrap().is_register);
        assert!(read_register(free).is_err());
    }

    #[test]
    fn a_quote_left_open_is_reported_not_read_as_one_cell() {
        let text = "Profile URL,Name,Category\nhttps://linkedin.com/in/a,Ann,\"candidate\nhttps://linkedin.com/in/b,Bob,peer\n";
        let err = parse_senders(text.as_bytes()).unwrap_err();
        assert!(err.contains("line 2: a quote opened"), "{err}");
        let closed = text.replace("candidate\n", "candidate\"\n");
        assert_eq!(parse_senders(closed.as_bytes()).unwrap().rows.len(), 2);
    }

    #[test]
    fn bad_rows_are_reported_with_their_lines() {
        let text = register_text(&[
            "https://linkedin.com/in/a,Ann,astronaut,,,,,1,,",
            ",,candidate,,,,,1,,",
            ",Bob,,Recruiter,,,,1,,",
        ]);
        let err = parse_senders(text.as_bytes()).unwrap_err();
        assert!(
            err.contains("line 2: unknown category 'astronaut'"),
            "{err}"
        );
        assert!(err.contains("recruitment_consultant"), "{err}");
        assert!(
            err.contains("line 3: neither a profile URL nor a name"),
            "{err}"
        );
        assert!(!err.contains("line 4"), "{err}");
    }

    #[test]
    fn a_duplicate_sender_uses_the_first_row_and_warns() {
        let text = register_text(&[
            "https://www.linkedin.com/in/ann,Ann,candidate,,,,,1,,",
            "https://uk.linkedin.com/in/ANN/,Ann L,supplier,,,,,1,,",
        ]);
        let file = parse_senders(text.as_bytes()).unwrap();
        assert!(file.is_register);
        assert_eq!(file.rows.len(), 1);
        assert_eq!(file.rows[0].category, Some(SenderCategory::Candidate));
        assert_eq!(
            file.warnings,
            ["line 3 names the same sender as line 2; line 2 is used"]
        );
    }
}
