//! Words typed stretched ("yesss", "hiii", "pleeease", "byee", "cokeee") read as the
//! word they stretch. A token that is no English word, nothing on the menu and no act
//! word, but becomes one when runs of a repeated letter are shortened, is that word.
//! The choice is the smallest shortening that gives a known word ("goood" is "good",
//! not "god").

use super::Catalog;

/// At most this many runs of a repeated letter are tried in one word (2^n spellings).
const MAX_RUNS: usize = 5;

impl Catalog {
    /// The message's tokens ([`super::text::tokenize`]), with stretched words respelt.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let mut tokens = super::text::tokenize(text);
        for t in &mut tokens {
            if let Some(w) = self.unstretched(t) {
                *t = w;
            }
        }
        tokens
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
    use super::{respelt, runs};

    #[test]
    fn runs_and_respellings() {
        assert_eq!(runs("yesss"), [(2, 3)]);
        assert_eq!(runs("goood"), [(1, 3)]);
        assert_eq!(respelt("goood", &runs("goood"), &[2]), (1, "good".to_owned()));
        assert_eq!(respelt("heyyy", &runs("heyyy"), &[1]), (2, "hey".to_owned()));
    }
}
