//! The compiled word index the engine reads: every synonym of every item, choice,
//! category and group, every tag, and the grammar words, as stemmed token sequences.
//!
//! Built once when the catalog loads. A message token is looked up by its surface
//! form, then by its Snowball stem; multi-word phrases hang off their first word and
//! are tried longest first. Fuzzy candidates are bucketed by length so a typo only
//! compares against words of similar size.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::acts::is_swap;
use super::english;
use super::grammar::{Gram, FILLER, NUMBERS, PEOPLE, SELF_CORRECTIONS, WORDS};
use super::model::{Category, Group, Item};
use super::text::{may_be_within, tokenize};

/// One meaning of a phrase. Indexes point into the catalog's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sense {
    Item(usize),
    Choice { group: usize, choice: usize },
    Category(usize),
    Group(usize),
    Tag(usize),
    Gram(Gram),
}

/// A phrase of one or more words and what it can mean.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Word keys (interned stems), in order.
    pub keys: Vec<u32>,
    /// The first word of a longer name said alone ("caramel" for "caramel syrup"): it
    /// names the thing only right before an item ("a caramel latte") or after an amount
    /// ("extra whipped").
    pub leading: bool,
    /// A leading word that names what an item is (an item, or a choice of a group that
    /// holds one choice): it may stand before a word the shop does not know ("a meatball
    /// sub"), where a mere extra may not ("apple juice" is no "apple wood bacon").
    pub names_a_kind: bool,
    /// The phrase as written in the files (first spelling seen), for traces.
    pub text: String,
    /// A self-correction ("no wait", "i mean": `grammar::SELF_CORRECTIONS`), told at load.
    pub corrects: bool,
    pub senses: Vec<Sense>,
}

/// The word index. Cheap to clone behind the catalog's `Arc`.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Surface word → key (the key is the interned stem).
    words: HashMap<String, u32>,
    /// Stem → key.
    stems: HashMap<String, u32>,
    /// Keys of words that are ordinary English (never fuzzy targets nor sources).
    filler: HashSet<String>,
    /// Ordinary words known to have no key: looked up without stemming.
    keyless: HashSet<String>,
    pub phrases: Vec<Phrase>,
    /// First key → phrase indexes, longest phrase first.
    by_first: HashMap<u32, Vec<usize>>,
    /// Second key → two-word phrase indexes ("fryed onions": which names end so).
    by_second: HashMap<u32, Vec<usize>>,
    /// Surface words the menu gives another meaning than a word of the same stem
    /// ("veggie" a filling, "veggies" a topping; "greens" lettuce, "green salsa"): each
    /// keeps a key of its own.
    apart: HashSet<String>,
    next_key: u32,
    /// The menu's own words (items', choices' names and synonyms), spelled exactly.
    menu_words: HashSet<String>,
    /// Menu surface words by character count, for fuzzy matching.
    fuzzy: Vec<Vec<(String, u32)>>,
    /// Tags used on the menu ("vegan", "gluten_free").
    pub tags: Vec<String>,
    /// Pairs of words that mean the same thing alone and are spelled nearly alike
    /// ("mozarella", "mozzarella"): either stands for the other inside a longer name.
    spellings: HashMap<u32, Vec<u32>>,
    /// The one-word names of the operator's featured choices, with their keys: what a
    /// three-letter beginning ("pep") most likely stands for.
    featured: Vec<(String, u32)>,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: std::sync::OnceLock<Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The Snowball stem of a lower-case word.
///
/// Stemming is the costliest step of looking a word up, and customers use few words
/// over and over, so each thread remembers the stems it has made (up to `STEMS_KEPT`,
/// then starts afresh): the same word always has the same stem, so this changes
/// nothing but the time.
pub fn stem(word: &str) -> String {
    const STEMS_KEPT: usize = 8192;
    thread_local! {
        static MADE: std::cell::RefCell<HashMap<String, String>> = std::cell::RefCell::new(HashMap::default());
    }
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if let Some(st) = made.get(word) {
            return st.clone();
        }
        if made.len() >= STEMS_KEPT {
            made.clear();
        }
        let st = stemmer().stem(word).into_owned();
        made.insert(word.to_owned(), st.clone());
        st
    })
}

