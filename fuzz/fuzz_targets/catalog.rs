//! Arbitrary bytes as the content of one operator file, loaded with the other shipped
//! files: the load either succeeds or reports problems pinned to a real
//! `file:line:column` of the given files, and never panics. A catalog that loads is
//! then used: a few messages are parsed (with the parse invariants) and a short
//! conversation orders, checks out and confirms.
//!
//! The first byte picks what the rest replaces (its value modulo 8; the seeds use the
//! digits '0'..'7'): 0-2 one of `menu/drinks.toml`, `menu/pizza.toml`, `menu/sides.toml`;
//! 3 the whole menu; 4-5 `intents/core.toml`, `intents/replies.toml`; 6 an extra menu
//! file; 7 an extra intents file.

#![no_main]

use std::path::Path;

use chatorder::catalog::{Catalog, Problems, Source};
use chatorder::dialogue::Session;
use libfuzzer_sys::fuzz_target;

const MESSAGES: &[&str] = &[
    "two large pepperoni pizzas and a diet coke, no onions on one of them",
    "what toppings do you have",
    "how much is a large pizza",
    "make it three",
    "remove the coke",
];

const CONVERSATION: &[&str] = &["a pizza and a coke", "large", "extra cheese", "that's all", "yes"];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    // A file that is not UTF-8 is a read error before any parsing; the loader only sees text.
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (shipped_menu, shipped_intents) = chatorder_fuzz::shipped_sources();
    let mut menu = shipped_menu.clone();
    let mut intents = shipped_intents.clone();
    let fuzzed = |name: &str| Source::new(Path::new(name), text.to_owned());
    let (menus, intent_files) = (menu.len(), intents.len());
    match mode % 8 {
        m @ 0..=2 => menu[usize::from(m) % menus].text = text.to_owned(),
        3 => menu = vec![fuzzed("menu/fuzzed.toml")],
        m @ 4..=5 => intents[usize::from(m - 4) % intent_files].text = text.to_owned(),
        6 => menu.push(fuzzed("menu/zz_fuzzed.toml")),
        _ => intents.push(fuzzed("intents/zz_fuzzed.toml")),
    }
    match Catalog::from_sources(&menu, &intents) {
        Ok(catalog) => use_catalog(&catalog),
        Err(problems) => check_problems(&problems, &menu, &intents),
    }
});

/// Each problem points into one of the files, at a line and column that exist.
fn check_problems(problems: &Problems, menu: &[Source], intents: &[Source]) {
    assert!(!problems.0.is_empty(), "a failed load reports at least one problem");
    for p in &problems.0 {
        let src = menu
            .iter()
            .chain(intents)
            .find(|s| s.path == p.file)
            .unwrap_or_else(|| panic!("{p}: not one of the loaded files"));
        let lines: Vec<&str> = src.text.split('\n').collect();
        assert!(p.line >= 1 && p.line <= lines.len(), "{p}: line outside the file of {} lines", lines.len());
        let width = lines[p.line - 1].chars().count();
        assert!(p.column >= 1 && p.column <= width + 1, "{p}: column outside a line of {width} characters");
        assert!(!p.message.trim().is_empty(), "{p}: an empty message");
        let shown = p.to_string();
        let prefix = format!("{}:{}:{}: ", p.file.display(), p.line, p.column);
        assert!(shown.starts_with(&prefix), "{shown:?} does not start with file:line:column");
        // `chatorder check` prints one problem per line.
        assert!(!shown.contains('\n'), "{shown:?} spans several lines");
    }
}

/// A catalog that loaded serves messages and a whole conversation without panicking.
fn use_catalog(catalog: &Catalog) {
    assert!(!catalog.summary().is_empty());
    for m in MESSAGES {
        let p = chatorder_fuzz::parse_checked(catalog, m);
        for l in &p.lines {
            // Pricing may refuse the line; it must not panic or overflow.
            let _ = catalog.price_line(l);
        }
    }
    let mut session = Session::new();
    for m in CONVERSATION {
        chatorder_fuzz::send_checked(catalog, &mut session, m);
    }
}
