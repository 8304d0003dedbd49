//! Catalog hot reload: watch `menu/` and `intents/`, and after a burst of edits
//! settles (~200 ms) build a new catalog. A valid one is swapped in for the next
//! request; an invalid one is logged as `file:line:column: message` and kept in the
//! reload status, while the last good catalog keeps serving.

use std::sync::Mutex;
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;

use super::AppState;
use crate::catalog::Catalog;

/// Edits closer together than this are one reload (editors write files in steps).
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What `GET /api/admin/catalog` returns.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReloadReport {
    /// When the serving catalog was loaded (RFC 3339).
    pub loaded_at: String,
    /// The serving catalog's one-line summary.
    pub summary: String,
    /// `file:line:column: message` of the last failed reload; empty after a good one.
    pub errors: Vec<String>,
}

/// The reload status, shared by the watcher and the admin endpoint.
#[derive(Debug)]
pub struct ReloadStatus(Mutex<ReloadReport>);

impl ReloadStatus {
    pub fn new(catalog: &Catalog) -> Self {
        Self(Mutex::new(ReloadReport { loaded_at: now(), summary: catalog.summary(), errors: Vec::new() }))
    }

    pub fn report(&self) -> ReloadReport {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Rebuilds the catalog from the configured folders and swaps or reports.
pub fn reload_now(state: &AppState) {
    let args = &state.config.catalog;
    match Catalog::load(&args.menu, &args.intents) {
        Ok(catalog) => {
            let overrides = state.availability.lock().unwrap_or_else(|e| e.into_inner()).clone();
            let catalog = super::availability::apply(&catalog, &overrides);
            let summary = catalog.summary();
            tracing::info!(%summary, "catalog reloaded");
            state.catalog.store(std::sync::Arc::new(catalog));
            *state.reload.0.lock().unwrap_or_else(|e| e.into_inner()) =
                ReloadReport { loaded_at: now(), summary, errors: Vec::new() };
        }
        Err(problems) => {
            let errors: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
            for e in &errors {
                tracing::error!("catalog reload failed, keeping the last good one: {e}");
            }
            state.reload.0.lock().unwrap_or_else(|e| e.into_inner()).errors = errors;
        }
    }
}

/// Starts watching; the watcher stops when the returned value is dropped.
///
/// # Errors
/// The folders cannot be watched.
pub fn watch(state: AppState) -> notify::Result<RecommendedWatcher> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(&state.config.catalog.menu, RecursiveMode::NonRecursive)?;
    watcher.watch(&state.config.catalog.intents, RecursiveMode::NonRecursive)?;
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // Debounce: wait until no event has come for DEBOUNCE.
            while let Ok(Some(())) = tokio::time::timeout(DEBOUNCE, rx.recv()).await {}
            let state = state.clone();
            let _ = tokio::task::spawn_blocking(move || reload_now(&state)).await;
        }
    });
    Ok(watcher)
}
