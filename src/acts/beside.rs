//! An order and a question in one message, typed as one run: "can i get a large
//! mushroom pizza and 2 sprites pls what time do u close", "large pepperoni pls and how
//! much is garlic bread", "what time do you close? a large pepperoni please". Read
//! whole, the question's words make it a question and the order is lost; cut where the
//! question opens, each side is read alone: the order is taken, then the question
//! answered.

use super::clauses::JOINERS;
use super::understand_one;
use crate::catalog::acts::Cue;
use crate::catalog::Catalog;
use crate::engine::{Intent, Parse};

/// The message as an order with the question as its next part, when it is both.
/// The question must be what made the whole message a question (the same intent), open
/// its clause ("what", "how", "do") and, about the menu, name another thing; a
/// question for the shop (its hours, delivery, payment) may also come first, as it
/// names nothing of the menu.
pub(super) fn order_and_a_question(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    let asks = matches!(whole.intent, Intent::Shop(_) | Intent::PriceAsk | Intent::MenuAsk);
    if !asks || whole.lines.is_empty() {
        return None;
    }
    let tokens = super::tokens_of(catalog, whole);
    let opens_question = |k: usize| matches!(catalog.act_words().longest(&tokens, k), Some((_, Cue::Question)));
    let shop_question = matches!(whole.intent, Intent::Shop(_));
    for k in 1..tokens.len() {
        // ("large pepperoni pls and how much is …": the joiner belongs to neither.)
        let end = tokens[..k].iter().rposition(|t| !JOINERS.contains(&t.as_str())).map_or(0, |i| i + 1);
        let (head, tail) = (tokens[..end].join(" "), tokens[k..].join(" "));
        if opens_question(k) {
            let (order, question) = (understand_one(catalog, &head), understand_one(catalog, &tail));
            if orders(&order)
                && question.intent == whole.intent
                && (shop_question || asks_of_another_thing(&question, &order, &tokens[..end]))
            {
                return Some(both(text, whole, order, question));
            }
        }
        if shop_question && tokens[k - 1] == "," && opens_question(0) {
            let (question, order) = (understand_one(catalog, &head), understand_one(catalog, &tail));
            if orders(&order) && question.intent == whole.intent && question.lines.is_empty() {
                return Some(both(text, whole, order, question));
            }
        }
    }
    None
}

/// "lg veggie pls does it have mushrooms", "a large veggie is it vegan": an
/// order, then a question about it ("it", "that", "they") run on without a stop. Read
/// whole, the question's choice would go on the line; it is asked after the order.
pub(super) fn order_then_a_question_about_it(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    let pronoun = |t: &String| matches!(t.as_str(), "it" | "that" | "they" | "those");
    if !whole.intent.is_order() || !whole.tokens.iter().skip(3).any(pronoun) {
        return None;
    }
    let tokens = &whole.tokens;
    let opens_question = |k: usize| matches!(catalog.act_words().longest(tokens, k), Some((_, Cue::Question)));
    // The opener asks of "it" next ("does it", "is that", "are they", "how much is it").
    let opener_before = |j: usize| {
        let how_much = j >= 3 && tokens[j - 2] == "much" && tokens[j - 1] == "is";
        if how_much {
            j - 3
        } else {
            j - 1
        }
    };
    let k =
        (3..tokens.len()).filter(|&j| pronoun(&tokens[j])).map(opener_before).find(|&k| k >= 2 && opens_question(k))?;
    let end = tokens[..k].iter().rposition(|t| !JOINERS.contains(&t.as_str())).map_or(0, |i| i + 1);
    let order = understand_one(catalog, &tokens[..end].join(" "));
    let question = understand_one(catalog, &tokens[k..].join(" "));
    let asks = matches!(question.intent, Intent::MenuAsk | Intent::PriceAsk);
    (orders(&order) && order.target.is_none() && asks).then(|| both(text, whole, order, question))
}

