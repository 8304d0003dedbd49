//! Units read again in the light of the words around them, before the assembler
//! builds frames: "not too much sauce" asks for a little, "too spicy" is judged, "hold
//! on" waits, "one less sprite" takes one away, "he doesn't eat sausage" and "olives
//! aren't for me" exclude, "we don't need the hawaiian" removes, "the classic ones"
//! names the one item whose name "classic" begins. Each pass rewrites senses only.

use crate::catalog::acts::{Act, Cue};
use crate::catalog::grammar::person_as_said;
use crate::catalog::lexicon::Sense;
use crate::catalog::{Catalog, Gram};
use crate::order::Amount;

use super::matcher;

/// "he doesnt like onions", "my friend doesn't eat sausage": a negator, a verb or two
/// the menu does not use, then a choice (after "the" or "any"): the choice is excluded,
/// as after "no". The negator reads as "no".
pub(super) fn negated_verbs(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    let words = catalog.act_words();
    for i in 0..us.len() {
        let u = &us[i];
        let negator =
            u.sense.is_none() && u.end - u.start == 1 && words.longest(tokens, u.start) == Some((1, Cue::Negator));
        if !negator {
            continue;
        }
        let verbs = us[i + 1..].iter().take(2).take_while(|v| v.sense.is_none() && v.phrase.is_none()).count();
        let mut next = us[i + 1 + verbs..].iter().map(|v| &v.sense);
        let first = next.next();
        let choice = match first {
            Some(Some(Sense::Gram(Gram::Definite | Gram::Num { article: true, .. }))) => next.next(),
            _ => first,
        };
        if verbs > 0 && matches!(choice, Some(Some(Sense::Choice { .. }))) {
            us[i].sense = Some(Sense::Gram(Gram::Neg));
        }
    }
}

/// "we don't need the hawaiian anymore", "i do not want the onions", "we don't need the
/// one with olives": not wanting what "the" names speaks of what is in the cart, and takes it away as "remove the
/// hawaiian" would ("i don't want onions" still leaves them out).
pub(super) fn unwanted_named(tokens: &[String], us: &mut [matcher::Unit]) {
    for i in 0..us.len().saturating_sub(2) {
        let u = &us[i];
        let unwanted = matches!(u.sense, Some(Sense::Gram(Gram::Neg)))
            && u.end - u.start > 1
            && matches!(tokens[u.end - 1].as_str(), "want" | "need");
        let one = |u: &matcher::Unit| matches!(tokens[u.start].as_str(), "one" | "ones");
        let named = matches!(us[i + 1].sense, Some(Sense::Gram(Gram::Definite)))
            && (matches!(us[i + 2].sense, Some(Sense::Choice { .. })) || one(&us[i + 2]));
        if unwanted && named {
            us[i].sense = Some(Sense::Gram(Gram::Remove));
        }
    }
}

/// "not too much sauce", "but not a lot of pesto": "not" before a word of plenty asks
/// for a little. ("no extra cheese" and "not extra" still leave the extra out: "extra"
/// says more than usual, not plenty.)
pub(super) fn negated_plenty(tokens: &[String], us: &mut [matcher::Unit]) {
    const MORE_THAN_USUAL: &[&str] = &["extra", "double", "triple", "more", "additional", "heavy"];
    for i in 1..us.len() {
        let plenty = matches!(us[i].sense, Some(Sense::Gram(Gram::Amount(Amount::Extra))))
            && !MORE_THAN_USUAL.contains(&tokens[us[i].start].as_str());
        let not = matches!(us[i - 1].sense, Some(Sense::Gram(Gram::Neg))) && tokens[us[i - 1].end - 1] == "not";
        if plenty && not {
            us[i - 1].sense = None;
            us[i].sense = Some(Sense::Gram(Gram::Amount(Amount::Light)));
        }
    }
}

