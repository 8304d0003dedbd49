//! Webhooks survive a crash, with the real binary: orders are placed, the receiver
//! (`receiver.rs`, 3 s per answer at first) holds a batch of deliveries unanswered, and
//! the server is killed with SIGKILL then; started again on the same database (the
//! receiver now answering at once), more orders follow. Every event in the `events` table must arrive at least once, each copy with
//! the same `Chatorder-Event-Id`, the same body and a valid signature, and every
//! delivery must end up `delivered`. The figures (events, requests, duplicates, time to
//! redeliver) are printed; docs/web.md quotes them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::Row;
use tokio::io::AsyncBufReadExt;

use crate::helpers::{fresh_mysql_url, pizza};
use crate::receiver::{signed_by, Received, Receiver};

const JWT: &str = "a webhook crash test secret, long enough";
const SECRET: &str = "crash-test-partner-secret";
const PASSWORD: &str = "password123";
const ORDERS_BEFORE: usize = 40;
const ORDERS_AFTER: usize = 10;

/// A `chatorder serve` process.
struct Server {
    child: tokio::process::Child,
    base: String,
    client: reqwest::Client,
}

impl Server {
    async fn start(dir: &Path, database_url: &str) -> Self {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).unwrap();
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--database-url", database_url])
            .arg("--menu")
            .arg(dir.join("menu"))
            .arg("--intents")
            .arg(dir.join("intents"))
            .args(["--webhook-timeout", "5", "--webhook-first-retry-ms", "500"])
            .current_dir(dir)
            .env("JWT_SECRET", JWT)
            .env("CHATORDER_RATE_LIMITS", "off")
            .env("CHATORDER_ENV", "test")
            .env_remove("CHATORDER_LOG_FORMAT")
            .stdout(std::process::Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let line = stdout.next_line().await.unwrap().expect("the server printed its address");
        let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
        Self { child, base, client: reqwest::Client::new() }
    }

