//! LinkedIn's own data export (docs/inputs.md): a folder or `.zip` → received invitations with the
//! acceptance and replies its other files prove.
//!
//! Takes one export; gives its INCOMING invitations (OUTGOING ones are counted, not kept), the
//! unreadable rows as rejects, one manifest entry per file used, and notes saying where each
//! outcome came from. An outcome the export cannot tell (no `Connections.csv`, no
//! `messages.csv`) is marked unknown on every invitation, never guessed as "no". Never uses
//! Connections' Position or Company: they exist only for accepted senders.

mod archive;
mod files;
mod outcomes;
mod table;

use arcstr::ArcStr;
use std::collections::HashMap;
use std::path::Path;

use chrono::Duration;
use sha2::{Digest, Sha256};

pub use archive::{folder_is_export, MAX_MEMBER_BYTES};
use archive::{Archive, Member};
use files::InvitationRow;
use outcomes::{Connections, Person, Replies};
use table::TableError;

use super::canonical::derived_id;
use super::{ConnectionTitle, IngestConfig, InputFile, SourceNote};
use crate::error::{Error, Result};
use crate::identity::{self, SenderKey};
use crate::model::{Invitation, KnownOutcomes, Reject, Status};

pub(crate) const INVITATIONS: &str = "Invitations.csv";
const CONNECTIONS: &str = "Connections.csv";
const MESSAGES: &str = "messages.csv";
const PROFILE: &str = "Profile.csv";

/// What one export gives.
#[derive(Debug, Default)]
pub struct Export {
    pub invitations: Vec<Invitation>,
    pub rejects: Vec<Reject>,
    /// INCOMING rows read (the export's share of `rows_read`).
    pub rows_read: u64,
    pub files: Vec<InputFile>,
    /// For the report: where acceptance and replies came from, and what was missing.
    pub notes: Vec<SourceNote>,
    /// Connections' Position and Company: suggestions for the sender register, never evidence.
    pub connection_titles: Vec<ConnectionTitle>,
}

/// Whether `path` is a LinkedIn export: a `.zip`, or a folder holding `Invitations.csv`.
pub fn is_export(path: &Path) -> bool {
    if path.is_dir() {
        folder_is_export(path)
    } else {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    }
}

/// Reads one export folder or zip.
pub fn read_export(path: &Path, config: &IngestConfig) -> Result<Export> {
    let archive = Archive::open(path)?;
    let Some(invitations) = archive.read(INVITATIONS)? else {
        return Err(Error::InputUnsupported {
            path: path.to_path_buf(),
            message: "holds no Invitations.csv, so it is not a LinkedIn data export with invitations; request the export again with 'Invitations' (or everything) ticked".into(),
        });
    };
    let connections = archive.read(CONNECTIONS)?;
    let messages = archive.read(MESSAGES)?;

    let mut export = Export::default();
    let source: ArcStr = ArcStr::from(invitations.display.as_str());
    let parsed =
        files::read_invitations(&invitations.bytes).map_err(|e| table_error(&invitations, e))?;
    let outgoing = parsed.rows.iter().filter(|r| !r.incoming).count() as u64;
    let mut notes = Vec::new();
    let owner = find_owner(&parsed.rows, &archive, &mut notes)?;

    export.rejects = rejects(parsed.bad, &source, config.strict)?;
    let incoming: Vec<&InvitationRow> = parsed.rows.iter().filter(|r| r.incoming).collect();
    export.rows_read = incoming.len() as u64 + export.rejects.len() as u64;
    export.files.push(InputFile {
        outgoing_skipped: Some(outgoing),
        ..manifest_entry(&invitations, "linkedin-invitations", export.rows_read)
    });

    let known = KnownOutcomes {
        acceptance: connections.is_some(),
        reply: messages.is_some(),
    };
    let acceptance = outcome_source(
        connections.as_ref(),
        ("acceptance", "acceptance", CONNECTIONS),
        &mut export,
        &mut notes,
        read_acceptance,
    )?;
    let connection_index = acceptance.map(|(index, titles)| {
        export.connection_titles = titles;
        index
    });
    let owner_person = Person {
        name_key: &owner.name_key,
        url_key: owner.url_key.as_deref(),
    };
    let replies = outcome_source(
        messages.as_ref(),
        ("replies", "reply", MESSAGES),
        &mut export,
        &mut notes,
        |member| read_replies(member, owner_person, config.response_window_days),
    )?;

    let evidence = Evidence {
        connections: connection_index.as_ref(),
        replies: replies.as_ref(),
        known,
    };
    export.invitations = incoming
        .into_iter()
        .map(|row| invitation(row, &owner, &evidence, &source))
        .collect();
    export.notes = notes
        .into_iter()
        .map(|text| SourceNote {
            input: path.display().to_string(),
            text: format!("{text}."),
        })
        .collect();
    Ok(export)
}

/// What the export's other files say about outcomes.
struct Evidence<'a> {
    connections: Option<&'a Connections>,
    replies: Option<&'a Replies>,
    known: KnownOutcomes,
}