/// "a few of my friends don't eat meat, what are your vegetarian options?": talk that
/// orders nothing, then a question in a clause of its own at the end. Read whole, the
/// talk's words and the question's make an order ("a few" vegetarian); the message is
/// the question, with the whole message's acts.
/// "ok good keep it small. does the hawaiian have pineapple on it": a sentence of its
/// own that asks, after an edit or an order, is asked after it, even with no "?".
pub(super) fn question_after_talk(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if !whole.intent.is_order() {
        return None;
    }
    let opens_question =
        |tokens: &[String], k: usize| matches!(catalog.act_words().longest(tokens, k), Some((_, Cue::Question)));
    // The last sentence, when it opens as a question.
    let sentence = text.trim_end().trim_end_matches(['.', '!', '?']).rfind(['.', '!', '?']).map(|at| {
        let (head, tail) = (&text[..at], &text[at + 1..]);
        (catalog.tokenize(head).join(" "), catalog.tokenize(tail))
    });
    let sentence = sentence.filter(|(_, tail)| opens_question(tail, 0));
    let own_sentence = sentence.is_some();
    let (head, tail) = match sentence {
        Some((head, tail)) => (head, tail.join(" ")),
        None if text.trim_end().ends_with('?') => {
            let tokens = super::tokens_of(catalog, whole);
            let k = (1..tokens.len()).rev().find(|&k| tokens[k - 1] == "," && opens_question(&tokens, k))?;
            (tokens[..k - 1].join(" "), tokens[k..].join(" "))
        }
        None => return None,
    };
    let question = understand_one(catalog, &tail);
    let asks = matches!(question.intent, Intent::Shop(_) | Intent::PriceAsk | Intent::MenuAsk);
    if !asks {
        return None;
    }
    let talk = understand_one(catalog, &head);
    if orders(&talk) {
        return own_sentence.then(|| both(text, whole, talk, question));
    }
    Some(Parse { text: text.to_owned(), acts: whole.acts.clone(), closing: whole.closing.clone(), ..question })
}

/// "the pepperoni should be small, he won't finish a medium", "change the hawaiian to a
/// bbq chicken, my husband hates pineapple": an edit, then after a comma a clause of
/// someone else (he, she, they, "my husband", "one of the girls") doing something
/// other than asking for things: the clause is why, not what; the edit is read alone.
pub(super) fn edit_then_its_reason(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if !matches!(whole.intent, Intent::OrderModify | Intent::OrderRemove) {
        return None;
    }
    let tokens = super::tokens_of(catalog, whole);
    let k = (1..tokens.len()).rev().find(|&k| tokens[k - 1] == "," && gives_a_reason(catalog, &tokens[k..]))?;
    let edit = understand_one(catalog, &tokens[..k - 1].join(" "));
    let edits = !edit.attributes.is_empty() || edit.target.is_some() || !edit.lines.is_empty();
    if !edit.intent.is_order() || !edits {
        return None;
    }
    Some(Parse { text: text.to_owned(), acts: whole.acts.clone(), closing: whole.closing.clone(), ..edit })
}

