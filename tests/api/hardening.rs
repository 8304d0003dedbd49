//! The second hardening round (issue 12), one test or more per finding, against the real
//! server: metrics cardinality, slow and idle connections, registration and hashing
//! limits, racing logins, exact usernames, streams that outlive their rights, bounded
//! replay, idempotency fingerprints, role before body, rate limits on chat, reserved
//! names, array bodies, the database file's permissions and the shop's cancel rule.

use std::net::IpAddr;
use std::time::Duration;

use chatorder::store::Role;
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::both;
use crate::helpers::{expect_error, pizza, spawn_app_with, Backend, TestApp};
use crate::sse::{self, order_ids, SseStream};

/// A client whose requests come from `addr` (any 127.x.y.z is this machine).
fn client_from(addr: &str) -> Client {
    Client::builder().local_address(addr.parse::<IpAddr>().unwrap()).build().unwrap()
}

async fn register(client: &Client, app: &TestApp, name: &str) -> Response {
    client
        .post(format!("{}/api/register", app.base))
        .json(&json!({"username": name, "password": "password123"}))
        .send()
        .await
        .unwrap()
}

/// The host and port of the server, for raw sockets.
fn socket_addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the connection; `false` if it is still open after
/// `bound` (the bound only keeps a broken server from hanging the suite).
async fn closed_by_server(stream: &mut TcpStream, bound: Duration) -> bool {
    let mut buf = [0u8; 4096];
    tokio::time::timeout(bound, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    })
    .await
    .is_ok()
}

// ---- 1. metrics ----

async fn unknown_methods_do_not_grow_the_metrics(app: &TestApp) {
    let marker = uuid::Uuid::new_v4().simple().to_string()[..8].to_uppercase();
    for i in 0..50 {
        let method = Method::from_bytes(format!("M{marker}{i}").as_bytes()).unwrap();
        let r = app.request(method, &format!("/nowhere/{marker}/{i}"), None).send().await.unwrap();
        assert!(r.status().is_client_error(), "{}", r.status());
    }
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(!metrics.contains(&marker), "a client's method or path became a label");
    let methods: std::collections::BTreeSet<&str> =
        metrics.split("method=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    assert!(methods.contains("other"), "{methods:?}");
    assert!(methods.len() <= 10, "methods are a fixed set: {methods:?}");
}

async fn the_order_gauge_is_counted_at_most_every_few_seconds(app: &TestApp) {
    let token = app.customer("ann").await;
    app.order(&token, 1).await;
    let pending =
        |text: &str| text.lines().find(|l| l.starts_with("chatorder_orders{status=\"pending\"}")).map(str::to_owned);
    let first = app.get("/metrics", None).await.text().await.unwrap();
    assert_eq!(pending(&first).as_deref(), Some("chatorder_orders{status=\"pending\"} 1"));
    // A burst of scrapes reads the same counts: not one GROUP BY over all orders each.
    app.order(&token, 1).await;
    let again = app.get("/metrics", None).await.text().await.unwrap();
    assert_eq!(pending(&again), pending(&first));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_metrics_token_protects_the_metrics() {
    let app = spawn_app_with(Backend::Sqlite, &["--metrics-token", "scrape-me-0123"]).await.unwrap();
    expect_error(app.get("/metrics", None).await, 401).await;
    expect_error(app.get("/metrics", Some("wrong-token")).await, 401).await;
    let r = app.get("/metrics", Some("scrape-me-0123")).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("http_requests_total"));
    app.stop().await;
}

// ---- 2. connections ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let app = spawn_app_with(Backend::Sqlite, &["--header-timeout", "1"]).await.unwrap();
    let mut slow = TcpStream::connect(socket_addr(&app)).await.unwrap();
    slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    assert!(closed_by_server(&mut slow, Duration::from_secs(30)).await, "a half-sent request kept its socket");

    // A kept-alive connection that goes quiet after a response is closed the same way.
    let mut idle = TcpStream::connect(socket_addr(&app)).await.unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut buf = [0u8; 1024];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    assert!(closed_by_server(&mut idle, Duration::from_secs(30)).await, "an idle keep-alive socket stayed open");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    let app = spawn_app_with(Backend::Sqlite, &["--max-connections", "2", "--header-timeout", "60"]).await.unwrap();
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(socket_addr(&app)).await.unwrap();
        s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
        holders.push(s);
    }
    let base = app.base.clone();
    let waiting = tokio::spawn(async move { Client::new().get(format!("{base}/api/health")).send().await });
    // Both places are taken by the half-sent requests: the third is not served meanwhile.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "a connection beyond the cap was served");
    drop(holders.pop());
    let served = tokio::time::timeout(Duration::from_secs(30), waiting).await.expect("never served").unwrap();
    assert_eq!(served.unwrap().status(), 200);
    app.stop().await;
}

