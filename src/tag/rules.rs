//! Tagging rules as data: `data/rules.toml`, compiled in or replaced with `--rules FILE`, parsed
//! once into phrase lists that each match in one Aho–Corasick pass.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::text::Words;
use rustc_hash::FxBuildHasher;

/// The rule file compiled into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../data/rules.toml");

/// One phrase of a list found in a text, as whole words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Position of the phrase in its list: lower wins.
    pub id: usize,
    /// Byte range in the text's padded form (`Words::padded`).
    pub start: usize,
    pub end: usize,
}

/// A list of phrases matched as whole words, ignoring case and punctuation.
///
/// Phrases are normalised like the text (`Words`), and one automaton finds all of them in one
/// pass over the text; a hit counts only when it starts and ends at word breaks.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    /// (as written, normalised key)
    phrases: Vec<(String, String)>,
    keys: HashSet<String, FxBuildHasher>,
    /// Each key's words, in the order of `phrases`.
    key_words: Vec<Vec<String>>,
    /// The first word of every key: a text whose first word is not here is no key, which
    /// `is_exactly_words` checks before joining words into a string to look up.
    first_words: HashSet<String, FxBuildHasher>,
    /// The most words in one key.
    max_words: usize,
    automaton: Option<AhoCorasick>,
}

impl PhraseList {
    /// Builds the list; phrases that normalise to nothing are dropped. `what` names the list in
    /// an error.
    pub fn new(phrases: Vec<String>, what: &str) -> Result<PhraseList, String> {
        let phrases: Vec<(String, String)> = phrases
            .into_iter()
            .map(|p| {
                let key = Words::new(&p).as_str().to_string();
                (p, key)
            })
            .filter(|(_, key)| !key.is_empty())
            .collect();
        let automaton = automaton(phrases.iter().map(|(_, key)| key.as_str()), what)?;
        let keys = phrases.iter().map(|(_, key)| key.clone()).collect();
        let key_words: Vec<Vec<String>> = phrases
            .iter()
            .map(|(_, key)| key.split(' ').map(str::to_string).collect())
            .collect();
        let first_words = key_words
            .iter()
            .filter_map(|w| w.first().cloned())
            .collect();
        let max_words = key_words.iter().map(Vec::len).max().unwrap_or(0);
        Ok(PhraseList {
            phrases,
            keys,
            key_words,
            first_words,
            max_words,
            automaton,
        })
    }

    /// Every phrase found as whole words in `words`, in text order.
    pub fn matches(&self, words: &Words) -> Vec<PhraseMatch> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let text = words.padded().as_bytes();
        automaton
            .find_overlapping_iter(words.padded())
            .filter(|m| {
                text[m.start() - 1] == b' '
                    && text.get(m.end()) == Some(&b' ')
                    && !words.spans_break(m.start(), m.end())
            })
            .map(|m| PhraseMatch {
                id: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect()
    }

    /// The first phrase of the list (in list order) found as whole words in `words`.
    pub fn find(&self, words: &Words) -> Option<&str> {
        self.find_unless(words, &PhraseList::default())
    }

    /// Like `find`, but a hit that lies inside a hit of `unless` does not count.
    pub fn find_unless(&self, words: &Words, unless: &PhraseList) -> Option<&str> {
        self.first_unless(words, unless).map(|m| self.phrase(m.id))
    }

    /// The winning match itself (lowest id), skipping hits inside `unless`.
    pub fn first_unless(&self, words: &Words, unless: &PhraseList) -> Option<PhraseMatch> {
        let vetoes = Vetoes::new(unless.matches(words));
        self.matches(words)
            .into_iter()
            .filter(|m| !vetoes.cover(m))
            .min_by_key(|m| (m.id, m.start))
    }

    /// The phrase as written in the rule file.
    pub fn phrase(&self, id: usize) -> &str {
        &self.phrases[id].0
    }

    /// Whether `text` (already normalised, no padding) is exactly one of the phrases.
    pub fn is_exactly(&self, text: &str) -> bool {
        self.keys.contains(text)
    }

    /// Whether the words, joined by single spaces, are exactly one of the phrases. `buffer` is
    /// scratch space, so a caller trying many word runs allocates once.
    pub fn is_exactly_words<'a>(
        &self,
        mut words: impl Iterator<Item = &'a str>,
        buffer: &mut String,
    ) -> bool {
        let Some(first) = words.next() else {
            return self.keys.contains("");
        };
        // A word holds no space, so the joined text's first word is `first`.
        if !first.contains(' ') && !self.first_words.contains(first) {
            return false;
        }
        buffer.clear();
        buffer.push_str(first);
        for word in words {
            buffer.push(' ');
            buffer.push_str(word);
        }
        self.keys.contains(buffer.as_str())
    }

