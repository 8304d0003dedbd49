//! What the test files share: the shipped catalog and the example shops, loaded once.

#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::Path;
use std::sync::OnceLock;

use chatorder::catalog::Catalog;

/// The project folder.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped `menu/` and `intents/`, loaded once per test binary.
pub(crate) fn shipped() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| load(&root().join("menu")))
}

/// An example shop's menu (`menu/examples/<name>`) with the shipped intents.
pub(crate) fn example_shop(name: &str) -> Catalog {
    load(&root().join("menu/examples").join(name))
}

fn load(menu: &Path) -> Catalog {
    Catalog::load(menu, &root().join("intents")).unwrap_or_else(|problems| panic!("{problems}"))
}

/// Runs a folder of helper-written conversations (relative to the project) with the
/// catalog and holds its measured level: a floor on exactly intended orders that may
/// only rise, a ceiling on wrong orders that may only fall.
pub(crate) fn holds_level(
    catalog: &Catalog,
    folder: &str,
    files: usize,
    intended_at_least: usize,
    wrong_at_most: usize,
) {
    use chatorder::cli::test::{run_dir, Orders};
    let results = run_dir(catalog, &root().join(folder), &chatorder::acts::understand).unwrap();
    assert_eq!(results.len(), files);
    let count = |o: Orders| results.iter().filter(|r| r.orders == o).count();
    let (intended, wrong) = (count(Orders::Intended), count(Orders::Wrong));
    println!("{folder}: {intended} of {files} placed exactly the intended orders, {wrong} a wrong order");
    assert!(intended >= intended_at_least, "only {intended} of {files} exactly as intended (was {intended_at_least})");
    assert!(wrong <= wrong_at_most, "{wrong} of {files} placed a wrong order (was {wrong_at_most})");
}
