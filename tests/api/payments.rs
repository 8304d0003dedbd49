//! Card payment through Stripe, against a stand-in for Stripe's API started by each test
//! (there is no network here): it answers `POST /v1/checkout/sessions` and `/v1/refunds`
//! as Stripe documents them and records every request, so the tests check the form
//! encoding, amounts in cents, idempotency keys and authorization. Webhooks are signed
//! here with the `hmac` crate directly, as Stripe signs them (`t=…,v1=hex(HMAC-SHA256
//! (secret, "{t}.{payload}"))`), independently of the server's own code.

use std::sync::{Arc, Mutex};

use axum::routing::post;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::helpers::{expect_error, spawn_app, spawn_app_with, spawn_app_with_menu, Backend, TestApp};

const KEY: &str = "sk_test_standin";
const WEBHOOK_SECRET: &str = "whsec_standin";

/// One request the stand-in received: path, headers of interest, decoded form.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    authorization: String,
    idempotency_key: String,
    content_type: String,
    form: Vec<(String, String)>,
}

impl Seen {
    fn get(&self, key: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The stand-in for Stripe's API: its base URL and what it received.
async fn stand_in() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let record = |seen: Arc<Mutex<Vec<Seen>>>, answer: Value| {
        move |uri: axum::http::Uri, headers: axum::http::HeaderMap, body: String| {
            let seen = seen.clone();
            let answer = answer.clone();
            async move {
                let header =
                    |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                seen.lock().unwrap().push(Seen {
                    path: uri.path().to_owned(),
                    authorization: header("authorization"),
                    idempotency_key: header("idempotency-key"),
                    content_type: header("content-type"),
                    form: decode_form(&body),
                });
                axum::Json(answer)
            }
        }
    };
    let app = axum::Router::new()
        .route(
            "/v1/checkout/sessions",
            post(record(seen.clone(), json!({"id": "cs_test_1", "object": "checkout.session", "url": "https://checkout.stand-in/pay/cs_test_1"}))),
        )
        .route("/v1/refunds", post(record(seen.clone(), json!({"id": "re_test_1", "object": "refund", "status": "succeeded"}))));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

fn decode_form(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let bytes = s.replace('+', " ").into_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The header Stripe would send, computed here with `hmac` directly.
fn signed(payload: &str, t: i64, secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{payload}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

async fn webhook(app: &TestApp, payload: &str, signature: Option<String>) -> reqwest::Response {
    let mut r = app
        .request(reqwest::Method::POST, "/api/payments/stripe/webhook", None)
        .header("content-type", "application/json")
        .body(payload.to_owned());
    if let Some(s) = signature {
        r = r.header("stripe-signature", s);
    }
    r.send().await.unwrap()
}

fn completed(event_id: &str, order_id: i64) -> String {
    json!({"id": event_id, "object": "event", "type": "checkout.session.completed",
           "data": {"object": {"id": "cs_test_1", "object": "checkout.session", "payment_intent": "pi_test_1",
                               "client_reference_id": order_id.to_string(), "metadata": {"order_id": order_id.to_string()}}}})
    .to_string()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn an_order_is_paid_through_checkout_once_and_refunded_when_cancelled(backend: Backend) {
    let (base, seen) = stand_in().await;
    let flags = [
        "--stripe-secret-key",
        KEY,
        "--stripe-webhook-secret",
        WEBHOOK_SECRET,
        "--stripe-api-base",
        &base,
        "--public-url",
        "http://shop.example",
    ];
    let Some(app) = spawn_app_with(backend, &flags).await else { return };
    let ann = app.customer("ann").await;
    let order = app.order(&ann, 2).await;
    let id = order["id"].as_i64().unwrap();
    let unit = order["lines"][0]["unit_price_cents"].as_i64().unwrap();

    let r = app.post(&format!("/api/orders/{id}/pay"), Some(&ann), json!({})).await;
    assert_eq!(r.status(), 200);
    let link: Value = r.json().await.unwrap();
    assert_eq!(link["url"], "https://checkout.stand-in/pay/cs_test_1");
    assert_eq!(link["status"], "open");
    // Asked again: the same page, no second session.
    let again: Value = app.post(&format!("/api/orders/{id}/pay"), Some(&ann), json!({})).await.json().await.unwrap();
    assert_eq!(again["url"], link["url"]);
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        let s = &seen[0];
        assert_eq!(s.path, "/v1/checkout/sessions");
        assert_eq!(s.authorization, format!("Bearer {KEY}"));
        assert_eq!(s.idempotency_key, format!("order-{id}-checkout"));
        assert_eq!(s.content_type, "application/x-www-form-urlencoded");
        assert_eq!(s.get("mode"), Some("payment"));
        assert_eq!(s.get("metadata[order_id]"), Some(id.to_string().as_str()));
        assert_eq!(s.get("line_items[0][price_data][currency]"), Some("usd"));
        assert_eq!(s.get("line_items[0][price_data][unit_amount]"), Some(unit.to_string().as_str()));
        assert_eq!(s.get("line_items[0][quantity]"), Some("2"));
        assert_eq!(s.get("line_items[0][price_data][product_data][name]"), Some("Pizza"));
        assert_eq!(s.get("success_url"), Some(format!("http://shop.example/?paid={id}").as_str()));
        assert!(s.get("line_items[1][quantity]").is_none(), "no delivery fee for pickup");
    }
    let open: Value = app.get(&format!("/api/orders/{id}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(open["payment"], "open");
    // A board that read the order before its payment opened hears of it: one
    // `order.checkout` event (asking again made none), carrying the open payment.
    let events = app.state.store.events_after(0, None, 100).await.unwrap();
    let opened: Vec<_> = events.iter().filter(|e| e.kind == "order.checkout").collect();
    assert_eq!(opened.len(), 1, "{events:?}");
    let payload: Value = serde_json::from_str(&opened[0].payload).unwrap();
    assert_eq!(payload["order"]["payment"], "open");

    // Refused: unsigned, tampered, stale, signed with another secret.
    let payload = completed("evt_1", id);
    assert_eq!(webhook(&app, &payload, None).await.status(), 400);
    let tampered = payload.replace("pi_test_1", "pi_evil");
    assert_eq!(webhook(&app, &tampered, Some(signed(&payload, now(), WEBHOOK_SECRET))).await.status(), 400);
    assert_eq!(webhook(&app, &payload, Some(signed(&payload, now() - 600, WEBHOOK_SECRET))).await.status(), 400);
    assert_eq!(webhook(&app, &payload, Some(signed(&payload, now(), "whsec_other"))).await.status(), 400);
    let still: Value = app.get(&format!("/api/orders/{id}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(still["payment"], "open");

    // Delivered twice, and twice at once: paid, handled once.
    let header = signed(&payload, now(), WEBHOOK_SECRET);
    let (a, b) =
        tokio::join!(webhook(&app, &payload, Some(header.clone())), webhook(&app, &payload, Some(header.clone())));
    assert_eq!((a.status(), b.status()), (reqwest::StatusCode::OK, reqwest::StatusCode::OK));
    assert_eq!(webhook(&app, &payload, Some(header)).await.status(), 200);
    let paid: Value = app.get(&format!("/api/orders/{id}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(paid["payment"], "paid");
    let handled = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM stripe_events WHERE event_id = 'evt_1'");
    assert_eq!(handled.fetch_one(app.state.store.pool()).await.unwrap(), 1);
    // The board hears of it once: one `order.paid` event carrying the paid order.
    let events = app.state.store.events_after(0, None, 100).await.unwrap();
    let paid_events: Vec<_> = events.iter().filter(|e| e.kind == "order.paid").collect();
    assert_eq!(paid_events.len(), 1, "{events:?}");
    let payload: Value = serde_json::from_str(&paid_events[0].payload).unwrap();
    assert_eq!(payload["order"]["payment"], "paid");
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options["card"], true);

    // An order not ours, and a kind not used: acknowledged.
    let unknown = completed("evt_2", 999_999);
    assert_eq!(webhook(&app, &unknown, Some(signed(&unknown, now(), WEBHOOK_SECRET))).await.status(), 200);
    let other = json!({"id": "evt_3", "type": "customer.created", "data": {"object": {}}}).to_string();
    assert_eq!(webhook(&app, &other, Some(signed(&other, now(), WEBHOOK_SECRET))).await.status(), 200);

    // Cancelling the paid order refunds it, once.
    let r = app.request(reqwest::Method::DELETE, &format!("/api/orders/{id}"), Some(&ann)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cancelled: Value = r.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["payment"], "refunded");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].path, "/v1/refunds");
    assert_eq!(seen[1].idempotency_key, format!("order-{id}-refund"));
    assert_eq!(seen[1].get("payment_intent"), Some("pi_test_1"));
    assert_eq!(seen[1].authorization, format!("Bearer {KEY}"));
    app.stop().await;
}

/// Sends a chat message and returns the 200 body.
async fn say(app: &TestApp, token: &str, conversation: Option<i64>, text: &str) -> Value {
    let r = app.post("/api/messages", Some(token), json!({"text": text, "conversation_id": conversation})).await;
    assert_eq!(r.status(), 200, "{text}");
    r.json().await.unwrap()
}

async fn an_order_placed_by_chat_is_offered_pay_now_with_its_checkout_link(backend: Backend) {
    let (base, seen) = stand_in().await;
    let flags = ["--stripe-secret-key", KEY, "--stripe-webhook-secret", WEBHOOK_SECRET, "--stripe-api-base", &base];
    let Some(app) = spawn_app_with(backend, &flags).await else { return };
    let ann = app.customer("ann").await;
    let id = say(&app, &ann, None, "a coke").await["conversation_id"].as_i64().unwrap();
    let read_back = say(&app, &ann, Some(id), "that's all").await;
    assert!(!read_back["reply"].as_str().unwrap().contains("Pay now"), "{read_back}");
    assert!(read_back.get("pay_url").is_none(), "{read_back}");
    let placed = say(&app, &ann, Some(id), "yes").await;
    let reply = placed["reply"].as_str().unwrap();
    assert!(reply.ends_with("Pay now: https://checkout.stand-in/pay/cs_test_1"), "{reply}");
    assert_eq!(placed["pay_url"], "https://checkout.stand-in/pay/cs_test_1");
    assert_eq!(placed["order"]["payment"], "open", "{placed}");
    let order_id = placed["order"]["id"].as_i64().unwrap();
    // The order comes in before its payment opens; a board that fetched it at once is told
    // again when the payment is open.
    let events = app.state.store.events_after(0, None, 100).await.unwrap();
    let kinds: Vec<_> = events.iter().filter(|e| e.order_id == order_id).map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["order.created", "order.checkout"], "{events:?}");
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(seen[0].idempotency_key, format!("order-{order_id}-checkout"));
        assert_eq!(seen[0].get("line_items[0][price_data][product_data][name]"), Some("Coke"));
    }
    // The button on the order card opens the same page; nothing is asked of Stripe again.
    let link: Value =
        app.post(&format!("/api/orders/{order_id}/pay"), Some(&ann), json!({})).await.json().await.unwrap();
    assert_eq!(link["url"], "https://checkout.stand-in/pay/cs_test_1");
    // Later turns say nothing more of it.
    let later = say(&app, &ann, Some(id), "thanks").await;
    assert!(!later["reply"].as_str().unwrap().contains("Pay now"), "{later}");
    assert!(later.get("pay_url").is_none(), "{later}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    app.stop().await;
}

/// The ids of `GET /api/orders?{query}` as staff, and the total.
async fn listed(app: &TestApp, staff: &str, query: &str) -> (Vec<i64>, i64) {
    let r = app.get(&format!("/api/orders?{query}"), Some(staff)).await;
    assert_eq!(r.status(), 200, "{query}");
    let page: Value = r.json().await.unwrap();
    let ids = page["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    (ids, page["total"].as_i64().unwrap())
}

async fn a_shop_can_keep_unpaid_card_orders_off_the_board(backend: Backend) {
    let (base, _) = stand_in().await;
    let flags = ["--stripe-secret-key", KEY, "--stripe-webhook-secret", WEBHOOK_SECRET, "--stripe-api-base", &base];
    let shop = "[shop]\nunpaid_card_orders = \"hide\"\n";
    let Some(app) = spawn_app_with_menu(backend, &flags, &[("shop.toml", shop)]).await else { return };
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options, json!({"card": true, "unpaid_card_orders": "hide"}));
    let ann = app.customer("ann").await;
    let staff = app.member("kim", chatorder::store::Role::Staff).await;
    let card = app.order(&ann, 1).await["id"].as_i64().unwrap();
    let counter = app.order(&ann, 2).await["id"].as_i64().unwrap();
    assert_eq!(app.post(&format!("/api/orders/{card}/pay"), Some(&ann), json!({})).await.status(), 200);
    // What the board asks for: paid orders only, counted alike.
    assert_eq!(listed(&app, &staff, "status=pending&order=oldest&payment=paid").await, (vec![], 0));
    assert_eq!(listed(&app, &staff, "status=pending&payment=open").await, (vec![card], 1));
    assert_eq!(listed(&app, &staff, "status=pending&payment=none").await, (vec![counter], 1));
    assert_eq!(listed(&app, &staff, "status=pending&order=oldest").await, (vec![card, counter], 2));
    let payload = completed("evt_paid", card);
    assert_eq!(webhook(&app, &payload, Some(signed(&payload, now(), WEBHOOK_SECRET))).await.status(), 200);
    assert_eq!(listed(&app, &staff, "status=pending&order=oldest&payment=paid").await, (vec![card], 1));
    assert_eq!(listed(&app, &staff, "status=pending&payment=open").await, (vec![], 0));
    // A customer's own list filters the same way; a bad value is named.
    assert_eq!(listed(&app, &ann, "payment=paid").await, (vec![card], 1));
    let message = expect_error(app.get("/api/orders?payment=later", Some(&staff)).await, 422).await;
    assert!(message.starts_with("payment: must be one of open, paid, refunded, none"), "{message}");
    app.stop().await;
}

async fn by_default_unpaid_card_orders_are_shown(backend: Backend) {
    let (base, _) = stand_in().await;
    let flags = ["--stripe-secret-key", KEY, "--stripe-api-base", &base];
    let Some(app) = spawn_app_with(backend, &flags).await else { return };
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options, json!({"card": true, "unpaid_card_orders": "show"}));
    app.stop().await;
    // Without card payment the setting has nothing to hide.
    let shop = "[shop]\nunpaid_card_orders = \"hide\"\n";
    let Some(app) = spawn_app_with_menu(backend, &[], &[("shop.toml", shop)]).await else { return };
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options, json!({"card": false, "unpaid_card_orders": "show"}));
    app.stop().await;
}

async fn without_a_key_orders_are_paid_on_pickup(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let ann = app.customer("ann").await;
    let order = app.order(&ann, 1).await;
    let id = order["id"].as_i64().unwrap();
    assert_eq!(order["payment"], Value::Null);
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options, json!({"card": false, "unpaid_card_orders": "show"}));
    let message = expect_error(app.post(&format!("/api/orders/{id}/pay"), Some(&ann), json!({})).await, 409).await;
    assert!(message.contains("on pickup or delivery"), "{message}");
    let payload = completed("evt_1", id);
    assert_eq!(webhook(&app, &payload, Some(signed(&payload, now(), WEBHOOK_SECRET))).await.status(), 404);
    // An order placed by chat is not offered a card payment.
    let conversation = say(&app, &ann, None, "a coke").await["conversation_id"].as_i64().unwrap();
    say(&app, &ann, Some(conversation), "that's all").await;
    let placed = say(&app, &ann, Some(conversation), "yes").await;
    assert!(!placed["reply"].as_str().unwrap().contains("Pay now"), "{placed}");
    assert!(placed.get("pay_url").is_none(), "{placed}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_an_order_is_paid_through_checkout_once_and_refunded_when_cancelled() {
    an_order_is_paid_through_checkout_once_and_refunded_when_cancelled(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_an_order_is_paid_through_checkout_once_and_refunded_when_cancelled() {
    an_order_is_paid_through_checkout_once_and_refunded_when_cancelled(Backend::Mysql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_without_a_key_orders_are_paid_on_pickup() {
    without_a_key_orders_are_paid_on_pickup(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_without_a_key_orders_are_paid_on_pickup() {
    without_a_key_orders_are_paid_on_pickup(Backend::Mysql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_an_order_placed_by_chat_is_offered_pay_now_with_its_checkout_link() {
    an_order_placed_by_chat_is_offered_pay_now_with_its_checkout_link(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_an_order_placed_by_chat_is_offered_pay_now_with_its_checkout_link() {
    an_order_placed_by_chat_is_offered_pay_now_with_its_checkout_link(Backend::Mysql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_shop_can_keep_unpaid_card_orders_off_the_board() {
    a_shop_can_keep_unpaid_card_orders_off_the_board(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_a_shop_can_keep_unpaid_card_orders_off_the_board() {
    a_shop_can_keep_unpaid_card_orders_off_the_board(Backend::Mysql).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_by_default_unpaid_card_orders_are_shown() {
    by_default_unpaid_card_orders_are_shown(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_by_default_unpaid_card_orders_are_shown() {
    by_default_unpaid_card_orders_are_shown(Backend::Mysql).await;
}
