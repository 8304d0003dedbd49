//! Reply templates: pick a variant deterministically and fill its `{placeholders}`.
//!
//! Templates come from the catalog (`intents/replies.toml` and the intents' own
//! `replies`), so operators word the bot. The shipped `intents/replies.toml` is also
//! compiled in as the last resort, so a shop that deletes a template still gets a reply.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::catalog::Catalog;

/// The shipped templates, used only for ids the operator's catalog lacks.
static BUILT_IN: &str = include_str!("../../intents/replies.toml");

fn built_in() -> &'static HashMap<String, Vec<String>> {
    static PARSED: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let file: crate::catalog::file::IntentsFile = toml::from_str(BUILT_IN).unwrap_or_default();
        file.reply
            .into_iter()
            .map(|r| (r.id.into_inner(), r.variants.into_iter().map(|v| v.into_inner()).collect()))
            .collect()
    })
}

/// Renders templates for one turn.
pub struct Replies<'a> {
    catalog: &'a Catalog,
    seed: u64,
}

impl<'a> Replies<'a> {
    pub fn new(catalog: &'a Catalog, seed: u64) -> Self {
        Self { catalog, seed }
    }

    /// The first of `ids` that has templates, rendered with `vars`.
    pub fn first_of(&self, ids: &[&str], vars: &[(&str, String)]) -> String {
        for id in ids {
            let variants = self.catalog.replies(id);
            if !variants.is_empty() {
                return fill(pick(variants, self.seed, id), vars);
            }
        }
        for id in ids {
            if let Some(variants) = built_in().get(*id).filter(|v| !v.is_empty()) {
                return fill(pick(variants, self.seed, id), vars);
            }
        }
        // Only reachable when both the catalog and the shipped file lack every id.
        vars.iter().map(|(_, v)| v.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The template `id` rendered with `vars`.
    pub fn say(&self, id: &str, vars: &[(&str, String)]) -> String {
        self.first_of(&[id], vars)
    }
}

/// A variant chosen from the turn's seed and the template id, so two templates in
/// one turn do not always take the same position, yet a replay gives the same text.
fn pick<'v>(variants: &'v [String], seed: u64, id: &str) -> &'v str {
    // FNV-1a over the id: stable across runs and platforms, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let i = (seed.wrapping_add(h) % variants.len() as u64) as usize;
    &variants[i]
}

/// Replaces each `{name}` with its value; unknown placeholders become empty, and the
/// spaces they leave are tidied so a missing value never shows as "{name}".
fn fill(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                let name = &after[..close];
                if let Some((_, v)) = vars.iter().find(|(k, _)| *k == name) {
                    out.push_str(v);
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    let tidy: Vec<&str> = out.split_whitespace().collect();
    tidy.join(" ").replace(" .", ".").replace(" ,", ",").replace(" ?", "?")
}

/// Integer cents as dollars: 1299 → "$12.99".
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}${}.{:02}", c / 100, c % 100)
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    join_with(items, "and")
}

/// "a", "a or b", "a, b or c".
pub fn or_list(items: &[String]) -> String {
    join_with(items, "or")
}

fn join_with(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_formatted_from_cents() {
        assert_eq!(money(1299), "$12.99");
        assert_eq!(money(5), "$0.05");
        assert_eq!(money(0), "$0.00");
        assert_eq!(money(-150), "-$1.50");
    }

    #[test]
    fn placeholders_are_filled_and_missing_ones_vanish() {
        let v = [("item", "coke".to_owned())];
        assert_eq!(fill("One {item}, {who} coming up .", &v), "One coke, coming up.");
        assert_eq!(fill("braces { stay", &v), "braces { stay");
    }

    #[test]
    fn lists_read_naturally() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(or_list(&s(&["a", "b"])), "a or b");
    }

    #[test]
    fn the_shipped_templates_parse() {
        assert!(built_in().len() > 20, "intents/replies.toml must parse");
    }
}