/// "nah hold on, make the sausage one large", "hold up": a verb of leaving out ("hold")
/// said as a verb of waiting, with "on" or "up" after it and no menu word right after
/// that ("hold on chicken" still leaves the chicken off), excludes nothing; nor does
/// "no" said right before words of waiting ("no hang on, make it thin crust").
pub(super) fn waiting_is_no_negation(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    let waits = |at: usize| matches!(catalog.act_words().longest(tokens, at), Some((_, Cue::Act(Act::Wait))));
    for i in 0..us.len() {
        let u = &us[i];
        if u.end == u.start + 1 && tokens[u.start] == "no" && waits(u.end) {
            us[i].sense = None;
            continue;
        }
        // (Of the words of leaving out, only "hold" is also one of waiting.)
        let verb = u.end == u.start + 1 && tokens[u.start] == "hold";
        let on = matches!(tokens.get(u.end).map(String::as_str), Some("on" | "up"));
        let menu_next = us[i + 1..].iter().find(|n| n.start > u.end).is_some_and(|n| {
            n.start == u.end + 1 && matches!(n.sense, Some(Sense::Item(_) | Sense::Choice { .. } | Sense::Category(_)))
        });
        if verb && on && !menu_next && matches!(u.sense, Some(Sense::Gram(Gram::Neg))) {
            us[i].sense = None;
        }
    }
}

/// "no mayo on one of the classic ones": a word left unread between "the" and
/// "one(s)" that begins the name of exactly one item ("classic chicken sandwich"; the
/// sauce "classic buffalo" is no item) names that item.
pub(super) fn the_first_word_ones(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    for u in us.iter_mut().filter(|u| u.sense.is_none() && u.phrase.is_none() && u.start > 0) {
        let word = &tokens[u.start];
        let framed = tokens[u.start - 1] == "the" && tokens.get(u.end).is_some_and(|t| t == "one" || t == "ones");
        if !framed || word.len() < 3 {
            continue;
        }
        let begins = |name: &str| {
            name.get(..word.len()).is_some_and(|head| head.eq_ignore_ascii_case(word))
                && name.as_bytes().get(word.len()) == Some(&b' ')
        };
        let mut items = (0..catalog.items.len())
            .filter(|&i| std::iter::once(&catalog.items[i].name).chain(&catalog.items[i].synonyms).any(|n| begins(n)));
        if let (Some(i), None) = (items.next(), items.next()) {
            u.sense = Some(Sense::Item(i));
        }
    }
}

/// "a large black coffee" where "black" only begins "black tea": the first word of a
/// longer name, said right before an item that takes nothing of its group, describes
/// that item in words the shop does not use; it names no tea.
pub(super) fn leading_word_of_another_thing(catalog: &Catalog, us: &mut [matcher::Unit]) {
    let lex = catalog.lexicon();
    for i in 1..us.len() {
        let (u, next) = (&us[i - 1], &us[i]);
        let leading = u.phrase.is_some_and(|p| lex.phrases[p].leading);
        let (Some(Sense::Choice { group, .. }), Some(Sense::Item(item))) = (u.sense, next.sense) else { continue };
        let item = &catalog.items[item];
        if leading && next.start == u.end && item.group(&catalog.groups[group].id).is_none() {
            us[i - 1].sense = None;
        }
    }
}

/// "hmm too spicy undo that", "its too big": a menu word right after "too" (itself
/// after no menu word: "mushrooms too, pepperoni too" still orders) is judged, not asked
/// for: it names nothing.
pub(super) fn judged_too(tokens: &[String], us: &mut [matcher::Unit]) {
    for i in 0..us.len() {
        let start = us[i].start;
        let after_too = start > 0 && tokens[start - 1] == "too";
        let menu_before = i > 0
            && us[i - 1].end + 1 == start
            && matches!(us[i - 1].sense, Some(Sense::Item(_) | Sense::Choice { .. } | Sense::Category(_)));
        if after_too && !menu_before && matches!(us[i].sense, Some(Sense::Item(_) | Sense::Choice { .. })) {
            us[i].sense = None;
        }
    }
}

