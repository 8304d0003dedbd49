//! Choosing the intent: the operator's cues first (whole-message examples, then regex
//! patterns, by priority), then the shape of the order (an edit verb, a reference, items,
//! bare attributes), then keywords, then `fallback`.
//!
//! The structural intents `order.add`, `order.modify` and `order.remove` come from the
//! order's shape, so every phrasing of an order works without being listed:
//! - "remove"/"drop"/"cancel" + something named → `order.remove`;
//! - "no <item or category>" with nothing else ordered ("no drinks", "no coke") →
//!   `order.remove`, whereas "no <option>" ("no mushrooms") → `order.modify`, because
//!   one can only leave off an option of something already in the cart;
//! - "change"/"make" with a reference, or "the second pizza …", or options and counts
//!   with no item at all ("large", "make it two", "add extra cheese") → `order.modify`;
//! - any item → `order.add`.

use crate::catalog::phrases::example_key;
use crate::catalog::Catalog;

use super::assemble::{Assembly, Frame};

/// The chosen intent and why.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub intent: String,
    pub confidence: f32,
    pub rule: String,
}

/// Intents that are dialogue acts rather than questions or orders.
const CONVERSATIONAL: &[&str] = &["affirm", "deny", "checkout", "greet", "cancel", "undo", "help"];

/// Words that ask for something new ("i want the hawaiian" is an order, not an edit).
const REQUEST: &[&str] = &["want", "like", "have", "get", "order", "need", "take", "gimme", "give", "try", "bring"];

pub(super) fn choose(catalog: &Catalog, tokens: &[String], normalized: &str, a: &Assembly) -> Choice {
    let ix = catalog.intent_index();
    let key = example_key(tokens);
    if let Some(&i) = ix.examples.get(&key) {
        return Choice { intent: catalog.intents[i].id.clone(), confidence: 1.0, rule: format!("example \"{key}\"") };
    }
    // The matching intent of the highest priority (the first listed among equals), by
    // its first matching pattern.
    let mut best: Option<(i32, usize, usize)> = None;
    for k in ix.patterns.matches(normalized).into_iter() {
        let (i, pi) = ix.owners[k];
        let priority = catalog.intents[i].priority;
        if best.map_or(true, |(p, bi, _)| priority > p || (priority == p && i < bi)) {
            best = Some((priority, i, pi));
        }
    }
    if let Some((_, i, pi)) = best {
        let intent = &catalog.intents[i];
        // A conversational cue inside an order ("no wait, make it a medium", "ok that's
        // it, and a coke") does not hide the order: the act stage reads the cue.
        // "oh wait, only two of those": a count said of the lines meant names them too.
        let names_something = a.frames.iter().any(|f| {
            f.item.is_some()
                || f.category.is_some()
                || !f.options.is_empty()
                || !f.without.is_empty()
                || (f.is_reference() && f.explicit && f.quantity.is_some())
        });
        if CONVERSATIONAL.contains(&intent.id.as_str()) && names_something {
            if let Some(c) = structural(a, tokens).filter(|c| c.intent.starts_with("order.")) {
                return c;
            }
        }
        return Choice {
            intent: intent.id.clone(),
            confidence: 0.95,
            rule: format!("pattern /{}/", intent.patterns[pi].as_str()),
        };
    }
    if let Some(c) = structural(a, tokens) {
        return c;
    }
    // Keywords: the intent with the most keyword hits, then the higher priority.
    let mut scores: Vec<(usize, i32, usize)> = Vec::new();
    for (kw, i) in &ix.keywords {
        if tokens.windows(kw.len()).any(|w| w == kw.as_slice()) {
            match scores.iter_mut().find(|s| s.2 == *i) {
                Some(s) => s.0 += 1,
                None => scores.push((1, catalog.intents[*i].priority, *i)),
            }
        }
    }
    if let Some(&(_, _, i)) = scores.iter().max_by_key(|s| (s.0, s.1)) {
        return Choice { intent: catalog.intents[i].id.clone(), confidence: 0.6, rule: "keyword".into() };
    }
    Choice { intent: "fallback".into(), confidence: 0.0, rule: "nothing matched".into() }
}

