//! Text normalisation shared by every rule: lower case, words only, one space between.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A text as a sequence of lower-case words, stored as ` word word ` so that a phrase in the
/// same form matches whole words with a substring search.
#[derive(Debug, Clone)]
pub struct Words {
    padded: String,
    /// Where the spaces of `padded` are, worked out when first asked for.
    spaces: std::sync::OnceLock<Vec<usize>>,
    /// The spaces of `padded` that end a segment of a text made of several (`segmented`),
    /// ascending: no phrase matches across one. Empty for one text, so costs nothing there.
    breaks: Vec<usize>,
}

impl PartialEq for Words {
    fn eq(&self, other: &Words) -> bool {
        self.padded == other.padded
    }
}

impl Eq for Words {}

impl Words {
    /// Lower-cases, folds accents (`Selección` → `seleccion`, so rules match however a note
    /// spells them), drops apostrophes (`I'd` → `id`, so curly and straight ones agree), and
    /// turns every other non-alphanumeric character into a word break.
    pub fn new(text: &str) -> Words {
        let mut padded = String::with_capacity(text.len() + 2);
        padded.push(' ');
        push_normalised(&mut padded, text);
        Words::from_padded(padded)
    }

    /// The words of several texts, one after the other, with a break between each two that no
    /// phrase matches across: the roles of a headline, or a company and the employers a
    /// headline names, are separate texts that happen to be read together.
    pub fn segmented<'a>(segments: impl IntoIterator<Item = &'a str>) -> Words {
        let mut padded = String::from(" ");
        let mut breaks = Vec::new();
        for (k, segment) in segments.into_iter().enumerate() {
            if k > 0 {
                // The space that ends the words so far.
                breaks.push(padded.len() - 1);
            }
            push_normalised(&mut padded, segment);
        }
        Words {
            breaks,
            ..Words::from_padded(padded)
        }
    }

    /// Whether a match from byte `start` to `end` of `padded` runs across a segment break.
    pub fn spans_break(&self, start: usize, end: usize) -> bool {
        let after_start = self.breaks.partition_point(|&b| b <= start);
        self.breaks.get(after_start).is_some_and(|&b| b < end)
    }
}

/// Appends `text` to `padded` (which ends with a space) as `Words` holds it: lower-cased,
/// accents folded, apostrophes dropped, every other non-alphanumeric character a word break;
/// `padded` ends with a space again.
fn push_normalised(padded: &mut String, text: &str) {
    // Whether `padded` ends with a space; cheaper to track than to look up.
    let mut at_break = true;
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, without Unicode tables: the same answers for ASCII.
            if c.is_ascii_alphanumeric() {
                padded.push(c.to_ascii_lowercase());
                at_break = false;
            } else if c != '\'' && !at_break {
                padded.push(' ');
                at_break = true;
            }
        } else if c.is_alphanumeric() {
            // The letter without its accents (a letter decomposes into at least itself),
            // lower-cased: never empty, never a space.
            let before = padded.len();
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    padded.extend(part.to_lowercase());
                }
            });
            if padded.len() == before {
                padded.extend(c.to_lowercase());
            }
            at_break = false;
        } else if matches!(c, '\u{2019}' | '\u{2018}') {
            continue;
        } else if !at_break {
            padded.push(' ');
            at_break = true;
        }
    }
    if !at_break {
        padded.push(' ');
    }
}

impl Words {
    fn from_padded(padded: String) -> Words {
        Words {
            padded,
            spaces: std::sync::OnceLock::new(),
            breaks: Vec::new(),
        }
    }

    /// The byte offsets of the spaces in `padded`, ascending: word `k` lies between spaces
    /// `k` and `k + 1`.
    pub fn spaces(&self) -> &[usize] {
        self.spaces.get_or_init(|| {
            self.padded
                .bytes()
                .enumerate()
                .filter_map(|(i, c)| (c == b' ').then_some(i))
                .collect()
        })
    }

    /// The words with a space before, after and between them.
    pub fn padded(&self) -> &str {
        &self.padded
    }

    /// The words with no surrounding spaces.
    pub fn as_str(&self) -> &str {
        self.padded.trim()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.padded.split_whitespace()
    }

