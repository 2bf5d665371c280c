//! Tag: invitation → sender category, personalisation level and courtesy, each with a reason.
//!
//! Takes invitations and the rules of `data/rules.toml`; gives `Tags` whose reasons name the
//! rule, phrase and field that decided them (`tag_all`, and `tag_among` with other notes
//! counting toward templates: the references the tests hold the runs to), or, for the runs, a
//! batch at a time (`Stream`: what it tags may still be merged with a copy, and only
//! `Stream::finish`'s invitations count toward templates, with a history store's unread months'
//! masked notes for `finish_retagger_among`), and once more with their reasons from what the
//! stream found (`Retagger`: to list them, or to store them).
//! Per-invitation work runs on rayon.
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
/// toward templates without being tagged, as a history store's months a run does not read do
/// (`Stream::finish_retagger_among`, which the tests hold to this). The tags are those
/// `tag_all` would give over the invitations and the others together. Also gives each
/// invitation's masked note, as stored.
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
    // The category where something other than the note gives one: a note is read for its
    // category only where nothing else gave one.
    let mut profiles = Profiles {
        reasons: true,
        ..Profiles::default()
    };
    let without_note = profiles.categories_without_note(invitations, rules, options);
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

    let tags = tags_of(
        without_note,
        &notes.of_invitation,
        &notes.facts,
        |fact| &templates[fact],
        &options,
    );
    (tags, own_keys)
}

