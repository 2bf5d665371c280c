//! Sender category from a headline and company, or from a note's text (docs/tagging.md).
//!
//! Pure functions of text and rules; the evidence order between sources (explicit column,
//! `--senders`, profile, note) is `tag::categorise`'s job.

use super::rules::{
    GroupHits, HeadlineRules, ListGroup, ListName, NoteRules, PhraseList, PhraseMatch, Rules,
    StructureSide, Vetoes,
};
use super::text::Words;
use crate::model::SenderCategory;

/// The lists `Rules::profile_group` checks against the current roles of a headline and against
/// the company and employers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ProfileList {
    AgencyTitles,
    InHouseMarkers,
    RecruitingWords,
    AgencyHints,
    AgencyNonRecruitingTitles,
    VendorWords,
    Agencies,
    AgencyCompanyWords,
    Supplier,
    InHouseTitles,
    Vendors,
    Studying,
}

impl ProfileList {
    /// Every list of the group (in any order: hits are looked up by name).
    const ALL: [ProfileList; 12] = [
        ProfileList::AgencyTitles,
        ProfileList::InHouseMarkers,
        ProfileList::RecruitingWords,
        ProfileList::AgencyHints,
        ProfileList::AgencyNonRecruitingTitles,
        ProfileList::VendorWords,
        ProfileList::Agencies,
        ProfileList::AgencyCompanyWords,
        ProfileList::Supplier,
        ProfileList::InHouseTitles,
        ProfileList::Vendors,
        ProfileList::Studying,
    ];
}

impl ListName for ProfileList {
    fn phrases(self, rules: &Rules) -> &PhraseList {
        let h = &rules.headline;
        match self {
            ProfileList::AgencyTitles => &h.agency_titles,
            ProfileList::InHouseMarkers => &h.in_house_markers,
            ProfileList::RecruitingWords => &h.recruiting_words,
            ProfileList::AgencyHints => &h.agency_hints,
            ProfileList::AgencyNonRecruitingTitles => &h.agency_non_recruiting_titles,
            ProfileList::VendorWords => &h.vendor_words,
            ProfileList::Agencies => &h.agencies,
            ProfileList::AgencyCompanyWords => &h.agency_company_words,
            ProfileList::Supplier => &h.supplier,
            ProfileList::InHouseTitles => &h.in_house_titles,
            ProfileList::Vendors => &h.vendors,
            ProfileList::Studying => &h.studying,
        }
    }
}

/// The headline lists, so that one pass over a text finds them all.
pub(crate) fn list_group(rules: &Rules) -> Result<ListGroup<ProfileList>, String> {
    ListGroup::new(ProfileList::ALL, rules, "category.headline")
}

