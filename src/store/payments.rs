//! Payments of orders through Stripe (`payments`) and the Stripe events handled
//! (`stripe_events`): an event id is stored in the same transaction as what it does, so
//! a webhook delivered twice, or two racing, marks an order paid once, and one that
//! fails before the commit is handled when Stripe delivers it again.

use sqlx::Row;

use super::{now_ms, opt_text, text, Error, Result, Store};

/// An order's payment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub order_id: i64,
    pub session_id: String,
    pub url: String,
    /// `open`, `paid` or `refunded`.
    pub status: String,
    pub payment_intent: Option<String>,
    pub amount_cents: i64,
}

/// What handling a Stripe event came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// The order is now paid.
    Paid,
    /// This event id was handled before: nothing done again.
    Again,
    /// No payment of that order (unknown order, or never offered payment): recorded, ignored.
    UnknownOrder,
}

impl Store {
    /// The order's payment, if it was offered one.
    ///
    /// # Errors
    /// The database fails.
    pub async fn payment(&self, order_id: i64) -> Result<Option<Payment>> {
        let row = sqlx::query(
            "SELECT order_id, session_id, url, status, payment_intent, amount_cents FROM payments WHERE order_id = ?",
        )
        .bind(order_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(Payment {
                order_id: r.try_get("order_id")?,
                session_id: text(&r, "session_id")?,
                url: text(&r, "url")?,
                status: text(&r, "status")?,
                payment_intent: opt_text(&r, "payment_intent")?,
                amount_cents: r.try_get("amount_cents")?,
            })
        })
        .transpose()
    }

    /// Remembers the Checkout Session made for an order; a second one for the same order
    /// (Stripe gives the same back for the same idempotency key) keeps the first. True
    /// when this call recorded it.
    ///
    /// # Errors
    /// The database fails.
    pub async fn open_payment(&self, order_id: i64, session_id: &str, url: &str, amount_cents: i64) -> Result<bool> {
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO payments (order_id, session_id, url, status, payment_intent, amount_cents, created_at, updated_at) \
             VALUES (?, ?, ?, 'open', NULL, ?, ?, ?)",
        )
        .bind(order_id)
        .bind(session_id)
        .bind(url)
        .bind(amount_cents)
        .bind(now)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(Error::from_insert);
        match done {
            Ok(_) => Ok(true),
            Err(Error::Duplicate) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Handles a completed checkout of `order_id` delivered as event `event_id`: the
    /// event id and the payment commit together, once.
    ///
    /// # Errors
    /// The database fails.
    pub async fn payment_completed(
        &self,
        event_id: &str,
        kind: &str,
        order_id: Option<i64>,
        payment_intent: Option<&str>,
    ) -> Result<Handled> {
        let writer = self.write_turn().await;
        let mut tx = self.pool().begin().await?;
        let recorded = sqlx::query("INSERT INTO stripe_events (event_id, kind, created_at) VALUES (?, ?, ?)")
            .bind(event_id)
            .bind(kind)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(Error::from_insert);
        match recorded {
            Ok(_) => {}
            Err(Error::Duplicate) => return Ok(Handled::Again),
            Err(e) => return Err(e),
        }
        let Some(order_id) = order_id else {
            tx.commit().await?;
            return Ok(Handled::UnknownOrder);
        };
        let done = sqlx::query(
            "UPDATE payments SET status = 'paid', payment_intent = ?, updated_at = ? WHERE order_id = ? AND status = 'open'",
        )
        .bind(payment_intent)
        .bind(now_ms())
        .bind(order_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        drop(writer);
        Ok(if done.rows_affected() == 1 { Handled::Paid } else { Handled::UnknownOrder })
    }

    /// Records an event of a kind the shop does not act on, so it is acknowledged once.
    ///
    /// # Errors
    /// The database fails.
    pub async fn event_ignored(&self, event_id: &str, kind: &str) -> Result<Handled> {
        self.payment_completed(event_id, kind, None, None).await.map(|h| match h {
            Handled::Again => Handled::Again,
            _ => Handled::UnknownOrder,
        })
    }

    /// Tells the live pages that an order's card payment changed: an event of `kind`
    /// (`order.checkout` when its payment opened, `order.paid` when it was paid) with the
    /// order as it now is.
    ///
    /// # Errors
    /// The order is gone, or the database fails.
    pub async fn announce_payment(&self, order_id: i64, kind: &str) -> Result<()> {
        let order = self.get_order(order_id).await?;
        let payload = serde_json::json!({ "from": null, "order": &order }).to_string();
        let writer = self.write_turn().await;
        sqlx::query("INSERT INTO events (kind, order_id, user_id, payload, created_at) VALUES (?, ?, ?, ?, ?)")
            .bind(kind)
            .bind(order.id)
            .bind(order.user_id)
            .bind(payload)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        drop(writer);
        Ok(())
    }

    /// Marks a paid order's payment refunded; false when it was not paid.
    ///
    /// # Errors
    /// The database fails.
    pub async fn payment_refunded(&self, order_id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE payments SET status = 'refunded', updated_at = ? WHERE order_id = ? AND status = 'paid'",
        )
        .bind(now_ms())
        .bind(order_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
