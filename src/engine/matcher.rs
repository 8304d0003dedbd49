//! Tokens → units: each run of tokens that forms a known phrase becomes one unit,
//! taking the longest phrase first ("extra large" before "extra"). Words the lexicon
//! does not know are tried against menu words with a bounded edit distance, and
//! against the slips people make typing on a phone: words run together or split,
//! slipped number words, listed spellings inside longer names, "pep".

use serde::Serialize;

use crate::catalog::english;
use crate::catalog::grammar::NUMBERS;
use crate::catalog::lexicon::{Lexicon, Sense};
use crate::catalog::text::edits_within;
use crate::catalog::Gram;

/// One matched span of tokens.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// The phrase matched, if any (index into `Lexicon::phrases`).
    pub phrase: Option<usize>,
    /// The meaning the assembler uses (the phrase's primary sense, or a digit number).
    pub sense: Option<Sense>,
}

/// How one token was recognised, for `--explain`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TokenMatch {
    pub token: String,
    /// The key was found through the Snowball stem (the stem), not the word itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stem: Option<String>,
    /// The menu word a typo was corrected to, with its edit distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<usize>,
    #[serde(skip)]
    pub key: Option<u32>,
    #[serde(skip)]
    pub filler: bool,
    /// An ordinary English word the shop does not use ("joke", "insurance"): never
    /// corrected to a menu word, and a sign the message is about something else.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub english: bool,
}

impl TokenMatch {
    /// The token read as the menu word `word` (key `key`), `distance` slips away.
    fn correct(&mut self, word: String, key: u32, distance: usize) {
        self.key = Some(key);
        self.corrected_to = Some(word);
        self.distance = Some(distance);
    }
}

/// The largest typo accepted for a word of `len` characters. Short words have too
/// many neighbours ("ham"/"jam"): none. Medium words tolerate one slip ("piza"); long
/// words two ("mozarela" → "mozzarella"), since two slips still leave them unique.
pub(super) fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Looks up every token: exact, stem, then fuzzy for words that are nothing known.
pub(super) fn lookup(lex: &Lexicon, tokens: &[String], out: &mut Vec<TokenMatch>) {
    out.clear();
    for (i, tok) in tokens.iter().enumerate() {
        let mut m = TokenMatch { token: tok.clone(), ..TokenMatch::default() };
        if let Some((key, stem)) = lex.key(tok) {
            // "green pepers" ("pepers" known only from "dr pepers"), "fryed onions" ("fryed"
            // known only by its stem): the phrase said around a weakly known word wins.
            let weak = (stem.is_some() || lex.starting_with(key).is_empty())
                && tok.chars().count() >= 4
                && !english::is_word(tok)
                && !forms_phrase(lex, out, i, key);
            match weak.then(|| in_phrase_near(lex, tokens, out, i)).flatten() {
                Some((word, near)) => m.correct(word, near, 1),
                None => {
                    m.key = Some(key);
                    m.stem = stem;
                }
            }
        } else if tok.chars().any(|c| c.is_ascii_digit()) {
            m.filler = true;
        } else if lex.is_filler(tok) {
            // ("large thing crust": a filler word slipped from a phrase's first word.)
            match first_word_near_next(lex, tokens, i) {
                Some((word, key)) => m.correct(word, key, 1),
                None => m.filler = true,
            }
        } else if english::is_word(tok) {
            // A real word is no typo, unless the phrase around it says so: "garlic bred"
            // is "garlic bread" because "garlic" starts that phrase, "thing crust" is
            // "thin crust" because "crust" ends it; "tree large pizzas" counts them.
            let near = i.checked_sub(1).and_then(|p| out[p].key).and_then(|k| second_word_near(lex, k, tok));
            let before = || first_word_near_next(lex, tokens, i);
            match near.or_else(before).or_else(|| number_near(lex, tokens, i, true)) {
                Some((word, key)) => m.correct(word, key, 1),
                None => m.english = true,
            }
        } else if let Some((word, key, d)) = correction(lex, tokens, out, i) {
            m.correct(word, key, d);
        }
        out.push(m);
    }
}