    /// The phrases in normalised form, in list order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(|(_, key)| key.as_str())
    }

    /// Each key with its words.
    pub fn keys_and_words(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.keys().zip(self.key_words.iter().map(Vec::as_slice))
    }

    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// The most words any one phrase has.
    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }
}

/// One automaton finding every key, or none when there are no keys.
///
/// Building fails only past aho-corasick's limits on the number of patterns and states (about
/// two billion), which no rule file read into memory comes near; a user's file is still a
/// user's input, so reaching them is an error naming `what`, not a crash.
fn automaton<'k>(
    keys: impl IntoIterator<Item = &'k str>,
    what: &str,
) -> Result<Option<AhoCorasick>, String> {
    let mut keys = keys.into_iter().peekable();
    if keys.peek().is_none() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(keys)
        .map(Some)
        .map_err(|e| {
            format!("{what}: cannot build a matcher for its phrases ({e}); shorten the list")
        })
}

/// The names of the lists of one `ListGroup`, and where the rules keep each list.
///
/// Every group names its lists with its own type, so a hit is asked for by name: the order the
/// lists were given in, in code or in the rule file, cannot send a list's hits to another.
pub trait ListName: Copy + Ord {
    /// The list's phrases.
    fn phrases(self, rules: &Rules) -> &PhraseList;
}

/// One side of one of a table's structures, as a list of a `ListGroup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StructureSide {
    /// The structure's position in its table.
    structure: usize,
    /// `then` rather than `first`.
    then: bool,
}

impl StructureSide {
    /// Both sides of every structure in `structures`.
    pub fn all(structures: &[Structure]) -> impl Iterator<Item = StructureSide> {
        (0..structures.len())
            .flat_map(|structure| [false, true].map(|then| StructureSide { structure, then }))
    }

    /// The side's phrases; `structures` is the table the side was taken from.
    pub fn phrases(self, structures: &[Structure]) -> &PhraseList {
        let structure = &structures[self.structure];
        if self.then {
            &structure.then.phrases
        } else {
            &structure.first.phrases
        }
    }
}

/// Several phrase lists matched together in one pass over a text.
///
/// A note or headline is checked against a dozen lists; one automaton over all their phrases
/// finds the same whole-word hits as a pass per list, at the cost of one. Lists are named by
/// `K`.
#[derive(Debug, Clone)]
pub struct ListGroup<K> {
    automaton: Option<AhoCorasick>,
    /// For each distinct phrase key: the (list, phrase id) pairs it stands for.
    owners: Vec<Vec<(K, usize)>>,
}

impl<K> Default for ListGroup<K> {
    fn default() -> Self {
        ListGroup {
            automaton: None,
            owners: Vec::new(),
        }
    }
}

/// Every whole-word hit of a `ListGroup` in one text, grouped by list, each list's in text
/// order.
#[derive(Debug, Clone)]
pub struct GroupHits<K> {
    /// The list of each hit, ascending; `hits[i]` is that hit.
    lists: Vec<K>,
    hits: Vec<PhraseMatch>,
}