/// "my son doesn't like ham, so can you swap it for chicken", "oh my daughter hates
/// onions, can you do peppers instead", "he's at his dad's tonight, take his pizza off":
/// someone else's doings first, then after a comma or "so" an edit or an order: the
/// clause is why, not what; the rest is read alone. After "so" any clause with someone as its subject
/// is the reason ("my husband says pineapple is a crime, so make the hawaiian …").
pub(super) fn reason_then_edit(catalog: &Catalog, whole: &Parse) -> Option<Parse> {
    // (Read whole, the talk's words may make it about something else.)
    if !whole.intent.is_order() && whole.intent != Intent::Other {
        return None;
    }
    let tokens = &whole.tokens;
    // The reason opens the message, after a word or two of talk ("oh wait", "hmm,"); said
    // before "so", any talk that orders nothing is one ("two guys bailed so we only need 3").
    let start = (0..tokens.len().min(3)).find(|&s| subject_length(&tokens[s..]).is_some());
    let cut = match start {
        Some(start) if start == 0 || !orders(&understand_one(catalog, &tokens[..start].join(" "))) => {
            (start + 2..tokens.len()).find(|&k| {
                let after_so = tokens[k - 1] == "so";
                after_so || tokens[k - 1] == "," && gives_a_reason(catalog, &tokens[start..k - 1])
            })?
        }
        _ => {
            let so = tokens.iter().position(|t| t == "so").filter(|&k| k >= 2)?;
            let talk = understand_one(catalog, &tokens[..so].join(" "));
            if talk.intent.is_order() || !talk.lines.is_empty() || !talk.attributes.is_empty() {
                return None;
            }
            so + 1
        }
    };
    let mut edit = super::understand_order(catalog, &tokens[cut..].join(" "));
    let edits = !edit.attributes.is_empty() || edit.target.is_some() || !edit.lines.is_empty();
    // ("… doesn't like ham, so swap it for chicken": "it" is the ham, which this cannot read.)
    // ("…, medium pepperoni instead" points at no word of the reason.)
    let said_pronoun = tokens[cut..]
        .iter()
        .any(|t| matches!(t.as_str(), "it" | "that" | "them" | "those" | "this" | "these" | "one" | "ones"));
    let pointing = said_pronoun && edit.target.as_ref().is_some_and(|t| t.pronoun);
    if !edit.intent.is_order() || !edits || pointing {
        return None;
    }
    for a in whole.acts.iter().rev() {
        if !edit.acts.contains(a) {
            edit.acts.insert(0, *a);
        }
    }
    edit.text.clone_from(&whole.text);
    Some(edit)
}

/// How many words name someone else as the subject a clause opens with ("he", "my son",
/// "one of the girls", "one of us").
fn subject_length(clause: &[String]) -> Option<usize> {
    match clause {
        [he, ..] if matches!(he.as_str(), "he" | "she" | "they" | "hes" | "shes" | "theyre") => Some(1),
        [my, who, ..] if my == "my" && crate::catalog::grammar::person(who).is_some() => Some(2),
        [one, of, the, _, ..] if one == "one" && of == "of" && the == "the" => Some(4),
        [one, of, us, ..] if one == "one" && of == "of" && matches!(us.as_str(), "us" | "them") => Some(3),
        _ => None,
    }
}

/// Whether a clause opens with someone else as its subject and a verb that does not ask
/// for things ("he won't finish", "apparently he's gone off", "one of the girls is").
fn gives_a_reason(catalog: &Catalog, clause: &[String]) -> bool {
    const ASKING: &[&str] = &[
        "wants", "want", "would", "will", "ll", "d", "needs", "gets", "get", "likes", "prefers", "has", "have",
        "takes", "having", "can", "could", "should", "says", "said", "asks", "asked", "fancies", "wanted", "goes",
        "go",
    ];
    let from = usize::from(
        clause.first().is_some_and(|t| matches!(t.as_str(), "apparently" | "because" | "cause" | "since" | "as")),
    );
    let clause = &clause[from..];
    let Some(subject) = subject_length(clause) else { return false };
    // ("one of them hot": what one of them gets, no doing of theirs; "my sister's
    // vegetarian" is a reason.)
    let gets = |word: &String| {
        let lex = catalog.lexicon();
        clause[0] == "one" && (lex.is_menu_word(word) || lex.grammar_of(std::slice::from_ref(word)).is_some())
    };
    let doing = |verb: &String| !ASKING.contains(&verb.as_str()) && !gets(verb);
    clause.get(subject).is_some_and(doing)
}

/// "do you have anchovies? my husband is obsessed with them", "whats ur smallest size?
/// for the kids": a question, then talk that orders nothing. Read whole, the talk's
/// words blur what is asked; the question is read alone.
pub(super) fn question_then_talk(catalog: &Catalog, text: &str) -> Option<Parse> {
    let (head, tail) = text.split_once('?')?;
    if tail.trim().is_empty() || tail.contains('?') {
        return None;
    }
    let question = understand_one(catalog, &format!("{head}?"));
    let asks = matches!(question.intent, Intent::Shop(_) | Intent::PriceAsk | Intent::MenuAsk);
    if !asks || orders(&understand_one(catalog, tail)) {
        return None;
    }
    Some(Parse { text: text.to_owned(), ..question })
}

