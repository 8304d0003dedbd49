//! API tests of the web's endpoints, the live stream `GET /api/events` and item
//! availability `PUT /api/admin/items/{id}`: the real server on port 0 with a fresh
//! database (a temp SQLite file; a fresh MariaDB database, found as the service's API
//! suite finds it), spoken to over HTTP.

use std::time::Duration;

use chatorder::config::{Cli, Command};
use chatorder::store::Role;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

/// A running server and what is needed to talk to it.
struct App {
    base: String,
    client: Client,
    store: chatorder::store::Store,
    _dir: tempfile::TempDir,
    mysql_db: Option<String>,
    url: String,
}

/// MariaDB as the service's API suite finds it: `CHATORDER_TEST_MYSQL_URL` or the local
/// server; `None` (the test skips with a notice) when unreachable, a failure under `CI`.
async fn mysql_base() -> Option<String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let base = std::env::var("CHATORDER_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned());
    let base = base.trim_end_matches('/').to_owned();
    let probe = sqlx::AnyConnection::connect(&format!("{base}/"));
    if matches!(tokio::time::timeout(Duration::from_secs(5), probe).await, Ok(Ok(_))) {
        return Some(base);
    }
    assert!(std::env::var_os("CI").is_none(), "CI is set but MariaDB at {base} is unreachable");
    None
}

async fn spawn_app(mysql: bool) -> App {
    let dir = tempfile::tempdir().unwrap();
    let (url, mysql_db) = if mysql {
        let name = format!("chatorder_events_{}", uuid::Uuid::new_v4().simple());
        (format!("{}/{name}", mysql_base().await.unwrap()), Some(name))
    } else {
        (format!("sqlite://{}", dir.path().join("test.db").display()), None)
    };
    spawn_on(&url, dir, mysql_db).await
}

/// A server on an existing database: with [`spawn_app`], two processes sharing one.
async fn spawn_on(url: &str, dir: tempfile::TempDir, mysql_db: Option<String>) -> App {
    let url = url.to_owned();
    let root = env!("CARGO_MANIFEST_DIR");
    let cli = <Cli as clap::Parser>::parse_from([
        "chatorder",
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--database-url",
        &url,
        "--menu",
        &format!("{root}/menu"),
        "--intents",
        &format!("{root}/intents"),
        "--jwt-secret",
        "a-test-secret-that-is-long-enough-for-hs256",
    ]);
    let Some(Command::Serve(args)) = cli.command else { panic!("serve args") };
    let state = chatorder::http::AppState::build(&args).await.unwrap();
    let store = state.store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(chatorder::http::run(listener, state, std::future::pending()));
    App { base, client: Client::new(), store, _dir: dir, mysql_db, url }
}