impl<K: ListName> ListGroup<K> {
    /// The group of the lists `names`, whose phrases `rules` holds; `what` names them in an
    /// error.
    pub fn new(
        names: impl IntoIterator<Item = K>,
        rules: &Rules,
        what: &str,
    ) -> Result<ListGroup<K>, String> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut keys: Vec<&str> = Vec::new();
        let mut owners: Vec<Vec<(K, usize)>> = Vec::new();
        for list in names {
            for (id, key) in list.phrases(rules).keys().enumerate() {
                let k = *index.entry(key).or_insert_with(|| {
                    keys.push(key);
                    owners.push(Vec::new());
                    keys.len() - 1
                });
                owners[k].push((list, id));
            }
        }
        let automaton = automaton(keys, what)?;
        Ok(ListGroup { automaton, owners })
    }

    /// Every hit of every list in `words`.
    pub fn scan(&self, words: &Words) -> GroupHits<K> {
        let mut hits = Vec::new();
        if let Some(automaton) = &self.automaton {
            let text = words.padded().as_bytes();
            for m in automaton.find_overlapping_iter(words.padded()) {
                if text[m.start() - 1] != b' '
                    || text.get(m.end()) != Some(&b' ')
                    || words.spans_break(m.start(), m.end())
                {
                    continue;
                }
                for &(list, id) in &self.owners[m.pattern().as_usize()] {
                    hits.push((
                        list,
                        PhraseMatch {
                            id,
                            start: m.start(),
                            end: m.end(),
                        },
                    ));
                }
            }
        }
        // By list, then text order (a stable sort keeps it): a list's hits are one range.
        hits.sort_by_key(|&(list, _)| list);
        let (lists, hits) = hits.into_iter().unzip();
        GroupHits { lists, hits }
    }
}

/// Veto matches, indexed so that "does a veto cover this hit?" costs a binary search: a note
/// of ten megabytes can hold hundreds of thousands of hits, and comparing every hit with every
/// veto would take minutes.
pub struct Vetoes {
    /// Veto matches sorted by start.
    sorted: Vec<PhraseMatch>,
    /// `max_end[i]`: the furthest end among `sorted[..=i]`.
    max_end: Vec<usize>,
}

impl Vetoes {
    pub fn new(mut matches: Vec<PhraseMatch>) -> Vetoes {
        matches.sort_by_key(|m| m.start);
        let max_end = matches
            .iter()
            .scan(0, |furthest, m| {
                *furthest = (*furthest).max(m.end);
                Some(*furthest)
            })
            .collect();
        Vetoes {
            sorted: matches,
            max_end,
        }
    }

    /// Whether some veto starts at or before `m` and ends at or after it.
    pub fn cover(&self, m: &PhraseMatch) -> bool {
        let starting_before = self.sorted.partition_point(|v| v.start <= m.start);
        starting_before > 0 && self.max_end[starting_before - 1] >= m.end
    }
}

impl<K: ListName> GroupHits<K> {
    /// The hits of one list, in the order found.
    pub fn matches(&self, list: K) -> impl Iterator<Item = PhraseMatch> + '_ {
        self.of(list).iter().copied()
    }

    /// The hits of one list, as a slice.
    pub fn of(&self, list: K) -> &[PhraseMatch] {
        let start = self.lists.partition_point(|&l| l < list);
        let end = self.lists.partition_point(|&l| l <= list);
        &self.hits[start..end]
    }

    /// `PhraseList::first_unless` for list `list` and veto list `unless` of the group.
    pub fn first_unless(&self, list: K, unless: Option<K>) -> Option<PhraseMatch> {
        let vetoes = Vetoes::new(unless.map_or_else(Vec::new, |u| self.matches(u).collect()));
        self.matches(list)
            .filter(|m| !vetoes.cover(m))
            .min_by_key(|m| (m.id, m.start))
    }

    /// The phrase of list `list` (as written in `rules`) that `first_unless` finds.
    pub fn find_unless<'r>(&self, rules: &'r Rules, list: K, unless: Option<K>) -> Option<&'r str> {
        self.first_unless(list, unless)
            .map(|m| list.phrases(rules).phrase(m.id))
    }

    /// `find_unless` without a veto list.
    pub fn find<'r>(&self, rules: &'r Rules, list: K) -> Option<&'r str> {
        self.find_unless(rules, list, None)
    }

    /// The hits of structure `k`, whose sides the group names `side(…)`, with `vetoes`.
    pub fn structure<'a>(
        &'a self,
        k: usize,
        side: impl Fn(StructureSide) -> K,
        vetoes: &'a Vetoes,
    ) -> StructureHits<'a> {
        let [first, then] =
            [false, true].map(|then| self.of(side(StructureSide { structure: k, then })));
        StructureHits {
            sides: [first, then],
            vetoes,
        }
    }
}

