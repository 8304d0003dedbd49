//! `chatorder check`: validates `menu/` and `intents/`, and each `menu/examples/*.toml`
//! and each `menu/examples/<shop>/` folder as a menu of its own with the same intents. Prints every problem as
//! `file:line:column: message` (exit 1), or one summary line (exit 0).

use std::path::{Path, PathBuf};

use crate::catalog::{self, Catalog, Problem, Problems, Source};
use crate::config::CatalogArgs;

/// Checks the files and returns the exit code.
pub fn run(args: CatalogArgs) -> anyhow::Result<i32> {
    let (problems, summaries) = check(&args.menu, &args.intents);
    if problems.is_empty() {
        println!("ok: {}", summaries.join("; "));
        Ok(0)
    } else {
        for p in &problems {
            println!("{p}");
        }
        Ok(1)
    }
}

/// Every problem in the shop's files and example menus, plus a summary per catalog.
pub fn check(menu: &Path, intents: &Path) -> (Vec<Problem>, Vec<String>) {
    let mut problems = Vec::new();
    let mut summaries = Vec::new();
    match Catalog::load(menu, intents) {
        Ok(c) => summaries.push(format!("{}: {}", menu.display(), c.summary())),
        Err(Problems(p)) => problems.extend(p),
    }
    let examples = menu.join("examples");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&examples).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.is_dir() || p.extension().is_some_and(|x| x == "toml"));
    files.sort();
    // Unreadable intents were already reported with the shop's own menu.
    let intent_sources = catalog::read_sources(intents).unwrap_or_default();
    for f in files {
        let menu_src = if f.is_dir() {
            match catalog::read_sources(&f) {
                Ok(sources) => sources,
                Err(Problems(p)) => {
                    problems.extend(p);
                    continue;
                }
            }
        } else {
            match std::fs::read_to_string(&f) {
                Ok(t) => vec![Source::new(&f, t)],
                Err(e) => {
                    problems.push(Problem {
                        file: f.clone(),
                        line: 1,
                        column: 1,
                        message: format!("cannot read: {e}"),
                    });
                    continue;
                }
            }
        };
        match Catalog::from_sources(&menu_src, &intent_sources) {
            Ok(c) => summaries.push(format!("{}: {}", f.display(), c.summary())),
            // Intent problems were already reported with the shop's own menu.
            Err(Problems(p)) => problems.extend(p.into_iter().filter(|p| p.file.starts_with(&f))),
        }
    }
    (problems, summaries)
}
