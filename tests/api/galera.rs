//! What Galera (and any MySQL server) does to the events feed and to the API when a
//! database node goes away, tested on the plain MariaDB of the other tests: event ids
//! that commit out of id order, and a database that stops answering.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chatorder::store::Role;
use reqwest::{Method, Response};
use serde_json::{json, Value};
use sqlx::{Connection, Executor};

use crate::helpers::{fresh_mysql_url, spawn_app, spawn_app_at, Backend, TestApp};

/// Opens `/api/events` as `token`; the stream has subscribed once the headers are back.
async fn open_stream(app: &TestApp, token: &str) -> Response {
    let r = app.request(Method::GET, "/api/events", Some(token)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r
}

/// The event ids of the next `n` events of a stream (heartbeats skipped). The bound
/// only keeps a broken build from hanging the suite.
async fn next_event_ids(stream: &mut Response, buffer: &mut String, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    while ids.len() < n {
        if let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            if let Some(id) = frame.lines().find_map(|l| l.strip_prefix("id:")) {
                ids.push(id.trim().parse().unwrap());
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(120), stream.chunk())
            .await
            .expect("no event for 120 s")
            .unwrap()
            .expect("the stream ended");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    ids
}

/// Inserts an outbox row for `order` in `conn`'s open transaction; returns its id.
async fn insert_event(conn: &mut sqlx::MySqlConnection, order: &Value) -> i64 {
    let payload = json!({ "from": "pending", "order": order }).to_string();
    sqlx::query(
        "INSERT INTO events (kind, order_id, user_id, payload, created_at) \
         SELECT 'order.status', id, user_id, ?, 0 FROM orders WHERE id = ?",
    )
    .bind(payload)
    .bind(order["id"].as_i64().unwrap())
    .execute(&mut *conn)
    .await
    .unwrap()
    .last_insert_id() as i64
}

/// Transaction A takes id N, transaction B takes N+1 and commits first; a stream opened
/// before both and a stream opened between the two commits (its starting point is N+1,
/// above A's row) must each get N when A commits, exactly once. Galera makes this
/// common: its nodes interleave ids, and a write set commits a little after its insert.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lower_event_id_that_commits_later_reaches_every_stream_exactly_once() {
    let Some(app) = spawn_app(Backend::Mysql).await else { return };
    let staff = app.member("kim", Role::Staff).await;
    let customer = app.customer("cat").await;
    let (mut early, mut early_buf) = (open_stream(&app, &staff).await, String::new());
    let order = app.order(&customer, 1).await;
    assert_eq!(next_event_ids(&mut early, &mut early_buf, 1).await.len(), 1, "the order's own event");

    let mut a = sqlx::MySqlConnection::connect(&app.database_url).await.unwrap();
    let mut b = sqlx::MySqlConnection::connect(&app.database_url).await.unwrap();
    a.execute("BEGIN").await.unwrap();
    let n = insert_event(&mut a, &order).await;
    b.execute("BEGIN").await.unwrap();
    let n1 = insert_event(&mut b, &order).await;
    assert!(n1 > n, "ids {n} then {n1}");
    b.execute("COMMIT").await.unwrap();
    assert_eq!(next_event_ids(&mut early, &mut early_buf, 1).await, [n1]);

    // Opened now, this stream starts after N+1, the newest visible id.
    let (mut late, mut late_buf) = (open_stream(&app, &staff).await, String::new());
    a.execute("COMMIT").await.unwrap();
    assert_eq!(next_event_ids(&mut early, &mut early_buf, 1).await, [n], "the early stream gets the late row");
    assert_eq!(next_event_ids(&mut late, &mut late_buf, 1).await, [n], "so does the stream opened after N+1");

    // Nothing is sent twice: the next event on both streams is the next order's.
    let next = app.order(&customer, 2).await;
    let next_id: i64 = sqlx::query_scalar("SELECT MAX(id) FROM events WHERE order_id = ?")
        .bind(next["id"].as_i64().unwrap())
        .fetch_one(&mut a)
        .await
        .unwrap();
    assert_eq!(next_event_ids(&mut early, &mut early_buf, 1).await, [next_id]);
    assert_eq!(next_event_ids(&mut late, &mut late_buf, 1).await, [next_id]);
    drop((early, late));
    app.stop().await;
}

/// A TCP relay to the test MariaDB that a test can cut (every connection dropped, new
/// ones refused) and restore: a database node that dies and comes back.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(tokio::sync::Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { return };
                if !up2.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused as good as at once
                }
                let (target, cut) = (target.clone(), cut2.clone());
                tokio::spawn(async move {
                    let Ok(mut server) = tokio::net::TcpStream::connect(&target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        () = cut.notified() => {}
                    }
                });
            }
        });
        Self { port, up, cut }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// While the database does not answer, requests get 503 with `Retry-After` and the
