//! Words typed stretched ("yesss", "hiii", "pleeease", "byee", "cokeee") read as the
//! word they stretch. A token that is no English word, nothing on the menu and no act
//! word, but becomes one when runs of a repeated letter are shortened, is that word.
//! The choice is the smallest shortening that gives a known word ("goood" is "good",
//! not "god").
//!
//! Words typed the way people text read as the word they stand for: the words that
//! make a sentence a question or a request written by their consonants ("hw mch" how
//! much, "wht", "shld") or by their sound ("r ur fries vegan", "wats on it"). Only an
//! unknown token is read so, and one that also shortens a menu word ("hw" hawaiian)
//! only before another such word ("hw much").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::english::consonants;
use super::Catalog;

/// At most this many runs of a repeated letter are tried in one word (2^n spellings).
const MAX_RUNS: usize = 5;

/// The words that make a sentence a question or a request, which texting writes by
/// their consonants ("hw" how, "mch" much). A shortening two of them share (their,
/// there and three are all "thr") stands for none.
const TEXTED_BY_CONSONANTS: &[&str] = &[
    "how", "much", "many", "what", "whats", "which", "where", "when", "with", "without", "your", "have", "does",
    "should", "would", "could", "please", "thanks", "that", "just", "know", "want", "like", "good", "can",
];

/// Words of four letters or more that make a sentence a question or a request, read
/// through one slip of typing.
const SLIPPED_WORDS: &[&str] = &[
    "what", "whats", "which", "where", "when", "much", "many", "have", "does", "should", "would", "could", "please",
    "thanks", "total", "price", "cost", "want", "know",
];

/// Words texting writes by their sound.
const TEXTED_BY_SOUND: &[(&str, &str)] =
    &[("r", "are"), ("u", "you"), ("ur", "your"), ("wat", "what"), ("wats", "whats"), ("wot", "what"), ("wut", "what")];

impl Catalog {
    /// The message's tokens ([`super::text::tokenize`]), with stretched words respelt.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        self.tokenize_marking_possessives(text).0
    }

    /// [`Catalog::tokenize`], with the indices of the words typed with "'s" at their end.
    pub fn tokenize_marking_possessives(&self, text: &str) -> (Vec<String>, Vec<usize>) {
        let (mut tokens, mut possessive) = (Vec::new(), Vec::new());
        super::text::tokenize_marking_possessives(text, &mut tokens, &mut possessive);
        for t in &mut tokens {
            if let Some(w) = self.unstretched(t) {
                *t = w;
            }
        }
        for i in (0..tokens.len()).rev() {
            if let Some(w) = self.untexted(&tokens[i], tokens.get(i + 1)).or_else(|| self.unslipped(&tokens[i])) {
                tokens[i] = w.to_owned();
            }
        }
        (tokens, possessive)
    }

    /// The word a texted spelling stands for, if the token is unknown itself and
    /// shortens nothing on the menu, or only so before another question or request word.
    fn untexted(&self, token: &str, next: Option<&String>) -> Option<&'static str> {
        let no_vowel = || !token.contains(['a', 'e', 'i', 'o', 'u']);
        let by_sound = || TEXTED_BY_SOUND.iter().any(|&(said, _)| said == token);
        if token.len() > 5 || !(no_vowel() || by_sound()) {
            return None;
        }
        let word = *texted().get(token)?;
        let before_grammar = || next.is_some_and(|n| is_texted_word(n));
        (!self.knows(token) && (before_grammar() || self.lexicon().shortening(token).is_none())).then_some(word)
    }

    /// The question or request word a token of four letters or more was typed for with
    /// one slip ("waht", "totl", "pirce"), when it is unknown itself, near exactly one such
    /// word and no slip of a menu word.
    fn unslipped(&self, token: &str) -> Option<&'static str> {
        if token.len() < 4 {
            return None;
        }
        let word = (*slips().get(token)?)?;
        (!self.knows(token) && self.lexicon().nearest(token, 1).is_none()).then_some(word)
    }

    /// Whether the word is one the shop or the language knows.
    fn knows(&self, word: &str) -> bool {
        super::english::is_word(word) || self.lexicon().key(word).is_some() || self.act_words().is_word(word)
    }

    /// The known word a stretched token stands for, if it is unknown itself.
    fn unstretched(&self, token: &str) -> Option<String> {
        let repeats = token.chars().zip(token.chars().skip(1)).any(|(a, b)| a == b);
        if !repeats || !token.chars().all(char::is_alphabetic) || self.knows(token) {
            return None;
        }
        let runs = runs(token);
        if runs.is_empty() || runs.len() > MAX_RUNS {
            return None;
        }
        // Every way of keeping one or two letters of each run, fewest letters dropped first.
        let mut spellings: Vec<(usize, String)> = (0u32..1 << runs.len())
            .map(|mask| {
                let keep: Vec<usize> = (0..runs.len()).map(|r| if mask >> r & 1 == 1 { 1 } else { 2 }).collect();
                respelt(token, &runs, &keep)
            })
            .filter(|(_, w)| w != token)
            .collect();
        spellings.sort();
        spellings.into_iter().map(|(_, w)| w).find(|w| self.knows(w))
    }
}

