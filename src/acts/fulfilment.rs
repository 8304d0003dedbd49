//! What a message says besides the order: pickup or delivery, the address, a time, a
//! phone number and a note ("two large pepperoni, delivery to 12 High St, for 7:30, and
//! please cut it in squares"). Found with the `[fulfilment]` word lists of `intents/`
//! and taken out of the text, so the rest is read as an order: the address's "12" is no
//! quantity. Pure, like the rest of the act stage.

use crate::catalog::said::{key, key_into, SaidWords};
use crate::catalog::Catalog;
use crate::order::fulfilment::{ClockTime, Mode, Request, When};

/// What [`extract`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub request: Request,
    /// The message without it, to read as an order.
    pub rest: String,
    /// The message opens with it ("delivery to 12 High St"): said, not asked.
    pub opens: bool,
}

/// One word of the message as typed, with where it starts and ends.
struct Word<'a> {
    text: &'a str,
    start: usize,
    /// The word ends a phrase: a comma, semicolon or full stop follows it.
    stop: bool,
}

/// What the message says besides the order and the text left to read as an order;
/// `None` when it says nothing of the kind (the common case: the message is read as
/// ever). A question ("do you deliver to 10117?") is left whole, to be answered.
/// "take away the pepperoni one": a pickup word with a line of the order after it is a
/// verb acting on that line ("pick up the order" is still a pickup).
fn takes_a_line(after: &[String]) -> bool {
    let determiner =
        after.first().is_some_and(|w| matches!(w.as_str(), "the" | "my" | "that" | "this" | "those" | "these"));
    let order = after.get(1).is_some_and(|w| matches!(w.as_str(), "order" | "food" | "lot" | "whole"));
    determiner && !order
}

pub fn extract(catalog: &Catalog, text: &str) -> Option<Said> {
    let said = &catalog.said;
    if !any_word_may_start(said, text) {
        return None;
    }
    let (words, keys) = split(text);
    let mut taken = vec![false; words.len()];
    let mut req = Request::default();
    let mut i = 0;
    while i < words.len() {
        if !said.may_start(&keys[i]) {
            i += 1;
            continue;
        }
        let rest = &keys[i..];
        if SaidWords::starts(&said.note, rest).is_some() {
            // A note runs to the end of the message, kept as typed.
            req.note = Some(text[words[i].start..].trim().to_owned());
            taken[i..].fill(true);
            break;
        }
        if let Some(len) = SaidWords::starts(&said.delivery, rest) {
            req.fulfilment = Some(Mode::Delivery);
            taken[i..i + len].fill(true);
            i += len;
            let after = i;
            if words[after - 1].stop {
                continue;
            }
            let Some(a) = SaidWords::starts(&said.address, &keys[i..]) else { continue };
            let from = i + a;
            let mut end = from;
            while end < words.len() {
                if end > from && (time_at(said, &keys, end).is_some() || starts_other(said, &keys[end..])) {
                    break;
                }
                end += 1;
                // "12 High St, for 7:30" ends at the comma; "Flat 2, 5 Leith Walk" and
                // "12 High St, EH1 2AB" go on with a number or a name.
                let goes_on = words
                    .get(end)
                    .is_some_and(|w| w.text.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase()));
                if words[end - 1].stop && !goes_on {
                    break;
                }
            }
            if end > from {
                let last = &words[end - 1];
                let span = &text[words[from].start..last.start + last.text.len()];
                req.address = Some(span.trim_end_matches([',', ';', '.', '!', '?']).trim().to_owned());
                taken[after..end].fill(true);
                i = end;
            }
            continue;
        }
        let verb = rest.first().is_some_and(|w| matches!(w.as_str(), "take" | "pick" | "collect" | "carry"));
        if let Some(len) =
            SaidWords::starts(&said.pickup, rest).filter(|&len| !(verb && takes_a_line(&keys[i + len..])))
        {
            req.fulfilment = Some(Mode::Pickup);
            taken[i..i + len].fill(true);
            i += len;
            continue;
        }
        if let Some((len, t)) = time_at(said, &keys, i) {
            req.requested_time = When::At(t);
            taken[i..i + len].fill(true);
            i += len;
            continue;
        }
        if let Some(len) = SaidWords::starts(&said.asap, rest) {
            taken[i..i + len].fill(true);
            i += len;
            continue;
        }
        if let Some(len) = SaidWords::starts(&said.phone, rest) {
            // The number: the words after the phone words made of digits and separators.
            let from = i + len;
            let mut end = from;
            while end < words.len() && is_phone_part(&words[end]) {
                end += 1;
                if words[end - 1].stop {
                    break;
                }
            }
            let digits: usize =
                words[from..end].iter().map(|w| w.text.chars().filter(char::is_ascii_digit).count()).sum();
            if (6..=15).contains(&digits) {
                let last = &words[end - 1];
                let span = &text[words[from].start..last.start + last.text.len()];
                req.phone = Some(span.trim_end_matches([',', ';', '.']).trim().to_owned());
                taken[i..end].fill(true);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if req.is_empty() && !taken.contains(&true) {
        return None;
    }
    // "do u deliver to 10117", "can you deliver?": a question about delivery is the
    // shop's to answer (`info.delivery`), not a request.
    if is_question(catalog, text) {
        return None;
    }
    Some(Said { request: req, rest: rest_of(&words, &taken), opens: taken[0] })
}

/// Whether a word of the message may start something said besides the order (most
/// messages: none), its key made in one reused buffer.
fn any_word_may_start(said: &SaidWords, text: &str) -> bool {
    let mut buf = String::new();
    text.split_whitespace().any(|w| {
        key_into(w, &mut buf);
        said.may_start(&buf)
    })
}

/// Splits the message into words at whitespace, remembering where each starts, and
/// each word's key ([`key`]).
fn split(text: &str) -> (Vec<Word<'_>>, Vec<String>) {
    let (mut words, mut keys) = (Vec::new(), Vec::new());
    let mut start = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(at),
            (true, Some(s)) => {
                let w = &text[s..at];
                words.push(Word { text: w, start: s, stop: w.ends_with([',', ';', '.']) });
                keys.push(key(w));
                start = None;
            }
            _ => {}
        }
    }
    (words, keys)
}

