//! A synthetic LinkedIn data export (docs/inputs.md) built from the canonical generator's data.
//!
//! Takes the same [`GenerateOptions`]; writes `Invitations.csv`, `Connections.csv`,
//! `messages.csv` and `Profile.csv` as a 2026 export has them (7-column invitations with Pacific
//! `Sent At`, the `Notes:` preamble and percent-encoded URLs in connections, every field quoted
//! and real line breaks in messages), into a folder or, for a path ending in `.zip`, a zip.
//!
//! The archive is one person's: the invitations the canonical data set gives its first team
//! member, Hannah Okafor. Like a real export, it drops withdrawn invitations and accepted ones
//! older than about seven months (their connections stay), and adds the owner's own OUTGOING
//! invitations. Deterministic: the same options give the same bytes (zip timestamps are fixed).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};

use super::population::TEAM;
use super::{generate_rows, GenerateOptions, Row};

const OWNER: &str = "Hannah Okafor";
const OWNER_URL: &str = "https://www.linkedin.com/in/hannah-okafor-7b2e91c4";
/// Accepted invitations older than this (before the export) are gone from Invitations.csv.
const ACCEPTED_KEPT_DAYS: i64 = 213;

/// What the written archive should give back when read with the default options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArchiveCounts {
    pub incoming: u64,
    pub outgoing: u64,
    pub with_note: u64,
    pub accepted: u64,
    /// Owner replies within the default response window of the invitation.
    pub replied: u64,
}

/// One received invitation, from a canonical row.
struct Received {
    sender: String,
    url: String,
    headline: String,
    company: String,
    note: String,
    sent: DateTime<Utc>,
    accepted: Option<DateTime<Utc>>,
    responded: Option<DateTime<Utc>>,
    withdrawn: bool,
}

/// Writes the archive to `path` (a folder, or a zip when it ends in `.zip`).
pub fn write_linkedin(options: &GenerateOptions, path: &Path) -> io::Result<ArchiveCounts> {
    let (files, counts) = build(options)?;
    let is_zip = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        let file = std::fs::File::create(path)?;
        let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
        let member = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, bytes) in &files {
            zip.start_file(*name, member).map_err(io::Error::other)?;
            zip.write_all(bytes)?;
        }
        zip.finish().map_err(io::Error::other)?.flush()?;
    } else {
        std::fs::create_dir_all(path)?;
        for (name, bytes) in &files {
            std::fs::write(path.join(name), bytes)?;
        }
    }
    Ok(counts)
}