/// Whether a word is one of those texting shortens.
fn is_texted_word(word: &str) -> bool {
    TEXTED_BY_CONSONANTS.contains(&word) || TEXTED_BY_SOUND.iter().any(|&(_, meant)| meant == word)
}

/// Texted spellings and the words they stand for.
fn texted() -> &'static FxHashMap<String, &'static str> {
    static TEXTED: OnceLock<FxHashMap<String, &'static str>> = OnceLock::new();
    TEXTED.get_or_init(|| {
        let mut by_consonants: FxHashMap<String, Option<&'static str>> = FxHashMap::default();
        for &w in TEXTED_BY_CONSONANTS {
            let short = consonants(w);
            if short.len() >= 2 && short != w {
                by_consonants.entry(short).and_modify(|meant| *meant = None).or_insert(Some(w));
            }
        }
        let mut texted: FxHashMap<String, &'static str> =
            by_consonants.into_iter().filter_map(|(short, meant)| Some((short, meant?))).collect();
        texted.extend(TEXTED_BY_SOUND.iter().map(|&(said, meant)| (said.to_owned(), meant)));
        texted
    })
}

/// Each slip of a [`SLIPPED_WORDS`] word: two letters next to each other swapped
/// ("waht", "mcuh") or one left out ("totl", "plese"); a letter changed is as often a
/// name ("dave", "chen"). A slip two words share stands for none.
fn slips() -> &'static FxHashMap<String, Option<&'static str>> {
    static SLIPS: OnceLock<FxHashMap<String, Option<&'static str>>> = OnceLock::new();
    SLIPS.get_or_init(|| {
        let mut slips: FxHashMap<String, Option<&'static str>> = FxHashMap::default();
        for &w in SLIPPED_WORDS {
            let chars: Vec<char> = w.chars().collect();
            let left_out =
                (0..chars.len()).map(|i| chars.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, c)| c).collect());
            let swapped = (0..chars.len() - 1).map(|i| {
                let mut c = chars.clone();
                c.swap(i, i + 1);
                c.into_iter().collect::<String>()
            });
            for slip in left_out.chain(swapped).filter(|s: &String| s != w) {
                slips.entry(slip).and_modify(|meant| *meant = meant.filter(|m| *m == w)).or_insert(Some(w));
            }
        }
        slips
    })
}

/// The runs of one letter said two or more times, as (start, length) in chars.
fn runs(word: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let n = chars[i..].iter().take_while(|&&c| c == chars[i]).count();
        if n >= 2 {
            out.push((i, n));
        }
        i += n;
    }
    out
}

/// The word with each run cut to `keep[r]` letters, and how many letters were dropped.
fn respelt(word: &str, runs: &[(usize, usize)], keep: &[usize]) -> (usize, String) {
    let chars: Vec<char> = word.chars().collect();
    let (mut out, mut dropped, mut at) = (String::new(), 0, 0);
    for (&(start, len), &k) in runs.iter().zip(keep) {
        out.extend(&chars[at..start]);
        let k = k.min(len);
        out.extend(std::iter::repeat(chars[start]).take(k));
        dropped += len - k;
        at = start + len;
    }
    out.extend(&chars[at..]);
    (dropped, out)
}

#[cfg(test)]
mod tests {
    use super::{respelt, runs, texted};

    #[test]
    fn runs_and_respellings() {
        assert_eq!(runs("yesss"), [(2, 3)]);
        assert_eq!(runs("goood"), [(1, 3)]);
        assert_eq!(respelt("goood", &runs("goood"), &[2]), (1, "good".to_owned()));
        assert_eq!(respelt("heyyy", &runs("heyyy"), &[1]), (2, "hey".to_owned()));
    }

    #[test]
    fn texted_spellings_stand_for_question_and_request_words() {
        let said = |t: &str| texted().get(t).copied();
        assert_eq!(
            [said("hw"), said("mch"), said("shld"), said("ur"), said("wats")],
            [Some("how"), Some("much"), Some("should"), Some("your"), Some("whats")]
        );
        assert_eq!(said("thr"), None);
    }
}
