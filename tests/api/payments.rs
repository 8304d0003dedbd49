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

use crate::helpers::{expect_error, spawn_app, spawn_app_with, Backend, TestApp};

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

async fn without_a_key_orders_are_paid_on_pickup(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let ann = app.customer("ann").await;
    let order = app.order(&ann, 1).await;
    let id = order["id"].as_i64().unwrap();
    assert_eq!(order["payment"], Value::Null);
    let options: Value = app.get("/api/payments", None).await.json().await.unwrap();
    assert_eq!(options["card"], false);
    let message = expect_error(app.post(&format!("/api/orders/{id}/pay"), Some(&ann), json!({})).await, 409).await;
    assert!(message.contains("on pickup or delivery"), "{message}");
    let payload = completed("evt_1", id);
    assert_eq!(webhook(&app, &payload, Some(signed(&payload, now(), WEBHOOK_SECRET))).await.status(), 404);
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
