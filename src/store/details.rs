//! An order's details besides its lines (`order_details`, one row per order): pickup
//! or delivery, address, phone, notes (the order's and each line's, exactly as given),
//! requested time, delivery fee and the ready estimate, as JSON; and the kitchen's
//! queue, counted for the estimate.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::orders::{NewOrder, Order};
use super::{marks, opt_text, Result, Store};
use crate::order::fulfilment::OrderDetails;

/// How long a counted queue is used for estimates before it is counted again: an
/// estimate in minutes does not need the count of this very second, and counting on
/// every new order would cost the busiest moments most.
const QUEUE_FRESH: Duration = Duration::from_secs(1);

/// What `order_details.details` holds.
#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    #[serde(flatten)]
    details: OrderDetails,
    /// Each line's note by position (absent at the end: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    line_notes: Vec<Option<String>>,
}

/// The `order_details` row of a new order: (fulfilment, ready_at, details JSON).
pub(super) fn row(order: &Order, new: &NewOrder) -> (String, Option<i64>, String) {
    let mut line_notes: Vec<Option<String>> = order.lines.iter().map(|l| l.line.note.clone()).collect();
    while line_notes.last().is_some_and(Option::is_none) {
        line_notes.pop();
    }
    let stored =
        Stored { details: OrderDetails { customer: None, payment: None, ..order.details.clone() }, line_notes };
    let json = serde_json::to_string(&stored).unwrap_or_else(|_| "{}".to_owned());
    (order.details.fulfilment.as_str().to_owned(), new.ready_at_ms, json)
}

/// Fills each order's details (and its lines' notes) and the customer's name, in one
/// query on `conn`. Orders from before details existed keep the defaults: pickup, asap.
pub(super) async fn fill(conn: &mut AnyConnection, orders: &mut [Order]) -> Result<()> {
    if orders.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT o.id AS order_id, {DETAILS_COLUMNS} FROM orders o {DETAILS_JOINS} WHERE o.id IN ({})",
        marks(orders.len())
    );
    let mut query = sqlx::query(&sql);
    for order in orders.iter() {
        query = query.bind(order.id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        let id: i64 = row.try_get("order_id")?;
        let Some(order) = orders.iter_mut().find(|o| o.id == id) else { continue };
        apply(order, &row)?;
    }
    Ok(())
}

/// What the details part of a row ([`DETAILS_COLUMNS`] from [`DETAILS_JOINS`]) says of
/// an order whose lines are already read.
pub(super) fn apply(order: &mut Order, row: &AnyRow) -> Result<()> {
    if let Some(json) = opt_text(row, "details")? {
        let stored: Stored =
            serde_json::from_str(&json).map_err(|e| super::Error::Corrupt(format!("order_details: {e}")))?;
        order.details = stored.details;
        for (line, note) in order.lines.iter_mut().zip(stored.line_notes) {
            line.line.note = note;
        }
    }
    order.details.customer = opt_text(row, "username")?;
    order.details.payment = opt_text(row, "payment")?;
    Ok(())
}

/// The columns [`apply`] reads, from the tables [`DETAILS_JOINS`] adds to `orders o`.
pub(super) const DETAILS_COLUMNS: &str = "u.username, d.details, p.status AS payment";
pub(super) const DETAILS_JOINS: &str =
    "JOIN users u ON u.id = o.user_id LEFT JOIN order_details d ON d.order_id = o.id \
     LEFT JOIN payments p ON p.order_id = o.id";

/// The last count of the kitchen's queue and when it was taken.
#[derive(Debug, Default)]
pub(super) struct QueueCount(Mutex<Option<(Instant, u64)>>);

impl Store {
    /// Orders the kitchen has yet to finish (pending, confirmed or preparing), counted
    /// at most once a second per process, for ready-time estimates.
    ///
    /// # Errors
    /// The database fails.
    pub async fn kitchen_queue(&self) -> Result<u64> {
        if let Ok(last) = self.queue.0.lock() {
            if let Some((at, n)) = *last {
                if at.elapsed() < QUEUE_FRESH {
                    return Ok(n);
                }
            }
        }
        let row = sqlx::query("SELECT COUNT(*) AS n FROM orders WHERE status IN ('pending', 'confirmed', 'preparing')")
            .fetch_one(&self.pool)
            .await?;
        let n = u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0);
        if let Ok(mut last) = self.queue.0.lock() {
            *last = Some((Instant::now(), n));
        }
        Ok(n)
    }
}
