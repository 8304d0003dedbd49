//! The FoodOrdering dataset's annotations (`{"SRC": text, "TOPALIAS"|"EXR": tree}`) read
//! into order lines of the menu being evaluated, so `chatorder eval` scores any shop's
//! menu on that shop's orders.
//!
//! A tree such as `(SANDWICH_ORDER (NUMBER four) (BASE_SANDWICH italian) (NOT (TOPPING
//! onion)) (COMPLEX (QUANTITY extra) (TOPPING cheese)))` is one line: the item is the
//! `*_TYPE` slot (or the order kind itself, "sandwich"), every other slot a choice,
//! `NOT` an exclusion, `COMPLEX`'s `QUANTITY` an amount. Values are looked up in the
//! menu's own words, as the parser would, so an alias needs no table of its own.

use crate::catalog::lexicon::Sense;
use crate::catalog::text::tokenize;
use crate::catalog::{Catalog, Gram};
use crate::engine::score::{parse_sexp, words, Sexp};
use crate::order::{Amount, OptionRef, OrderLine};

/// The lines of one annotation, or `None` when the tree is not well formed.
pub fn lines(catalog: &Catalog, tree: &str) -> Option<Vec<OrderLine>> {
    let spaced = tree.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    // One tree per order, or one `(ORDER …)` holding them all.
    let mut pos = 0;
    let mut trees = Vec::new();
    while pos < tokens.len() {
        trees.push(parse_sexp(&tokens, &mut pos)?);
    }
    let mut orders: Vec<&Sexp> = Vec::new();
    for tree in &trees {
        match tree {
            Sexp::List(label, children) if label == "ORDER" => orders.extend(children),
            other => orders.push(other),
        }
    }
    Some(orders.into_iter().flat_map(|o| node_lines(catalog, o)).collect())
}

fn is_type_slot(label: &str) -> bool {
    label.ends_with("_TYPE") && !label.starts_with("ROAST")
}

/// The lines of one order node: one per `*_TYPE` slot, each with the node's count and
/// options ("six sides of guacamole and chips" is six of each).
fn node_lines(catalog: &Catalog, order: &Sexp) -> Vec<OrderLine> {
    let Sexp::List(_, slots) = order else { return Vec::new() };
    let types: Vec<String> = slots
        .iter()
        .filter_map(|s| match s {
            Sexp::List(l, v) if is_type_slot(l) => Some(text(v)),
            _ => None,
        })
        .collect();
    if types.len() < 2 {
        return line(catalog, order, types.into_iter().next()).into_iter().collect();
    }
    types.into_iter().filter_map(|t| line(catalog, order, Some(t))).collect()
}

fn line(catalog: &Catalog, order: &Sexp, type_slot: Option<String>) -> Option<OrderLine> {
    let Sexp::List(kind, slots) = order else { return None };
    let kind_name = kind.trim_end_matches("_ORDER").to_lowercase().replace('_', " ");
    // A kind said without its type ("a large dark roast") is the category's default item.
    let default_item =
        || catalog.categories.iter().find(|c| c.id.replace('_', " ") == kind_name).and_then(|c| c.default_item.clone());
    let item = type_slot
        .and_then(|t| item_named(catalog, &t))
        .or_else(|| item_named(catalog, &kind_name))
        .or_else(default_item)
        .unwrap_or(kind_name);
    let mut line = OrderLine::new(&item, 1);
    for slot in slots {
        let Sexp::List(label, values) = slot else { continue };
        match label.as_str() {
            "NUMBER" => line.quantity = number(catalog, &text(values)).unwrap_or(1),
            l if is_type_slot(l) => {}
            // "no beans" (black or pinto) excludes every choice the word means.
            "NOT" => line.without.extend(values.iter().flat_map(|v| excluded(catalog, &item, v))),
            _ => line.options.extend(option(catalog, &item, slot)),
        }
    }
    // A choice said twice ("peppers with pepper on top") is one choice, the amount kept.
    let mut seen: Vec<OptionRef> = Vec::new();
    for o in std::mem::take(&mut line.options) {
        match seen.iter_mut().find(|s| s.group == o.group && s.choice == o.choice) {
            Some(s) => s.amount = s.amount.or(o.amount),
            None => seen.push(o),
        }
    }
    line.options = seen;
    Some(line)
}