/// One INCOMING row as an invitation, with the outcomes the other files prove.
fn invitation(
    row: &InvitationRow,
    owner: &Owner,
    evidence: &Evidence<'_>,
    source: &ArcStr,
) -> Invitation {
    let name_key = identity::name_key(&row.from).unwrap_or_default();
    let url_key = identity::profile_key(&row.inviter_url);
    let sender = Person {
        name_key: &name_key,
        url_key: url_key.as_deref(),
    };
    let accepted_at = evidence
        .connections
        .and_then(|c| c.accepted_at(sender, row.sent_at));
    let responded_at = evidence
        .replies
        .and_then(|r| r.first_reply(sender, row.sent_at));
    let recipient = if owner.name.is_empty() {
        row.to.clone()
    } else {
        owner.name.clone()
    };
    Invitation {
        invite_id: derived_id(
            &SenderKey::new(&row.from, &row.inviter_url).id_text(),
            &recipient,
            row.sent_at,
        )
        .into(),
        source: ArcStr::clone(source),
        line: row.line,
        received_at: row.sent_at,
        recipient: recipient.into(),
        sender_name: row.from.as_str().into(),
        sender_profile_url: row.inviter_url.as_str().into(),
        // Invitations.csv has no headline; Connections' Position would leak the outcome.
        sender_headline: "".into(),
        sender_company: "".into(),
        message: row.message.as_str().into(),
        // No status column: accepted when Connections.csv proves it, else pending (and the
        // decided rule turns old pending into "not accepted"; pending and ignored look alike).
        status: if accepted_at.is_some() {
            Status::Accepted
        } else {
            Status::Pending
        },
        accepted_at,
        responded: responded_at.is_some(),
        responded_at,
        explicit_category: None,
        known: evidence.known,
    }
}

/// Invitations.csv's unreadable rows as rejects; under `--strict`, the first one stops the run.
fn rejects(bad: Vec<(u64, String, String)>, source: &ArcStr, strict: bool) -> Result<Vec<Reject>> {
    let mut out = Vec::with_capacity(bad.len());
    for (line, reason, record) in bad {
        let reject = Reject {
            source: ArcStr::clone(source),
            line,
            reason,
            record,
        };
        if strict {
            return Err(Error::BadData(format!(
                "{}:{}: {} (stopped by --strict; without it the row goes to rejects.csv)",
                reject.source, reject.line, reject.reason
            )));
        }
        out.push(reject);
    }
    Ok(out)
}

/// One export file read for an outcome (acceptance, replies): what the outcome is judged by,
/// the rows it had, and a note saying how it was used.
struct OutcomeFile<T> {
    index: T,
    rows: u64,
    format: &'static str,
    note: String,
}

/// The optional file that proves one outcome. Present, it is read, listed in the manifest and
/// described in a note; missing, a note says the outcome is unknown (never "no").
/// `(outcome, rate, file)` name it in that note.
fn outcome_source<T>(
    member: Option<&Member>,
    (outcome, rate, file): (&str, &str, &str),
    export: &mut Export,
    notes: &mut Vec<String>,
    read: impl FnOnce(&Member) -> Result<OutcomeFile<T>>,
) -> Result<Option<T>> {
    let Some(member) = member else {
        notes.push(format!(
            "{outcome} unknown: the export has no {file}, so its invitations are left out of {rate} rates (shown empty, not 0)"
        ));
        return Ok(None);
    };
    let read = read(member)?;
    export
        .files
        .push(manifest_entry(member, read.format, read.rows));
    notes.push(read.note);
    Ok(Some(read.index))
}

/// Connections.csv: who connected when, and the titles it suggests for the sender register.
fn read_acceptance(member: &Member) -> Result<OutcomeFile<(Connections, Vec<ConnectionTitle>)>> {
    let file = files::read_connections(&member.bytes).map_err(|e| table_error(member, e))?;
    let note = format!(
        "acceptance from {CONNECTIONS} ({}; matched by profile URL where both files have one, else by full name; connected no earlier than the day before the invitation){}",
        counted(file.connections.len() as u64, "connection", "connections"),
        unreadable(file.unreadable, ("row", "rows"), &file.stepped_over)
    );
    let titles = file
        .connections
        .iter()
        .filter(|c| !c.position.is_empty() || !c.company.is_empty())
        .map(|c| ConnectionTitle {
            key: SenderKey {
                profile: c.url_key.clone(),
                name: (!c.name_key.is_empty()).then(|| c.name_key.clone()),
            },
            position: c.position.clone(),
            company: c.company.clone(),
        })
        .collect();
    Ok(OutcomeFile {
        rows: file.rows,
        format: "linkedin-connections",
        note,
        index: (Connections::new(file.connections), titles),
    })
}