    async fn send(&self, method: reqwest::Method, path: &str, token: Option<&str>, body: Value) -> Value {
        let mut req = self.client.request(method, format!("{}{path}", self.base)).json(&body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let r = req.send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    }

    async fn login(&self, name: &str) -> String {
        let body = json!({"username": name, "password": PASSWORD});
        self.send(reqwest::Method::POST, "/api/login", None, body).await["token"].as_str().unwrap().to_owned()
    }

    /// Places `n` orders as `customer` and confirms the first `confirm` of them as `admin`.
    async fn orders(&self, customer: &str, admin: &str, n: usize, confirm: usize) {
        let mut ids = Vec::new();
        for _ in 0..n {
            ids.push(self.send(reqwest::Method::POST, "/api/orders", Some(customer), pizza(1)).await["id"].clone());
        }
        for id in ids.iter().take(confirm) {
            let body = json!({"status": "confirmed"});
            self.send(reqwest::Method::PUT, &format!("/api/orders/{id}"), Some(admin), body).await;
        }
    }

    /// SIGKILL: no shutdown, no drain.
    async fn kill(mut self) {
        self.child.start_kill().unwrap();
        self.child.wait().await.unwrap();
    }
}

fn copy_catalog(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["menu", "intents"] {
        std::fs::create_dir(dir.join(folder)).unwrap();
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(folder).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

fn create_admin(database_url: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
        .args(["user", "create", "--username", "boss", "--role", "admin", "--database-url", database_url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
}

async fn scalar_ids(pool: &sqlx::AnyPool, sql: &str) -> BTreeSet<i64> {
    let rows = sqlx::query(sql).fetch_all(pool).await.unwrap();
    rows.iter().map(|r| r.try_get::<i64, _>(0).unwrap()).collect()
}

/// The figures of one run.
struct Figures {
    events: usize,
    requests: usize,
    duplicates: usize,
    in_hand_at_kill: usize,
    in_flight_at_kill: usize,
    all_arrived_after_restart: Duration,
    all_delivered_after_restart: Duration,
    cut_redelivered_after_kill: Option<Duration>,
}

async fn every_event_arrives_at_least_once_across_a_kill(database_url: &str, backend: &str) -> Figures {
    let dir = tempfile::tempdir().unwrap();
    copy_catalog(dir.path());
    create_admin(database_url);
    let receiver = Receiver::start(Duration::from_secs(3)).await;

    let server = Server::start(dir.path(), database_url).await;
    let admin = server.login("boss").await;
    let hook = json!({"url": receiver.url, "secret": SECRET});
    server.send(reqwest::Method::POST, "/api/webhooks", Some(&admin), hook).await;
    let body = json!({"username": "ann", "password": PASSWORD});
    server.send(reqwest::Method::POST, "/api/register", None, body).await;
    let ann = server.login("ann").await;
    server.orders(&ann, &admin, ORDERS_BEFORE, 10).await;
    let start = Instant::now();
    while receiver.in_flight() < 8 {
        assert!(start.elapsed() < Duration::from_secs(30), "{backend}: deliveries never came");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let in_flight_at_kill = receiver.in_flight();
    let killed = Instant::now();
    server.kill().await;
    let in_hand_at_kill = receiver.received().len();
    receiver.set_delay(Duration::from_millis(20));

    tokio::time::sleep(Duration::from_millis(300)).await;
    let restarted = Instant::now();
    let server = Server::start(dir.path(), database_url).await;
    server.orders(&ann, &admin, ORDERS_AFTER, 5).await;

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database_url.replacen("mariadb:", "mysql:", 1)).await.unwrap();
    let events = scalar_ids(&pool, "SELECT id FROM events").await;
    receiver
        .wait_for(Duration::from_secs(90), |got| {
            let ids: BTreeSet<i64> = got.iter().map(|r| r.event_id).collect();
            events.is_subset(&ids)
        })
        .await;
    let all_arrived_after_restart = restarted.elapsed();
    // The deliveries the kill cut are pending under their lease until it runs out.
    let undelivered = "SELECT id FROM webhook_deliveries WHERE state <> 'delivered'";
    for _ in 0..300 {
        if scalar_ids(&pool, undelivered).await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let open = scalar_ids(&pool, undelivered).await;
    assert!(open.is_empty(), "{backend}: deliveries not delivered: {open:?}");
    let all_delivered_after_restart = restarted.elapsed();
    let enqueued = scalar_ids(&pool, "SELECT event_id FROM webhook_deliveries").await;
    assert_eq!(enqueued, events, "{backend}: one delivery per event");
    pool.close().await;
    server.kill().await;
    let got = receiver.received();

    let copies = check_copies(&got);
    let duplicates = got.len() - copies.len();
    assert!(duplicates > 0, "{backend}: nothing was cut by the kill, so the test proved nothing");
    let cut_redelivered_after_kill = copies
        .values()
        .filter(|c| c.len() > 1 && c[0].at < killed)
        .filter_map(|c| c.iter().find(|r| r.at > killed).map(|r| r.at - killed))
        .max();
    Figures {
        events: events.len(),
        requests: got.len(),
        duplicates,
        in_hand_at_kill,
        in_flight_at_kill,
        all_arrived_after_restart,
        all_delivered_after_restart,
        cut_redelivered_after_kill,
    }
}

/// Groups the requests by event id, checking that every copy is signed and carries the
/// same body, whose `id` is the header's.
fn check_copies(got: &[Received]) -> BTreeMap<i64, Vec<&Received>> {
    let mut copies: BTreeMap<i64, Vec<&Received>> = BTreeMap::new();
    for r in got {
        assert!(signed_by(r, SECRET), "a bad signature: {r:?}");
        let body: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["id"], r.event_id);
        copies.entry(r.event_id).or_default().push(r);
    }
    for c in copies.values() {
        assert!(c.iter().all(|r| r.body == c[0].body), "copies of event {} differ", c[0].event_id);
    }
    copies
}

fn report(backend: &str, f: &Figures) {
    println!(
        "webhook crash test ({backend}): {} events, {} requests, {} duplicates; when the server was killed {} \
         requests had arrived, {} of them unanswered; every event had arrived {:.1} s after the restart and every \
         delivery was recorded delivered {:.1} s after it; the deliveries cut by the kill came again {} after it",
        f.events,
        f.requests,
        f.duplicates,
        f.in_hand_at_kill,
        f.in_flight_at_kill,
        f.all_arrived_after_restart.as_secs_f64(),
        f.all_delivered_after_restart.as_secs_f64(),
        f.cut_redelivered_after_kill.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64())),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_every_webhook_event_arrives_at_least_once_across_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("crash.db").display());
    let figures = every_event_arrives_at_least_once_across_a_kill(&url, "sqlite").await;
    report("sqlite", &figures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_every_webhook_event_arrives_at_least_once_across_a_kill() {
    let Some(url) = fresh_mysql_url().await else { return };
    let figures = every_event_arrives_at_least_once_across_a_kill(&url, "mysql").await;
    use sqlx::migrate::MigrateDatabase;
    let _ = sqlx::Any::drop_database(&url).await;
    report("mysql", &figures);
}
