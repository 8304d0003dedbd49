//! The `events` outbox, read side: rows written in the same transaction as each order
//! change, read by the live stream (`GET /api/events`).
//!
//! Ids are not commit order on MySQL: an AUTO_INCREMENT id is handed out at insert,
//! so a lower id can commit after a higher one, and Galera interleaves the ids of its
//! nodes (`auto_increment_increment`), leaving gaps that never fill. Readers therefore
//! look again at a trailing window of ids ([`Store::event_ids_between`]) besides the
//! rows above the highest id they have seen.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{text, Result, Store};

/// One outbox row: what happened to which order, and whose order it is.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    /// `order.created`, `order.status`, `order.updated` (lines added),
    /// `order.checkout` (card payment opened) or `order.paid`.
    pub kind: String,
    pub order_id: i64,
    /// The order's owner: customers are sent only their own orders' events.
    pub user_id: i64,
    /// JSON: `{"from": previous status or null, "order": the order as the API shows it}`.
    pub payload: String,
    pub created_at: i64,
}

impl Store {
    /// Up to `limit` events with an id above `after`, oldest first; with `owner`, only
    /// that user's (through the `(user_id, id)` index, not by reading everyone's).
    ///
    /// # Errors
    /// The database fails.
    pub async fn events_after(&self, after: i64, owner: Option<i64>, limit: i64) -> Result<Vec<EventRow>> {
        const COLUMNS: &str = "SELECT id, kind, order_id, user_id, payload, created_at FROM events";
        let rows = match owner {
            Some(user_id) => {
                sqlx::query(&format!("{COLUMNS} WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?"))
                    .bind(user_id)
                    .bind(after)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query(&format!("{COLUMNS} WHERE id > ? ORDER BY id LIMIT ?"))
                    .bind(after)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(event_row).collect()
    }

    /// The ids of the events with `low < id <= high`, ascending, with `owner` only that
    /// user's: what a reader compares with the ids it has seen to find rows that
    /// committed after higher ones.
    ///
    /// # Errors
    /// The database fails.
    pub async fn event_ids_between(&self, low: i64, high: i64, owner: Option<i64>) -> Result<Vec<i64>> {
        let rows = match owner {
            Some(user_id) => {
                sqlx::query("SELECT id FROM events WHERE user_id = ? AND id > ? AND id <= ? ORDER BY id")
                    .bind(user_id)
                    .bind(low)
                    .bind(high)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query("SELECT id FROM events WHERE id > ? AND id <= ? ORDER BY id")
                    .bind(low)
                    .bind(high)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
    }

    /// The events with these ids, ascending by id.
    ///
    /// # Errors
    /// The database fails.
    pub async fn events_with_ids(&self, ids: &[i64]) -> Result<Vec<EventRow>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, kind, order_id, user_id, payload, created_at FROM events WHERE id IN ({}) ORDER BY id",
                super::marks(chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(self.pool()).await? {
                out.push(event_row(&row)?);
            }
        }
        Ok(out)
    }

    /// The highest event id so far (0 when there is none): where a fresh poller starts.
    ///
    /// # Errors
    /// The database fails.
    pub async fn last_event_id(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COALESCE(MAX(id), 0) AS last FROM events").fetch_one(self.pool()).await?;
        Ok(row.try_get("last")?)
    }
}

fn event_row(row: &AnyRow) -> Result<EventRow> {
    event_columns(row, "id")
}

/// An event's columns in a row, its id named `id` (a join names it otherwise).
pub(super) fn event_columns(row: &AnyRow, id: &str) -> Result<EventRow> {
    Ok(EventRow {
        id: row.try_get(id)?,
        kind: text(row, "kind")?,
        order_id: row.try_get("order_id")?,
        user_id: row.try_get("user_id")?,
        payload: text(row, "payload")?,
        created_at: row.try_get("created_at")?,
    })
}