/// Each invitation's tags, from its category without its note (`None`: left to the note), its
/// note's facts (`facts[of_invitation[row]]`) and their template (`template_of(fact)`).
fn tags_of<'t>(
    without_note: Vec<Option<(SenderCategory, ArcStr)>>,
    of_invitation: &[u32],
    facts: &[NoteFacts],
    template_of: impl Fn(usize) -> &'t templates::Template + Sync,
    options: &TagOptions<'_>,
) -> Vec<Tags> {
    without_note
        .into_par_iter()
        .enumerate()
        .map_init(Interner::default, |interner, (row, category)| {
            let fact = of_invitation[row] as usize;
            let note = &facts[fact];
            let template = template_of(fact);
            let (sender_category, category_reason) =
                category.unwrap_or_else(|| categorise_by_note(note, interner));
            let (personalisation, personalisation_reason) =
                match personalisation(&note.personalisation, template.size, options) {
                    (level, Some(mass_sent)) => (level, interner.intern(&mass_sent)),
                    (level, None) => (level, ArcStr::clone(note.personalisation.reason())),
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
        .collect()
}

/// The tagger a batch of invitations at a time, for a run that keeps of each invitation only
/// what its outcome needs (`Partial`), not its texts.
///
/// Everything but mass-sent templates is decided within the batch (each invitation's category
/// without its note, its note's analysis, shared with the batches before); templates need every
/// note, so `finish` clusters them once all are in. The tags are those `tag_all` gives over the
/// invitations `finish` is given.
pub struct Stream<'a> {
    rules: &'a Rules,
    options: TagOptions<'a>,
    notes: Notes,
    profiles: Profiles,
}

/// What `Stream` keeps of one invitation until `finish`: 8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partial {
    /// The category from anything but the note (`None`: left to the note).
    category: Option<SenderCategory>,
    /// The note's analysis, a place in `Stream`'s.
    fact: u32,
}

impl<'a> Stream<'a> {
    /// A stream that keeps no reasons: the report's, which shows none.
    pub fn new(rules: &'a Rules, options: TagOptions<'a>) -> Stream<'a> {
        Stream {
            rules,
            options,
            notes: Notes::default(),
            profiles: Profiles::default(),
        }
    }

    /// A stream that keeps each note's and profile's reasons, to tag its invitations again
    /// with them (`finish_retagger`).
    pub(crate) fn with_reasons(rules: &'a Rules, options: TagOptions<'a>) -> Stream<'a> {
        Stream {
            rules,
            options,
            notes: Notes {
                reasons: true,
                ..Notes::default()
            },
            profiles: Profiles {
                reasons: true,
                ..Profiles::default()
            },
        }
    }

    /// Each invitation's `Partial`, in order. Pass some `BATCH_ROWS` invitations at a time or
    /// more: each batch works out the words of its distinct notes and names afresh.
    pub fn tag(&mut self, invitations: &[Invitation]) -> Vec<Partial> {
        let categories =
            self.profiles
                .categories_without_note(invitations, self.rules, self.options);
        let facts = self
            .notes
            .add(invitations, self.rules, |row| categories[row].is_none());
        categories
            .into_iter()
            .zip(facts)
            .map(|(category, fact)| Partial {
                category: category.map(|(category, _)| category),
                fact,
            })
            .collect()
    }

    /// The sender category, personalisation and courtesy of the invitation `partial` stands
    /// for, but for the templates: the personalisation as its note alone gives it, which only
    /// `Finished::personalisation` turns to mass-sent.
    pub fn before_templates(
        &self,
        partial: Partial,
    ) -> (SenderCategory, Personalisation, Courtesy) {
        let note = &self.notes.facts[partial.fact as usize];
        let by_note = match note.category {
            NoteCategory::Found(category, _) => category,
            NoteCategory::NotLookedFor | NoteCategory::NoEvidence => SenderCategory::Unknown,
        };
        (
            partial.category.unwrap_or(by_note),
            note.personalisation.level(),
            note.courtesy,
        )
    }

    /// The templates of the invitations `partials` stand for (each invitation that counts,
    /// once), and with them each analysis' personalisation.
    pub fn finish(self, partials: impl Iterator<Item = Partial>) -> Finished {
        self.cluster_templates(partials, &[], false).0
    }

    /// `finish`, and what tagging the same invitations again with their reasons needs
    /// (`Retagger`). The stream must keep reasons (`with_reasons`).
    pub(crate) fn finish_retagger(
        self,
        partials: impl Iterator<Item = Partial>,
    ) -> (Finished, Retagger<'a>) {
        assert!(
            self.notes.reasons && self.profiles.reasons,
            "tagging again gives reasons: a stream with_reasons"
        );
        let (finished, retagger, _) = self.cluster_templates(partials, &[], false);
        (finished, retagger)
    }

    /// `finish_retagger`, where the masked notes of other invitations (`others`, made by these
    /// rules) count toward templates without being tagged, as in `tag_among`: a history
    /// store's months a run does not read. Also gives each invitation's masked note, to store.
    pub(crate) fn finish_retagger_among(
        self,
        partials: impl Iterator<Item = Partial>,
        others: &[ArcStr],
    ) -> (Retagger<'a>, MaskedNotes) {
        assert!(
            self.notes.reasons && self.profiles.reasons,
            "tagging again gives reasons: a stream with_reasons"
        );
        let (_, retagger, keys) = self.cluster_templates(partials, others, true);
        (retagger, MaskedNotes { keys })
    }

    /// Clusters the templates, and gives what both `finish`es give. A stream without reasons
    /// is only finished: of its analyses, only each note's personalisation evidence is kept
    /// past the templates.
    fn cluster_templates(
        self,
        partials: impl Iterator<Item = Partial>,
        others: &[ArcStr],
        keep_keys: bool,
    ) -> (Finished, Retagger<'a>, Vec<TemplateKey>) {
        // The index and the pool are not needed any more: let go before the templates' working
        // memory is taken (ten million invitations' index is some 150 MB).
        let Stream {
            rules,
            options,
            notes,
            profiles,
        } = self;
        let Notes {
            mut facts,
            index,
            shared,
            ..
        } = notes;
        drop((index, shared));
        let mut counts = vec![0u32; facts.len()];
        for partial in partials {
            counts[partial.fact as usize] += 1;
        }
        let template_keys: Vec<TemplateKey> = facts
            .iter_mut()
            .map(|note| note.template_key.take())
            .collect();
        // Without reasons, nothing will tag again: the profiles and all of each analysis but
        // its evidence go before the templates' working memory is taken (at ten million
        // invitations some 100 MB).
        let retagging = profiles.reasons;
        let (profiles, facts, evidence) = if retagging {
            (profiles, facts, Vec::new())
        } else {
            drop(profiles);
            let mut evidence: Vec<Evidence> =
                facts.into_iter().map(|note| note.personalisation).collect();
            // The collect reuses the facts' larger buffer: only this gives memory back.
            evidence.shrink_to_fit();
            (Profiles::default(), Vec::new(), evidence)
        };
        let evidence_of = |f: usize| {
            if retagging {
                &facts[f].personalisation
            } else {
                &evidence[f]
            }
        };
        // Only the analyses of invitations that count: others may be copies merged away, or
        // invitations after the as-of instant.
        let counted: Vec<u32> = (0..template_keys.len() as u32)
            .filter(|&f| counts[f as usize] > 0)
            .collect();
        let keys: Vec<Option<&str>> = counted
            .iter()
            .map(|&f| template_keys[f as usize].as_deref())
            .chain(others.iter().map(|k| Some(&**k)))
            .collect();
        let counts: Vec<u32> = {
            let all = counts;
            let mut counts: Vec<u32> = counted.iter().map(|&f| all[f as usize]).collect();
            counts.resize(counted.len() + others.len(), 1);
            counts
        };
        let templates = Templates {
            found: {
                let mut found = templates::cluster_counted(&keys, &counts);
                found.truncate(counted.len());
                found
            },
            place: {
                let mut place = vec![u32::MAX; template_keys.len()];
                for (i, &f) in counted.iter().enumerate() {
                    place[f as usize] = i as u32;
                }
                place
            },
        };
        // The masked notes have served, unless they are asked for.
        drop((keys, counts, counted));
        let template_keys = if keep_keys { template_keys } else { Vec::new() };
        let personalisations = (0..templates.place.len())
            .map(|f| personalisation(evidence_of(f), templates.of(f).size, &options).0)
            .collect();
        drop(evidence);
        let retagger = Retagger {
            rules,
            options,
            profiles,
            facts,
            templates,
        };
        (Finished { personalisations }, retagger, template_keys)
    }
}

