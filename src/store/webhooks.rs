//! Webhooks' rows: the endpoints an admin registered (`webhook_endpoints`) and one
//! delivery per endpoint and event (`webhook_deliveries`), which is the retry state.
//!
//! "Nothing lost" rests on two things. An endpoint's cursor (`enqueued_through`) moves
//! in the same transaction as the delivery rows of the events it passes
//! ([`Store::enqueue_deliveries`]), so a crash leaves either both or neither, and a
//! delivery row stays `pending` until an attempt's answer is recorded: an attempt cut
//! short by a crash is made again once its lease ([`Store::claim_delivery`]) runs out.
//! Enqueueing the same event twice (two server processes, a window read again) is a
//! no-op thanks to the unique `(endpoint_id, event_id)` key.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::tables::WEBHOOK_DELIVERIES;
use super::{inserted_id, now_ms, opt_text, text, Error, EventRow, Result, Store};

/// One endpoint as stored, secret included (the API masks it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub url: String,
    pub secret: String,
    /// Comma-separated event kinds, or `*`.
    pub event_kinds: String,
    /// False while paused: deliveries are enqueued but not sent.
    pub active: bool,
    /// Every event with an id at or below this one has a delivery row or was not wanted.
    pub enqueued_through: i64,
    pub created_at: i64,
}

/// The kinds an endpoint stored as `*` receives: every kind.
pub const ALL_KINDS: &str = "*";

impl WebhookEndpoint {
    /// The kinds this endpoint wants; empty for every kind.
    pub fn kinds(&self) -> Vec<&str> {
        if self.event_kinds == ALL_KINDS {
            Vec::new()
        } else {
            self.event_kinds.split(',').filter(|k| !k.is_empty()).collect()
        }
    }

    /// Whether an event of `kind` is for this endpoint.
    pub fn wants(&self, kind: &str) -> bool {
        let kinds = self.kinds();
        kinds.is_empty() || kinds.contains(&kind)
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Not yet answered with a 2xx: due at `next_attempt_at` (or being attempted).
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Given up after the retry period; a replay makes it pending again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [DeliveryState::Pending, DeliveryState::Delivered, DeliveryState::Failed].into_iter().find(|d| d.as_str() == s)
    }
}

/// One delivery: an event for an endpoint, and how sending it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub endpoint_id: i64,
    pub event_id: i64,
    /// The event's kind (`order.created`, …).
    pub kind: String,
    pub state: DeliveryState,
    /// Attempts answered (or timed out) so far.
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub retry_since: i64,
    pub last_attempt_at: Option<i64>,
    /// The HTTP status of the last answer; none when it did not answer.
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub delivered_at: Option<i64>,
    pub created_at: i64,
}

/// A delivery due now, with what sending it needs.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: i64,
    pub attempts: i64,
    /// As read: the claim compares it, so two processes never both take the delivery.
    pub next_attempt_at: i64,
    pub retry_since: i64,
    pub url: String,
    pub secret: String,
    pub event: EventRow,
}

/// What one attempt came to, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    pub status: Option<i64>,
    pub error: Option<String>,
    /// `Delivered`, or `Pending` with `retry_at`, or `Failed` (given up).
    pub state: DeliveryState,
    pub retry_at: i64,
}

/// Longest `last_error` kept.
const ERROR_LEN: usize = 500;

const DELIVERY_COLUMNS: &str = "d.id, d.endpoint_id, d.event_id, e.kind, d.state, d.attempts, d.next_attempt_at, \
     d.retry_since, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at, d.created_at";