// ---- 3. registration and the hashing queue ----

async fn registrations_are_limited_per_address(app: &TestApp) {
    let here = client_from("127.0.0.5");
    for i in 0..3 {
        assert_eq!(register(&here, app, &format!("reg{i}")).await.status(), 201);
    }
    let r = register(&here, app, "reg3").await;
    assert!(r.headers().get("retry-after").is_some());
    assert!(expect_error(r, 429).await.contains("registrations"));
    // Another address is not affected.
    assert_eq!(register(&client_from("127.0.0.6"), app, "reg4").await.status(), 201);
}

async fn a_full_hashing_queue_answers_503_and_a_taken_name_is_refused_before_hashing(app: &TestApp) {
    app.customer("ann").await;
    let all = app.state.hashing.take_all().expect("the queue's places");
    let r = app.post("/api/register", None, json!({"username": "bob", "password": "password123"})).await;
    assert!(r.headers().get("retry-after").is_some());
    expect_error(r, 503).await;
    let r = app.post("/api/login", None, json!({"username": "ann", "password": "password123"})).await;
    expect_error(r, 503).await;
    // Known before any hash is needed.
    let r = app.post("/api/register", None, json!({"username": "ANN", "password": "password123"})).await;
    expect_error(r, 409).await;
    drop(all);
    assert_eq!(
        app.post("/api/register", None, json!({"username": "bob", "password": "password123"})).await.status(),
        201
    );
    // The 503 was not counted as a failed login.
    app.login("ann", "password123").await;
}

// ---- 4. racing logins ----

async fn parallel_guesses_are_counted_before_they_are_checked(app: &TestApp) {
    app.customer("ann").await;
    let guesses = (0..40).map(|i| {
        let client = app.client.clone();
        let url = format!("{}/api/login", app.base);
        async move {
            let body = json!({"username": "ann", "password": format!("guess number {i}")});
            client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }
    });
    let statuses = futures::future::join_all(guesses).await;
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(evaluated, chatorder::auth::throttle::MAX_FAILURES as usize, "{statuses:?}");
    assert_eq!(evaluated + refused, 40, "{statuses:?}");
}

// ---- 5. exact usernames ----

async fn a_trailing_space_is_not_the_same_user(app: &TestApp) {
    app.customer("ann").await;
    for name in ["ann ", " ann", "ann\t", "ANN "] {
        let r = app.post("/api/login", None, json!({"username": name, "password": "password123"})).await;
        assert!(expect_error(r, 422).await.starts_with("username"), "{name:?}");
    }
    // And the database itself compares exactly, on both backends.
    assert!(app.state.store.find_user("ann ").await.unwrap().is_none());
    assert!(app.state.store.find_user("ann").await.unwrap().is_some());
}

// ---- 6. streams re-checked ----

/// Opens `/api/events` with a bearer token and optional `Last-Event-ID`.
async fn open_stream(app: &TestApp, token: &str, last_event_id: Option<&str>) -> Response {
    sse::open(app, Some(token), "", last_event_id).await
}