/// The tagger once more, over the invitations a `Stream` (`with_reasons`) finished with, or
/// some of them, a batch at a time: their tags with reasons, as `tag_all` gives them over all of
/// those invitations at once. Each note's analysis and template are the stream's: only the
/// category from the sender's profile is looked up again, in the stream's cache.
pub(crate) struct Retagger<'a> {
    rules: &'a Rules,
    options: TagOptions<'a>,
    profiles: Profiles,
    facts: Vec<NoteFacts>,
    templates: Templates,
}

/// Each note's masked text, as `tag_among` gives it, from `Stream::finish_retagger_among`.
pub(crate) struct MaskedNotes {
    /// By analysis.
    keys: Vec<TemplateKey>,
}

impl MaskedNotes {
    /// The masked note of the invitation `partial` stands for.
    pub(crate) fn of(&self, partial: Partial) -> TemplateKey {
        self.keys[partial.fact as usize].clone()
    }
}

/// The template of each analysis a stream counted.
struct Templates {
    /// In order of the analyses counted.
    found: Vec<templates::Template>,
    /// Each analysis' place in `found` (`u32::MAX` if not counted).
    place: Vec<u32>,
}

impl Templates {
    /// Analysis `fact`'s template (that of no note if it was not counted).
    fn of(&self, fact: usize) -> &templates::Template {
        const NONE: &templates::Template = &templates::Template { id: None, size: 0 };
        self.found.get(self.place[fact] as usize).unwrap_or(NONE)
    }
}