impl Lexicon {
    /// Compiles the menu's words and the grammar words.
    /// `shop_words` are the menu files' own grammar phrases (`[words]`), after the
    /// built-in ones.
    pub fn build(categories: &[Category], groups: &[Group], items: &[Item], shop_words: &[(String, Gram)]) -> Self {
        let mut lex = Lexicon {
            words: HashMap::default(),
            stems: HashMap::default(),
            filler: FILLER
                .split_whitespace()
                .map(str::to_owned)
                // People, and "my husband's" as typed without the apostrophe.
                .chain(PEOPLE.iter().flat_map(|(p, _)| [(*p).to_owned(), format!("{p}s")]))
                .collect(),
            keyless: HashSet::default(),
            phrases: Vec::new(),
            by_first: HashMap::default(),
            by_second: HashMap::default(),
            apart: words_kept_apart(groups, items),
            next_key: 0,
            menu_words: HashSet::default(),
            fuzzy: Vec::new(),
            tags: Vec::new(),
            spellings: HashMap::default(),
            featured: Vec::new(),
        };
        let mut index: HashMap<Vec<u32>, usize> = HashMap::default();
        let mut menu_words: HashSet<String> = HashSet::default();

        for (i, it) in items.iter().enumerate() {
            for s in names(&it.id, &it.name, &it.synonyms) {
                lex.add(&mut index, &mut menu_words, &s, Sense::Item(i), true);
            }
            for t in &it.tags {
                lex.add_tag(&mut index, t);
            }
        }
        for (g, grp) in groups.iter().enumerate() {
            for s in names(&grp.id, &grp.name, &grp.synonyms) {
                lex.add(&mut index, &mut menu_words, &s, Sense::Group(g), false);
            }
            for (c, ch) in grp.choices.iter().enumerate() {
                for s in names(&ch.id, &ch.name, &ch.synonyms) {
                    lex.add(&mut index, &mut menu_words, &s, Sense::Choice { group: g, choice: c }, true);
                }
                for t in &ch.tags {
                    lex.add_tag(&mut index, t);
                }
            }
            // "beans" = black or pinto: one phrase, a sense per choice, the first as said.
            for e in &grp.either {
                for c in e.choices.iter().filter_map(|id| grp.choices.iter().position(|x| &x.id == id)) {
                    for s in &e.synonyms {
                        lex.add(&mut index, &mut menu_words, s, Sense::Choice { group: g, choice: c }, true);
                    }
                }
            }
        }
        for (c, cat) in categories.iter().enumerate() {
            for s in names(&cat.id, &cat.name, &cat.synonyms) {
                lex.add(&mut index, &mut menu_words, &s, Sense::Category(c), false);
            }
        }
        for &(s, n) in NUMBERS {
            lex.add(&mut index, &mut menu_words, s, Sense::Gram(Gram::Num { n, article: false }), false);
        }
        for &(s, g) in WORDS {
            lex.add(&mut index, &mut menu_words, s, Sense::Gram(g), false);
        }
        for (s, g) in shop_words {
            if *g == Gram::Filler && !s.contains(' ') {
                lex.filler.insert(s.clone());
            } else {
                lex.add(&mut index, &mut menu_words, s, Sense::Gram(*g), false);
            }
        }
        lex.add_leading_words(&mut index, &mut menu_words, groups, items);
        // Longest phrases first, so the matcher takes "extra large" before "extra".
        for list in lex.by_first.values_mut() {
            list.sort_by_key(|&p| std::cmp::Reverse(lex.phrases[p].keys.len()));
        }
        let mut fuzzy: Vec<Vec<(String, u32)>> = Vec::new();
        let mut sorted: Vec<String> = menu_words.iter().cloned().collect();
        lex.menu_words = menu_words;
        sorted.sort();
        for w in sorted {
            let n = w.chars().count();
            if n < 3 || w.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if fuzzy.len() <= n {
                fuzzy.resize(n + 1, Vec::new());
            }
            let key = lex.words[&w];
            fuzzy[n].push((w, key));
        }
        lex.fuzzy = fuzzy;
        lex.spellings = lex.spelling_pairs();
        lex.featured = groups
            .iter()
            .flat_map(|g| g.featured.iter().filter_map(move |id| g.choices.iter().find(|c| &c.id == id)))
            .flat_map(|c| std::iter::once(&c.name).chain(&c.synonyms))
            .map(|n| n.to_lowercase())
            .filter(|n| !n.contains(' '))
            .filter_map(|n| lex.words.get(&n).map(|&k| (n.clone(), k)))
            .collect();
        lex
    }

