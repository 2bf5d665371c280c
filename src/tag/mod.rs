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

pub(crate) mod category;
pub mod note;
mod rules;
mod senders;
pub mod templates;
pub(crate) mod text;

use arcstr::ArcStr;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::model::{Courtesy, Invitation, Personalisation, SenderCategory, Tags};
use note::NoteAnalysis;
pub use rules::Rules;
use rustc_hash::FxBuildHasher;
pub use senders::Senders;
use text::Words;

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
    tag_with(invitations, rules, options, &[], false).0
}

/// A note's masked text, which `templates::cluster_counted` compares (`None` without a note).
pub type TemplateKey = Option<ArcStr>;

/// What a `TemplateKey` is made of: raise it when the masking (`note::template_key`) changes,
/// so that a history store's stored keys are made again rather than mixed with new ones.
/// Changes to `rules.toml` are seen by its SHA-256.
pub const TEMPLATE_KEY_VERSION: u32 = 1;

/// `tag_all`, where the masked notes of other invitations (`others`, made by these rules) count
/// toward templates without being tagged: a history store's months a run does not read. The
/// tags are those `tag_all` would give over the invitations and the others together. Also gives
/// each invitation's masked note, to store for later runs.
pub fn tag_among(
    invitations: &[Invitation],
    rules: &Rules,
    options: TagOptions<'_>,
    others: &[ArcStr],
) -> (Vec<Tags>, Vec<TemplateKey>) {
    tag_with(invitations, rules, options, others, true)
}

/// `tag_among`; the masked notes are kept only when asked for (`keep_keys`).
fn tag_with(
    invitations: &[Invitation],
    rules: &Rules,
    options: TagOptions<'_>,
    others: &[ArcStr],
    keep_keys: bool,
) -> (Vec<Tags>, Vec<TemplateKey>) {
    let profiles = ProfileCategories::new(invitations, rules);
    // The category where something other than the note gives one: a note is read for its
    // category only where nothing else gave one.
    let without_note: Vec<Option<(SenderCategory, ArcStr)>> = invitations
        .par_iter()
        .enumerate()
        .map_init(Interner::default, |interner, (row, inv)| {
            let profile = || profiles.get(row);
            categorise_without_note(inv, options.senders, profile, interner, rules)
        })
        .collect();
    drop(profiles);
    let notes = NotesOf::new(invitations, rules, |row| without_note[row].is_none());
    // Each step's working memory goes back to the system before the next one allocates.
    crate::memory::release_free_memory();
    // The templates first, so that their working memory is gone before the tags are made.
    // Each distinct analysis is one entry, standing for the invitations that share it.
    let mut counts = vec![0u32; notes.facts.len()];
    for &fact in &notes.of_invitation {
        counts[fact as usize] += 1;
    }
    counts.resize(notes.facts.len() + others.len(), 1);
    let keys: Vec<Option<&str>> = notes
        .facts
        .iter()
        .map(|facts| facts.template_key.as_deref())
        .chain(others.iter().map(|k| Some(&**k)))
        .collect();
    let mut templates = templates::cluster_counted(&keys, &counts);
    drop((keys, counts));
    templates.truncate(notes.facts.len());
    crate::memory::release_free_memory();
    let own_keys: Vec<TemplateKey> = if keep_keys {
        (0..invitations.len())
            .map(|row| notes.get(row).template_key.clone())
            .collect()
    } else {
        Vec::new()
    };

    let tags = without_note
        .into_par_iter()
        .enumerate()
        .map_init(Interner::default, |interner, (row, category)| {
            let fact = notes.of_invitation[row] as usize;
            let note = &notes.facts[fact];
            let template = &templates[fact];
            let (sender_category, category_reason) =
                category.unwrap_or_else(|| categorise_by_note(note, interner));
            let (personalisation, personalisation_reason) = match &note.personalisation {
                Evidence::Decided(level, reason) => (*level, ArcStr::clone(reason)),
                Evidence::UnlessMassSent(..) if template.size >= options.template_min => {
                    let reason = format!(
                        "mass-sent: template shared by {} notes (--template-min {})",
                        template.size, options.template_min
                    );
                    (Personalisation::Generic, interner.intern(&reason))
                }
                Evidence::UnlessMassSent(level, reason) => (*level, ArcStr::clone(reason)),
            };
            Tags {
                sender_category,
                category_reason,
                personalisation,
                personalisation_reason,
                courtesy: note.courtesy,
                courtesy_reason: ArcStr::clone(&note.courtesy_reason),
                note_chars: note.chars,
                template_id: template.id.clone(),
                template_size: template.size,
            }
        })
        .collect();
    (tags, own_keys)
}

