//! One note on its own: greeting, sign-off, canned text, placeholders, specific references,
//! the courtesy rubric and the masked text used to find templates (docs/tagging.md).
//!
//! Pure: a message and rules in, a `NoteAnalysis` out. What other notes say (template sizes)
//! is decided later, in `templates`.

use super::rules::{GroupHits, ListGroup, ListName, PhraseList, Rules, StructureSide, Vetoes};
use super::text::{tokens, Token, Words};
use crate::model::Courtesy;

/// The lists `Rules::note_group` checks a note's words against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NoteList {
    IntroducesSelf,
    IntroducesSelfUnless,
    StatesReason,
    StatesReasonUnless,
    ReasonBases,
    ConnectRequests,
    OffersValue,
    OffersValueUnless,
    Specific,
    NotSpecific,
    PlaceholderWords,
    /// The note category rules' job-seeking list and its exceptions.
    Candidate,
    CandidateUnless,
    /// A side of a personalisation structure.
    Personalisation(StructureSide),
    /// A side of a courtesy structure.
    Courtesy(StructureSide),
}

impl NoteList {
    /// The lists that are not a structure's side.
    const LISTS: [NoteList; 13] = [
        NoteList::IntroducesSelf,
        NoteList::IntroducesSelfUnless,
        NoteList::StatesReason,
        NoteList::StatesReasonUnless,
        NoteList::ReasonBases,
        NoteList::ConnectRequests,
        NoteList::OffersValue,
        NoteList::OffersValueUnless,
        NoteList::Specific,
        NoteList::NotSpecific,
        NoteList::PlaceholderWords,
        NoteList::Candidate,
        NoteList::CandidateUnless,
    ];
}

impl ListName for NoteList {
    fn phrases(self, rules: &Rules) -> &PhraseList {
        let (p, c, n) = (&rules.personalisation, &rules.courtesy, &rules.note);
        match self {
            NoteList::IntroducesSelf => &c.introduces_self,
            NoteList::IntroducesSelfUnless => &c.introduces_self_unless,
            NoteList::StatesReason => &c.states_reason,
            NoteList::StatesReasonUnless => &c.states_reason_unless,
            NoteList::ReasonBases => &c.reason_bases,
            NoteList::ConnectRequests => &c.connect_requests,
            NoteList::OffersValue => &c.offers_value,
            NoteList::OffersValueUnless => &c.offers_value_unless,
            NoteList::Specific => &p.specific,
            NoteList::NotSpecific => &p.not_specific,
            NoteList::PlaceholderWords => &p.placeholder_words,
            NoteList::Candidate => &n.candidate,
            NoteList::CandidateUnless => &n.unless,
            NoteList::Personalisation(side) => side.phrases(&p.structures),
            NoteList::Courtesy(side) => side.phrases(&c.structures),
        }
    }
}

/// The lists a note's words are checked against, so that one pass over the note finds the hits
/// of all of them.
pub(crate) fn list_group(rules: &Rules) -> Result<ListGroup<NoteList>, String> {
    let personalisation =
        StructureSide::all(&rules.personalisation.structures).map(NoteList::Personalisation);
    let courtesy = StructureSide::all(&rules.courtesy.structures).map(NoteList::Courtesy);
    ListGroup::new(
        NoteList::LISTS
            .into_iter()
            .chain(personalisation)
            .chain(courtesy),
        rules,
        "personalisation and courtesy",
    )
}

/// What one note says, before anything is known about the other notes.
#[derive(Debug, Clone, Default)]
pub struct NoteAnalysis {
    /// Whether there is a note at all: anything but white space, emoji included.
    pub present: bool,
    pub words: Words,
    /// The note with names, URLs, numbers and placeholders masked, for template clustering.
    pub template_key: Option<String>,
    /// The canned LinkedIn text the note is, if it is one.
    pub canned: Option<String>,
    /// The first unfilled mail-merge placeholder.
    pub placeholder: Option<String>,
    /// The first specific reference to the recipient or a shared context.
    pub specific: Option<String>,
    pub courtesy: Courtesy,
    /// Which phrase set each courtesy flag, for a person to check.
    pub courtesy_reason: String,
}