fn structural(a: &Assembly, tokens: &[String]) -> Option<Choice> {
    let c = |intent: &str, confidence: f32, rule: &str| {
        Some(Choice { intent: intent.into(), confidence, rule: rule.into() })
    };
    let named = |f: &super::assemble::Frame| f.item.is_some() || f.category.is_some() || f.pronoun || f.definite;
    // "a bbq chicken pizza and leave the red onions off": what is removed is left off
    // the item being ordered, which is an order.
    let excluded_from_new =
        a.frames.iter().any(|f| f.item.is_some() && !f.negated && !f.is_reference() && !f.without.is_empty());
    // "remove the coke", "take the onions off": an option can be removed as well.
    if a.remove_verb && !excluded_from_new && a.frames.iter().any(|f| named(f) || !f.options.is_empty()) {
        return c("order.remove", 0.9, "remove verb + reference");
    }
    let positive = a.frames.iter().filter(|f| (f.item.is_some() || f.category.is_some()) && !f.negated).count();
    if a.negated_item && positive == 0 {
        return c("order.remove", 0.85, "no <item or category>");
    }
    let request = tokens.iter().any(|t| REQUEST.contains(&t.as_str()));
    if a.change_verb && a.saw_to {
        return c("order.modify", 0.9, "change … to …");
    }
    // "make the coke a diet coke", "swap the coke for a sprite", "replace the pepsi with a
    // 7 up", "make it a sprite": a change verb, a line already ordered, then a new item
    // that replaces it.
    if a.change_verb {
        let reference =
            a.frames.iter().position(|f| f.is_reference() && (f.item.is_some() || f.category.is_some() || f.pronoun));
        if let Some(r) = reference {
            if a.frames[r + 1..].iter().any(|f| f.item.is_some() && !f.negated && !f.is_reference()) {
                return c("order.modify", 0.85, "change verb + reference + new item");
            }
        }
    }
    // "sprites instead of the cokes", "instead of the cokes i want sprites".
    if a.instead_of
        && a.frames.iter().any(Frame::is_reference)
        && a.frames.iter().any(|f| f.item.is_some() && !f.negated && !f.is_reference())
    {
        return c("order.modify", 0.85, "instead of");
    }
    // "one of the pizzas should have ham", "i'll take two of the pepperoni ones": a part
    // of a line already ordered is an edit, whatever the verb.
    if a.partitive && a.frames.iter().any(Frame::is_reference) {
        return c("order.modify", 0.85, "part of a line");
    }
    // A new item (not a reference to one already ordered) makes this an order.
    if a.frames.iter().any(|f| f.item.is_some() && !f.negated && !f.is_reference()) {
        return c("order.add", 0.9, "items named");
    }
    if a.change_verb && a.frames.iter().any(|f| f.is_reference()) {
        return c("order.modify", 0.9, "change verb + reference");
    }
    if !request
        && a.frames.iter().any(|f| f.is_reference() && (f.item.is_some() || f.category.is_some() || f.pronoun))
        && a.frames.iter().any(|f| !f.options.is_empty() || !f.without.is_empty() || f.quantity.is_some())
    {
        return c("order.modify", 0.85, "reference + attributes");
    }
    // "the second one", "the first pizza": picking a line already ordered (the answer to
    // "which pizza?"), not ordering another.
    if !request && a.frames.iter().any(|f| f.position.is_some() && !f.negated) {
        return c("order.modify", 0.75, "positional reference");
    }
    if positive > 0 {
        return c("order.add", 0.9, "items named");
    }
    if a.frames.iter().any(|f| !f.options.is_empty() || !f.without.is_empty() || (f.quantity.is_some() && f.explicit)) {
        return c("order.modify", 0.8, "attributes without an item");
    }
    None
}