/// "small wont be enough", "bottle's too much", "the pizza's enough", "the hawaiian was
/// great": a menu word judged by what follows it (a verb of being, then "enough",
/// "plenty", "too" and a measure, or a past judgement) is talked about, not asked for:
/// it names nothing, nor do the judging words. Not in a question ("is a large
/// enough?"), nor when counted ("one garlic bread is plenty" sets the count), nor when
/// it "was supposed to be" something else.
pub(super) fn judged_after(tokens: &[String], us: &mut [matcher::Unit]) {
    const BEING: &[&str] = &[
        "is",
        "are",
        "was",
        "were",
        "be",
        "will",
        "would",
        "wont",
        "isnt",
        "arent",
        "wasnt",
        "gonna",
        "not",
        "really",
        "way",
        "just",
        "definitely",
        "probably",
        "might",
        "so",
    ];
    const MEASURES: &[&str] = &[
        "much",
        "many",
        "big",
        "small",
        "expensive",
        "pricey",
        "spicy",
        "salty",
        "greasy",
        "heavy",
        "filling",
        "sweet",
    ];
    let asked = tokens.iter().any(|t| t == "?")
        || tokens
            .first()
            .is_some_and(|t| matches!(t.as_str(), "is" | "are" | "will" | "would" | "does" | "do" | "can"));
    for i in 0..us.len() {
        let menu = matches!(us[i].sense, Some(Sense::Item(_) | Sense::Choice { .. }));
        let counted = i > 0 && matches!(us[i - 1].sense, Some(Sense::Gram(Gram::Num { article: false, .. })));
        if !menu || counted || asked {
            continue;
        }
        let after = &tokens[us[i].end..];
        let being = after.iter().take_while(|t| BEING.contains(&t.as_str())).count();
        let past = after[..being].iter().any(|t| t == "was" || t == "were");
        let judged = match &after[being..] {
            [w, ..] if w == "enough" || w == "plenty" => true,
            // ("the hawaiian was supposed to be a bbq chicken": what it should be.)
            [w, to, ..] if matches!(w.as_str(), "supposed" | "meant") && to == "to" => false,
            [too, m, ..] if too == "too" => MEASURES.contains(&m.as_str()),
            [_, ..] => past,
            [] => false,
        };
        if !judged {
            continue;
        }
        let end = us[i].end + being + if after.get(being).is_some_and(|t| t == "too") { 2 } else { 1 };
        for u in us[i..].iter_mut().take_while(|u| u.start < end) {
            u.sense = None;
        }
    }
}