/// What one note says, as the tags need it: `note::analyse` reduced to its verdicts.
struct NoteFacts {
    personalisation: Evidence,
    courtesy: Courtesy,
    courtesy_reason: ArcStr,
    /// `category::from_note`: the note's evidence of who the sender is; not looked for (`None`)
    /// when every invitation with this note has a category from elsewhere.
    category: Option<(SenderCategory, ArcStr)>,
    /// The masked text `templates::cluster_counted` compares.
    template_key: TemplateKey,
    chars: usize,
}

/// The facts of each distinct note of the invitations, analysed once.
///
/// Mass-sent and canned notes repeat: a million generated invitations hold under 300,000
/// distinct notes. Two invitations share an analysis when their notes are the same text and
/// their names agree on the words that text contains (`note::Names::within`), which gives each
/// exactly what its own analysis would.
struct NotesOf {
    /// For each invitation, its note's place in `facts`.
    of_invitation: Vec<u32>,
    facts: Vec<NoteFacts>,
}

impl NotesOf {
    /// `needs_category(row)`: whether invitation `row`'s category is left to its note; a note
    /// is read for its category only when one of its invitations needs it.
    fn new(
        invitations: &[Invitation],
        rules: &Rules,
        needs_category: impl Fn(usize) -> bool + Sync,
    ) -> NotesOf {
        NotesOf::sliced(invitations, rules, needs_category, TEXTS_CHUNK)
    }