/// JSON error body (never a 500, never a hang past the pool's acquire timeout); when
/// it answers again, the same server serves again by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_unreachable_the_api_answers_503_and_recovers_by_itself() {
    let Some(direct) = fresh_mysql_url().await else { return };
    let (base, name) = direct.rsplit_once('/').unwrap();
    let target = base.trim_start_matches("mysql://").rsplit_once('@').map_or("", |(_, host)| host).to_owned();
    let relay = Relay::start(target).await;
    let through = format!("mysql://root@127.0.0.1:{}/{name}", relay.port);
    let app = spawn_app_at(through, Backend::Mysql, &[]).await;
    let customer = app.customer("dee").await;
    let said = app.post("/api/messages", Some(&customer), json!({"text": "hi"})).await;
    assert_eq!(said.status(), 200);
    let conversation = said.json::<Value>().await.unwrap()["conversation_id"].as_i64().unwrap();

    relay.cut();
    for (method, path, body) in [
        (
            Method::POST,
            "/api/messages",
            Some(json!({"text": "a large pepperoni pizza", "conversation_id": conversation})),
        ),
        (Method::POST, "/api/orders", Some(crate::helpers::pizza(1))),
        (Method::GET, "/api/orders", None),
        (Method::GET, &format!("/api/conversations/{conversation}/messages") as &str, None),
    ] {
        let mut req = app.request(method.clone(), path, Some(&customer));
        if let Some(body) = body {
            req = req.json(&body);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 503, "{method} {path}");
        assert_eq!(r.headers()["retry-after"], "1", "{method} {path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unavailable", "{method} {path}: {body}");
    }
    let health = app.get("/api/health", None).await;
    assert_eq!(health.status(), 503);

    relay.restore();
    let said = app
        .post(
            "/api/messages",
            Some(&customer),
            json!({"text": "a large pepperoni pizza", "conversation_id": conversation}),
        )
        .await;
    assert_eq!(said.status(), 200, "served again once the database answers");
    assert_eq!(app.customer_said(&customer, conversation).await, ["hi", "a large pepperoni pizza"]);
    app.stop().await;
}

/// A deadlock reported by the server, read through sqlx's `Any` driver as the store
/// reads it, is recognised as a refusal worth running again (Galera reports a lost
/// certification the same way, error 1213), and as a 503 if it outlives its retries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadlock_is_recognised_as_worth_running_again() {
    let Some(app) = spawn_app(Backend::Mysql).await else { return };
    let url = &app.database_url;
    let mut a = sqlx::AnyConnection::connect(url).await.unwrap();
    let mut b = sqlx::AnyConnection::connect(url).await.unwrap();
    let mut watch = sqlx::AnyConnection::connect(url).await.unwrap();
    a.execute("CREATE TABLE deadlock_probe (id INT PRIMARY KEY, n INT) ENGINE=InnoDB").await.unwrap();
    a.execute("INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)").await.unwrap();
    a.execute("BEGIN").await.unwrap();
    a.execute("UPDATE deadlock_probe SET n = 1 WHERE id = 1").await.unwrap();
    b.execute("BEGIN").await.unwrap();
    b.execute("UPDATE deadlock_probe SET n = 2 WHERE id = 2").await.unwrap();
    let first = tokio::spawn(async move { a.execute("UPDATE deadlock_probe SET n = 1 WHERE id = 2").await.map(|_| a) });
    // Until the first update waits for b's lock (bounded: a broken build must not hang).
    for _ in 0..600 {
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")
                .fetch_one(&mut watch)
                .await
                .unwrap();
        if waiting > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let second = b.execute("UPDATE deadlock_probe SET n = 2 WHERE id = 1").await;
    let first = first.await.unwrap();
    let refused = match (first, second) {
        (Err(e), Ok(_)) => e,
        (Ok(a), Err(e)) => {
            a.close().await.unwrap();
            e
        }
        (first, second) => panic!("exactly one side of a deadlock is refused: {:?}, {second:?}", first.err()),
    };
    // Both transactions end before the database is dropped.
    b.close().await.unwrap();
    watch.close().await.unwrap();
    let refused = chatorder::store::Error::from(refused);
    assert!(refused.is_retryable(), "{refused:?}");
    assert!(refused.is_unavailable(), "{refused:?}");
    app.stop().await;
}
