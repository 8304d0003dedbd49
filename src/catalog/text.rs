//! Text normalisation shared by the catalog (at load) and the engine (per message):
//! lower-case words, digits split from letters ("2x" → "2 x", "12oz" → "12 oz"),
//! apostrophes dropped ("what's" → "whats"), punctuation that separates clauses kept
//! as a "," token. Menu synonyms and messages go through the same function, so they
//! always agree on what a word is.

/// Splits `text` into normalised tokens, appending them to `out` (cleared first) so a
/// caller can reuse one vector. Each token is a lower-case word, a number ("7.5") or ",".
pub fn tokenize_into(text: &str, out: &mut Vec<String>) {
    tokenize_marking_possessives(text, out, &mut Vec::new());
}

/// [`tokenize_into`], also noting in `possessive` the index of each word typed with
/// "'s" at its end ("ben's" → "bens"): a person's or a thing's, never a plural.
pub fn tokenize_marking_possessives(text: &str, out: &mut Vec<String>, possessive: &mut Vec<usize>) {
    out.clear();
    possessive.clear();
    let mut cur = String::new();
    // What the current token is made of: letters or digits; a switch splits ("2x").
    let mut cur_digit = false;
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            let is_digit = c.is_ascii_digit();
            if !cur.is_empty() && is_digit != cur_digit {
                flush(&mut cur, out);
            }
            cur_digit = is_digit;
            if c.is_ascii() {
                cur.push(c.to_ascii_lowercase());
            } else {
                push_unaccented(c, &mut cur);
            }
        } else if (c == '\'' || c == '\u{2019}') && !cur.is_empty() && !cur_digit && will_of_a_noun(&cur, &chars) {
            // "my mate'll have …": the noun, then "will" (pronouns keep "ill", "youll").
            flush(&mut cur, out);
            chars.next();
            chars.next();
            out.push("will".to_owned());
        } else if (c == '\'' || c == '\u{2019}') && !cur.is_empty() && !cur_digit {
            // "what's" → "whats", "i'd" → "id": one word, as people type it without the apostrophe.
            let mut next = chars.clone();
            if next.next() == Some('s') && next.next().map_or(true, |c| !c.is_alphanumeric()) {
                possessive.push(out.len());
            }
        } else if (c == '.' || c == ',') && cur_digit && chars.peek().is_some_and(char::is_ascii_digit) {
            // A decimal point inside a number ("7.5 fl oz"), not the end of a clause.
            cur.push('.');
        } else if c == '.' && is_abbreviation(&cur) && chars.peek() == Some(&' ') {
            // "2 dr. peppers", "st. louis": the period of an abbreviation ends the
            // word, not the clause.
            flush(&mut cur, out);
        } else if let Some(word) = symbol_word(c) {
            // "100% correct", "fries & a coke", "coke + fries": the word the sign stands for.
            flush(&mut cur, out);
            out.push(word.to_owned());
        } else {
            flush(&mut cur, out);
            if matches!(c, ',' | ';' | '.' | '!' | '?' | ':') && out.last().is_some_and(|t| t != ",") {
                out.push(",".to_owned());
            }
        }
        // Cap the work on absurd input: a chat message has no use for more than 200 tokens.
        if out.len() >= 200 {
            return;
        }
    }
    flush(&mut cur, out);
    while out.last().is_some_and(|t| t == ",") {
        out.pop();
    }
}

/// Whether a word is a title or place abbreviation written with a period ("dr", "st",
/// "mr"), which names go on after.
fn is_abbreviation(word: &str) -> bool {
    matches!(word, "dr" | "mr" | "mrs" | "ms" | "st" | "mt" | "ft" | "jr" | "sr")
}

/// The word a sign is read as.
fn symbol_word(c: char) -> Option<&'static str> {
    match c {
        '%' => Some("percent"),
        '&' => Some("and"),
        '+' => Some("plus"),
        _ => None,
    }
}

