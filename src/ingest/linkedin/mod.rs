//! LinkedIn's own data export (SPEC §4): a folder or `.zip` → received invitations with the
//! acceptance and replies its other files prove.
//!
//! Takes one export; gives its INCOMING invitations (OUTGOING ones are counted, not kept), the
//! unreadable rows as rejects, one manifest entry per file used, and notes saying where each
//! outcome came from. An outcome the export cannot tell (no `Connections.csv`, no
//! `messages.csv`) is marked unknown on every invitation, never guessed as "no". Never uses
//! Connections' Position or Company: they exist only for accepted senders (SPEC §4.4).

mod archive;
mod files;
mod outcomes;
mod table;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::Duration;
use sha2::{Digest, Sha256};

pub use archive::{folder_is_export, MAX_MEMBER_BYTES};
use archive::{Archive, Member};
use files::InvitationRow;
use outcomes::{Connections, Person, Replies};
use table::TableError;

use super::canonical::derived_id;
use super::dedup::sender_identity;
use super::{hex, IngestConfig, InputFile};
use crate::error::{Error, Result};
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
    pub notes: Vec<String>,
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
    let source: Arc<str> = Arc::from(invitations.display.as_str());
    let parsed =
        files::read_invitations(&invitations.bytes).map_err(|e| table_error(&invitations, e))?;
    let outgoing = parsed.rows.iter().filter(|r| !r.incoming).count() as u64;
    let owner = find_owner(&parsed.rows, &archive)?;

    for (line, reason, record) in parsed.bad {
        let reject = Reject {
            source: Arc::clone(&source),
            line,
            reason,
            record,
        };
        if config.strict {
            return Err(Error::BadData(format!(
                "{}:{}: {} (stopped by --strict; without it the row goes to rejects.csv)",
                reject.source, reject.line, reject.reason
            )));
        }
        export.rejects.push(reject);
    }
    let incoming: Vec<&InvitationRow> = parsed.rows.iter().filter(|r| r.incoming).collect();
    export.rows_read = incoming.len() as u64 + export.rejects.len() as u64;
    export.files.push(InputFile {
        path: invitations.display.clone(),
        sha256: sha256(&invitations.bytes),
        format: "linkedin-invitations",
        rows: export.rows_read,
        outgoing_skipped: Some(outgoing),
    });

    let known = KnownOutcomes {
        acceptance: connections.is_some(),
        reply: messages.is_some(),
    };
    let mut notes = Vec::new();
    let connection_index = match &connections {
        None => {
            notes.push(format!(
                "acceptance unknown: the export has no {CONNECTIONS}, so its invitations are left out of acceptance rates (shown empty, not 0)"
            ));
            None
        }
        Some(member) => {
            let file =
                files::read_connections(&member.bytes).map_err(|e| table_error(member, e))?;
            export.files.push(InputFile {
                path: member.display.clone(),
                sha256: sha256(&member.bytes),
                format: "linkedin-connections",
                rows: file.rows,
                outgoing_skipped: None,
            });
            let mut note = format!(
                "acceptance from {CONNECTIONS} ({} connections; matched by profile URL where both files have one, else by full name; connected no earlier than the day before the invitation)",
                file.connections.len()
            );
            if file.unreadable > 0 {
                note.push_str(&format!(
                    "; {} rows with an unreadable date were ignored",
                    file.unreadable
                ));
            }
            notes.push(note);
            Some(Connections::new(file.connections))
        }
    };
    let owner_person = Person {
        name_key: &owner.name_key,
        url_key: owner.url_key.as_deref(),
    };
    let replies = match &messages {
        None => {
            notes.push(format!(
                "replies unknown: the export has no {MESSAGES}, so its invitations are left out of reply rates (shown empty, not 0)"
            ));
            None
        }
        Some(member) => {
            let file = files::read_messages(&member.bytes).map_err(|e| table_error(member, e))?;
            export.files.push(InputFile {
                path: member.display.clone(),
                sha256: sha256(&member.bytes),
                format: "linkedin-messages",
                rows: file.rows,
                outgoing_skipped: None,
            });
            let mut note = format!(
                "replies from {MESSAGES} (the owner's first message to the sender, not a draft and not empty, within {} days of the invitation)",
                config.response_window_days
            );
            if file.unreadable > 0 {
                note.push_str(&format!(
                    "; {} messages with an unreadable date were ignored",
                    file.unreadable
                ));
            }
            notes.push(note);
            let window = Duration::days(i64::from(config.response_window_days));
            Some(Replies::new(&file.messages, owner_person, window))
        }
    };

    for row in incoming {
        let name_key = name_key(&row.from);
        let url_key = url_key(&row.inviter_url);
        let sender = Person {
            name_key: &name_key,
            url_key: url_key.as_deref(),
        };
        let accepted_at = connection_index
            .as_ref()
            .and_then(|c| c.accepted_at(sender, row.sent_at));
        let responded_at = replies
            .as_ref()
            .and_then(|r| r.first_reply(sender, row.sent_at));
        let recipient = if owner.name.is_empty() {
            row.to.clone()
        } else {
            owner.name.clone()
        };
        export.invitations.push(Invitation {
            invite_id: derived_id(
                &sender_identity(&row.from, &row.inviter_url),
                &recipient,
                row.sent_at,
            ),
            source: Arc::clone(&source),
            line: row.line,
            received_at: row.sent_at,
            recipient,
            sender_name: row.from.clone(),
            sender_profile_url: row.inviter_url.clone(),
            // Invitations.csv has no headline; Connections' Position would leak the outcome.
            sender_headline: String::new(),
            sender_company: String::new(),
            message: row.message.clone(),
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
            known,
        });
    }
    export.notes = notes
        .into_iter()
        .map(|n| format!("`{}`: {n}.", path.display()))
        .collect();
    Ok(export)
}