/// messages.csv: the owner's first reply to each sender within `window_days` of an invitation.
fn read_replies(
    member: &Member,
    owner: Person<'_>,
    window_days: u32,
) -> Result<OutcomeFile<Replies>> {
    let file = files::read_messages(&member.bytes).map_err(|e| table_error(member, e))?;
    let note = format!(
        "replies from {MESSAGES} (the owner's first message to the sender, not a draft and not empty, within {window_days} days of the invitation){}",
        unreadable(file.unreadable, ("message", "messages"), &file.stepped_over)
    );
    let window = Duration::days(i64::from(window_days));
    Ok(OutcomeFile {
        index: Replies::new(&file.messages, owner, window),
        rows: file.rows,
        format: "linkedin-messages",
        note,
    })
}

/// The end of a note about a file: how many of its `what` (one, many) were ignored for an
/// unreadable date, and the rows that could not be read at all (`stepped_over`: line, reason),
/// the first named.
fn unreadable(count: u64, what: (&str, &str), stepped_over: &[(u64, String)]) -> String {
    let mut end = String::new();
    if count > 0 {
        let verb = if count == 1 { "was" } else { "were" };
        end.push_str(&format!(
            "; {} with an unreadable date {verb} ignored",
            counted(count, what.0, what.1)
        ));
    }
    match stepped_over {
        [] => {}
        [(line, reason)] => end.push_str(&format!(
            "; 1 row could not be read and was left out, on line {line}: {reason}"
        )),
        [(line, reason), ..] => end.push_str(&format!(
            "; {} rows could not be read and were left out, the first on line {line}: {reason}",
            stepped_over.len()
        )),
    }
    end
}

/// `n` and the noun, singular for one: "1 connection", "2 connections".
fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A file of the export as the manifest lists it.
fn manifest_entry(member: &Member, format: &'static str, rows: u64) -> InputFile {
    InputFile {
        path: member.display.clone(),
        sha256: sha256(&member.bytes),
        format,
        rows,
        outgoing_skipped: None,
    }
}

/// The archive owner (docs/inputs.md): the `To` of INCOMING invitations and their
/// `inviteeProfileUrl`, else Profile.csv, else the `From` of OUTGOING ones.
struct Owner {
    name: String,
    name_key: String,
    url_key: Option<String>,
}

/// A Profile.csv that was needed and gave no name is said in `notes`.
fn find_owner(rows: &[InvitationRow], archive: &Archive, notes: &mut Vec<String>) -> Result<Owner> {
    let incoming = || rows.iter().filter(|r| r.incoming);
    let outgoing = || rows.iter().filter(|r| !r.incoming);
    let mut name = most_common(incoming().map(|r| r.to.as_str()));
    let mut unread = None;
    if name.is_none() {
        if let Some(profile) = archive.read(PROFILE)? {
            match files::read_profile_name(&profile.bytes) {
                Ok(found) => name = Some(found),
                Err(why) => unread = Some(why),
            }
        }
    }
    if name.is_none() {
        name = most_common(outgoing().map(|r| r.from.as_str()));
    }
    if let Some(why) = unread {
        let instead = if name.is_some() {
            "taken from the invitations they sent"
        } else {
            "unknown, so their messages are recognised by profile URL or direction only"
        };
        notes.push(format!(
            "the owner's name is {instead}: no incoming invitation names them, and {PROFILE} gives none ({why})"
        ));
    }
    let url = most_common(incoming().map(|r| r.invitee_url.as_str()))
        .or_else(|| most_common(outgoing().map(|r| r.inviter_url.as_str())));
    let name = name.unwrap_or_default();
    Ok(Owner {
        name_key: identity::name_key(&name).unwrap_or_default(),
        url_key: url.as_deref().and_then(identity::profile_key),
        name,
    })
}

/// The most frequent non-empty value; ties go to the first seen, so the choice is stable.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, v) in values.filter(|v| !v.is_empty()).enumerate() {
        counts.entry(v).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(v, _)| v.to_string())
}

/// Runs each file parser of an export (Invitations, Connections, messages, Profile) on the same
/// bytes and returns how many rows each read. For fuzzing the parsers without a folder or zip;
/// a header that does not fit counts as 0 rows.
pub fn parse_export_files(bytes: &[u8]) -> [u64; 4] {
    let invitations =
        files::read_invitations(bytes).map_or(0, |f| (f.rows.len() + f.bad.len()) as u64);
    let connections = files::read_connections(bytes).map_or(0, |f| f.rows);
    let messages = files::read_messages(bytes).map_or(0, |f| f.rows);
    let profile = u64::from(files::read_profile_name(bytes).is_ok());
    [invitations, connections, messages, profile]
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Why an export file cannot be read, naming the member and the line.
fn table_error(member: &Member, error: TableError) -> Error {
    match error {
        TableError::Header(message) => header_error(member, &message),
        TableError::Unreadable { line, reason } => {
            Error::BadData(format!("{}:{line}: {reason}", member.display))
        }
    }
}

fn header_error(member: &Member, message: &str) -> Error {
    Error::BadData(format!(
        "{}:1: {message}; is this file from a LinkedIn data export?",
        member.display
    ))
}
