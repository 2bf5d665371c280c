//! Tagging rules as data: `data/rules.toml`, compiled in, parsed once into phrase lists.

use serde::Deserialize;

use super::text::Words;

/// The rule file compiled into the binary.
pub const DEFAULT_RULES: &str = include_str!("../../data/rules.toml");

/// A list of phrases, each kept as written (for reasons) and in matching form.
#[derive(Debug, Clone, Default)]
pub struct PhraseList {
    phrases: Vec<(String, String)>,
}

impl PhraseList {
    fn new(phrases: Vec<String>) -> PhraseList {
        PhraseList {
            phrases: phrases
                .into_iter()
                .map(|p| {
                    let key = Words::new(&p).padded().to_string();
                    (p, key)
                })
                .filter(|(_, key)| key.trim() != "")
                .collect(),
        }
    }

    /// The first phrase (in list order) found as whole words in `words`.
    pub fn find(&self, words: &Words) -> Option<&str> {
        self.phrases
            .iter()
            .find(|(_, key)| words.padded().contains(key.as_str()))
            .map(|(phrase, _)| phrase.as_str())
    }

    /// Iterates the phrases in matching form (` word word `).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.phrases.iter().map(|(_, key)| key.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[allow(dead_code)]
    version: u32,
    category: CategoryFile,
    personalisation: PersonalisationFile,
    courtesy: CourtesyFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryFile {
    headline: HeadlineFile,
    note: NoteFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadlineFile {
    candidate: Vec<String>,
    recruitment_agencies: Vec<String>,
    recruitment_consultant: Vec<String>,
    in_house_recruiter: Vec<String>,
    supplier: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteFile {
    recruitment_consultant: Vec<String>,
    candidate: Vec<String>,
    in_house_recruiter: Vec<String>,
    supplier: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonalisationFile {
    default_texts: Vec<String>,
    greetings: Vec<String>,
    not_names: Vec<String>,
    specific: Vec<String>,
    placeholder_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourtesyFile {
    introduces_self: Vec<String>,
    states_reason: Vec<String>,
    offers_value: Vec<String>,
    sign_offs: Vec<String>,
}

/// Headline evidence, in the order SPEC §5.1 checks it.
#[derive(Debug, Clone)]
pub struct HeadlineRules {
    pub candidate: PhraseList,
    pub recruitment_agencies: PhraseList,
    pub recruitment_consultant: PhraseList,
    pub in_house_recruiter: PhraseList,
    pub supplier: PhraseList,
}

/// Note evidence, for senders with no headline or company.
#[derive(Debug, Clone)]
pub struct NoteRules {
    pub recruitment_consultant: PhraseList,
    pub candidate: PhraseList,
    pub in_house_recruiter: PhraseList,
    pub supplier: PhraseList,
}

/// The parsed, ready-to-match rules.
#[derive(Debug, Clone)]
pub struct Rules {
    pub headline: HeadlineRules,
    pub note: NoteRules,
    pub default_texts: PhraseList,
    pub greetings: PhraseList,
    pub not_names: PhraseList,
    pub specific: PhraseList,
    pub placeholder_words: PhraseList,
    pub introduces_self: PhraseList,
    pub states_reason: PhraseList,
    pub offers_value: PhraseList,
    pub sign_offs: PhraseList,
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
            match line {
                Some(line) => format!("line {line}: {}", e.message()),
                None => e.message().to_string(),
            }
        })?;
        let h = file.category.headline;
        let n = file.category.note;
        let p = file.personalisation;
        let c = file.courtesy;
        Ok(Rules {
            headline: HeadlineRules {
                candidate: PhraseList::new(h.candidate),
                recruitment_agencies: PhraseList::new(h.recruitment_agencies),
                recruitment_consultant: PhraseList::new(h.recruitment_consultant),
                in_house_recruiter: PhraseList::new(h.in_house_recruiter),
                supplier: PhraseList::new(h.supplier),
            },
            note: NoteRules {
                recruitment_consultant: PhraseList::new(n.recruitment_consultant),
                candidate: PhraseList::new(n.candidate),
                in_house_recruiter: PhraseList::new(n.in_house_recruiter),
                supplier: PhraseList::new(n.supplier),
            },
            default_texts: PhraseList::new(p.default_texts),
            greetings: PhraseList::new(p.greetings),
            not_names: PhraseList::new(p.not_names),
            specific: PhraseList::new(p.specific),
            placeholder_words: PhraseList::new(p.placeholder_words),
            introduces_self: PhraseList::new(c.introduces_self),
            states_reason: PhraseList::new(c.states_reason),
            offers_value: PhraseList::new(c.offers_value),
            sign_offs: PhraseList::new(c.sign_offs),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse() {
        let rules = Rules::parse(DEFAULT_RULES).unwrap();
        assert!(rules.default_texts.keys().count() >= 5);
    }

    #[test]
    fn a_broken_rule_file_names_the_line() {
        let err = Rules::parse("version = 1\n\n[category\n").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let list = PhraseList::new(vec!["hays".into(), "open to work".into()]);
        assert_eq!(
            list.find(&Words::new("Recruiter at HAYS plc")),
            Some("hays")
        );
        assert_eq!(list.find(&Words::new("Hayson Ltd")), None);
        assert_eq!(
            list.find(&Words::new("#Open-To-Work | Analyst")),
            Some("open to work")
        );
    }
}
