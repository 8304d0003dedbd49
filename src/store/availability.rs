//! Item availability set by admins, stored so it survives restarts and catalog reloads.

use std::collections::BTreeMap;

use sqlx::Row;

use super::tables::AVAILABILITY;
use super::{now_ms, text, Result, Store};

impl Store {
    /// Records that `item` is (or is not) available, replacing any earlier setting.
    ///
    /// # Errors
    /// The database fails.
    pub async fn set_availability(&self, item: &str, available: bool) -> Result<()> {
        let sql = self.backend().upsert(&AVAILABILITY, "item_id", &["available", "updated_at"]);
        let _writer = self.write_turn().await;
        sqlx::query(&sql).bind(item).bind(i64::from(available)).bind(now_ms()).execute(self.pool()).await?;
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
