//! Tag: invitation → sender category, personalisation level and courtesy, each with a reason.
//!
//! Takes deduplicated invitations and the rules of `data/rules.toml`; gives `Tags` whose
//! reasons name the rule, phrase and field that decided them. Per-invitation work runs on rayon.
//! Never reads files and never looks at an invitation's outcome: tags must not leak it.
//!
//! This is the first, simple rule set: phrase lists matched as whole words, and mass-sent
//! templates found as notes identical once names, numbers and punctuation are masked.

pub mod rules;
pub mod text;

use std::collections::HashMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::{Courtesy, Invitation, Personalisation, SenderCategory, Tags};
pub use rules::Rules;
use text::Words;

/// Options of the tagger that are not rules.
#[derive(Debug, Clone, Copy)]
pub struct TagOptions {
    /// A template cluster with at least this many notes is mass-sent (`--template-min`).
    pub template_min: usize,
}

/// Tags every invitation. Output order is input order.
pub fn tag_all(invitations: &[Invitation], rules: &Rules, options: TagOptions) -> Vec<Tags> {
    let notes: Vec<NoteAnalysis> = invitations
        .par_iter()
        .map(|inv| NoteAnalysis::new(&inv.message, rules))
        .collect();

    let mut cluster_sizes: HashMap<&str, usize> = HashMap::new();
    for note in &notes {
        if let Some(key) = note.template_key.as_deref() {
            *cluster_sizes.entry(key).or_default() += 1;
        }
    }

    invitations
        .par_iter()
        .zip(notes.par_iter())
        .map(|(inv, note)| {
            let template_size = note
                .template_key
                .as_deref()
                .map_or(0, |key| cluster_sizes[key]);
            let (sender_category, category_reason) = categorise(inv, note, rules);
            let (personalisation, personalisation_reason) =
                personalise(note, template_size, options.template_min, rules);
            Tags {
                sender_category,
                category_reason,
                personalisation,
                personalisation_reason,
                courtesy: note.courtesy,
                note_chars: inv.message.chars().count(),
                template_id: (template_size >= 2)
                    .then(|| note.template_key.as_deref().map(template_id))
                    .flatten(),
                template_size,
            }
        })
        .collect()
}

/// What one note says, before anything is known about the other notes.
#[derive(Debug)]
struct NoteAnalysis {
    /// Whether there is a note at all: anything but white space (SPEC §5.2), emoji included.
    present: bool,
    words: Words,
    /// The note with greeting and sign-off names masked, for template clustering.
    template_key: Option<String>,
    canned: Option<String>,
    placeholder: Option<String>,
    courtesy: Courtesy,
}

impl NoteAnalysis {
    fn new(message: &str, rules: &Rules) -> NoteAnalysis {
        let words = Words::new(message);
        let present = !message.trim().is_empty();
        if words.is_empty() {
            return NoteAnalysis {
                present,
                words,
                template_key: None,
                canned: None,
                placeholder: None,
                courtesy: Courtesy::default(),
            };
        }
        let list: Vec<&str> = words.iter().collect();
        let greeting_len = greeting_length(&list, rules);
        let addresses_recipient = greeting_len > 0 && greeted_name(&list, rules).is_some();
        let sign_off = sign_off(&list, rules);
        let body_end = sign_off.map_or(list.len(), |(start, _)| start);
        let body = &list[greeting_len.min(body_end)..body_end];

        let courtesy = Courtesy {
            introduces_self: rules.introduces_self.find(&words).is_some(),
            states_reason: rules.states_reason.find(&words).is_some(),
            offers_value: rules.offers_value.find(&words).is_some(),
            signs_off: sign_off.is_some(),
            addresses_recipient,
        };
        let body_text = format!(" {} ", body.join(" "));
        let canned = rules
            .default_texts
            .keys()
            .find(|key| body_text == *key)
            .map(|key| key.trim().to_string());
        NoteAnalysis {
            template_key: Some(template_key(&list, greeting_len, sign_off)),
            placeholder: find_placeholder(message, &words, rules),
            canned,
            courtesy,
            present,
            words,
        }
    }
}