/// Where the greeting and sign-off sit, as token indices.
#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    /// Tokens of the greeting, name included.
    greeting_end: usize,
    /// Index of the greeted name.
    greeted: Option<usize>,
    /// First token of the closing phrase, and the first of the signed name.
    sign_off: Option<(usize, usize)>,
    /// First token of a closing with no name ("Thanks!"), or of a bare name after a dash or
    /// line break ("— Jo"): not a sign-off, but not part of a canned text either.
    bare_closing: Option<usize>,
}

/// What a note's analysis needs of the sender's and the recipient's names.
///
/// Only the name words the note itself contains change the analysis, so invitations whose notes
/// are the same text and whose names agree on those words share one analysis (`Names::within`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Names<'a> {
    /// The first word of the sender's name, lower-cased: a signed name that is also the greeted
    /// one is a sign-off only when it is this.
    pub sender_first: Option<&'a str>,
    /// The words of both names longer than one letter, lower-cased: masked in the template key.
    pub masked: Vec<&'a str>,
}

impl<'a> Names<'a> {
    /// The names as they are, for `sender` (the sender's name as `Words`) and `both` (the
    /// sender's and the recipient's).
    fn all(sender: &'a Words, both: &'a Words) -> Names<'a> {
        Names {
            sender_first: sender.iter().next(),
            masked: both.iter().filter(|w| w.len() > 1).collect(),
        }
    }

    /// The names as far as the note `words` can tell: only the name words it contains, as
    /// slices of `words`. A note analysed with these gives what it gives with all of them.
    /// `sender` and `recipient` are the two names as `Words`.
    pub fn within(sender: &Words, recipient: &Words, words: &'a Words) -> Names<'a> {
        let padded: &'a str = words.padded();
        // A name word as a whole word of the note: in `Words`, a space comes before and after
        // each word, so the word with its two spaces is found as it stands in its own `Words`.
        let find = |name: &Words, word: &str| -> Option<&'a str> {
            let start = word.as_ptr() as usize - name.padded().as_ptr() as usize;
            let spaced = &name.padded().as_bytes()[start - 1..start + word.len() + 1];
            let at = memchr::memmem::find(padded.as_bytes(), spaced)? + 1;
            Some(&padded[at..at + word.len()])
        };
        let mut masked: Vec<&'a str> = (sender.iter().map(|w| (sender, w)))
            .chain(recipient.iter().map(|w| (recipient, w)))
            .filter(|(_, w)| w.len() > 1)
            .filter_map(|(name, w)| find(name, w))
            .collect();
        masked.sort_unstable();
        masked.dedup();
        Names {
            sender_first: sender.iter().next().and_then(|w| find(sender, w)),
            masked,
        }
    }
}

/// Analyses one note. `sender_name` and `recipient` are masked in the template key.
pub fn analyse(message: &str, sender_name: &str, recipient: &str, rules: &Rules) -> NoteAnalysis {
    let sender = Words::new(sender_name);
    let both = Words::new(&format!("{sender_name} {recipient}"));
    analyse_words(
        message,
        Words::new(message),
        &Names::all(&sender, &both),
        rules,
    )
}