    pub fn is_empty(&self) -> bool {
        self.padded.trim().is_empty()
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

impl Default for Words {
    fn default() -> Words {
        Words::new("")
    }
}

/// One word of a text as `Words` sees it, with where it sits in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as written (apostrophes inside kept, e.g. `I’d`).
    pub original: &'a str,
    /// The word as `Words` holds it (`id`), borrowed from that `Words`.
    pub lower: &'a str,
    /// Byte range of `original` in the text.
    pub start: usize,
    pub end: usize,
    /// Byte offset of `lower` in the `Words`' padded text.
    lower_start: usize,
}

impl Token<'_> {
    /// Where `lower` sits in the `Words`' padded text, as a byte range.
    pub fn padded_range(&self) -> (usize, usize) {
        (self.lower_start, self.lower_start + self.lower.len())
    }

    /// Starts with a capital letter, as names do.
    pub fn is_capitalised(&self) -> bool {
        self.original.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits a text into its words, keeping their original form and place; `words` must be
/// `Words::new(text)`, whose words the tokens borrow rather than lower-casing each again (a
/// test holds the two splits to the same words).
pub(crate) fn tokens<'a>(text: &'a str, words: &'a Words) -> Vec<Token<'a>> {
    let padded = words.padded();
    let mut lower = padded.split(' ').filter(|w| !w.is_empty()).map(|w| {
        let at = w.as_ptr() as usize - padded.as_ptr() as usize;
        (w, at)
    });
    // One token per word of `words`, counted once instead of growing the list word by word.
    let mut out = Vec::with_capacity(padded.bytes().filter(|&b| b == b' ').count());
    let mut push = |start: usize, end: usize, out: &mut Vec<Token<'a>>| {
        // `Words::new` splits where this does: each run of word characters is one of its words.
        let next = lower.next();
        debug_assert!(next.is_some(), "`words` is not `Words::new(text)`");
        let (word, lower_start) = next.unwrap_or(("", padded.len()));
        out.push(Token {
            original: &text[start..end],
            lower: word,
            start,
            end,
            lower_start,
        });
    };
    let mut current: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let entry = current.get_or_insert((i, i));
            entry.1 = i + c.len_utf8();
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            continue;
        } else if let Some((start, end)) = current.take() {
            push(start, end, &mut out);
        }
    }
    if let Some((start, end)) = current {
        push(start, end, &mut out);
    }
    debug_assert!(lower.next().is_none(), "`words` is not `Words::new(text)`");
    out
}

impl Words {
    /// The words of a run of consecutive tokens of this text, without normalising them again.
    pub fn of_run(&self, run: &[Token<'_>]) -> Words {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return Words::default();
        };
        let inner = &self.padded[first.lower_start..last.lower_start + last.lower.len()];
        let mut padded = String::with_capacity(inner.len() + 2);
        padded.push(' ');
        padded.push_str(inner);
        padded.push(' ');
        Words::from_padded(padded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_punctuation_and_apostrophes() {
        assert_eq!(
            Words::new("Hi Tom, I’d like to JOIN!").as_str(),
            "hi tom id like to join"
        );
        assert_eq!(Words::new("  ").as_str(), "");
        assert_eq!(Words::new("Zoë—Müller").padded(), " zoe muller ");
        assert_eq!(
            Words::new("Técnico de Selección, Açúcar").as_str(),
            "tecnico de seleccion acucar"
        );
    }

    #[test]
    fn segments_are_words_with_breaks_between() {
        let words = Words::segmented(["Recruiter", "", "at HAYS"]);
        assert_eq!(words, Words::new("Recruiter at HAYS"));
        let at = words.padded().find("at").unwrap();
        // Within a segment, or touching a break: fine; across one: not.
        assert!(!words.spans_break(at, words.padded().len() - 1));
        assert!(!words.spans_break(1, at - 1));
        assert!(words.spans_break(1, at + 2));
        assert!(!Words::new("recruiter at hays").spans_break(1, 17));
    }

    #[test]
    fn tokens_agree_with_words() {
        for text in [
            "Hi Tom, I’d like to JOIN!",
            "'quoted' rock'n'roll — 2x",
            "",
            "  ÉCOLE  x",
        ] {
            let words = Words::new(text);
            let toks = tokens(text, &words);
            let joined: Vec<&str> = toks.iter().map(|t| t.lower).collect();
            assert_eq!(joined.join(" "), words.as_str(), "{text}");
            assert_eq!(words.of_run(&toks), words, "{text}");
            if toks.len() > 2 {
                assert_eq!(words.of_run(&toks[1..2]).as_str(), toks[1].lower);
            }
        }
        let words = Words::new("Hi Tom, I’d");
        let t = tokens("Hi Tom, I’d", &words);
        assert_eq!(t[2].original, "I’d");
        assert!(t[1].is_capitalised() && !t[0].original.is_empty());
    }
}