/// Category from a headline and company; `None` when both are empty.
///
/// `field` names where they came from in the reason ("headline", "senders file headline").
pub fn from_profile(
    headline: &str,
    company: &str,
    field: &str,
    rules: &Rules,
) -> Option<(SenderCategory, String)> {
    use SenderCategory::*;
    let h = &rules.headline;
    if headline.trim().is_empty() && company.trim().is_empty() {
        return None;
    }
    let (current, employers) = current_roles(headline, h);
    // Each role and each employer is read on its own: no phrase runs from one into the next.
    let head = Words::segmented(current.iter().map(String::as_str));
    let company_words =
        Words::segmented(std::iter::once(company).chain(employers.iter().map(String::as_str)));
    let reason = |list: &str, phrase: &str, where_: &str| format!("{where_}: {list} '{phrase}'");
    let company_field = if company.trim().is_empty() {
        format!("{field} employer")
    } else {
        "company".to_string()
    };

    // Job seeking beats everything, even in a segment that also names a past role.
    let whole = Words::new(headline);
    if let Some(p) = h.job_seeking.find(&whole) {
        return Some((Candidate, reason("job_seeking", p, field)));
    }
    // Every list's hits in the current roles and in the employers, one pass over each.
    let in_head = rules.profile_group.scan(&head);
    let in_company = rules.profile_group.scan(&company_words);
    if let Some(p) = in_head.find_unless(
        rules,
        ProfileList::AgencyTitles,
        Some(ProfileList::InHouseMarkers),
    ) {
        return Some((RecruitmentConsultant, reason("agency_titles", p, field)));
    }
    let recruiting = in_head
        .matches(ProfileList::RecruitingWords)
        .next()
        .is_some();
    let other_job = !recruiting
        && in_head.matches(ProfileList::AgencyHints).next().is_none()
        && in_head
            .matches(ProfileList::AgencyNonRecruitingTitles)
            .next()
            .is_some();
    let vendor = in_head.matches(ProfileList::VendorWords).next().is_some()
        || in_company
            .matches(ProfileList::VendorWords)
            .next()
            .is_some();
    if !other_job {
        if let Some(p) = in_company.find(rules, ProfileList::Agencies) {
            return Some((RecruitmentConsultant, reason("agencies", p, &company_field)));
        }
        if let Some(p) = in_head.find(rules, ProfileList::Agencies) {
            return Some((RecruitmentConsultant, reason("agencies", p, field)));
        }
        let company_only = Words::new(company);
        if h.agency_company_exact.is_exactly(company_only.as_str()) {
            return Some((
                RecruitmentConsultant,
                reason("agency_company_exact", company_only.as_str(), "company"),
            ));
        }
        if !vendor {
            if let Some(p) = in_company.find(rules, ProfileList::AgencyCompanyWords) {
                return Some((
                    RecruitmentConsultant,
                    reason("agency_company_words", p, &company_field),
                ));
            }
        }
    }
    let in_house_marker = in_head
        .matches(ProfileList::InHouseMarkers)
        .next()
        .is_some();
    if recruiting && !in_house_marker && !vendor {
        if let Some(p) = in_head.find(rules, ProfileList::AgencyHints) {
            return Some((
                RecruitmentConsultant,
                format!("{field}: recruiting word with agency_hints '{p}'"),
            ));
        }
    }
    let supplier = in_head.find(rules, ProfileList::Supplier);
    if let Some(p) = in_head.find(rules, ProfileList::InHouseTitles) {
        if !(vendor && supplier.is_some()) {
            return Some((InHouseRecruiter, reason("in_house_titles", p, field)));
        }
    }
    if let Some(p) = supplier {
        return Some((Supplier, reason("supplier", p, field)));
    }
    // Someone at a vendor sells, unless their title says they do something else.
    let other_job = in_head
        .matches(ProfileList::AgencyNonRecruitingTitles)
        .next()
        .is_some();
    if let Some(p) = in_company
        .find(rules, ProfileList::Vendors)
        .filter(|_| !other_job)
    {
        return Some((Supplier, reason("vendors", p, &company_field)));
    }
    // Job seeking in other words ("seeking … role") is weaker than a title: a recruiter
    // "seeking Java engineers for roles in Berlin" is a recruiter.
    if let Some(found) = h
        .structures
        .iter()
        .find_map(|s| s.find(&whole, &[], &h.former))
    {
        return Some((Candidate, format!("{field}: {found}")));
    }
    if let Some(p) = in_head.find(rules, ProfileList::Studying) {
        return Some((Candidate, reason("studying", p, field)));
    }
    // "Psychology graduate", "Law grad": a subject then "graduate" (not "Graduate Engineer").
    if let Some(p) = current
        .iter()
        .filter_map(|role| role.split_whitespace().last())
        .find(|last| h.graduate_words.is_exactly(last))
    {
        return Some((Candidate, format!("{field}: a subject then '{p}'")));
    }
    if !head.is_empty() {
        return Some((
            Peer,
            format!("{field}: no job-seeking, recruiting or sales rule matches"),
        ));
    }
    if !headline.trim().is_empty() {
        return Some((Peer, format!("{field}: names only past roles")));
    }
    Some((
        Peer,
        "company: not a recruitment agency, and no headline".to_string(),
    ))
}

