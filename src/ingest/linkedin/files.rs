//! The files of an export (docs/inputs.md), each parsed into plain rows.
//!
//! Only `Invitations.csv` rows can be rejected: they are the invitations. A row of
//! `Connections.csv` or `messages.csv` that cannot be read is evidence we do not have; it is
//! counted and reported as a note, never silently dropped.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::table::{Record, Table, TableError};
use crate::identity::profile_key as url_key;
use crate::ingest::canonical::PLAUSIBLE_YEARS;

/// A name key as the matchers here compare it: empty when the name has none.
fn name_key(name: &str) -> String {
    crate::identity::name_key(name).unwrap_or_default()
}
use crate::ingest::timestamp::{parse_timestamp, EXPECTED_FORMATS};

/// LinkedIn writes `Sent At` (and 2018's message and connection times) in US Pacific time,
/// wherever the member lives.
pub const LINKEDIN_ZONE: Tz = chrono_tz::America::Los_Angeles;

/// One row of `Invitations.csv`, either direction.
#[derive(Debug, Clone)]
pub struct InvitationRow {
    pub line: u64,
    pub from: String,
    pub to: String,
    pub sent_at: DateTime<Utc>,
    pub message: String,
    pub incoming: bool,
    /// Decoded, as written (may be empty: the column is new in 2023).
    pub inviter_url: String,
    pub invitee_url: String,
}

/// What `Invitations.csv` holds: good rows of both directions and the rows that are not.
#[derive(Debug, Default)]
pub struct InvitationsFile {
    pub rows: Vec<InvitationRow>,
    /// (line, reason, raw record) of every unreadable row.
    pub bad: Vec<(u64, String, String)>,
}

/// The columns of each export file that never span lines (`Table::parse`): a record over
/// several lines with line breaks and commas in one of them is rows a quote left open took.
/// Invitations.csv: names, the date, the direction and the profile URLs (not the message).
const INVITATIONS_SINGLE_LINE: &[&str] = &[
    "From",
    "To",
    "Sent At",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
];
/// Connections.csv: every column (names, a URL, an address, a company, a job title, a date).
const CONNECTIONS_SINGLE_LINE: &[&str] = &[
    "First Name",
    "Last Name",
    "URL",
    "Profile URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
];
/// messages.csv: the sender, the date and the flags; not the texts (content, subject, title)
/// nor the lists of recipients.
const MESSAGES_SINGLE_LINE: &[&str] = &[
    "From",
    "Sender Profile URL",
    "Date",
    "Direction",
    "Folder",
    "Is Message Draft",
    "Is Draft",
];

/// Reads `Invitations.csv`; errs when its header lacks a needed column.
pub fn read_invitations(bytes: &[u8]) -> Result<InvitationsFile, TableError> {
    let table = Table::parse(
        bytes,
        &["From", "Sent At", "Direction"],
        INVITATIONS_SINGLE_LINE,
    )?;
    let from = table.column(&["From"]);
    let to = table.column(&["To"]);
    let sent_at = table.column(&["Sent At"]);
    let message = table.column(&["Message"]);
    let direction = table.column(&["Direction"]);
    let inviter = table.column(&["inviterProfileUrl"]);
    let invitee = table.column(&["inviteeProfileUrl"]);
    let mut file = InvitationsFile {
        bad: table.stepped_over.clone(),
        ..InvitationsFile::default()
    };
    for record in &table.records {
        let parsed = check(&table, record).and_then(|()| {
            let incoming = match record.get(direction).to_ascii_uppercase().as_str() {
                "INCOMING" => true,
                "OUTGOING" => false,
                other => {
                    return Err(format!(
                        "Direction: '{other}' is neither INCOMING nor OUTGOING"
                    ))
                }
            };
            let text = record.get(sent_at);
            let sent_at = parse_timestamp(&text, LINKEDIN_ZONE).ok_or_else(|| {
                format!("Sent At: cannot read '{text}' as a date ({EXPECTED_FORMATS})")
            })?;
            // As in canonical files: a year like 1900 or 2100 would become the report's month.
            if !PLAUSIBLE_YEARS.contains(&sent_at.year()) {
                return Err(format!(
                    "Sent At: '{text}' is outside {}–{}; LinkedIn invitations exist only since 2003, so the file is damaged",
                    PLAUSIBLE_YEARS.start(),
                    PLAUSIBLE_YEARS.end()
                ));
            }
            let row = InvitationRow {
                line: record.line,
                from: clean_name(&record.get(from)),
                to: clean_name(&record.get(to)),
                sent_at,
                message: record.get(message),
                incoming,
                inviter_url: decode_url(&record.get(inviter)),
                invitee_url: decode_url(&record.get(invitee)),
            };
            let sender = if incoming { &row.from } else { &row.to };
            let sender_url = if incoming {
                &row.inviter_url
            } else {
                &row.invitee_url
            };
            if sender.is_empty() && sender_url.is_empty() {
                return Err("no sender identity: From and inviterProfileUrl are both empty".into());
            }
            Ok(row)
        });
        match parsed {
            Ok(row) => file.rows.push(row),
            Err(reason) => file.bad.push((record.line, reason, record.raw())),
        }
    }
    // The rows over the size limit came first: every bad row in file order.
    file.bad.sort_by_key(|(line, _, _)| *line);
    Ok(file)
}