/// How many leading words are a greeting with a name ("hi tom" → 2, "hello" → 1).
fn greeting_length(words: &[&str], rules: &Rules) -> usize {
    for take in [2, 1] {
        if words.len() >= take {
            let opening = Words::new(&words[..take].join(" "));
            if rules.greetings.keys().any(|k| k == opening.padded()) {
                let named = greeted_name(words, rules).is_some();
                return take + usize::from(named);
            }
        }
    }
    0
}

/// The word after the greeting, if it is a name rather than "there" or "all".
fn greeted_name<'a>(words: &[&'a str], rules: &Rules) -> Option<&'a str> {
    let after = [2, 1].into_iter().find(|&take| {
        words.len() > take && {
            let opening = Words::new(&words[..take].join(" "));
            rules.greetings.keys().any(|k| k == opening.padded())
        }
    })?;
    let candidate = words[after];
    let as_words = Words::new(candidate);
    let is_name = candidate.chars().all(char::is_alphabetic)
        && !rules.not_names.keys().any(|k| k == as_words.padded());
    is_name.then_some(candidate)
}

/// Where a note ends with a polite closing and a name of one to three words ("kind regards,
/// Sam Lee"): the index of the closing's first word and of the name's first word.
fn sign_off(words: &[&str], rules: &Rules) -> Option<(usize, usize)> {
    let n = words.len();
    (1..=3.min(n.saturating_sub(1))).find_map(|name_len| {
        let name_start = n - name_len;
        (name_start.saturating_sub(4)..name_start).find_map(|start| {
            let closing = Words::new(&words[start..name_start].join(" "));
            rules
                .sign_offs
                .keys()
                .any(|k| k == closing.padded())
                .then_some((start, name_start))
        })
    })
}

/// The note with the greeting's name, the sign-off's name and every number masked.
fn template_key(words: &[&str], greeting_len: usize, sign_off: Option<(usize, usize)>) -> String {
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let greeted = greeting_len >= 2 && i == greeting_len - 1;
        let signed = sign_off.is_some_and(|(_, name_start)| i >= name_start);
        if greeted || signed {
            out.push("<name>");
        } else if word.chars().any(|c| c.is_ascii_digit()) {
            out.push("<num>");
        } else {
            out.push(word);
        }
    }
    out.join(" ")
}

fn template_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("t{}", crate::ingest::hex(&digest[..5]))
}

/// An unfilled mail-merge field: `[Name]`, `{{company}}`, `<first name>`, or a placeholder word.
fn find_placeholder(message: &str, words: &Words, rules: &Rules) -> Option<String> {
    for (open, close) in [("{{", "}}"), ("[", "]"), ("<", ">")] {
        if let Some(start) = message.find(open) {
            if let Some(len) = message[start..].find(close) {
                let inner = &message[start + open.len()..start + len];
                if !inner.trim().is_empty() && inner.len() <= 40 {
                    return Some(message[start..start + len + close.len()].to_string());
                }
            }
        }
    }
    rules.placeholder_words.find(words).map(|p| p.to_string())
}