/// How many words after "I'm a" (or before "here") a self-description may take.
const SELF_DESCRIPTION_WORDS: usize = 8;

/// The sender's description of themselves, read as a headline: "I'm a tech recruiter at
/// Velocity Partners (agency)", "sou recrutadora na Talentum RH", "BDR at Candid Analytics
/// here". The headline rules know titles, agencies and employers in every language they hold,
/// so a note gets the same judgement a profile would. Only a category other than peer counts
/// ("I'm a big fan" is not a job); the note lists decide the rest.
fn from_self_description(
    words: &Words,
    hits: &GroupHits<NoteCategoryList>,
    rules: &Rules,
) -> Option<(SenderCategory, String)> {
    let n = &rules.note;
    let padded = words.padded();
    let after = hits.matches(NoteCategoryList::SelfDescription).map(|m| {
        let rest = &padded[m.end..];
        rest.split_whitespace()
            .take(SELF_DESCRIPTION_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    });
    // Before "here", a title is short ("BDR at Candid Analytics here"): a longer run would
    // reach back into another clause ("thanks for replying about the TA meetup, connecting here").
    let before = hits
        .matches(NoteCategoryList::SelfDescriptionBefore)
        .map(|m| {
            let words_before: Vec<&str> = padded[..m.start].split_whitespace().collect();
            let from = words_before
                .len()
                .saturating_sub(SELF_DESCRIPTION_WORDS / 2);
            words_before[from..].join(" ")
        });
    let mut peer = None;
    // A few clauses at most: "as a" and "als" are common words, and each clause is a headline.
    for clause in after.chain(before).take(4) {
        let Some((category, reason)) = from_profile(&clause, "", "note self-description", rules)
        else {
            continue;
        };
        let found = (category, format!("{reason}, in '{clause}'"));
        if category != SenderCategory::Peer {
            return Some(found);
        }
        // A peer needs a role in the clause: "I'm a big fan" names no job.
        if peer.is_none() && n.roles.find(&Words::new(&clause)).is_some() {
            peer = Some(found);
        }
    }
    peer
}

/// The lists `Rules::note_category_group` checks a note against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum NoteCategoryList {
    SelfDescription,
    SelfDescriptionBefore,
    Unless,
    RecruitmentConsultant,
    InHouseRecruiter,
    Candidate,
    Supplier,
    Peer,
    Structure(StructureSide),
}

impl NoteCategoryList {
    /// The lists that are not a structure's side.
    const LISTS: [NoteCategoryList; 8] = [
        NoteCategoryList::SelfDescription,
        NoteCategoryList::SelfDescriptionBefore,
        NoteCategoryList::Unless,
        NoteCategoryList::RecruitmentConsultant,
        NoteCategoryList::InHouseRecruiter,
        NoteCategoryList::Candidate,
        NoteCategoryList::Supplier,
        NoteCategoryList::Peer,
    ];

    /// The list of phrases that say a note's sender is of `category`.
    fn of(category: SenderCategory) -> Option<NoteCategoryList> {
        match category {
            SenderCategory::RecruitmentConsultant => Some(NoteCategoryList::RecruitmentConsultant),
            SenderCategory::InHouseRecruiter => Some(NoteCategoryList::InHouseRecruiter),
            SenderCategory::Candidate => Some(NoteCategoryList::Candidate),
            SenderCategory::Supplier => Some(NoteCategoryList::Supplier),
            SenderCategory::Peer => Some(NoteCategoryList::Peer),
            _ => None,
        }
    }
}

