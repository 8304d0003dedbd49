//! What differs between SQLite and MySQL/MariaDB, said once: how a write transaction
//! begins and holds its rows, how an upsert and a batch update are spelled, who hands
//! out order ids, how many writers run and how the pool is set up. Everything else in
//! the store is the same SQL on both, through sqlx's `Any` driver with `?` placeholders.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor, Transaction};

use super::tables::Table;
use super::Result;

/// Which database the URL named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Mysql,
}

/// On a Galera node, makes every read of this connection wait until the node has
/// applied everything the cluster committed before it (`wsrep_sync_wait = 1`). Other
/// nodes' commits are applied asynchronously, so without it a turn sent to a second
/// server right after the first answered could read the conversation (or not find it
/// at all) as it was before. Plain MariaDB and MySQL are left as they are.
async fn causal_reads_on_galera(conn: &mut sqlx::AnyConnection) -> std::result::Result<(), sqlx::Error> {
    let row = sqlx::query("SHOW VARIABLES LIKE 'wsrep_on'").fetch_optional(&mut *conn).await?;
    let on = match row {
        Some(row) => super::text(&row, "Value").map_err(|e| sqlx::Error::Protocol(e.to_string()))?,
        None => return Ok(()),
    };
    if on.eq_ignore_ascii_case("ON") {
        conn.execute("SET SESSION wsrep_sync_wait = 1").await?;
    }
    Ok(())
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static MYSQL_MIGRATIONS: Migrator = sqlx::migrate!("migrations/mysql");

/// Batches in flight at once on MySQL.
const MYSQL_WRITERS: usize = 4;

impl Backend {
    /// The backend a database URL names (`sqlite:`, `mysql:` or `mariadb:`).
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("mysql:") || url.starts_with("mariadb:") {
            Some(Backend::Mysql)
        } else {
            None
        }
    }

    /// The schema's migrations, in each backend's own SQL.
    pub(super) fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Mysql => &MYSQL_MIGRATIONS,
        }
    }

    /// The pool's settings. SQLite has one writer at a time: a few connections are
    /// plenty, and WAL lets readers carry on while it writes. synchronous=NORMAL is
    /// durable in WAL mode except for the last transactions on power loss, the usual
    /// server trade-off.
    pub(super) fn pool_options(self) -> AnyPoolOptions {
        let options = match self {
            Backend::Sqlite => AnyPoolOptions::new().max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            }),
            // A connection is checked before it is handed out, so one cut by a database
            // node that died is replaced instead of failing a request; a request waits
            // at most 3 s for one, then answers 503 (`Error::Unavailable`), never hangs.
            Backend::Mysql => AnyPoolOptions::new()
                .max_connections(32)
                .test_before_acquire(true)
                .acquire_timeout(Duration::from_secs(3))
                .after_connect(|conn, _| Box::pin(async move { causal_reads_on_galera(conn).await })),
        };
        match self {
            Backend::Sqlite => options.acquire_timeout(Duration::from_secs(10)),
            Backend::Mysql => options,
        }
    }

    /// Whether one writer of this process must hold the store's write lock for every
    /// write transaction. SQLite allows one writer at a time: queuing writers in the
    /// process, instead of letting them collide in SQLite's sleeping busy handler,
    /// keeps writes fast and never returns SQLITE_BUSY. MySQL's row locks handle
    /// concurrent writers.
    pub(super) fn single_writer(self) -> bool {
        self == Backend::Sqlite
    }

    /// How many group-commit writers run: one on SQLite; on MySQL a few, so that while
    /// one waits for the server the next gathers its batch.
    pub(super) fn writers(self) -> usize {
        match self {
            Backend::Sqlite => 1,
            Backend::Mysql => MYSQL_WRITERS,
        }
    }

    /// Begins a transaction whose reads must hold until the commit. SQLite takes the
    /// database's write lock now (`BEGIN IMMEDIATE`); MySQL locks the rows it reads
    /// with [`Backend::lock_rows`].
    pub(super) async fn begin_write(self, pool: &AnyPool) -> Result<Transaction<'static, sqlx::Any>> {
        Ok(match self {
            Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Mysql => pool.begin().await?,
        })
    }

    /// The end of a `SELECT … WHERE id IN (…)` that locks the rows until the commit,
    /// in id order so that two transactions never deadlock on them. Nothing on SQLite,
    /// where [`Backend::begin_write`] holds the whole database.
    pub(super) fn lock_rows(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Mysql => " ORDER BY id FOR UPDATE",
        }
    }

    /// `INSERT INTO table (…) VALUES (?, …)` that replaces `updated` columns of the row
    /// with the same `key` instead of failing.
    pub(super) fn upsert(self, table: &Table, key: &str, updated: &[&str]) -> String {
        let insert = table.insert_one();
        match self {
            Backend::Sqlite => {
                let set: Vec<String> = updated.iter().map(|c| format!("{c} = excluded.{c}")).collect();
                format!("{insert} ON CONFLICT({key}) DO UPDATE SET {}", set.join(", "))
            }
            Backend::Mysql => {
                let set: Vec<String> = updated.iter().map(|c| format!("{c} = VALUES({c})")).collect();
                format!("{insert} ON DUPLICATE KEY UPDATE {}", set.join(", "))
            }
        }
    }

    /// A statement template (`{rows}` for the value groups of `table`'s columns) that
    /// inserts the rows whose unique keys are free and leaves the others as they are.
    pub(super) fn insert_ignore(self, table: &Table) -> String {
        match self {
            Backend::Sqlite => format!("{} ON CONFLICT DO NOTHING", table.insert()),
            // Not `INSERT IGNORE`, which would also swallow errors other than the key's.
            Backend::Mysql => format!("{} ON DUPLICATE KEY UPDATE {c} = {c}", table.insert(), c = table.columns[0]),
        }
    }

    /// A statement template (`{rows}` for the value groups of `table`'s columns) that
    /// updates the `updated` columns of rows that all exist, matched on the first
    /// column, and the rows it reports changed per row updated.
    pub(super) fn batch_update(self, table: &Table, updated: &[&str]) -> (String, u64) {
        match self {
            Backend::Sqlite => {
                let column = |c: &str| table.columns.iter().position(|x| *x == c).map_or(0, |i| i + 1);
                let set: Vec<String> = updated.iter().map(|c| format!("{c} = v.column{}", column(c))).collect();
                let sql = format!(
                    "UPDATE {name} SET {set} FROM (VALUES {{rows}}) AS v WHERE {name}.{key} = v.column1",
                    name = table.name,
                    set = set.join(", "),
                    key = table.columns[0],
                );
                (sql, 1)
            }
            // MySQL has no UPDATE … FROM (VALUES …). Every row exists (the batch holds
            // its lock), so this upsert only ever updates, and MySQL counts 2 per row.
            Backend::Mysql => {
                let set: Vec<String> = updated.iter().map(|c| format!("{c} = VALUES({c})")).collect();
                (format!("{} ON DUPLICATE KEY UPDATE {}", table.insert(), set.join(", ")), 2)
            }
        }
    }

    /// Whether rows become visible in the order of their ids. SQLite: one write
    /// transaction at a time allocates and commits, so a lower id never commits after a
    /// higher one. MySQL: transactions allocate AUTO_INCREMENT ids when they insert and
    /// commit whenever they finish (Galera interleaves them across nodes besides).
    pub fn ids_commit_in_order(self) -> bool {
        self == Backend::Sqlite
    }

    /// Whether a group-commit batch hands out order ids itself (SQLite: it holds the
    /// write lock, so the next ids are free) rather than taking the server's
    /// AUTO_INCREMENT at insert (MySQL: right with several servers on one database,
    /// and with Galera's interleaved ids).
    pub(super) fn batch_assigns_order_ids(self) -> bool {
        self == Backend::Sqlite
    }
}