    /// `new`, analysing the notes `texts_per_slice` distinct texts at a time.
    fn sliced(
        invitations: &[Invitation],
        rules: &Rules,
        needs_category: impl Fn(usize) -> bool + Sync,
        texts_per_slice: usize,
    ) -> NotesOf {
        // 1. Distinct notes and names; each name's words.
        let (text_of, texts) = distinct(invitations.iter().map(|i| &*i.message));
        let (sender_of, _, senders) = distinct_words(invitations.iter().map(|i| &*i.sender_name));
        let (recipient_of, _, recipients) =
            distinct_words(invitations.iter().map(|i| &*i.recipient));
        // The invitations grouped by note, so that a slice of notes is a range of them.
        let (starts, by_text) = grouped(&text_of, texts.len());

        // A slice of notes at a time, so that only that slice's words are held (a million
        // generated invitations' notes as words are some 90 MB):
        let mut of_invitation = vec![0u32; invitations.len()];
        let mut facts: Vec<NoteFacts> = Vec::new();
        // Masked notes and courtesy reasons, one copy of each: invitations whose names differ
        // share both (a million generated invitations' 296,000 analyses hold 190,000 distinct
        // masked notes and 125,000 distinct courtesy reasons).
        let shared = crate::model::TextPool::default();
        for slice in chunks(texts.len(), texts_per_slice) {
            // 2. The slice's notes as words.
            let words: Vec<Words> = texts[slice.clone()]
                .par_iter()
                .map(|t| Words::new(t))
                .collect();
            let rows_of_slice = &by_text[starts[slice.start]..starts[slice.end]];

            // 3. Each invitation's names as far as its note can tell: with the note, the key of
            //    its analysis. Worked out some invitations at a time and kept only when new:
            //    most repeat, and a million of them held at once cost some 60 MB.
            let first = facts.len() as u32;
            let mut index: HashMap<(u32, note::Names<'_>), u32, FxBuildHasher> = HashMap::default();
            for rows in rows_of_slice.chunks(NAMES_CHUNK) {
                let names: Vec<note::Names<'_>> = rows
                    .par_iter()
                    .map(|&row| {
                        let row = row as usize;
                        let words = &words[text_of[row] as usize - slice.start];
                        if words.is_empty() {
                            return note::Names::default();
                        }
                        let sender = &senders[sender_of[row] as usize];
                        let recipient = &recipients[recipient_of[row] as usize];
                        note::Names::within(sender, recipient, words)
                    })
                    .collect();
                for (&row, names) in rows.iter().zip(names) {
                    let next = first + index.len() as u32;
                    of_invitation[row as usize] =
                        *index.entry((text_of[row as usize], names)).or_insert(next);
                }
            }
            let mut keys = vec![(0, note::Names::default()); index.len()];
            for (key, place) in index {
                keys[(place - first) as usize] = key;
            }
            let mut category_needed = vec![false; keys.len()];
            for &row in rows_of_slice {
                let key = (of_invitation[row as usize] - first) as usize;
                if !category_needed[key] && needs_category(row as usize) {
                    category_needed[key] = true;
                }
            }

            // 4. One analysis per key.
            let analyses = keys.par_iter().zip(&category_needed).map_init(
                Interner::default,
                |interner, ((text, names), &needed)| {
                    let k = *text as usize;
                    let message = texts[k];
                    let words = words[k - slice.start].clone();
                    let note = note::analyse_words(message, words, names, rules);
                    NoteFacts {
                        personalisation: personalise(&note, interner),
                        courtesy: note.courtesy,
                        // Not with the other reasons: courtesy reasons quote names, and
                        // would crowd those out of `Interner`'s few.
                        courtesy_reason: shared.get(&note.courtesy_reason),
                        category: needed
                            .then(|| category::from_note(&note.words, rules))
                            .flatten()
                            .map(|(category, reason)| (category, interner.intern(&reason))),
                        template_key: note.template_key.map(|key| shared.get(&key)),
                        chars: message.chars().count(),
                    }
                },
            );
            facts.par_extend(analyses);
        }
        NotesOf {
            of_invitation,
            facts,
        }
    }

    /// The facts of invitation `row`'s note.
    fn get(&self, row: usize) -> &NoteFacts {
        &self.facts[self.of_invitation[row] as usize]
    }
}

/// The rows grouped by the group `of` gives each (one of `groups`), in order within a group:
/// the rows of groups `a..b` are `rows[starts[a]..starts[b]]` (a counting sort).
fn grouped(of: &[u32], groups: usize) -> (Vec<usize>, Vec<u32>) {
    let mut starts = vec![0usize; groups + 1];
    for &group in of {
        starts[group as usize + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut rows = vec![0u32; of.len()];
    let mut next = starts.clone();
    for (row, &group) in of.iter().enumerate() {
        rows[next[group as usize]] = row as u32;
        next[group as usize] += 1;
    }
    (starts, rows)
}

/// Distinct notes `NotesOf::new` holds as words at once.
const TEXTS_CHUNK: usize = 1 << 15;

/// Invitations whose names `NotesOf::new` works out at once.
const NAMES_CHUNK: usize = 1 << 16;

/// `0..len` in ranges of `size`.
fn chunks(len: usize, size: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..len)
        .step_by(size)
        .map(move |start| start..len.min(start + size))
}

/// For each value, its place in a list of the distinct ones, in order of first appearance; and
/// that list.
fn distinct<K: std::hash::Hash + Eq + Copy>(all: impl Iterator<Item = K>) -> (Vec<u32>, Vec<K>) {
    let mut index: HashMap<K, u32, FxBuildHasher> = HashMap::default();
    let mut values: Vec<K> = Vec::new();
    let of = all
        .map(|value| {
            *index.entry(value).or_insert_with(|| {
                values.push(value);
                (values.len() - 1) as u32
            })
        })
        .collect();
    (of, values)
}

/// `distinct` of texts, with each distinct text's `Words`.
fn distinct_words<'a>(all: impl Iterator<Item = &'a str>) -> (Vec<u32>, Vec<&'a str>, Vec<Words>) {
    let (of, texts) = distinct(all);
    let words = texts.par_iter().map(|t| Words::new(t)).collect();
    (of, texts, words)
}

/// A personalisation level as far as one note can tell.
#[derive(Debug, Clone, PartialEq)]
enum Evidence {
    /// Settled by the note alone (no note, canned text, placeholder).
    Decided(Personalisation, ArcStr),
    /// This level, unless the note's template turns out to be mass-sent.
    UnlessMassSent(Personalisation, ArcStr),
}

/// Shares one copy of each reason text among the invitations that give it: a million tags hold
/// a few thousand distinct reasons, not a million strings.
#[derive(Default)]
struct Interner {
    seen: HashSet<ArcStr, FxBuildHasher>,
}

impl Interner {
    /// Distinct texts kept per interner (rayon's `map_init` makes one per piece of work it
    /// splits off): reasons that quote a note's words rarely repeat, and a cache of every one of
    /// them would cost more than it saves.
    const LIMIT: usize = 4096;