/// `analyse`, given the note as `Words` and the names as `Names`.
pub(crate) fn analyse_words(
    message: &str,
    words: Words,
    names: &Names<'_>,
    rules: &Rules,
) -> NoteAnalysis {
    let present = !message.trim().is_empty();
    if words.is_empty() {
        return NoteAnalysis {
            present,
            words,
            ..NoteAnalysis::default()
        };
    }
    let toks = tokens(message, &words);
    let frame = frame(message, &toks, names.sender_first, rules);
    let p = &rules.personalisation;
    let c = &rules.courtesy;

    let body_end = frame
        .sign_off
        .map(|(start, _)| start)
        .or(frame.bare_closing)
        .unwrap_or(toks.len())
        .max(frame.greeting_end);
    let body = words.of_run(&toks[frame.greeting_end..body_end]);
    let attribution = p.default_attributions.find(&body).is_some();
    let canned = canned_text(&body, attribution, rules);
    let hits = rules.note_group.scan(&words);
    // Worked out only for a structure with a `<name>` side that gets that far.
    let named_cell = std::cell::OnceCell::new();
    let named = || -> &[(usize, usize)] {
        named_cell.get_or_init(|| named_words(message, &toks, &frame, rules))
    };
    // The courtesy structures whose name starts with `flag`, vetoed by the list `unless`.
    let structure = |flag: &str, unless: NoteList| {
        let vetoes = Vetoes::new(hits.matches(unless).collect());
        c.structures
            .iter()
            .enumerate()
            .filter(|(_, s)| s.name.starts_with(flag))
            .find_map(|(k, s)| {
                s.find_in(
                    hits.structure(k, NoteList::Courtesy, &vetoes),
                    &words,
                    named,
                )
            })
    };

    let plain_canned = canned.is_some() && !attribution;
    let job_seeker = says_who_they_are(&hits, rules);
    let specific = hits
        .find_unless(rules, NoteList::Specific, Some(NoteList::NotSpecific))
        .map(str::to_string)
        .or_else(|| {
            let vetoes = Vetoes::new(hits.matches(NoteList::NotSpecific).collect());
            p.structures.iter().enumerate().find_map(|(k, s)| {
                s.find_in(
                    hits.structure(k, NoteList::Personalisation, &vetoes),
                    &words,
                    named,
                )
            })
        });
    // Each flag is the first evidence found for it, as "what fired" for the reason; a canned text
    // says nothing of the sender (LinkedIn's attribution before one does say who they are).
    let introduces_self = (!plain_canned && !attribution)
        .then(|| {
            hits.find_unless(
                rules,
                NoteList::IntroducesSelf,
                Some(NoteList::IntroducesSelfUnless),
            )
            .map(str::to_string)
            .or_else(|| structure("introduces_self", NoteList::IntroducesSelfUnless))
            .or_else(|| job_seeker.clone())
        })
        .flatten();
    let offers_value = (!plain_canned)
        .then(|| {
            hits.find_unless(
                rules,
                NoteList::OffersValue,
                Some(NoteList::OffersValueUnless),
            )
            .map(str::to_string)
            .or_else(|| structure("offers_value", NoteList::OffersValueUnless))
        })
        .flatten();
    let states_reason = (!plain_canned)
        .then(|| {
            let unless = Some(NoteList::StatesReasonUnless);
            hits.find_unless(rules, NoteList::StatesReason, unless)
                .map(str::to_string)
                .or_else(|| {
                    let base = hits.find_unless(rules, NoteList::ReasonBases, unless)?;
                    Some(match hits.find(rules, NoteList::ConnectRequests) {
                        Some(request) => format!("{base}' + '{request}"),
                        None => base.to_string(),
                    })
                })
                .or_else(|| structure("states_reason", NoteList::StatesReasonUnless))
                // A basis (a specific reference) or a purpose (an offer, a job search) is a
                // reason too.
                .or_else(|| specific.as_ref().map(|s| format!("basis: {s}")))
                .or_else(|| offers_value.as_ref().map(|o| format!("purpose: {o}")))
                .or_else(|| job_seeker.as_ref().map(|j| format!("purpose: {j}")))
        })
        .flatten();
    let signs_off = frame.sign_off.map(|(start, name)| {
        toks[start..=name]
            .iter()
            .map(|t| t.original)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let addresses_recipient = frame.greeted.map(|i| toks[i].original.to_string());
    let reasons: Vec<String> = [
        ("introduces_self", &introduces_self),
        ("states_reason", &states_reason),
        ("offers_value", &offers_value),
        ("signs_off", &signs_off),
        ("addresses_recipient", &addresses_recipient),
    ]
    .into_iter()
    .filter_map(|(name, hit)| hit.as_ref().map(|h| format!("{name} '{h}'")))
    .collect();

    NoteAnalysis {
        present,
        template_key: Some(template_key(message, &toks, &frame, &names.masked)),
        placeholder: placeholder_or(message, || hits.find(rules, NoteList::PlaceholderWords)),
        specific,
        canned,
        courtesy: Courtesy {
            introduces_self: introduces_self.is_some(),
            states_reason: states_reason.is_some(),
            offers_value: offers_value.is_some(),
            signs_off: signs_off.is_some(),
            addresses_recipient: addresses_recipient.is_some(),
        },
        courtesy_reason: if reasons.is_empty() {
            "no rubric phrase".to_string()
        } else {
            reasons.join("; ")
        },
        words,
    }
}

/// A note in which the sender says they are looking for work ("looking for opportunities in
/// marketing", "my CV") introduces them: as a job seeker, by the note category rules'
/// job-seeking list. Only that list counts: a recruiter's "we have open roles" or "my client"
/// says what they want, not who they are.
fn says_who_they_are(hits: &GroupHits<NoteList>, rules: &Rules) -> Option<String> {
    hits.find_unless(rules, NoteList::Candidate, Some(NoteList::CandidateUnless))
        .map(|p| format!("job seeker '{p}'"))
}

/// The greeting at the start and the sign-off at the end.
fn frame(message: &str, toks: &[Token<'_>], sender_first: Option<&str>, rules: &Rules) -> Frame {
    let p = &rules.personalisation;
    let mut out = Frame::default();
    // Greeting: the longest greeting phrase of one to three words at the start.
    let mut buffer = String::new();
    let greeting_len = (1..=3.min(toks.len()))
        .rev()
        .find(|&n| {
            p.greetings
                .is_exactly_words(lower_words(&toks[..n]), &mut buffer)
        })
        .unwrap_or(0);
    out.greeting_end = greeting_len;
    let name_like = |t: &Token<'_>| {
        // A word in brackets is a mail-merge field, not a name.
        !message[..t.start].ends_with(['[', '{', '<', '%', '|'])
            && t.original.chars().all(char::is_alphabetic)
            && !p.not_names.is_exactly(t.lower)
            && !p.greetings.is_exactly(t.lower)
            && !rules.courtesy.sign_offs.is_exactly(t.lower)
    };
    let followed_by_comma = |t: &Token<'_>| {
        message[t.end..]
            .chars()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, ',' | '!' | ':' | '—' | '-' | '–'))
    };
    if greeting_len > 0 {
        let mut i = greeting_len;
        if toks
            .get(i)
            .is_some_and(|t| p.honorifics.is_exactly(t.lower))
        {
            i += 1;
        }
        if let Some(t) = toks.get(i) {
            if name_like(t) && (t.is_capitalised() || followed_by_comma(t)) {
                out.greeted = Some(i);
                out.greeting_end = i + 1;
            }
        }
    } else if let Some(t) = toks.first() {
        // "Ben, helping B2B companies…": a name and a comma open the note.
        if name_like(t) && t.is_capitalised() && followed_by_comma(t) && toks.len() > 3 {
            out.greeted = Some(0);
            out.greeting_end = 1;
        }
    }

    // Sign-off: a closing phrase, then (after a few lower-case words at most) a name at the end.
    let n = toks.len();
    let earliest = n.saturating_sub(16).max(out.greeting_end);
    'search: for start in (earliest..n).rev() {
        for len in (1..=4).rev() {
            if start + len > n
                || !rules
                    .courtesy
                    .sign_offs
                    .is_exactly_words(lower_words(&toks[start..start + len]), &mut buffer)
            {
                continue;
            }
            let after = start + len;
            if after == n {
                out.bare_closing.get_or_insert(start);
                continue;
            }
            if let Some(name) = signed_name(message, toks, after, &name_like) {
                let is_greeted = out
                    .greeted
                    .is_some_and(|g| toks[g].lower == toks[name].lower);
                if !is_greeted || Some(toks[name].lower) == sender_first {
                    out.sign_off = Some((start, name));
                    break 'search;
                }
            }
        }
    }
    if out.sign_off.is_none() && out.bare_closing.is_none() && n > out.greeting_end + 1 {
        let last = n - 1;
        let start = if last > 0 && toks[last - 1].is_capitalised() && name_like(&toks[last - 1]) {
            last - 1
        } else {
            last
        };
        if start > out.greeting_end
            && toks[start..]
                .iter()
                .all(|t| t.is_capitalised() && name_like(t))
            && message[toks[start - 1].end..toks[start].start].contains(['\n', '-', '—', '–'])
        {
            out.bare_closing = Some(start);
        }
    }
    out
}

