//! Which words are ordinary English, so that fuzzy matching never turns a real word
//! into a menu word ("code" is not "coke", "plan" is not "plain", "joke" is not "coke").
//!
//! The list is SCOWL's size-35 American English list as Debian ships it
//! (`wamerican-small`), words of four letters or more (shorter words are never
//! fuzzy-matched anyway); its licence is in `words/english.LICENSE`.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

const WORDS: &str = include_str!("words/english.txt");

fn words() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| WORDS.lines().collect())
}

/// Whether a lower-case word is an ordinary English word, or the plural of a word for
/// people by what they do that the list holds only in the singular ("eaters", "lovers").
pub fn is_word(word: &str) -> bool {
    let words = words();
    words.contains(word) || word.strip_suffix('s').is_some_and(|one| one.ends_with("er") && words.contains(one))
}

/// The consonants of a word, in order, a doubled letter once ("people" → "ppl",
/// "small" → "sml"): how texting shortens it.
pub fn consonants(word: &str) -> String {
    let mut out = String::new();
    let mut prev = None;
    for c in word.chars() {
        if prev != Some(c) && !"aeiou".contains(c) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Whether an ordinary English word is written with exactly these consonants: "ppl" is
/// "people" before it is a shortening of anything on a menu.
pub fn shortens_a_word(run: &str) -> bool {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| WORDS.lines().map(consonants).collect()).contains(run)
}

#[cfg(test)]
mod tests {
    use super::{is_word, shortens_a_word};

    #[test]
    fn texting_shortenings_of_ordinary_words_are_known() {
        assert!(shortens_a_word("ppl"));
        assert!(!shortens_a_word("chkn"));
    }

    #[test]
    fn real_words_are_known_and_typos_are_not() {
        for w in ["code", "plan", "joke", "mine", "life", "insurance", "pizzas"] {
            assert!(is_word(w), "{w}");
        }
        for w in ["peperoni", "mushroms", "chese", "larg", "cokee", "onoins"] {
            assert!(!is_word(w), "{w}");
        }
    }
}
