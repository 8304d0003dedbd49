//! Each table the store writes, with its columns in the order rows are bound: the
//! one list the INSERT statements and the multi-row statements' widths come from.

/// A table and the columns a written row fills, in bind order.
#[derive(Debug)]
pub(super) struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

impl Table {
    /// The number of values one row binds.
    pub(super) fn width(&self) -> usize {
        self.columns.len()
    }

    /// `INSERT INTO name (columns) VALUES {rows}`: a template for
    /// `group_commit::execute`, which puts in as many row groups as it binds.
    pub(super) fn insert(&self) -> String {
        format!("INSERT INTO {} ({}) VALUES {{rows}}", self.name, self.columns.join(", "))
    }

    /// `INSERT INTO name (columns) VALUES (?, …)`: one row.
    pub(super) fn insert_one(&self) -> String {
        self.insert().replace("{rows}", &format!("({})", super::marks(self.width())))
    }

    /// The same table without its first column (an id the database hands out).
    pub(super) fn without_id(&self) -> Table {
        Table { name: self.name, columns: &self.columns[1..] }
    }
}

pub(super) const CONVERSATIONS: Table =
    Table { name: "conversations", columns: &["id", "user_id", "state", "version", "updated_at", "created_at"] };

pub(super) const TURN_KEYS: Table = Table {
    name: "turn_keys",
    columns: &["user_id", "idempotency_key", "conversation_id", "intent", "reply", "created_at", "request_hash"],
};

pub(super) const MESSAGES: Table =
    Table { name: "messages", columns: &["conversation_id", "role", "text", "parse", "created_at"] };

pub(super) const ORDERS: Table = Table {
    name: "orders",
    columns: &[
        "id",
        "user_id",
        "conversation_id",
        "status",
        "total_cents",
        "idempotency_key",
        "created_at",
        "updated_at",
        "request_hash",
    ],
};

pub(super) const ORDER_LINES: Table = Table {
    name: "order_lines",
    columns: &[
        "order_id",
        "position",
        "item",
        "quantity",
        "options",
        "without_options",
        "unit_price_cents",
        "line_total_cents",
    ],
};

pub(super) const ORDER_EVENTS: Table =
    Table { name: "order_events", columns: &["order_id", "actor_id", "from_status", "to_status", "created_at"] };

pub(super) const EVENTS: Table =
    Table { name: "events", columns: &["kind", "order_id", "user_id", "payload", "created_at"] };

/// What an order carries besides its lines (`store::details`).
pub(super) const ORDER_DETAILS: Table =
    Table { name: "order_details", columns: &["order_id", "fulfilment", "ready_at", "details"] };

pub(super) const AVAILABILITY: Table = Table { name: "availability", columns: &["item_id", "available", "updated_at"] };

/// A webhook delivery as enqueued (`store::webhooks`); the rest is filled by attempts.
pub(super) const WEBHOOK_DELIVERIES: Table = Table {
    name: "webhook_deliveries",
    columns: &["endpoint_id", "event_id", "state", "attempts", "next_attempt_at", "retry_since", "created_at"],
};
