//! Security, proven over HTTP against the real server: every protected endpoint wants a
//! valid token (expired, foreign, `alg: none`, tampered and ghost tokens are refused),
//! customers never reach each other's orders, transcripts, conversations or events,
//! failed logins are throttled, password hashes never leave the server nor reach the
//! log, chat text is logged at debug level only, and pages and API responses carry
//! the security headers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chatorder::auth::Claims;
use chatorder::store::Role;
use reqwest::{Method, Response};
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{expect_error, pizza, TestApp};
use crate::sse::{order_ids, SseStream};

/// Every protected endpoint, with a body that would be valid so only the token decides.
fn protected() -> Vec<(Method, &'static str, Option<Value>)> {
    vec![
        (Method::GET, "/api/orders", None),
        (Method::POST, "/api/orders", Some(pizza(1))),
        (Method::GET, "/api/orders/1", None),
        (Method::PUT, "/api/orders/1", Some(json!({"status": "cancelled"}))),
        (Method::DELETE, "/api/orders/1", None),
        (Method::POST, "/api/messages", Some(json!({"text": "a large pizza"}))),
        (Method::GET, "/api/messages/1", None),
        (Method::GET, "/api/conversations/1/messages", None),
        (Method::GET, "/api/admin/catalog", None),
        (Method::PUT, "/api/admin/items/pizza", Some(json!({"available": false}))),
        (Method::GET, "/api/events", None),
        (Method::POST, "/api/events/token", None),
        (Method::GET, "/api/webhooks", None),
        (Method::POST, "/api/webhooks", Some(json!({"url": "https://partner.example/hook"}))),
        (Method::GET, "/api/webhooks/1", None),
        (Method::PUT, "/api/webhooks/1", Some(json!({"active": false}))),
        (Method::DELETE, "/api/webhooks/1", None),
        (Method::GET, "/api/webhooks/1/deliveries", None),
        (Method::POST, "/api/webhooks/1/deliveries/1/replay", None),
    ]
}

/// Sends `method path` with the raw `Authorization` value (none when `None`).
async fn call(app: &TestApp, method: &Method, path: &str, body: Option<&Value>, auth: Option<&str>) -> Response {
    let mut req = app.request(method.clone(), path, None);
    if let Some(value) = auth {
        req = req.header("authorization", value);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.unwrap()
}

/// Asserts 401 with the JSON error body on every protected endpoint.
async fn refused_everywhere(app: &TestApp, auth: Option<&str>, what: &str) {
    for (method, path, body) in protected() {
        let r = call(app, &method, path, body.as_ref(), auth).await;
        assert_eq!(r.status(), 401, "{what}: {method} {path}");
        expect_error(r, 401).await;
    }
}

async fn every_protected_endpoint_wants_a_token(app: &TestApp) {
    refused_everywhere(app, None, "no Authorization header").await;
    refused_everywhere(app, Some("Basic YW5uOnBhc3N3b3JkMTIz"), "another scheme").await;
    refused_everywhere(app, Some("Bearer "), "an empty token").await;
    refused_everywhere(app, Some("Bearer not.a.token"), "garbage").await;
}

fn b64(json: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(json).unwrap())
}

fn sign(claims: &Claims, secret: &[u8]) -> String {
    let key = jsonwebtoken::EncodingKey::from_secret(secret);
    jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), claims, &key).unwrap()
}

fn claims(id: i64, username: &str, role: Role, exp_in_secs: i64) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims { sub: id.to_string(), username: username.into(), role, exp: now + exp_in_secs, iat: now, ver: 0 }
}

/// A real token with its payload's role rewritten, header and signature untouched.
fn with_role(token: &str, role: &str) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["role"] = json!(role);
    format!("{}.{}.{}", parts[0], b64(&payload), parts[2])
}