/// The first token of the sender's name after a closing that ends at `after`, if the note ends
/// with that name (give or take a short title after a separator).
fn signed_name(
    message: &str,
    toks: &[Token<'_>],
    after: usize,
    name_like: &dyn Fn(&Token<'_>) -> bool,
) -> Option<usize> {
    let n = toks.len();
    for k in after..(after + 6).min(n) {
        let t = &toks[k];
        if name_like(t) && t.is_capitalised() {
            let gap_ok = k == after || {
                let between = &message[toks[k - 1].end..t.start];
                toks[after..k].iter().all(|g| !g.is_capitalised())
                    && between.contains([',', '\n', '-', '—', '–'])
            };
            if !gap_ok {
                return None;
            }
            // The name runs for up to three capitalised words; after it, the note ends or a
            // separator introduces a short title ("Sam Lee | Recruiter at Hays").
            let mut end = k + 1;
            while end < n
                && end < k + 3
                && toks[end].is_capitalised()
                && message[toks[end - 1].end..toks[end].start]
                    .trim()
                    .is_empty()
            {
                end += 1;
            }
            if end == n {
                return Some(k);
            }
            let between = &message[toks[end - 1].end..toks[end].start];
            return (n - end <= 10 && between.contains([',', '|', '\n', '-', '—', '–']))
                .then_some(k);
        }
        if t.is_capitalised() {
            return None;
        }
    }
    None
}

/// The tokens' words as `Words` holds them, to be matched joined by single spaces.
fn lower_words<'a>(toks: &'a [Token<'_>]) -> impl Iterator<Item = &'a str> {
    toks.iter().map(|t| t.lower)
}

/// The canned text the body is, allowing LinkedIn's attribution before it and one changed word
/// in a text of six words or more.
/// `attributed`: the body holds one of `default_attributions`.
fn canned_text(body: &Words, attributed: bool, rules: &Rules) -> Option<String> {
    let p = &rules.personalisation;
    let text = body.as_str();
    if text.is_empty() {
        return None;
    }
    if p.default_texts.is_exactly(text) {
        return Some(text.to_string());
    }
    let body_words: Vec<&str> = body.iter().collect();
    // A note one word away from a canned text is at most one word longer; only an attributed
    // one may be longer still. Most notes are, and need no comparison at all.
    if !attributed && body_words.len() > p.default_texts.max_words() + 1 {
        return None;
    }
    p.default_texts
        .keys_and_words()
        .find(|(_, key_words)| {
            let ends_with_key = || {
                key_words.len() <= body_words.len()
                    && body_words
                        .iter()
                        .rev()
                        .zip(key_words.iter().rev())
                        .all(|(a, b)| a == b)
            };
            // `word_distance` is at least the difference in length: only texts of about the
            // key's length are worth comparing word by word. One edit leaves the first words
            // or the last words of two texts of two words or more the same.
            let near = || {
                key_words.len() >= 6
                    && key_words.len().abs_diff(body_words.len()) <= 1
                    && (body_words.first() == key_words.first().map(String::as_str).as_ref()
                        || body_words.last() == key_words.last().map(String::as_str).as_ref())
                    && word_distance(&body_words, key_words) <= 1
            };
            (attributed && ends_with_key()) || near()
        })
        .map(|(key, _)| key.to_string())
}

/// Levenshtein distance over words.
fn word_distance(a: &[&str], b: &[String]) -> usize {
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut row = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(row[j] + 1);
        }
        prev = row;
    }
    prev[b.len()]
}

/// An unfilled mail-merge field: `[Name]`, `{{company}}`, `{first}`, `<first name>`, `%NAME%`,
/// `*|FNAME|*`, `XXX`, `##`, or a placeholder phrase of the rules.
pub fn find_placeholder(message: &str, words: &Words, rules: &Rules) -> Option<String> {
    placeholder_or(message, || {
        rules.personalisation.placeholder_words.find(words)
    })
}

/// `find_placeholder`, with the placeholder-phrase search given as `phrase` (run last, and only
/// when the message has no bracketed or symbolic placeholder).
fn placeholder_or<'p>(message: &str, phrase: impl FnOnce() -> Option<&'p str>) -> Option<String> {
    // Most notes have none of the characters a placeholder needs: one look at the bytes spares
    // them the searches below.
    let has = |bytes: &[u8]| message.bytes().any(|b| bytes.contains(&b));
    let brackets = if has(b"{[<*") {
        &[
            ("{{", "}}"),
            ("*|", "|*"),
            ("[", "]"),
            ("{", "}"),
            ("<", ">"),
        ][..]
    } else {
        &[]
    };
    for &(open, close) in brackets {
        let mut from = 0;
        while let Some(start) = message[from..].find(open).map(|s| s + from) {
            let inner_start = start + open.len();
            let Some(len) = message[inner_start..].find(close) else {
                break;
            };
            let inner = &message[inner_start..inner_start + len];
            if !inner.trim().is_empty() && inner.chars().count() <= 40 && !inner.contains('\n') {
                return Some(message[start..inner_start + len + close.len()].to_string());
            }
            from = inner_start;
        }
    }
    if has(b"#%") || contains_ignore_ascii_case(message, "xxx") {
        for token in message.split(|c: char| c.is_whitespace() || ",.;:!?()".contains(c)) {
            let x_run = token.len() >= 3 && token.chars().all(|c| c == 'x' || c == 'X');
            let hashes = token.len() >= 2 && token.chars().all(|c| c == '#');
            let percent = token.len() >= 4
                && token.starts_with('%')
                && token.ends_with('%')
                && token[1..token.len() - 1]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_');
            if x_run || hashes || percent {
                return Some(token.to_string());
            }
        }
    }
    phrase().map(str::to_string)
}