impl Store {
    /// Registers an endpoint. It receives the events after the newest one now.
    ///
    /// # Errors
    /// The database fails.
    pub async fn create_webhook(&self, url: &str, secret: &str, event_kinds: &str) -> Result<WebhookEndpoint> {
        let newest = self.last_event_id().await?;
        let now = now_ms();
        let _writer = self.write_turn().await;
        let mut conn = self.pool().acquire().await?;
        let done = sqlx::query(
            "INSERT INTO webhook_endpoints (url, secret, event_kinds, active, enqueued_through, created_at) \
             VALUES (?, ?, ?, 1, ?, ?)",
        )
        .bind(url)
        .bind(secret)
        .bind(event_kinds)
        .bind(newest)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        let id = inserted_id(&mut conn, &done).await?;
        Ok(WebhookEndpoint {
            id,
            url: url.to_owned(),
            secret: secret.to_owned(),
            event_kinds: event_kinds.to_owned(),
            active: true,
            enqueued_through: newest,
            created_at: now,
        })
    }

    /// Every endpoint, oldest first.
    ///
    /// # Errors
    /// The database fails.
    pub async fn webhooks(&self) -> Result<Vec<WebhookEndpoint>> {
        let rows = sqlx::query(
            "SELECT id, url, secret, event_kinds, active, enqueued_through, created_at FROM webhook_endpoints ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(endpoint_row).collect()
    }

    /// One endpoint.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    pub async fn webhook(&self, id: i64) -> Result<WebhookEndpoint> {
        let row = sqlx::query(
            "SELECT id, url, secret, event_kinds, active, enqueued_through, created_at FROM webhook_endpoints WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(endpoint_row).transpose()?.ok_or(Error::NotFound)
    }

    /// Pauses or resumes an endpoint. Setting it active makes its pending deliveries due
    /// at once, with a fresh retry period: the time paused does not count against them.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    pub async fn set_webhook_active(&self, id: i64, active: bool) -> Result<WebhookEndpoint> {
        {
            let now = now_ms();
            let _writer = self.write_turn().await;
            let mut tx = self.backend().begin_write(self.pool()).await?;
            // No row changed can mean no such endpoint or (MySQL) no change: the read below tells.
            sqlx::query("UPDATE webhook_endpoints SET active = ? WHERE id = ?")
                .bind(i64::from(active))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if active {
                sqlx::query(
                    "UPDATE webhook_deliveries SET next_attempt_at = ?, retry_since = ? \
                     WHERE endpoint_id = ? AND state = ?",
                )
                .bind(now)
                .bind(now)
                .bind(id)
                .bind(DeliveryState::Pending.as_str())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        self.webhook(id).await
    }

    /// Removes an endpoint and its deliveries: nothing more is sent to it.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    pub async fn delete_webhook(&self, id: i64) -> Result<()> {
        let _writer = self.write_turn().await;
        let mut tx = self.backend().begin_write(self.pool()).await?;
        sqlx::query("DELETE FROM webhook_deliveries WHERE endpoint_id = ?").bind(id).execute(&mut *tx).await?;
        let done = sqlx::query("DELETE FROM webhook_endpoints WHERE id = ?").bind(id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// In one transaction: a pending delivery for each of `event_ids` that has none yet,
    /// and the endpoint's cursor moved up to `through` (never down).
    ///
    /// # Errors
    /// The database fails.
    pub async fn enqueue_deliveries(&self, endpoint_id: i64, event_ids: &[i64], through: i64) -> Result<()> {
        super::retrying("webhook enqueue", || self.enqueue_once(endpoint_id, event_ids, through)).await
    }

    async fn enqueue_once(&self, endpoint_id: i64, event_ids: &[i64], through: i64) -> Result<()> {
        let now = now_ms();
        let _writer = self.write_turn().await;
        let mut tx = self.backend().begin_write(self.pool()).await?;
        for chunk in event_ids.chunks(200) {
            let sql = self.backend().insert_ignore(&WEBHOOK_DELIVERIES).replace("{rows}", &rows(chunk.len()));
            let mut query = sqlx::query(&sql);
            for event_id in chunk {
                // endpoint_id, event_id, state, attempts, next_attempt_at, retry_since, created_at
                query = query
                    .bind(endpoint_id)
                    .bind(*event_id)
                    .bind(DeliveryState::Pending.as_str())
                    .bind(0_i64)
                    .bind(now)
                    .bind(now)
                    .bind(now);
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE webhook_endpoints SET enqueued_through = ? WHERE id = ? AND enqueued_through < ?")
            .bind(through)
            .bind(endpoint_id)
            .bind(through)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The ids of events with `low < id <= high`, of the kinds the endpoint wants and not
    /// older than it, that have no delivery for it: rows that committed after the cursor
    /// had passed their id.
    ///
    /// # Errors
    /// The database fails.
    pub async fn unenqueued_events(&self, endpoint: &WebhookEndpoint, low: i64, high: i64) -> Result<Vec<i64>> {
        let kinds = endpoint.kinds();
        let kind_filter =
            if kinds.is_empty() { String::new() } else { format!(" AND e.kind IN ({})", super::marks(kinds.len())) };
        let sql = format!(
            "SELECT e.id FROM events e WHERE e.id > ? AND e.id <= ? AND e.created_at >= ?{kind_filter} \
             AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = ? AND d.event_id = e.id) \
             ORDER BY e.id"
        );
        let mut query = sqlx::query(&sql).bind(low).bind(high).bind(endpoint.created_at);
        for kind in kinds {
            query = query.bind(kind);
        }
        let rows = query.bind(endpoint.id).fetch_all(self.pool()).await?;
        rows.iter().map(|row| Ok(row.try_get("id")?)).collect()
    }

    /// Up to `limit` pending deliveries due at `now`, the longest waiting first.
    ///
    /// # Errors
    /// The database fails.
    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<DueDelivery>> {
        let rows = sqlx::query(
            "SELECT d.id, d.attempts, d.next_attempt_at, d.retry_since, w.url, w.secret, \
                    e.id AS event_id, e.kind, e.order_id, e.user_id, e.payload, e.created_at \
             FROM webhook_deliveries d \
             JOIN webhook_endpoints w ON w.id = d.endpoint_id \
             JOIN events e ON e.id = d.event_id \
             WHERE d.state = ? AND d.next_attempt_at <= ? AND w.active = 1 \
             ORDER BY d.next_attempt_at, d.id LIMIT ?",
        )
        .bind(DeliveryState::Pending.as_str())
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(due_row).collect()
    }

    /// Takes a due delivery for one attempt: its next attempt moves to `lease_until`, so
    /// nobody else takes it meanwhile, and it is taken again after that if this attempt
    /// never reports (the process died). `false` when another took it first.
    ///
    /// # Errors
    /// The database fails.
    pub async fn claim_delivery(&self, id: i64, seen_next: i64, lease_until: i64) -> Result<bool> {
        let _writer = self.write_turn().await;
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND state = ? AND next_attempt_at = ?",
        )
        .bind(lease_until)
        .bind(id)
        .bind(DeliveryState::Pending.as_str())
        .bind(seen_next)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records an attempt made under the claim `lease_until`; `false` (nothing changed)
    /// when the claim had run out and the delivery was taken again or replayed.
    ///
    /// # Errors
    /// The database fails.
    pub async fn finish_attempt(&self, id: i64, lease_until: i64, result: &AttemptResult, now: i64) -> Result<bool> {
        let delivered_at = (result.state == DeliveryState::Delivered).then_some(now);
        let error = result.error.as_deref().map(|e| truncate(e, ERROR_LEN));
        let _writer = self.write_turn().await;
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, \
             last_attempt_at = ?, last_status = ?, last_error = ?, delivered_at = COALESCE(?, delivered_at) \
             WHERE id = ? AND state = ? AND next_attempt_at = ?",
        )
        .bind(result.state.as_str())
        .bind(result.retry_at)
        .bind(now)
        .bind(result.status)
        .bind(error)
        .bind(delivered_at)
        .bind(id)
        .bind(DeliveryState::Pending.as_str())
        .bind(lease_until)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// An endpoint's deliveries, newest first: up to `limit` with an id below `before`,
    /// only those in `state` when given.
    ///
    /// # Errors
    /// The database fails.
    pub async fn deliveries(
        &self,
        endpoint_id: i64,
        state: Option<DeliveryState>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Delivery>> {
        let state_filter = if state.is_some() { " AND d.state = ?" } else { "" };
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN events e ON e.id = d.event_id \
             WHERE d.endpoint_id = ? AND d.id < ?{state_filter} ORDER BY d.id DESC LIMIT ?"
        );
        let mut query = sqlx::query(&sql).bind(endpoint_id).bind(before.unwrap_or(i64::MAX));
        if let Some(state) = state {
            query = query.bind(state.as_str());
        }
        let rows = query.bind(limit).fetch_all(self.pool()).await?;
        rows.iter().map(delivery_row).collect()
    }

    /// One delivery of an endpoint.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    pub async fn delivery(&self, endpoint_id: i64, id: i64) -> Result<Delivery> {
        let sql = format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d JOIN events e ON e.id = d.event_id \
             WHERE d.endpoint_id = ? AND d.id = ?"
        );
        let row = sqlx::query(&sql).bind(endpoint_id).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(delivery_row).transpose()?.ok_or(Error::NotFound)
    }

    /// Sends a delivery again, whatever its state: pending, due now, with a fresh retry
    /// period. Its attempts and last answer stay as they were until the next attempt.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    pub async fn replay_delivery(&self, endpoint_id: i64, id: i64) -> Result<Delivery> {
        let now = now_ms();
        {
            let _writer = self.write_turn().await;
            let done = sqlx::query(
                "UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, retry_since = ? \
                 WHERE endpoint_id = ? AND id = ?",
            )
            .bind(DeliveryState::Pending.as_str())
            .bind(now)
            .bind(now)
            .bind(endpoint_id)
            .bind(id)
            .execute(self.pool())
            .await?;
            if done.rows_affected() == 0 {
                return Err(Error::NotFound);
            }
        }
        self.delivery(endpoint_id, id).await
    }
}

/// `(?, …), (?, …)`: `n` rows of the deliveries an enqueue inserts.
fn rows(n: usize) -> String {
    let one = format!("({})", super::marks(WEBHOOK_DELIVERIES.width()));
    vec![one; n].join(", ")
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

fn endpoint_row(row: &AnyRow) -> Result<WebhookEndpoint> {
    Ok(WebhookEndpoint {
        id: row.try_get("id")?,
        url: text(row, "url")?,
        secret: text(row, "secret")?,
        event_kinds: text(row, "event_kinds")?,
        active: row.try_get::<i64, _>("active")? != 0,
        enqueued_through: row.try_get("enqueued_through")?,
        created_at: row.try_get("created_at")?,
    })
}

fn state(row: &AnyRow) -> Result<DeliveryState> {
    let s = text(row, "state")?;
    DeliveryState::parse(&s).ok_or_else(|| Error::Corrupt(format!("a delivery in state {s:?}")))
}

fn delivery_row(row: &AnyRow) -> Result<Delivery> {
    Ok(Delivery {
        id: row.try_get("id")?,
        endpoint_id: row.try_get("endpoint_id")?,
        event_id: row.try_get("event_id")?,
        kind: text(row, "kind")?,
        state: state(row)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        retry_since: row.try_get("retry_since")?,
        last_attempt_at: row.try_get("last_attempt_at")?,
        last_status: row.try_get("last_status")?,
        last_error: opt_text(row, "last_error")?,
        delivered_at: row.try_get("delivered_at")?,
        created_at: row.try_get("created_at")?,
    })
}

fn due_row(row: &AnyRow) -> Result<DueDelivery> {
    Ok(DueDelivery {
        id: row.try_get("id")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: row.try_get("next_attempt_at")?,
        retry_since: row.try_get("retry_since")?,
        url: text(row, "url")?,
        secret: text(row, "secret")?,
        event: super::events::event_columns(row, "event_id")?,
    })
}