impl ListName for NoteCategoryList {
    fn phrases(self, rules: &Rules) -> &PhraseList {
        let n: &NoteRules = &rules.note;
        match self {
            NoteCategoryList::SelfDescription => &n.self_description,
            NoteCategoryList::SelfDescriptionBefore => &n.self_description_before,
            NoteCategoryList::Unless => &n.unless,
            NoteCategoryList::RecruitmentConsultant => &n.recruitment_consultant,
            NoteCategoryList::InHouseRecruiter => &n.in_house_recruiter,
            NoteCategoryList::Candidate => &n.candidate,
            NoteCategoryList::Supplier => &n.supplier,
            NoteCategoryList::Peer => &n.peer,
            NoteCategoryList::Structure(side) => side.phrases(&n.structures),
        }
    }
}

/// The categories a note's lists are checked for, in order.
const CATEGORY_ORDER: [SenderCategory; 5] = [
    SenderCategory::RecruitmentConsultant,
    SenderCategory::InHouseRecruiter,
    SenderCategory::Candidate,
    SenderCategory::Supplier,
    SenderCategory::Peer,
];

/// The note lists and the sides of the note structures, so that one pass over a note finds
/// them all.
pub(crate) fn note_list_group(rules: &Rules) -> Result<ListGroup<NoteCategoryList>, String> {
    let sides = StructureSide::all(&rules.note.structures).map(NoteCategoryList::Structure);
    ListGroup::new(
        NoteCategoryList::LISTS.into_iter().chain(sides),
        rules,
        "category.note",
    )
}

/// Category from a note's text alone (archives have no headline).
pub fn from_note(words: &Words, rules: &Rules) -> Option<(SenderCategory, String)> {
    use SenderCategory::*;
    let n: &NoteRules = &rules.note;
    let hits = rules.note_category_group.scan(words);
    let vetoes = Vetoes::new(hits.matches(NoteCategoryList::Unless).collect());
    let list_of = |category: SenderCategory| {
        let list = NoteCategoryList::of(category)?;
        hits.matches(list)
            .filter(|m| !vetoes.cover(m))
            .min_by_key(|m| (m.id, m.start))
            .map(|m| {
                (
                    category,
                    format!("note: {category} '{}'", list.phrases(rules).phrase(m.id)),
                )
            })
    };
    // Job seeking first, as in a headline; then the sender's own description; then the lists.
    if let Some(found) = list_of(Candidate) {
        return Some(found);
    }
    let described = from_self_description(words, &hits, rules);
    if let Some(found) = described.clone().filter(|(c, _)| *c != Peer) {
        return Some(found);
    }
    // Each category's evidence: its list's separate phrases, and its structures (named
    // "<category>: …") that fire. The category with the most pieces wins, ties going by category
    // order, so a trainer that "helps companies hire" is a supplier when it also says "we train"
    // and "hiring needs".
    let evidence = |category: SenderCategory| {
        let list = NoteCategoryList::of(category)?;
        let mut kept: Vec<PhraseMatch> = hits.matches(list).filter(|m| !vetoes.cover(m)).collect();
        kept.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        // A piece is a stretch of overlapping phrases ("exciting opportunity" inside "an exciting
        // opportunity") holding a phrase not seen before: a phrase said twice is one piece.
        let mut pieces = 0;
        let mut seen: Vec<usize> = Vec::new();
        let mut stretch = 0..0;
        let mut new_in_stretch = false;
        for m in &kept {
            if m.start >= stretch.end {
                pieces += usize::from(new_in_stretch);
                stretch = m.start..m.end;
                new_in_stretch = false;
            }
            stretch.end = stretch.end.max(m.end);
            if !seen.contains(&m.id) {
                seen.push(m.id);
                new_in_stretch = true;
            }
        }
        pieces += usize::from(new_in_stretch);
        let first = kept
            .iter()
            .min_by_key(|m| (m.id, m.start))
            .map(|m| format!("note: {category} '{}'", list.phrases(rules).phrase(m.id)));
        // A structure counts only where the list found nothing: its words may be a list
        // phrase too ("our platform" … "for teams"), and one thing said is one piece.
        let reason = first.or_else(|| {
            n.structures.iter().enumerate().find_map(|(k, s)| {
                (rules.note_structure_categories[k] == Some(category))
                    .then(|| {
                        s.find_in(
                            hits.structure(k, NoteCategoryList::Structure, &vetoes),
                            words,
                            || &[],
                        )
                    })
                    .flatten()
                    .map(|found| format!("note: {found}"))
            })
        })?;
        Some((pieces.max(1), reason))
    };
    // Peer is what is left ("anyone else"): its phrases ("our team", "I lead") say only that
    // the sender works, so they count only when no other category has any evidence.
    let mut best: Option<(usize, SenderCategory, String)> = None;
    let mut beaten: Option<(usize, SenderCategory)> = None;
    for category in CATEGORY_ORDER.into_iter().filter(|&c| c != Peer) {
        let Some((pieces, reason)) = evidence(category) else {
            continue;
        };
        if let Some((most, earlier, _)) = &best {
            if pieces <= *most {
                continue;
            }
            // The first category in order lost on evidence: the reason says to what.
            beaten.get_or_insert((*most, *earlier));
        }
        best = Some((pieces, category, reason));
    }
    best.map(|(pieces, category, reason)| match beaten {
        Some((fewer, earlier)) => (
            category,
            format!("{reason} (and {} more; {earlier} had {fewer})", pieces - 1),
        ),
        None => (category, reason),
    })
    .or_else(|| evidence(Peer).map(|(_, reason)| (Peer, reason)))
    .or(described)
}

