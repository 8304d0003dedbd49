//! Runs every conversation in `tests/conversations/` through the real engine and
//! dialogue, with the same runner as `chatorder test`.

use std::path::Path;

use chatorder::catalog::Catalog;
use chatorder::cli::test::{report, run_dir};

#[test]
fn every_shipped_conversation_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = Catalog::load(&root.join("menu"), &root.join("intents")).unwrap_or_else(|e| panic!("{e}"));
    let results = run_dir(&catalog, &root.join("tests/conversations"), &chatorder::engine::parse).unwrap();
    assert!(results.len() >= 40, "only {} conversation files", results.len());
    let mut out = Vec::new();
    let code = report(&results, &mut out).unwrap();
    let text = String::from_utf8_lossy(&out);
    println!("{text}");
    assert_eq!(code, 0, "{text}");
}