/// The archive owner (SPEC §4.3): the `To` of INCOMING invitations and their
/// `inviteeProfileUrl`, else Profile.csv, else the `From` of OUTGOING ones.
struct Owner {
    name: String,
    name_key: String,
    url_key: Option<String>,
}

fn find_owner(rows: &[InvitationRow], archive: &Archive) -> Result<Owner> {
    let incoming = || rows.iter().filter(|r| r.incoming);
    let outgoing = || rows.iter().filter(|r| !r.incoming);
    let mut name = most_common(incoming().map(|r| r.to.as_str()));
    if name.is_none() {
        name = archive
            .read(PROFILE)?
            .and_then(|m| files::read_profile_name(&m.bytes));
    }
    if name.is_none() {
        name = most_common(outgoing().map(|r| r.from.as_str()));
    }
    let url = most_common(incoming().map(|r| r.invitee_url.as_str()))
        .or_else(|| most_common(outgoing().map(|r| r.inviter_url.as_str())));
    let name = name.unwrap_or_default();
    Ok(Owner {
        name_key: name_key(&name),
        url_key: url.as_deref().and_then(url_key),
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

/// A full name as the matchers compare it: letters and digits only, lower-cased, one space
/// between words ("CLEPRIRA  ZHAZUARD", "Cleprira Zhazuard 🚀" and "cleprira zhazuard" agree).
pub(crate) fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(|c| {
            let keep = if c.is_alphanumeric() { c } else { ' ' };
            keep.to_lowercase()
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A profile URL as the matchers compare it: percent-decoded, lower-cased, from `linkedin.com`
/// on (scheme and `www.` vary), without query or trailing `/`. `None` when empty.
pub(crate) fn url_key(url: &str) -> Option<String> {
    let decoded = files::decode_url(url).to_lowercase();
    let mut key = decoded.as_str();
    if let Some(i) = key.find("linkedin.com") {
        key = &key[i..];
    }
    let key = key.split(['?', '#']).next().unwrap_or_default();
    let key = key.trim().trim_end_matches('/');
    (!key.is_empty()).then(|| key.to_string())
}

/// Runs each file parser of an export (Invitations, Connections, messages, Profile) on the same
/// bytes and returns how many rows each read. For fuzzing the parsers without a folder or zip;
/// a header that does not fit counts as 0 rows.
pub fn parse_export_files(bytes: &[u8]) -> [u64; 4] {
    let invitations =
        files::read_invitations(bytes).map_or(0, |f| (f.rows.len() + f.bad.len()) as u64);
    let connections = files::read_connections(bytes).map_or(0, |f| f.rows);
    let messages = files::read_messages(bytes).map_or(0, |f| f.rows);
    let profile = u64::from(files::read_profile_name(bytes).is_some());
    [invitations, connections, messages, profile]
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_spacing_or_emoji() {
        assert_eq!(name_key("  CLEPRIRA  ZHAZUARD "), "cleprira zhazuard");
        assert_eq!(name_key("Ann Lee 🚀"), "ann lee");
        assert_eq!(name_key("Tom \"TJ\" O'Neil"), "tom tj o neil");
        assert_eq!(name_key("🚀"), "");
    }

    #[test]
    fn urls_compare_decoded() {
        assert_eq!(
            url_key("https://www.linkedin.com/in/j%C3%BCrgen-%F0%9F%9A%80/"),
            url_key("http://linkedin.com/in/Jürgen-🚀")
        );
        assert_eq!(url_key("  "), None);
    }
}