/// "the garlic bread, does it come with dip?", "oh the sorbet, is it dairy free?": a
/// thing named alone, then a question about "it" or "they": the question is about that
/// thing, and nothing is ordered. Read with the thing in the pronoun's place.
pub(super) fn thing_then_a_question_about_it(catalog: &Catalog, whole: &Parse) -> Option<Parse> {
    if !whole.intent.is_order() && !matches!(whole.intent, Intent::MenuAsk | Intent::PriceAsk) {
        return None;
    }
    let tokens = &whole.tokens;
    let comma = tokens.iter().position(|t| t == ",")?;
    let (head, tail) = (&tokens[..comma], &tokens[comma + 1..]);
    let asks =
        tail.first().is_some_and(|t| super::AUXILIARIES.contains(&t.as_str()) || super::WH_WORDS.contains(&t.as_str()));
    let pronoun = tail.iter().position(|t| matches!(t.as_str(), "it" | "they" | "them" | "its" | "theyre"))?;
    // The thing alone: no count, no request ("a garlic bread, is it good?" orders one).
    let counted = head.iter().any(|t| matches!(t.as_str(), "a" | "an") || crate::engine::is_count_word(t));
    let named = understand_one(catalog, &head.join(" "));
    if !asks || counted || named.lines.is_empty() || !named.attributes.is_empty() {
        return None;
    }
    let thing = head.iter().skip_while(|t| !catalog.lexicon().is_menu_word(t) && *t != "the");
    let mut said: Vec<&str> = tail.iter().map(String::as_str).collect();
    let replaced: Vec<&str> = std::iter::once("the").chain(thing.map(String::as_str).filter(|t| *t != "the")).collect();
    said.splice(pronoun..=pronoun, replaced);
    let question = understand_one(catalog, &said.join(" "));
    let answered = matches!(question.intent, Intent::MenuAsk | Intent::PriceAsk);
    answered.then(|| Parse { text: whole.text.clone(), acts: whole.acts.clone(), ..question })
}

/// Whether a question about the menu names items of its own, none of them ordered
/// beside it ("large pepperoni pls and how much is garlic bread"). One about what is
/// ordered ("a large pepperoni, how much is that?", "a pizza, do you have gluten free
/// crust?") may be asked before deciding: it is answered, and nothing is ordered.
/// ("two medium pepperoni please, how much is that": the total, with them in it, when
/// the order is said as one, counted or asked for; "a garlic bread, how much is that?"
/// asks its price.)
fn asks_of_another_thing(question: &Parse, order: &Parse, said: &[String]) -> bool {
    let ordered = |item: &str| order.lines.iter().any(|l| l.item == item);
    let decided = said.iter().any(|t| {
        matches!(t.as_str(), "please" | "pls" | "plz") || t != "a" && t != "an" && crate::engine::is_count_word(t)
    });
    let total = decided
        && question.intent == Intent::PriceAsk
        && question.lines.is_empty()
        && question.topic.is_none()
        && question.target.is_none();
    let another = !question.lines.is_empty() && !question.lines.iter().any(|l| ordered(&l.item));
    (another || total) && order.target.is_none()
}

/// Whether a clause read alone orders something: lines, or choices that imply one
/// ("large pepperoni pls").
fn orders(p: &Parse) -> bool {
    p.intent.is_order() && (!p.lines.is_empty() || !p.attributes.options.is_empty())
}

/// The order, with the question asked next and the whole message's acts.
fn both(text: &str, whole: &Parse, mut order: Parse, question: Parse) -> Parse {
    order.then.insert(0, question);
    order.text = text.to_owned();
    order.acts = whole.acts.clone();
    order.closing = whole.closing.clone();
    order
}