fn check(table: &Table, record: &Record) -> Result<(), String> {
    if record.fields.len() != table.width() {
        return Err(format!(
            "wrong number of fields: the header has {}, this row has {}",
            table.width(),
            record.fields.len()
        ));
    }
    if let Some(i) = record.invalid_utf8() {
        return Err(format!(
            "invalid UTF-8 in column '{}'; the file is damaged",
            table.names[i]
        ));
    }
    Ok(())
}

/// One row of `Connections.csv` that names someone.
#[derive(Debug, Clone)]
pub struct Connection {
    pub name_key: String,
    /// Decoded and normalised; `None` before the URL column existed or when blank.
    pub url_key: Option<String>,
    /// The day of `Connected On` (a UTC date; 2018's Pacific times are converted first).
    pub day: NaiveDate,
    /// `Connected On` as an instant: midnight UTC of `day`, or 2018's exact time.
    pub at: DateTime<Utc>,
    /// Position and Company as exported (often empty): suggestions only, never evidence.
    pub position: String,
    pub company: String,
}

/// What `Connections.csv` holds.
#[derive(Debug, Default)]
pub struct ConnectionsFile {
    pub connections: Vec<Connection>,
    /// Data rows in the file.
    pub rows: u64,
    /// Rows naming nobody (LinkedIn exports some that are blank except the date).
    pub blank: u64,
    /// Rows whose date cannot be read.
    pub unreadable: u64,
    /// (line, reason) of each row that could not be read at all (`Table::stepped_over`).
    pub stepped_over: Vec<(u64, String)>,
}

pub fn read_connections(bytes: &[u8]) -> Result<ConnectionsFile, TableError> {
    let table = Table::parse(
        bytes,
        &["First Name", "Last Name", "Connected On"],
        CONNECTIONS_SINGLE_LINE,
    )?;
    let first = table.column(&["First Name"]);
    let last = table.column(&["Last Name"]);
    let url = table.column(&["URL", "Profile URL"]);
    let connected = table.column(&["Connected On"]);
    let position = table.column(&["Position"]);
    let company = table.column(&["Company"]);
    // Rows stepped over are counted as read, and said.
    let mut file = ConnectionsFile {
        rows: table.stepped_over.len() as u64,
        stepped_over: stepped_over(&table),
        ..ConnectionsFile::default()
    };
    for record in &table.records {
        file.rows += 1;
        let name = clean_name(&format!("{} {}", record.get(first), record.get(last)));
        let name_key = name_key(&name);
        let url_key = url_key(&record.get(url));
        if name_key.is_empty() && url_key.is_none() {
            file.blank += 1;
            continue;
        }
        let text = record.get(connected);
        // A bare date is a UTC day; a time of day (2018) is Pacific, like every 2018 time.
        let zone = if text.contains(':') {
            LINKEDIN_ZONE
        } else {
            Tz::UTC
        };
        let Some(at) = parse_timestamp(&text, zone) else {
            file.unreadable += 1;
            continue;
        };
        file.connections.push(Connection {
            name_key,
            url_key,
            day: at.date_naive(),
            at,
            position: clean_name(&record.get(position)),
            company: clean_name(&record.get(company)),
        });
    }
    Ok(file)
}

/// One message of `messages.csv`, reduced to what reply detection needs.
#[derive(Debug, Clone)]
pub struct Message {
    pub from_name_key: String,
    pub from_url_key: Option<String>,
    /// `Some(true)` when a 2018 `Direction` column says the owner sent it.
    pub outgoing: Option<bool>,
    /// The `TO` cell's name keys: the whole cell and each comma-separated part.
    pub to_name_keys: Vec<String>,
    pub to_url_keys: Vec<String>,
    pub at: DateTime<Utc>,
    /// Has content or an attachment.
    pub has_body: bool,
    pub draft: bool,
}

