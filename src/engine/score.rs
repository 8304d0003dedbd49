//! Scoring parses against labelled order lines: exact match ignoring line order, and
//! per-field precision and recall. Also reads the PIZZA dataset's EXR trees
//! (`(ORDER (PIZZAORDER (NUMBER 2) (SIZE LARGE) ...) ...)`) into order lines.

use std::collections::HashMap;

use serde::Serialize;

use crate::order::{Amount, OptionRef, OrderLine};

/// An id as scoring compares it: letters and digits only, lower case.
fn norm(id: &str) -> String {
    id.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A parsed annotation tree: a word, or `(LABEL children…)`.
#[derive(Debug)]
pub(crate) enum Sexp {
    Word(String),
    List(String, Vec<Sexp>),
}

/// Parses one tree from the tokens at `pos` (parentheses spaced out beforehand).
pub(crate) fn parse_sexp(tokens: &[&str], pos: &mut usize) -> Option<Sexp> {
    let t = *tokens.get(*pos)?;
    *pos += 1;
    if t != "(" {
        return Some(Sexp::Word(t.to_owned()));
    }
    let label = (*tokens.get(*pos)?).to_owned();
    *pos += 1;
    let mut children = Vec::new();
    while *tokens.get(*pos)? != ")" {
        children.push(parse_sexp(tokens, pos)?);
    }
    *pos += 1;
    Some(Sexp::List(label, children))
}

/// The words directly under a node, joined with `_`.
pub(crate) fn words(children: &[Sexp]) -> String {
    children
        .iter()
        .filter_map(|c| match c {
            Sexp::Word(w) => Some(w.as_str()),
            Sexp::List(..) => None,
        })
        .collect::<Vec<_>>()
        .join("_")
}

/// The order lines of a PIZZA EXR string, or `None` when it is not well formed.
/// PIZZAORDER → item `pizza`; DRINKORDER → the drink type; NUMBER defaults to 1;
/// COMPLEX_TOPPING's QUANTITY → amount; NOT(...) → `without`.
pub fn pizza_lines(exr: &str) -> Option<Vec<OrderLine>> {
    let spaced = exr.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    let Sexp::List(_, orders) = parse_sexp(&tokens, &mut pos)? else { return None };
    let mut lines = Vec::new();
    for o in &orders {
        let Sexp::List(kind, parts) = o else { continue };
        let mut line = OrderLine::new(if kind == "PIZZAORDER" { "pizza" } else { "" }, 1);
        for p in parts {
            let Sexp::List(label, ch) = p else { continue };
            if label == "NOT" {
                for n in ch {
                    if let Some(opt) = option_of(n) {
                        line.without.push(opt);
                    }
                }
                continue;
            }
            match label.as_str() {
                "NUMBER" => line.quantity = words(ch).parse().unwrap_or(1),
                "DRINKTYPE" => line.item = words(ch).to_lowercase(),
                _ => {
                    if let Some(opt) = option_of(p) {
                        line.options.push(opt);
                    }
                }
            }
        }
        lines.push(line);
    }
    Some(lines)
}

fn option_of(node: &Sexp) -> Option<OptionRef> {
    let Sexp::List(label, ch) = node else { return None };
    let group = match label.as_str() {
        "SIZE" => "size",
        "STYLE" => "style",
        "TOPPING" => "topping",
        "CONTAINERTYPE" => "container",
        "VOLUME" => "volume",
        "COMPLEX_TOPPING" => {
            let mut amount = None;
            let mut opt = None;
            for c in ch {
                match c {
                    Sexp::List(l, q) if l == "QUANTITY" => {
                        amount = match words(q).as_str() {
                            "EXTRA" => Some(Amount::Extra),
                            "LIGHT" => Some(Amount::Light),
                            _ => None,
                        }
                    }
                    other => opt = opt.or_else(|| option_of(other)),
                }
            }
            return opt.map(|o: OptionRef| o.with_amount(amount));
        }
        _ => return None,
    };
    Some(OptionRef::new(group, &words(ch).to_lowercase()))
}

/// A line as compared: normalised ids, options sorted.
type Key = (String, u32, Vec<(String, String, Option<Amount>)>, Vec<(String, String, Option<Amount>)>);

fn key(l: &OrderLine) -> Key {
    let opts = |v: &[OptionRef]| {
        let mut o: Vec<_> = v.iter().map(|o| (norm(&o.group), norm(&o.choice), o.amount)).collect();
        o.sort();
        o
    };
    (norm(&l.item), l.quantity, opts(&l.options), opts(&l.without))
}

/// Whether two sets of lines are equal, ignoring line and option order.
pub fn same_lines(a: &[OrderLine], b: &[OrderLine]) -> bool {
    let mut x: Vec<Key> = a.iter().map(key).collect();
    let mut y: Vec<Key> = b.iter().map(key).collect();
    x.sort();
    y.sort();
    x == y
}

/// Precision and recall counts of one field.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldScore {
    pub true_positives: usize,
    pub predicted: usize,
    pub expected: usize,
}