/// Sender category, strongest evidence first (SPEC §5.1).
fn categorise(inv: &Invitation, note: &NoteAnalysis, rules: &Rules) -> (SenderCategory, String) {
    if let Some(category) = inv.explicit_category {
        return (category, "explicit sender_category column".into());
    }
    let h = &rules.headline;
    let headline = Words::new(&inv.sender_headline);
    let company = Words::new(&inv.sender_company);
    let profile = Words::new(&format!("{} {}", inv.sender_headline, inv.sender_company));
    if !profile.is_empty() {
        if let Some(p) = h.candidate.find(&headline) {
            return (
                SenderCategory::Candidate,
                format!("headline: job seeking '{p}'"),
            );
        }
        if let Some(p) = h.recruitment_agencies.find(&company) {
            return agency(format!("company: recruitment agency '{p}'"));
        }
        if let Some(p) = h.recruitment_agencies.find(&headline) {
            return agency(format!("headline: recruitment agency '{p}'"));
        }
        if let Some(p) = h.recruitment_consultant.find(&headline) {
            return agency(format!("headline: agency title '{p}'"));
        }
        if let Some(p) = h.in_house_recruiter.find(&headline) {
            return (
                SenderCategory::InHouseRecruiter,
                format!("headline: in-house recruiting title '{p}'"),
            );
        }
        if let Some(p) = h.supplier.find(&profile) {
            return (
                SenderCategory::Supplier,
                format!("headline: sales title '{p}'"),
            );
        }
        if !headline.is_empty() {
            return (
                SenderCategory::Peer,
                "headline matches no recruiting, job-seeking or sales rule".into(),
            );
        }
    }
    let n = &rules.note;
    let by_note = [
        (
            SenderCategory::RecruitmentConsultant,
            &n.recruitment_consultant,
        ),
        (SenderCategory::Candidate, &n.candidate),
        (SenderCategory::InHouseRecruiter, &n.in_house_recruiter),
        (SenderCategory::Supplier, &n.supplier),
    ];
    for (category, list) in by_note {
        if let Some(p) = list.find(&note.words) {
            return (category, format!("note: '{p}'"));
        }
    }
    (
        SenderCategory::Unknown,
        "no category evidence in headline, company or note".into(),
    )
}

fn agency(reason: String) -> (SenderCategory, String) {
    (SenderCategory::RecruitmentConsultant, reason)
}

