//! The operator's `menu/` and `intents/` files, validated and compiled once into an
//! immutable, indexed `Catalog` that the engine, the dialogue and the API share by `Arc`.
//!
//! Loading never stops at the first mistake: it returns every problem as
//! `file:line:column: message`, and a reload that fails keeps the last good catalog.

pub mod acts;
mod build;
pub mod english;
mod error;
pub mod file;
pub mod grammar;
mod intent_kind;
pub mod lexicon;
mod live;
mod model;
pub mod phrases;
mod pricing;
mod respell;
pub mod said;
pub mod shop;
pub mod text;

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use crate::order::OptionRef;

pub use error::{Problem, Problems, Source};
pub use grammar::Gram;
pub use intent_kind::Intent;
pub use lexicon::Lexicon;
pub use live::{LiveCatalog, ReloadState};
pub use model::{Category, Choice, Group, IntentRule, Item, ItemGroup, Price, Shop, CANCEL_STAGES};
pub use phrases::IntentIndex;
pub use pricing::{LineError, OrderError, MAX_LINES, MAX_QUANTITY};

use model::Index;

/// The whole menu and intent set, compiled. Cheap to share, never mutated.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub groups: Vec<Group>,
    pub items: Vec<Item>,
    pub intents: Vec<IntentRule>,
    replies: HashMap<String, Vec<String>>,
    index: Index,
    /// The compiled word index (menu synonyms, tags, grammar words), built at load.
    lexicon: Lexicon,
    /// The compiled intent examples and keywords, built at load.
    intent_index: IntentIndex,
    /// The dialogue acts' word lists (`[acts]` in `intents/`).
    acts: acts::ActWords,
    /// For each choice (group, choice), the choices of other groups a word naming it
    /// also names ("hot": a spice level and a tea served hot), built at load.
    named_alike: HashMap<(usize, usize), Vec<(usize, usize)>>,
    /// Words for pickup, delivery, addresses, times, phones and notes.
    pub said: said::SaidWords,
    /// The shop's own rules (`[shop]` in `menu/`).
    pub shop: Shop,
}

impl Catalog {
    /// Loads every `*.toml` directly inside `menu_dir` and `intents_dir` (not sub-folders,
    /// so `menu/examples/` is not mixed into the shop's menu).
    ///
    /// # Errors
    /// Every problem found, each with its file, line and column.
    pub fn load(menu_dir: &Path, intents_dir: &Path) -> Result<Self, Problems> {
        let menu = read_sources(menu_dir)?;
        let intents = read_sources(intents_dir)?;
        Self::from_sources(&menu, &intents)
    }

    /// Builds a catalog from file contents already in memory.
    ///
    /// # Errors
    /// Every problem found, each with its file, line and column.
    pub fn from_sources(menu: &[Source], intents: &[Source]) -> Result<Self, Problems> {
        let mut report = build::Report::default();
        let built = build::build(menu, intents, &mut report);
        if !report.0.is_empty() {
            report.0.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            return Err(Problems(report.0));
        }
        let mut lexicon = Lexicon::build(&built.categories, &built.groups, &built.items, &built.words);
        // Words of intent examples and keywords are real words: never typos, never unknown.
        for i in &built.intents {
            for phrase in i.examples.iter().chain(&i.keywords) {
                lexicon.add_known(&text::tokenize(phrase));
            }
        }
        // So are the act words: "cheers" is thanks, not a typo of "cheese".
        for phrase in built.acts.phrases() {
            lexicon.add_known(phrase);
        }
        lexicon.seal();
        let intent_index = IntentIndex::build(&built.intents);
        let named_alike = named_alike(&lexicon);
        Ok(Self {
            named_alike,
            lexicon,
            intent_index,
            categories: built.categories,
            groups: built.groups,
            items: built.items,
            intents: built.intents,
            replies: built.replies,
            acts: built.acts,
            said: built.said,
            index: built.index,
            shop: built.shop,
        })
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.index.items.get(id).map(|&i| &self.items[i])
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.index.groups.get(id).map(|&i| &self.groups[i])
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.index.categories.get(id).map(|&i| &self.categories[i])
    }

    /// The choice of another group, one the item takes, that a word naming `o` also
    /// names ("hot": a spice level, and a tea served hot), when exactly one is.
    pub fn also_named(&self, item: &Item, o: &OptionRef) -> Option<OptionRef> {
        let g = *self.index.groups.get(&o.group)?;
        let c = self.groups[g].choices.iter().position(|x| x.id == o.choice)?;
        let alike = self.named_alike.get(&(g, c))?;
        let mut takes =
            alike.iter().map(|&(g, c)| (&self.groups[g], c)).filter(|(other, _)| item.group(&other.id).is_some());
        match (takes.next(), takes.next()) {
            (Some((other, c)), None) => Some(OptionRef::new(&other.id, &other.choices[c].id)),
            _ => None,
        }
    }

    /// The compiled word index the engine matches messages against.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The dialogue acts' word lists.
    pub fn act_words(&self) -> &acts::ActWords {
        &self.acts
    }

    /// The compiled intent examples and keywords.
    pub fn intent_index(&self) -> &IntentIndex {
        &self.intent_index
    }

    /// The position of an intent by id.
    pub fn intent_position(&self, id: &str) -> Option<usize> {
        self.intents.iter().position(|i| i.id == id)
    }

    /// The reply variants for an intent or a named reply; empty when there are none.
    pub fn replies(&self, id: &str) -> &[String] {
        self.replies.get(id).map_or(&[], Vec::as_slice)
    }

    /// A one-line summary for `chatorder check` and the startup log.
    pub fn summary(&self) -> String {
        let choices: usize = self.groups.iter().map(|g| g.choices.len()).sum();
        format!(
            "{} items in {} categories, {} option groups with {} choices, {} intents, {} reply sets",
            self.items.len(),
            self.categories.len(),
            self.groups.len(),
            choices,
            self.intents.len(),
            self.replies.len()
        )
    }
}

/// The `*.toml` files directly in `dir`, sorted by name so results are stable: the
/// one reader of an operator's folder (menus, intents, conversation tests).
///
/// # Errors
/// The folder cannot be read.
pub fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Reads the `*.toml` files of one folder ([`toml_files`]).
///
/// # Errors
/// The folder or a file cannot be read, as a problem naming it.
pub fn read_sources(dir: &Path) -> Result<Vec<Source>, Problems> {
    let unreadable = |path: &Path, e: std::io::Error| {
        Problems(vec![Problem { file: path.to_owned(), line: 1, column: 1, message: format!("cannot read: {e}") }])
    };
    toml_files(dir)
        .map_err(|e| unreadable(dir, e))?
        .into_iter()
        .map(|p| std::fs::read_to_string(&p).map(|t| Source::new(&p, t)).map_err(|e| unreadable(&p, e)))
        .collect()
}

/// For each choice, the choices of other groups that a phrase naming it also names.
fn named_alike(lexicon: &Lexicon) -> HashMap<(usize, usize), Vec<(usize, usize)>> {
    let mut alike: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::default();
    for phrase in &lexicon.phrases {
        let choices: Vec<(usize, usize)> = phrase
            .senses
            .iter()
            .filter_map(|s| match *s {
                lexicon::Sense::Choice { group, choice } => Some((group, choice)),
                _ => None,
            })
            .collect();
        for &(g, c) in &choices {
            for &other in choices.iter().filter(|o| o.0 != g) {
                let list = alike.entry((g, c)).or_default();
                if !list.contains(&other) {
                    list.push(other);
                }
            }
        }
    }
    alike
}