/// Reads a stream until it ends; `false` if it is still open after `bound`.
async fn ends(mut stream: Response, bound: Duration) -> bool {
    tokio::time::timeout(bound, async { while let Ok(Some(_)) = stream.chunk().await {} }).await.is_ok()
}

async fn a_stream_ends_when_its_account_is_demoted_or_deleted(app: &TestApp) {
    let staff = app.member("sam", Role::Staff).await;
    let staff_stream = open_stream(app, &staff, None).await;
    assert_eq!(staff_stream.status(), 200);
    sqlx::query("UPDATE users SET role = 'customer' WHERE username_key = 'sam'")
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert!(ends(staff_stream, Duration::from_secs(30)).await, "a demoted staff member's stream stayed open");

    let r = app.post("/api/register", None, json!({"username": "gone", "password": "password123"})).await;
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let token = app.login("gone", "password123").await;
    let stream = open_stream(app, &token, None).await;
    assert_eq!(stream.status(), 200);
    sqlx::query("DELETE FROM users WHERE id = ?").bind(id).execute(app.state.store.pool()).await.unwrap();
    assert!(ends(stream, Duration::from_secs(30)).await, "a deleted account's stream stayed open");
}

// ---- 7. bounded replay ----

async fn replay_is_capped_and_a_resume_id_above_the_newest_still_gets_new_events(app: &TestApp) {
    let ann = app.customer("ann").await;
    let mut orders = Vec::new();
    for _ in 0..5 {
        orders.push(app.order(&ann, 1).await["id"].as_i64().unwrap());
    }
    let mut stream = SseStream::from(open_stream(app, &ann, Some("0")).await);
    // The replay depth is 3: the last three events only.
    assert_eq!(order_ids(&stream.take(3).await), orders[2..]);
    let later = app.order(&ann, 1).await["id"].as_i64().unwrap();
    assert_eq!(order_ids(&stream.take(1).await), [later], "the replay skipped nothing newer");

    let mut ahead = SseStream::from(open_stream(app, &ann, Some("999999999")).await);
    let newest = app.order(&ann, 1).await["id"].as_i64().unwrap();
    assert_eq!(order_ids(&ahead.take(1).await), [newest]);
}

async fn streams_per_account_are_capped(app: &TestApp) {
    let ann = app.customer("ann").await;
    let first = open_stream(app, &ann, None).await;
    let second = open_stream(app, &ann, None).await;
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));
    expect_error(open_stream(app, &ann, None).await, 429).await;
    // Another account is not affected; a closed stream frees its place.
    let bob = app.customer("bob").await;
    assert_eq!(open_stream(app, &bob, None).await.status(), 200);
    drop(first);
    let mut reopened = None;
    for _ in 0..100 {
        let r = open_stream(app, &ann, None).await;
        if r.status() == 200 {
            reopened = Some(r);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reopened.is_some(), "a closed stream kept its place");
}

// ---- 9. login usernames and proxies ----