/// The note with names, URLs, e-mail addresses, numbers and placeholders masked.
///
/// Capitalised words inside a sentence are masked too: mail merges fill in company and event
/// names, and two copies of a template must not differ by them.
fn template_key(message: &str, toks: &[Token<'_>], frame: &Frame, names: &[&str]) -> String {
    let spans = masked_spans(message);
    let mut out: Vec<&str> = Vec::with_capacity(toks.len());
    let mut last_span = usize::MAX;
    for (i, t) in toks.iter().enumerate() {
        if let Some(k) = spans
            .iter()
            .position(|&(s, e, _)| t.start >= s && t.end <= e)
        {
            if k != last_span {
                out.push(spans[k].2);
                last_span = k;
            }
            continue;
        }
        let sentence_start = i == 0 || {
            let before = message[..t.start].trim_end();
            before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '—', '-', '–', ','])
        };
        let signed = frame.sign_off.is_some_and(|(_, name)| i >= name);
        let masked = if Some(i) == frame.greeted || signed || names.contains(&t.lower) {
            "<name>"
        } else if t.lower.chars().any(|c| c.is_ascii_digit()) {
            "<num>"
        } else if t.is_capitalised() && !sentence_start && t.lower != "i" {
            "<cap>"
        } else {
            t.lower
        };
        out.push(masked);
    }
    out.join(" ")
}

