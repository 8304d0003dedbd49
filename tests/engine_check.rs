//! `chatorder check`'s problems: every broken line is named with file, line and column.

use chatorder::catalog::{Catalog, Problem, Source};

const INTENTS: &str = "[[intent]]\nid = \"greet\"\nexamples = [\"hi\"]\n[[intent]]\nid = \"fallback\"\n";

fn problems(menu: &str, intents: &str) -> Vec<Problem> {
    let m = Source::new("menu/test.toml".as_ref(), menu.to_owned());
    let i = Source::new("intents/test.toml".as_ref(), intents.to_owned());
    match Catalog::from_sources(&[m], &[i]) {
        Ok(_) => Vec::new(),
        Err(p) => p.0,
    }
}

fn one(menu: &str) -> String {
    let p = problems(menu, INTENTS);
    assert!(!p.is_empty(), "expected a problem in:\n{menu}");
    p[0].to_string()
}

const BASE: &str = "[[category]]\nid = \"drink\"\nname = \"Drinks\"\n";

#[test]
fn a_toml_syntax_error_is_pinned_to_its_line() {
    let s = one("[[category]]\nid = \"drink\nname = 1\n");
    assert!(s.starts_with("menu/test.toml:2:"), "{s}");
}

#[test]
fn an_unknown_category_is_reported_where_it_is_used() {
    let s = one(&format!("{BASE}[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drinks\"\nprice = 100\n"));
    assert!(s.starts_with("menu/test.toml:7:12:"), "{s}");
}

#[test]
fn an_unknown_group_is_reported() {
    let s = one(&format!(
        "{BASE}[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drink\"\nprice = 100\ngroups = [\"size\"]\n"
    ));
    assert!(s.contains("size"), "{s}");
}

#[test]
fn a_duplicate_id_is_reported() {
    let item = "[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drink\"\nprice = 100\n";
    let s = one(&format!("{BASE}{item}{item}"));
    assert!(s.contains("coke"), "{s}");
}

#[test]
fn a_synonym_claimed_by_two_items_is_reported() {
    let a = "[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drink\"\nprice = 100\nsynonyms = [\"cola\"]\n";
    let b = "[[item]]\nid = \"pepsi\"\nname = \"Pepsi\"\ncategory = \"drink\"\nprice = 100\nsynonyms = [\"Colas\"]\n";
    let s = one(&format!("{BASE}{a}{b}"));
    assert!(s.starts_with("menu/test.toml:15:") && s.contains("already claimed by 'coke'"), "{s}");
}

#[test]
fn a_synonym_shared_by_two_choices_of_one_group_is_reported_but_not_across_kinds() {
    let g = "[[group]]\nid = \"size\"\nname = \"Size\"\n[[group.choice]]\nid = \"small\"\nname = \"Small\"\nsynonyms = [\"little\"]\n[[group.choice]]\nid = \"kid\"\nname = \"Kid\"\nsynonyms = [\"little\"]\n";
    assert!(one(&format!("{BASE}{g}")).contains("already claimed by 'small'"));
    // An item may share a word with its own category: the parser picks by context.
    let item = "[[item]]\nid = \"drink\"\nname = \"House drink\"\ncategory = \"drink\"\nprice = 100\nsynonyms = [\"drinks\"]\n";
    let cat = "[[category]]\nid = \"drink\"\nname = \"Drinks\"\nsynonyms = [\"drinks\"]\n";
    assert!(problems(&format!("{cat}{item}"), INTENTS).is_empty());
}

#[test]
fn min_greater_than_max_is_reported() {
    let p = problems(&format!("{BASE}[[group]]\nid = \"g\"\nname = \"G\"\nmin = 3\nmax = 1\n"), INTENTS);
    let p: Vec<String> = p.iter().map(ToString::to_string).collect();
    assert!(p.iter().any(|s| s.starts_with("menu/test.toml:7:7: group 'g': min (3) is greater than max (1)")), "{p:?}");
}

#[test]
fn a_missing_price_is_reported() {
    let s = one(&format!("{BASE}[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drink\"\n"));
    assert!(s.contains("has no price"), "{s}");
}

#[test]
fn an_invalid_regex_is_reported_at_its_position() {
    let p = problems(BASE, "[[intent]]\nid = \"greet\"\npatterns = ['(hi']\n[[intent]]\nid = \"fallback\"\n");
    assert!(
        p.iter().any(|p| p.to_string().starts_with("intents/test.toml:3:") && p.message.starts_with("invalid regex")),
        "{p:?}"
    );
}

