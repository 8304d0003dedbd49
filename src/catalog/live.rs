//! The catalog a running server serves: loaded from its folders, swapped whole by a
//! valid reload (a bad one is kept as `file:line:column` problems while the last good
//! catalog keeps serving), with the admins' availability settings laid on top of every
//! catalog it serves. One owner for all three, so a reload and a sold-out item never
//! undo each other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use super::{Catalog, Problems};

/// What the reload status says: the serving catalog and the last failed reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadState {
    /// When the serving catalog was loaded (RFC 3339).
    pub loaded_at: String,
    pub summary: String,
    /// `file:line:column: message` of the last failed reload; empty after a good one.
    pub errors: Vec<String>,
}

/// The serving catalog and what it is made from.
#[derive(Debug)]
pub struct LiveCatalog {
    menu: PathBuf,
    intents: PathBuf,
    serving: ArcSwap<Catalog>,
    /// Item id → available, as admins set it (the database holds the same).
    availability: Mutex<BTreeMap<String, bool>>,
    status: Mutex<ReloadState>,
}

impl LiveCatalog {
    /// Loads the folders, with `availability` on top.
    ///
    /// # Errors
    /// Every problem of the files, as `file:line:column: message`.
    pub fn load(menu: &Path, intents: &Path, availability: BTreeMap<String, bool>) -> Result<Self, Problems> {
        let catalog = with_availability(&Catalog::load(menu, intents)?, &availability);
        let status = ReloadState { loaded_at: now(), summary: catalog.summary(), errors: Vec::new() };
        Ok(Self {
            menu: menu.to_owned(),
            intents: intents.to_owned(),
            serving: ArcSwap::from_pointee(catalog),
            availability: Mutex::new(availability),
            status: Mutex::new(status),
        })
    }

    /// The catalog as of now; hold it for one request, not longer.
    pub fn current(&self) -> Arc<Catalog> {
        self.serving.load_full()
    }

    /// The folders the catalog is read from (what a watcher watches).
    pub fn folders(&self) -> [&Path; 2] {
        [&self.menu, &self.intents]
    }

    /// Reads the folders again: a valid catalog serves from the next request on; an
    /// invalid one is reported and the last good one keeps serving.
    ///
    /// # Errors
    /// The problems of the files, kept in the status too.
    pub fn reload(&self) -> Result<(), Problems> {
        match Catalog::load(&self.menu, &self.intents) {
            Ok(catalog) => {
                let catalog = with_availability(&catalog, &lock(&self.availability));
                *lock(&self.status) = ReloadState { loaded_at: now(), summary: catalog.summary(), errors: Vec::new() };
                self.serving.store(Arc::new(catalog));
                Ok(())
            }
            Err(problems) => {
                lock(&self.status).errors = problems.0.iter().map(ToString::to_string).collect();
                Err(problems)
            }
        }
    }

    /// Replaces the availability settings (all of them, as the database holds them) and
    /// serves them at once; `false` when they were already in force.
    pub fn set_availability(&self, settings: BTreeMap<String, bool>) -> bool {
        let mut current = lock(&self.availability);
        if *current == settings {
            return false;
        }
        current.clone_from(&settings);
        drop(current);
        // `rcu`: a reload racing with this still ends with the settings applied.
        self.serving.rcu(|serving| Arc::new(with_availability(serving, &settings)));
        true
    }

    /// One item's setting changed (by an admin here); the rest stay.
    pub fn set_item_available(&self, item: &str, available: bool) {
        let mut settings = lock(&self.availability).clone();
        settings.insert(item.to_owned(), available);
        self.set_availability(settings);
    }

    pub fn status(&self) -> ReloadState {
        lock(&self.status).clone()
    }
}

/// `catalog` with the admins' settings on top; unknown ids (an item since removed from
/// the files) are ignored.
fn with_availability(catalog: &Catalog, settings: &BTreeMap<String, bool>) -> Catalog {
    let mut out = catalog.clone();
    for item in &mut out.items {
        if let Some(&available) = settings.get(&item.id) {
            item.available = available;
        }
    }
    out
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
