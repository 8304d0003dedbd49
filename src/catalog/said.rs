//! Word lists for what a customer says besides the order (`[fulfilment]` in an intents
//! file): pickup and delivery words, what starts an address, a time, a phone number or
//! a note. Operators edit them; `acts::fulfilment` reads messages with them.

use serde::Deserialize;
use toml::Spanned;

use super::build::Report;
use super::error::Source;

/// `[fulfilment]` as written: phrases, matched as whole words, case ignored.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SaidDef {
    /// "delivery", "deliver it", "for delivery".
    #[serde(default)]
    pub delivery: Vec<Spanned<String>>,
    /// "pickup", "pick it up", "for collection".
    #[serde(default)]
    pub pickup: Vec<Spanned<String>>,
    /// After a delivery word, the words that start the address ("to").
    #[serde(default)]
    pub address: Vec<Spanned<String>>,
    /// Before a time of day ("for 7:30", "at 19:00").
    #[serde(default)]
    pub time: Vec<Spanned<String>>,
    /// As soon as possible ("asap", "right away").
    #[serde(default)]
    pub asap: Vec<Spanned<String>>,
    /// Before a phone number ("my number is", "call me on").
    #[serde(default)]
    pub phone: Vec<Spanned<String>>,
    /// Start a note that runs to the end of the message ("please cut", "ring the bell").
    #[serde(default)]
    pub note: Vec<Spanned<String>>,
}

/// The compiled lists: each phrase as its lower-case words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaidWords {
    pub delivery: Vec<Vec<String>>,
    pub pickup: Vec<Vec<String>>,
    pub address: Vec<Vec<String>>,
    pub time: Vec<Vec<String>>,
    pub asap: Vec<Vec<String>>,
    pub phone: Vec<Vec<String>>,
    pub note: Vec<Vec<String>>,
    /// The first word of every phrase that starts something of its own (all but
    /// `address`): where none of them is, nothing is said besides the order.
    firsts: rustc_hash::FxHashSet<String>,
}

/// A word as the lists compare it: lower case, without the punctuation around it
/// ("St," → "st", "(0131)" → "0131"); a time keeps its colon ("7:30").
pub fn key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    key_into(word, &mut key);
    key
}

/// [`key`], made in `buf` (cleared first) so a loop over words reuses one buffer.
pub fn key_into(word: &str, buf: &mut String) {
    buf.clear();
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    if core.is_ascii() {
        buf.extend(core.bytes().filter(|&b| b != b'\'').map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.extend(core.chars().filter(|c| !matches!(c, '\'' | '’')).flat_map(char::to_lowercase));
    }
}

impl SaidWords {
    /// Adds one file's lists; an empty phrase is a problem at its place.
    pub(crate) fn add(&mut self, src: &Source, def: &SaidDef, report: &mut Report) {
        // (Each list, and whether its phrases start something of their own: an address
        // only follows a delivery word.)
        let lists = [
            (&def.delivery, &mut self.delivery, true),
            (&def.pickup, &mut self.pickup, true),
            (&def.address, &mut self.address, false),
            (&def.time, &mut self.time, true),
            (&def.asap, &mut self.asap, true),
            (&def.phone, &mut self.phone, true),
            (&def.note, &mut self.note, true),
        ];
        for (phrases, out, opens) in lists {
            for phrase in phrases {
                let words: Vec<String> =
                    phrase.get_ref().split_whitespace().map(key).filter(|w| !w.is_empty()).collect();
                if words.is_empty() {
                    report.at(src, phrase, "a word list entry needs at least one word");
                } else if !out.contains(&words) {
                    if opens {
                        self.firsts.insert(words[0].clone());
                    }
                    out.push(words);
                }
            }
            // Longest first, so "for delivery" wins over "delivery".
            out.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
    }

    /// Whether a phrase of a list that starts something of its own begins with `word`.
    pub fn may_start(&self, word: &str) -> bool {
        self.firsts.contains(word)
    }

    /// The length of the longest phrase of `list` that `words` start with.
    pub fn starts(list: &[Vec<String>], words: &[String]) -> Option<usize> {
        list.iter().find(|p| words.len() >= p.len() && words[..p.len()] == p[..]).map(Vec::len)
    }
}