/// The word the shop knows that an unknown token `i` (no English word) was meant as,
/// with its key and how far it is: the first of these that fits.
fn correction(lex: &Lexicon, tokens: &[String], out: &[TokenMatch], i: usize) -> Option<(String, u32, usize)> {
    let tok = &tokens[i];
    let n = tok.chars().count();
    let owned = |(w, k): (&str, u32)| (w.to_owned(), k);
    let shortened = |(w, k): (String, u32)| {
        let d = w.chars().count().saturating_sub(n);
        (w, k, d)
    };
    let one_slip = |(w, k): (String, u32)| (w, k, 1);
    lex.nearest(tok, max_edits(n))
        .map(|(w, k, d)| (w.to_owned(), k, d))
        .or_else(|| {
            // Two letters ("lg", "sm") are trusted only before another menu word ("lg
            // pizza"), never alone ("1pm").
            let before_menu_word = n > 2 || tokens.get(i + 1).is_some_and(|next| lex.key(next).is_some());
            lex.shortening(tok)
                .or_else(|| tokens.get(i + 1).and_then(|next| lex.shortening_before(tok, next)))
                .filter(|_| before_menu_word)
                .map(owned)
                .map(shortened)
        })
        // A typo with several near words, or of three letters, is trusted inside a
        // phrase whose other word is there: the second word after the first ("diet
        // cok", "lemon peper"), or the first word before the second ("thn crust").
        .or_else(|| n.ge(&3).then(|| in_phrase_near(lex, tokens, out, i)).flatten().map(one_slip))
        // "foru medium pizzas": a slip in a number word before what it counts.
        .or_else(|| number_near(lex, tokens, i, false).map(one_slip))
        // "instaed of the garlic bread": a slip in a long grammar word; "hma": two
        // letters swapped in a short word.
        .or_else(|| lex.grammar_near(tok).or_else(|| lex.swapped_short(tok)).map(owned).map(one_slip))
}

/// Whether the word with `key` at token `i` continues a phrase the token before it starts.
fn forms_phrase(lex: &Lexicon, out: &[TokenMatch], i: usize, key: u32) -> bool {
    let Some(prev) = i.checked_sub(1).and_then(|p| out[p].key) else { return false };
    lex.starting_with(prev).iter().any(|&p| lex.phrases[p].keys.get(1) == Some(&key))
}

/// The number word token `i` is a slip of, right before a menu word, with a thing
/// counted in the plural close after it ("foru medium pizzas", "tow cans of pepsi"). A
/// real English word counts only as the number with a letter dropped or two swapped
/// ("tree", "tow"), never another letter ("nice" is no "nine").
fn number_near(lex: &Lexicon, tokens: &[String], i: usize, english: bool) -> Option<(String, u32)> {
    let tok = &tokens[i];
    let next_known = tokens.get(i + 1).is_some_and(|t| lex.key(t).is_some());
    let plural_after = tokens[i + 1..].iter().take(4).any(|t| t.len() > 3 && t.ends_with('s') && lex.key(t).is_some());
    if tok.chars().count() < 3 || !next_known || !plural_after {
        return None;
    }
    let slip = |n: &str| {
        let d = edits_within(n, tok, 1);
        let dropped = n.len() == tok.len() + 1;
        let swapped = n.len() == tok.len() && strsim::hamming(n, tok) == Ok(2);
        d == Some(1) && (!english || dropped || swapped)
    };
    // The grammar's one-word numbers from two to twelve ("one" is too near "on").
    let words = NUMBERS.iter().filter(|(w, n)| (2..=12).contains(n) && !w.contains(' ')).map(|(w, _)| *w);
    let mut near = words.filter(|n| slip(n));
    match (near.next(), near.next()) {
        (Some(n), None) => lex.key(n).map(|(k, _)| (n.to_owned(), k)),
        _ => None,
    }
}