    fn intern(&mut self, text: &str) -> ArcStr {
        if let Some(found) = self.seen.get(text) {
            return ArcStr::clone(found);
        }
        let shared: ArcStr = ArcStr::from(text);
        if self.seen.len() < Self::LIMIT {
            self.seen.insert(ArcStr::clone(&shared));
        }
        shared
    }
}

/// `category::from_profile` of each distinct (headline, company) pair of the invitations.
///
/// The same senders write to the same people month after month, so a year of invitations holds
/// far fewer profiles than rows (one in five in generated data): each is categorised once.
struct ProfileCategories {
    /// For each invitation, its pair's place in `found`.
    of_invitation: Vec<u32>,
    found: Vec<Option<(SenderCategory, ArcStr)>>,
}

impl ProfileCategories {
    fn new(invitations: &[Invitation], rules: &Rules) -> ProfileCategories {
        let (of_invitation, pairs) = distinct(
            invitations
                .iter()
                .map(|inv| (&*inv.sender_headline, &*inv.sender_company)),
        );
        let found = pairs
            .par_iter()
            .map(|(headline, company)| {
                category::from_profile(headline, company, "headline", rules)
                    .map(|(category, reason)| (category, ArcStr::from(reason)))
            })
            .collect();
        ProfileCategories {
            of_invitation,
            found,
        }
    }