/// Personalisation level (SPEC §5.2).
fn personalise(
    note: &NoteAnalysis,
    template_size: usize,
    template_min: usize,
    rules: &Rules,
) -> (Personalisation, String) {
    if !note.present {
        return (Personalisation::None, "no note".into());
    }
    if note.words.is_empty() {
        return (
            Personalisation::Generic,
            "a note with no words (only emoji or punctuation)".into(),
        );
    }
    if let Some(text) = &note.canned {
        return (
            Personalisation::Default,
            format!("LinkedIn canned text '{text}'"),
        );
    }
    if let Some(placeholder) = &note.placeholder {
        return (
            Personalisation::Generic,
            format!("unfilled placeholder '{placeholder}'"),
        );
    }
    if template_size >= template_min {
        return (
            Personalisation::Generic,
            format!("mass-sent: template shared by {template_size} notes"),
        );
    }
    if let Some(p) = rules.specific.find(&note.words) {
        return (
            Personalisation::Personalised,
            format!("specific reference '{p}'"),
        );
    }
    (
        Personalisation::Generic,
        "no specific reference to the recipient or a shared context".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    fn invitation(headline: &str, company: &str, message: &str) -> Invitation {
        Invitation {
            invite_id: "i".into(),
            source: Arc::from("t.csv"),
            line: 2,
            received_at: Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap(),
            recipient: String::new(),
            sender_name: "A".into(),
            sender_profile_url: String::new(),
            sender_headline: headline.into(),
            sender_company: company.into(),
            message: message.into(),
            status: Status::Pending,
            accepted_at: None,
            responded: false,
            responded_at: None,
            explicit_category: None,
            known: Default::default(),
        }
    }

    fn tag_one(headline: &str, company: &str, message: &str) -> Tags {
        let rules = Rules::embedded();
        tag_all(
            &[invitation(headline, company, message)],
            &rules,
            TagOptions { template_min: 3 },
        )
        .remove(0)
    }

    #[test]
    fn headline_categories_follow_the_evidence_order() {
        use SenderCategory::*;
        let cases = [
            ("Open to work | Data Analyst", "", Candidate),
            ("Recruiter at Hays", "", RecruitmentConsultant),
            ("Senior Recruiter", "Michael Page", RecruitmentConsultant),
            ("Headhunter – Executive Search", "", RecruitmentConsultant),
            (
                "Technical Recruiter at Siemens",
                "Siemens",
                InHouseRecruiter,
            ),
            ("Talent Acquisition Partner @ Spotify", "", InHouseRecruiter),
            ("Account Executive at Salesforce", "", Supplier),
            ("Head of Engineering", "Monzo", Peer),
            ("", "", Unknown),
        ];
        for (headline, company, want) in cases {
            let tags = tag_one(headline, company, "");
            assert_eq!(tags.sender_category, want, "{headline} / {tags:?}");
        }
    }

    #[test]
    fn note_is_evidence_only_without_a_headline() {
        let tags = tag_one(
            "",
            "",
            "I have an exciting opportunity for a client of mine",
        );
        assert_eq!(tags.sender_category, SenderCategory::RecruitmentConsultant);
        assert!(tags.category_reason.starts_with("note:"));
        let tags = tag_one("Head of Data", "", "My client has a role for you");
        assert_eq!(tags.sender_category, SenderCategory::Peer);
    }

    #[test]
    fn personalisation_levels() {
        use Personalisation::*;
        let cases = [
            ("", None),
            ("   ", None),
            ("👋🙂", Generic),
            ("...", Generic),
            ("I'd like to join your LinkedIn network", Default),
            ("Hi Tom, I’d like to join your LinkedIn network.", Default),
            (
                "I'd like to add you to my professional network on LinkedIn. Best, Ann",
                Default,
            ),
            ("Hi Tom, let's connect!", Generic),
            ("Hi [Name], I loved your post about hiring.", Generic),
            ("I was impressed by your experience.", Generic),
            (
                "Loved your talk at RecFest on sourcing, would be great to connect.",
                Personalised,
            ),
        ];
        for (note, want) in cases {
            let tags = tag_one("", "", note);
            assert_eq!(
                tags.personalisation, want,
                "{note:?}: {}",
                tags.personalisation_reason
            );
        }
    }

    #[test]
    fn identical_notes_with_different_names_form_a_mass_sent_template() {
        let rules = Rules::embedded();
        let text = |name: &str| {
            format!("Hi {name}, I loved your post and have roles for you. Kind regards, Sam")
        };
        let invitations: Vec<Invitation> = ["Tom", "Ann", "Raj", "Zoë"]
            .iter()
            .map(|n| invitation("", "", &text(n)))
            .chain([invitation("", "", "Loved your post on data teams.")])
            .collect();
        let tags = tag_all(&invitations, &rules, TagOptions { template_min: 3 });
        assert_eq!(tags[0].template_size, 4);
        assert_eq!(tags[0].template_id, tags[3].template_id);
        assert!(tags[0].template_id.is_some());
        assert_eq!(tags[0].personalisation, Personalisation::Generic);
        assert!(tags[0].personalisation_reason.starts_with("mass-sent"));
        assert_eq!(tags[4].personalisation, Personalisation::Personalised);
        assert_eq!(tags[4].template_id, None);
        assert_eq!(tags[4].template_size, 1);
    }

    #[test]
    fn courtesy_rubric_points() {
        let tags = tag_one(
            "",
            "",
            "Hi Priya, I'm a data engineer at Acme and I'd like to connect because we both work on streaming; happy to share our notes. Kind regards, Sam",
        );
        let c = tags.courtesy;
        assert!(c.introduces_self && c.states_reason && c.offers_value && c.signs_off);
        assert!(c.addresses_recipient);
        assert_eq!(c.score(), 4);

        let tags = tag_one("", "", "Hi there, connect?");
        assert_eq!(tags.courtesy.score(), 0);
        assert!(!tags.courtesy.addresses_recipient);
        assert_eq!(tags.note_chars, 18);
    }
}