type Files = Vec<(&'static str, Vec<u8>)>;

/// Rows of one export table, each with the time it is sorted by.
type Table<const N: usize> = Vec<(DateTime<Utc>, [String; N])>;

/// The export's tables, before they are written.
#[derive(Default)]
struct Tables {
    invitations: Table<7>,
    connections: Table<7>,
    messages: Table<11>,
}

/// The archive's files in memory, and what reading them should give.
pub fn build(options: &GenerateOptions) -> io::Result<(Files, ArchiveCounts)> {
    let received = owner_invitations(options)?;
    let export_at = export_time(&received);
    let mut tables = Tables::default();
    let mut listed = Vec::new();
    let mut outgoing = 0;
    for (i, r) in received.iter().enumerate() {
        add_outcomes(&mut tables, i, r);
        if !is_listed(r, export_at) {
            continue;
        }
        listed.push(r);
        tables.invitations.push((r.sent, incoming_row(r)));
        // The owner invites someone too, now and then.
        if i % 5 == 0 {
            outgoing += 1;
            add_outgoing(&mut tables, i, r, &received[(i + 1) % received.len()]);
        }
    }
    let counts = ArchiveCounts {
        outgoing,
        ..expected_counts(&received, &listed)
    };
    Ok((render(tables)?, counts))
}

/// When the export was made: a few hours after the last thing it records.
fn export_time(received: &[Received]) -> DateTime<Utc> {
    received
        .iter()
        .flat_map(|r| [Some(r.sent), r.accepted, r.responded])
        .flatten()
        .max()
        .unwrap_or_default()
        + Duration::hours(6)
}

/// Whether Invitations.csv still lists the invitation: not withdrawn, and not accepted long ago.
fn is_listed(r: &Received, export_at: DateTime<Utc>) -> bool {
    !r.withdrawn
        && r.accepted
            .is_none_or(|_| export_at - r.sent <= Duration::days(ACCEPTED_KEPT_DAYS))
}

/// What an invitation left in the other files: a connection when accepted (with its note as
/// the conversation's first message), and the owner's reply.
fn add_outcomes(tables: &mut Tables, i: usize, r: &Received) {
    if let Some(at) = r.accepted.filter(|_| !r.withdrawn) {
        let (first, last) = r.sender.split_once(' ').unwrap_or((&r.sender, ""));
        tables.connections.push((
            at,
            connection_row(first, last, &r.url, &r.company, &r.headline, at),
        ));
        if !r.note.is_empty() {
            // An accepted note becomes the first message of the conversation, the sender's.
            tables.messages.push((
                at,
                message(i, r, &r.sender, &r.url, OWNER, OWNER_URL, at, &r.note),
            ));
        }
    }
    if let Some(at) = r.responded.filter(|_| !r.withdrawn) {
        let first = r.sender.split(' ').next().unwrap_or_default();
        let text = format!(
            "Hi {first},\nThanks for getting in touch — happy to connect.\nBest wishes,\nHannah"
        );
        tables.messages.push((
            at,
            message(i, r, OWNER, OWNER_URL, &r.sender, &r.url, at, &text),
        ));
    }
}

/// Invitations.csv's row for a received invitation.
fn incoming_row(r: &Received) -> [String; 7] {
    [
        r.sender.clone(),
        OWNER.into(),
        pacific(r.sent),
        // LinkedIn flattens a note's line breaks into spaces.
        r.note.replace(['\r', '\n'], " "),
        "INCOMING".into(),
        r.url.clone(),
        OWNER_URL.into(),
    ]
}

/// An invitation the owner sent, to someone named after `r`'s sender and `next`'s; every other
/// one is accepted.
fn add_outgoing(tables: &mut Tables, i: usize, r: &Received, next: &Received) {
    let first = r.sender.split(' ').next().unwrap_or_default();
    let last = next.sender.rsplit(' ').next().unwrap_or_default();
    let name = format!("{first} {last}");
    let url = format!(
        "https://www.linkedin.com/in/{}-{:08x}",
        name.to_lowercase().replace(' ', "-"),
        i * 2_654_435_761 % 0xffff_ffff
    );
    let sent = r.sent - Duration::minutes(97);
    tables.invitations.push((
        sent,
        [
            OWNER.into(),
            name.clone(),
            pacific(sent),
            String::new(),
            "OUTGOING".into(),
            OWNER_URL.into(),
            url.clone(),
        ],
    ));
    if i.is_multiple_of(10) {
        let at = sent + Duration::hours(20);
        tables
            .connections
            .push((at, connection_row(first, last, &url, "", "", at)));
    }
}

/// Connections.csv's row for someone the owner connected with at `at`.
fn connection_row(
    first: &str,
    last: &str,
    url: &str,
    company: &str,
    position: &str,
    at: DateTime<Utc>,
) -> [String; 7] {
    [
        first.into(),
        last.into(),
        encode_url(url),
        String::new(),
        company.into(),
        position.into(),
        at.format("%d %b %Y").to_string(),
    ]
}

/// What a reader of the export should find for the `listed` invitations, with the default
/// response window. A sender who invited twice counts as accepted both times once connected,
/// so this looks at connections, not at each row's own status.
fn expected_counts(received: &[Received], listed: &[&Received]) -> ArchiveCounts {
    let window = Duration::days(i64::from(crate::ingest::DEFAULT_RESPONSE_WINDOW_DAYS));
    let mut connected: HashMap<&str, Vec<DateTime<Utc>>> = HashMap::new();
    let mut replies: HashMap<&str, Vec<DateTime<Utc>>> = HashMap::new();
    for r in received {
        if let Some(at) = r.accepted.filter(|_| !r.withdrawn) {
            connected.entry(&r.url).or_default().push(at);
        }
        if let Some(at) = r.responded.filter(|_| !r.withdrawn) {
            replies.entry(&r.url).or_default().push(at);
        }
    }
    let mut counts = ArchiveCounts::default();
    for r in listed {
        counts.incoming += 1;
        counts.with_note += u64::from(!r.note.is_empty());
        let earliest = r.sent.date_naive() - Duration::days(1);
        counts.accepted += u64::from(
            connected
                .get(r.url.as_str())
                .is_some_and(|t| t.iter().any(|at| at.date_naive() >= earliest)),
        );
        counts.replied += u64::from(
            replies
                .get(r.url.as_str())
                .is_some_and(|t| t.iter().any(|&at| at >= r.sent && at - r.sent <= window)),
        );
    }
    counts
}

/// The export's files, each table newest first as LinkedIn writes them.
fn render(mut tables: Tables) -> io::Result<Files> {
    tables.invitations.sort_by_key(|r| std::cmp::Reverse(r.0));
    tables.connections.sort_by_key(|r| std::cmp::Reverse(r.0));
    tables.messages.sort_by_key(|r| std::cmp::Reverse(r.0));
    Ok(vec![
        ("Invitations.csv", render_invitations(&tables.invitations)?),
        ("Connections.csv", render_connections(&tables.connections)?),
        ("messages.csv", render_messages(&tables.messages)?),
        ("Profile.csv", render_profile()?),
    ])
}

fn render_invitations(rows: &Table<7>) -> io::Result<Vec<u8>> {
    let mut out = csv_writer(false);
    out.write_record([
        "From",
        "To",
        "Sent At",
        "Message",
        "Direction",
        "inviterProfileUrl",
        "inviteeProfileUrl",
    ])?;
    for (_, row) in rows {
        out.write_record(row)?;
    }
    finish(out)
}

fn render_connections(rows: &Table<7>) -> io::Result<Vec<u8>> {
    let mut bytes = b"Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address.\"\n\n".to_vec();
    let mut out = csv_writer(false);
    out.write_record([
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ])?;
    for (n, (at, row)) in rows.iter().enumerate() {
        out.write_record(row)?;
        // Real exports hold rows blank except the date (members who left LinkedIn).
        if n % 40 == 39 {
            let date = at.format("%d %b %Y").to_string();
            out.write_record(["", "", "", "", "", "", &date])?;
        }
    }
    bytes.extend(finish(out)?);
    Ok(bytes)
}

fn render_messages(rows: &Table<11>) -> io::Result<Vec<u8>> {
    let mut out = csv_writer(true);
    out.write_record([
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "ATTACHMENTS",
    ])?;
    for (_, row) in rows {
        out.write_record(row)?;
    }
    finish(out)
}

fn render_profile() -> io::Result<Vec<u8>> {
    let mut out = csv_writer(false);
    out.write_record(["First Name", "Last Name", "Headline", "Industry"])?;
    out.write_record([
        "Hannah",
        "Okafor",
        "Senior Technology Recruiter at Harbourline Talent",
        "Staffing and Recruiting",
    ])?;
    finish(out)
}

#[allow(clippy::too_many_arguments)]
fn message(
    conversation: usize,
    r: &Received,
    from: &str,
    from_url: &str,
    to: &str,
    to_url: &str,
    at: DateTime<Utc>,
    text: &str,
) -> [String; 11] {
    [
        format!(
            "2-{:016x}",
            (conversation as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ),
        String::new(),
        from.into(),
        from_url.into(),
        to.into(),
        to_url.into(),
        at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        String::new(),
        text.into(),
        if r.note.is_empty() {
            "INBOX"
        } else {
            "ARCHIVE"
        }
        .into(),
        String::new(),
    ]
}

fn csv_writer(quote_all: bool) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .quote_style(if quote_all {
            csv::QuoteStyle::Always
        } else {
            csv::QuoteStyle::Necessary
        })
        .from_writer(Vec::new())
}

fn finish(out: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    out.into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

/// `Sent At` as LinkedIn writes it: US Pacific wall time, `11/21/23, 3:32 PM`.
fn pacific(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::America::Los_Angeles)
        .format("%-m/%-d/%y, %-I:%M %p")
        .to_string()
}

/// Connections.csv percent-encodes profile URLs beyond ASCII letters, digits and `-`.
fn encode_url(url: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'/')
        .remove(b':')
        .remove(b'.')
        .remove(b'_');
    percent_encoding::utf8_percent_encode(url, KEEP).to_string()
}

