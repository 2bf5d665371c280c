//! Text normalisation shared by every rule: lower case, words only, one space between.

/// A text as a sequence of lower-case words, stored as ` word word ` so that a phrase in the
/// same form matches whole words with a substring search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    padded: String,
}

impl Words {
    /// Lower-cases, drops apostrophes (`I'd` → `id`, so curly and straight ones agree), and turns
    /// every other non-alphanumeric character into a word break.
    pub fn new(text: &str) -> Words {
        let mut padded = String::with_capacity(text.len() + 2);
        padded.push(' ');
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
                // A lower-case form is never empty and never a space.
                padded.extend(c.to_lowercase());
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
        Words { padded }
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
    /// The word as `Words` holds it (`id`).
    pub lower: String,
    /// Byte range of `original` in the text.
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    /// Starts with a capital letter, as names do.
    pub fn is_capitalised(&self) -> bool {
        self.original.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits a text into the same words as `Words::new`, keeping their original form and place.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize, String)> = None;
    for (i, c) in text.char_indices() {
        if c.is_ascii_alphanumeric() {
            let entry = current.get_or_insert_with(|| (i, i, String::new()));
            entry.1 = i + 1;
            entry.2.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            let entry = current.get_or_insert_with(|| (i, i, String::new()));
            entry.1 = i + c.len_utf8();
            entry.2.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
            continue;
        } else if let Some((start, end, lower)) = current.take() {
            out.push(Token {
                original: &text[start..end],
                lower,
                start,
                end,
            });
        }
    }
    if let Some((start, end, lower)) = current {
        out.push(Token {
            original: &text[start..end],
            lower,
            start,
            end,
        });
    }
    out
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
        assert_eq!(Words::new("Zoë—Müller").padded(), " zoë müller ");
    }

    #[test]
    fn tokens_agree_with_words() {
        for text in [
            "Hi Tom, I’d like to JOIN!",
            "'quoted' rock'n'roll — 2x",
            "",
            "  ÉCOLE  x",
        ] {
            let joined: Vec<String> = tokens(text).into_iter().map(|t| t.lower).collect();
            assert_eq!(joined.join(" "), Words::new(text).as_str(), "{text}");
        }
        let t = tokens("Hi Tom, I’d");
        assert_eq!(t[2].original, "I’d");
        assert!(t[1].is_capitalised() && !t[0].original.is_empty());
    }
}
