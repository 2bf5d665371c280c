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
        for c in text.chars() {
            if c.is_alphanumeric() {
                padded.extend(c.to_lowercase());
            } else if matches!(c, '\'' | '\u{2019}' | '\u{2018}') {
                continue;
            } else if !padded.ends_with(' ') {
                padded.push(' ');
            }
        }
        if !padded.ends_with(' ') {
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
}
