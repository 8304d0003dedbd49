//! Group commit. Chat turns and new orders queue here, and a writer task saves
//! whatever has queued up in a single transaction, with one multi-row statement per
//! table (SQLite: one writer; MySQL: a few, each with its own batch).
//!
//! Why: a transaction per request costs 5–7 round trips to the database, and on
//! SQLite every one is a hand-off to sqlx's SQLite thread and back, all of it spent
//! holding SQLite's only write lock; MySQL pays a log flush per commit. A batch of N
//! requests costs about as much as one.
//!
//! Each job keeps its own outcome: a turn whose conversation moved on gets
//! `Moved` with the conversation as it is now, a repeated idempotency key gets `Duplicate`, and the rest of the batch
//! commits. The version checks are exact because the batch holds the rows: SQLite's
//! write lock from `BEGIN IMMEDIATE`, MySQL's row locks from `SELECT … FOR UPDATE`.
//! A deadlock or a Galera certification failure (another node committed a conflicting
//! write first) rolls the batch back and it runs again, a bounded number of times with
//! jitter. A key another server inserts meanwhile, or any other failure of the batch
//! as a whole makes every job run again alone, so one bad job never sinks the others
//! and each gets its own error; when the database cannot be reached at all, every job
//! is refused at once (`Unavailable`, a 503 for the caller) instead of each waiting for
//! it in turn. Replies go out after the commit.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use sqlx::{AnyConnection, AnyPool, Row};
use tokio::sync::{mpsc, oneshot, Mutex};

use super::conversations::{Conversation, Turn};
use super::orders::{event_row, options_json, NewOrder, Order, Status};
use super::tables::{
    Table, CONVERSATIONS, EVENTS, MESSAGES, ORDERS, ORDER_DETAILS, ORDER_EVENTS, ORDER_LINES, TURN_KEYS,
};
use super::{marks, now_ms, text, Backend, Error, Result};

/// The most jobs saved in one transaction.
const MAX_BATCH: usize = 128;
/// Bound parameters per statement, below SQLite's limit of 32,766.
const MAX_PARAMS: usize = 30_000;

/// A write to save.
#[derive(Debug)]
enum Work {
    Turn(Turn),
    Order(NewOrder),
}

/// What a saved job produced.
#[derive(Debug)]
enum Saved {
    /// The conversation's new version and the order the turn placed.
    Turn(i64, Option<Order>),
    Order(Order),
}

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Saved>>,
}

/// The queue in front of the writer task. Cheap to clone.
#[derive(Debug, Clone)]
pub(super) struct GroupCommit {
    queue: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the backend's writer tasks ([`Backend::writers`]). With a single writer
    /// (SQLite), it holds `writer` while it writes, so other writes of this process
    /// (status changes, sign-ups, ...) queue behind it.
    pub(super) fn start(pool: AnyPool, backend: Backend, writer: Arc<Mutex<()>>) -> Self {
        let (queue, jobs) = mpsc::channel(4 * MAX_BATCH);
        let jobs = Arc::new(Mutex::new(jobs));
        let writer = backend.single_writer().then_some(writer);
        for _ in 0..backend.writers() {
            let (pool, writer, jobs) = (pool.clone(), writer.clone(), jobs.clone());
            tokio::spawn(async move {
                // A bug that panics fails the jobs of that batch (their callers get an
                // error), never every later write: the writer starts again.
                while AssertUnwindSafe(run(pool.clone(), backend, writer.clone(), jobs.clone()))
                    .catch_unwind()
                    .await
                    .is_err()
                {
                    tracing::error!("a writer task panicked; starting it again");
                }
            });
        }
        Self { queue }
    }

    /// Saves a chat turn: the conversation's new version and the order it placed.
    pub(super) async fn save_turn(&self, turn: Turn) -> Result<(i64, Option<Order>)> {
        match self.save(Work::Turn(turn)).await? {
            Saved::Turn(version, order) => Ok((version, order)),
            Saved::Order(_) => Err(Error::Corrupt("the writer answered a turn with an order".into())),
        }
    }