/// Capitalised words inside a sentence, as byte ranges of the `Words`: the names a note gives
/// (a company, an event, a course, a person). Not the greeted or signed name, nor `I`, nor a
/// greeting or closing word.
fn named_words(
    message: &str,
    toks: &[Token<'_>],
    frame: &Frame,
    rules: &Rules,
) -> Vec<(usize, usize)> {
    let p = &rules.personalisation;
    toks.iter()
        .enumerate()
        .filter(|&(i, t)| {
            let sentence_start = i == 0 || {
                let before = message[..t.start].trim_end();
                before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':', '—', '-', '–'])
            };
            let signed = frame.sign_off.is_some_and(|(_, name)| i >= name);
            t.is_capitalised()
                && !sentence_start
                && !signed
                && Some(i) != frame.greeted
                && t.lower != "i"
                && !p.greetings.is_exactly(t.lower)
                && !p.not_names.is_exactly(t.lower)
                && !rules.courtesy.sign_offs.is_exactly(t.lower)
        })
        .map(|(_, t)| t.padded_range())
        .collect()
}

/// Whether `needle` (ASCII) occurs in `text`, ignoring ASCII case, without lower-casing a copy.
fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    text.len() >= needle.len()
        && text
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Byte spans of URLs, e-mail addresses and bracketed placeholders, with their mask.
fn masked_spans(message: &str) -> Vec<(usize, usize, &'static str)> {
    let mut spans = if may_link(message) {
        link_spans(message)
    } else {
        Vec::new()
    };
    let brackets = if message.bytes().any(|b| matches!(b, b'{' | b'[' | b'<')) {
        &[("{{", "}}"), ("[", "]"), ("{", "}"), ("<", ">")][..]
    } else {
        &[]
    };
    for &(open, close) in brackets {
        let mut from = 0;
        while let Some(start) = message[from..].find(open).map(|s| s + from) {
            let Some(len) = message[start..].find(close) else {
                break;
            };
            let end = start + len + close.len();
            if len <= 60 {
                spans.push((start, end, "<ph>"));
            }
            from = end;
        }
    }
    spans
}

