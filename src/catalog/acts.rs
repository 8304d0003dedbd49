//! The operator's word lists for dialogue acts (`[acts]` in `intents/*.toml`), compiled
//! into one phrase index: what a run of words does in a message that is not about the
//! menu ("yep", "thanks so much", "that's everything", "see you").
//!
//! Lists hold *classes* of words, not whole sentences: the act stage (`src/acts`)
//! reads a message by composition, so "yeah that's right, cheers" is affirm + thanks
//! because every word is an affirm word, a thanks word or a soft word.

use rustc_hash::FxHashMap as HashMap;

use serde::{Deserialize, Serialize};

use super::lexicon::stem;
use super::text::tokenize;

/// What a message does besides naming things on the menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// "yes", "sounds good", "that's right".
    Affirm,
    /// "no", "nope", "that's wrong".
    Deny,
    /// "that's all", "nothing else": the customer has finished ordering.
    Done,
    Thanks,
    Greet,
    Goodbye,
    Help,
    /// Throw the cart away.
    Cancel,
    /// Take the last change back.
    Undo,
    /// "hold on", "let me think": not yet.
    Wait,
}

impl Act {
    /// The act's name in `[acts]` and in the parse JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Affirm => "affirm",
            Self::Deny => "deny",
            Self::Done => "done",
            Self::Thanks => "thanks",
            Self::Greet => "greet",
            Self::Goodbye => "goodbye",
            Self::Help => "help",
            Self::Cancel => "cancel",
            Self::Undo => "undo",
            Self::Wait => "wait",
        }
    }
}

/// The meaning of one listed phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// An act in so many words ("thank you", "see ya").
    Act(Act),
    /// A word that says yes (+1) or no (-1); "not" before it turns it round
    /// ("that's not true" is no, "that is not false" is yes).
    Polar(i8),
    /// "not", "don't", "never": turns the next polar word round; alone it says no.
    Negator,
    /// "great", "perfect", "nice": a yes on its own or with thanks, politeness beside
    /// a greeting or a goodbye ("great talking to you").
    Praise,
    /// "doing", "feeling", "been": in a question to the bot, a greeting ("how ya doin").
    Wellbeing,
    /// Politeness, hedges, intensifiers, pronouns, address ("please", "i think",
    /// "really", "bot"): carries no act and no order.
    Soft,
    /// "that", "this", "it's": what "… is all" says is finished ("this is all",
    /// "that's my order"); soft otherwise.
    Demonstrative,
    /// "all", "everything", "the lot", "my order": after a demonstrative, the order is
    /// finished ("that'll be everything", "it's all"); soft otherwise.
    Whole,
    /// Opens a question when it starts the message ("what", "does", "is").
    Question,
    /// A verb that turns "can i …" / "could you …" into a request ("get", "add").
    Request,
}

/// The compiled lists.
#[derive(Debug, Clone, Default)]
pub struct ActWords {
    /// First token → (phrase tokens, cue), longest phrase first.
    by_first: PhraseIndex,
    /// The same phrases by their words' stems, for other forms of a listed word
    /// ("what i wanted" as "what i want", "asked" as "ask").
    by_stem: PhraseIndex,
}

impl Cue {
    /// Carries no act of its own where it stands: soft words, and demonstratives and
    /// wholes outside "that's all".
    pub fn is_soft(self) -> bool {
        matches!(self, Self::Soft | Self::Demonstrative | Self::Whole)
    }
}

/// Phrases by their first word, longest first.
type PhraseIndex = HashMap<String, Vec<(Vec<String>, Cue)>>;

/// Lists a phrase under its first word; a later listing of the same phrase replaces it.
fn insert(index: &mut PhraseIndex, tokens: Vec<String>, cue: Cue) {
    let Some(first) = tokens.first().cloned() else { return };
    let list = index.entry(first).or_default();
    list.retain(|(t, _)| *t != tokens);
    list.push((tokens, cue));
    list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
}

impl ActWords {
    /// Adds a phrase; a later listing of the same phrase replaces an earlier one.
    pub fn add(&mut self, phrase: &str, cue: Cue) {
        let tokens = tokenize(phrase);
        // Other forms of a word match only inside phrases ("what i wanted" for "what i
        // want"): a word alone keeps its meaning ("think" is no "thinking").
        if tokens.len() > 1 {
            let stems: Vec<String> = tokens.iter().map(|t| stem(t)).collect();
            insert(&mut self.by_stem, stems, cue);
        }
        insert(&mut self.by_first, tokens, cue);
    }

    /// Whether some listed phrase starts with a word of `word`'s stem.
    pub fn has_stem_of(&self, word: &str) -> bool {
        self.by_stem.contains_key(&stem(word))
    }

