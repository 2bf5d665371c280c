//! Sender category from a headline and company, or from a note's text (SPEC §5.1).
//!
//! Pure functions of text and rules; the evidence order between sources (explicit column,
//! `--senders`, profile, note) is `tag::categorise`'s job.

use super::rules::{HeadlineRules, NoteRules, PhraseList, Rules};
use super::text::Words;
use crate::model::SenderCategory;

/// A word no phrase contains: put between headline segments so no phrase spans two of them.
const SEGMENT_BREAK: &str = " zzsegmentzz ";

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
    let head = Words::new(&current);
    let company_words = Words::new(&format!("{company}{SEGMENT_BREAK}{employers}"));
    let reason = |list: &str, phrase: &str, where_: &str| format!("{where_}: {list} '{phrase}'");
    let company_field = if company.trim().is_empty() {
        format!("{field} employer")
    } else {
        "company".to_string()
    };

    // Job seeking beats everything, even in a segment that also names a past role.
    if let Some(p) = h.job_seeking.find(&Words::new(headline)) {
        return Some((Candidate, reason("job_seeking", p, field)));
    }
    if let Some(p) = h.agency_titles.find_unless(&head, &h.in_house_markers) {
        return Some((RecruitmentConsultant, reason("agency_titles", p, field)));
    }
    let recruiting = h.recruiting_words.find(&head).is_some();
    let other_job = !recruiting
        && h.agency_hints.find(&head).is_none()
        && h.agency_non_recruiting_titles.find(&head).is_some();
    let vendor =
        h.vendor_words.find(&head).is_some() || h.vendor_words.find(&company_words).is_some();
    if !other_job {
        if let Some(p) = h.agencies.find(&company_words) {
            return Some((RecruitmentConsultant, reason("agencies", p, &company_field)));
        }
        if let Some(p) = h.agencies.find(&head) {
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
            if let Some(p) = h.agency_company_words.find(&company_words) {
                return Some((
                    RecruitmentConsultant,
                    reason("agency_company_words", p, &company_field),
                ));
            }
        }
    }
    let in_house_marker = h.in_house_markers.find(&head).is_some();
    if recruiting && !in_house_marker && !vendor {
        if let Some(p) = h.agency_hints.find(&head) {
            return Some((
                RecruitmentConsultant,
                format!("{field}: recruiting word with agency_hints '{p}'"),
            ));
        }
    }
    let supplier = h.supplier.find(&head);
    if let Some(p) = h.in_house_titles.find(&head) {
        if !(vendor && supplier.is_some()) {
            return Some((InHouseRecruiter, reason("in_house_titles", p, field)));
        }
    }
    if let Some(p) = supplier {
        return Some((Supplier, reason("supplier", p, field)));
    }
    if let Some(p) = h.vendors.find(&company_words) {
        return Some((Supplier, reason("vendors", p, &company_field)));
    }
    if let Some(p) = h.studying.find(&head) {
        return Some((Candidate, reason("studying", p, field)));
    }
    // "Psychology graduate", "Law grad": a subject then "graduate" (not "Graduate Engineer").
    if let Some(p) = current
        .split(SEGMENT_BREAK.trim())
        .filter_map(|segment| segment.split_whitespace().last())
        .find(|last| matches!(*last, "graduate" | "grad" | "graduand"))
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

/// Category from a note's text alone (SPEC §4.4: archives have no headline).
pub fn from_note(words: &Words, rules: &Rules) -> Option<(SenderCategory, String)> {
    use SenderCategory::*;
    let n: &NoteRules = &rules.note;
    let lists: [(SenderCategory, &str, &PhraseList); 5] = [
        (
            RecruitmentConsultant,
            "recruitment_consultant",
            &n.recruitment_consultant,
        ),
        (
            InHouseRecruiter,
            "in_house_recruiter",
            &n.in_house_recruiter,
        ),
        (Candidate, "candidate", &n.candidate),
        (Supplier, "supplier", &n.supplier),
        (Peer, "peer", &n.peer),
    ];
    lists.into_iter().find_map(|(category, name, list)| {
        list.find_unless(words, &n.unless)
            .map(|p| (category, format!("note: {name} '{p}'")))
    })
}

/// The headline without past roles, and the employers it names after "at" or "@".
///
/// Segments are split at separators; inside one, words from a `former` marker up to a `resume`
/// marker are dropped ("ex-Hays recruiter turned analyst" keeps "analyst").
fn current_roles(headline: &str, h: &HeadlineRules) -> (String, String) {
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
    (roles.join(SEGMENT_BREAK), employers.join(SEGMENT_BREAK))
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
            ("HRBP", "Tesco", InHouseRecruiter),
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
    fn past_roles_are_dropped() {
        let rules = Rules::embedded();
        let (roles, employers) =
            current_roles("Data Analyst (ex-Hays) | Analyst @ Monzo", &rules.headline);
        assert!(!roles.contains("hays"), "{roles}");
        assert!(employers.contains("monzo"), "{employers}");
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
}
