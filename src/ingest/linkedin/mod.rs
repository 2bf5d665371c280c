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
            export.connection_titles = file
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
        let name_key = identity::name_key(&row.from).unwrap_or_default();
        let url_key = identity::profile_key(&row.inviter_url);
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
                &SenderKey::new(&row.from, &row.inviter_url).id_text(),
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
        .map(|text| SourceNote {
            input: path.display().to_string(),
            text: format!("{text}."),
        })
        .collect();
    Ok(export)
}

/// The archive owner: the `To` of INCOMING invitations and their
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
    let profile = u64::from(files::read_profile_name(bytes).is_some());
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