    /// `category::from_profile(headline, company, "headline", rules)` of invitation `row`.
    fn get(&self, row: usize) -> Option<(SenderCategory, ArcStr)> {
        self.found[self.of_invitation[row] as usize].clone()
    }
}

/// Sender category from everything but the note, strongest evidence first (docs/tagging.md):
/// explicit column → `--senders` → headline and company. `None` leaves it to the note.
fn categorise_without_note(
    inv: &Invitation,
    senders: Option<&Senders>,
    profile: impl FnOnce() -> Option<(SenderCategory, ArcStr)>,
    interner: &mut Interner,
    rules: &Rules,
) -> Option<(SenderCategory, ArcStr)> {
    if let Some(category) = inv.explicit_category {
        return Some((category, interner.intern("explicit sender_category column")));
    }
    if let Some((info, key)) = senders.and_then(|s| s.lookup(inv)) {
        if let Some(category) = info.category {
            let reason = format!(
                "senders file line {} (by {key}): category column",
                info.line
            );
            return Some((category, interner.intern(&reason)));
        }
        let field = format!("senders file line {} (by {key}) headline", info.line);
        if let Some((category, reason)) =
            category::from_profile(&info.headline, &info.company, &field, rules)
        {
            return Some((category, interner.intern(&reason)));
        }
    }
    // `category::from_profile` of the invitation's headline and company, worked out once per
    // distinct pair.
    profile()
}

/// The note's category, or unknown: the last steps of the evidence order, for an invitation
/// nothing else categorised.
fn categorise_by_note(note: &NoteFacts, interner: &mut Interner) -> (SenderCategory, ArcStr) {
    match &note.category {
        Some((category, reason)) => (*category, ArcStr::clone(reason)),
        None => (
            SenderCategory::Unknown,
            interner.intern("no category evidence in headline, company or note"),
        ),
    }
}

/// Personalisation level (docs/tagging.md): none → default → placeholder → mass-sent → specific, as
/// far as the note alone tells.
fn personalise(note: &NoteAnalysis, interner: &mut Interner) -> Evidence {
    let decided = |level, reason: &str, interner: &mut Interner| {
        Evidence::Decided(level, interner.intern(reason))
    };
    if !note.present {
        return decided(Personalisation::None, "no note", interner);
    }
    if note.words.is_empty() {
        return decided(
            Personalisation::Generic,
            "a note with no words (only emoji or punctuation)",
            interner,
        );
    }
    if let Some(text) = &note.canned {
        let reason = format!("default_texts: LinkedIn canned text '{text}'");
        return decided(Personalisation::Default, &reason, interner);
    }
    if let Some(placeholder) = &note.placeholder {
        let reason = format!("unfilled placeholder '{placeholder}'");
        return decided(Personalisation::Generic, &reason, interner);
    }
    match &note.specific {
        Some(p) => Evidence::UnlessMassSent(
            Personalisation::Personalised,
            interner.intern(&format!("specific: reference '{p}' in note")),
        ),
        None => Evidence::UnlessMassSent(
            Personalisation::Generic,
            interner.intern("no specific reference to the recipient or a shared context"),
        ),
    }
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
    fn references_are_found_by_their_structure_in_several_languages() {
        use Personalisation::*;
        let cases = [
            // The recipient's own work, whatever words stand between "your" and the work.
            (
                "Saw your recent Power BI dashboard, really neat",
                Personalised,
            ),
            (
                "Hi Priya, loved your work on the Northwind project",
                Personalised,
            ),
            ("Olá Ana, li seu último artigo sobre dados", Personalised),
            ("Hola, me gustó mucho tu charla en Madrid", Personalised),
            (
                "Ich habe Ihren Beitrag über Recruiting gelesen",
                Personalised,
            ),
            ("J'ai lu votre article sur le recrutement", Personalised),
            // Something both share.
            (
                "Vi que você também está participando do AWS Summit",
                Personalised,
            ),
            (
                "We both volunteer for the food bank on Saturdays",
                Personalised,
            ),
            (
                "Estou no Grupo de Data Engineering no WhatsApp",
                Personalised,
            ),
            // A named event or company.
            ("Great to see you at DataConf last week", Personalised),
            (
                "I wanted to ask about the internship at Acme Labs",
                Personalised,
            ),
            // Not specific: the profile, the experience, a next project.
            ("I came across your profile and was impressed", Generic),
            ("Vi seu perfil e gostaria de conectar", Generic),
            ("I'd love to help with your next project", Generic),
            // LinkedIn's canned text in other languages.
            (
                "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
                Default,
            ),
            (
                "Me gustaría añadirte a mi red profesional en LinkedIn.",
                Default,
            ),
            (
                "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
                Default,
            ),
            (
                "Je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
                Default,
            ),
        ];
        for (note, want) in cases {
            let tags = tag_one("", "", note);
            assert_eq!(tags.personalisation, want, "{note}: {tags:?}");
        }
    }

    #[test]
    fn courtesy_flags_from_clause_patterns() {
        let flags = |note: &str| {
            let c = tag_one("", "", note).courtesy;
            (c.introduces_self, c.states_reason, c.offers_value)
        };
        assert!(flags("Hi Tom, I'm Ana, a senior recruiter at Hays.").0);
        assert!(flags("This is Kavya from Rocketlane, reaching out about a role.").0);
        // "Our team" inside another clause is not an introduction.
        assert!(!flags("Hi Tom, I think our team would enjoy your talk.").0);
        assert!(flags("I'd gladly share the slides with you.").2);
        assert!(flags("Our team has data on this you are welcome to use.").2);
        assert!(flags("Posso mandar mais detalhes da posição?").2);
        // A basis is a reason, with or without a request.
        assert!(flags("Saw your post on async interviews.").1);
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

    /// Four copies of one note to four names, then a note of its own; templates of 3 or more
    /// are mass-sent.
    fn four_copies_and_one_note() -> (Vec<Invitation>, TagOptions<'static>) {
        let text = |name: &str| {
            format!("Hi {name}, I loved your post and have roles for you. Kind regards, Sam")
        };
        let invitations = ["Tom", "Ann", "Raj", "Zoë"]
            .iter()
            .map(|n| invitation("", "", &text(n)))
            .chain([invitation("", "", "Loved your post on data teams.")])
            .collect();
        let options = TagOptions {
            template_min: 3,
            senders: None,
        };
        (invitations, options)
    }

    #[test]
    fn identical_notes_with_different_names_form_a_mass_sent_template() {
        let rules = Rules::embedded();
        let (invitations, options) = four_copies_and_one_note();
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
    fn notes_not_tagged_count_toward_templates() {
        let rules = Rules::embedded();
        let (invitations, options) = four_copies_and_one_note();
        let all = tag_all(&invitations, &rules, options);
        // The first three as others, by their masked notes: the last two get the tags they get
        // among all five.
        let (_, keys) = tag_among(&invitations[..3], &rules, options, &[]);
        let others: Vec<ArcStr> = keys.into_iter().flatten().collect();
        assert_eq!(others.len(), 3);
        let (some, keys) = tag_among(&invitations[3..], &rules, options, &others);
        assert_eq!(some, all[3..]);
        assert!(keys[0].is_some() && keys[1].is_some());
        // Without them, Zoë's copy is one of one: not mass-sent.
        let alone = tag_all(&invitations[3..], &rules, options);
        assert_eq!(alone[0].template_size, 1);
        assert_ne!(alone[0].personalisation, Personalisation::Generic);
    }

    #[test]
    fn a_shared_analysis_is_each_note_s_own() {
        // The same texts from senders and to recipients whose names the texts do and do not
        // contain: the greeted name that is also the signed one, a name inside the note.
        let texts = [
            "Hi Sam, great to meet you at DataConf. Best, Sam",
            "Hi Tom, Sam Lee here from Hays; happy to share salary data. Regards, Sam",
            "I'd like to join your LinkedIn network.",
            "Hello Ann, loved your post. Ann",
            "",
        ];
        let people = [
            ("Sam Lee", "Tom Hall"),
            ("Ann Sam", "Sam Ray"),
            ("Tom", "Ann Lee"),
            ("", ""),
            ("Sam Lee", "Ann"),
        ];
        // Each text's invitations apart from one another, as a month of them comes.
        let invitations: Vec<Invitation> = people
            .iter()
            .flat_map(|(sender, recipient)| {
                texts.iter().map(move |text| Invitation {
                    sender_name: sender.to_string().into(),
                    recipient: recipient.to_string().into(),
                    ..invitation("", "", text)
                })
            })
            .collect();
        let rules = Rules::embedded();
        // One slice of texts, and the texts one and two at a time.
        for slice in [TEXTS_CHUNK, 1, 2] {
            let notes = NotesOf::sliced(&invitations, &rules, |_| true, slice);
            assert!(notes.facts.len() < invitations.len(), "nothing was shared");
            each_shares_its_own_analysis(&invitations, &notes, &rules);
        }
    }

    /// Whether each invitation's analysis in `notes` is the one its note alone gets.
    fn each_shares_its_own_analysis(invitations: &[Invitation], notes: &NotesOf, rules: &Rules) {
        let mut interner = Interner::default();
        for (row, inv) in invitations.iter().enumerate() {
            let own = note::analyse(&inv.message, &inv.sender_name, &inv.recipient, rules);
            let shared = notes.get(row);
            let what = format!(
                "{:?} from {:?} to {:?}",
                inv.message, inv.sender_name, inv.recipient
            );
            assert_eq!(
                shared.template_key.as_deref(),
                own.template_key.as_deref(),
                "{what}"
            );
            assert_eq!(shared.courtesy, own.courtesy, "{what}");
            assert_eq!(&*shared.courtesy_reason, own.courtesy_reason, "{what}");
            let category = |found: Option<(SenderCategory, &str)>| {
                found.map(|(category, reason)| (category, reason.to_string()))
            };
            assert_eq!(
                category(shared.category.as_ref().map(|(c, r)| (*c, &**r))),
                category(
                    category::from_note(&own.words, rules)
                        .as_ref()
                        .map(|(c, r)| (*c, r.as_str()))
                ),
                "{what}"
            );
            let own = personalise(&own, &mut interner);
            assert_eq!(shared.personalisation, own, "{what}");
        }
    }

    #[test]
    fn rows_are_grouped_in_order_within_each_group() {
        let (starts, rows) = grouped(&[2, 0, 2, 1, 0], 4);
        assert_eq!(starts, [0, 2, 3, 5, 5]);
        assert_eq!(rows, [1, 4, 3, 0, 2]);
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