    /// The longest listed phrase at `stems[at..]` compared by stems (`stems` are the
    /// message's words stemmed), as (its length, its cue).
    pub fn longest_by_stem(&self, stems: &[String], at: usize) -> Option<(usize, Cue)> {
        let list = self.by_stem.get(stems.get(at)?)?;
        list.iter().find(|(t, _)| stems[at + 1..].starts_with(&t[1..])).map(|(t, cue)| (t.len(), *cue))
    }

    /// The longest listed phrase at `tokens[at..]`, as (its length, its cue).
    pub fn longest(&self, tokens: &[String], at: usize) -> Option<(usize, Cue)> {
        let list = self.by_first.get(tokens.get(at)?)?;
        // (Every phrase listed under the word starts with it: compared from the second.)
        list.iter().find(|(t, _)| tokens[at + 1..].starts_with(&t[1..])).map(|(t, cue)| (t.len(), *cue))
    }

    /// The cue of a one-word phrase within one typo of `word` ("yeap", "affirmitive",
    /// "thnaks", "helo"), for words of four letters or more that are nothing else; a tie
    /// between two different cues is no match.
    pub fn near(&self, word: &str) -> Option<Cue> {
        let n = word.chars().count();
        if n < 4 {
            // "al", "thx" typed short, "yse" typed fast.
            return self.short_typo(word);
        }
        let max = if n >= 9 { 2 } else { 1 };
        let mut found: Option<Cue> = None;
        for (t, cue) in self.by_first.values().flatten() {
            if t.len() == 1 && t[0].len() >= 4 && super::text::edits_within(word, &t[0], max).is_some() {
                if found.is_some_and(|f| f != *cue) {
                    return None;
                }
                found = Some(*cue);
            }
        }
        found
    }

    /// The one listed word of five letters or more that `word` is one slip from
    /// ("actualy" for "actually"), if there is exactly one.
    pub fn respelt(&self, word: &str) -> Option<&str> {
        if word.chars().count() < 5 {
            return None;
        }
        let mut near = self
            .by_first
            .values()
            .flatten()
            .filter(|(t, _)| t.len() == 1 && t[0].len() >= 5 && super::text::edits_within(word, &t[0], 1) == Some(1))
            .map(|(t, _)| t[0].as_str());
        let first = near.next()?;
        near.all(|w| w == first).then_some(first)
    }

    /// Whether `word` is one slip from a request verb of three letters or more ("ger"
    /// for "get"); the caller asks only where a verb goes.
    pub fn request_slip(&self, word: &str) -> bool {
        word.len() >= 3
            && self.by_first.values().flatten().any(|(t, cue)| {
                *cue == Cue::Request
                    && t.len() == 1
                    && t[0].len() >= 3
                    && t[0].len().abs_diff(word.len()) <= 1
                    && super::text::edits_within(word, &t[0], 1) == Some(1)
            })
    }

    /// Whether a single word is listed (as a phrase of its own).
    pub fn is_word(&self, word: &str) -> bool {
        self.by_first.get(word).is_some_and(|list| list.iter().any(|(t, _)| t.len() == 1))
    }

    /// The cue of the listed words that are `word` with one more letter at the end
    /// ("al" for "all", "ye" for "yes" or "yea"), or, for three letters, with two
    /// neighbouring letters swapped ("yse"); words of different cues are no match.
    fn short_typo(&self, word: &str) -> Option<Cue> {
        let n = word.chars().count();
        if n < 2 {
            return None;
        }
        let mut cues = self.by_first.iter().filter_map(|(first, list)| {
            let longer = first.strip_prefix(word).is_some_and(|rest| rest.chars().count() == 1);
            let typo = longer || n == 3 && is_swap(word, first);
            list.iter().find(|(t, _)| t.len() == 1).filter(|_| typo).map(|(_, cue)| *cue)
        });
        let first = cues.next()?;
        cues.all(|c| c == first).then_some(first)
    }

    /// Every listed phrase's tokens, to mark them as known words in the lexicon.
    pub fn phrases(&self) -> impl Iterator<Item = &[String]> {
        self.by_first.values().flatten().map(|(t, _)| t.as_slice())
    }
}

/// Whether `a` is `b` with two neighbouring letters swapped ("yse", "yes").
pub(crate) fn is_swap(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len()
        && (0..a.len().saturating_sub(1)).any(|i| {
            a[i] != a[i + 1] && a[i] == b[i + 1] && a[i + 1] == b[i] && a[..i] == b[..i] && a[i + 2..] == b[i + 2..]
        })
}