/// "i had a pepperoni pizza yesterday so …", "we had your wings last week, so no wings
/// this time", "my brother just turned up with burgers": a clause that tells of the past
/// (a verb in the past and a time gone by, or someone else's "just" or "already" before
/// it) names nothing; the clauses around it are read as ever.
pub(super) fn told_of_the_past(tokens: &[String], us: &mut [matcher::Unit]) {
    const PAST_VERBS: &[&str] = &[
        "had", "got", "ate", "ordered", "tried", "was", "were", "loved", "liked", "enjoyed", "bought", "came", "did",
        "picked", "brought", "turned", "showed", "made", "cooked", "grabbed",
    ];
    let gone_by = |i: usize| match tokens[i].as_str() {
        "yesterday" | "ago" => true,
        "last" => tokens.get(i + 1).is_some_and(|n| {
            matches!(
                n.as_str(),
                "night" | "week" | "weekend" | "time" | "month" | "year" | "friday" | "saturday" | "sunday"
            )
        }),
        "other" => i > 0 && tokens[i - 1] == "the" && tokens.get(i + 1).is_some_and(|n| n == "day" || n == "night"),
        _ => false,
    };
    let boundary =
        |t: &String| matches!(t.as_str(), "," | "." | "so" | "but" | "because" | "cause" | "cuz" | "!" | ";");
    let mut from = 0;
    while from < tokens.len() {
        let to = (from..tokens.len()).find(|&i| boundary(&tokens[i])).unwrap_or(tokens.len());
        // ("i just got a coke" may speak of the cart: only someone else's.)
        let someone_elses_just = |i: usize| {
            matches!(tokens[i].as_str(), "just" | "already")
                && tokens.get(i + 1).is_some_and(|v| PAST_VERBS.contains(&v.as_str()))
                && i > 0
                && !matches!(tokens[i - 1].as_str(), "i" | "ive" | "id" | "we" | "weve" | "you")
        };
        let past = tokens[from..to].iter().any(|t| PAST_VERBS.contains(&t.as_str()));
        // ("my friends just got here and … can we get a large": what they did ends at
        // "and" or a new subject.)
        let just = (from..to).find(|&i| someone_elses_just(i)).filter(|_| !(from..to).any(gone_by));
        let to = just.map_or(to, |at| {
            (at..to)
                .find(|&i| matches!(tokens[i].as_str(), "and" | "can" | "could" | "i" | "we" | "so" | "then"))
                .unwrap_or(to)
        });
        let said_then = (from..to).any(gone_by) || just.is_some();
        if past && said_then {
            for u in us.iter_mut().filter(|u| u.start >= from && u.end <= to) {
                u.sense = None;
            }
        }
        from = to + 1;
    }
}

/// "i'm vegetarian, which pizzas can i have?", "my girlfriend is vegan", "we're both
/// vegetarian", "he's gone vegetarian now", "i went veggie last month": a choice said
/// of a person after a verb of being or becoming, closing its clause, tells what the
/// person is; so does one said between a possessive and a person ("my vegetarian
/// friend"). It orders nothing (as a kind of food, it is what a question that follows
/// asks about).
pub(super) fn told_what_someone_is(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    let possessive = |i: usize| matches!(tokens[i].as_str(), "my" | "our" | "his" | "her" | "their");
    let person = |i: usize| {
        matches!(tokens[i].as_str(), "i" | "she" | "he" | "we" | "they")
            || i > 0 && possessive(i - 1) && person_as_said(&tokens[i]).is_some()
            || i > 0 && tokens[i - 1] == "of" && tokens[i] == "us"
    };
    let softly = |t: &str| matches!(t, "a" | "all" | "both" | "also" | "strictly" | "totally" | "fully" | "very");
    // Words between a subject and its verb ("she has just gone", "he's now become").
    let between = |t: &str| matches!(t, "has" | "have" | "had" | "s" | "just" | "now" | "recently" | "finally");
    let closes = |i: usize| {
        tokens.get(i).map_or(true, |t| {
            matches!(t.as_str(), "," | "." | "!" | "?" | ";" | "so" | "but" | "and" | "now" | "apparently" | "lately")
                || matches!(t.as_str(), "recently" | "nowadays" | "these" | "this" | "last" | "since" | "too" | "lol")
        })
    };
    for u in us.iter_mut() {
        if u.end != u.start + 1 || !matches!(u.sense, Some(Sense::Choice { .. } | Sense::Tag(_))) {
            continue;
        }
        let describes_a_person =
            u.start > 0 && possessive(u.start - 1) && tokens.get(u.end).is_some_and(|t| person_as_said(t).is_some());
        if !describes_a_person && !closes(u.end) {
            continue;
        }
        let mut at = u.start;
        while at > 0 && softly(&tokens[at - 1]) {
            at -= 1;
        }
        let subject_before = |verb: usize| {
            let mut s = verb;
            while s > 0 && between(&tokens[s - 1]) {
                s -= 1;
            }
            s > 0 && (person(s - 1) || matches!(tokens[s - 1].as_str(), "hes" | "shes" | "theyre" | "ive" | "weve"))
        };
        let said_of = describes_a_person
            || match at.checked_sub(1).map(|c| tokens[c].as_str()) {
                Some("im" | "shes" | "hes" | "theyre") => true,
                Some("am" | "is" | "are") => at >= 2 && person(at - 2),
                Some("were") => at == 1 || person(at - 2),
                Some("went" | "gone" | "turned" | "become" | "became") => subject_before(at - 1),
                _ => false,
            };
        if said_of {
            let senses = u.phrase.map_or(&[][..], |p| &catalog.lexicon().phrases[p].senses[..]);
            u.sense = senses.iter().find(|s| matches!(s, Sense::Tag(_))).copied();
        }
    }
}