/// The word of a two-word phrase that token `i` is one slip from, when the phrase's
/// other word is said beside it.
fn in_phrase_near(lex: &Lexicon, tokens: &[String], out: &[TokenMatch], i: usize) -> Option<(String, u32)> {
    let tok = &tokens[i];
    let after_first = i.checked_sub(1).and_then(|p| out[p].key).and_then(|k| second_word_near(lex, k, tok));
    let next = tokens.get(i + 1).filter(|next| lex.key(next).is_some());
    after_first.or_else(|| next.and_then(|next| first_word_near(lex, tok, next)))
}

fn second_word_near(lex: &Lexicon, first: u32, tok: &str) -> Option<(String, u32)> {
    // "dr pep", "green peps": the second word shortened (three letters at least, a
    // plural "s" kept) is that word too, when the first is said.
    let shortened = |second: &str| {
        let stem = tok.strip_suffix('s').filter(|_| second.ends_with('s')).unwrap_or(tok);
        stem.len() >= 3 && second.len() > stem.len() + 1 && second.starts_with(stem)
    };
    lex.starting_with(first).iter().find_map(|&p| {
        let ph = &lex.phrases[p];
        let second = ph.text.split(' ').nth(1)?;
        let near = edits_within(second, tok, 1) == Some(1) || shortened(second);
        (ph.keys.len() == 2 && near).then(|| (second.to_owned(), ph.keys[1]))
    })
}

/// A word of four letters or more one slip from the first word of a two-word phrase
/// whose second word comes next ("thing crust" is "thin crust").
fn first_word_near_next(lex: &Lexicon, tokens: &[String], i: usize) -> Option<(String, u32)> {
    let tok = &tokens[i];
    let next = tokens.get(i + 1).filter(|next| tok.chars().count() >= 4 && lex.key(next).is_some())?;
    first_word_near(lex, tok, next)
}

fn first_word_near(lex: &Lexicon, tok: &str, next: &str) -> Option<(String, u32)> {
    // "fryed onions": the next word as the lexicon knows it ("onion").
    let (next_key, _) = lex.key(next)?;
    lex.two_words_ending_with(next_key).iter().find_map(|&p| {
        let ph = &lex.phrases[p];
        let first = ph.text.split(' ').next()?;
        (edits_within(first, tok, 1) == Some(1)).then(|| (first.to_owned(), ph.keys[0]))
    })
}

/// Joins a word split in two when the two halves make a menu word ("pepper oni",
/// "pine apple", "mush rooms"). Grammar's small words are words of their own: "should
/// be an extra large" is no "bean". Returns where words were joined.
pub(super) fn join_split_words(lex: &Lexicon, tokens: &mut Vec<String>) -> Vec<usize> {
    let mut joined_at = Vec::new();
    // (A `match`, not a list searched: this runs for every pair of words.)
    let small_word = |w: &str| {
        matches!(
            w,
            "a" | "an"
                | "the"
                | "be"
                | "is"
                | "am"
                | "are"
                | "to"
                | "of"
                | "in"
                | "on"
                | "at"
                | "by"
                | "for"
                | "as"
                | "and"
                | "or"
                | "no"
                | "not"
                | "so"
                | "it"
                | "i"
                | "me"
                | "my"
                | "we"
                | "us"
                | "you"
                | "u"
                | "he"
                | "she"
                | "do"
                | "if"
                | "up"
                | "go"
                | "with"
                | "one"
        )
    };
    let mut i = 0;
    let mut joined = String::new();
    while i + 1 < tokens.len() {
        let letters = |t: &str| t.bytes().all(|c| c.is_ascii_lowercase());
        let (a, b) = (&tokens[i], &tokens[i + 1]);
        if !(letters(a) && letters(b)) {
            i += 1;
            continue;
        }
        let no_small_word = !small_word(a) && !small_word(b);
        let long = a.len() + b.len() >= 7;
        if no_small_word || long {
            joined.clear();
            joined.push_str(a);
            joined.push_str(b);
            // ("spring rolls" said as the menu says it is no split "springrolls".)
            let said_as_written = || match (lex.key(a), lex.key(b)) {
                (Some((ka, _)), Some((kb, _))) => {
                    lex.starting_with(ka).iter().any(|&p| lex.phrases[p].keys.get(1) == Some(&kb))
                }
                _ => false,
            };
            let menu_joined = lex.is_menu_word(&joined);
            let menu_word = menu_joined && !said_as_written();
            // "with out", "every thing": two words make a long grammar word.
            let grammar_word = long && !menu_joined && lex.exact_key(&joined).is_some();
            if menu_word && no_small_word || grammar_word {
                tokens[i] = joined.clone();
                tokens.remove(i + 1);
                joined_at.push(i);
            }
        }
        i += 1;
    }
    joined_at
}

