//! Intent examples and keywords, normalised once at load so a message is matched by
//! a hash lookup (examples) and a short scan (keywords), never by re-reading files.

use rustc_hash::FxHashMap as HashMap;

use super::model::IntentRule;
use super::text::tokenize;

/// Words that never change what a short message means ("yes please", "ok, no").
const POLITE: &[&str] = &["please", "pls", "plz", "um", "umm", "uh", "oh", "hmm", "ok", "okay", "well", "so", "just"];

/// Compiled intent cues.
#[derive(Debug, Clone)]
pub struct IntentIndex {
    /// Normalised whole example → intent index.
    pub examples: HashMap<String, usize>,
    /// Normalised keyword tokens → intent index.
    pub keywords: Vec<(Vec<String>, usize)>,
    /// Every intent's patterns in one set, tested in one pass over the message; `owners`
    /// gives each pattern's (intent index, pattern index).
    pub patterns: regex::RegexSet,
    pub owners: Vec<(usize, usize)>,
}

/// The message as examples are compared: tokens without politeness or commas.
pub fn example_key(tokens: &[String]) -> String {
    let mut s = String::new();
    for t in tokens.iter().filter(|t| *t != "," && !POLITE.contains(&t.as_str())) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

impl IntentIndex {
    pub fn build(intents: &[IntentRule]) -> Self {
        let owners: Vec<(usize, usize)> =
            intents.iter().enumerate().flat_map(|(i, it)| (0..it.patterns.len()).map(move |p| (i, p))).collect();
        // Each pattern compiled alone at load, so the set of them compiles too.
        let patterns = regex::RegexSet::new(owners.iter().map(|&(i, p)| intents[i].patterns[p].as_str()))
            .unwrap_or_else(|_| regex::RegexSet::empty());
        let mut ix = IntentIndex { examples: HashMap::default(), keywords: Vec::new(), patterns, owners };
        for (i, intent) in intents.iter().enumerate() {
            for e in &intent.examples {
                let key = example_key(&tokenize(e));
                // "ok" alone normalises to nothing; an empty key would match empty messages.
                if !key.is_empty() {
                    ix.examples.entry(key).or_insert(i);
                }
            }
            for k in &intent.keywords {
                let toks = tokenize(k);
                if !toks.is_empty() {
                    ix.keywords.push((toks, i));
                }
            }
        }
        ix
    }
}