    /// Places an order (`Duplicate` when its idempotency key is taken).
    pub(super) async fn save_order(&self, new: NewOrder) -> Result<Order> {
        match self.save(Work::Order(new)).await? {
            Saved::Order(order) => Ok(order),
            Saved::Turn(..) => Err(Error::Corrupt("the writer answered an order with a turn".into())),
        }
    }

    /// Queues `work` and waits until it is committed (or refused).
    async fn save(&self, work: Work) -> Result<Saved> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Job { work, reply }).await.map_err(|_| Error::Database(sqlx::Error::PoolClosed))?;
        answer.await.map_err(|_| Error::Database(sqlx::Error::PoolClosed))?
    }
}

async fn run(pool: AnyPool, backend: Backend, writer: Option<Arc<Mutex<()>>>, queue: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        if queue.lock().await.recv_many(&mut batch, MAX_BATCH).await == 0 {
            return; // every sender is gone: the store was dropped
        }
        let _writer = match &writer {
            Some(w) => Some(w.lock().await),
            None => None,
        };
        let works: Vec<&Work> = batch.iter().map(|j| &j.work).collect();
        let outcomes = match save_retrying(&pool, backend, &works).await {
            Ok(outcomes) => outcomes,
            // The database does not answer: saving the jobs one by one would make each
            // wait for it in turn. Nothing was saved; every caller gets 503 now.
            Err(Error::Database(e)) if super::is_unreachable(&e) => {
                tracing::warn!(jobs = batch.len(), error = %e, "the database is unreachable; the batch is refused");
                works.iter().map(|_| Err(Error::Unavailable)).collect()
            }
            Err(e) => {
                if batch.len() > 1 {
                    tracing::warn!(jobs = batch.len(), error = %e, "a grouped write failed; saving its jobs one by one");
                }
                let mut alone = Vec::with_capacity(works.len());
                let mut unreachable = false;
                for work in &works {
                    if unreachable {
                        alone.push(Err(Error::Unavailable));
                        continue;
                    }
                    let outcome = save_retrying(&pool, backend, &[*work]).await.and_then(|mut o| o.remove(0));
                    if let Err(Error::Database(e)) = &outcome {
                        unreachable = super::is_unreachable(e);
                    }
                    alone.push(outcome);
                }
                alone
            }
        };
        for (job, outcome) in batch.into_iter().zip(outcomes) {
            // The caller may have gone away (client disconnected); the write stands.
            let _ = job.reply.send(outcome);
        }
    }
}

/// [`save_batch`], run again while the server refuses it for a reason that passes: a
/// deadlock, or on Galera a certification failure against another node's commit (both
/// roll the whole transaction back, so nothing was saved). A retry reads the
/// conversations and keys afresh, so a turn whose conversation another node saved
/// meanwhile gets a true `Moved`, and a key another node stored gets `Duplicate`.
/// Connection errors are not retried here: a COMMIT cut off may have been applied,
/// and only the caller's idempotency key can tell.
async fn save_retrying(pool: &AnyPool, backend: Backend, works: &[&Work]) -> Result<Vec<Result<Saved>>> {
    super::retrying("group commit", || save_batch(pool, backend, works)).await
}

