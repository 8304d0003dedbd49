//! Choices said before the thing they go on: "can i get a medium" … "pepperoni" is a
//! medium pepperoni. With nothing ordered to put them on, the choices wait one message
//! (`DialogueState::before_item`) while the bot asks what they are for. Likewise a line
//! ordered before anything is chosen of it ("i want a pizza") is the one a choice made
//! after a question decides ("what comes on the mexican one?" … "ok that one").

use crate::catalog::Catalog;
use crate::engine::{Intent, Parse};
use crate::order::{OptionRef, OrderLine};

use super::cart::Cart;
use super::reply::{and_list, or_list};
use super::state::Work;

/// The message with the choices said before it on the first thing it orders that takes
/// them and has none of their groups yet, as many as were asked for (`count`); `None`
/// when nothing it says takes them.
pub(super) fn with_choices_said_before(
    catalog: &Catalog,
    cart: &Cart,
    parse: &Parse,
    held: &[OptionRef],
    count: Option<u32>,
) -> Option<Parse> {
    if held.is_empty() || !matches!(parse.intent, Intent::OrderAdd | Intent::OrderModify) {
        return None;
    }
    let mut p = parse.clone();
    if let Some(n) = count.filter(|&n| n > 1) {
        // "2 large" … "pizzas lol. 1 pepperoni 1 sausage": the thing named bare, then
        // lines of it that make up the count, is a heading; each line is one of them.
        let heading = p.lines.first().filter(|l| l.options.is_empty() && l.without.is_empty()).cloned();
        let of_it = heading.is_some_and(|h| p.lines.len() > 1 && p.lines[1..].iter().all(|l| l.item == h.item));
        if of_it && p.lines[1..].iter().map(|l| l.quantity).sum::<u32>() == n {
            p.lines.remove(0);
            for line in &mut p.lines {
                let free: Vec<OptionRef> =
                    held.iter().filter(|o| line.choices_in(&o.group).next().is_none()).cloned().collect();
                line.options.extend(free);
            }
            return Some(p);
        }
        // "2 large" … "pizzas": the one line named has the count.
        if let [line] = p.lines.as_mut_slice() {
            if line.quantity == 1 {
                line.quantity = n;
            }
        }
    }
    let takes = |line: &OrderLine| {
        let item = catalog.item(&line.item);
        held.iter()
            .all(|o| item.is_some_and(|i| i.group(&o.group).is_some()) && line.choices_in(&o.group).next().is_none())
    };
    if let Some(line) = p.lines.iter_mut().find(|l| takes(l)) {
        line.options.extend(held.iter().cloned());
        return Some(p);
    }
    // "pepperoni", "uh the hawaiian one": with nothing ordered yet, what its choices or
    // "the" name is ordered, with them.
    let names = p.target.is_some() || !p.attributes.options.is_empty();
    let said_of_a_thing = p.lines.is_empty() && names && cart.is_empty();
    let free = held.iter().all(|o| !p.attributes.options.iter().any(|a| a.group == o.group));
    if said_of_a_thing && free {
        p.attributes.options.extend(held.iter().cloned());
        return Some(p);
    }
    None
}

impl Work<'_> {
    /// "can i get a medium" with nothing ordered: the choices wait for their thing, and
    /// the bot asks which, naming the kinds of things that take them.
    pub(super) fn hold_choices(&mut self, options: &[OptionRef], count: Option<u32>) {
        let mut kinds: Vec<String> = Vec::new();
        for item in self.catalog.items.iter().filter(|i| i.available) {
            let takes = options.iter().all(|o| item.group(&o.group).is_some());
            let kind = self.catalog.category(&item.category).map(|c| c.name.to_lowercase());
            if let Some(kind) = kind.filter(|k| takes && !kinds.contains(k)) {
                kinds.push(kind);
            }
        }
        if kinds.is_empty() {
            return self.say("cart_empty", &[]);
        }
        self.state.before_item = options.to_vec();
        self.state.before_item_count = count;
        let names: Vec<String> = options.iter().map(|o| self.choice_name(&o.group, &o.choice)).collect();
        self.say("which_item_for", &[("choices", and_list(&names)), ("kinds", or_list(&kinds))]);
    }

    /// The one line of the cart with nothing chosen of the item that `p` orders one of
    /// ("1 x pizza", still being decided), given `p`'s choices instead of a line more.
    /// Whether there was one.
    pub(super) fn decides_the_bare_line(&mut self, p: &Parse) -> bool {
        let [line] = p.lines.as_slice() else { return false };
        let lines = &self.state.cart.lines;
        let bare: Vec<usize> = (0..lines.len())
            .filter(|&i| {
                lines[i].item == line.item && lines[i].options.is_empty() && lines[i].quantity == line.quantity
            })
            .collect();
        let [i] = bare[..] else { return false };
        let attrs = crate::engine::Attributes { options: line.options.clone(), ..Default::default() };
        self.apply_attributes(&[i], &attrs);
        true
    }
}
