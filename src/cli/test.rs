//! `chatorder test [DIR]`: runs conversation test files, like `cargo test` for operators.
//!
//! Each `*.toml` in the folder is one conversation: turns with what the customer says
//! and what to expect (intent, reply fragment, phase, cart lines, order placed).
//! The format is documented in `docs/conversation-tests.md`; `tests/conversations.rs`
//! runs the shipped scenarios through this same code.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog::Catalog;
use crate::dialogue::cart::line_key;
use crate::dialogue::Session;
use crate::engine::Parse;

/// One conversation test file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// What the conversation shows, printed with failures.
    #[serde(default)]
    pub description: String,
    /// Items (`"tiramisu"`) or choices (`"topping.olives"`) to mark unavailable for
    /// this conversation, to test refusals without editing the menu.
    #[serde(default)]
    pub unavailable: Vec<String>,
    /// Every order the conversation places, in order, each as its cart lines.
    #[serde(default)]
    pub orders: Option<Vec<Vec<String>>>,
    #[serde(rename = "turn")]
    pub turns: Vec<Step>,
}

/// One customer message and what to expect after it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub say: String,
    /// The intent the engine must find.
    #[serde(default)]
    pub intent: Option<String>,
    /// Fragments the reply must contain, ignoring case (a string or a list).
    #[serde(default)]
    pub reply_contains: Fragments,
    /// Fragments the reply must not contain, ignoring case.
    #[serde(default)]
    pub reply_excludes: Fragments,
    /// The phase after the turn: idle, ordering, awaiting_option, clarifying, confirming, confirming_cancel.
    #[serde(default)]
    pub state: Option<String>,
    /// The whole cart after the turn, e.g. `["2 x pizza (large, pepperoni)", "1 x coke"]` (any order).
    #[serde(default)]
    pub cart: Option<Vec<String>>,
    /// The order this turn places (its lines with defaults), or `[]` for "places nothing".
    #[serde(default)]
    pub placed: Option<Vec<String>>,
}

