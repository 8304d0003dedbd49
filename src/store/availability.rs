//! Item availability set by admins, stored so it survives restarts and catalog reloads.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{now_ms, text, Backend, Result, Store};

impl Store {
    /// Records that `item` is (or is not) available, replacing any earlier setting.
    ///
    /// # Errors
    /// The database fails.
    pub async fn set_availability(&self, item: &str, available: bool) -> Result<()> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "INSERT INTO availability (item_id, available, updated_at) VALUES (?, ?, ?) \
                 ON CONFLICT(item_id) DO UPDATE SET available = excluded.available, updated_at = excluded.updated_at"
            }
            Backend::Mysql => {
                "INSERT INTO availability (item_id, available, updated_at) VALUES (?, ?, ?) \
                 ON DUPLICATE KEY UPDATE available = VALUES(available), updated_at = VALUES(updated_at)"
            }
        };
        let _writer = self.write_turn().await;
        sqlx::query(sql).bind(item).bind(i64::from(available)).bind(now_ms()).execute(self.pool()).await?;
        Ok(())
    }

    /// Every stored setting, by item id.
    ///
    /// # Errors
    /// The database fails.
    pub async fn availability(&self) -> Result<BTreeMap<String, bool>> {
        let rows = sqlx::query("SELECT item_id, available FROM availability").fetch_all(self.pool()).await?;
        rows.iter().map(|row| Ok((text(row, "item_id")?, row.try_get::<i64, _>("available")? != 0))).collect()
    }
}