/// Found by the `catalog` fuzz target: an id written as "co\nke" put a line break into
/// the message, so `chatorder check` printed one problem over two lines.
#[test]
fn a_problem_quoting_a_line_break_stays_on_one_line() {
    let s = one("[[category]]\nid = \"dr\\nink\\u001b\"\nname = \"Drinks\"\n");
    assert_eq!(
        s,
        "menu/test.toml:2:6: category id 'dr\\nink\\u{1b}' must be lower-case letters, digits, '_', '-' or '.'"
    );
}

/// Found by the `catalog` fuzz target: a price near `i64::MAX` loaded, and pricing a line
/// with it overflowed (a panic in debug builds, a wrapped negative total in release).
#[test]
fn a_price_above_the_ceiling_is_reported() {
    let item = |price: &str| {
        format!("{BASE}[[item]]\nid = \"coke\"\nname = \"Coke\"\ncategory = \"drink\"\nprice = {price}\n")
    };
    let s = one(&item("9223372036854775000"));
    assert_eq!(s, "menu/test.toml:8:9: item 'coke': price must be at most 100000000 cents");
    assert!(problems(&item("100000000"), INTENTS).is_empty());
    let choice = "[[group]]\nid = \"size\"\nname = \"Size\"\n[[group.choice]]\nid = \"large\"\nname = \"Large\"\n";
    let s = one(&format!("{BASE}{choice}extra_price = 100000001\n"));
    assert!(s.starts_with("menu/test.toml:10:15:") && s.contains("extra_price must be at most"), "{s}");
    let s = one(&format!("{BASE}{choice}prices = {{ large = 200000000 }}\n"));
    assert!(s.contains("prices must be at most"), "{s}");
}

#[test]
fn the_shipped_files_check_clean() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (problems, summaries) =
        chatorder::cli::check::check(format!("{root}/menu").as_ref(), format!("{root}/intents").as_ref());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        summaries.len(),
        40,
        "the shop, the coffee example, the four generated shops and the thirty-four written by their operators: {summaries:?}"
    );
}

#[test]
fn a_featured_choice_and_a_count_are_checked_where_written() {
    let group = "[[group]]\nid = \"size\"\nname = \"Size\"\nfeatured = [\"huge\"]\n[[group.choice]]\nid = \"small\"\nname = \"Small\"\n";
    let s = one(&format!("{BASE}{group}"));
    assert!(s.starts_with("menu/test.toml:7:13:") && s.contains("featured 'huge' is not a choice"), "{s}");
    let counted =
        "[[group]]\nid = \"pieces\"\nname = \"Pieces\"\n[[group.choice]]\nid = \"one\"\nname = \"One\"\ncount = 1\n";
    let s = one(&format!("{BASE}{counted}"));
    assert!(s.starts_with("menu/test.toml:10:9:") && s.contains("count must be 2 or more"), "{s}");
}

#[test]
fn a_shops_own_words_are_checked_and_used() {
    let menu = "[words]\nnegation = [\"i'm not in the mood for\"]\nlight = [\"  \"]\n";
    let s = one(&format!("{menu}{BASE}"));
    assert!(s.starts_with("menu/test.toml:3:10:") && s.contains("at least one word"), "{s}");

    let menu = format!(
        "[words]\nnegation = [\"i'm not in the mood for\"]\nextra = [\"smothered in\"]\n{BASE}\
         [[group]]\nid = \"sauce\"\nname = \"Sauce\"\namounts = true\n\
         [[group.choice]]\nid = \"hot-sauce\"\nname = \"Hot sauce\"\n\
         [[group.choice]]\nid = \"ranch\"\nname = \"Ranch\"\n\
         [[item]]\nid = \"wings\"\nname = \"Wings\"\ncategory = \"drink\"\nprice = 100\ngroups = [\"sauce\"]\n"
    );
    let m = Source::new("menu/test.toml".as_ref(), menu);
    let i = Source::new("intents/test.toml".as_ref(), INTENTS.to_owned());
    let c = Catalog::from_sources(&[m], &[i]).unwrap_or_else(|e| panic!("{e}"));
    let p = chatorder::engine::parse(&c, "wings smothered in hot sauce, i'm not in the mood for ranch");
    let line = &p.lines[0];
    assert_eq!(line.options.len(), 1, "{p:?}");
    assert_eq!((line.options[0].choice.as_str(), line.options[0].amount.is_some()), ("hot-sauce", true), "{p:?}");
    assert_eq!(line.without[0].choice, "ranch", "{p:?}");
}