/// Whether the words at `at` start a phone number or a note (an address ends there).
fn starts_other(said: &SaidWords, rest: &[String]) -> bool {
    SaidWords::starts(&said.note, rest).is_some()
        || (SaidWords::starts(&said.phone, rest).is_some()
            && rest.iter().skip(1).any(|w| w.chars().any(|c| c.is_ascii_digit())))
}

/// A time word and a time at `at` ("for 7:30", "at 7 pm"): how many words, and the time.
fn time_at(said: &SaidWords, keys: &[String], at: usize) -> Option<(usize, ClockTime)> {
    let keys = &keys[at..];
    let len = SaidWords::starts(&said.time, keys)?;
    let word = keys.get(len)?;
    let next = keys.get(len + 1).map(String::as_str);
    let (t, extra) = clock(word, next)?;
    Some((len + 1 + extra, t))
}

/// "7:30", "19:30", "7pm", "7:30pm", "7 pm" (with `next` = "pm"): the time and whether
/// `next` was used. Without am/pm a time needs its minutes, and 1 to 10 o'clock is the
/// evening (a shop's "for 7:30" is 19:30).
fn clock(word: &str, next: Option<&str>) -> Option<(ClockTime, usize)> {
    let split = word.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(word.len());
    let (number, mut suffix) = word.split_at(split);
    let mut extra = 0;
    if suffix.is_empty() {
        if let Some(n) = next.filter(|n| matches!(*n, "am" | "pm" | "a.m" | "p.m")) {
            suffix = n;
            extra = 1;
        }
    }
    let (h, m): (u16, u16) = match number.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse().ok()?, m.parse().ok()?),
        Some(_) => return None,
        None if !suffix.is_empty() => (number.parse().ok()?, 0),
        None => return None,
    };
    if m > 59 {
        return None;
    }
    let h = match suffix {
        "pm" | "p.m" if (1..12).contains(&h) => h + 12,
        "pm" | "p.m" if h == 12 => 12,
        "am" | "a.m" if h == 12 => 0,
        "am" | "a.m" if (1..12).contains(&h) => h,
        "" if (1..=10).contains(&h) => h + 12,
        "" if h < 24 => h,
        _ => return None,
    };
    ClockTime::from_minutes(h * 60 + m).map(|t| (t, extra))
}