impl Retagger<'_> {
    /// The tags of `invitations`, each tagged by the stream as `partials` says, in order.
    ///
    /// # Panics
    /// If the stream never met one of their profiles (it met each of its invitations').
    pub(crate) fn tag(&self, invitations: &[Invitation], partials: &[Partial]) -> Vec<Tags> {
        assert_eq!(
            invitations.len(),
            partials.len(),
            "a partial per invitation"
        );
        let pairs = Profiles::pairs(invitations);
        let without_note =
            self.profiles
                .categories_met(invitations, &pairs, self.rules, self.options);
        debug_assert!(without_note
            .iter()
            .zip(partials)
            .all(|(found, partial)| found.as_ref().map(|c| c.0) == partial.category));
        let of_invitation: Vec<u32> = partials.iter().map(|p| p.fact).collect();
        tags_of(
            without_note,
            &of_invitation,
            &self.facts,
            |fact| self.templates.of(fact),
            &self.options,
        )
    }
}

/// `Stream::finish`'s templates: the personalisation of each analysis.
pub struct Finished {
    personalisations: Vec<Personalisation>,
}

impl Finished {
    /// The personalisation of the invitation `partial` stands for.
    pub fn personalisation(&self, partial: Partial) -> Personalisation {
        self.personalisations[partial.fact as usize]
    }
}

/// The personalisation level a note's `evidence` gives, in a template of `size` notes; with the
/// reason when it is mass-sent (else the evidence's own).
fn personalisation(
    evidence: &Evidence,
    size: usize,
    options: &TagOptions<'_>,
) -> (Personalisation, Option<String>) {
    match evidence {
        Evidence::Decided(level, _) => (*level, None),
        Evidence::UnlessMassSent(..) if size >= options.template_min => {
            let reason = format!(
                "mass-sent: template shared by {size} notes (--template-min {})",
                options.template_min
            );
            (Personalisation::Generic, Some(reason))
        }
        Evidence::UnlessMassSent(level, _) => (*level, None),
    }
}

/// What one note says, as the tags need it: `note::analyse` reduced to its verdicts.
struct NoteFacts {
    personalisation: Evidence,
    courtesy: Courtesy,
    courtesy_reason: ArcStr,
    /// `category::from_note`: the note's evidence of who the sender is. Not looked for while
    /// every invitation with this note has a category from elsewhere.
    category: NoteCategory,
    /// The masked text `templates::cluster_counted` compares.
    template_key: TemplateKey,
    chars: usize,
}

/// What a note says of who its sender is (`category::from_note`), once looked for.
#[derive(Debug, Clone, PartialEq)]
enum NoteCategory {
    NotLookedFor,
    NoEvidence,
    Found(SenderCategory, ArcStr),
}

/// The facts of each distinct note analysis met so far, added a batch of invitations at a time.
///
/// Mass-sent and canned notes repeat: a million generated invitations hold under 300,000
/// distinct notes. Two invitations share an analysis when their notes are the same text and
/// their names agree on the words that text contains (`note::Names::within`), which gives each
/// exactly what its own analysis would. An analysis is found again by a 128-bit hash of that
/// text and those names, not by copies of them: two different ones share a hash with
/// probability about 2⁻¹²⁸ per pair.
#[derive(Default)]
struct Notes {
    /// Whether the facts keep their reasons (`tag_all`'s and a listing `Stream`'s do; the
    /// report's `Stream` needs none, and they are many: a courtesy reason for each distinct set
    /// of names a note greets and signs with, a personalisation reason quoting each note's own
    /// reference).
    reasons: bool,
    index: HashMap<u128, u32, FxBuildHasher>,
    facts: Vec<NoteFacts>,
    /// Masked notes and courtesy reasons, one copy of each: invitations whose names differ
    /// share both (a million generated invitations' 296,000 analyses hold 190,000 distinct
    /// masked notes and 125,000 distinct courtesy reasons).
    shared: crate::model::TextPool,
}