/// "the brownies sound nice. three brownies, please", "the wings look good, 12 wings
/// then": a thing judged by how it sounds or looks, then ordered in the same message,
/// is ordered once: the judged mention names nothing.
pub(super) fn judged_then_ordered(tokens: &[String], us: &mut [matcher::Unit]) {
    let sensory = |t: &str| matches!(t, "sound" | "sounds" | "look" | "looks" | "seem" | "seems");
    for i in 0..us.len() {
        let judged = matches!(us[i].sense, Some(Sense::Item(_))) && tokens.get(us[i].end).is_some_and(|t| sensory(t));
        if judged && us[i + 1..].iter().any(|later| later.sense == us[i].sense) {
            us[i].sense = None;
        }
    }
}

/// "hello, this is Margaret", "my name is Marge": a name said to introduce oneself is
/// no menu word it is spelt near ("margaret" is not "margherita"); a menu word said
/// exactly ("this is pepperoni") still is one.
pub(super) fn introduced_by_name(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    let closes = |i: usize| tokens.get(i).map_or(true, |t| matches!(t.as_str(), "," | "." | "!" | ";" | "here"));
    // The word `back` places before `at` ("" before the message).
    let word = |at: usize, back: usize| at.checked_sub(back).map_or("", |i| tokens[i].as_str());
    for u in us.iter_mut().filter(|u| u.end == u.start + 1 && u.sense.is_some()) {
        let at = u.start;
        if !closes(u.end) {
            continue;
        }
        let this_is = word(at, 2) == "this" && word(at, 1) == "is" && matches!(word(at, 3), "" | ",");
        let introduces = word(at, 1) == "names" || word(at, 2) == "name" && word(at, 1) == "is" || this_is;
        if introduces && catalog.lexicon().exact_key(&tokens[at]).is_none() {
            u.sense = None;
        }
    }
}

/// "one less sprite", "two fewer cokes": a count, then "less" or "fewer", then a thing
/// of the menu takes that many away; "less" before a choice ("less cheese") still asks
/// for a little of it.
pub(super) fn count_less(tokens: &[String], us: &mut [matcher::Unit]) {
    for i in 1..us.len().saturating_sub(1) {
        let counted = matches!(us[i - 1].sense, Some(Sense::Gram(Gram::Num { article: false, .. })));
        let less = us[i].end == us[i].start + 1 && matches!(tokens[us[i].start].as_str(), "less" | "fewer");
        let thing = matches!(us[i + 1].sense, Some(Sense::Item(_) | Sense::Category(_)));
        if counted && less && thing {
            us[i].sense = Some(Sense::Gram(Gram::Remove));
        }
    }
}