impl FieldScore {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.expected)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One miss, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub text: String,
    pub expected: Vec<OrderLine>,
    pub got: Vec<OrderLine>,
}

/// Running totals of an evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub total: usize,
    pub exact: usize,
    /// item, quantity, size, options, without.
    pub fields: Vec<(String, FieldScore)>,
    pub failures: Vec<Failure>,
}

impl Scores {
    pub fn accuracy(&self) -> f64 {
        ratio(self.exact, self.total)
    }

    /// Scores one message.
    pub fn add(&mut self, text: &str, expected: &[OrderLine], got: &[OrderLine]) {
        if self.fields.is_empty() {
            self.fields = ["item", "quantity", "size", "options", "without"]
                .iter()
                .map(|f| ((*f).to_owned(), FieldScore::default()))
                .collect();
        }
        self.total += 1;
        if same_lines(expected, got) {
            self.exact += 1;
        } else {
            self.failures.push(Failure { text: text.to_owned(), expected: expected.to_vec(), got: got.to_vec() });
        }
        for (name, score) in &mut self.fields {
            let e = facts(name, expected);
            let g = facts(name, got);
            score.expected += e.values().sum::<usize>();
            score.predicted += g.values().sum::<usize>();
            score.true_positives += e.iter().map(|(k, n)| (*n).min(g.get(k).copied().unwrap_or(0))).sum::<usize>();
        }
    }
}

/// The facts of one field, as a multiset, each tied to its line's item.
fn facts(field: &str, lines: &[OrderLine]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for l in lines {
        let item = norm(&l.item);
        let mut add = |k: String| *m.entry(k).or_insert(0) += 1;
        match field {
            "item" => add(item.clone()),
            "quantity" => add(format!("{item}:{}", l.quantity)),
            "size" => {
                l.options.iter().filter(|o| o.group == "size").for_each(|o| add(format!("{item}:{}", norm(&o.choice))))
            }
            "options" => l
                .options
                .iter()
                .filter(|o| o.group != "size")
                .for_each(|o| add(format!("{item}:{}:{}:{:?}", norm(&o.group), norm(&o.choice), o.amount))),
            _ => l.without.iter().for_each(|o| add(format!("{item}:{}:{}", norm(&o.group), norm(&o.choice)))),
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exr_trees_become_lines() {
        let l = pizza_lines(
            "(ORDER (PIZZAORDER (NUMBER 2 ) (SIZE LARGE ) (COMPLEX_TOPPING (QUANTITY EXTRA ) (TOPPING CHEESE ) ) (NOT (TOPPING HAM ) ) ) (DRINKORDER (DRINKTYPE DIET_COKE ) (VOLUME 2 LITER ) ) )",
        )
        .unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].quantity, 2);
        assert_eq!(l[0].options[1].amount, Some(Amount::Extra));
        assert_eq!(l[0].without[0].choice, "ham");
        assert_eq!(l[1].item, "diet_coke");
        assert_eq!(l[1].options[0].choice, "2_liter");
    }
}
