//! Orders, their priced lines, their status history (`order_events`) and the
//! `events` outbox row written in the same transaction as every change.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::tables::{EVENTS, ORDER_EVENTS, ORDER_LINES};
use super::{marks, now_ms, opt_text, rfc3339, text, Error, Result, Store};
use crate::order::fulfilment::OrderDetails;
use crate::order::{OptionRef, OrderLine, PricedLine, PricedOrder};

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Confirmed,
    Preparing,
    Ready,
    Completed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Pending, Status::Confirmed, Status::Preparing, Status::Ready, Status::Completed, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Preparing => "preparing",
            Status::Ready => "ready",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Where a status is along pending → confirmed → preparing → ready → completed
    /// (cancelled, off that line, comes last).
    pub fn rank(self) -> usize {
        Status::ALL.iter().position(|s| *s == self).unwrap_or(usize::MAX)
    }

    /// Completed and cancelled orders never change again.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Cancelled)
    }

    /// The allowed transitions: one step along pending → confirmed → preparing →
    /// ready → completed, or cancelled from any state that is not final.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        match (self, to) {
            (from, Cancelled) => !from.is_final(),
            (Pending, Confirmed) | (Confirmed, Preparing) | (Preparing, Ready) | (Ready, Completed) => true,
            _ => false,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An order to place: lines already validated and priced from the catalog.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub user_id: i64,
    pub conversation_id: Option<i64>,
    /// The client's `Idempotency-Key`: a second order with the same key and user
    /// returns the first instead.
    pub idempotency_key: Option<String>,
    /// The fingerprint of the request the key came with ([`super::fingerprint`]): the same
    /// key with another request is refused with `KeyReused`.
    pub request_hash: Option<String>,
    pub order: PricedOrder,
    /// Pickup or delivery, notes, the requested time and the estimate (the lines' notes
    /// travel on the lines).
    pub details: OrderDetails,
    /// The estimated ready time in epoch milliseconds (`details.ready_at` as a column).
    pub ready_at_ms: Option<i64>,
}

/// An order as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Order {
    pub id: i64,
    pub user_id: i64,
    pub status: Status,
    pub lines: Vec<PricedLine>,
    pub total_cents: i64,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// The conversation that placed it; null for an order placed through the API.
    pub conversation_id: Option<i64>,
    /// Customer, pickup or delivery, notes, times (`order_details`).
    #[serde(flatten)]
    pub details: OrderDetails,
}

/// Which orders to list, one page of them.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Only this user's orders (a customer's own, or the customer staff asked for).
    pub user_id: Option<i64>,
    /// Only orders in one of these statuses; every status when empty.
    pub statuses: Vec<Status>,
    /// Only orders placed at or after this time (epoch milliseconds).
    pub from_ms: Option<i64>,
    /// Only orders placed before this time (epoch milliseconds).
    pub to_ms: Option<i64>,
    /// Oldest first (the kitchen's order) instead of newest first.
    pub oldest_first: bool,
    /// Only orders whose card payment is in this state (`open`, `paid`, `refunded`), or,
    /// with `none`, orders without one.
    pub payment: Option<&'static str>,
    pub limit: i64,
    /// Where the page starts.
    pub start: PageStart,
}

/// Where a page of orders starts: after skipping some, or after an order already seen
/// (keyset pagination: a page boundary never moves when orders are added).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStart {
    Skip(i64),
    After(i64),
}

impl Default for PageStart {
    fn default() -> Self {
        PageStart::Skip(0)
    }
}

/// A value bound to a list's filter.
enum Bound {
    Int(i64),
    Text(&'static str),
}

impl Bound {
    fn bind_to<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Bound::Int(v) => query.bind(*v),
            Bound::Text(v) => query.bind(*v),
        }
    }
}

/// One page of orders, with the number of matching orders.
#[derive(Debug, Clone, Serialize)]
pub struct OrderPage {
    pub orders: Vec<Order>,
    pub total: i64,
}