/// One fragment or several.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub enum Fragments {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Fragments {
    fn list(&self) -> Vec<&str> {
        match self {
            Self::None => Vec::new(),
            Self::One(s) => vec![s.as_str()],
            Self::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// The result of one file.
#[derive(Debug)]
pub struct FileResult {
    pub path: PathBuf,
    /// Empty when the conversation passed; otherwise a readable diff.
    pub failures: Vec<String>,
    /// How the orders placed compare with the file's `orders`, the measure that counts most.
    pub orders: Orders,
}

/// The orders a conversation placed, against the ones it meant to place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orders {
    /// The file lists no `orders`.
    Unchecked,
    /// Exactly the intended orders, every option included.
    Intended,
    /// Fewer orders than intended, and every one placed was right.
    Missing,
    /// An order was placed that the customer did not mean: the worst outcome.
    Wrong,
}

impl FileResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The parser the runner sends each message through (the real engine, in practice).
pub type Parser<'a> = &'a dyn Fn(&Catalog, &str) -> Parse;

/// Runs every `*.toml` directly in `dir`, sorted by name (or `dir` itself, a file).
///
/// # Errors
/// The folder cannot be read.
pub fn run_dir(catalog: &Catalog, dir: &Path, parser: Parser) -> std::io::Result<Vec<FileResult>> {
    if dir.is_file() {
        // `chatorder test tests/conversations/08_make_that_a_medium.toml`: that one.
        return Ok(vec![run_file(catalog, dir, parser)]);
    }
    Ok(crate::catalog::toml_files(dir)?.into_iter().map(|p| run_file(catalog, &p, parser)).collect())
}

/// Runs one conversation file.
pub fn run_file(catalog: &Catalog, path: &Path, parser: Parser) -> FileResult {
    let (failures, orders) = match std::fs::read_to_string(path) {
        Err(e) => (vec![format!("cannot read: {e}")], Orders::Unchecked),
        Ok(text) => match toml::from_str::<Script>(&text) {
            Err(e) => (vec![format!("invalid test file: {}", e.message())], Orders::Unchecked),
            Ok(script) => run_script(catalog, &script, parser),
        },
    };
    FileResult { path: path.to_owned(), failures, orders }
}

/// A copy of the catalog with the script's unavailable items and choices.
fn with_unavailable(catalog: &Catalog, names: &[String]) -> Result<Catalog, String> {
    let mut c = catalog.clone();
    for name in names {
        if let Some((group, choice)) = name.split_once('.') {
            let g = c.groups.iter_mut().find(|g| g.id == group).ok_or_else(|| format!("no group '{group}'"))?;
            let ch = g.choices.iter_mut().find(|x| x.id == choice).ok_or_else(|| format!("no choice '{name}'"))?;
            ch.available = false;
        } else {
            let it = c.items.iter_mut().find(|i| i.id == *name).ok_or_else(|| format!("no item '{name}'"))?;
            it.available = false;
        }
    }
    Ok(c)
}

/// Runs the turns and returns one readable diff per failing turn, and how the orders
/// placed compare with the intended ones.
pub fn run_script(catalog: &Catalog, script: &Script, parser: Parser) -> (Vec<String>, Orders) {
    let catalog = match with_unavailable(catalog, &script.unavailable) {
        Ok(c) => c,
        Err(e) => return (vec![format!("unavailable: {e}")], Orders::Unchecked),
    };
    let mut session = Session::new();
    let mut failures = Vec::new();
    for (n, step) in script.turns.iter().enumerate() {
        let parse = parser(&catalog, &step.say);
        let placed_before = session.orders.len();
        let turn = session.send(&catalog, &parse);
        let mut diff = String::new();
        let mut mismatch = |what: &str, expected: String, got: String| {
            let _ = writeln!(diff, "    {what}:\n      expected: {expected}\n      got:      {got}");
        };
        if let Some(intent) = &step.intent {
            if *intent != parse.intent.id() {
                mismatch("intent", intent.clone(), parse.intent.to_string());
            }
        }
        let reply = turn.reply.to_lowercase();
        for f in step.reply_contains.list() {
            if !reply.contains(&f.to_lowercase()) {
                mismatch("reply contains", format!("{f:?}"), format!("{:?}", turn.reply));
            }
        }
        for f in step.reply_excludes.list() {
            if reply.contains(&f.to_lowercase()) {
                mismatch("reply excludes", format!("{f:?}"), format!("{:?}", turn.reply));
            }
        }
        if let Some(state) = &step.state {
            if state != turn.state.phase.name() {
                mismatch("state", state.clone(), turn.state.phase.name().to_owned());
            }
        }
        if let Some(cart) = &step.cart {
            let got: Vec<String> = turn.state.cart.lines.iter().map(|l| line_key(&catalog, l)).collect();
            if !same_lines(cart, &got) {
                mismatch("cart", format!("{cart:?}"), format!("{got:?}"));
            }
        }
        if let Some(placed) = &step.placed {
            let got: Vec<String> = session.orders[placed_before..]
                .iter()
                .flat_map(|o| o.order.lines.iter().map(|l| line_key(&catalog, &l.line)))
                .collect();
            if !same_lines(placed, &got) {
                mismatch("placed", format!("{placed:?}"), format!("{got:?}"));
            }
        }
        if !diff.is_empty() {
            let mut parse_json = serde_json::to_string(&parse).unwrap_or_default();
            parse_json.truncate(400);
            failures.push(format!("  turn {} {:?}\n{diff}    parse: {parse_json}", n + 1, step.say));
        }
    }
    let mut outcome = Orders::Unchecked;
    if let Some(orders) = &script.orders {
        let got: Vec<Vec<String>> = session
            .orders
            .iter()
            .filter(|o| !o.cancelled)
            .map(|o| o.order.lines.iter().map(|l| line_key(&catalog, &l.line)).collect())
            .collect();
        let right_so_far = got.len() <= orders.len() && orders.iter().zip(&got).all(|(a, b)| same_lines(a, b));
        outcome = match (right_so_far, got.len() == orders.len()) {
            (true, true) => Orders::Intended,
            (true, false) => Orders::Missing,
            (false, _) => Orders::Wrong,
        };
        if outcome != Orders::Intended {
            failures.push(format!("  orders placed:\n      expected: {orders:?}\n      got:      {got:?}"));
        }
    }
    (failures, outcome)
}

/// Compares cart lines ignoring the order of the lines and of the choices within a line
/// (two toppings are the same two toppings whichever was said first); lines that are
/// the same thing count together ("1 x coke" twice is "2 x coke": the same order made).
fn same_lines(expected: &[String], got: &[String]) -> bool {
    let norm = |v: &[String]| {
        let mut counted = std::collections::BTreeMap::<String, u32>::new();
        for line in v.iter().map(|s| canonical_line(&s.trim().to_lowercase())) {
            let (n, thing) =
                line.split_once(" x ").and_then(|(n, t)| Some((n.parse::<u32>().ok()?, t))).unwrap_or((1, &line));
            *counted.entry(thing.to_owned()).or_default() += n;
        }
        counted
    };
    norm(expected) == norm(got)
}

/// "1 x pizza (olives, large)" → "1 x pizza (large, olives)": choices sorted.
fn canonical_line(line: &str) -> String {
    match line.split_once(" (") {
        Some((head, rest)) => {
            let mut choices: Vec<&str> = rest.trim_end_matches(')').split(',').map(str::trim).collect();
            choices.sort_unstable();
            format!("{head} ({})", choices.join(", "))
        }
        None => line.to_owned(),
    }
}

/// Prints each failure and the summary line; returns the exit code (1 on any failure).
pub fn report(results: &[FileResult], out: &mut impl std::io::Write) -> std::io::Result<i32> {
    let failed: Vec<&FileResult> = results.iter().filter(|r| !r.passed()).collect();
    for r in &failed {
        writeln!(out, "FAIL {}", r.path.display())?;
        for f in &r.failures {
            writeln!(out, "{f}")?;
        }
    }
    let checked = results.iter().filter(|r| r.orders != Orders::Unchecked).count();
    if checked > 0 {
        let count = |o: Orders| results.iter().filter(|r| r.orders == o).count();
        writeln!(
            out,
            "orders: {} of {checked} exactly as intended, {} placed a wrong order, {} placed too few",
            count(Orders::Intended),
            count(Orders::Wrong),
            count(Orders::Missing)
        )?;
    }
    writeln!(out, "{} passed, {} failed", results.len() - failed.len(), failed.len())?;
    Ok(i32::from(!failed.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::same_lines;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lines_compare_in_any_order_and_the_same_line_twice_counts_together() {
        let expected = lines(&["2 x pizza (large, pepperoni)", "1 x coke (can)"]);
        assert!(same_lines(&expected, &lines(&["1 x coke (can)", "2 x pizza (pepperoni, large)"])));
        assert!(same_lines(
            &expected,
            &lines(&["1 x pizza (large, pepperoni)", "1 x coke (can)", "1 x pizza (large, pepperoni)"])
        ));
        assert!(!same_lines(&expected, &lines(&["1 x pizza (large, pepperoni)", "1 x coke (can)"])));
        assert!(!same_lines(&expected, &lines(&["2 x pizza (medium, pepperoni)", "1 x coke (can)"])));
    }
}