/// Declares the rule file's tables and their parsed counterparts in one place, so a list added
/// to the file cannot be forgotten in the parser.
macro_rules! lists {
    ($file:ident, $parsed:ident { $($field:ident),* $(,)? }) => {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $file {
            // A list a rule file leaves out is empty: files written for an older release,
            // before a list existed, still load.
            $(#[serde(default)] $field: Vec<String>,)*
            /// Proximity rules: a phrase of `first`, then one of `then` within a few words.
            #[serde(default)]
            structures: Vec<StructureFile>,
        }

        /// Phrase lists of one table of the rule file, and its proximity rules.
        #[derive(Debug, Clone)]
        pub struct $parsed {
            $(pub $field: PhraseList,)*
            pub structures: Vec<Structure>,
        }

        impl $parsed {
            /// Expands `{name}` slots from `vocabulary` in every list, then builds them.
            fn build(file: $file, vocabulary: &Vocabulary) -> Result<$parsed, String> {
                Ok($parsed {
                    $($field: PhraseList::new(
                        vocabulary.expand(file.$field, stringify!($field))?,
                        stringify!($field),
                    )?,)*
                    structures: structures(file.structures, vocabulary)?,
                })
            }
        }
    };
}

lists!(
    HeadlineFile,
    HeadlineRules {
        former,
        resume,
        job_seeking,
        agencies,
        agency_company_words,
        agency_company_exact,
        vendors,
        agency_titles,
        agency_hints,
        recruiting_words,
        agency_non_recruiting_titles,
        in_house_titles,
        in_house_markers,
        vendor_words,
        supplier,
        studying,
        graduate_words,
    }
);

lists!(
    NoteFile,
    NoteRules {
        self_description,
        self_description_before,
        roles,
        recruitment_consultant,
        in_house_recruiter,
        candidate,
        supplier,
        peer,
        unless,
    }
);

lists!(
    PersonalisationFile,
    PersonalisationRules {
        default_texts,
        default_attributions,
        greetings,
        not_names,
        honorifics,
        specific,
        not_specific,
        placeholder_words,
    }
);

lists!(
    CourtesyFile,
    CourtesyRules {
        introduces_self,
        introduces_self_unless,
        states_reason,
        reason_bases,
        connect_requests,
        states_reason_unless,
        offers_value,
        offers_value_unless,
        sign_offs,
    }
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    version: u32,
    /// Named word lists that phrases use as `{name}` slots.
    #[serde(default)]
    vocabulary: HashMap<String, Vec<String>>,
    category: CategoryFile,
    personalisation: PersonalisationFile,
    courtesy: CourtesyFile,
}

/// One proximity rule as written: `first`, then `then` at most `within` words later.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StructureFile {
    name: String,
    first: Vec<String>,
    then: Vec<String>,
    #[serde(default = "default_within")]
    within: usize,
}

fn default_within() -> usize {
    3
}

/// A proximity rule: a phrase of `first`, followed by a phrase of `then` with at most `within`
/// words between them ("your" … "dashboard" in "your recent Power BI dashboard"). Finds what a
/// fixed phrase cannot: the words between vary with every note.
#[derive(Debug, Clone)]
pub struct Structure {
    pub name: String,
    pub first: Side,
    pub then: Side,
    pub within: usize,
}

/// One side of a proximity rule: phrases, or `<name>`: a capitalised word inside a sentence (a
/// company, event, course or person the note names), which only the note's tokens can tell.
#[derive(Debug, Clone)]
pub struct Side {
    /// Empty for `<name>`.
    pub phrases: PhraseList,
    pub named: bool,
}

impl Side {
    const NAMED: &'static str = "<name>";

    fn build(phrases: Vec<String>, vocabulary: &Vocabulary, what: &str) -> Result<Side, String> {
        let named = phrases.len() == 1 && phrases[0] == Self::NAMED;
        if !named && phrases.iter().any(|p| p == Self::NAMED) {
            return Err(format!(
                "{what}: {} stands alone in a side; put the phrases in another structure",
                Self::NAMED
            ));
        }
        Ok(Side {
            phrases: if named {
                PhraseList::default()
            } else {
                PhraseList::new(vocabulary.expand(phrases, what)?, what)?
            },
            named,
        })
    }

    /// The side's matches: its phrase hits as found, or the named words.
    fn matches<'h, 'n>(
        &self,
        hits: impl FnOnce() -> &'h [PhraseMatch],
        named: impl FnOnce() -> &'n [(usize, usize)],
    ) -> std::borrow::Cow<'h, [PhraseMatch]> {
        if self.named {
            return named()
                .iter()
                .map(|&(start, end)| PhraseMatch { id: 0, start, end })
                .collect();
        }
        std::borrow::Cow::Borrowed(hits())
    }

    fn phrase(&self, m: &PhraseMatch, words: &Words) -> String {
        if self.named {
            words.padded()[m.start..m.end].to_string()
        } else {
            self.phrases.phrase(m.id).to_string()
        }
    }
}