impl App {
    async fn customer(&self, name: &str) -> String {
        let body = json!({"username": name, "password": "long-enough-password"});
        let r = self.client.post(format!("{}/api/register", self.base)).json(&body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        self.login(name, "long-enough-password").await
    }

    async fn staff(&self) -> String {
        let hash = chatorder::auth::password::hash("staff-password".into()).await.unwrap();
        self.store.create_user("kitchen", &hash, Role::Staff).await.unwrap();
        self.login("kitchen", "staff-password").await
    }

    async fn login(&self, name: &str, password: &str) -> String {
        let body = json!({"username": name, "password": password});
        let r = self.client.post(format!("{}/api/login", self.base)).json(&body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    }

    async fn order(&self, token: &str) -> i64 {
        let body = json!({"lines": [{"item": "coke", "quantity": 1}]});
        let r =
            self.client.post(format!("{}/api/orders", self.base)).bearer_auth(token).json(&body).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
    }

    async fn set_status(&self, token: &str, order: i64, status: &str) {
        let r = self
            .client
            .put(format!("{}/api/orders/{order}", self.base))
            .bearer_auth(token)
            .json(&json!({"status": status}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    async fn stream(&self, token: &str, last_event_id: Option<i64>) -> Stream {
        let mut request = self.client.get(format!("{}/api/events", self.base)).bearer_auth(token);
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        Stream { response, buffer: String::new() }
    }

    async fn finish(self) {
        if let Some(db) = &self.mysql_db {
            let pool = sqlx::MySqlPool::connect(&mysql_base().await.unwrap()).await.unwrap();
            sqlx::query(&format!("DROP DATABASE IF EXISTS `{db}`")).execute(&pool).await.unwrap();
        }
    }
}

/// One SSE event: its id and its JSON data.
#[derive(Debug)]
struct Received {
    id: i64,
    data: Value,
}

struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    /// The next event (heartbeat comments skipped); `None` when none comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Received> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let frame: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = String::new();
                for line in frame.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if let Some(id) = id {
                    return Some(Received { id, data: serde_json::from_str(&data).unwrap() });
                }
            }
            let chunk = tokio::time::timeout(wait, self.response.chunk()).await.ok()?.unwrap()?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Exactly `n` events, failing if they do not all arrive within a generous bound.
    async fn take(&mut self, n: usize) -> Vec<Received> {
        let mut out = Vec::new();
        while out.len() < n {
            match self.next(Duration::from_secs(10)).await {
                Some(event) => out.push(event),
                None => panic!("only {} of {n} events arrived: {out:?}", out.len()),
            }
        }
        out
    }
}

async fn the_stream_requires_authentication(app: &App) {
    let url = format!("{}/api/events", app.base);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let bad = app.client.get(&url).bearer_auth("not-a-token").send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    let query = app.client.get(format!("{url}?token=not-a-token")).send().await.unwrap();
    assert_eq!(query.status(), StatusCode::UNAUTHORIZED);
    let token_url = format!("{}/api/events/token", app.base);
    assert_eq!(app.client.post(&token_url).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // A stream token opens the stream from the query string, and nothing else.
    let login = app.customer("eve").await;
    let r = app.client.post(&token_url).bearer_auth(&login).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let stream_token = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    let ok = app.client.get(format!("{url}?token={stream_token}")).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let elsewhere = app.client.get(format!("{}/api/orders", app.base)).bearer_auth(&stream_token).send().await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNAUTHORIZED);
    // A normal login token is not accepted in the query (it would end up in logs).
    let in_query = app.client.get(format!("{url}?token={login}")).send().await.unwrap();
    assert_eq!(in_query.status(), StatusCode::UNAUTHORIZED);
}

async fn a_customer_sees_only_their_own_orders_while_staff_see_all(app: &App) {
    let ann = app.customer("ann").await;
    let bob = app.customer("bob").await;
    let staff = app.staff().await;
    let mut ann_stream = app.stream(&ann, None).await;
    let mut staff_stream = app.stream(&staff, None).await;

    let bobs = app.order(&bob).await;
    let anns = app.order(&ann).await;
    app.set_status(&staff, bobs, "confirmed").await;
    app.set_status(&staff, anns, "confirmed").await;

    let seen = ann_stream.take(2).await;
    assert!(seen.iter().all(|e| e.data["order_id"] == anns), "{seen:?}");
    assert_eq!(seen[0].data["kind"], "order.created");
    assert_eq!(seen[1].data["status"], "confirmed");
    assert_eq!(seen[1].data["from"], "pending");
    assert!(ann_stream.next(Duration::from_millis(800)).await.is_none(), "ann was sent someone else's event");

    let all = staff_stream.take(4).await;
    let orders: Vec<_> = all.iter().map(|e| e.data["order_id"].as_i64().unwrap()).collect();
    assert_eq!(orders, vec![bobs, anns, bobs, anns]);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id), "ids ascend");
}

async fn resuming_with_last_event_id_loses_nothing(app: &App) {
    let cy = app.customer("cy").await;
    let staff = app.login("kitchen", "staff-password").await;
    let mut stream = app.stream(&cy, None).await;
    let first = app.order(&cy).await;
    let got = stream.take(1).await;
    drop(stream);

    // While disconnected: more changes, to this order and new ones.
    app.set_status(&staff, first, "confirmed").await;
    let second = app.order(&cy).await;
    app.set_status(&staff, first, "preparing").await;
    let third = app.order(&cy).await;

    let mut resumed = app.stream(&cy, Some(got[0].id)).await;
    let replay = resumed.take(4).await;
    let what: Vec<_> =
        replay.iter().map(|e| (e.data["order_id"].as_i64().unwrap(), e.data["status"].clone())).collect();
    assert_eq!(
        what,
        vec![
            (first, json!("confirmed")),
            (second, json!("pending")),
            (first, json!("preparing")),
            (third, json!("pending"))
        ]
    );
    // Live events keep coming after the replay, without repeats.
    app.set_status(&staff, second, "cancelled").await;
    let live = resumed.take(1).await;
    assert_eq!(live[0].data["order_id"], second);
    assert_eq!(live[0].data["status"], "cancelled");
    assert!(live[0].id > replay[3].id);
    assert!(resumed.next(Duration::from_millis(800)).await.is_none(), "an event was sent twice");
}

async fn admins_switch_items_off_and_on_at_once(app: &App) {
    let hash = chatorder::auth::password::hash("admin-password".into()).await.unwrap();
    app.store.create_user("boss", &hash, Role::Admin).await.unwrap();
    let admin = app.login("boss", "admin-password").await;
    let staff = app.login("kitchen", "staff-password").await;
    let dee = app.customer("dee").await;
    let url = |id: &str| format!("{}/api/admin/items/{id}", app.base);
    let set = |token: &str, id: &str, available: bool| {
        app.client.put(url(id)).bearer_auth(token.to_owned()).json(&json!({ "available": available })).send()
    };

    assert_eq!(set(&staff, "coke", false).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(set(&dee, "coke", false).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.client.put(url("coke")).json(&json!({"available": false})).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(set(&admin, "no_such_item", false).await.unwrap().status(), StatusCode::NOT_FOUND);
    let bad = app.client.put(url("coke")).bearer_auth(&admin).json(&json!({"available": "nope"})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let off = set(&admin, "coke", false).await.unwrap();
    assert_eq!(off.status(), StatusCode::OK);
    assert_eq!(off.json::<Value>().await.unwrap()["available"], false);
    let menu: Value = app.client.get(format!("{}/api/menu", app.base)).send().await.unwrap().json().await.unwrap();
    let coke = menu["items"].as_array().unwrap().iter().find(|i| i["id"] == "coke").unwrap().clone();
    assert_eq!(coke["available"], false);
    let body = json!({"lines": [{"item": "coke", "quantity": 1}]});
    let refused =
        app.client.post(format!("{}/api/orders", app.base)).bearer_auth(&dee).json(&body).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stored = app.store.availability().await.unwrap();
    assert_eq!(stored.get("coke"), Some(&false), "the setting is stored");

    assert_eq!(set(&admin, "coke", true).await.unwrap().status(), StatusCode::OK);
    app.order(&dee).await;
}

async fn every_server_on_one_database_delivers_every_event(app: &App) {
    // A second server process (same code, own poller) on the same database.
    let other = spawn_on(&app.url, tempfile::tempdir().unwrap(), None).await;
    let staff = app.login("kitchen", "staff-password").await;
    let fay = app.customer("fay").await;
    let mut here = app.stream(&staff, None).await;
    let mut there = other.stream(&staff, None).await;
    let first = app.order(&fay).await;
    let second = other.order(&fay).await;
    other.set_status(&staff, first, "confirmed").await;
    for stream in [&mut here, &mut there] {
        let got = stream.take(3).await;
        let what: Vec<_> =
            got.iter().map(|e| (e.data["order_id"].as_i64().unwrap(), e.data["status"].clone())).collect();
        assert_eq!(what, vec![(first, json!("pending")), (second, json!("pending")), (first, json!("confirmed"))]);
    }
}

async fn an_item_switched_off_on_one_server_is_off_on_every_server(app: &App) {
    let other = spawn_on(&app.url, tempfile::tempdir().unwrap(), None).await;
    let admin = app.login("boss", "admin-password").await;
    let sprite_available = |base: String| {
        let client = app.client.clone();
        async move {
            let menu: Value = client.get(format!("{base}/api/menu")).send().await.unwrap().json().await.unwrap();
            menu["items"].as_array().unwrap().iter().find(|i| i["id"] == "sprite").unwrap()["available"].clone()
        }
    };
    assert_eq!(sprite_available(other.base.clone()).await, true);
    let off = app
        .client
        .put(format!("{}/api/admin/items/sprite", app.base))
        .bearer_auth(&admin)
        .json(&json!({"available": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), StatusCode::OK);
    // The other process follows the stored setting; poll with a bound, no fixed sleep.
    let mut seen = false;
    for _ in 0..100 {
        if sprite_available(other.base.clone()).await == false {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "the other server never saw the item go off");
}

async fn all_cases(mysql: bool) {
    let app = spawn_app(mysql).await;
    the_stream_requires_authentication(&app).await;
    a_customer_sees_only_their_own_orders_while_staff_see_all(&app).await;
    resuming_with_last_event_id_loses_nothing(&app).await;
    admins_switch_items_off_and_on_at_once(&app).await;
    every_server_on_one_database_delivers_every_event(&app).await;
    an_item_switched_off_on_one_server_is_off_on_every_server(&app).await;
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_endpoints_work_on_sqlite() {
    all_cases(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_endpoints_work_on_mysql() {
    if mysql_base().await.is_none() {
        eprintln!("notice: MariaDB is unreachable; skipping the MySQL run of the web endpoints");
        return;
    }
    all_cases(true).await;
}