/// The headline's current roles, one per segment without past roles, and the employers it
/// names after "at" or "@".
///
/// Segments are split at separators; inside one, words from a `former` marker up to a `resume`
/// marker are dropped ("ex-Hays recruiter turned analyst" keeps "analyst").
fn current_roles(headline: &str, h: &HeadlineRules) -> (Vec<String>, Vec<String>) {
    let mut roles = Vec::new();
    let mut employers = Vec::new();
    for segment in segments(headline) {
        let words = Words::new(segment);
        if words.is_empty() {
            continue;
        }
        let kept = drop_past(&words, &h.former, &h.resume);
        if kept.trim().is_empty() {
            continue;
        }
        let padded = format!(" {} ", kept.trim());
        if let Some(at) = padded.find(" at ") {
            employers.push(padded[at + 4..].trim().to_string());
        }
        if segment.contains('@') {
            if let Some((_, after)) = segment.split_once('@') {
                employers.push(Words::new(after).as_str().to_string());
            }
        }
        roles.push(kept.trim().to_string());
    }
    (roles, employers)
}

fn segments(headline: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = headline.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let spaced_dash = c == '-'
            && k > 0
            && bytes[k - 1].1 == ' '
            && bytes.get(k + 1).is_some_and(|&(_, n)| n == ' ');
        let separator = matches!(
            c,
            '|' | '•'
                | '·'
                | '/'
                | ';'
                | ','
                | '('
                | ')'
                | '['
                | ']'
                | '–'
                | '—'
                | ':'
                | '!'
                | '\n'
                | '~'
                | '+'
                | '→'
                | '>'
                | '<'
                | '*'
        ) || spaced_dash
            || is_pictograph(c);
        if separator {
            out.push(&headline[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&headline[start..]);
    out
}

/// Emoji and other symbols people use as separators in headlines.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x2BFF | 0x1F000..=0x1FAFF | 0xFE0F)
}

/// The words of one segment with past roles removed.
fn drop_past(words: &Words, former: &PhraseList, resume: &PhraseList) -> String {
    let padded = words.padded();
    let former_hits = former.matches(words);
    if former_hits.is_empty() {
        return padded.to_string();
    }
    let resume_hits = resume.matches(words);
    let mut out = String::new();
    let mut pos = 0;
    for hit in former_hits {
        if hit.start < pos {
            continue;
        }
        out.push_str(&padded[pos..hit.start]);
        pos = resume_hits
            .iter()
            .filter(|r| r.start >= hit.end)
            .map(|r| r.start)
            .min()
            .unwrap_or(padded.len());
    }
    if pos < padded.len() {
        out.push_str(&padded[pos..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use SenderCategory::*;

    fn category(headline: &str, company: &str) -> SenderCategory {
        let rules = Rules::embedded();
        from_profile(headline, company, "headline", &rules).map_or(Unknown, |(c, _)| c)
    }

    #[test]
    fn issue_examples() {
        let cases = [
            ("Recruiter at Hays", "", RecruitmentConsultant),
            ("Technical Recruiter at Siemens", "", InHouseRecruiter),
            ("Management Consultant at Deloitte", "", Peer),
            (
                "Growth consultant | I help agencies get leads",
                "",
                Supplier,
            ),
            ("Open to work | Data Analyst", "", Candidate),
            ("Recruiter | Open to work", "", Candidate),
            ("Ex-Hays recruiter, now Data Analyst", "", Peer),
            ("Former Recruiter turned Product Manager", "", Peer),
            ("TA Partner @ Spotify 🎧", "", InHouseRecruiter),
            ("SDR | SaaS", "", Supplier),
            // An HR business partner does not recruit: talent acquisition is the in-house category.
            ("HRBP", "Tesco", Peer),
            (
                "People Partner – Engineering hiring",
                "Wise",
                InHouseRecruiter,
            ),
            ("RPO Recruiter", "Cielo", RecruitmentConsultant),
            // Job seeking in other words, but only where no title says otherwise.
            ("Veteran seeking civilian role in operations", "", Candidate),
            (
                "Technical Recruiter | Seeking Java engineers for roles in Berlin",
                "Hays",
                RecruitmentConsultant,
            ),
            (
                "Head of Sales | Searching for partners and new opportunities",
                "",
                Supplier,
            ),
            ("VC investor seeking early stage founders", "", Peer),
            // Other languages, chosen by the words themselves.
            ("Consultora de Recrutamento", "", RecruitmentConsultant),
            ("Técnico de Selección", "El Corte Inglés", InHouseRecruiter),
            ("Rekryterare", "Göteborgs Stad", InHouseRecruiter),
            ("Personalberater IT", "", RecruitmentConsultant),
            ("Chargée de recrutement", "Decathlon", InHouseRecruiter),
            ("Directora Comercial", "Iberdrola", Supplier),
            ("Vertriebsleiter DACH", "", Supplier),
            (
                "Em busca de novas oportunidades | Analista de Dados",
                "",
                Candidate,
            ),
            ("Senior Consultant", "Robert Walters", RecruitmentConsultant),
            ("Software Engineer at Randstad", "", Peer),
            (
                "Senior Recruiter | Fintech | Perm & Contract",
                "",
                RecruitmentConsultant,
            ),
            (
                "Talent Acquisition Consultant",
                "Unilever",
                InHouseRecruiter,
            ),
            (
                "Account Executive at Bullhorn | Recruitment CRM",
                "",
                Supplier,
            ),
            ("MSc Data Science student", "", Candidate),
            ("Psychology graduate | keen on HR", "", Candidate),
            ("Graduate Software Engineer at BT", "", Peer),
            ("", "Reed", RecruitmentConsultant),
            ("Partner", "Reed Smith", Peer),
            ("Co-founder & CEO", "Broadbean", Supplier),
            ("", "", Unknown),
        ];
        for (headline, company, want) in cases {
            let rules = Rules::embedded();
            let got = from_profile(headline, company, "headline", &rules);
            assert_eq!(category(headline, company), want, "{headline}: {got:?}");
        }
    }

    #[test]
    fn hits_are_found_under_their_list_name() {
        let rules = Rules::embedded();
        for list in ProfileList::ALL {
            let phrase = list.phrases(&rules).keys().next().unwrap();
            let hits = rules.profile_group.scan(&Words::new(phrase));
            assert!(
                hits.matches(list).any(|m| m.id == 0),
                "{list:?}: '{phrase}'"
            );
        }
        let sides = StructureSide::all(&rules.note.structures).map(NoteCategoryList::Structure);
        for list in NoteCategoryList::LISTS.into_iter().chain(sides) {
            let Some(phrase) = list.phrases(&rules).keys().next() else {
                continue;
            };
            let hits = rules.note_category_group.scan(&Words::new(phrase));
            assert!(
                hits.matches(list).any(|m| m.id == 0),
                "{list:?}: '{phrase}'"
            );
        }
    }

    #[test]
    fn past_roles_are_dropped() {
        let rules = Rules::embedded();
        let (roles, employers) =
            current_roles("Data Analyst (ex-Hays) | Analyst @ Monzo", &rules.headline);
        assert_eq!(roles, ["data analyst", "analyst monzo"]);
        assert_eq!(employers, ["monzo"]);
    }

    #[test]
    fn note_evidence() {
        let rules = Rules::embedded();
        let cat = |t: &str| from_note(&Words::new(t), &rules).map_or(Unknown, |(c, _)| c);
        assert_eq!(
            cat("I have an exciting opportunity for a client"),
            RecruitmentConsultant
        );
        assert_eq!(cat("I'm looking for my next role in data"), Candidate);
        assert_eq!(cat("Happy to book a demo whenever suits"), Supplier);
        assert_eq!(cat("We're hiring engineers in Leeds"), InHouseRecruiter);
        assert_eq!(cat("I'm a big fan of your writing"), Unknown);
    }

    #[test]
    fn the_category_with_the_most_evidence_wins() {
        let rules = Rules::embedded();
        let cat = |t: &str| from_note(&Words::new(t), &rules);
        // One piece each: the earlier category in the order wins, as before.
        assert_eq!(
            cat("We work with our client on this").unwrap().0,
            RecruitmentConsultant
        );
        // An agency's phrase against three of a supplier's: the supplier.
        let (category, reason) = cat(
            "We train graduates in SQL and help companies hire. Our platform saves you a \
             quick call",
        )
        .unwrap();
        assert_eq!(category, Supplier);
        assert!(reason.starts_with("note: supplier"), "{reason}");
        assert!(
            reason.ends_with("recruitment_consultant had 1)"),
            "{reason}"
        );
        // A phrase said twice is one piece: one each, and the order decides.
        assert_eq!(
            cat("Our client has a pipeline problem. The pipeline, the pipeline!")
                .unwrap()
                .0,
            RecruitmentConsultant
        );
        // A structure over a list phrase is not a second piece: "our platform … for teams"
        // is one against the agency's two.
        assert_eq!(
            cat("Our platform for teams: my client has an exciting opportunity")
                .unwrap()
                .0,
            RecruitmentConsultant
        );
        // Overlapping phrases of one list are one piece: "an exciting opportunity" holds
        // "exciting opportunity", and does not outweigh a supplier's two.
        assert_eq!(
            cat("An exciting opportunity: our platform, a free trial")
                .unwrap()
                .0,
            Supplier
        );
    }

    #[test]
    fn asking_how_the_recipient_did_their_work_is_a_peer_s_note() {
        let rules = Rules::embedded();
        let (category, reason) = from_note(
            &Words::new(
                "Loved your talk on retries. How did you structure the backoff? Please guide",
            ),
            &rules,
        )
        .unwrap();
        assert_eq!(category, Peer);
        assert!(reason.contains("asks how the recipient"), "{reason}");
        // Asked by a seller, the seller's evidence still counts first.
        assert_eq!(
            from_note(
                &Words::new("How did you build your pipeline? Book a demo of our platform"),
                &rules
            )
            .unwrap()
            .0,
            Supplier
        );
    }
}