/// Splits a word typed as two run together when both halves are words the shop knows
/// ("thincrust", "dietcoke", "nomushrooms", "extralarge"): a word the shop does not
/// know, no English word, split where both halves are known, a phrase of the two
/// preferred. Returns where words were split (the first half's index).
pub(super) fn split_joined_words(lex: &Lexicon, tokens: &mut Vec<String>) -> Vec<usize> {
    let mut split_at = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = &tokens[i];
        let candidate = tok.len() >= 5
            && tok.chars().all(|c| c.is_ascii_lowercase())
            && lex.exact_key(tok).is_none()
            && !english::is_word(tok)
            && !lex.is_filler(tok)
            && lex.key(tok).is_none();
        // A slip of one letter in a word the shop knows is that word ("expreso"); two
        // words run together are read before a guess of two slips ("nomushrooms").
        let one_slip = || lex.nearest(tok, max_edits(tok.chars().count())).is_some_and(|(_, _, d)| d <= 1);
        if let Some((left, right)) = candidate.then(|| best_split(lex, tok)).flatten().filter(|_| !one_slip()) {
            tokens[i] = left;
            tokens.insert(i + 1, right);
            split_at.push(i);
            i += 1;
        }
        i += 1;
    }
    split_at
}

/// The split of `word` into two known words (two letters at least each), a split that
/// makes a phrase first, then the longest first half.
fn best_split(lex: &Lexicon, word: &str) -> Option<(String, String)> {
    // Spelled as the shop or its grammar has it, or a plural of that ("dietsprites").
    let exact = |w: &str| lex.exact_key(w);
    let plural = |w: &str| w.len() >= 5 && w.ends_with('s') && exact(&w[..w.len() - 1]).is_some();
    let known = |w: &str| exact(w).or_else(|| plural(w).then(|| lex.key(w).map(|(k, _)| k)).flatten());
    let mut best: Option<(bool, usize)> = None;
    for at in (2..=word.len() - 2).filter(|&at| word.is_char_boundary(at)) {
        let (Some(a), Some(b)) = (known(&word[..at]), known(&word[at..])) else { continue };
        let phrase = lex.starting_with(a).iter().any(|&p| lex.phrases[p].keys.get(1) == Some(&b));
        // A two-letter half is trusted only in a phrase or as a negation ("nocheese").
        let short_half = at == 2 || word.len() - at == 2;
        if short_half && !phrase && !is_negation(lex, &word[..at]) {
            continue;
        }
        if best.map_or(true, |(bp, _)| phrase || !bp) {
            best = Some((phrase, at));
        }
    }
    best.map(|(_, at)| (word[..at].to_owned(), word[at..].to_owned()))
}

/// Whether the word alone is a negation ("no", "not").
fn is_negation(lex: &Lexicon, word: &str) -> bool {
    matches!(lex.grammar_of(&[word.to_owned()]), Some(Gram::Neg))
}

