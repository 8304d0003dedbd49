//! API tests: the real server on 127.0.0.1:0 with a fresh database each, spoken to
//! over HTTP. Every test in `both!` runs on SQLite and on MariaDB
//! (`mysql://root@127.0.0.1:3306/`, or `CHATORDER_TEST_MYSQL_URL`); the MariaDB runs
//! skip with a notice when it is unreachable, and fail when `CI` is set.

mod helpers;
mod receiver;
mod sse;

mod accounts;
mod bad_input;
mod chat;
mod fulfilment;
mod galera;
mod hardening;
mod hostile;
mod operations;
mod orders;
mod payments;
mod reload;
mod security;
mod servers;
mod transcripts;
mod webhooks;
mod webhooks_crash;
