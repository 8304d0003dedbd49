//! `POST /api/messages` against the real server on port 0, on SQLite (a temp file) and,
//! when `TEST_MYSQL_URL` names a MySQL/MariaDB server (`mysql://user:pass@host:port`),
//! on a fresh database there too.

use std::sync::Arc;

use chatorder::config::{CatalogArgs, LogFormat, ServeArgs};
use chatorder::http::{self, AppState};
use reqwest::Client;
use serde_json::{json, Value};

struct App {
    base: String,
    client: Client,
    token: String,
    _dir: tempfile::TempDir,
    /// The MySQL server and the database made for this test, dropped by `finish`.
    mysql: Option<(String, String)>,
}

impl App {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r =
            self.client.post(format!("{}{path}", self.base)).bearer_auth(&self.token).json(&body).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.client.get(format!("{}{path}", self.base)).bearer_auth(&self.token).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Drops the test's MySQL database (SQLite's temp file goes with the folder).
    async fn finish(&self) {
        if let Some((server, name)) = &self.mysql {
            use sqlx::Connection;
            let mut conn = sqlx::MySqlConnection::connect(server).await.unwrap();
            sqlx::query(&format!("DROP DATABASE {name}")).execute(&mut conn).await.unwrap();
        }
    }

    async fn say(&self, conversation: Option<i64>, text: &str) -> Value {
        let (status, body) = self.post("/api/messages", json!({"text": text, "conversation_id": conversation})).await;
        assert_eq!(status, 200, "{text}: {body}");
        body
    }
}

/// Registers a new customer and returns their bearer token.
async fn customer(client: &Client, base: &str) -> String {
    let creds =
        json!({"username": format!("c{}", uuid::Uuid::new_v4().simple()), "password": "a long enough password"});
    let r = client.post(format!("{base}/api/register")).json(&creds).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let r: Value = client.post(format!("{base}/api/login")).json(&creds).send().await.unwrap().json().await.unwrap();
    r["token"].as_str().unwrap().to_owned()
}

/// A fresh database URL per test: a temp SQLite file, or a new MySQL database.
async fn database(dir: &tempfile::TempDir, mysql: bool) -> Option<(String, Option<(String, String)>)> {
    if !mysql {
        return Some((format!("sqlite://{}", dir.path().join("test.db").display()), None));
    }
    let server = std::env::var("TEST_MYSQL_URL").ok()?;
    let name = format!("chatorder_test_{}", uuid::Uuid::new_v4().simple());
    use sqlx::Connection;
    let mut conn = sqlx::MySqlConnection::connect(&server).await.expect("TEST_MYSQL_URL must be reachable");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", server.trim_end_matches('/'));
    Some((url, Some((server, name))))
}

/// Starts the server and registers and logs in one customer; `None` when the backend is not configured.
async fn spawn_app(mysql: bool) -> Option<App> {
    let dir = tempfile::tempdir().unwrap();
    let Some((database_url, cleanup)) = database(&dir, mysql).await else {
        println!("TEST_MYSQL_URL is not set: skipping the MySQL run");
        return None;
    };
    let root = env!("CARGO_MANIFEST_DIR");
    let args = ServeArgs {
        catalog: CatalogArgs { menu: format!("{root}/menu").into(), intents: format!("{root}/intents").into() },
        addr: "127.0.0.1:0".into(),
        database_url,
        jwt_secret: Some("test secret that is long enough for HS256 keys".into()),
        environment: "development".into(),
        log_format: LogFormat::Text,
    };
    let state = AppState::build(&args).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(http::run(listener, state, std::future::pending()));
    let client = Client::new();
    let creds =
        json!({"username": format!("c{}", uuid::Uuid::new_v4().simple()), "password": "a long enough password"});
    let r = client.post(format!("{base}/api/register")).json(&creds).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 201);
    let r: Value = client.post(format!("{base}/api/login")).json(&creds).send().await.unwrap().json().await.unwrap();
    let token = r["token"].as_str().unwrap().to_owned();
    Some(App { base, client, token, _dir: dir, mysql: cleanup })
}