/// Groups looked-up tokens into units, longest phrase first.
pub(super) fn units(lex: &Lexicon, tokens: &[String], matches: &[TokenMatch], out: &mut Vec<Unit>) {
    out.clear();
    let mut i = 0;
    while i < matches.len() {
        let mut found = phrase_at(lex, matches, i, matches.len());
        if let Some(menu_starts) = found.and_then(|(p, end)| menu_phrase_inside(lex, matches, p, i, end)) {
            found = phrase_at(lex, matches, i, menu_starts);
        }
        match found {
            Some((p, end)) => {
                let sense = primary(lex, p, tokens, i, end);
                out.push(Unit { start: i, end, phrase: Some(p), sense });
                i = end;
            }
            None => {
                if let Some(p) = alone_as_nearest(lex, tokens, matches, i) {
                    out.push(Unit { start: i, end: i + 1, phrase: Some(p), sense: primary(lex, p, tokens, i, i + 1) });
                    i += 1;
                    continue;
                }
                let sense = tokens[i]
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1000.0)
                    .map(|n| Sense::Gram(Gram::Num { n: n as u32, article: false }));
                out.push(Unit { start: i, end: i + 1, phrase: None, sense });
                i += 1;
            }
        }
    }
    keep_leading_words_in_place(lex, tokens, out);
    read_featured_beginnings(lex, tokens, matches, out);
    name_group_words_after_their_choice(lex, out);
}

/// "honey garlic sauce", "ranch dressing": a group's name right after one of its choices
/// says what kind of thing that choice is; it names nothing more (not the topping the
/// same word also names).
fn name_group_words_after_their_choice(lex: &Lexicon, units: &mut [Unit]) {
    for k in 1..units.len() {
        let Some(Sense::Choice { group, .. }) = units[k - 1].sense else { continue };
        let names_the_group = units[k].phrase.is_some_and(|p| lex.phrases[p].senses.contains(&Sense::Group(group)));
        if names_the_group && !matches!(units[k].sense, Some(Sense::Item(_))) {
            units[k].sense = None;
        }
    }
}

/// The longest phrase said from token `i` that ends by `limit`: (phrase, end).
fn phrase_at(lex: &Lexicon, matches: &[TokenMatch], i: usize, limit: usize) -> Option<(usize, usize)> {
    let k = matches[i].key?;
    // "mozarella sticks", "griled pineaple": a listed spelling of a word stands for it
    // in a longer name; the longest name said wins.
    let said = |(k, m): (&u32, &TokenMatch)| m.key.is_some_and(|mk| lex.spelled_as(mk, *k));
    let first_said = |list: &[usize]| {
        list.iter().find_map(|&p| {
            let keys = &lex.phrases[p].keys;
            let end = i + keys.len();
            (end <= limit && keys.iter().zip(&matches[i..end]).all(said)).then_some((p, end))
        })
    };
    let mut found = first_said(lex.starting_with(k));
    for &other in lex.spellings_of(k) {
        if let Some((p, end)) = first_said(lex.starting_with(other)) {
            if found.map_or(true, |(_, e)| end > e) {
                found = Some((p, end));
            }
        }
    }
    found
}

/// "and no ice", "with no sugar", "a half sour pickle": where a menu name starts inside
/// the phrase `p` (tokens `i..end`) and runs past it, the name is what was said when
/// `p` is grammar, or a name shorter than it ("a half" gives way to "half sour pickle").
fn menu_phrase_inside(lex: &Lexicon, matches: &[TokenMatch], p: usize, i: usize, end: usize) -> Option<usize> {
    if end - i < 2 {
        return None;
    }
    let grammar_only = lex.phrases[p].senses.iter().all(|s| matches!(s, Sense::Gram(_)));
    let names = |q: usize| lex.phrases[q].senses.iter().any(|s| matches!(s, Sense::Item(_) | Sense::Choice { .. }));
    // ("3 chashu dons": a count that begins a counted choice's name, "3 chashu", counts
    // the item named from its next word.)
    let counted = crate::engine::is_count_word(&matches[i].token);
    let item = |q: usize| lex.phrases[q].senses.iter().any(|s| matches!(s, Sense::Item(_)));
    let wins = |j: usize, q: usize, e: usize| {
        e > end && names(q) && (grammar_only || e - j > end - i || counted && j == i + 1 && item(q))
    };
    (i + 1..end).find(|&j| phrase_at(lex, matches, j, matches.len()).is_some_and(|(q, e)| wins(j, q, e)))
}