impl Structure {
    fn build(file: StructureFile, vocabulary: &Vocabulary) -> Result<Structure, String> {
        let what = format!("structure '{}'", file.name);
        Ok(Structure {
            first: Side::build(file.first, vocabulary, &what)?,
            then: Side::build(file.then, vocabulary, &what)?,
            within: file.within,
            name: file.name,
        })
    }

    /// The first place in `words` where the rule holds, as "`first` … `then`", unless the
    /// span lies inside a hit of `unless`. `named`: where the text's `<name>` words are, as
    /// byte ranges of `words.padded()`. Runs its own passes over the text; `find_in` takes hits
    /// found together with other lists.
    pub fn find(
        &self,
        words: &Words,
        named: &[(usize, usize)],
        unless: &PhraseList,
    ) -> Option<String> {
        let vetoes = Vetoes::new(unless.matches(words));
        let first = self.first.phrases.matches(words);
        let then = self.then.phrases.matches(words);
        let hits = StructureHits {
            sides: [&first, &then],
            vetoes: &vetoes,
        };
        self.find_in(hits, words, || named)
    }

    /// `find`, on hits already found (see `ListGroup::with_structures`). `named` is asked for
    /// only by a structure with a `<name>` side.
    pub fn find_in<'n>(
        &self,
        hits: StructureHits<'_>,
        words: &Words,
        named: impl Fn() -> &'n [(usize, usize)],
    ) -> Option<String> {
        let firsts = self.first.matches(|| hits.sides[0], &named);
        if firsts.is_empty() {
            return None;
        }
        let mut thens = self.then.matches(|| hits.sides[1], &named);
        if !thens.is_sorted_by_key(|b| b.start) {
            thens.to_mut().sort_by_key(|b| b.start);
        }
        // The words between two hits cost a binary search over where the spaces are, not a
        // scan of the text between them.
        let spaces = words.spaces();
        let spaces_before = |at: usize| spaces.partition_point(|&s| s < at);
        for a in firsts.iter() {
            // Only `then` hits that start after `a`, nearest first; the gap only grows from
            // there, so the search stops at the first one too far away: a long note costs in
            // proportion to its hits, not their pairs.
            let from = thens.partition_point(|b| b.start <= a.end);
            for b in &thens[from..] {
                // Words strictly between the two phrases: one space more than words.
                let gap = spaces_before(b.start) - spaces_before(a.end) - 1;
                if gap > self.within {
                    break;
                }
                let span = PhraseMatch {
                    id: 0,
                    start: a.start,
                    end: b.end,
                };
                if hits.vetoes.cover(&span) || hits.vetoes.cover(b) {
                    continue;
                }
                return Some(format!(
                    "{} '{} … {}'",
                    self.name,
                    self.first.phrase(a, words),
                    self.then.phrase(b, words)
                ));
            }
        }
        None
    }
}

/// What a structure needs from a text: the hits of its two sides (`first`, `then`) and the
/// vetoes.
pub struct StructureHits<'a> {
    sides: [&'a [PhraseMatch]; 2],
    vetoes: &'a Vetoes,
}

/// Builds every structure of a table.
fn structures(
    files: Vec<StructureFile>,
    vocabulary: &Vocabulary,
) -> Result<Vec<Structure>, String> {
    files
        .into_iter()
        .map(|f| Structure::build(f, vocabulary))
        .collect()
}

/// Named word lists (`[vocabulary]`) that phrases use as slots: `"your {artifact}"` stands for
/// one phrase per word of `artifact`. Lets one list of, say, work nouns in eight languages serve
/// many phrases, and keeps the lists short enough to read.
struct Vocabulary {
    lists: HashMap<String, Vec<String>>,
}

impl Vocabulary {
    /// Most phrases one written phrase may stand for: a slip (three slots of large lists) must
    /// not build an automaton of millions of phrases.
    const MAX_EXPANSION: usize = 20_000;

