//! Register, login, roles, duplicate names, short and wrong passwords, throttling,
//! and `chatorder user create`.

use chatorder::store::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{expect_error, spawn_app, Backend, TestApp};

async fn register_returns_the_customer_and_login_a_bearer_token(app: &TestApp) {
    let r = app.post("/api/register", None, json!({"username": "Ann", "password": "password123"})).await;
    assert_eq!(r.status(), 201);
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["username"], "Ann");
    assert_eq!(user["role"], "customer");
    assert!(user.get("password_hash").is_none());
    let token = app.login("ann", "password123").await;
    assert_eq!(app.get("/api/orders", Some(&token)).await.status(), 200);
}

async fn roles_are_enforced_with_401_and_403(app: &TestApp) {
    let customer = app.customer("cat").await;
    let staff = app.member("sam", Role::Staff).await;
    let admin = app.member("ada", Role::Admin).await;
    expect_error(app.get("/api/orders", None).await, 401).await;
    expect_error(app.get("/api/orders", Some("not.a.token")).await, 401).await;
    expect_error(app.get("/api/admin/catalog", Some(&customer)).await, 403).await;
    expect_error(app.get("/api/admin/catalog", Some(&staff)).await, 403).await;
    assert_eq!(app.get("/api/admin/catalog", Some(&admin)).await.status(), 200);
    // Staff may not place orders, and the role is checked before the body is read.
    expect_error(app.post("/api/orders", Some(&staff), json!({"nonsense": true})).await, 403).await;
}

async fn usernames_are_unique_regardless_of_case(app: &TestApp) {
    app.customer("Bob").await;
    let r = app.post("/api/register", None, json!({"username": "bOB", "password": "password123"})).await;
    expect_error(r, 409).await;
}

async fn a_short_password_is_refused_naming_the_field(app: &TestApp) {
    let r = app.post("/api/register", None, json!({"username": "carl", "password": "short"})).await;
    assert!(expect_error(r, 422).await.starts_with("password"));
    // Lengths are in characters, as the OpenAPI maxLength says: 256 four-byte ones are fine.
    let r = app.post("/api/register", None, json!({"username": "carl", "password": "😀".repeat(256)})).await;
    assert_eq!(r.status(), 201);
    let r = app.post("/api/register", None, json!({"username": "cleo", "password": "x".repeat(257)})).await;
    assert!(expect_error(r, 422).await.starts_with("password"));
    // Usernames are ASCII, as the documented pattern says.
    let r = app.post("/api/register", None, json!({"username": "zoë", "password": "password123"})).await;
    assert!(expect_error(r, 422).await.starts_with("username"));
}

async fn a_wrong_password_is_401_and_repeated_failures_are_slowed(app: &TestApp) {
    app.customer("dora").await;
    for _ in 0..5 {
        let r = app.post("/api/login", None, json!({"username": "dora", "password": "wrong-password"})).await;
        expect_error(r, 401).await;
    }
    let r = app.post("/api/login", None, json!({"username": "DORA", "password": "password123"})).await;
    assert!(r.headers().get("retry-after").is_some());
    expect_error(r, 429).await;
}

async fn logout_and_a_password_change_revoke_earlier_tokens(app: &TestApp) {
    let first = app.customer("ann").await;
    let second = app.login("ann", "password123").await;
    assert_eq!(app.get("/api/me", Some(&first)).await.status(), 200);
    let r = app.request(Method::POST, "/api/logout", Some(&first)).send().await.unwrap();
    assert_eq!(r.status(), 204);
    for token in [&first, &second] {
        expect_error(app.get("/api/me", Some(token)).await, 401).await;
    }

    let token = app.login("ann", "password123").await;
    let change = |current: &str, new: &str| {
        app.put("/api/me/password", Some(&token), json!({"current_password": current, "new_password": new}))
    };
    assert!(expect_error(change("wrong-password", "new-password-1").await, 422).await.starts_with("current_password"));
    assert!(expect_error(change("password123", "short").await, 422).await.starts_with("new_password"));
    let r = change("password123", "new-password-1").await;
    assert_eq!(r.status(), 200);
    let fresh = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    expect_error(app.get("/api/me", Some(&token)).await, 401).await;
    assert_eq!(app.get("/api/me", Some(&fresh)).await.status(), 200);
    expect_error(app.post("/api/login", None, json!({"username": "ann", "password": "password123"})).await, 401).await;
    app.login("ann", "new-password-1").await;
}

both!(
    logout_and_a_password_change_revoke_earlier_tokens,
    register_returns_the_customer_and_login_a_bearer_token,
    roles_are_enforced_with_401_and_403,
    usernames_are_unique_regardless_of_case,
    a_short_password_is_refused_naming_the_field,
    a_wrong_password_is_401_and_repeated_failures_are_slowed,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_create_makes_an_admin_who_can_log_in() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chatorder"))
        .args(["user", "create", "--username", "root", "--role", "admin", "--database-url", &app.database_url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"long enough password\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let token = app.login("root", "long enough password").await;
    let r = app.request(Method::GET, "/api/admin/catalog", Some(&token)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    app.stop().await;
}
