//! The database: one `Store` over SQLite (the zero-setup default) or MySQL/MariaDB,
//! through sqlx's `Any` driver so both run the same queries with `?` placeholders.
//!
//! Times are BIGINT epoch milliseconds and JSON is text, because the `Any` driver
//! carries only plain integers and strings across both backends.

mod availability;
mod backend;
mod conversations;
mod details;
mod events;
mod group_commit;
mod messages;
mod orders;
mod payments;
mod recent;
mod tables;
mod users;
mod webhooks;

use std::time::Duration;

use sqlx::any::AnyRow;
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyPool, Row};

pub use backend::Backend;
pub use conversations::{Conversation, KeyedTurn, Turn};
pub use events::EventRow;
pub use messages::Message;
pub use orders::{NewOrder, Order, OrderFilter, OrderPage, PageStart, Status};
pub use payments::{Handled, Payment};
pub use users::{Role, User, UserWithHash};
pub use webhooks::{AttemptResult, Delivery, DeliveryState, DueDelivery, WebhookEndpoint, ALL_KINDS};

/// What went wrong in the database, in the caller's terms.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row does not exist (or is not the caller's to see).
    #[error("not found")]
    NotFound,
    /// A unique key already holds this value (a username, an idempotency key).
    #[error("already exists")]
    Duplicate,
    /// A turn kept losing races for its conversation.
    #[error("the conversation changed meanwhile")]
    Conflict,
    /// Someone else saved the conversation first: here it is now; step again on it.
    #[error("the conversation changed meanwhile")]
    Moved(Box<Conversation>),
    /// The status change is not an allowed transition.
    #[error("an order cannot go from {from} to {to}")]
    Transition { from: Status, to: Status },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// A customer's cancel of an order past the last status the shop allows it in.
    #[error("the order is {status}: customers may cancel only until it is {until}; please ask the shop")]
    TooLate { status: Status, until: Status },
    /// An idempotency key this user already sent with a different request.
    #[error("this Idempotency-Key was used before with a different request")]
    KeyReused,
    /// The database does not answer, or its node is not ready (a Galera node out of the
    /// cluster): nothing was saved; the caller may try again shortly.
    #[error("the database is unavailable")]
    Unavailable,
}

impl Error {
    /// Maps a unique-key violation to `Duplicate`, leaving other errors as they are.
    fn from_insert(e: sqlx::Error) -> Self {
        match e.as_database_error() {
            Some(db) if db.is_unique_violation() => Error::Duplicate,
            _ => Error::Database(e),
        }
    }
}

impl Error {
    /// MySQL's error number, when the server refused a statement.
    fn mysql_number(&self) -> Option<u16> {
        match self {
            Error::Database(sqlx::Error::Database(db)) => {
                db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().map(|e| e.number())
            }
            _ => None,
        }
    }

    /// The server rolled the transaction back for a reason that passes, so running it
    /// again is safe and may succeed: a deadlock, or on Galera a write set that lost
    /// certification to another node's (1213, `ER_LOCK_DEADLOCK`); a lock wait timeout
    /// (1205); a node not ready for statements, for example while it rejoins (1047,
    /// "WSREP has not yet prepared node for application use").
    pub fn is_retryable(&self) -> bool {
        matches!(self.mysql_number(), Some(1213 | 1205 | 1047))
    }

    /// The database cannot be reached or its node is not serving: the request gets 503
    /// with `Retry-After`, never a 500. Connections refused or cut, a pool that timed
    /// out waiting for one, a node not ready (1047) or shutting down (1053), a killed
    /// connection (1927), a lock or certification conflict that outlived its retries.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Error::Unavailable => true,
            Error::Database(e) => {
                is_unreachable(e) || matches!(self.mysql_number(), Some(1040 | 1047 | 1053 | 1205 | 1213 | 1927))
            }
            _ => false,
        }
    }
}

/// Whether `e` says the server cannot be reached at all (as opposed to refusing a
/// statement): every later statement would fail the same way for a while.
pub(crate) fn is_unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
            .is_some_and(|e| matches!(e.number(), 1047 | 1053 | 1927)),
        _ => false,
    }
}

/// Attempts at a write the server refused for a reason that passes ([`Error::is_retryable`]).
pub(crate) const WRITE_TRIES: u32 = 8;

/// Runs `attempt` until it succeeds, fails for good, or has been refused
/// [`WRITE_TRIES`] times for a reason that passes, waiting a random 0..2^n ms (capped at
/// 256 ms) between tries: two nodes whose write sets conflicted must not collide again
/// in lockstep. Only for work that the server rolled back as a whole when it failed.
pub(crate) async fn retrying<T, F, Fut>(what: &'static str, mut attempt: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut tries = 0;
    loop {
        match attempt().await {
            Err(e) if e.is_retryable() && tries + 1 < WRITE_TRIES => {
                tries += 1;
                tracing::debug!(what, tries, error = %e, "write refused for a reason that passes; trying again");
                backoff(tries).await;
            }
            other => return other,
        }
    }
}

/// Sleeps a random time below 2^`tries` ms, at most 256 ms ("full jitter").
pub(crate) async fn backoff(tries: u32) {
    use rand::Rng;
    let cap = 1u64 << tries.min(8);
    let ms = rand::thread_rng().gen_range(1..=cap);
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

pub type Result<T> = std::result::Result<T, Error>;

/// The connection pool and the backend it talks to. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The process's write lock, for a backend with a single writer
    /// ([`Backend::single_writer`]).
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The writer task that saves chat turns and new orders in batches.
    group: group_commit::GroupCommit,
    /// Conversations saved or read last, for the next turn.
    recent: std::sync::Arc<recent::Recent>,
    /// The kitchen's queue as last counted, for ready-time estimates.
    queue: std::sync::Arc<details::QueueCount>,
}

