//! Tag: invitation → sender category, personalisation level and courtesy, each with a reason.
//!
//! Takes deduplicated invitations and the rules of `data/rules.toml`; gives `Tags` whose
//! reasons name the rule, phrase and field that decided them. Per-invitation work runs on rayon.
//! Never reads files and never looks at an invitation's outcome: tags must not leak it.
//!
//! `category` reads headlines and notes, `note` reads one note (canned text, placeholders,
//! specific references, courtesy), `templates` finds mass-sent notes across all of them, and
//! `senders` is the `--senders` enrichment. Rules are phrase lists (`rules`) from
//! `data/rules.toml`, matched as whole words with Aho–Corasick automata.

pub mod category;
pub mod note;
pub mod rules;
pub mod senders;
pub mod templates;
pub mod text;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::fast_hash::FastHash;
use crate::model::{Invitation, Personalisation, SenderCategory, Tags};
use note::NoteAnalysis;
pub use rules::Rules;
pub use senders::Senders;

/// Options of the tagger that are not rules.
#[derive(Debug, Clone, Copy)]
pub struct TagOptions<'a> {
    /// A template cluster with at least this many notes is mass-sent (`--template-min`).
    pub template_min: usize,
    /// `--senders` enrichment, if given.
    pub senders: Option<&'a Senders>,
}

/// Tags every invitation. Output order is input order.
pub fn tag_all(invitations: &[Invitation], rules: &Rules, options: TagOptions<'_>) -> Vec<Tags> {
    let notes: Vec<NoteAnalysis> = invitations
        .par_iter()
        .map(|inv| note::analyse(&inv.message, &inv.sender_name, &inv.recipient, rules))
        .collect();
    let keys: Vec<Option<&str>> = notes.iter().map(|n| n.template_key.as_deref()).collect();
    let templates = templates::cluster(&keys);
    let profiles = ProfileCategories::new(invitations, rules);

    invitations
        .par_iter()
        .zip(notes.par_iter().zip(templates.into_par_iter()))
        .enumerate()
        .map(|(row, (inv, (note, template)))| {
            let profile = || profiles.get(row);
            let (sender_category, category_reason) =
                categorise(inv, note, rules, options.senders, profile);
            let (personalisation, personalisation_reason) =
                personalise(note, template.size, options.template_min);
            Tags {
                sender_category,
                category_reason,
                personalisation,
                personalisation_reason,
                courtesy: note.courtesy,
                courtesy_reason: note.courtesy_reason.clone(),
                note_chars: inv.message.chars().count(),
                template_id: template.id,
                template_size: template.size,
            }
        })
        .collect()
}

/// `category::from_profile` of each distinct (headline, company) pair of the invitations.
///
/// The same senders write to the same people month after month, so a year of invitations holds
/// far fewer profiles than rows (one in five in generated data): each is categorised once.
struct ProfileCategories {
    /// For each invitation, its pair's place in `found`.
    of_invitation: Vec<usize>,
    found: Vec<Option<(SenderCategory, String)>>,
}

impl ProfileCategories {
    fn new(invitations: &[Invitation], rules: &Rules) -> ProfileCategories {
        let mut index: HashMap<(&str, &str), usize, FastHash> = HashMap::default();
        let mut pairs = Vec::new();
        let of_invitation = invitations
            .iter()
            .map(|inv| {
                let pair = (inv.sender_headline.as_str(), inv.sender_company.as_str());
                *index.entry(pair).or_insert_with(|| {
                    pairs.push(pair);
                    pairs.len() - 1
                })
            })
            .collect();
        let found = pairs
            .par_iter()
            .map(|(headline, company)| category::from_profile(headline, company, "headline", rules))
            .collect();
        ProfileCategories {
            of_invitation,
            found,
        }
    }

    /// `category::from_profile(headline, company, "headline", rules)` of invitation `row`.
    fn get(&self, row: usize) -> Option<(SenderCategory, String)> {
        self.found[self.of_invitation[row]].clone()
    }
}

/// Sender category, strongest evidence first (SPEC §5.1): explicit column → `--senders` →
/// headline and company → note text → unknown.
fn categorise(
    inv: &Invitation,
    note: &NoteAnalysis,
    rules: &Rules,
    senders: Option<&Senders>,
    profile: impl FnOnce() -> Option<(SenderCategory, String)>,
) -> (SenderCategory, String) {
    if let Some(category) = inv.explicit_category {
        return (category, "explicit sender_category column".into());
    }
    if let Some((info, key)) = senders.and_then(|s| s.lookup(inv)) {
        if let Some(category) = info.category {
            return (
                category,
                format!(
                    "senders file line {} (by {key}): category column",
                    info.line
                ),
            );
        }
        let field = format!("senders file line {} (by {key}) headline", info.line);
        if let Some(found) = category::from_profile(&info.headline, &info.company, &field, rules) {
            return found;
        }
    }
    // `category::from_profile` of the invitation's headline and company, worked out once per
    // distinct pair.
    if let Some(found) = profile() {
        return found;
    }
    category::from_note(&note.words, rules).unwrap_or_else(|| {
        (
            SenderCategory::Unknown,
            "no category evidence in headline, company or note".into(),
        )
    })
}

/// Personalisation level (SPEC §5.2): none → default → placeholder → mass-sent → specific.
fn personalise(
    note: &NoteAnalysis,
    template_size: usize,
    template_min: usize,
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
            format!("default_texts: LinkedIn canned text '{text}'"),
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
            format!("mass-sent: template shared by {template_size} notes (--template-min {template_min})"),
        );
    }
    if let Some(p) = &note.specific {
        return (
            Personalisation::Personalised,
            format!("specific: reference '{p}' in note"),
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
    use chrono::{TimeZone, Utc};

    fn invitation(headline: &str, company: &str, message: &str) -> Invitation {
        Invitation {
            sender_headline: headline.into(),
            sender_company: company.into(),
            message: message.into(),
            ..Invitation::pending("A", Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0).unwrap())
        }
    }

    fn tag_one(headline: &str, company: &str, message: &str) -> Tags {
        let rules = Rules::embedded();
        tag_all(
            &[invitation(headline, company, message)],
            &rules,
            TagOptions {
                template_min: 3,
                senders: None,
            },
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
        let options = TagOptions {
            template_min: 3,
            senders: None,
        };
        let tags = tag_all(&invitations, &rules, options);
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