/// Whether `message` may hold a word `link_spans` masks: a URL has a `:` or begins `www.`, an
/// e-mail address has an `@`. Most notes have none, and need no word-by-word look.
fn may_link(message: &str) -> bool {
    memchr::memchr2(b':', b'@', message.as_bytes()).is_some()
        || contains_ignore_ascii_case(message, "www.")
}

/// Byte spans of the words of `message` that are URLs or e-mail addresses, with their mask.
fn link_spans(message: &str) -> Vec<(usize, usize, &'static str)> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for piece in message.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        if (word.contains(':')
            && (contains_ignore_ascii_case(word, "http://")
                || contains_ignore_ascii_case(word, "https://")))
            || word
                .as_bytes()
                .get(..4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
        {
            spans.push((offset, offset + word.len(), "<url>"));
        } else if word.contains('@') && word.contains('.') && word.len() > 5 {
            spans.push((offset, offset + word.len(), "<email>"));
        }
        offset += piece.len();
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str) -> NoteAnalysis {
        analyse(text, "Sam Lee", "", &Rules::embedded())
    }

    #[test]
    fn hits_are_found_under_their_list_name() {
        let rules = Rules::embedded();
        let personalisation =
            StructureSide::all(&rules.personalisation.structures).map(NoteList::Personalisation);
        let courtesy = StructureSide::all(&rules.courtesy.structures).map(NoteList::Courtesy);
        for list in NoteList::LISTS
            .into_iter()
            .chain(personalisation)
            .chain(courtesy)
        {
            // A `<name>` side has no phrases.
            let Some(phrase) = list.phrases(&rules).keys().next() else {
                continue;
            };
            let hits = rules.note_group.scan(&Words::new(phrase));
            assert!(
                hits.matches(list).any(|m| m.id == 0),
                "{list:?}: '{phrase}'"
            );
        }
    }

    #[test]
    fn canned_texts_survive_greetings_sign_offs_and_attribution() {
        for text in [
            "I'd like to join your LinkedIn network",
            "Hi Tom, I’d like to join your LinkedIn network.",
            "hello  tom!!  i'd like to join your linkedin network",
            "I'd like to add you to my professional network on LinkedIn. Best, Sam",
            "I'd like to add you to my professional network on LinkedIn. Thanks!",
            "Jo Bloggs has indicated you are a fellow group member of Data People: I'd like to add you to my professional network on LinkedIn.",
            "Jo has indicated you are a Friend: I'd like to add you to my professional network on LinkedIn. - Jo",
            "I would like to add you to my network on LinkedIn",
            // One word away, at the start, the end, in the middle; one word fewer or more.
            "We'd like to add you to my professional network on LinkedIn",
            "I'd like to add you to my professional network on Linkedln",
            "I'd love to add you to my professional network on LinkedIn",
            "like to add you to my professional network on LinkedIn",
            "I'd like to add you to my professional network on LinkedIn today",
        ] {
            assert!(note(text).canned.is_some(), "{text}");
        }
        for text in [
            "I'd like to join your LinkedIn network because we met at RecFest",
            "Hi Tom, let's connect!",
            // Two words away.
            "We'd like to add you to my professional network on Linkedln",
            "I'd like to add you to my own network on LinkedIn today",
        ] {
            assert!(note(text).canned.is_none(), "{text}");
        }
    }

    #[test]
    fn sign_offs_need_a_closing_and_a_name() {
        let signed = |t: &str| note(t).courtesy.signs_off;
        assert!(signed("Great to connect. Kind regards, Sam"));
        assert!(signed("Great to connect.\n\nBest,\nLeo"));
        assert!(signed("Thanks for your time, Priya"));
        assert!(signed(
            "Speak soon. Best regards, Sam Lee | Recruiter at Hays"
        ));
        assert!(!signed("Great to connect. Thanks!"));
        assert!(!signed("Great to connect.\n\nNina"));
        assert!(!signed("Great to connect. — Micah"));
        assert!(!signed("Best of luck with the launch"));
        // Thanking the greeted recipient is not signing off.
        assert!(!signed("Hi Tom, loved the talk. Thanks Tom"));
    }

    #[test]
    fn greetings_address_the_recipient_by_name() {
        let addressed = |t: &str| note(t).courtesy.addresses_recipient;
        assert!(addressed("Hi Tom, let's connect"));
        assert!(addressed("Good morning Priyanka, saw you at the meetup"));
        assert!(addressed(
            "Ben, helping teams ramp faster. Worth connecting?"
        ));
        assert!(addressed("Dear Dr Patel, I read your paper"));
        assert!(!addressed("Hi there, let's connect"));
        assert!(!addressed("Hi, I found your profile"));
        assert!(!addressed("Hello, hope you are well"));
    }

    #[test]
    fn odd_input_never_panics() {
        let rules = Rules::embedded();
        let odd = [
            "Hi",
            "Hi Tom",
            "Tom,",
            "— Jo",
            "Jo Li",
            "Thanks",
            "Best, ",
            "%é%",
            "%%",
            "[",
            "{{",
            "<",
            "Hi [",
            "xx ## %A% *|X|*",
            "Zoë, 😀 🚀 — Ünal",
            "http://",
            "a@b.c",
            "\n\n\n",
            "Best,\nЖанна",
            "I'd like to join your LinkedIn network — Ωmega",
        ];
        for text in odd {
            let _ = analyse(text, "Zoë Ünal", "Tom", &rules);
        }
    }

    #[test]
    fn placeholders() {
        let ph = |t: &str| find_placeholder(t, &Words::new(t), &Rules::embedded());
        assert_eq!(ph("Hi [Name], great post"), Some("[Name]".into()));
        assert_eq!(ph("loved {{company}}'s news"), Some("{{company}}".into()));
        assert_eq!(ph("an interest in XXXX"), Some("XXXX".into()));
        assert_eq!(ph("we have ## connections"), Some("##".into()));
        assert_eq!(ph("Hi <first name>, hello"), Some("<first name>".into()));
        assert_eq!(ph("Hi %FIRSTNAME%, hello"), Some("%FIRSTNAME%".into()));
        assert_eq!(ph("Hi Tom, I work at Xero"), None);
    }

    #[test]
    fn notes_without_a_link_mark_are_not_looked_at_word_by_word() {
        for text in [
            "Hi Tom, see https://acme.io/jobs",
            "WWW.ACME.IO has the role",
            "mail sam@acme.io today",
            "at 10:30, or xwww.a",
            "no link here, just www",
            "Ünïcode\u{a0}www.acme.io\u{2003}ok",
            "Hi\u{3000}sam@acme.io",
            "",
        ] {
            assert!(
                may_link(text) || link_spans(text).is_empty(),
                "{text:?} has a link the quick look misses"
            );
        }
        assert!(!may_link("Hi Tom, loved your talk on data teams."));
    }

    #[test]
    fn template_keys_mask_names_numbers_and_urls() {
        let rules = Rules::embedded();
        let a = analyse(
            "Hi Tom, we have 3 roles at Acme: https://acme.io/jobs. Best, Sam",
            "Sam Lee",
            "",
            &rules,
        );
        let b = analyse(
            "Hi Ann, we have 12 roles at Zeta: https://zeta.io/x. Best, Sam",
            "Sam Lee",
            "",
            &rules,
        );
        assert_eq!(a.template_key, b.template_key);
        assert!(a.template_key.unwrap().contains("<url>"));
    }
}