async fn a_full_conversation_places_an_order(mysql: bool) {
    let Some(app) = spawn_app(mysql).await else { return };
    let first = app.say(None, "a large pepperoni pizza and a coke").await;
    let id = first["conversation_id"].as_i64().unwrap();
    assert_eq!(first["state"], "ordering", "{first}");
    assert_eq!(first["cart"]["total_cents"], 1799 + 199, "{first}");
    assert_eq!(first["cart"]["lines"][1]["options"][0]["choice"], "can", "defaults are applied in the cart");
    assert!(first["order"].is_null());
    let confirm = app.say(Some(id), "that's all").await;
    let placed = if confirm["state"] == "confirming" {
        app.say(Some(id), "yes").await
    } else {
        // Until the intents know "that's all", "no" after "anything else?" checks out too.
        let c = app.say(Some(id), "no").await;
        assert_eq!(c["state"], "confirming", "{c}");
        app.say(Some(id), "yes").await
    };
    assert_eq!(placed["state"], "idle", "{placed}");
    assert_eq!(placed["order"]["status"], "pending", "{placed}");
    assert_eq!(placed["order"]["total_cents"], 1998);
    assert_eq!(placed["order"]["conversation_id"], id);
    assert!(placed["cart"]["lines"].as_array().unwrap().is_empty());
    let order_id = placed["order"]["id"].as_i64().unwrap();
    let (status, transcript) = app.get(&format!("/api/messages/{order_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(transcript[0]["text"], "a large pepperoni pizza and a coke");
    assert_eq!(transcript[1]["role"], "bot");
    // Errors: empty text, too long, someone else's or absent conversation.
    assert_eq!(app.post("/api/messages", json!({"text": "  "})).await.0, 422);
    assert_eq!(app.post("/api/messages", json!({"text": "a".repeat(2001)})).await.0, 422);
    assert_eq!(app.post("/api/messages", json!({"text": "hi", "conversation_id": 999_999})).await.0, 404);
    let other = customer(&app.client, &app.base).await;
    let r = app
        .client
        .post(format!("{}/api/messages", app.base))
        .bearer_auth(other)
        .json(&json!({"text": "remove the coke", "conversation_id": id}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404, "another customer's conversation is not found");
    app.finish().await;
}

async fn concurrent_messages_lose_nothing_and_double_nothing(mysql: bool) {
    let Some(app) = spawn_app(mysql).await else { return };
    let app = Arc::new(app);
    let first = app.say(None, "a large pizza").await;
    let id = first["conversation_id"].as_i64().unwrap();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let app = Arc::clone(&app);
        tasks.push(tokio::spawn(async move { app.say(Some(id), "add a sprite").await }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let show = app.say(Some(id), "what do I have so far?").await;
    let lines = show["cart"]["lines"].as_array().unwrap().clone();
    let sprites: i64 = lines.iter().filter(|l| l["item"] == "sprite").map(|l| l["quantity"].as_i64().unwrap()).sum();
    assert_eq!(sprites, 20, "every message changed the cart exactly once: {show}");
    let (_, messages) = app.get(&format!("/api/conversations/{id}/messages")).await;
    let messages = messages.as_array().unwrap();
    assert_eq!(messages.len(), 2 * 22, "each turn stored its two messages once");
    for pair in messages.chunks(2) {
        assert_eq!((pair[0]["role"].as_str(), pair[1]["role"].as_str()), (Some("user"), Some("bot")));
    }
    // One confirmation, many racing "yes": one order.
    let c = app.say(Some(id), "no").await;
    assert_eq!(c["state"], "confirming", "{c}");
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let app = Arc::clone(&app);
        tasks.push(tokio::spawn(async move { app.say(Some(id), "yes").await }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let (_, orders) = app.get("/api/orders").await;
    assert_eq!(orders["total"], 1, "one confirmation places one order: {orders}");
    app.finish().await;
}

#[tokio::test]
async fn sqlite_a_full_conversation_places_an_order() {
    a_full_conversation_places_an_order(false).await;
}

#[tokio::test]
async fn mysql_a_full_conversation_places_an_order() {
    a_full_conversation_places_an_order(true).await;
}

#[tokio::test]
async fn sqlite_concurrent_messages_lose_nothing_and_double_nothing() {
    concurrent_messages_lose_nothing_and_double_nothing(false).await;
}

#[tokio::test]
async fn mysql_concurrent_messages_lose_nothing_and_double_nothing() {
    concurrent_messages_lose_nothing_and_double_nothing(true).await;
}