/// The columns an order is read with ([`order_head`]).
const ORDER_COLUMNS: &str = "id, user_id, conversation_id, status, total_cents, created_at, updated_at";
/// The columns a line is read with ([`priced_line`]).
const LINE_COLUMNS: &str = "order_id, item, quantity, options, without_options, unit_price_cents, line_total_cents";

/// One order with its details and lines, one row per line.
static ORDER_WITH_LINES: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let qualified =
        |columns: &str, table: &str| columns.split(", ").map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {}, {}, {} FROM orders o {} LEFT JOIN order_lines l ON l.order_id = o.id WHERE o.id = ? \
         ORDER BY l.position",
        qualified(ORDER_COLUMNS, "o"),
        qualified(LINE_COLUMNS, "l"),
        super::details::DETAILS_COLUMNS,
        super::details::DETAILS_JOINS,
    )
});

/// Writes the `order_events` history row and the `events` outbox row of a change.
async fn record_change(
    conn: &mut AnyConnection,
    order: &Order,
    actor_id: Option<i64>,
    from: Option<Status>,
    now: i64,
) -> Result<()> {
    sqlx::query(&ORDER_EVENTS.insert_one())
        .bind(order.id)
        .bind(actor_id)
        .bind(from.map(Status::as_str))
        .bind(order.status.as_str())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    let (kind, payload) = event_row(order, from);
    sqlx::query(&EVENTS.insert_one())
        .bind(kind)
        .bind(order.id)
        .bind(order.user_id)
        .bind(payload)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The `events` outbox row of a change: its kind and JSON payload.
pub(super) fn event_row(order: &Order, from: Option<Status>) -> (&'static str, String) {
    let kind = if from.is_none() { "order.created" } else { "order.status" };
    (kind, serde_json::json!({ "from": from, "order": order }).to_string())
}

impl Order {
    /// The order `new` becomes when stored with `id` at `now`: pending, totalled.
    pub(super) fn placed(id: i64, new: &NewOrder, now: i64) -> Self {
        Order {
            id,
            user_id: new.user_id,
            status: Status::Pending,
            lines: new.order.lines.clone(),
            total_cents: new.order.total_cents,
            created_at: rfc3339(now),
            updated_at: rfc3339(now),
            conversation_id: new.conversation_id,
            details: new.details.clone(),
        }
    }
}

/// Fills each order's lines, in one query, on `conn` (a transaction's or the pool's).
async fn fill_lines_in(conn: &mut AnyConnection, orders: &mut [Order]) -> Result<()> {
    if orders.is_empty() {
        return Ok(());
    }
    let marks = marks(orders.len());
    let sql = format!("SELECT {LINE_COLUMNS} FROM order_lines WHERE order_id IN ({marks}) ORDER BY order_id, position");
    let mut query = sqlx::query(&sql);
    for order in orders.iter() {
        query = query.bind(order.id);
    }
    for row in query.fetch_all(&mut *conn).await? {
        let (order_id, line) = priced_line(&row)?;
        if let Some(order) = orders.iter_mut().find(|o| o.id == order_id) {
            order.lines.push(line);
        }
    }
    super::details::fill(conn, orders).await
}

/// Options as stored in an order line's JSON column.
pub(super) fn options_json(options: &[OptionRef]) -> String {
    serde_json::to_string(options).unwrap_or_else(|_| "[]".to_owned())
}

fn order_head(row: &AnyRow) -> Result<Order> {
    let status = text(row, "status")?;
    Ok(Order {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        status: Status::parse(&status).ok_or_else(|| Error::Corrupt(format!("status {status:?}")))?,
        lines: Vec::new(),
        total_cents: row.try_get("total_cents")?,
        created_at: rfc3339(row.try_get("created_at")?),
        updated_at: rfc3339(row.try_get("updated_at")?),
        conversation_id: row.try_get("conversation_id")?,
        details: OrderDetails::default(),
    })
}

fn priced_line(row: &AnyRow) -> Result<(i64, PricedLine)> {
    let options = |column: &str| -> Result<Vec<OptionRef>> {
        let json = opt_text(row, column)?.unwrap_or_default();
        serde_json::from_str(&json).map_err(|e| Error::Corrupt(format!("{column}: {e}")))
    };
    let quantity: i64 = row.try_get("quantity")?;
    Ok((
        row.try_get("order_id")?,
        PricedLine {
            line: OrderLine {
                item: text(row, "item")?,
                quantity: u32::try_from(quantity).map_err(|_| Error::Corrupt("quantity".into()))?,
                options: options("options")?,
                without: options("without_options")?,
                owner: None,
                note: None,
            },
            unit_price_cents: row.try_get("unit_price_cents")?,
            line_total_cents: row.try_get("line_total_cents")?,
        },
    ))
}

impl Store {
    /// Places an order. With an idempotency key already used by this user, returns the
    /// first order and `false` instead of creating another.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self, new), fields(user_id = new.user_id))]
    pub async fn create_order(&self, new: &NewOrder) -> Result<(Order, bool)> {
        match self.group.save_order(new.clone()).await {
            Ok(order) => Ok((order, true)),
            // The unique (user_id, idempotency_key) index decides races between retries.
            Err(Error::Duplicate) => {
                let key = new.idempotency_key.as_deref().unwrap_or_default();
                let row = sqlx::query(&format!(
                    "SELECT {ORDER_COLUMNS}, request_hash FROM orders WHERE user_id = ? AND idempotency_key = ?"
                ))
                .bind(new.user_id)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(Error::NotFound)?;
                let first = opt_text(&row, "request_hash")?;
                if let (Some(first), Some(now)) = (&first, &new.request_hash) {
                    if first != now {
                        return Err(Error::KeyReused);
                    }
                }
                let mut orders = vec![order_head(&row)?];
                self.fill_lines(&mut orders).await?;
                Ok((orders.remove(0), false))
            }
            Err(e) => Err(e),
        }
    }

    /// One order by id.
    ///
    /// # Errors
    /// `NotFound` when there is no such order.
    #[tracing::instrument(skip(self))]
    pub async fn get_order(&self, id: i64) -> Result<Order> {
        // The order and its lines in one round trip: one row per line.
        let rows = sqlx::query(&ORDER_WITH_LINES).bind(id).fetch_all(&self.pool).await?;
        let mut order = order_head(rows.first().ok_or(Error::NotFound)?)?;
        for row in &rows {
            if row.try_get::<Option<i64>, _>("order_id")?.is_some() {
                order.lines.push(priced_line(row)?.1);
            }
        }
        super::details::apply(&mut order, &rows[0])?;
        Ok(order)
    }

    /// The most recent order of a user ("where is my order?").
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn latest_order(&self, user_id: i64) -> Result<Option<Order>> {
        self.newest_order_where("user_id", user_id).await
    }

    /// The most recent order placed in a conversation.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn conversation_order(&self, conversation_id: i64) -> Result<Option<Order>> {
        self.newest_order_where("conversation_id", conversation_id).await
    }

    /// The newest order whose `column` (an indexed id column, never user input) equals `id`.
    async fn newest_order_where(&self, column: &'static str, id: i64) -> Result<Option<Order>> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE {column} = ? ORDER BY id DESC LIMIT 1");
        let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await? else { return Ok(None) };
        let mut orders = vec![order_head(&row)?];
        self.fill_lines(&mut orders).await?;
        Ok(orders.pop())
    }

    /// One page of orders, newest first, and how many match in all.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn list_orders(&self, filter: &OrderFilter) -> Result<OrderPage> {
        let mut conditions = Vec::new();
        let mut values: Vec<Bound> = Vec::new();
        if let Some(user) = filter.user_id {
            conditions.push("user_id = ?".to_owned());
            values.push(Bound::Int(user));
        }
        if !filter.statuses.is_empty() {
            conditions.push(format!("status IN ({})", marks(filter.statuses.len())));
            values.extend(filter.statuses.iter().map(|s| Bound::Text(s.as_str())));
        }
        if let Some(from) = filter.from_ms {
            conditions.push("created_at >= ?".to_owned());
            values.push(Bound::Int(from));
        }
        if let Some(to) = filter.to_ms {
            conditions.push("created_at < ?".to_owned());
            values.push(Bound::Int(to));
        }
        match filter.payment {
            None => {}
            Some("none") => {
                conditions.push("NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = orders.id)".to_owned());
            }
            Some(state) => {
                conditions
                    .push("EXISTS (SELECT 1 FROM payments p WHERE p.order_id = orders.id AND p.status = ?)".to_owned());
                values.push(Bound::Text(state));
            }
        }
        let clause = |extra: Option<&str>| {
            let all: Vec<&str> = conditions.iter().map(String::as_str).chain(extra).collect();
            if all.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", all.join(" AND "))
            }
        };
        let count_sql = format!("SELECT COUNT(*) AS n FROM orders{}", clause(None));
        let (direction, after) = if filter.oldest_first { ("ASC", "id > ?") } else { ("DESC", "id < ?") };
        let page_sql = match filter.start {
            PageStart::Skip(_) => {
                format!("SELECT {ORDER_COLUMNS} FROM orders{} ORDER BY id {direction} LIMIT ? OFFSET ?", clause(None))
            }
            PageStart::After(_) => {
                format!("SELECT {ORDER_COLUMNS} FROM orders{} ORDER BY id {direction} LIMIT ?", clause(Some(after)))
            }
        };
        let mut count = sqlx::query(&count_sql);
        let mut page = sqlx::query(&page_sql);
        for value in &values {
            count = value.bind_to(count);
            page = value.bind_to(page);
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        let page = match filter.start {
            PageStart::Skip(skip) => page.bind(filter.limit).bind(skip),
            PageStart::After(id) => page.bind(id).bind(filter.limit),
        };
        let rows = page.fetch_all(&self.pool).await?;
        let mut orders = rows.iter().map(order_head).collect::<Result<Vec<_>>>()?;
        self.fill_lines(&mut orders).await?;
        Ok(OrderPage { orders, total })
    }

    /// Loads the lines of the given orders with one query.
    async fn fill_lines(&self, orders: &mut [Order]) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        fill_lines_in(&mut conn, orders).await
    }

    /// Moves an order to `to`, recording who did it, if the transition is allowed and,
    /// with `until`, the order has not gone past that status (a customer's cancel).
    ///
    /// # Errors
    /// `NotFound`; `Transition` when the order's current status cannot go to `to`;
    /// `TooLate` when it is past `until`.
    #[tracing::instrument(skip(self))]
    pub async fn change_status(&self, id: i64, to: Status, actor_id: i64, until: Option<Status>) -> Result<Order> {
        // A deadlock or a Galera certification failure rolled it all back: run it again.
        super::retrying("status change", || self.change_status_once(id, to, actor_id, until)).await
    }

    async fn change_status_once(&self, id: i64, to: Status, actor_id: i64, until: Option<Status>) -> Result<Order> {
        let writer = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound)?;
        let mut order = order_head(&row)?;
        let from = order.status;
        if !from.can_move_to(to) {
            return Err(Error::Transition { from, to });
        }
        if let Some(until) = until.filter(|until| from.rank() > until.rank()) {
            return Err(Error::TooLate { status: from, until });
        }
        let now = now_ms();
        // Guarded by the status we read: a concurrent change makes this touch no row,
        // and the loser is told the transition no longer applies.
        let done = sqlx::query("UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = ?")
            .bind(to.as_str())
            .bind(now)
            .bind(id)
            .bind(from.as_str())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::Transition { from, to });
        }
        order.status = to;
        order.updated_at = rfc3339(now);
        // The event carries the whole order, lines and details included.
        fill_lines_in(&mut tx, std::slice::from_mut(&mut order)).await?;
        record_change(&mut tx, &order, Some(actor_id), Some(from), now).await?;
        tx.commit().await?;
        drop(writer);
        Ok(order)
    }

    /// Adds lines to a customer's order while it is still pending ("add a coke to my
    /// order"): the lines, the new total and an `order.updated` event commit together,
    /// once per chat `turn` (conversation id, version).
    ///
    /// # Errors
    /// `NotFound` when the order is absent or someone else's; `TooLate` when it is no
    /// longer pending.
    #[tracing::instrument(skip(self, added))]
    pub async fn add_to_order(&self, id: i64, user_id: i64, turn: (i64, i64), added: &PricedOrder) -> Result<Order> {
        // Rolled back as a whole on a deadlock or certification failure; the amendment
        // key keeps a retry from adding the lines twice.
        super::retrying("order addition", || self.add_to_order_once(id, user_id, turn, added)).await
    }

    async fn add_to_order_once(&self, id: i64, user_id: i64, turn: (i64, i64), added: &PricedOrder) -> Result<Order> {
        let writer = self.write_turn().await;
        let mut tx = self.pool.begin().await?;
        // One addition per chat turn: the same turn carried out again adds nothing more.
        let keyed = sqlx::query(
            "INSERT INTO order_amendments (conversation_id, version, order_id, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(turn.0)
        .bind(turn.1)
        .bind(id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(Error::from_insert);
        match keyed {
            Ok(_) => {}
            Err(Error::Duplicate) => {
                drop(tx);
                drop(writer);
                return self.get_order(id).await;
            }
            Err(e) => return Err(e),
        }
        let row = sqlx::query(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ? AND user_id = ?"))
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound)?;
        let head = order_head(&row)?;
        if head.status != Status::Pending {
            return Err(Error::TooLate { status: head.status, until: Status::Pending });
        }
        let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM order_lines WHERE order_id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        for (k, l) in added.lines.iter().enumerate() {
            sqlx::query(&ORDER_LINES.insert_one())
                .bind(id)
                .bind(count + k as i64)
                .bind(&l.line.item)
                .bind(i64::from(l.line.quantity))
                .bind(options_json(&l.line.options))
                .bind(options_json(&l.line.without))
                .bind(l.unit_price_cents)
                .bind(l.line_total_cents)
                .execute(&mut *tx)
                .await?;
        }
        let now = now_ms();
        // Guarded by the status: a kitchen that moved the order on meanwhile wins.
        let done =
            sqlx::query("UPDATE orders SET total_cents = total_cents + ?, updated_at = ? WHERE id = ? AND status = ?")
                .bind(added.total_cents)
                .bind(now)
                .bind(id)
                .bind(Status::Pending.as_str())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(Error::TooLate { status: head.status, until: Status::Pending });
        }
        let mut orders =
            vec![Order { total_cents: head.total_cents + added.total_cents, updated_at: rfc3339(now), ..head }];
        fill_lines_in(&mut tx, &mut orders).await?;
        let order = orders.remove(0);
        let payload = serde_json::json!({ "from": null, "order": &order }).to_string();
        sqlx::query(&EVENTS.insert_one())
            .bind("order.updated")
            .bind(order.id)
            .bind(order.user_id)
            .bind(payload)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        drop(writer);
        Ok(order)
    }

    /// How many orders are in each status, for `/metrics`.
    ///
    /// # Errors
    /// The database fails.
    pub async fn order_counts(&self) -> Result<Vec<(String, i64)>> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS n FROM orders GROUP BY status").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((text(r, "status")?, r.try_get("n")?))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;

    #[test]
    fn orders_move_one_step_at_a_time_or_get_cancelled() {
        assert!(Pending.can_move_to(Confirmed));
        assert!(Ready.can_move_to(Completed));
        assert!(!Pending.can_move_to(Preparing));
        assert!(!Confirmed.can_move_to(Pending));
        assert!(Preparing.can_move_to(Cancelled));
        assert!(!Completed.can_move_to(Cancelled));
        assert!(!Cancelled.can_move_to(Cancelled));
    }
}