/// A word of a phone number: digits and `+ - ( ) .` only, with at least one digit.
fn is_phone_part(w: &Word<'_>) -> bool {
    let t = w.text.trim_end_matches([',', ';']);
    t.chars().any(|c| c.is_ascii_digit()) && t.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c))
}

/// Asked as the act stage asks (`acts::is_question`): "do u deliver to 10117", "is
/// delivery free?"; "can you deliver to 12 High St" is a request.
fn is_question(catalog: &Catalog, text: &str) -> bool {
    let tokens = catalog.tokenize(text);
    let cues = super::cover(catalog, catalog.act_words(), &tokens);
    super::is_question(catalog.act_words(), &tokens, &cues, text.trim_end().ends_with('?'))
}

/// Joining words left dangling at either end once the rest is taken out.
const CONNECTIVES: [&str; 4] = ["and", "then", "plus", "please"];

/// The words not taken, as typed, without a dangling "and" or comma at either end.
fn rest_of(words: &[Word<'_>], taken: &[bool]) -> String {
    let mut kept: Vec<&str> = words.iter().zip(taken).filter(|(_, t)| !**t).map(|(w, _)| w.text).collect();
    let dangling = |w: &&str| CONNECTIVES.contains(&key(w).as_str()) || key(w).is_empty();
    while kept.last().is_some_and(dangling) {
        kept.pop();
    }
    while kept.first().is_some_and(dangling) {
        kept.remove(0);
    }
    kept.join(" ").trim_end_matches([',', ';', '&']).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let root = env!("CARGO_MANIFEST_DIR");
        Catalog::load(format!("{root}/menu").as_ref(), format!("{root}/intents").as_ref())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn fulfilment_said_up_front_is_taken_out_of_the_order() {
        let c = catalog();
        let Said { request: r, rest, .. } =
            extract(&c, "two large pepperoni pizzas, delivery to 12 High St, for 7:30").unwrap();
        assert_eq!(rest, "two large pepperoni pizzas");
        assert_eq!(r.fulfilment, Some(Mode::Delivery));
        assert_eq!(r.address.as_deref(), Some("12 High St"));
        assert_eq!(r.requested_time.to_string(), "19:30");
        let Said { request: r, rest, .. } = extract(&c, "a large margherita for pickup at 7:30").unwrap();
        assert_eq!(
            (rest.as_str(), r.fulfilment, r.requested_time.to_string()),
            ("a large margherita", Some(Mode::Pickup), "19:30".into())
        );
        let Said { request: r, rest, .. } = extract(&c, "a large pepperoni and please cut it in squares").unwrap();
        assert_eq!((rest.as_str(), r.note.as_deref()), ("a large pepperoni", Some("please cut it in squares")));
        let Said { request: r, rest, opens } = extract(&c, "my number is 0131 496 0000").unwrap();
        assert!(opens);
        assert_eq!((rest.as_str(), r.phone.as_deref()), ("", Some("0131 496 0000")));
        let Said { request: r, rest, .. } =
            extract(&c, "deliver it to Flat 2, 5 Leith Walk at 6:45 pm, and a coke").unwrap();
        assert_eq!(rest, "a coke");
        assert_eq!(
            (r.address.as_deref(), r.requested_time.to_string()),
            (Some("Flat 2, 5 Leith Walk"), "18:45".into())
        );
    }

    #[test]
    fn orders_and_questions_without_such_words_are_left_alone() {
        let c = catalog();
        for text in ["two large pizzas for 2 people", "a coke at 7", "make it 2", "is delivery free"] {
            assert_eq!(extract(&c, text), None, "{text}");
        }
        // Questions about delivery are answered whole, as the shop's own question.
        for text in ["do you deliver?", "do u deliver to 10117", "do you guys deliver to the university dorms"] {
            let p = super::super::understand(&c, text);
            assert!(p.fulfilment.is_empty(), "{text}: {p:?}");
            assert_eq!(p.intent.to_string(), "info.delivery", "{text}");
        }
        assert_eq!(clock("7pm", None).map(|(t, _)| t.to_string()), Some("19:00".into()));
        assert_eq!(clock("12", Some("am")).map(|(t, n)| (t.to_string(), n)), Some(("00:00".into(), 1)));
        assert_eq!(clock("11:30", None).map(|(t, _)| t.to_string()), Some("11:30".into()));
        assert_eq!(clock("13pm", None), None);
        assert_eq!(clock("7", None), None);
    }
}