/// Saves the jobs that still apply in one transaction; returns each job's outcome.
/// `Err` means nothing was saved.
async fn save_batch(pool: &AnyPool, backend: Backend, works: &[&Work]) -> Result<Vec<Result<Saved>>> {
    let now = now_ms();
    // The checks below must hold until the commit.
    let mut tx = backend.begin_write(pool).await?;
    let turns = || {
        works.iter().filter_map(|w| match w {
            Work::Turn(t) => Some(t),
            Work::Order(_) => None,
        })
    };
    let orders = || {
        works.iter().filter_map(|w| match w {
            Work::Order(o) => Some(o),
            Work::Turn(_) => None,
        })
    };
    let conversation_ids: Vec<i64> = turns().map(|t| t.conversation_id).collect();
    let mut current = current_conversations(&mut tx, backend, &conversation_ids).await?;
    let keys: Vec<(i64, &str)> = orders().filter_map(|o| Some((o.user_id, o.idempotency_key.as_deref()?))).collect();
    let mut taken_order_keys = taken_keys(&mut tx, "orders", &keys).await?;
    let keys: Vec<(i64, &str)> = turns().filter_map(|t| Some((t.user_id, t.idempotency_key.as_deref()?))).collect();
    let mut taken_turn_keys = taken_keys(&mut tx, "turn_keys", &keys).await?;
    let places_orders = turns().any(|t| t.order.is_some()) || orders().next().is_some();
    let mut last_order_id = match backend.batch_assigns_order_ids() && places_orders {
        true => last_order_id(&mut tx).await?,
        false => 0,
    };

    let mut rows = Rows::default();
    let mut outcomes = Vec::with_capacity(works.len());
    for work in works {
        let outcome = match work {
            // Saved before, or earlier in this batch: the caller replays its answer.
            Work::Turn(turn)
                if turn
                    .idempotency_key
                    .as_ref()
                    .is_some_and(|k| !taken_turn_keys.insert((turn.user_id, k.clone()))) =>
            {
                Err(Error::Duplicate)
            }
            Work::Turn(turn) => match current.get_mut(&turn.conversation_id) {
                None => Err(Error::NotFound),
                // Stepped on an older state: the caller steps again on this one.
                Some(c) if c.version != turn.expected_version => Err(Error::Moved(Box::new(c.clone()))),
                Some(c) => {
                    let version = c.version;
                    c.version += 1;
                    c.state.clone_from(&turn.new_state);
                    rows.turn(turn, version + 1, now);
                    let order = match &turn.order {
                        Some(new) => {
                            let new = NewOrder { conversation_id: Some(turn.conversation_id), ..new.clone() };
                            Some(place(&mut tx, backend, &mut last_order_id, &new, &mut rows, now).await?)
                        }
                        None => None,
                    };
                    Ok(Saved::Turn(version + 1, order))
                }
            },
            // Taken before this batch, or earlier in it: the caller fetches the first.
            Work::Order(new)
                if new.idempotency_key.as_ref().is_some_and(|k| !taken_order_keys.insert((new.user_id, k.clone()))) =>
            {
                Err(Error::Duplicate)
            }
            Work::Order(new) => {
                Ok(Saved::Order(place(&mut tx, backend, &mut last_order_id, new, &mut rows, now).await?))
            }
        };
        outcomes.push(outcome);
    }
    rows.write(&mut tx, backend).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// Gives a new order its id and queues its rows: the next id after `last_order_id`
/// where the batch hands out ids ([`Backend::batch_assigns_order_ids`]); elsewhere the
/// order row is inserted now and the server's AUTO_INCREMENT names it.
async fn place(
    conn: &mut AnyConnection,
    backend: Backend,
    last_order_id: &mut i64,
    new: &NewOrder,
    rows: &mut Rows,
    now: i64,
) -> Result<Order> {
    let order = if backend.batch_assigns_order_ids() {
        *last_order_id += 1;
        let order = Order::placed(*last_order_id, new, now);
        rows.orders.extend(order_head(&order, new, now));
        order
    } else {
        let order = Order::placed(0, new, now);
        let sql = ORDERS.without_id().insert_one();
        let mut query = sqlx::query(&sql);
        // Every column but the id, which AUTO_INCREMENT gives.
        for value in order_head(&order, new, now).into_iter().skip(1) {
            query = value.bind_to(query);
        }
        let done = query.execute(&mut *conn).await.map_err(Error::from_insert)?;
        let id = done.last_insert_id().ok_or_else(|| Error::Corrupt("the database gave no order id".into()))?;
        Order { id, ..order }
    };
    rows.order_details(&order, new, now);
    Ok(order)
}

/// The conversations the batch's turns continue, as they are now, held until the
/// commit ([`Backend::lock_rows`]).
async fn current_conversations(
    conn: &mut AnyConnection,
    backend: Backend,
    ids: &[i64],
) -> Result<HashMap<i64, Conversation>> {
    let mut current = HashMap::new();
    let lock = backend.lock_rows();
    for chunk in ids.chunks(MAX_PARAMS) {
        let sql =
            format!("SELECT id, user_id, state, version FROM conversations WHERE id IN ({}){lock}", marks(chunk.len()));
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for row in query.fetch_all(&mut *conn).await? {
            let c = Conversation {
                id: row.try_get("id")?,
                user_id: row.try_get("user_id")?,
                state: text(&row, "state")?,
                version: row.try_get("version")?,
            };
            current.insert(c.id, c);
        }
    }
    Ok(current)
}

/// The (user, key) pairs among `keys` already used in `table` (`orders` or `turn_keys`).
async fn taken_keys(
    conn: &mut AnyConnection,
    table: &'static str,
    keys: &[(i64, &str)],
) -> Result<HashSet<(i64, String)>> {
    let mut taken = HashSet::new();
    // One (user_id, key) equality per key: both backends answer it from the
    // (user_id, idempotency_key) index.
    for chunk in keys.chunks(MAX_PARAMS / 2) {
        let wanted = vec!["(user_id = ? AND idempotency_key = ?)"; chunk.len()].join(" OR ");
        let sql = format!("SELECT user_id, idempotency_key FROM {table} WHERE {wanted}");
        let mut query = sqlx::query(&sql);
        for (user_id, key) in chunk {
            query = query.bind(*user_id).bind(*key);
        }
        for row in query.fetch_all(&mut *conn).await? {
            taken.insert((row.try_get("user_id")?, text(&row, "idempotency_key")?));
        }
    }
    Ok(taken)
}

/// The highest order id ever handed out. The batch holds the write lock, so the
/// next ids are free; AUTOINCREMENT's counter moves past explicit ids by itself.
async fn last_order_id(conn: &mut AnyConnection) -> Result<i64> {
    let row = sqlx::query(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM orders), 0), \
         COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'orders'), 0)) AS last",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("last")?)
}