impl Notes {
    /// The place in `facts` of each invitation's note, analysing those not met before.
    /// `needs_category(row)`: whether invitation `row` (of these) leaves its category to its
    /// note; a note is read for its category only once one of its invitations needs it.
    ///
    /// Holds the words of the batch's distinct notes and each invitation's names at once: a
    /// caller passes `BATCH_ROWS` invitations or so at a time (a million generated invitations'
    /// notes as words are some 90 MB).
    fn add(
        &mut self,
        invitations: &[Invitation],
        rules: &Rules,
        needs_category: impl Fn(usize) -> bool + Sync,
    ) -> Vec<u32> {
        // 1. Distinct notes as words, and distinct names.
        let (text_of, texts) = distinct(invitations.iter().map(|i| &*i.message));
        let words: Vec<Words> = texts.par_iter().map(|t| Words::new(t)).collect();
        let (sender_of, senders) = distinct_words(invitations.iter().map(|i| &*i.sender_name));
        let (recipient_of, recipients) = distinct_words(invitations.iter().map(|i| &*i.recipient));

        // 2. Each invitation's names as far as its note can tell, and the key of its analysis.
        let names: Vec<(note::Names<'_>, u128)> = (0..invitations.len())
            .into_par_iter()
            .map(|row| {
                let text = text_of[row] as usize;
                let words = &words[text];
                let names = if words.is_empty() {
                    note::Names::default()
                } else {
                    let sender = &senders[sender_of[row] as usize];
                    let recipient = &recipients[recipient_of[row] as usize];
                    note::Names::within(sender, recipient, words)
                };
                let key = analysis_key(texts[text], &names);
                (names, key)
            })
            .collect();

        // 3. Each invitation's analysis: one met before, or a new one (`new`, by the first
        //    invitation that has it).
        // Places are u32: a batch's new analyses are at most its invitations.
        u32::try_from(self.facts.len() + invitations.len()).expect("fewer than 2³² note analyses");
        let first = self.facts.len() as u32;
        let mut new: Vec<usize> = Vec::new();
        let of_invitation: Vec<u32> = names
            .iter()
            .enumerate()
            .map(|(row, &(_, key))| {
                let next = first + new.len() as u32;
                *self.index.entry(key).or_insert_with(|| {
                    new.push(row);
                    next
                })
            })
            .collect();
        let mut category_needed = vec![false; new.len()];
        // Analyses met before whose category was not looked for, by an invitation that has it.
        let mut looked_for: HashMap<u32, usize, FxBuildHasher> = HashMap::default();
        for (row, &fact) in of_invitation.iter().enumerate() {
            if fact >= first {
                let needed = &mut category_needed[(fact - first) as usize];
                *needed = *needed || needs_category(row);
            } else if self.facts[fact as usize].category == NoteCategory::NotLookedFor
                && needs_category(row)
            {
                looked_for.entry(fact).or_insert(row);
            }
        }
        let from_note = |interner: &mut Interner, row: usize| match category::from_note(
            &words[text_of[row] as usize],
            rules,
        ) {
            Some((category, reason)) => NoteCategory::Found(category, interner.intern(&reason)),
            None => NoteCategory::NoEvidence,
        };
        let reasons = self.reasons;
        let found: Vec<(u32, NoteCategory)> = looked_for
            .into_par_iter()
            .map_init(
                || Interner::keeping(reasons),
                |interner, (fact, row)| (fact, from_note(interner, row)),
            )
            .collect();
        for (fact, category) in found {
            self.facts[fact as usize].category = category;
        }

        // 4. One analysis for each new key.
        let shared = &self.shared;
        let analyses = new.par_iter().zip(&category_needed).map_init(
            || Interner::keeping(reasons),
            |interner, (&row, &needed)| {
                let text = text_of[row] as usize;
                let message = texts[text];
                let words = words[text].clone();
                let note = note::analyse_words(message, words, &names[row].0, rules);
                NoteFacts {
                    personalisation: personalise(&note, interner),
                    courtesy: note.courtesy,
                    // Not with the other reasons: courtesy reasons quote names, and would
                    // crowd those out of `Interner`'s few.
                    courtesy_reason: if reasons {
                        shared.get(&note.courtesy_reason)
                    } else {
                        ArcStr::new()
                    },
                    category: if needed {
                        from_note(interner, row)
                    } else {
                        NoteCategory::NotLookedFor
                    },
                    template_key: note.template_key.map(|key| shared.get(&key)),
                    chars: message.chars().count(),
                }
            },
        );
        self.facts.par_extend(analyses);
        of_invitation
    }
}

/// The key under which `Notes` finds an analysis: a 128-bit hash of the note and the names it
/// contains.
fn analysis_key(text: &str, names: &note::Names<'_>) -> u128 {
    hash128(&(text, names))
}

/// The facts of each invitation's note.
struct NotesOf {
    /// For each invitation, its note's place in `facts`.
    of_invitation: Vec<u32>,
    facts: Vec<NoteFacts>,
}

impl NotesOf {
    /// `needs_category(row)`: whether invitation `row`'s category is left to its note.
    fn new(
        invitations: &[Invitation],
        rules: &Rules,
        needs_category: impl Fn(usize) -> bool + Sync,
    ) -> NotesOf {
        NotesOf::batched(invitations, rules, needs_category, BATCH_ROWS)
    }