async fn expired_foreign_unsigned_tampered_and_ghost_tokens_are_refused(app: &TestApp) {
    let secret = app.state.config.jwt_secret.clone().unwrap().into_bytes();
    let r = app.post("/api/register", None, json!({"username": "ann", "password": "password123"})).await;
    let ann: Value = r.json().await.unwrap();
    let ann_id = ann["id"].as_i64().unwrap();
    let token = app.login("ann", "password123").await;
    // The tokens below are built like this one, so their refusal is down to what was changed.
    assert_eq!(app.get("/api/orders", Some(&token)).await.status(), 200);
    assert_eq!(
        app.get("/api/orders", Some(&sign(&claims(ann_id, "ann", Role::Customer, 600), &secret))).await.status(),
        200
    );

    let expired = sign(&claims(ann_id, "ann", Role::Customer, -3600), &secret);
    let foreign = sign(&claims(ann_id, "ann", Role::Customer, 600), b"another secret that is long enough to sign");
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&serde_json::to_value(claims(ann_id, "ann", Role::Admin, 600)).unwrap())
    );
    let ghost = sign(&claims(999_999, "ghost", Role::Admin, 600), &secret);
    // An id that exists but names someone else (a token from before the database was recreated).
    let impostor = sign(&claims(ann_id, "mallory", Role::Admin, 600), &secret);
    let stream = {
        let r = app.request(Method::POST, "/api/events/token", Some(&token)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    };
    let cases = [
        ("expired", expired),
        ("signed with another secret", foreign),
        ("alg none", unsigned),
        ("role changed to admin", with_role(&token, "admin")),
        ("role changed to staff", with_role(&token, "staff")),
        ("a user that does not exist", ghost),
        ("an id that names someone else", impostor),
        ("a stream token as a bearer token", stream.clone()),
    ];
    for (what, bad) in &cases {
        refused_everywhere(app, Some(&format!("Bearer {bad}")), what).await;
    }
    // Only a stream token opens the stream from the query string.
    expect_error(app.get(&format!("/api/events?token={token}"), None).await, 401).await;
    // (The last case, the stream token, is what `?token=` is for.)
    for (what, bad) in &cases[..cases.len() - 1] {
        let r = app.get(&format!("/api/events?token={bad}"), None).await;
        assert_eq!(r.status(), 401, "?token= {what}");
    }
    let r = app.get(&format!("/api/events?token={stream}"), None).await;
    assert_eq!(r.status(), 200, "the stream token itself works");
    drop(r);

    // A validly signed token claiming more than the account has: the stored role counts.
    let promoted = sign(&claims(ann_id, "ann", Role::Admin, 600), &secret);
    expect_error(app.get("/api/admin/catalog", Some(&promoted)).await, 403).await;
    let orders: Value = app.get("/api/orders", Some(&promoted)).await.json().await.unwrap();
    assert_eq!(orders["total"], 0);

    // Nothing was created by any of the refused requests.
    let staff = app.member("sam", Role::Staff).await;
    let all: Value = app.get("/api/orders", Some(&staff)).await.json().await.unwrap();
    assert_eq!(all["total"], 0, "{all}");
    assert!(app.state.store.availability().await.unwrap().is_empty());
}

/// Sends a chat message as `token` and returns the 200 body.
async fn say(app: &TestApp, token: &str, conversation: Option<i64>, text: &str) -> Value {
    let r = app.post("/api/messages", Some(token), json!({"text": text, "conversation_id": conversation})).await;
    assert_eq!(r.status(), 200, "{text}");
    r.json().await.unwrap()
}

/// Places an order by chat; returns (conversation id, order id).
async fn chat_order(app: &TestApp, token: &str) -> (i64, i64) {
    let first = say(app, token, None, "a large pepperoni pizza").await;
    let conversation = first["conversation_id"].as_i64().unwrap();
    let confirming = say(app, token, Some(conversation), "that's all").await;
    assert_eq!(confirming["state"], "confirming", "{confirming}");
    let placed = say(app, token, Some(conversation), "yes").await;
    (conversation, placed["order"]["id"].as_i64().unwrap_or_else(|| panic!("no order: {placed}")))
}