    /// Every phrase with its `{name}` slots filled in every way; `what` names the list in errors.
    fn expand(&self, phrases: Vec<String>, what: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::with_capacity(phrases.len());
        for phrase in phrases {
            let mut done = vec![String::new()];
            let mut rest = phrase.as_str();
            while let Some(open) = rest.find('{') {
                let Some(len) = rest[open..].find('}') else {
                    return Err(format!("{what}: '{phrase}' has an unclosed '{{'"));
                };
                let name = &rest[open + 1..open + len];
                let words = self.lists.get(name).ok_or_else(|| {
                    format!(
                        "{what}: '{phrase}' uses {{{name}}}, which [vocabulary] does not define"
                    )
                })?;
                let prefix = &rest[..open];
                done = done
                    .iter()
                    .flat_map(|d| words.iter().map(move |w| format!("{d}{prefix}{w}")))
                    .collect();
                if done.len() > Self::MAX_EXPANSION {
                    return Err(format!(
                        "{what}: '{phrase}' stands for more than {} phrases; split it",
                        Self::MAX_EXPANSION
                    ));
                }
                rest = &rest[open + len + 1..];
            }
            out.extend(done.into_iter().map(|d| format!("{d}{rest}")));
        }
        Ok(out)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    headline: HeadlineFile,
    note: NoteFile,
}

/// The parsed, ready-to-match rules, and the text they came from.
#[derive(Debug, Clone)]
pub struct Rules {
    pub headline: HeadlineRules,
    pub note: NoteRules,
    pub personalisation: PersonalisationRules,
    pub courtesy: CourtesyRules,
    /// The lists `note::analyse` checks a note's words against, matched in one pass.
    pub(crate) note_group: ListGroup<super::note::NoteList>,
    /// The lists `category::from_profile` checks a headline and a company against.
    pub(crate) profile_group: ListGroup<super::category::ProfileList>,
    /// The lists `category::from_note` checks a note against.
    pub(crate) note_category_group: ListGroup<super::category::NoteCategoryList>,
    /// The category each note structure is named after ("supplier: …"), in `note.structures`'
    /// order: read once here rather than for every note.
    pub(crate) note_structure_categories: Vec<Option<crate::model::SenderCategory>>,
    /// The rule file as read: what `invitescope rules` prints and the manifest hashes.
    text: String,
}

impl Rules {
    /// The rules compiled into the binary.
    pub fn embedded() -> Rules {
        // The embedded file is tested to parse, so this cannot fail at run time.
        Rules::parse(DEFAULT_RULES).unwrap_or_else(|e| panic!("embedded rules are invalid: {e}"))
    }

    /// Parses a rule file; the error names the line and what is wrong.
    pub fn parse(text: &str) -> Result<Rules, String> {
        let file: RuleFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            let message = e.message().trim_end();
            match line {
                Some(line) => format!("line {line}: {message}"),
                None => message.to_string(),
            }
        })?;
        if file.version != 2 {
            return Err(format!(
                "line {}: version {} is not supported; this invitescope reads version 2 (see `invitescope rules`)",
                line_of(text, "version"),
                file.version
            ));
        }
        let vocabulary = Vocabulary {
            lists: file.vocabulary,
        };
        let headline = HeadlineRules::build(file.category.headline, &vocabulary)?;
        let personalisation = PersonalisationRules::build(file.personalisation, &vocabulary)?;
        let courtesy = CourtesyRules::build(file.courtesy, &vocabulary)?;
        let note = NoteRules::build(file.category.note, &vocabulary)?;
        let mut rules = Rules {
            headline,
            note,
            personalisation,
            courtesy,
            note_group: ListGroup::default(),
            profile_group: ListGroup::default(),
            note_category_group: ListGroup::default(),
            note_structure_categories: Vec::new(),
            text: text.to_string(),
        };
        rules.note_structure_categories = rules
            .note
            .structures
            .iter()
            .map(|s| {
                let named = s.name.split(':').next();
                named.and_then(crate::model::SenderCategory::parse)
            })
            .collect();
        // The groups name lists the rules hold, so they are built once the lists are in place.
        rules.note_group = super::note::list_group(&rules)?;
        rules.profile_group = super::category::list_group(&rules)?;
        rules.note_category_group = super::category::note_list_group(&rules)?;
        Ok(rules)
    }

    /// The rule file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// SHA-256 of the rule file's text, hex: recorded in the manifest.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.text.as_bytes()))
    }
}

fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let rules = Rules::parse(DEFAULT_RULES).unwrap();
        assert!(rules.personalisation.default_texts.len() >= 5);
        assert!(rules.headline.agencies.len() >= 100);
        assert_eq!(rules.text(), DEFAULT_RULES);
        assert_eq!(rules.sha256().len(), 64);
    }

    #[test]
    fn a_broken_rule_file_names_the_line() {
        let err = Rules::parse("version = 2\n\n[category\n").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
        let missing = DEFAULT_RULES.replace("studying = [", "studyin = [");
        let err = Rules::parse(&missing).unwrap_err();
        assert!(err.starts_with("line "), "{err}");
        let old = DEFAULT_RULES.replace("version = 2", "version = 1");
        assert!(Rules::parse(&old).unwrap_err().contains("version 1"));
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let list = PhraseList::new(
            vec!["hays".into(), "open to work".into(), "to".into()],
            "test",
        )
        .unwrap();
        assert_eq!(
            list.find(&Words::new("Recruiter at HAYS plc")),
            Some("hays")
        );
        assert_eq!(list.find(&Words::new("Hayson Ltd")), None);
        assert_eq!(
            list.find(&Words::new("#Open-To-Work | Analyst")),
            Some("open to work")
        );
        // Overlapping hits are all seen; list order decides.
        assert_eq!(list.matches(&Words::new("open to work")).len(), 2);
        assert_eq!(list.find(&Words::new("tomato to")), Some("to"));
    }

    #[test]
    fn phrases_do_not_match_across_segments() {
        let list = PhraseList::new(vec!["recruiter at hays".into()], "test").unwrap();
        assert_eq!(list.matches(&Words::new("Recruiter | at Hays")).len(), 1);
        assert!(list
            .matches(&Words::segmented(["Recruiter", "at Hays"]))
            .is_empty());
    }

    #[test]
    fn vocabulary_slots_expand_and_bad_slots_name_the_list() {
        let vocabulary = Vocabulary {
            lists: HashMap::from([("x".to_string(), vec!["a".into(), "b c".into()])]),
        };
        assert_eq!(
            vocabulary.expand(vec!["{x} y {x}".into()], "t").unwrap(),
            ["a y a", "a y b c", "b c y a", "b c y b c"]
        );
        let err = vocabulary
            .expand(vec!["{nope}".into()], "agency_titles")
            .unwrap_err();
        assert!(
            err.contains("agency_titles") && err.contains("{nope}"),
            "{err}"
        );
        assert!(vocabulary.expand(vec!["{x".into()], "t").is_err());
        let broken = DEFAULT_RULES.replace("first = [\"{your}\"]", "first = [\"{yours}\"]");
        assert!(Rules::parse(&broken).unwrap_err().contains("{yours}"));
    }

    #[test]
    fn a_structure_allows_a_few_words_between_its_sides() {
        let structure = Structure {
            name: "work".into(),
            first: Side {
                phrases: PhraseList::new(vec!["your".into()], "test").unwrap(),
                named: false,
            },
            then: Side {
                phrases: PhraseList::new(vec!["dashboard".into()], "test").unwrap(),
                named: false,
            },
            within: 2,
        };
        let none = PhraseList::default();
        let find = |text: &str| structure.find(&Words::new(text), &[], &none);
        assert_eq!(
            find("Saw your Power BI dashboard").as_deref(),
            Some("work 'your … dashboard'")
        );
        assert_eq!(find("your dashboard"), find("Saw your Power BI dashboard"));
        assert_eq!(find("your very nice new Power BI dashboard"), None);
        assert_eq!(find("a dashboard for your team"), None);
        let unless = PhraseList::new(vec!["your next dashboard".into()], "test").unwrap();
        assert_eq!(
            structure.find(&Words::new("your next dashboard"), &[], &unless),
            None
        );
    }

    #[test]
    fn unless_hides_hits_inside_it() {
        let list = PhraseList::new(vec!["im a".into()], "test").unwrap();
        let unless = PhraseList::new(vec!["im a big fan".into()], "test").unwrap();
        assert_eq!(
            list.find_unless(&Words::new("I'm a big fan of yours"), &unless),
            None
        );
        assert_eq!(
            list.find_unless(&Words::new("I'm a big fan. I'm a recruiter"), &unless),
            Some("im a")
        );
    }
}