/// "lg pep", "medium pep and pineapple", "2 lg pepp": three letters or more left unread
/// (no English word past three) that begin the one featured choice's name are that
/// choice, in a message that names an item or a choice besides, as spelled ("the pin
/// number" names nothing; "bank of america" is no american cheese).
fn read_featured_beginnings(lex: &Lexicon, tokens: &[String], matches: &[TokenMatch], units: &mut [Unit]) {
    let as_spelled = |u: &Unit| matches[u.start..u.end].iter().all(|m| m.corrected_to.is_none());
    let thing = |u: &Unit| matches!(u.sense, Some(Sense::Item(_) | Sense::Choice { .. })) && as_spelled(u);
    for k in 0..units.len() {
        if units[k].phrase.is_some() || units[k].sense.is_some() || units[k].end - units[k].start != 1 {
            continue;
        }
        if tokens[units[k].start].len() > 3 && matches[units[k].start].english {
            continue;
        }
        let Some((_, key)) = lex.featured_beginning(&tokens[units[k].start]) else { continue };
        let Some(p) = lex.starting_with(key).iter().copied().find(|&p| lex.phrases[p].keys.len() == 1) else {
            continue;
        };
        if units.iter().enumerate().any(|(j, u)| j != k && thing(u)) {
            let start = units[k].start;
            units[k].phrase = Some(p);
            units[k].sense = primary(lex, p, tokens, start, start + 1);
        }
    }
}

/// "pepers" alone, fitting no phrase: a word the menu lists only inside other names
/// ("dr pepers") is a slip of the nearest word that is a name alone ("peppers").
fn alone_as_nearest(lex: &Lexicon, tokens: &[String], matches: &[TokenMatch], i: usize) -> Option<usize> {
    let key = matches[i].key.filter(|&k| lex.starting_with(k).is_empty())?;
    let tok = &tokens[i];
    if tok.chars().count() < 4 || english::is_word(tok) {
        return None;
    }
    let (_, near, _) = lex.nearest_other(tok, max_edits(tok.chars().count()), key)?;
    lex.starting_with(near).iter().copied().find(|&p| lex.phrases[p].keys.len() == 1)
}

/// "a caramel latte", "extra whipped", "a large thin one": a name's first word said alone
/// names the thing only right before an item (or "one" standing for it) or after an
/// amount; elsewhere ("deep question", "black beans") it is an ordinary word.
fn keep_leading_words_in_place(lex: &Lexicon, tokens: &[String], units: &mut [Unit]) {
    for k in 0..units.len() {
        if !units[k].phrase.is_some_and(|p| lex.phrases[p].leading) {
            continue;
        }
        // Before an item, or before a word the shop does not know where the item goes
        // when the name is an item's ("a meatball sub", but not "apple juice" for "apple
        // wood bacon"); after an amount or "with" ("with american, mayo").
        let names_item = units[k].phrase.is_some_and(|p| lex.phrases[p].names_a_kind);
        let before_item = units.get(k + 1).is_some_and(|n| {
            let word = &tokens[n.start];
            let unknown_word = (names_item || rest_of_name_misspelt(lex, &units[k], word))
                && n.sense.is_none()
                && n.phrase.is_none()
                && word.chars().all(char::is_alphabetic)
                && lex.key(word).is_none()
                && !lex.is_filler(word);
            matches!(n.sense, Some(Sense::Item(_))) || unknown_word || matches!(word.as_str(), "one" | "ones")
        });
        // After words that introduce a choice: an amount, "with", "instead of", "to".
        let after_option_word = k > 0
            && matches!(
                units[k - 1].sense,
                Some(Sense::Gram(Gram::Amount(_) | Gram::With | Gram::InsteadOf | Gram::To))
            );
        // "with black beans": before another menu word it says which one of those.
        let before_choice = units.get(k + 1).is_some_and(|n| matches!(n.sense, Some(Sense::Choice { .. })));
        if !before_choice && rest_of_name_before(lex, tokens, &units[k]) {
            continue;
        }
        if !(before_item || after_option_word) || before_choice {
            units[k].phrase = None;
            units[k].sense = None;
        }
    }
}