/// One bound value of a row.
enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
    OptText(Option<String>),
}

impl Value {
    fn bind_to(self, query: Query<'_>) -> Query<'_> {
        match self {
            Value::Int(v) => query.bind(v),
            Value::OptInt(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
            Value::OptText(v) => query.bind(v),
        }
    }
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// An order's row in `orders`, in [`ORDERS`]' column order.
fn order_head(order: &Order, new: &NewOrder, now: i64) -> [Value; ORDERS.columns.len()] {
    use Value::*;
    [
        Int(order.id),
        Int(order.user_id),
        OptInt(order.conversation_id),
        Text(order.status.as_str().into()),
        Int(order.total_cents),
        OptText(new.idempotency_key.clone()),
        Int(now),
        Int(now),
        OptText(new.request_hash.clone()),
    ]
}

/// The rows a batch writes, table by table, in the order they were added.
#[derive(Default)]
struct Rows {
    conversations: Vec<Value>,
    turn_keys: Vec<Value>,
    messages: Vec<Value>,
    orders: Vec<Value>,
    lines: Vec<Value>,
    order_events: Vec<Value>,
    events: Vec<Value>,
    details: Vec<Value>,
}

impl Rows {
    /// The new state and version of a conversation, and the turn's two messages,
    /// the customer's first so that ids keep the order they were said in.
    fn turn(&mut self, turn: &Turn, version: i64, now: i64) {
        use Value::*;
        let id = turn.conversation_id;
        self.conversations.extend([
            Int(id),
            Int(turn.user_id),
            Text(turn.new_state.clone()),
            Int(version),
            Int(now),
            Int(now),
        ]);
        if let Some(key) = &turn.idempotency_key {
            self.turn_keys.extend([
                Int(turn.user_id),
                Text(key.clone()),
                Int(id),
                Text(turn.intent.clone()),
                Text(turn.bot_text.clone()),
                Int(now),
                OptText(turn.request_hash.clone()),
            ]);
        }
        self.messages.extend([
            Int(id),
            Text("user".into()),
            Text(turn.user_text.clone()),
            OptText(Some(turn.parse.clone())),
            Int(now),
        ]);
        self.messages.extend([Int(id), Text("bot".into()), Text(turn.bot_text.clone()), OptText(None), Int(now)]);
    }

    /// A placed order's lines, its first history row and its outbox row.
    fn order_details(&mut self, order: &Order, new: &NewOrder, now: i64) {
        use Value::*;
        for (position, line) in new.order.lines.iter().enumerate() {
            self.lines.extend([
                Int(order.id),
                Int(position as i64),
                Text(line.line.item.clone()),
                Int(i64::from(line.line.quantity)),
                Text(options_json(&line.line.options)),
                Text(options_json(&line.line.without)),
                Int(line.unit_price_cents),
                Int(line.line_total_cents),
            ]);
        }
        self.order_events.extend([
            Int(order.id),
            OptInt(Some(new.user_id)),
            OptText(None),
            Text(Status::Pending.as_str().into()),
            Int(now),
        ]);
        let (kind, payload) = event_row(order, None);
        self.events.extend([Text(kind.into()), Int(order.id), Int(order.user_id), Text(payload), Int(now)]);
        let (fulfilment, ready_at, details) = super::details::row(order, new);
        self.details.extend([Int(order.id), Text(fulfilment), OptInt(ready_at), Text(details)]);
    }

    async fn write(self, conn: &mut AnyConnection, backend: Backend) -> Result<()> {
        // Orders before the rows that point at them; messages after their conversation.
        let updated = self.conversations.len() / CONVERSATIONS.width();
        let (sql, per_row) = backend.batch_update(&CONVERSATIONS, &["state", "version", "updated_at"]);
        let changed = execute(conn, &CONVERSATIONS, Some(&sql), self.conversations).await?;
        if changed != per_row * updated as u64 {
            return Err(Error::Corrupt(format!("{changed} of {updated} conversations updated")));
        }
        for (table, rows) in [
            (&TURN_KEYS, self.turn_keys),
            (&MESSAGES, self.messages),
            (&ORDERS, self.orders),
            (&ORDER_LINES, self.lines),
            (&ORDER_EVENTS, self.order_events),
            (&EVENTS, self.events),
            (&ORDER_DETAILS, self.details),
        ] {
            execute(conn, table, None, rows).await?;
        }
        Ok(())
    }
}

/// Inserts `values` as rows of `table` (or runs `template`, a statement over `{rows}`,
/// when given) in statements of at most [`MAX_PARAMS`] values. Returns the rows changed.
async fn execute(conn: &mut AnyConnection, table: &Table, template: Option<&str>, values: Vec<Value>) -> Result<u64> {
    let width = table.width();
    if values.len() % width != 0 {
        return Err(Error::Corrupt(format!(
            "{} values do not make rows of {} for {}",
            values.len(),
            width,
            table.name
        )));
    }
    let template = template.map_or_else(|| table.insert(), str::to_owned);
    let group = format!("({})", marks(width));
    let per_statement = MAX_PARAMS / width * width;
    let mut changed = 0;
    let mut values = values.into_iter().peekable();
    while values.peek().is_some() {
        let chunk: Vec<Value> = values.by_ref().take(per_statement).collect();
        let sql = template.replace("{rows}", &vec![group.as_str(); chunk.len() / width].join(", "));
        let mut query = sqlx::query(&sql);
        for value in chunk {
            query = value.bind_to(query);
        }
        changed += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        sqlx::query("INSERT INTO users (username, username_key, password_hash, role, created_at) VALUES ('a', 'a', 'x', 'customer', 0)")
            .execute(store.pool())
            .await
            .unwrap();
        (dir, store)
    }

    fn turn(conversation_id: i64, expected_version: i64, text: &str) -> Turn {
        Turn {
            conversation_id,
            user_id: 1,
            idempotency_key: None,
            request_hash: None,
            intent: "greet".into(),
            expected_version,
            new_state: format!("state after {text}"),
            user_text: text.into(),
            parse: "{}".into(),
            bot_text: format!("re: {text}"),
            order: None,
        }
    }

    #[tokio::test]
    async fn racing_turns_in_one_batch_save_exactly_one() {
        let (_dir, store) = store().await;
        let c = store.create_conversation(1, "start").await.unwrap();
        let store = &store;
        let saves = (0..20).map(|i| async move { store.save_turn(&turn(c.id, 0, &format!("m{i}"))).await });
        let outcomes = futures::future::join_all(saves).await;
        let won: Vec<_> = outcomes.iter().filter(|o| o.is_ok()).collect();
        assert_eq!(won.len(), 1, "{outcomes:?}");
        assert!(outcomes.iter().all(|o| matches!(o, Ok(_) | Err(Error::Moved(_)))));
        let messages = store.messages(c.id).await.unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(store.load_conversation(c.id).await.unwrap().version, 1);
    }

    #[tokio::test]
    async fn a_turn_on_a_stale_remembered_state_gets_the_current_one() {
        // Two stores on one file: two server processes.
        let (dir, a) = store().await;
        let b = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let c = a.create_conversation(1, "start").await.unwrap();
        assert_eq!(b.conversation_for_turn(c.id).await.unwrap().version, 0);
        a.save_turn(&turn(c.id, 0, "one")).await.unwrap();
        let stale = b.conversation_for_turn(c.id).await.unwrap();
        assert_eq!(stale.version, 0, "b remembers what it read");
        match b.save_turn(&turn(c.id, stale.version, "two")).await {
            Err(Error::Moved(now)) => assert_eq!((now.version, now.state.as_str()), (1, "state after one")),
            other => panic!("expected Moved, got {other:?}"),
        }
        assert_eq!(b.conversation_for_turn(c.id).await.unwrap().version, 1, "and now remembers the current one");
        assert_eq!(b.save_turn(&turn(c.id, 1, "two")).await.unwrap().0, 2);
        let said: Vec<String> = a.messages(c.id).await.unwrap().into_iter().map(|m| m.text).collect();
        assert_eq!(said, ["one", "re: one", "two", "re: two"]);
    }

    #[tokio::test]
    async fn one_idempotency_key_places_one_order_even_within_a_batch() {
        let (_dir, store) = store().await;
        let new = NewOrder {
            user_id: 1,
            conversation_id: None,
            idempotency_key: Some("k".into()),
            request_hash: None,
            order: crate::order::PricedOrder::default(),
            details: Default::default(),
            ready_at_ms: None,
        };
        let outcomes = futures::future::join_all((0..10).map(|_| store.create_order(&new))).await;
        let orders: Vec<_> = outcomes.into_iter().map(|o| o.unwrap()).collect();
        assert_eq!(orders.iter().filter(|(_, created)| *created).count(), 1);
        assert!(orders.iter().all(|(o, _)| o.id == orders[0].0.id));
    }

    #[tokio::test]
    async fn a_missing_conversation_fails_alone() {
        let (_dir, store) = store().await;
        let c = store.create_conversation(1, "start").await.unwrap();
        let (hi, stray) = (turn(c.id, 0, "hi"), turn(999, 0, "x"));
        let (good, missing) = tokio::join!(store.save_turn(&hi), store.save_turn(&stray));
        assert_eq!(good.unwrap().0, 1);
        assert!(matches!(missing, Err(Error::NotFound)));
    }
}
