//! The cart: order lines as the customer stated them, and how they read and price.
//!
//! Lines keep only what the customer said; menu defaults are applied when pricing
//! (`Catalog::price_line`), so a later change of size or container never fights a
//! default that was frozen into the line.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Group};
use crate::order::{Amount, Half, OrderLine, PricedOrder};

use super::reply::money;

/// The lines being ordered, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    pub lines: Vec<OrderLine>,
}

impl Cart {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The lines priced as far as they can be yet, and their total.
    pub fn draft(&self, catalog: &Catalog) -> PricedOrder {
        catalog.price_draft(&self.lines)
    }

    /// The sum of the lines that can be priced, in cents.
    pub fn total_cents(&self, catalog: &Catalog) -> i64 {
        self.draft(catalog).total_cents
    }

    /// The number of things ordered (a line of 2 counts 2).
    pub fn count(&self) -> u32 {
        self.lines.iter().map(|l| l.quantity).sum()
    }

    /// The first line that still needs a required choice, and the group to ask about.
    pub fn first_missing<'c>(&self, catalog: &'c Catalog) -> Option<(usize, &'c Group)> {
        self.lines.iter().enumerate().find_map(|(i, l)| catalog.missing_group(l).map(|g| (i, g)))
    }
}

/// A choice's display name in lower case ("large", "thin crust"), with its amount.
fn choice_words(catalog: &Catalog, group: &str, choice: &str, amount: Option<Amount>) -> String {
    let name = catalog
        .group(group)
        .and_then(|g| g.choice(choice))
        .map_or_else(|| choice.replace('_', " "), |c| c.name.to_lowercase());
    match amount {
        Some(Amount::Extra) => format!("extra {name}"),
        Some(Amount::Light) => format!("light {name}"),
        None => name,
    }
}

/// The options and exclusions of a line in the item's group order (size before
/// toppings), as words: ["large", "pepperoni", "extra cheese", "no olives"].
pub fn option_words(catalog: &Catalog, line: &OrderLine) -> Vec<String> {
    let order = |group: &str| {
        catalog.item(&line.item).and_then(|i| i.groups.iter().position(|g| g.group == group)).unwrap_or(usize::MAX)
    };
    let mut opts: Vec<_> = line.options.iter().collect();
    opts.sort_by_key(|o| order(&o.group));
    let mut words: Vec<String> = opts
        .iter()
        .map(|o| {
            let w = choice_words(catalog, &o.group, &o.choice, o.amount);
            match o.half {
                Some(Half::First) => format!("{w} on one half"),
                Some(Half::Second) => format!("{w} on the other half"),
                None => w,
            }
        })
        .collect();
    words.extend(line.without.iter().map(|o| format!("no {}", choice_words(catalog, &o.group, &o.choice, o.amount))));
    words
}

/// The item's display name ("Pizza"), or its id when the menu no longer has it.
pub fn item_name(catalog: &Catalog, item: &str) -> String {
    catalog.item(item).map_or_else(|| item.replace('_', " "), |i| i.name.clone())
}

/// A line for the customer: "2 x Pizza (large, pepperoni, no olives)".
pub fn describe(catalog: &Catalog, line: &OrderLine) -> String {
    let words = option_words(catalog, line);
    let name = item_name(catalog, &line.item);
    if words.is_empty() {
        format!("{} x {name}", line.quantity)
    } else {
        format!("{} x {name} ({})", line.quantity, words.join(", "))
    }
}

/// A line with its price when it has one: "2 x Pizza (large) $31.98".
pub fn describe_priced(catalog: &Catalog, line: &OrderLine) -> String {
    match catalog.price_line(line) {
        Ok(p) => format!("{} {}", describe(catalog, line), money(p.line_total_cents)),
        Err(_) => describe(catalog, line),
    }
}

/// A short name that tells lines apart in a question: "the large pepperoni pizza".
pub fn nickname(catalog: &Catalog, line: &OrderLine, with_item: bool) -> String {
    let mut words = option_words(catalog, line);
    if with_item || words.is_empty() {
        words.push(item_name(catalog, &line.item).to_lowercase());
    }
    format!("the {}", words.join(" "))
}

/// A stable, id-based form of a line for conversation tests:
/// "2 x pizza (large, pepperoni, extra cheese, no olives)".
pub fn line_key(catalog: &Catalog, line: &OrderLine) -> String {
    let order = |group: &str| {
        catalog.item(&line.item).and_then(|i| i.groups.iter().position(|g| g.group == group)).unwrap_or(usize::MAX)
    };
    let mut opts: Vec<_> = line.options.iter().collect();
    opts.sort_by_key(|o| order(&o.group));
    let amount = |a: Option<Amount>| match a {
        Some(Amount::Extra) => "extra ",
        Some(Amount::Light) => "light ",
        None => "",
    };
    let half = |h: Option<Half>| match h {
        Some(Half::First) => "half1 ",
        Some(Half::Second) => "half2 ",
        None => "",
    };
    let mut words: Vec<String> =
        opts.iter().map(|o| format!("{}{}{}", half(o.half), amount(o.amount), o.choice)).collect();
    words.extend(line.without.iter().map(|o| format!("no {}{}", amount(o.amount), o.choice)));
    if words.is_empty() {
        format!("{} x {}", line.quantity, line.item)
    } else {
        format!("{} x {} ({})", line.quantity, line.item, words.join(", "))
    }
}