    /// `new`, adding the invitations to `Notes` `batch` at a time.
    fn batched(
        invitations: &[Invitation],
        rules: &Rules,
        needs_category: impl Fn(usize) -> bool + Sync,
        batch: usize,
    ) -> NotesOf {
        let mut notes = Notes {
            reasons: true,
            ..Notes::default()
        };
        let mut of_invitation = Vec::with_capacity(invitations.len());
        for rows in chunks(invitations.len(), batch) {
            let start = rows.start;
            let facts = notes.add(&invitations[rows], rules, |row| needs_category(start + row));
            of_invitation.extend(facts);
        }
        NotesOf {
            of_invitation,
            facts: notes.facts,
        }
    }

    /// The facts of invitation `row`'s note.
    fn get(&self, row: usize) -> &NoteFacts {
        &self.facts[self.of_invitation[row] as usize]
    }
}

/// Invitations `Notes::add` is given at once.
pub const BATCH_ROWS: usize = 1 << 16;

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

/// For each text, its place among the distinct ones (`distinct`); and each distinct text's
/// `Words`.
fn distinct_words<'a>(all: impl Iterator<Item = &'a str>) -> (Vec<u32>, Vec<Words>) {
    let (of, texts) = distinct(all);
    let words = texts.par_iter().map(|t| Words::new(t)).collect();
    (of, words)
}

/// A personalisation level as far as one note can tell.
#[derive(Debug, Clone, PartialEq)]
enum Evidence {
    /// Settled by the note alone (no note, canned text, placeholder).
    Decided(Personalisation, ArcStr),
    /// This level, unless the note's template turns out to be mass-sent.
    UnlessMassSent(Personalisation, ArcStr),
}

impl Evidence {
    /// The level, unless mass-sent.
    fn level(&self) -> Personalisation {
        match self {
            Evidence::Decided(level, _) | Evidence::UnlessMassSent(level, _) => *level,
        }
    }

    fn reason(&self) -> &ArcStr {
        match self {
            Evidence::Decided(_, reason) | Evidence::UnlessMassSent(_, reason) => reason,
        }
    }
}

/// Shares one copy of each reason text among the invitations that give it: a million tags hold
/// a few thousand distinct reasons, not a million strings.
#[derive(Default)]
struct Interner {
    seen: HashSet<ArcStr, FxBuildHasher>,
    /// Gives every reason as the empty text, without making it (`Stream` shows none).
    none: bool,
}

impl Interner {
    /// Distinct texts kept per interner (rayon's `map_init` makes one per piece of work it
    /// splits off): reasons that quote a note's words rarely repeat, and a cache of every one of
    /// them would cost more than it saves.
    const LIMIT: usize = 4096;

    /// An interner whose reasons are all the empty text (`reasons` false), or the usual one.
    fn keeping(reasons: bool) -> Interner {
        Interner {
            none: !reasons,
            ..Interner::default()
        }
    }

    /// `intern` of a text made only when it is kept.
    fn format(&mut self, text: std::fmt::Arguments<'_>) -> ArcStr {
        if self.none {
            return ArcStr::new();
        }
        self.intern(&text.to_string())
    }