impl Store {
    /// Connects to `url` (`sqlite://FILE` or `mysql://…`), creating the file or the
    /// database when missing, and applies the migrations.
    ///
    /// # Errors
    /// An unsupported URL, an unreachable server, or a failed migration.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        use anyhow::Context;
        sqlx::any::install_default_drivers();
        let Some(backend) = Backend::of_url(url) else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or mysql://, got {:?}", redact_url(url));
        };
        let url = url.replacen("mariadb:", "mysql:", 1);
        // Every message below names the database without its password.
        let shown = redact_url(&url);
        if backend == Backend::Sqlite {
            create_private_sqlite_file(&url).with_context(|| format!("creating the database file of {shown}"))?;
        }
        // A refused or failed connection is reported as such, not as a failed creation.
        let exists = Any::database_exists(&url).await.map_err(|e| redacted(e, &url)).with_context(|| {
            format!("connecting to the database server of {shown} (is it running, and are the host, port, user and password right?)")
        })?;
        if !exists {
            Any::create_database(&url)
                .await
                .map_err(|e| redacted(e, &url))
                .with_context(|| format!("creating the database {shown}"))?;
        }
        let pool = backend
            .pool_options()
            .connect(&url)
            .await
            .map_err(|e| redacted(e, &url))
            .with_context(|| format!("connecting to {shown}"))?;
        backend.migrator().run(&pool).await.context("applying the migrations")?;
        let writer = std::sync::Arc::<tokio::sync::Mutex<()>>::default();
        let group = group_commit::GroupCommit::start(pool.clone(), backend, writer.clone());
        Ok(Self { pool, backend, writer, group, recent: Default::default(), queue: Default::default() })
    }

    /// Held for the length of a write transaction where the backend has a single
    /// writer; `None` elsewhere.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        if self.backend.single_writer() {
            Some(self.writer.lock().await)
        } else {
            None
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for tests and tools that need raw SQL.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A trivial round trip, for the health check.
    ///
    /// # Errors
    /// The database does not answer.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Whether `close` has been called (background tasks stop then).
    pub fn is_closed(&self) -> bool {
        self.pool.is_closed()
    }

    /// Closes the pool, waiting for connections in use to come back.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database URL with its password replaced by `***`, for logs and error messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A driver error as text with the URL's password taken out, in case the driver quoted it.
fn redacted(e: sqlx::Error, url: &str) -> anyhow::Error {
    let text = e.to_string();
    let password = url
        .split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .and_then(|(credentials, _)| credentials.split_once(':'))
        .map(|(_, password)| password)
        .filter(|p| !p.is_empty());
    match password {
        Some(password) => anyhow::anyhow!(text.replace(password, "***")),
        None => anyhow::anyhow!(text),
    }
}

/// Creates a missing SQLite file readable by its owner only (SQLite gives the `-wal` and
/// `-shm` files the same permissions), before sqlx would create it world-readable. An
/// existing file readable by others is left as it is, with a warning.
fn create_private_sqlite_file(url: &str) -> std::io::Result<()> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    let path = std::path::Path::new(path);
    if path.exists() {
        warn_if_readable_by_others(path);
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Created meanwhile by another process: fine.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(file = %path.display(), "the database file is readable by other users: chmod 600 it");
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_: &std::path::Path) {}

/// `?, ?, …`: `n` bind placeholders for an `IN (…)` list or a row of values.
pub(crate) fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The fingerprint of a request kept with its idempotency key: SHA-256 of its parts
/// (each followed by a NUL, so `("ab", "c")` and `("a", "bc")` differ), in hex. Stable
/// across processes and versions, unlike `std`'s hasher.
pub fn fingerprint(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Milliseconds since the Unix epoch, the unit of every time column.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Renders an epoch-milliseconds column as RFC 3339 for JSON.
pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Reads a text column. MySQL reports TEXT columns as blobs through the `Any` driver,
/// so a blob is accepted too when it holds UTF-8.
pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String> {
    match row.try_get::<String, _>(column) {
        Ok(s) => Ok(s),
        Err(_) => {
            let bytes: Vec<u8> = row.try_get(column)?;
            String::from_utf8(bytes).map_err(|_| Error::Corrupt(format!("{column} is not UTF-8")))
        }
    }
}

/// Like [`text`] for a nullable column.
pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>> {
    match row.try_get::<Option<String>, _>(column) {
        Ok(s) => Ok(s),
        Err(_) => {
            let bytes: Option<Vec<u8>> = row.try_get(column)?;
            bytes
                .map(|b| String::from_utf8(b).map_err(|_| Error::Corrupt(format!("{column} is not UTF-8"))))
                .transpose()
        }
    }
}

/// The id of the row an INSERT just made. MySQL reports it with the result; the
/// SQLite driver behind `Any` does not, so ask the same connection.
pub(crate) async fn inserted_id(conn: &mut sqlx::AnyConnection, done: &sqlx::any::AnyQueryResult) -> Result<i64> {
    if let Some(id) = done.last_insert_id() {
        return Ok(id);
    }
    let row = sqlx::query("SELECT last_insert_rowid() AS id").fetch_one(&mut *conn).await?;
    Ok(row.try_get("id")?)
}