async fn a_customer_cannot_reach_another_customers_order_transcript_or_conversation(app: &TestApp) {
    let ann = app.customer("ann").await;
    let bob = app.customer("bob").await;
    let (conversation, order) = chat_order(app, &ann).await;
    let transcript: Value = app.get(&format!("/api/messages/{order}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(transcript.as_array().unwrap().len(), 6);

    // Someone else's ids answer exactly like ids that do not exist.
    let absent = expect_error(app.get("/api/orders/999999", Some(&bob)).await, 404).await;
    let reads = [
        format!("/api/orders/{order}"),
        format!("/api/messages/{order}"),
        format!("/api/conversations/{conversation}/messages"),
    ];
    for path in &reads {
        assert_eq!(expect_error(app.get(path, Some(&bob)).await, 404).await, absent, "{path}");
    }
    for body in [
        json!({"text": "cancel everything", "conversation_id": conversation}),
        json!({"text": "add ten pizzas", "order_id": order}),
    ] {
        expect_error(app.post("/api/messages", Some(&bob), body).await, 404).await;
    }
    let put =
        app.request(Method::PUT, &format!("/api/orders/{order}"), Some(&bob)).json(&json!({"status": "cancelled"}));
    expect_error(put.send().await.unwrap(), 404).await;
    expect_error(app.request(Method::DELETE, &format!("/api/orders/{order}"), Some(&bob)).send().await.unwrap(), 404)
        .await;
    let listed: Value = app.get("/api/orders", Some(&bob)).await.json().await.unwrap();
    assert_eq!(listed["total"], 0, "{listed}");

    // Ann's order and transcript are as she left them.
    let after: Value = app.get(&format!("/api/messages/{order}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(after, transcript);
    let mine: Value = app.get(&format!("/api/orders/{order}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(mine["status"], "pending");
}

async fn customers_cannot_move_orders_or_edit_the_menu(app: &TestApp) {
    let ann = app.customer("ann").await;
    let staff = app.member("sam", Role::Staff).await;
    let order = app.order(&ann, 1).await["id"].as_i64().unwrap();
    for status in ["confirmed", "preparing", "ready", "completed"] {
        let r = app.request(Method::PUT, &format!("/api/orders/{order}"), Some(&ann)).json(&json!({"status": status}));
        expect_error(r.send().await.unwrap(), 403).await;
    }
    for token in [&ann, &staff] {
        let r = app.request(Method::PUT, "/api/admin/items/pizza", Some(token)).json(&json!({"available": false}));
        expect_error(r.send().await.unwrap(), 403).await;
        expect_error(app.get("/api/admin/catalog", Some(token)).await, 403).await;
    }
    let order: Value = app.get(&format!("/api/orders/{order}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(order["status"], "pending");
    let menu: Value = app.get("/api/menu", None).await.json().await.unwrap();
    let pizza = menu["items"].as_array().unwrap().iter().find(|i| i["id"] == "pizza").unwrap();
    assert_eq!(pizza["available"], true, "{pizza}");
}

async fn the_event_stream_carries_a_customers_orders_to_them_and_staff_only(app: &TestApp) {
    let ann = app.customer("ann").await;
    let bob = app.customer("bob").await;
    let staff = app.member("sam", Role::Staff).await;
    let bob_stream_token = {
        let r = app.request(Method::POST, "/api/events/token", Some(&bob)).send().await.unwrap();
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    };
    // Each stream has subscribed once its response headers arrive.
    let mut ann_stream = SseStream::open(app, Some(&ann), "", None).await;
    let mut bob_stream = SseStream::open(app, None, &format!("?token={bob_stream_token}"), None).await;
    let mut staff_stream = SseStream::open(app, Some(&staff), "", None).await;

    let ann_order = app.order(&ann, 2).await["id"].as_i64().unwrap();
    let r = app
        .request(Method::PUT, &format!("/api/orders/{ann_order}"), Some(&staff))
        .json(&json!({"status": "confirmed"}));
    assert_eq!(r.send().await.unwrap().status(), 200);
    // Events arrive in the order they happened, so each stream is read up to a later
    // event of its own: had it carried someone else's, they would have come first.
    let bob_order = app.order(&bob, 1).await["id"].as_i64().unwrap();
    let ann_later = app.order(&ann, 1).await["id"].as_i64().unwrap();

    let seen = ann_stream.until(ann_later, "pending").await;
    assert_eq!(order_ids(&seen), [ann_order, ann_order, ann_later], "Ann sees her orders only");
    assert_eq!(seen[0].data["kind"], "order.created");
    assert_eq!((seen[1].data["kind"].as_str(), seen[1].data["from"].as_str()), (Some("order.status"), Some("pending")));
    assert_eq!(seen[1].data["status"], "confirmed");

    let seen = bob_stream.until(bob_order, "pending").await;
    assert_eq!(order_ids(&seen), [bob_order], "Bob sees his order only");

    let seen = staff_stream.until(ann_later, "pending").await;
    assert_eq!(order_ids(&seen), [ann_order, ann_order, bob_order, ann_later], "staff see every order");
}

async fn login_failures_are_throttled_per_username_and_per_address(app: &TestApp) {
    for name in ["ann", "bob"] {
        let r = app.post("/api/register", None, json!({"username": name, "password": "password123"})).await;
        assert_eq!(r.status(), 201);
    }
    let login = |client: &reqwest::Client, name: &str, pass: &str| {
        client.post(format!("{}/api/login", app.base)).json(&json!({"username": name, "password": pass})).send()
    };
    // Fewer failures than the limit, then the right password: in, and the count starts over.
    for _ in 0..4 {
        expect_error(login(&app.client, "ann", "wrong password").await.unwrap(), 401).await;
    }
    assert_eq!(login(&app.client, "ann", "password123").await.unwrap().status(), 200);

    // A second client address (all of 127/8 is loopback), so the username's throttle can
    // be told apart from the address's.
    let elsewhere =
        reqwest::Client::builder().local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap()).build().unwrap();
    for _ in 0..chatorder::auth::throttle::MAX_FAILURES {
        expect_error(login(&elsewhere, "ann", "wrong password").await.unwrap(), 401).await;
    }
    // Blocked for the window: wrong and right password alike get 429 with Retry-After.
    for pass in ["wrong password", "password123"] {
        let r = login(&elsewhere, "ann", pass).await.unwrap();
        let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=chatorder::auth::throttle::WINDOW.as_secs()).contains(&wait), "Retry-After {wait}");
        expect_error(r, 429).await;
    }
    // The username is blocked from any address; the address is blocked for any username.
    expect_error(login(&app.client, "ann", "password123").await.unwrap(), 429).await;
    expect_error(login(&elsewhere, "bob", "password123").await.unwrap(), 429).await;
    // Bob from the first address is untouched.
    assert_eq!(login(&app.client, "bob", "password123").await.unwrap().status(), 200);

    // Unknown usernames count the same, so the throttle does not tell who exists.
    let third =
        reqwest::Client::builder().local_address("127.0.0.3".parse::<std::net::IpAddr>().unwrap()).build().unwrap();
    for _ in 0..chatorder::auth::throttle::MAX_FAILURES {
        expect_error(login(&third, "nobody", "wrong password").await.unwrap(), 401).await;
    }
    expect_error(login(&third, "nobody", "wrong password").await.unwrap(), 429).await;
}

async fn responses_never_carry_a_password_hash(app: &TestApp) {
    let password = "correct horse battery staple";
    let staff = app.member("sam", Role::Staff).await;
    let mut bodies = Vec::new();
    let r = app.post("/api/register", None, json!({"username": "ann", "password": password})).await;
    assert_eq!(r.status(), 201);
    let registered: Value = r.json().await.unwrap();
    let mut keys: Vec<&str> = registered.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["id", "role", "username"]);
    bodies.push(registered.to_string());
    let r = app.post("/api/login", None, json!({"username": "ann", "password": password})).await;
    let login = r.text().await.unwrap();
    let token = serde_json::from_str::<Value>(&login).unwrap()["token"].as_str().unwrap().to_owned();
    bodies.push(login);
    let r = app.post("/api/login", None, json!({"username": "ann", "password": "not the password"})).await;
    bodies.push(r.text().await.unwrap());
    let r = app.post("/api/register", None, json!({"username": "ANN", "password": password})).await;
    bodies.push(r.text().await.unwrap());
    let (conversation, order) = chat_order(app, &token).await;
    for (path, who) in [
        ("/api/orders".to_owned(), &token),
        ("/api/orders".to_owned(), &staff),
        (format!("/api/orders/{order}"), &staff),
        (format!("/api/messages/{order}"), &staff),
        (format!("/api/conversations/{conversation}/messages"), &token),
        ("/api/menu".to_owned(), &token),
        ("/api/openapi.json".to_owned(), &token),
    ] {
        let r = app.get(&path, Some(who)).await;
        assert_eq!(r.status(), 200, "{path}");
        bodies.push(r.text().await.unwrap());
    }
    // The token's payload is readable by anyone: it must not carry the hash either.
    let payload = URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap();
    bodies.push(String::from_utf8(payload).unwrap());
    // Not vacuous: the hash is there to leak.
    let stored = app.state.store.find_user("ann").await.unwrap().unwrap().password_hash;
    assert!(stored.starts_with("$argon2id$"));
    for body in &bodies {
        assert!(!body.contains("$argon2") && !body.contains(&stored), "a hash in {body}");
        assert!(!body.contains(password), "the password in {body}");
    }
}

/// The value of `name`, asserting it is there.
fn header<'a>(r: &'a Response, name: &str) -> &'a str {
    r.headers().get(name).unwrap_or_else(|| panic!("{} has no {name}", r.url())).to_str().unwrap()
}

/// CSP present without inline script, nosniff, framing refused, a referrer policy.
fn assert_security_headers(r: &Response) {
    let csp = header(r, "content-security-policy");
    let directive = |name: &str| csp.split(';').map(str::trim).find(|d| d.split_whitespace().next() == Some(name));
    let scripts = directive("script-src").or_else(|| directive("default-src")).unwrap_or_else(|| panic!("{csp}"));
    assert!(!scripts.contains("'unsafe-inline'") && !scripts.contains("'unsafe-eval'"), "{}: {csp}", r.url());
    assert!(!scripts.contains('*') && !scripts.contains("data:"), "{}: {csp}", r.url());
    assert_eq!(header(r, "x-content-type-options"), "nosniff");
    let framing = r.headers().get("x-frame-options").is_some_and(|v| v == "DENY" || v == "SAMEORIGIN")
        || directive("frame-ancestors").is_some_and(|d| d.contains("'none'") || d.contains("'self'"));
    assert!(framing, "{} may be framed: {csp}", r.url());
    assert!(!header(r, "referrer-policy").is_empty());
}

async fn pages_and_api_responses_carry_security_headers(app: &TestApp) {
    let token = app.customer("ann").await;
    let script_tag = regex::Regex::new(r"(?is)<script\b([^>]*)>(.*?)</script\s*>").unwrap();
    let handler_attribute = regex::Regex::new(r#"(?i)\son[a-z]+\s*="#).unwrap();
    for path in ["/", "/board"] {
        let r = app.get(path, None).await;
        assert_eq!(r.status(), 200);
        assert_security_headers(&r);
        let html = r.text().await.unwrap();
        let tags: Vec<_> = script_tag.captures_iter(&html).collect();
        assert!(!tags.is_empty(), "{path} loads its script");
        assert_eq!(tags.len(), html.matches("<script").count(), "{path}: every <script> is closed");
        for tag in tags {
            assert!(tag[1].contains("src=\"/assets/"), "{path}: a script without src: {}", &tag[0]);
            assert!(tag[2].trim().is_empty(), "{path}: an inline script body: {}", &tag[0]);
        }
        assert!(!handler_attribute.is_match(&html), "{path} has an inline event handler");
        assert!(!html.to_lowercase().contains("javascript:"), "{path} has a javascript: URL");
    }
    let responses = [
        app.get("/api/menu", None).await,
        app.get("/api/orders", Some(&token)).await,
        app.get("/api/orders", None).await,
        app.get("/api/no-such-route", None).await,
        app.post("/api/login", None, json!({"username": "ann", "password": "wrong password"})).await,
        app.get("/api/events", Some(&token)).await,
        app.get("/assets/chat.js", None).await,
    ];
    for r in &responses {
        assert_security_headers(r);
    }
}

both!(
    every_protected_endpoint_wants_a_token,
    expired_foreign_unsigned_tampered_and_ghost_tokens_are_refused,
    a_customer_cannot_reach_another_customers_order_transcript_or_conversation,
    customers_cannot_move_orders_or_edit_the_menu,
    the_event_stream_carries_a_customers_orders_to_them_and_staff_only,
    login_failures_are_throttled_per_username_and_per_address,
    responses_never_carry_a_password_hash,
    pages_and_api_responses_carry_security_headers,
);

mod logs {
    //! The real binary as a subprocess, its stderr captured: what reaches the log.

    use std::path::Path;

    use serde_json::{json, Value};
    use tokio::io::AsyncBufReadExt;

    const PASSWORD: &str = "tangerine submarine 42";
    const WRONG: &str = "marmalade periscope 17";
    const SECRET: &str = "a log test secret that is long enough";
    const CHAT: &str = "a large pizza with pepperoni for zebulon quixote";

    /// Runs `chatorder serve` with `rust_log` (unset when `None`), drives a session
    /// through it and returns everything it logged.
    async fn session_log(rust_log: Option<&str>) -> String {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["menu", "intents"] {
            std::fs::create_dir(dir.path().join(folder)).unwrap();
            for entry in std::fs::read_dir(root.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    std::fs::copy(&path, dir.path().join(folder).join(path.file_name().unwrap())).unwrap();
                }
            }
        }
        let log_path = dir.path().join("stderr.log");
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_chatorder"));
        command
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.path().join("log.db").display()))
            .arg("--menu")
            .arg(dir.path().join("menu"))
            .arg("--intents")
            .arg(dir.path().join("intents"))
            .current_dir(dir.path())
            .env_remove("CHATORDER_LOG_FORMAT")
            .env_remove("CHATORDER_ENV")
            .env("JWT_SECRET", SECRET)
            .stdout(std::process::Stdio::piped())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .kill_on_drop(true);
        match rust_log {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command.spawn().unwrap();
        let mut stdout = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let line = stdout.next_line().await.unwrap().expect("the server printed its address");
        let base = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();

        let client = reqwest::Client::new();
        let post = |path: &str, token: Option<&str>, body: Value| {
            let mut req = client.post(format!("{base}{path}")).json(&body);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        let r = post("/api/register", None, json!({"username": "ann", "password": PASSWORD})).await.unwrap();
        assert_eq!(r.status(), 201);
        let r = post("/api/login", None, json!({"username": "ann", "password": WRONG})).await.unwrap();
        assert_eq!(r.status(), 401);
        let r = post("/api/login", None, json!({"username": "ann", "password": PASSWORD})).await.unwrap();
        let token = r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
        let r = post("/api/messages", Some(&token), json!({"text": CHAT})).await.unwrap();
        assert_eq!(r.status(), 200);
        let r = client.get(format!("{base}/api/orders")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        // A status change (the customer cancels an order), logged at info.
        let r = post("/api/orders", Some(&token), json!({"lines": [{"item": "coke"}]})).await.unwrap();
        let order = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let r = client.delete(format!("{base}/api/orders/{order}")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        // A request that fails inside the server, so error paths log too.
        let r = post("/api/messages", Some(&token), json!({"text": CHAT, "conversation_id": 999_999})).await.unwrap();
        assert_eq!(r.status(), 404);

        // The log lines of a request are written before its response is sent.
        child.kill().await.unwrap();
        let log = std::fs::read_to_string(&log_path).unwrap();
        assert!(log.contains("ready"), "the capture works: {log}");
        assert!(!log.contains("$argon2"), "a password hash in the log:\n{log}");
        for secret in [PASSWORD, WRONG, SECRET, &token] {
            assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
        }
        log
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn chat_text_is_logged_at_debug_level_only_and_secrets_never() {
        let info = session_log(None).await;
        assert!(!info.contains("zebulon"), "chat text in the default log:\n{info}");
        // What matters for security is there at the default level, as plain text.
        for event in ["login failed", "account registered", "order status changed"] {
            assert!(info.contains(event), "{event:?} is not in the default log:\n{info}");
        }
        assert!(!info.contains('\u{1b}'), "colour codes in a log that is not a terminal:\n{info}");
        let info = session_log(Some("info")).await;
        assert!(!info.contains("zebulon"), "chat text at info level:\n{info}");
        let debug = session_log(Some("debug")).await;
        assert!(debug.contains(CHAT), "chat text missing at debug level:\n{debug}");
    }
}
