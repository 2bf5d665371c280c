//! `--senders FILE`: who a sender is, from the user's file (docs/senders.md) — a sender register
//! written by `invitescope senders`, or an older free-form CSV keyed by profile URL or name.
//!
//! Takes a parsed senders file; gives a lookup by invitation that follows `identity`'s rule (the
//! profile key when both sides have one, else the name key). Never looks at outcomes.

use crate::identity::{IdentityIndex, SenderKey};
use crate::model::{Invitation, SenderCategory};
use crate::register::SendersFile;

/// What the senders file says about one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderInfo {
    pub headline: String,
    pub company: String,
    pub category: Option<SenderCategory>,
    /// 1-based line of the row, for reasons.
    pub line: u64,
}

/// The senders file, indexed by sender.
#[derive(Debug, Clone, Default)]
pub struct Senders {
    index: IdentityIndex<SenderInfo>,
}

impl Senders {
    /// Parses a register or a free-form senders file; errors name every bad line.
    pub fn parse(bytes: &[u8]) -> Result<Senders, String> {
        crate::register::parse_senders(bytes).map(|file| Senders::from_file(&file))
    }

    pub fn from_file(file: &SendersFile) -> Senders {
        let mut index = IdentityIndex::default();
        for row in &file.rows {
            // Duplicates were dropped (with a warning) when the file was read.
            let _ = index.insert(
                row.key.clone(),
                SenderInfo {
                    headline: row.headline.clone(),
                    company: row.company.clone(),
                    category: row.category,
                    line: row.line,
                },
            );
        }
        Senders { index }
    }

    /// The row for an invitation's sender, and whether it matched by profile URL or by name.
    pub fn lookup(&self, invitation: &Invitation) -> Option<(&SenderInfo, &'static str)> {
        let key = SenderKey::new(&invitation.sender_name, &invitation.sender_profile_url);
        let i = self.index.position(&key)?;
        let (row_key, info) = self.index.entry(i);
        let by = match (&key.profile, &row_key.profile) {
            (Some(a), Some(b)) if a == b => "profile URL",
            _ => "name",
        };
        Some((info, by))
    }

    /// Rows with a category filled in.
    pub fn categorised(&self) -> usize {
        self.index
            .iter()
            .filter(|(_, info)| info.category.is_some())
            .count()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn from(name: &str, url: &str) -> Invitation {
        Invitation {
            sender_profile_url: url.into(),
            ..Invitation::pending(name, Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap())
        }
    }

    #[test]
    fn rows_match_urls_written_differently_and_names() {
        let senders = Senders::parse(
            "\u{feff}Profile URL,Name,Headline,Category\nhttps://www.linkedin.com/in/ann-smith,Ann Smith,Recruiter at Hays,\n,Bob B,,supplier\nhttps://www.linkedin.com/in/carla-diaz,Carla Diaz,,candidate\n".as_bytes(),
        )
        .unwrap();
        let (ann, by) = senders
            .lookup(&from("Ann", "https://uk.linkedin.com/in/ann-smith"))
            .unwrap();
        assert_eq!((ann.line, by), (2, "profile URL"));
        let (carla, _) = senders
            .lookup(&from(
                "Carla Diaz",
                "http://m.linkedin.com/in/Carla-Diaz/en",
            ))
            .unwrap();
        assert_eq!(carla.category, Some(SenderCategory::Candidate));
        let (bob, by) = senders.lookup(&from("BOB  B", "")).unwrap();
        assert_eq!((bob.category, by), (Some(SenderCategory::Supplier), "name"));
        // Same name, another profile: somebody else.
        assert!(senders
            .lookup(&from(
                "Ann Smith",
                "https://www.linkedin.com/in/ann-smith-2"
            ))
            .is_none());
        assert_eq!(senders.categorised(), 2);
    }

    #[test]
    fn bad_rows_are_reported_with_their_lines() {
        let err = Senders::parse(b"name,category\nAnn,astronaut\nBob,nope\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("line 3"), "{err}");
        assert!(Senders::parse(b"headline\nx\n")
            .unwrap_err()
            .starts_with("line 1"));
    }
}
