//! Catalog hot reload: watch the live catalog's folders, and after a burst of edits
//! settles (~200 ms) reload it. A valid catalog serves from the next request on; an
//! invalid one is logged as `file:line:column: message` and shown by
//! `GET /api/admin/catalog`, while the last good catalog keeps serving.

use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;

use super::AppState;
use crate::catalog::ReloadState;

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

impl From<ReloadState> for ReloadReport {
    fn from(s: ReloadState) -> Self {
        Self { loaded_at: s.loaded_at, summary: s.summary, errors: s.errors }
    }
}

/// Reloads the live catalog and logs the outcome.
pub fn reload_now(state: &AppState) {
    match state.catalog.reload() {
        Ok(()) => tracing::info!(summary = %state.catalog().summary(), "catalog reloaded"),
        Err(problems) => {
            for e in &problems.0 {
                tracing::error!("catalog reload failed, keeping the last good one: {e}");
            }
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
    for folder in state.catalog.folders() {
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
    }
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