async fn overlong_usernames_at_login_are_refused_and_not_remembered(app: &TestApp) {
    let long = "u".repeat(60 * 1024);
    for _ in 0..20 {
        let r = app.post("/api/login", None, json!({"username": long, "password": "password123"})).await;
        expect_error(r, 422).await;
    }
    assert!(app.state.throttle.is_empty(), "{} keys remembered", app.state.throttle.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_forwarded_for_counts_only_from_trusted_proxies() {
    let flags = ["--trusted-proxies", "127.0.0.7", "--registrations-per-minute", "2"];
    let app = spawn_app_with(Backend::Sqlite, &flags).await.unwrap();
    let post = |client: Client, forwarded: &'static str, name: String| {
        let url = format!("{}/api/register", app.base);
        async move {
            let body = json!({"username": name, "password": "password123"});
            client.post(url).header("x-forwarded-for", forwarded).json(&body).send().await.unwrap().status()
        }
    };
    let proxy = client_from("127.0.0.7");
    // Behind the trusted proxy each forwarded client has its own budget.
    for i in 0..2 {
        assert_eq!(post(proxy.clone(), "203.0.113.1", format!("a{i}")).await, 201);
    }
    assert_eq!(post(proxy.clone(), "203.0.113.1", "a2".into()).await, 429);
    assert_eq!(post(proxy.clone(), "198.51.100.4, 203.0.113.2", "b0".into()).await, 201);
    // From anyone else the header is ignored: the peer's address counts.
    let direct = client_from("127.0.0.8");
    assert_eq!(post(direct.clone(), "203.0.113.3", "c0".into()).await, 201);
    assert_eq!(post(direct.clone(), "203.0.113.4", "c1".into()).await, 201);
    assert_eq!(post(direct, "203.0.113.5", "c2".into()).await, 429);
    app.stop().await;
}

// ---- 10. idempotency fingerprints ----

async fn a_reused_idempotency_key_with_another_request_is_refused(app: &TestApp) {
    let ann = app.customer("ann").await;
    let send = |body: Value, key: &str, path: &str| {
        app.request(Method::POST, path, Some(&ann)).header("idempotency-key", key).json(&body).send()
    };
    assert_eq!(send(pizza(1), "order-1", "/api/orders").await.unwrap().status(), 201);
    assert_eq!(send(pizza(1), "order-1", "/api/orders").await.unwrap().status(), 200, "a true retry");
    let message = expect_error(send(pizza(3), "order-1", "/api/orders").await.unwrap(), 422).await;
    assert!(message.starts_with("Idempotency-Key"), "{message}");

    let first = send(json!({"text": "a large pizza"}), "turn-1", "/api/messages").await.unwrap();
    assert_eq!(first.status(), 200);
    let conversation = first.json::<Value>().await.unwrap()["conversation_id"].as_i64().unwrap();
    let retry = send(json!({"text": "a large pizza"}), "turn-1", "/api/messages").await.unwrap();
    assert_eq!(retry.json::<Value>().await.unwrap()["conversation_id"], conversation);
    let other_text = send(json!({"text": "two cokes"}), "turn-1", "/api/messages").await.unwrap();
    assert!(expect_error(other_text, 422).await.starts_with("Idempotency-Key"));
    let body = json!({"text": "a large pizza", "conversation_id": conversation});
    assert_eq!(send(body.clone(), "turn-2", "/api/messages").await.unwrap().status(), 200);
    let elsewhere = send(json!({"text": "a large pizza"}), "turn-2", "/api/messages").await.unwrap();
    assert!(expect_error(elsewhere, 422).await.starts_with("Idempotency-Key"), "another conversation");
    // Only the first "two cokes"-less turns were said.
    assert_eq!(app.customer_said(&ann, conversation).await, ["a large pizza", "a large pizza"]);
}

// ---- 12. the database file ----

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_database_is_created_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    app.customer("ann").await;
    for file in ["test.db", "test.db-wal"] {
        let mode = std::fs::metadata(app.dir.path().join(file)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
    app.stop().await;
}

// ---- 13. role before body ----

async fn a_customer_gets_403_on_admin_items_whatever_the_body(app: &TestApp) {
    let ann = app.customer("ann").await;
    let put = |body: &'static [u8], content_type: Option<&str>| {
        let mut req = app.request(Method::PUT, "/api/admin/items/pizza", Some(&ann)).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    expect_error(put(b"{", Some("application/json")).await.unwrap(), 403).await;
    expect_error(put(b"{\"available\": false}", None).await.unwrap(), 403).await;
    expect_error(put(b"{\"available\": \"no\"}", Some("application/json")).await.unwrap(), 403).await;
}

// ---- 15. chat limits, reserved names, array bodies ----

async fn chat_turns_are_limited_per_account(app: &TestApp) {
    let ann = app.customer("ann").await;
    for _ in 0..3 {
        assert_eq!(app.post("/api/messages", Some(&ann), json!({"text": "hi"})).await.status(), 200);
    }
    let r = app.post("/api/messages", Some(&ann), json!({"text": "hi"})).await;
    assert!(r.headers().get("retry-after").is_some());
    assert!(expect_error(r, 429).await.contains("messages"));
    let bob = app.customer("bob").await;
    assert_eq!(app.post("/api/messages", Some(&bob), json!({"text": "hi"})).await.status(), 200);
}

async fn shop_names_cannot_be_registered(app: &TestApp) {
    for name in ["admin", "Root", "support", "sup.port", "ADMINISTRATOR"] {
        let r = app.post("/api/register", None, json!({"username": name, "password": "password123"})).await;
        assert!(expect_error(r, 422).await.contains("reserved"), "{name}");
    }
}

async fn array_bodies_are_refused_where_an_object_is_expected(app: &TestApp) {
    let raw = |path: &str, token: Option<&str>, body: &'static str| {
        app.request(Method::POST, path, token).header("content-type", "application/json").body(body).send()
    };
    let r = raw("/api/register", None, r#"["arrayuser", "password123"]"#).await.unwrap();
    assert!(expect_error(r, 422).await.starts_with("body"));
    let ann = app.customer("ann").await;
    let r = raw("/api/orders", Some(&ann), r#"[[{"item": "coke"}]]"#).await.unwrap();
    expect_error(r, 422).await;
    let r = raw("/api/login", None, r#"["ann", "password123"]"#).await.unwrap();
    expect_error(r, 422).await;
    // Still 400 for what is not JSON at all.
    expect_error(raw("/api/register", None, "[1, 2").await.unwrap(), 400).await;
    let orders: Value = app.get("/api/orders", Some(&ann)).await.json().await.unwrap();
    assert_eq!(orders["total"], 0);
}

// ---- 17. the shop decides until when a customer may cancel ----

/// Moves an order along as staff up to `status`.
async fn advance(app: &TestApp, staff: &str, order: i64, statuses: &[&str]) {
    for status in statuses {
        let r = app.request(Method::PUT, &format!("/api/orders/{order}"), Some(staff)).json(&json!({"status": status}));
        assert_eq!(r.send().await.unwrap().status(), 200, "to {status}");
    }
}

async fn a_customer_may_cancel_only_until_the_order_is_being_prepared(app: &TestApp) {
    let ann = app.customer("ann").await;
    let staff = app.member("sam", Role::Staff).await;
    let cancel = |order: i64| app.request(Method::DELETE, &format!("/api/orders/{order}"), Some(&ann)).send();
    let pending = app.order(&ann, 1).await["id"].as_i64().unwrap();
    assert_eq!(cancel(pending).await.unwrap().status(), 200);
    let confirmed = app.order(&ann, 1).await["id"].as_i64().unwrap();
    advance(app, &staff, confirmed, &["confirmed"]).await;
    assert_eq!(cancel(confirmed).await.unwrap().status(), 200);
    for path in [vec!["confirmed", "preparing"], vec!["confirmed", "preparing", "ready"]] {
        let order = app.order(&ann, 1).await["id"].as_i64().unwrap();
        advance(app, &staff, order, &path).await;
        assert!(expect_error(cancel(order).await.unwrap(), 409).await.contains("until it is confirmed"));
        let put = app.request(Method::PUT, &format!("/api/orders/{order}"), Some(&ann));
        expect_error(put.json(&json!({"status": "cancelled"})).send().await.unwrap(), 409).await;
        // Staff still may.
        advance(app, &staff, order, &["cancelled"]).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shops_files_say_until_when_a_customer_may_cancel() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    std::fs::write(app.dir.path().join("menu").join("zz_shop.toml"), "[shop]\ncustomer_cancel_until = \"ready\"\n")
        .unwrap();
    chatorder::http::reload::reload_now(&app.state);
    assert_eq!(app.state.catalog().shop.customer_cancel_until, "ready");
    let ann = app.customer("ann").await;
    let staff = app.member("sam", Role::Staff).await;
    let order = app.order(&ann, 1).await["id"].as_i64().unwrap();
    advance(&app, &staff, order, &["confirmed", "preparing", "ready"]).await;
    let r = app.request(Method::DELETE, &format!("/api/orders/{order}"), Some(&ann)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    app.stop().await;
}

#[test]
fn chatorder_check_places_a_bad_shop_rule_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let menu = dir.path().join("menu");
    std::fs::create_dir(&menu).unwrap();
    for entry in std::fs::read_dir(root.join("menu")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, menu.join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(menu.join("zz_shop.toml"), "# rules\n[shop]\ncustomer_cancel_until = \"served\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
        .arg("check")
        .arg("--menu")
        .arg(&menu)
        .arg("--intents")
        .arg(root.join("intents"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("zz_shop.toml:3:25: customer_cancel_until must be one of"), "{stdout}");
}

both!(
    unknown_methods_do_not_grow_the_metrics,
    the_order_gauge_is_counted_at_most_every_few_seconds,
    a_full_hashing_queue_answers_503_and_a_taken_name_is_refused_before_hashing,
    parallel_guesses_are_counted_before_they_are_checked,
    a_trailing_space_is_not_the_same_user,
    overlong_usernames_at_login_are_refused_and_not_remembered,
    a_reused_idempotency_key_with_another_request_is_refused,
    a_customer_gets_403_on_admin_items_whatever_the_body,
    shop_names_cannot_be_registered,
    array_bodies_are_refused_where_an_object_is_expected,
    a_customer_may_cancel_only_until_the_order_is_being_prepared,
);

/// `both!` with extra serve flags: `with_flags!(module, ["--flag", "value"], test_a, test_b)`.
macro_rules! with_flags {
    ($module:ident, $flags:expr, $($name:ident),* $(,)?) => {
        mod $module {
            mod sqlite {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let app = $crate::helpers::spawn_app_with($crate::helpers::Backend::Sqlite, &$flags).await.unwrap();
                        super::super::$name(&app).await;
                        app.stop().await;
                    }
                )*
            }
            mod mysql {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let Some(app) = $crate::helpers::spawn_app_with($crate::helpers::Backend::Mysql, &$flags).await else { return };
                        super::super::$name(&app).await;
                        app.stop().await;
                    }
                )*
            }
        }
    };
}

with_flags!(registration_limit, ["--registrations-per-minute", "3"], registrations_are_limited_per_address);
with_flags!(stream_recheck, ["--stream-recheck", "1"], a_stream_ends_when_its_account_is_demoted_or_deleted);
with_flags!(
    replay_depth,
    ["--event-replay", "3", "--streams-per-user", "2"],
    replay_is_capped_and_a_resume_id_above_the_newest_still_gets_new_events,
    streams_per_account_are_capped
);
with_flags!(chat_limit, ["--chat-turns-per-minute", "3"], chat_turns_are_limited_per_account);

// ---- 2, 8, 11, 16: the binary as a process ----

mod process {
    //! The real binary as a subprocess: open-file limit, SIGTERM with an open event
    //! stream, startup errors without credentials, the container's settings.

    use std::path::Path;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    use serde_json::{json, Value};
    use tokio::io::AsyncBufReadExt;

    /// The drain deadline the shutdown test gives the server.
    const DRAIN_SECS: u64 = 4;

    /// `chatorder serve` on a fresh SQLite file under `prlimit` (a soft open-file limit
    /// of 256), returning the child and its base URL once it serves.
    async fn start(dir: &Path) -> (tokio::process::Child, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut command = tokio::process::Command::new("prlimit");
        command
            .arg("--nofile=256:")
            .arg(env!("CARGO_BIN_EXE_chatorder"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0", "--drain-timeout", &DRAIN_SECS.to_string()])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.join("shutdown.db").display()))
            .arg("--menu")
            .arg(root.join("menu"))
            .arg("--intents")
            .arg(root.join("intents"))
            .env("JWT_SECRET", "a shutdown test secret that is long enough")
            .env_remove("CHATORDER_ENV")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = command.spawn().unwrap();
        let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let line = stdout.next_line().await.unwrap().expect("the server printed its address");
        let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
        (child, base)
    }

    /// The soft and hard "Max open files" of a process.
    fn open_file_limits(pid: u32) -> (String, String) {
        let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
        let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap().to_owned();
        let fields: Vec<&str> = line.split_whitespace().collect();
        (fields[3].to_owned(), fields[4].to_owned())
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sigterm_ends_open_event_streams_and_the_process_exits_within_the_drain_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let (mut child, base) = start(dir.path()).await;
        let pid = child.id().unwrap();
        let (soft, hard) = open_file_limits(pid);
        assert_eq!(soft, hard, "the soft open-file limit was raised to the hard one");

        let client = reqwest::Client::new();
        let creds = json!({"username": "ann", "password": "password123"});
        assert_eq!(client.post(format!("{base}/api/register")).json(&creds).send().await.unwrap().status(), 201);
        let login: Value =
            client.post(format!("{base}/api/login")).json(&creds).send().await.unwrap().json().await.unwrap();
        let token = login["token"].as_str().unwrap().to_owned();
        let mut stream = client.get(format!("{base}/api/events")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(stream.status(), 200);

        let sent = Instant::now();
        let kill = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
        assert!(kill.success());
        // The bound is the behaviour under test: exit within the drain deadline.
        let status = tokio::time::timeout(Duration::from_secs(DRAIN_SECS), child.wait())
            .await
            .expect("still running after the drain deadline")
            .unwrap();
        assert!(status.success(), "{status:?}");
        assert!(sent.elapsed() <= Duration::from_secs(DRAIN_SECS));
        // The stream was ended by the server, not cut.
        while let Ok(Some(_)) = stream.chunk().await {}
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn database_credentials_never_reach_startup_errors() {
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
            .args(["serve", "--addr", "127.0.0.1:0", "--database-url", "mysql://shop:hunter2secret@127.0.0.1:1/shop"])
            .env("JWT_SECRET", "a startup test secret that is long enough")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("hunter2secret"), "the password in:\n{stderr}");
        assert!(stderr.contains("connecting to the database server"), "{stderr}");
        assert!(!stderr.contains("creating the database"), "a refused connection is not a failed creation:\n{stderr}");
        assert!(stderr.contains("shop:***@127.0.0.1:1"), "{stderr}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn production_without_a_secret_refuses_to_start_and_says_how_to_set_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.path().join("p.db").display()))
            .env("CHATORDER_ENV", "production")
            .env_remove("JWT_SECRET")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("JWT_SECRET=") && stderr.contains("openssl rand"), "{stderr}");
        // Nor do load-test settings pass in production.
        let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
            .args(["serve", "--addr", "127.0.0.1:0", "--rate-limits", "off"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.path().join("p.db").display()))
            .env("CHATORDER_ENV", "production")
            .env("JWT_SECRET", "a production test secret that is long enough")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("CHATORDER_RATE_LIMITS=off"));
    }

    #[test]
    fn the_container_caches_dependencies_checks_health_and_runs_in_production() {
        let dockerfile = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile")).unwrap();
        let line_of = |needle: &str| {
            dockerfile
                .lines()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("no {needle:?} in the Dockerfile"))
        };
        // The manifests are copied and the dependencies built before the sources arrive.
        assert!(line_of("COPY Cargo.toml Cargo.lock") < line_of("COPY . ."));
        let first_build = line_of("cargo build --release --locked");
        assert!(first_build > line_of("COPY Cargo.toml Cargo.lock") && first_build < line_of("COPY . ."));
        assert!(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/api/health"));
        assert!(dockerfile.contains("CHATORDER_ENV=production"));
        // A generated secret, when asked for, goes where the image's user can write: the volume.
        let data = dockerfile.lines().find(|l| l.contains("JWT_SECRET_FILE=")).unwrap();
        assert!(data.contains("/app/data/"), "{data}");
        assert!(dockerfile.contains("VOLUME [\"/app/data\"]"));
    }
}
