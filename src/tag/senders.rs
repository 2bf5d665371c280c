//! `--senders FILE`: sender enrichment (SPEC §4.4), a CSV keyed by profile URL or name with a
//! headline, a company and/or a category, kept by hand or exported from a CRM.
//!
//! Takes the file's bytes; gives a lookup by invitation. A row matches on the decoded, trimmed,
//! case-folded profile URL first, else on the normalised name. Never looks at outcomes.

use std::collections::HashMap;

use super::text::Words;
use crate::model::{normalise_key, Invitation, SenderCategory};

/// What the senders file says about one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderInfo {
    pub headline: String,
    pub company: String,
    pub category: Option<SenderCategory>,
    /// 1-based line of the row, for reasons.
    pub line: u64,
}

/// The parsed senders file.
#[derive(Debug, Clone, Default)]
pub struct Senders {
    by_url: HashMap<String, SenderInfo>,
    by_name: HashMap<String, SenderInfo>,
}

impl Senders {
    /// Parses the CSV. Errors name the line and the problem; every bad row is reported.
    pub fn parse(bytes: &[u8]) -> Result<Senders, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header = reader
            .headers()
            .map_err(|e| format!("line 1: cannot read the header: {e}"))?
            .clone();
        let column = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.contains(&normalise_key(h).as_str()))
        };
        let url = column(&[
            "senderprofileurl",
            "profileurl",
            "url",
            "linkedinurl",
            "inviterprofileurl",
            "linkedin",
        ]);
        let name = column(&["sendername", "name", "fullname", "from", "sender"]);
        let headline = column(&[
            "senderheadline",
            "headline",
            "title",
            "position",
            "occupation",
            "jobtitle",
        ]);
        let company = column(&[
            "sendercompany",
            "company",
            "organisation",
            "organization",
            "employer",
        ]);
        let category = column(&["sendercategory", "category"]);
        if url.is_none() && name.is_none() {
            return Err("line 1: no profile_url or name column; the senders file needs one of them to match invitations".into());
        }
        if headline.is_none() && company.is_none() && category.is_none() {
            return Err("line 1: no headline, company or category column: the senders file would add nothing".into());
        }
        let mut senders = Senders::default();
        let mut problems = Vec::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(format!("line {line}: {e}"));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let cell = |i: Option<usize>| {
                i.and_then(|i| record.get(i))
                    .unwrap_or("")
                    .trim()
                    .to_string()
            };
            let category = match cell(category) {
                c if c.is_empty() => None,
                c => match SenderCategory::parse(&c) {
                    Some(c) => Some(c),
                    None => {
                        problems.push(format!(
                            "line {line}: unknown category '{c}'; use one of recruitment_consultant, in_house_recruiter, candidate, supplier, peer, unknown"
                        ));
                        continue;
                    }
                },
            };
            let info = SenderInfo {
                headline: cell(headline),
                company: cell(company),
                category,
                line,
            };
            let url_key = url_key(&cell(url));
            let name_key = name_key(&cell(name));
            if url_key.is_empty() && name_key.is_empty() {
                continue;
            }
            if !url_key.is_empty() {
                senders
                    .by_url
                    .entry(url_key)
                    .or_insert_with(|| info.clone());
            }
            if !name_key.is_empty() {
                senders.by_name.entry(name_key).or_insert(info);
            }
        }
        if problems.is_empty() {
            Ok(senders)
        } else {
            Err(problems.join("; "))
        }
    }

    /// The row for an invitation's sender: by profile URL first, else by name.
    pub fn lookup(&self, invitation: &Invitation) -> Option<(&SenderInfo, &'static str)> {
        let url = url_key(&invitation.sender_profile_url);
        if !url.is_empty() {
            if let Some(info) = self.by_url.get(&url) {
                return Some((info, "profile URL"));
            }
        }
        let name = name_key(&invitation.sender_name);
        (!name.is_empty())
            .then(|| self.by_name.get(&name))
            .flatten()
            .map(|info| (info, "name"))
    }

    pub fn len(&self) -> usize {
        self.by_url.len().max(self.by_name.len())
    }

    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty() && self.by_name.is_empty()
    }
}

/// A profile URL decoded, trimmed and case-folded, without scheme, `www.`, query or trailing `/`:
/// `https://www.linkedin.com/in/Zo%C3%AB-M/` and `linkedin.com/in/zoë-m` are one key.
pub fn url_key(url: &str) -> String {
    let decoded = percent_decode(url.trim()).to_lowercase();
    let mut key = decoded.as_str();
    for prefix in ["https://", "http://"] {
        key = key.strip_prefix(prefix).unwrap_or(key);
    }
    key = key.strip_prefix("www.").unwrap_or(key);
    key = key.split(['?', '#']).next().unwrap_or(key);
    key.trim_end_matches('/').to_string()
}

/// A name lower-cased with punctuation and emoji dropped: `" Zoë  Müller 🚀 "` → `zoë müller`.
pub fn name_key(name: &str) -> String {
    Words::new(name).as_str().to_string()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_names_normalise() {
        assert_eq!(
            url_key(" https://www.linkedin.com/in/Zo%C3%AB-M/?trk=x "),
            "linkedin.com/in/zoë-m"
        );
        assert_eq!(url_key("linkedin.com/in/zoë-m"), "linkedin.com/in/zoë-m");
        assert_eq!(url_key("100%"), "100%");
        assert_eq!(name_key(" Zoë  Müller 🚀 "), "zoë müller");
    }

    #[test]
    fn parses_and_reports_bad_rows() {
        let ok = Senders::parse(
            "\u{feff}Profile URL,Name,Headline,Category\nhttps://linkedin.com/in/a,Ann A,Recruiter at Hays,\n,Bob B,,supplier\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(ok.by_url.len(), 1);
        assert_eq!(ok.by_name["bob b"].category, Some(SenderCategory::Supplier));
        let err = Senders::parse(b"name,category\nAnn,astronaut\nBob,nope\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("line 3"), "{err}");
        assert!(Senders::parse(b"headline\nx\n")
            .unwrap_err()
            .starts_with("line 1"));
    }
}
