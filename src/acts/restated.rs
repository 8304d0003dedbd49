//! A line said again, corrected, in the same message: "a coke no wait a diet coke",
//! "large pepperoni and a coke no actually make that a diet coke", "a sm hawaiian no
//! wait make it large". Read whole, both sayings are ordered (or the message becomes an
//! edit of nothing); cut at the self-correction ("no wait", "i mean", "no actually", a
//! bare "no" before a change verb or a count), the later saying replaces the line it restates:
//! the same item (its count and the choices said again), another item of the same
//! category, or choices and a count alone for the line just said. A choice said again within one line ("olives.. wait
//! i meant green olives") is the engine's own reading and is left to it.

use std::sync::OnceLock;

use super::understand_order;
use crate::catalog::grammar::{SELF_CORRECTIONS, SLIPS};
use crate::catalog::Catalog;
use crate::engine::{is_count_word, Intent, Parse, Target};
use crate::order::OrderLine;

/// The order with its restated line replaced, when the message corrects itself so.
pub(super) fn restated(catalog: &Catalog, text: &str, whole: &Parse) -> Option<Parse> {
    if whole.intent != Intent::OrderAdd && whole.intent != Intent::OrderModify {
        return None;
    }
    let (at, len) = marker(&whole.tokens).or_else(|| no_then_a_change(catalog, &whole.tokens))?;
    let tokens = &whole.tokens;
    let head_end = tokens[..at].iter().rposition(|t| t != "," && t != "and").map_or(0, |i| i + 1);
    let tail_start = (at + len..tokens.len()).find(|&i| tokens[i] != ",")?;
    let mut head = understand_order(catalog, &tokens[..head_end].join(" "));
    let tail = understand_order(catalog, &tokens[tail_start..].join(" "));
    if head.intent != Intent::OrderAdd && only_choices(&tail) && one_of_each(catalog, &tail) {
        // "xl pepperoni, no actually just a large": a line whose item only the whole
        // message implies is the whole's, with what the tail says still to apply.
        head = Parse { attributes: Default::default(), ..whole.clone() };
    }
    if head.intent != Intent::OrderAdd || !head.then.is_empty() || !tail.then.is_empty() {
        return None;
    }
    let last = head.lines.last_mut()?;
    if let Some(first) = line_said_again(&tail) {
        let same_item = first.item == last.item;
        let same_kind =
            catalog.item(&first.item).zip(catalog.item(&last.item)).is_some_and(|(a, b)| a.category == b.category);
        let ordered = |item: &str| whole.lines.iter().filter(|l| l.item == item).count();
        let twice =
            if same_item { ordered(&last.item) >= 2 } else { ordered(&last.item) > 0 && ordered(&first.item) > 0 };
        if !(same_item || same_kind) || !twice {
            return None;
        }
        *last = if same_item { said_again(last, first) } else { first.clone() };
        head.lines.extend(tail.lines[1..].iter().cloned());
    } else if only_choices(&tail)
        && (whole.intent == Intent::OrderModify && whole.lines.is_empty() || one_of_each(catalog, &tail))
    {
        let again = OrderLine { options: tail.attributes.options.clone(), ..last.clone() };
        *last = said_again(last, &again);
        if let Some(q) = tail.attributes.quantity {
            last.quantity = q;
        }
    } else {
        return None;
    }
    head.text = text.to_owned();
    head.acts = whole.acts.clone();
    head.closing = whole.closing.clone();
    Some(head)
}

/// The last self-correction of the message ("no wait", "i mean", a slip owned up to:
/// "sorry"), not at its start: where it starts and how many tokens it has.
fn marker(tokens: &[String]) -> Option<(usize, usize)> {
    static PHRASES: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let phrases = PHRASES.get_or_init(|| SELF_CORRECTIONS.iter().map(|p| p.split(' ').collect()).collect());
    (1..tokens.len()).rev().find_map(|at| {
        let said = |p: &&Vec<&str>| {
            p[0] == tokens[at] && tokens[at..].iter().take(p.len()).map(String::as_str).eq(p.iter().copied())
        };
        let says_more = || tokens[at + 1..].iter().any(|t| t != "," && t != ".");
        let slip = || (SLIPS.contains(&tokens[at].as_str()) && says_more()).then_some((at, 1));
        phrases.iter().find(said).map(|p| (at, p.len())).or_else(slip)
    })
}

/// "and a coke no make it a coke zero", "3 sprites no 2 sprites": a bare "no" right
/// before a change verb or a count corrects what was just said, as "no wait" does
/// (nothing is left out by a count: "no mayo" is an exclusion, "no 2 sprites" is not).
fn no_then_a_change(catalog: &Catalog, tokens: &[String]) -> Option<(usize, usize)> {
    let changes = |at: usize| matches!(catalog.lexicon().grammar_of(&tokens[at..]), Some(crate::catalog::Gram::Change));
    let corrects = |at: usize| changes(at) || is_count_word(&tokens[at]);
    (1..tokens.len().saturating_sub(1)).rev().find(|&at| tokens[at] == "no" && corrects(at + 1)).map(|at| (at, 1))
}

/// The first line of a clause that orders lines or swaps the one just said for them
/// ("a diet coke", "make that a diet coke").
fn line_said_again(tail: &Parse) -> Option<&OrderLine> {
    let swaps = tail.intent == Intent::OrderModify && points(tail);
    (tail.intent == Intent::OrderAdd || swaps).then(|| tail.lines.first()).flatten()
}

/// Whether an edit names no line but the one just said.
fn points(tail: &Parse) -> bool {
    tail.target.as_ref().map_or(true, Target::only_points)
}

/// A clause of choices or a count alone for the line just said ("make it large",
/// "medium", "make it 3"): nothing excluded, no other line named.
fn only_choices(tail: &Parse) -> bool {
    let a = &tail.attributes;
    let says = !a.options.is_empty() || a.quantity.is_some();
    tail.intent == Intent::OrderModify
        && tail.lines.is_empty()
        && points(tail)
        && says
        && a.without.is_empty()
        && a.more.is_none()
}

/// Whether every choice said is of a group of one choice ("no actually just a large",
/// "no wait 2 not 3"): said again, it replaces the line's own; a choice of a group of
/// several ("olives… i mean green olives") is the engine's reading.
fn one_of_each(catalog: &Catalog, tail: &Parse) -> bool {
    tail.attributes.options.iter().all(|o| catalog.group(&o.group).is_some_and(|g| g.max == 1))
}

/// The line `before` said again as `again`: its count, and its choices with those of
/// the groups said again replaced.
fn said_again(before: &OrderLine, again: &OrderLine) -> OrderLine {
    let regroup: Vec<&str> = again.options.iter().map(|o| o.group.as_str()).collect();
    let mut options: Vec<_> = before.options.iter().filter(|o| !regroup.contains(&o.group.as_str())).cloned().collect();
    options.extend(again.options.iter().cloned());
    let without = if again.without.is_empty() { before.without.clone() } else { again.without.clone() };
    let owner = again.owner.clone().or_else(|| before.owner.clone());
    OrderLine { options, without, owner, ..again.clone() }
}