#[derive(Debug, Default)]
pub struct MessagesFile {
    pub messages: Vec<Message>,
    pub rows: u64,
    /// Messages whose date cannot be read.
    pub unreadable: u64,
    /// (line, reason) of each row that could not be read at all (`Table::stepped_over`).
    pub stepped_over: Vec<(u64, String)>,
}

/// (line, reason) of each row of `table` stepped over.
fn stepped_over(table: &Table) -> Vec<(u64, String)> {
    table
        .stepped_over
        .iter()
        .map(|(line, reason, _)| (*line, reason.clone()))
        .collect()
}

pub fn read_messages(bytes: &[u8]) -> Result<MessagesFile, TableError> {
    let table = Table::parse(bytes, &["From", "To", "Date"], MESSAGES_SINGLE_LINE)?;
    let from = table.column(&["From"]);
    let from_url = table.column(&["Sender Profile URL"]);
    let to = table.column(&["To"]);
    let to_urls = table.column(&["Recipient Profile URLs"]);
    let date = table.column(&["Date"]);
    let content = table.column(&["Content"]);
    let attachments = table.column(&["Attachments"]);
    let direction = table.column(&["Direction"]);
    let folder = table.column(&["Folder"]);
    let draft = table.column(&["Is Message Draft", "Is Draft"]);
    // Rows stepped over are counted as read, and said.
    let mut file = MessagesFile {
        rows: table.stepped_over.len() as u64,
        stepped_over: stepped_over(&table),
        ..MessagesFile::default()
    };
    for record in &table.records {
        file.rows += 1;
        let text = record.get(date);
        let Some(at) = parse_timestamp(&text, LINKEDIN_ZONE) else {
            file.unreadable += 1;
            continue;
        };
        let to_text = clean_name(&record.get(to));
        let mut to_name_keys = vec![name_key(&to_text)];
        to_name_keys.extend(to_text.split(',').map(name_key));
        to_name_keys.retain(|k| !k.is_empty());
        to_name_keys.sort();
        to_name_keys.dedup();
        let to_url_keys = record
            .get(to_urls)
            .split([',', ' ', '\n'])
            .filter_map(url_key)
            .collect();
        let is_draft = matches!(
            record.get(draft).to_ascii_lowercase().as_str(),
            "true" | "yes" | "1"
        ) || record.get(folder).to_ascii_uppercase().starts_with("DRAFT");
        file.messages.push(Message {
            from_name_key: name_key(&clean_name(&record.get(from))),
            from_url_key: url_key(&record.get(from_url)),
            outgoing: match record.get(direction).to_ascii_uppercase().as_str() {
                "OUTGOING" => Some(true),
                "INCOMING" => Some(false),
                _ => None,
            },
            to_name_keys,
            to_url_keys,
            at,
            has_body: !record.get(content).is_empty() || !record.get(attachments).is_empty(),
            draft: is_draft,
        });
    }
    Ok(file)
}

/// `Profile.csv`'s name: the owner when no INCOMING row names them. Else why it gives none,
/// for the report's Data section: the file's lines are not quoted, since they hold the name.
pub fn read_profile_name(bytes: &[u8]) -> Result<String, String> {
    let table = Table::parse(
        bytes,
        &["First Name", "Last Name"],
        &["First Name", "Last Name"],
    )
    .map_err(|e| match e {
        TableError::Header(_) => "no First Name and Last Name columns".to_string(),
        TableError::Unreadable { line, reason } => format!("line {line}: {reason}"),
    })?;
    let record = table.records.first().ok_or("it has no readable row")?;
    let name = clean_name(&format!(
        "{} {}",
        record.get(table.column(&["First Name"])),
        record.get(table.column(&["Last Name"]))
    ));
    if name.is_empty() {
        return Err(format!("line {}: the name is empty", record.line));
    }
    Ok(name)
}

/// A display name as people read it: trimmed, every run of (Unicode) white space one space.
pub fn clean_name(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Percent-decodes a profile URL (Connections.csv encodes what the other files do not).
pub fn decode_url(text: &str) -> String {
    percent_encoding::percent_decode_str(text.trim())
        .decode_utf8_lossy()
        .into_owned()
}