/// Fills in `register` (written by `invitescope senders` from this archive) the way a user would
/// after looking senders up: for most senders, whatever their outcome, a category judged from
/// their headline, or the headline and company copied in; some rows stay blank, not yet done.
/// Which rows is decided by a hash of the profile URL, so it is independent of the outcomes and
/// the same every time.
pub fn fill_demo_register(
    options: &GenerateOptions,
    register: &mut crate::register::Register,
    rules: &crate::tag::Rules,
) -> io::Result<()> {
    let profiles: HashMap<String, (String, String)> = owner_invitations(options)?
        .into_iter()
        .map(|r| (r.url, (r.headline, r.company)))
        .collect();
    for row in &mut register.rows {
        let Some((headline, company)) = profiles.get(row.profile_url()) else {
            continue;
        };
        match xxhash_rust::xxh3::xxh3_64(row.profile_url().as_bytes()) % 100 {
            // Not looked up yet.
            0..15 => {}
            15..60 => {
                let judged =
                    crate::tag::category::from_profile(headline, company, "headline", rules);
                row.fill_blanks(judged.map(|(category, _)| category), "", "");
            }
            _ => row.fill_blanks(None, headline, company),
        }
    }
    crate::register::sort(&mut register.rows);
    Ok(())
}

/// The owner's invitations of the generated data set, as the export shows them.
fn owner_invitations(options: &GenerateOptions) -> io::Result<Vec<Received>> {
    let mut out = Vec::new();
    generate_rows(options, |_, row| {
        if TEAM[row.recipient].name == OWNER {
            out.extend(Received::from_row(row));
        }
        Ok(())
    })?;
    Ok(out)
}

impl Received {
    /// The invitation as the export shows it; `None` for a time chrono cannot hold.
    fn from_row(row: Row) -> Option<Received> {
        let time = |secs: i64| DateTime::from_timestamp(secs, 0);
        let received = time(row.received)?;
        // Sent At has minutes only.
        let sent_at = received - Duration::seconds(i64::from(row.received as u32 % 60));
        Some(Received {
            sender: row.sender.display_name,
            url: row.sender.profile_url,
            headline: row.sender.headline,
            company: row.sender.company.into(),
            note: row.message,
            sent: sent_at,
            accepted: (row.status == "accepted")
                .then(|| row.accepted.and_then(time))
                .flatten()
                .map(|a| a.max(sent_at)),
            responded: row.responded.and_then(time),
            withdrawn: row.status == "withdrawn",
        })
    }
}
