//! One message, several things to do, in the order said: "actually only 2 cokes and
//! drop the garlic bread", "get rid of the garlic bread and add mozzarella sticks",
//! "no go back, medium was fine". A message is cut where a conjunction or a comma is
//! followed by an edit verb or a request of its own, or by a clause that points back at
//! some of what was just said ("2 large pepperoni pizzas, no onions on one of them");
//! each part is understood alone, and the parts are kept only when every one of them
//! orders or edits something.

use crate::catalog::grammar::NUMBERS;
use crate::catalog::{Catalog, Gram};
use crate::engine::{Intent, Parse};

/// Words that join two things to do.
pub(super) const JOINERS: &[&str] = &["and", ",", "then", "but", "plus", "also"];
/// Words that may sit between the joiner and the verb ("and then add", "and also drop").
const BRIDGES: &[&str] = &["then", "also", "just", "please", "pls", "actually", "maybe", "can", "could", "you", "u"];
/// Verbs that start a request of their own ("… and i want …", "…, give me …").
const REQUESTS: &[&str] = &["i", "id", "ill", "give", "gimme", "get", "throw", "put", "bring", "lets"];

/// The message cut into its parts, each already understood; `None` when it is one thing.
/// An order read whole (`whole` is `order.add`) is cut only before an edit: its further
/// requests ("… and i want a coke") are lines of that order already.
pub(super) fn split(
    catalog: &Catalog,
    whole: &Parse,
    understand: impl Fn(&Catalog, &str) -> Parse,
) -> Option<Vec<Parse>> {
    let tokens = super::tokens_of(catalog, whole);
    let requests_too = whole.intent != Intent::OrderAdd;
    let mut starts = vec![0];
    // The parts that point back at what came before, which must change it.
    let mut pointing = Vec::new();
    let ordinal = |k: usize| matches!(catalog.lexicon().grammar_of(&tokens[k..]), Some(Gram::Ordinal(_)));
    let mut ordinals_said = usize::from(ordinal(0));
    for k in 1..tokens.len() {
        if !JOINERS.contains(&tokens[k].as_str()) {
            // "first one pepperoni second sausage third margherita": ordinals said in a
            // row each open a clause, commas or not.
            if requests_too && ordinal(k) && !JOINERS.contains(&tokens[k - 1].as_str()) && tokens[k - 1] != "the" {
                ordinals_said += 1;
                if ordinals_said > 1 {
                    starts.push(k);
                }
            }
            continue;
        }
        // "the hawaiian should be large too, and add 2 cokes": an order after an edit of
        // a line is a request of its own.
        // (Read whole, such an edit leaves choices that went on no line.)
        let after_an_edit = || {
            !requests_too
                && (!whole.attributes.is_empty() || whole.target.is_some())
                && starts.len() == 1
                && opens_edit(catalog, &tokens, k + 1, true)
                && edits_a_line(&understand(catalog, &tokens[..k].join(" ")))
        };
        if opens_edit(catalog, &tokens, k + 1, requests_too) || after_an_edit() {
            starts.push(k + 1);
        } else if points_back(&tokens[k + 1..]) {
            pointing.push(starts.len());
            starts.push(k + 1);
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let mut parts: Vec<Parse> = starts
        .iter()
        .zip(
            starts
                .iter()
                .skip(1)
                .map(|&s| if JOINERS.contains(&tokens[s - 1].as_str()) { s - 1 } else { s })
                .chain(std::iter::once(tokens.len())),
        )
        .map(|(&from, to)| understand(catalog, &tokens[from..to].join(" ")))
        .collect();
    // "3 cokes and 2 of them diet": a part pointing back with a count and nothing it
    // understood to change changes nothing (read whole, the count would remake the
    // lines before it); the rest stands, and the reply says what was understood.
    let empty: Vec<usize> = pointing
        .into_iter()
        .filter(|&i| parts[i].attributes.options.is_empty() && parts[i].attributes.without.is_empty())
        .collect();
    // "brownies for everyone! 8 of them": a count pointing back at the one line just
    // said without a count of its own is that line's count.
    for &i in &empty {
        let count = parts[i].attributes.quantity;
        if let (Some(q), Some(before)) = (count, i.checked_sub(1).map(|b| &mut parts[b])) {
            if let [line] = before.lines.as_mut_slice() {
                if before.intent == Intent::OrderAdd && line.quantity == 1 {
                    line.quantity = q;
                }
            } else if before.intent == Intent::OrderModify && before.lines.is_empty() && before.target.is_none() {
                // ("honey garlic then, 12 of them": choices said alone, then how many.)
                before.attributes.quantity.get_or_insert(q);
            }
        }
    }
    let cut = !empty.is_empty();
    for i in empty.into_iter().rev() {
        parts.remove(i);
    }
    // "wait, add a cannoli and take off the sorbet": a part made only of acts ("wait")
    // is no part; the message's acts are kept whole.
    // So is one that names nothing and does nothing ("sorry, one less pizza and …").
    let says_nothing = |p: &Parse| p.lines.is_empty() && p.attributes.is_empty() && p.target.is_none();
    parts.retain(|p| !(says_nothing(p) && (!p.acts.is_empty() || !p.intent.is_order())));
    ((parts.len() > 1 || cut) && !parts.is_empty() && parts.iter().all(edits_or_orders)).then_some(parts)
}

/// Whether a part changes a line already ordered, named or pointed at.
fn edits_a_line(p: &Parse) -> bool {
    let named = p
        .target
        .as_ref()
        .is_some_and(|t| !t.pronoun && (t.item.is_some() || t.category.is_some() || !t.options.is_empty()));
    p.intent == Intent::OrderRemove || p.intent == Intent::OrderModify && named
}

/// Whether a part of its own orders or changes something.
fn edits_or_orders(p: &Parse) -> bool {
    let says_something = !p.lines.is_empty() || !p.attributes.is_empty() || p.target.is_some();
    p.intent.is_order() && says_something
}

/// Whether a clause (up to the next joiner) speaks of a part of what came before: a
/// count "of them" ("on one of them", "two of those with ham"). Said after the lines it
/// points at, it edits them rather than adding to them.
fn points_back(clause: &[String]) -> bool {
    let end = clause.iter().position(|t| JOINERS.contains(&t.as_str())).unwrap_or(clause.len());
    let clause = &clause[..end];
    clause.windows(3).any(|w| {
        let count = w[0].parse::<u32>().is_ok() || NUMBERS.iter().any(|(word, _)| *word == w[0]);
        count && w[1] == "of" && matches!(w[2].as_str(), "them" | "those" | "these")
    })
}

/// Whether the words from `at` start an edit (or, with `requests`, a request) of their own.
fn opens_edit(catalog: &Catalog, tokens: &[String], at: usize, requests: bool) -> bool {
    let mut i = at;
    while tokens.get(i).is_some_and(|t| BRIDGES.contains(&t.as_str())) {
        i += 1;
    }
    let Some(word) = tokens.get(i) else { return false };
    if REQUESTS.contains(&word.as_str()) || word == "add" {
        return requests;
    }
    // "make it a bottle, and a large pepperoni": after an edit, a thing said with an
    // article is a request of its own.
    let clause_len = tokens[i..].iter().position(|t| JOINERS.contains(&t.as_str())).unwrap_or(tokens.len() - i);
    // ("…, and just a little ranch": an amount of a choice, not a thing.)
    let amount = tokens.get(i + 1).is_some_and(|t| {
        matches!(t.as_str(), "little" | "bit" | "lot" | "touch" | "dash" | "splash" | "tiny" | "few" | "couple" | "lil")
    });
    if matches!(word.as_str(), "a" | "an") && clause_len >= 2 && !amount && at > 0 && tokens[at - 1] == "and" {
        return requests;
    }
    // "lose the wings, she wants a caesar salad instead": someone wanting is a request.
    // ("…, she wants extra pineapple on it" is what her line gets.)
    let wants = tokens.get(i + 1).is_some_and(|v| matches!(v.as_str(), "wants" | "needs"))
        && tokens.get(i + 2).is_some_and(|t| crate::engine::is_count_word(t));
    if matches!(word.as_str(), "she" | "he" | "they") && wants {
        return requests;
    }
    // "scratch the hawaiian, a large bbq chicken instead": things counted and said
    // "instead" are a request of their own, not more of what is taken off.
    let clause_end = tokens[i..].iter().position(|t| JOINERS.contains(&t.as_str())).map_or(tokens.len(), |e| i + e);
    if requests && crate::engine::is_count_word(word) && tokens[i..clause_end].iter().any(|t| t == "instead") {
        return true;
    }
    // "first one pepperoni, second one bacon and onion": a line named by its place,
    // then what it gets, is an edit of its own.
    let place_at = if word == "the" { i + 1 } else { i };
    if requests && matches!(catalog.lexicon().grammar_of(&tokens[place_at..]), Some(Gram::Ordinal(_))) {
        return true;
    }
    // "medium for the veggie, large for the pepperoni": what one line gets, said for it,
    // is an edit of its own.
    let for_a_line = tokens[i..clause_end].windows(2).any(|w| {
        w[0] == "for"
            && matches!(
                w[1].as_str(),
                "the" | "my" | "his" | "her" | "their" | "our" | "mine" | "hers" | "theirs" | "ours"
            )
    });
    if requests && word != "for" && for_a_line {
        return true;
    }
    // "one less pizza and one less garlic bread": a count taken off is an edit.
    let fewer = tokens.get(i + 1).is_some_and(|t| matches!(t.as_str(), "less" | "fewer"));
    (crate::engine::is_count_word(word) && fewer)
        || matches!(catalog.lexicon().grammar_of(&tokens[i..]), Some(Gram::Remove | Gram::Change))
}