/// "ranch sauce is not for me", "pickles are a no for me", "olives aren't": a choice
/// said, then denied with "is not", "isn't" or "is a no", is excluded as if "no" came
/// before it: the denial is read first. "mushrooms yes" wants them, as "with" would.
pub(super) fn denied_after(tokens: &[String], us: &mut [matcher::Unit]) {
    let word = |us: &[matcher::Unit], i: usize| us.get(i).map(|u: &matcher::Unit| tokens[u.start].as_str());
    for j in 0..us.len() {
        if !matches!(us[j].sense, Some(Sense::Choice { .. })) {
            continue;
        }
        // ("… but onion no please": "no" after the choice, and nothing of the menu after it.)
        let menu_next = us.get(j + 2).is_some_and(|u| u.sense.is_some_and(|s| !matches!(s, Sense::Gram(_))));
        let alone = |k: usize| us[k].end - us[k].start == 1 && !menu_next;
        // ("pepperoni no, mushrooms yes": "yes" after a choice wants it, whatever went before.)
        if word(us, j + 1) == Some("yes") && alone(j + 1) {
            us[j + 1].sense = Some(Sense::Gram(Gram::With));
            us[j..=j + 1].rotate_right(1);
            continue;
        }
        let neg = match (word(us, j + 1), word(us, j + 2), word(us, j + 3)) {
            (Some("no"), _, _) if alone(j + 1) => j + 1,
            (Some("isnt" | "arent"), _, _) => j + 1,
            (Some("is" | "are"), Some("not"), _) => j + 2,
            (Some("is" | "are"), Some("a"), Some("no")) => j + 3,
            _ => continue,
        };
        for u in &mut us[j + 1..neg] {
            u.sense = None;
        }
        us[neg].sense = Some(Sense::Gram(Gram::Neg));
        us[j..=neg].rotate_right(1);
    }
}

/// "and onion rings?", "2 bottles of lemonade": a choice said right before an English
/// noun in the plural that the menu does not use (or before "of" and any such word),
/// ending the phrase, is what kind or measure of that other thing it is; it orders no
/// choice ("pepperoni works" still answers).
pub(super) fn choice_naming_another_thing(catalog: &Catalog, tokens: &[String], us: &mut [matcher::Unit]) {
    let lex = catalog.lexicon();
    let off_menu = |at: usize| {
        lex.key(&tokens[at]).is_none()
            && catalog.act_words().longest(tokens, at).is_none()
            && crate::catalog::english::is_word(&tokens[at])
    };
    // ("a burger with pickle spears": said of an item, the choice is of that item.)
    let item_said = us.iter().any(|u| matches!(u.sense, Some(Sense::Item(_) | Sense::Category(_))));
    for i in 0..us.len() {
        if !matches!(us[i].sense, Some(Sense::Choice { .. })) {
            continue;
        }
        // ("bottles of" may be the choice's own phrase.)
        let of_after = tokens.get(us[i].end).is_some_and(|t| t == "of");
        let of = of_after || tokens[us[i].end - 1] == "of";
        let head_at = us[i].end + usize::from(of_after);
        let Some(head) = tokens.get(head_at) else { continue };
        // ("what are your vegetarian options": words for kinds of anything name no thing.)
        let plural = head.len() > 3
            && head.ends_with('s')
            && !head.ends_with("ss")
            && !matches!(
                head.as_str(),
                "options"
                    | "choices"
                    | "kinds"
                    | "types"
                    | "sorts"
                    | "varieties"
                    | "flavors"
                    | "flavours"
                    | "things"
                    | "items"
                    | "ones"
                    | "dishes"
                    | "selections"
                    | "meals"
                    | "orders"
                    | "portions"
            );
        // ("two italian subs": a choice that says which item it is names the item.)
        let names_the_item = match us[i].sense {
            Some(Sense::Choice { group, .. }) => catalog.groups[group].max == 1 && !of,
            _ => false,
        };
        let ends = tokens
            .get(head_at + 1)
            .map_or(true, |t| matches!(t.as_str(), "," | "?" | "." | "and" | "please" | "pls" | "too" | "or" | "for"));
        let bare = us.iter().find(|n| n.start == head_at).map_or(true, |n| n.sense.is_none());
        if (plural && !item_said || of) && !names_the_item && ends && bare && off_menu(head_at) {
            us[i].sense = None;
        }
    }
}