/// A letter in lower case without its accents ("é" is "e", "Ñ" is "n"): customers
/// type "jamón" and "jamon", "sí" and "si" alike.
fn push_unaccented(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        unicode_normalization::char::decompose_canonical(lower, |d| {
            if !unicode_normalization::char::is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// The optimal-string-alignment distance between two words, when it is `max` or less.
/// Words whose lengths differ by more than `max` are not compared: their distance is at
/// least that.
pub fn edits_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max || !may_be_within(a, b, max) {
        return None;
    }
    Some(strsim::osa_distance(a, b)).filter(|&d| d <= max)
}

/// False when two words are surely more than `max` edits apart, found far more cheaply
/// than the distance itself: each edit changes the counts of at most two letters by one
/// (a swap changes none), so half the letters the words do not share is a lower bound;
/// and a single edit leaves all but at most two letters in a shared beginning and end.
/// Only a filter, for words in ASCII: what it lets through is measured.
pub fn may_be_within(a: &str, b: &str, max: usize) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if max <= 1 {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let room = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
        if prefix + suffix + 2 * max < a.len().max(b.len()) {
            return false;
        }
    }
    let mut counts = [0i16; 128];
    for &x in a {
        counts[usize::from(x)] += 1;
    }
    for &y in b {
        counts[usize::from(y)] -= 1;
    }
    let mut unshared = 0;
    for &x in a.iter().chain(b) {
        unshared += usize::from(counts[usize::from(x)].unsigned_abs());
        counts[usize::from(x)] = 0;
    }
    unshared.div_ceil(2) <= max
}

/// Whether "'ll" follows a word that is no pronoun ("my mate'll", "the kids'll").
fn will_of_a_noun(word: &str, rest: &std::iter::Peekable<std::str::Chars>) -> bool {
    const PRONOUNS: &[&str] =
        &["i", "you", "u", "he", "she", "we", "they", "it", "that", "there", "who", "what", "this", "these", "those"];
    let mut next = rest.clone();
    let ll = next.next() == Some('l') && next.next() == Some('l') && next.next().map_or(true, |c| !c.is_alphanumeric());
    ll && !PRONOUNS.contains(&word)
}

/// The tokens of `text` as a new vector.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// The normalised text: tokens joined by single spaces (what intent patterns see).
pub fn normalized(text: &str) -> String {
    tokenize(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_split_from_letters_and_apostrophes_vanish() {
        assert_eq!(tokenize("2x Large's, x3!"), ["2", "x", "larges", ",", "x", "3"]);
        assert_eq!(tokenize("a 7.5 fl-oz coke"), ["a", "7.5", "fl", "oz", "coke"]);
        assert_eq!(tokenize("what's  up?"), ["whats", "up"]);
        assert_eq!(tokenize(""), Vec::<String>::new());
        assert_eq!(tokenize("Sí, JAMÓN y jalapeños"), ["si", ",", "jamon", "y", "jalapenos"]);
    }

    #[test]
    fn the_distance_filter_never_turns_away_words_within_reach() {
        let words = [
            "pepperoni",
            "peperoni",
            "pepperonni",
            "pepproeni",
            "cheese",
            "chese",
            "cheeses",
            "chesee",
            "coke",
            "cokes",
            "ckoe",
            "code",
            "joke",
            "large",
            "lrage",
            "larg",
            "xl",
            "lx",
            "l",
            "",
            "olives",
            "olive",
            "oliv",
            "onions",
            "onion",
            "jalapeño",
            "jalapeno",
            "abcdefgh",
            "xbcdefgy",
        ];
        let mut turned_away = 0;
        for a in words {
            for b in words {
                for max in 0..=2 {
                    let within = strsim::osa_distance(a, b) <= max;
                    assert!(!within || may_be_within(a, b, max), "{a} / {b} within {max}");
                    turned_away += usize::from(!may_be_within(a, b, max));
                }
            }
        }
        assert!(turned_away > 1000, "the filter should turn most pairs away, turned {turned_away}");
    }
}
