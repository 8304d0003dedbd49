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