    /// Words listed as spellings of one thing ("pineapple", "pineaple"): single-word
    /// names sharing a meaning on the menu, a slip or two apart.
    fn spelling_pairs(&self) -> HashMap<u32, Vec<u32>> {
        let mut by_meaning: HashMap<Sense, Vec<(&str, u32)>> = HashMap::default();
        for ph in self.phrases.iter().filter(|p| p.keys.len() == 1 && !p.leading) {
            for &sense in ph.senses.iter().filter(|s| !matches!(s, Sense::Gram(_))) {
                by_meaning.entry(sense).or_default().push((ph.text.as_str(), ph.keys[0]));
            }
        }
        let mut pairs: HashMap<u32, Vec<u32>> = HashMap::default();
        for words in by_meaning.values().filter(|w| w.len() > 1) {
            for (i, &(a, ka)) in words.iter().enumerate() {
                for &(b, kb) in &words[i + 1..] {
                    let near = strsim::osa_distance(a, b) <= max_slips(a.len().min(b.len()));
                    if ka != kb && near {
                        for (x, y) in [(ka, kb), (kb, ka)] {
                            let list = pairs.entry(x).or_default();
                            if !list.contains(&y) {
                                list.push(y);
                            }
                        }
                    }
                }
            }
        }
        pairs
    }

    /// Whether the word `said` may stand for `key` inside a longer name: the same key,
    /// or another spelling of it.
    pub fn spelled_as(&self, said: u32, key: u32) -> bool {
        said == key || self.spellings_of(said).contains(&key)
    }

    /// The other listed spellings of a word.
    pub fn spellings_of(&self, key: u32) -> &[u32] {
        self.spellings.get(&key).map_or(&[], Vec::as_slice)
    }