/// A slot as an option of `item`: `(TOPPING cheese)` or `(COMPLEX (QUANTITY extra) (TOPPING cheese))`.
fn option(catalog: &Catalog, item: &str, slot: &Sexp) -> Option<OptionRef> {
    let Sexp::List(label, values) = slot else { return None };
    if label == "COMPLEX" {
        let amount = values.iter().find_map(|v| match v {
            Sexp::List(l, q) if l == "QUANTITY" => amount(catalog, &text(q)),
            _ => None,
        });
        let inner = values.iter().find(|v| !matches!(v, Sexp::List(l, _) if l == "QUANTITY"))?;
        return option(catalog, item, inner).map(|o| o.with_amount(amount));
    }
    // A value that is itself a tree, `(TOPPING (ESPRESSO_SHOT 2))`, names the choice
    // by its label and words: "espresso shot 2".
    // So is `(TOPPING ESPRESSO_SHOT(2))`, the alias files' own way of writing it.
    let said = match values.as_slice() {
        [Sexp::List(inner, v)] => format!("{} {}", inner.replace('_', " "), text(v)).trim().to_lowercase(),
        [Sexp::Word(inner), Sexp::List(n, rest)] if rest.is_empty() => {
            format!("{} {}", inner.replace('_', " "), n).to_lowercase()
        }
        _ => text(values),
    };
    if let Some(o) = choice_by_id(catalog, item, &said.replace(' ', "_")) {
        return Some(o);
    }
    let choices: Vec<(bool, OptionRef)> = senses(catalog, &said)
        .into_iter()
        .filter_map(|s| match s {
            Sense::Choice { group, choice } => {
                let g = &catalog.groups[group];
                let takes = catalog.item(item).is_some_and(|i| i.group(&g.id).is_some());
                Some((takes, OptionRef::new(&g.id, &g.choices[choice].id)))
            }
            _ => None,
        })
        .collect();
    // A choice of a group the item takes, else any; else the words as written (a miss).
    let best = choices.iter().find(|(takes, _)| *takes).or(choices.first()).map(|(_, o)| o.clone());
    Some(best.unwrap_or_else(|| OptionRef::new(&label.to_lowercase(), &said.replace(' ', "_"))))
}

/// What a `NOT` slot excludes: its choice, or every choice of an either word.
fn excluded(catalog: &Catalog, item: &str, slot: &Sexp) -> Vec<OptionRef> {
    let Some(first) = option(catalog, item, slot) else { return Vec::new() };
    let Sexp::List(_, values) = slot else { return vec![first] };
    let either = catalog.group(&first.group).and_then(|g| {
        let said = tokenize(&text(values)).join(" ");
        g.either.iter().find(|e| e.synonyms.iter().any(|s| tokenize(s).join(" ") == said)).map(|e| (g, e))
    });
    match either {
        Some((g, e)) => e.choices.iter().map(|c| OptionRef::new(&g.id, c)).collect(),
        None => vec![first],
    }
}

/// A choice of a group the item takes whose id is the value as annotated.
fn choice_by_id(catalog: &Catalog, item: &str, id: &str) -> Option<OptionRef> {
    let item = catalog.item(item)?;
    item.groups
        .iter()
        .filter_map(|ig| catalog.group(&ig.group))
        .find_map(|g| g.choice(id).map(|c| OptionRef::new(&g.id, &c.id)))
}

/// The words of a leaf, with spaces.
fn text(values: &[Sexp]) -> String {
    words(values).replace('_', " ").to_lowercase()
}

/// Every meaning of a phrase of the menu's words, exactly as written.
fn senses(catalog: &Catalog, phrase: &str) -> Vec<Sense> {
    let lex = catalog.lexicon();
    let tokens = tokenize(phrase);
    let Some(keys) = tokens.iter().map(|t| lex.key(t).map(|(k, _)| k)).collect::<Option<Vec<u32>>>() else {
        return Vec::new();
    };
    let Some(&first) = keys.first() else { return Vec::new() };
    lex.starting_with(first)
        .iter()
        .filter(|&&p| lex.phrases[p].keys == keys)
        .flat_map(|&p| lex.phrases[p].senses.clone())
        .collect()
}

fn item_named(catalog: &Catalog, phrase: &str) -> Option<String> {
    senses(catalog, phrase).into_iter().find_map(|s| match s {
        Sense::Item(i) => Some(catalog.items[i].id.clone()),
        _ => None,
    })
}

fn number(catalog: &Catalog, said: &str) -> Option<u32> {
    said.parse().ok().or_else(|| {
        senses(catalog, said).into_iter().find_map(|s| match s {
            Sense::Gram(Gram::Num { n, .. }) => Some(n),
            _ => None,
        })
    })
}

fn amount(catalog: &Catalog, said: &str) -> Option<Amount> {
    senses(catalog, said).into_iter().find_map(|s| match s {
        Sense::Gram(Gram::Amount(a)) => Some(a),
        _ => None,
    })
}
