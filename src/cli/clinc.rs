//! `chatorder eval --clinc FILE`: CLINC150's messages replayed through the real engine
//! and dialogue, measuring what matters when people talk about other things:
//! - every message of a non-food intent that names nothing on the menu, said to an empty
//!   cart and to a cart holding a pizza: did it change the cart? (it never should);
//! - each `yes` and `no` said at the read-back: did it place the order?
//! - each greeting, thanks and goodbye: was it understood as what it is, with the cart
//!   left alone?

use std::collections::BTreeMap;

use anyhow::Context;

use crate::acts::{self, Act};
use crate::catalog::Catalog;
use crate::config::EvalArgs;
use crate::dialogue::{Phase, Session};
use crate::engine;

/// CLINC's labels for the conversational messages; every other label is "something else".
const SOCIAL: &[(&str, Act)] = &[("greeting", Act::Greet), ("thank_you", Act::Thanks), ("goodbye", Act::Goodbye)];

/// Reads the messages of the chosen splits as `(text, label)`.
fn read(path: &std::path::Path, splits: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let all: BTreeMap<String, Vec<(String, String)>> =
        serde_json::from_str(&text).with_context(|| format!("{}: not CLINC150's JSON", path.display()))?;
    let mut out = Vec::new();
    for (name, messages) in all {
        if splits.is_empty() || splits.contains(&name) {
            out.extend(messages);
        }
    }
    Ok(out)
}

/// A conversation brought to a known point by the customer's own words.
fn session_after(catalog: &Catalog, said: &[&str]) -> Session {
    let mut s = Session::new();
    for text in said {
        s.send(catalog, &acts::understand(catalog, text));
    }
    s
}

/// Counts of one measure, with the messages that failed it.
#[derive(Default)]
struct Tally {
    hits: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, hit: bool, text: &str) {
        self.total += 1;
        if hit {
            self.hits += 1;
        } else {
            self.misses.push(text.to_owned());
        }
    }

    fn print(&self, what: &str, shown: usize) {
        println!("{what}: {} of {}", self.hits, self.total);
        for m in self.misses.iter().take(shown) {
            println!("    miss: {m}");
        }
    }
}

pub fn run(catalog: &Catalog, args: &EvalArgs) -> anyhow::Result<i32> {
    let messages = read(&args.file, &args.split)?;
    let shown = args.failures.unwrap_or(usize::MAX);
    let empty = session_after(catalog, &[]);
    let with_pizza = session_after(catalog, &["a large pepperoni pizza"]);
    let confirming = session_after(catalog, &["a large pepperoni pizza", "that's all"]);
    anyhow::ensure!(with_pizza.state.cart.lines.len() == 1, "the menu has no large pepperoni pizza to start from");
    anyhow::ensure!(confirming.state.phase == Phase::Confirming, "\"that's all\" did not reach the read-back");

    let changes = |start: &Session, text: &str| {
        let mut s = start.clone();
        let turn = s.send(catalog, &acts::understand(catalog, text));
        turn.state.cart != start.state.cart || !turn.effects.is_empty()
    };
    let places = |text: &str| {
        let mut s = confirming.clone();
        !s.send(catalog, &acts::understand(catalog, text)).effects.is_empty()
    };
    let (mut other, mut named_menu) = (Tally::default(), 0usize);
    let (mut other_empty, mut other_pizza) = (0usize, 0usize);
    let (mut yes, mut no) = (Tally::default(), Tally::default());
    let mut social: Vec<Tally> = SOCIAL.iter().map(|_| Tally::default()).collect();
    for (text, label) in &messages {
        match label.as_str() {
            "yes" => yes.add(places(text), text),
            "no" => no.add(!places(text), text),
            _ => {
                if let Some(k) = SOCIAL.iter().position(|(l, _)| l == label) {
                    let act = SOCIAL[k].1;
                    let understood = [&empty, &with_pizza]
                        .iter()
                        .all(|start| acts::understand(catalog, text).acts.contains(&act) && !changes(start, text));
                    social[k].add(understood, text);
                } else if engine::names_menu(catalog, text) {
                    named_menu += 1;
                } else {
                    let (e, p) = (changes(&empty, text), changes(&with_pizza, text));
                    other_empty += usize::from(e);
                    other_pizza += usize::from(p);
                    other.add(!(e || p), &format!("[{label}] {text}"));
                }
            }
        }
    }
    println!(
        "non-food messages naming nothing on the menu: {} ({named_menu} others name something on the menu)",
        other.total
    );
    println!("  changed an empty cart: {other_empty}");
    println!("  changed a cart holding a pizza: {other_pizza}");
    println!("  changed a cart (either): {}", other.total - other.hits);
    for m in other.misses.iter().take(shown) {
        println!("    changed: {m}");
    }
    yes.print("yes at the read-back placed the order", shown);
    no.print("no at the read-back left the order unplaced", shown);
    for ((label, _), t) in SOCIAL.iter().zip(&social) {
        t.print(&format!("{label} understood (from an empty cart and from a cart with a pizza)"), shown);
    }
    let understood: usize = social.iter().map(|t| t.hits).sum();
    let total: usize = social.iter().map(|t| t.total).sum();
    println!("greetings, thanks and goodbyes understood: {understood} of {total}");
    Ok(0)
}