    /// "a caramel latte", "extra whipped": the first word of a name of several words
    /// names that thing alone, when no other item's or choice's name starts with it and
    /// the word means nothing else on its own.
    fn add_leading_words(
        &mut self,
        index: &mut HashMap<Vec<u32>, usize>,
        menu_words: &mut HashSet<String>,
        groups: &[Group],
        items: &[Item],
    ) {
        let firsts = senses_of_words(groups, items, false, |toks| match toks {
            [first, _, ..] => std::slice::from_ref(first),
            _ => &[],
        });
        let mut leading: Vec<(String, Sense)> = firsts
            .into_iter()
            .filter(|(w, senses)| senses.len() == 1 && w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
            .map(|(w, senses)| (w, senses[0]))
            .collect();
        leading.sort_by(|a, b| a.0.cmp(&b.0));
        for (word, sense) in leading {
            let alone = self
                .key(&word)
                .is_some_and(|(k, _)| self.starting_with(k).iter().any(|&p| self.phrases[p].keys.len() == 1));
            if !alone && !self.filler.contains(&word) {
                self.add(index, menu_words, &word, sense, false);
                if let Some(p) = self.key(&word).and_then(|(k, _)| index.get(&vec![k]).copied()) {
                    self.phrases[p].leading = true;
                    self.phrases[p].names_a_kind = match sense {
                        Sense::Choice { group, .. } => groups[group].max == 1,
                        _ => true,
                    };
                }
            }
        }
    }

    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&k) = self.words.get(word) {
            return k;
        }
        let st = stem(word);
        let fresh = self.next_key;
        let k = if self.apart.contains(word) {
            self.stems.entry(st).or_insert(fresh);
            fresh
        } else {
            *self.stems.entry(st).or_insert(fresh)
        };
        if k == fresh {
            self.next_key += 1;
        }
        self.words.insert(word.to_owned(), k);
        k
    }

    fn add(
        &mut self,
        index: &mut HashMap<Vec<u32>, usize>,
        menu_words: &mut HashSet<String>,
        text: &str,
        sense: Sense,
        fuzzy_target: bool,
    ) {
        let toks = tokenize(text);
        if toks.is_empty() {
            return;
        }
        let keys: Vec<u32> = toks.iter().map(|t| self.intern(t)).collect();
        if fuzzy_target {
            menu_words.extend(toks.iter().filter(|t| !self.filler.contains(t.as_str())).cloned());
        }
        let p = *index.entry(keys.clone()).or_insert_with(|| {
            let text = toks.join(" ");
            let corrects = SELF_CORRECTIONS.contains(&text.as_str());
            self.phrases.push(Phrase {
                keys: keys.clone(),
                text,
                corrects,
                senses: Vec::new(),
                leading: false,
                names_a_kind: false,
            });
            self.by_first.entry(keys[0]).or_default().push(self.phrases.len() - 1);
            if let [_, second] = keys[..] {
                self.by_second.entry(second).or_default().push(self.phrases.len() - 1);
            }
            self.phrases.len() - 1
        });
        if !self.phrases[p].senses.contains(&sense) {
            self.phrases[p].senses.push(sense);
        }
    }

    fn add_tag(&mut self, index: &mut HashMap<Vec<u32>, usize>, tag: &str) {
        let t = match self.tags.iter().position(|x| x == tag) {
            Some(t) => t,
            None => {
                self.tags.push(tag.to_owned());
                self.tags.len() - 1
            }
        };
        let mut sink = HashSet::default();
        self.add(index, &mut sink, &tag.replace('_', " "), Sense::Tag(t), false);
    }

    /// The key of a message word, by surface form or by stem; `None` when unknown.
    /// The second value is the stem when the stem was needed.
    /// The key of a word spelled exactly as listed (no stemming).
    pub fn exact_key(&self, word: &str) -> Option<u32> {
        self.words.get(word).copied()
    }

    pub fn key(&self, word: &str) -> Option<(u32, Option<String>)> {
        if let Some(&k) = self.words.get(word) {
            return Some((k, None));
        }
        if self.keyless.contains(word) {
            return None;
        }
        let st = stem(word);
        self.stems.get(&st).map(|&k| (k, Some(st)))
    }

    /// Remembers which ordinary words have no key, once every word is in: a message's
    /// "i", "want", "please" are then looked up without stemming them again.
    pub fn seal(&mut self) {
        self.keyless = self.filler.iter().filter(|w| self.key(w).is_none()).cloned().collect();
    }

    /// Marks words as ordinary known words (intent cues): matched exactly, never
    /// corrected to a menu word, never reported as unknown.
    pub fn add_known(&mut self, words: &[String]) {
        for w in words {
            if self.key(w).is_none() {
                self.filler.insert(w.clone());
            }
        }
    }

    /// Whether a word is ordinary English the lexicon knows but gives no meaning.
    pub fn is_filler(&self, word: &str) -> bool {
        self.filler.contains(word)
    }

    /// Phrases starting with this key, longest first.
    pub fn starting_with(&self, key: u32) -> &[usize] {
        self.by_first.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The two-word phrases whose second word has `key`.
    pub fn two_words_ending_with(&self, key: u32) -> &[usize] {
        self.by_second.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The one grammar word an unknown word is a slip of, with its key: any slip of a
    /// long one ("instaed", "witout"), two letters swapped in a short one ("teh", "adn").
    pub fn grammar_near(&self, word: &str) -> Option<(&'static str, u32)> {
        let n = word.chars().count();
        if n < 3 {
            return None;
        }
        let swapped = |w: &str| {
            let (mut a, mut b): (Vec<char>, Vec<char>) = (w.chars().collect(), word.chars().collect());
            a.sort_unstable();
            b.sort_unstable();
            a == b
        };
        let near_enough = |w: &str| if n >= 6 { w.len() >= 6 } else { w.len() == word.len() && swapped(w) };
        let mut near = WORDS
            .iter()
            .map(|(w, _)| *w)
            .filter(|w| !w.contains(' ') && near_enough(w) && super::text::edits_within(w, word, 1) == Some(1));
        match (near.next(), near.next()) {
            (Some(w), None) => self.key(w).map(|(k, _)| (w, k)),
            _ => None,
        }
    }

    /// The one three-letter menu word that `word` is with two neighbouring letters
    /// swapped ("hma" for "ham"), with its key.
    pub fn swapped_short(&self, word: &str) -> Option<(&str, u32)> {
        let bucket = self.fuzzy.get(3).filter(|_| word.chars().count() == 3)?;
        let mut near = bucket.iter().filter(|(w, _)| is_swap(word, w));
        match (near.next(), near.next()) {
            (Some((w, k)), None) => Some((w.as_str(), *k)),
            _ => None,
        }
    }

    /// Whether a word is a menu or grammar phrase by itself ("big" is only the first
    /// word of "big meat").
    pub fn names_alone(&self, word: &str) -> bool {
        self.key(word).is_some_and(|(k, _)| self.starting_with(k).iter().any(|&p| self.phrases[p].keys.len() == 1))
    }

    /// Whether a word's only meaning alone is a name's first word ("caramel" for
    /// "caramel syrup"), which names the thing only in place.
    pub fn only_leading(&self, key: u32) -> bool {
        let alone: Vec<&Phrase> =
            self.starting_with(key).iter().map(|&p| &self.phrases[p]).filter(|p| p.keys.len() == 1).collect();
        !alone.is_empty() && alone.iter().all(|p| p.leading)
    }

    /// The meanings of the phrase made of exactly these words, if the menu has it.
    pub fn senses_of(&self, words: &[String]) -> &[Sense] {
        let Some((first, _)) = words.first().and_then(|w| self.key(w)) else { return &[] };
        let same = |ph: &Phrase| {
            ph.keys.len() == words.len()
                && ph.keys.iter().zip(words).all(|(k, w)| self.key(w).is_some_and(|(wk, _)| wk == *k))
        };
        self.starting_with(first).iter().map(|&p| &self.phrases[p]).find(|ph| same(ph)).map_or(&[], |ph| &ph.senses)
    }

    /// The grammar meaning of the longest phrase the words start with ("get rid of" →
    /// remove, "make" → change), if it has one.
    pub fn grammar_of(&self, words: &[String]) -> Option<Gram> {
        let (first, _) = self.key(words.first()?)?;
        self.starting_with(first).iter().find_map(|&p| {
            let ph = &self.phrases[p];
            let fits = ph.keys.len() <= words.len()
                && ph.keys.iter().zip(words).all(|(k, w)| self.key(w).is_some_and(|(wk, _)| wk == *k));
            let gram = ph.senses.iter().find_map(|s| if let Sense::Gram(g) = s { Some(*g) } else { None });
            gram.filter(|_| fits)
        })
    }

    /// The closest menu word to an unknown word: (word, key, distance), when the
    /// distance is within `max`. Ties between different words give `None`: a typo
    /// that could be two things is not guessed.
    pub fn nearest(&self, word: &str, max: usize) -> Option<(&str, u32, usize)> {
        self.nearest_other(word, max, u32::MAX)
    }

    /// The closest menu word to `word` other than the word with key `own` ("pepers",
    /// listed only inside "dr pepers", is nearest "peppers").
    pub fn nearest_other(&self, word: &str, max: usize, own: u32) -> Option<(&str, u32, usize)> {
        let n = word.chars().count();
        let mut best: Option<(&str, u32, usize)> = None;
        let mut tie = false;
        for len in n.saturating_sub(max)..=n + max {
            let Some(bucket) = self.fuzzy.get(len) else { continue };
            for (w, k) in bucket.iter().filter(|(w, k)| *k != own && may_be_within(word, w, max)) {
                let d = strsim::osa_distance(word, w);
                if d > max {
                    continue;
                }
                match best {
                    Some((_, bk, bd)) if d == bd && bk != *k && !self.same_meaning(bk, *k) => tie = true,
                    Some((_, _, bd)) if d >= bd => {}
                    _ => {
                        best = Some((w, *k, d));
                        tie = false;
                    }
                }
            }
        }
        if tie {
            None
        } else {
            best
        }
    }

    /// Whether a word is one of the menu's own words, spelled exactly.
    pub fn is_menu_word(&self, word: &str) -> bool {
        self.menu_words.contains(word)
    }

    /// The menu word an unknown shortening stands for, when only one meaning fits: a
    /// beginning of at least four letters ("mozz", "parm", "mush"), a four-letter word
    /// missing its last letter ("cok"), or a run of
    /// consonants that starts the word and follows its letters in order ("lg" large,
    /// "sm" small, "chkn" chicken, "mtn" mountain).
    pub fn shortening(&self, word: &str) -> Option<(&str, u32)> {
        let fits = shortened(word, false)?;
        let n = word.chars().count();
        let mut found: Option<(&str, u32)> = None;
        for bucket in self.fuzzy.iter().skip(n + 1) {
            for (w, k) in bucket {
                if !fits(w) {
                    continue;
                }
                match found {
                    Some((_, fk)) if fk != *k && !self.same_meaning(fk, *k) => return None,
                    Some(_) => {}
                    None => found = Some((w, *k)),
                }
            }
        }
        found
    }

    /// The featured choice whose one-word name a word of three letters or more begins
    /// ("pep", "pepp" for pepperoni when the operator features pepperoni, and no other
    /// featured choice's name starts so).
    pub fn featured_beginning(&self, word: &str) -> Option<(&str, u32)> {
        let n = word.chars().count();
        if n < 3 {
            return None;
        }
        let mut found: Option<(&str, u32)> = None;
        for (name, key) in self.featured.iter().filter(|(name, _)| name.len() > n && name.starts_with(word)) {
            match found {
                Some((_, k)) if k != *key && !self.same_meaning(k, *key) => return None,
                Some(_) => {}
                None => found = Some((name, *key)),
            }
        }
        found
    }

    /// The first word of a two-word menu name that a shortening stands for, told by the
    /// name's second word said next ("mtn dew": mountain, though "mtn" also fits
    /// "mediterranean").
    pub fn shortening_before(&self, word: &str, next: &str) -> Option<(&str, u32)> {
        let fits = shortened(word, true)?;
        let (next_key, _) = self.key(next)?;
        let mut found: Option<(&str, u32)> = None;
        for ph in self.phrases.iter().filter(|ph| ph.keys.len() == 2 && ph.keys[1] == next_key) {
            let first = ph.text.split(' ').next().unwrap_or_default();
            if !fits(first) {
                continue;
            }
            match found {
                Some((_, k)) if k != ph.keys[0] => return None,
                Some(_) => {}
                None => found = Some((first, ph.keys[0])),
            }
        }
        found
    }

    /// Whether two words mean the same as single-word phrases (two spellings of
    /// "pepperoni" in the synonyms are not a tie).
    fn same_meaning(&self, a: u32, b: u32) -> bool {
        let alone = |k: u32| {
            self.starting_with(k).iter().find(|&&p| self.phrases[p].keys.len() == 1).map(|&p| &self.phrases[p].senses)
        };
        matches!((alone(a), alone(b)), (Some(x), Some(y)) if x == y)
    }

    /// How many words the lexicon knows (for the load summary and benches).
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Which menu words a shortening may stand for, or `None` when it is no shortening: a
/// beginning of four letters or more, a four-letter word without its last letter, or a
/// run of consonants that starts the word and follows its letters in order. `named`:
/// the next word completes a menu name ("mtn dew"), so an ordinary word it could also
/// shorten ("mutton") is not meant.
fn shortened(word: &str, named: bool) -> Option<impl Fn(&str) -> bool + '_> {
    let n = word.chars().count();
    let consonants = n >= 2 && word.chars().all(|c| c.is_ascii_lowercase() && !"aeiou".contains(c));
    let dropped_last = n == 3 && !consonants;
    if !(n >= 4 || consonants || dropped_last) || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    // "ppl" is "people": a run that is all of an ordinary word's consonants stands only
    // for a menu word written with those same consonants ("lrg" large).
    let ordinary = consonants && n >= 3 && !named && english::shortens_a_word(word);
    Some(move |w: &str| {
        let length_ok = w.chars().count() > n && (!dropped_last || w.chars().count() == n + 1);
        let fits = if consonants { w.starts_with(&word[..1]) && is_subsequence(word, w) } else { w.starts_with(word) };
        length_ok && fits && !(ordinary && english::consonants(w) != word)
    })
}

/// Whether the letters of `short` come in order in `long`.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// What each word means in the menu's names: for every name of every item and choice
/// (and of every `either` word, with `eithers`), the words `pick` takes from its tokens
/// each get that thing as one of their senses.
fn senses_of_words(
    groups: &[Group],
    items: &[Item],
    eithers: bool,
    pick: impl Fn(&[String]) -> &[String],
) -> HashMap<String, Vec<Sense>> {
    let mut senses_of: HashMap<String, Vec<Sense>> = HashMap::default();
    let mut note = |names: Vec<String>, sense: Sense| {
        for n in names {
            for word in pick(&tokenize(&n)) {
                let senses = senses_of.entry(word.clone()).or_default();
                if !senses.contains(&sense) {
                    senses.push(sense);
                }
            }
        }
    };
    for (i, it) in items.iter().enumerate() {
        note(names(&it.id, &it.name, &it.synonyms), Sense::Item(i));
    }
    for (g, grp) in groups.iter().enumerate() {
        for (c, ch) in grp.choices.iter().enumerate() {
            note(names(&ch.id, &ch.name, &ch.synonyms), Sense::Choice { group: g, choice: c });
        }
        for e in grp.either.iter().filter(|_| eithers) {
            for c in e.choices.iter().filter_map(|id| grp.choices.iter().position(|x| &x.id == id)) {
                note(e.synonyms.clone(), Sense::Choice { group: g, choice: c });
            }
        }
    }
    senses_of
}

/// Words of item and choice names whose stem another word shares with a different
/// meaning: the menu keeps those words apart, so stemming must not merge them. A word
/// counts alone as a one-word name ("veggie", "veggies", "greens") and as the modifier
/// of a longer name ("green" in "green salsa"), never as a longer name's last word,
/// whose plural is ordinary ("green pepper" / "green peppers").
fn words_kept_apart(groups: &[Group], items: &[Item]) -> HashSet<String> {
    let meanings = senses_of_words(groups, items, true, |toks| match toks {
        [_] => toks,
        _ => &toks[..toks.len() - 1],
    });
    let mut by_stem: HashMap<String, Vec<(&String, &Vec<Sense>)>> = HashMap::default();
    for (w, senses) in &meanings {
        by_stem.entry(stem(w)).or_default().push((w, senses));
    }
    let mut apart = HashSet::default();
    for forms in by_stem.values().filter(|f| f.len() > 1) {
        let same = |s: &[Sense], t: &[Sense]| s.len() == t.len() && s.iter().all(|x| t.contains(x));
        let differ = forms.iter().any(|(_, s)| forms.iter().any(|(_, t)| !same(s, t)));
        if differ {
            apart.extend(forms.iter().map(|(w, _)| (*w).clone()));
        }
    }
    apart
}

fn names(id: &str, name: &str, synonyms: &[String]) -> Vec<String> {
    let mut v: Vec<String> = synonyms.to_vec();
    v.push(name.to_owned());
    v.push(id.replace('_', " "));
    // "chicken and bacon ranch" is also said "chicken bacon ranch" and "chicken n bacon
    // ranch": the "and" inside a name is a word people drop or shorten.
    let joined: Vec<String> = v
        .iter()
        .filter(|n| n.split(' ').skip(1).any(|w| w == "and"))
        .flat_map(|n| [n.replace(" and ", " "), n.replace(" and ", " n ")])
        .collect();
    v.extend(joined);
    // "two shots" is also said "2 shots", and "12 piece" "twelve piece".
    let counted: Vec<String> = v.iter().filter_map(|n| other_number_form(n)).collect();
    v.extend(counted);
    v
}

/// The name with its number said the other way (digits for words, words for digits),
/// or `None` when it holds no number up to twelve.
fn other_number_form(name: &str) -> Option<String> {
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let mut changed = false;
    let words: Vec<String> = name
        .split(' ')
        .map(|w| {
            if let Some(i) = WORDS.iter().position(|n| *n == w) {
                changed = true;
                (i + 1).to_string()
            } else if let Some(n) = w.parse::<usize>().ok().filter(|n| (1..=12).contains(n)) {
                changed = true;
                WORDS[n - 1].to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

/// How far apart two listed spellings of one word may be: one slip in a short word,
/// two in a long one.
fn max_slips(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}