    fn intern(&mut self, text: &str) -> ArcStr {
        if self.none {
            return ArcStr::new();
        }
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

/// `category::from_profile` of each (headline, company) pair met so far, found again by a
/// 128-bit hash of the pair.
///
/// The same senders write to the same people month after month, so a year of invitations holds
/// far fewer profiles than rows (a million generated invitations hold 112,000): each is
/// categorised once a run, whichever batch it comes in.
#[derive(Default)]
struct Profiles {
    /// Whether the categories keep their reasons (`tag_all`'s and a listing `Stream`'s do; the
    /// report's `Stream` needs none). Each distinct reason is one copy (`Interner`).
    reasons: bool,
    found: HashMap<u128, Option<(SenderCategory, ArcStr)>, FxBuildHasher>,
}

impl Profiles {
    /// `categorise_without_note` of each invitation: `None` leaves its category to its note.
    /// Each profile not met before is categorised and kept.
    fn categories_without_note(
        &mut self,
        invitations: &[Invitation],
        rules: &Rules,
        options: TagOptions<'_>,
    ) -> Vec<Option<(SenderCategory, ArcStr)>> {
        let pairs = Profiles::pairs(invitations);
        self.learn(invitations, &pairs, rules);
        self.categories_met(invitations, &pairs, rules, options)
    }

    /// The hash of each invitation's (headline, company) pair, by which `found` holds it.
    fn pairs(invitations: &[Invitation]) -> Vec<u128> {
        invitations
            .par_iter()
            .map(|inv| hash128(&(&*inv.sender_headline, &*inv.sender_company)))
            .collect()
    }

    /// Categorises the profiles (`pairs`, one per invitation) not met before.
    fn learn(&mut self, invitations: &[Invitation], pairs: &[u128], rules: &Rules) {
        // The first invitation of each pair not met before.
        let mut new: Vec<usize> = Vec::new();
        for (row, &pair) in pairs.iter().enumerate() {
            self.found.entry(pair).or_insert_with(|| {
                new.push(row);
                None
            });
        }
        let reasons = self.reasons;
        // Reasons name a rule's phrase, and many profiles share one: one copy each.
        let categorised: Vec<_> = new
            .par_iter()
            .map_init(
                || Interner::keeping(reasons),
                |interner, &row| {
                    let inv = &invitations[row];
                    category::from_profile(
                        &inv.sender_headline,
                        &inv.sender_company,
                        "headline",
                        rules,
                    )
                    .map(|(category, reason)| (category, interner.intern(&reason)))
                },
            )
            .collect();
        for (&row, category) in new.iter().zip(categorised) {
            self.found.insert(pairs[row], category);
        }
    }

    /// `categories_without_note`, where every profile has been met (`learn`).
    fn categories_met(
        &self,
        invitations: &[Invitation],
        pairs: &[u128],
        rules: &Rules,
        options: TagOptions<'_>,
    ) -> Vec<Option<(SenderCategory, ArcStr)>> {
        let found = &self.found;
        invitations
            .par_iter()
            .zip(pairs)
            .map_init(
                || Interner::keeping(self.reasons),
                |interner, (inv, pair)| {
                    let profile = || found[pair].clone();
                    categorise_without_note(inv, options.senders, profile, interner, rules)
                },
            )
            .collect()
    }
}

/// A 128-bit hash of `value`, which stands for it in the tagger's indexes: two different values
/// share one with probability about 2⁻¹²⁸ per pair.
fn hash128(value: &impl std::hash::Hash) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    value.hash(&mut hasher);
    hasher.digest128()
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
        NoteCategory::Found(category, reason) => (*category, ArcStr::clone(reason)),
        NoteCategory::NotLookedFor | NoteCategory::NoEvidence => (
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
        let reason = interner.format(format_args!("default_texts: LinkedIn canned text '{text}'"));
        return Evidence::Decided(Personalisation::Default, reason);
    }
    if let Some(placeholder) = &note.placeholder {
        let reason = interner.format(format_args!("unfilled placeholder '{placeholder}'"));
        return Evidence::Decided(Personalisation::Generic, reason);
    }
    match &note.specific {
        Some(p) => Evidence::UnlessMassSent(
            Personalisation::Personalised,
            interner.format(format_args!("specific: reference '{p}' in note")),
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
        // All in one batch, and one and two invitations at a time; the category needed by
        // every invitation, or by every third (an analysis met first where it is not needed).
        let every: &(dyn Fn(usize) -> bool + Sync) = &|_| true;
        let every_third: &(dyn Fn(usize) -> bool + Sync) = &|row| row % 3 == 2;
        for batch in [BATCH_ROWS, 1, 2] {
            for needs in [every, every_third] {
                let notes = NotesOf::batched(&invitations, &rules, needs, batch);
                assert!(notes.facts.len() < invitations.len(), "nothing was shared");
                each_shares_its_own_analysis(&invitations, &notes, &rules, needs);
            }
        }
    }

    /// Whether each invitation's analysis in `notes` is the one its note alone gets.
    /// `needs(row)`: whether the note's category is asked for.
    fn each_shares_its_own_analysis(
        invitations: &[Invitation],
        notes: &NotesOf,
        rules: &Rules,
        needs: &(dyn Fn(usize) -> bool + Sync),
    ) {
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
            assert_eq!(
                shared.personalisation,
                personalise(&own, &mut interner),
                "{what}"
            );
            if !needs(row) {
                continue;
            }
            let found = match &shared.category {
                NoteCategory::NotLookedFor => panic!("not looked for where needed: {what}"),
                NoteCategory::NoEvidence => None,
                NoteCategory::Found(category, reason) => Some((*category, reason.to_string())),
            };
            assert_eq!(found, category::from_note(&own.words, rules), "{what}");
        }
    }

    #[test]
    fn a_stream_gives_the_tags_of_the_invitations_it_finishes_with() {
        let (mut invitations, options) = four_copies_and_one_note();
        invitations.extend([
            invitation("Senior recruiter at Hays", "Hays", ""),
            invitation("", "", "I'd like to join your LinkedIn network."),
            invitation(
                "",
                "",
                "Hi, I am a recruitment consultant with roles for you.",
            ),
            invitation("Data engineer", "Acme", "Hi Tom, I loved your post."),
        ]);
        // Each note again from another sender, later: analyses met in an earlier batch.
        let again: Vec<Invitation> = invitations
            .iter()
            .map(|i| Invitation {
                sender_name: "Raj Patel".into(),
                ..i.clone()
            })
            .collect();
        invitations.extend(again);
        let rules = Rules::embedded();
        let wanted = |invitations: &[Invitation]| -> Vec<_> {
            tag_all(invitations, &rules, options)
                .into_iter()
                .map(|t| (t.sender_category, t.personalisation, t.courtesy))
                .collect()
        };
        for batch in [1, 2, 5, invitations.len()] {
            let mut stream = Stream::new(&rules, options);
            let partials: Vec<Partial> = invitations
                .chunks(batch)
                .flat_map(|some| stream.tag(some))
                .collect();
            // Only some count at the end: the templates are theirs alone (two of the four
            // copies of the mass-sent note fall below `template_min`).
            let counted: Vec<usize> = (0..invitations.len()).filter(|i| i % 3 != 1).collect();
            let kept: Vec<Partial> = counted.iter().map(|&i| partials[i]).collect();
            let before: Vec<_> = kept.iter().map(|&p| stream.before_templates(p)).collect();
            let finished = stream.finish(kept.iter().copied());
            let got: Vec<_> = kept
                .iter()
                .zip(before)
                .map(|(&p, (category, _, courtesy))| {
                    (category, finished.personalisation(p), courtesy)
                })
                .collect();
            let subset: Vec<Invitation> = counted.iter().map(|&i| invitations[i].clone()).collect();
            assert_eq!(got, wanted(&subset), "batches of {batch}");
        }
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