/// "sour creme": the word after a leading word is the rest of its name, misspelt.
fn rest_of_name_misspelt(lex: &Lexicon, u: &Unit, word: &str) -> bool {
    let Some(first) = u.phrase.and_then(|p| lex.phrases[p].keys.first().copied()) else { return false };
    word.chars().count() >= 4
        && lex.starting_with(first).iter().any(|&p| {
            lex.phrases[p].text.split_whitespace().nth(1).is_some_and(|rest| edits_within(rest, word, 2).is_some())
        })
}

/// "make the crust thin", "the crust should be thin": the rest of the two-word name the
/// leading word begins ("thin crust") said among the three words before it.
fn rest_of_name_before(lex: &Lexicon, tokens: &[String], u: &Unit) -> bool {
    let Some(first) = u.phrase.and_then(|p| lex.phrases[p].keys.first().copied()) else { return false };
    let before = tokens[..u.start].iter().rev().take(3).filter_map(|t| lex.key(t).map(|(k, _)| k));
    let seconds: Vec<u32> = lex
        .starting_with(first)
        .iter()
        .filter_map(|&p| match lex.phrases[p].keys.as_slice() {
            [_, second] => Some(*second),
            _ => None,
        })
        .collect();
    before.into_iter().any(|k| seconds.contains(&k))
}

/// The sense the assembler uses. Things on the menu beat grammar ("extra large" is a
/// size), grammar beats the names of sections ("extras"), sections beat group names.
fn primary(lex: &Lexicon, p: usize, tokens: &[String], start: usize, end: usize) -> Option<Sense> {
    let senses = &lex.phrases[p].senses;
    let rank = |s: &Sense| match s {
        Sense::Item(_) => 0,
        Sense::Choice { .. } => 1,
        Sense::Gram(_) => 2,
        Sense::Category(_) => 3,
        Sense::Group(_) => 4,
        Sense::Tag(_) => 5,
    };
    let best = senses.iter().min_by_key(|s| rank(s)).copied();
    // "hmm no, extra large": a "no" closed by a comma answers; it negates nothing. So
    // does a "no" that opens a sentence about something said ("no the coke should be
    // small", "no i meant sprite").
    let answers = |next: &str| {
        matches!(
            next,
            "," | "i"
                | "the"
                | "my"
                | "it"
                | "its"
                | "that"
                | "thats"
                | "make"
                | "change"
                | "please"
                | "actually"
                | "wait"
                | "sorry"
                | "we"
        )
    };
    if end - start == 1 && tokens[start] == "no" && tokens.get(end).is_some_and(|t| answers(t)) {
        return Some(Sense::Gram(Gram::Filler));
    }
    // "can i get", "can you": the verb, not the container.
    if end - start == 1 && tokens[start] == "can" {
        let next = tokens.get(end).map(String::as_str);
        let subject = matches!(
            next,
            Some("i" | "we" | "you" | "u" | "ya" | "someone" | "somebody" | "he" | "she" | "it" | "they")
        );
        // "can the cokes be bottles", "can my pizza be large": the verb before its subject.
        let determiner = matches!(
            next,
            Some(
                "the"
                    | "my"
                    | "that"
                    | "this"
                    | "these"
                    | "those"
                    | "mine"
                    | "ours"
                    | "his"
                    | "her"
                    | "hers"
                    | "their"
                    | "theirs"
                    | "our"
                    | "your"
                    | "yours"
                    | "both"
                    | "all"
                    | "each"
                    | "one"
                    | "them"
            )
        );
        // "how i can pay", "you can keep it": the verb after its subject.
        let after_subject =
            start > 0 && matches!(tokens[start - 1].as_str(), "i" | "we" | "you" | "u" | "they" | "he" | "she" | "it");
        // "one can one bottle": counted, the container.
        let counted = start > 0 && matches!(lex.grammar_of(&tokens[start - 1..start]), Some(Gram::Num { .. }));
        if (subject || determiner || after_subject) && !counted {
            return Some(Sense::Gram(Gram::Filler));
        }
    }
    best
}
