//! One attempt: the event as JSON, signed, POSTed to the endpoint; what came of it.

use std::time::Duration;

use serde::Serialize;

use crate::store::{rfc3339, DueDelivery, EventRow};

/// The JSON body POSTed to an endpoint: the same fields as an SSE `OrderEvent`, and
/// when the event happened. The same bytes on every attempt.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct WebhookEvent {
    /// The outbox id: the same on every attempt and replay (also in `Chatorder-Event-Id`);
    /// receivers deduplicate on it.
    pub id: i64,
    /// `order.created`, `order.status`, `order.updated`, `order.checkout` or
    /// `order.paid`.
    pub kind: String,
    pub order_id: i64,
    /// The status before the change; null unless `kind` is `order.status`.
    pub from: Option<String>,
    /// The order's status after the event.
    pub status: Option<String>,
    /// The order as `GET /api/orders/{id}` showed it right after the event.
    pub order: serde_json::Value,
    /// When the event happened (RFC 3339).
    pub created_at: String,
}

impl WebhookEvent {
    pub fn from_row(row: &EventRow) -> Self {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
        let order = payload.get("order").cloned().unwrap_or_default();
        Self {
            id: row.id,
            kind: row.kind.clone(),
            order_id: row.order_id,
            from: payload.get("from").and_then(|v| v.as_str()).map(str::to_owned),
            status: order.get("status").and_then(|v| v.as_str()).map(str::to_owned),
            order,
            created_at: rfc3339(row.created_at),
        }
    }
}

/// The headers sent with every attempt.
pub const SIGNATURE_HEADER: &str = "Chatorder-Signature";
pub const EVENT_ID_HEADER: &str = "Chatorder-Event-Id";
pub const EVENT_KIND_HEADER: &str = "Chatorder-Event-Kind";
pub const ATTEMPT_HEADER: &str = "Chatorder-Attempt";

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status, when the endpoint answered.
    pub status: Option<u16>,
    /// Why it is not a success: a non-2xx status, a timeout, a refused connection.
    pub error: Option<String>,
}

impl Answer {
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

/// The client attempts are made with: no redirects followed (a 3xx is a failure the
/// admin sees), `timeout` for the whole exchange.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("chatorder-webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

/// POSTs the delivery's event, attempt number `attempt`, signed at `now_secs`.
pub async fn attempt(client: &reqwest::Client, due: &DueDelivery, attempt: i64, now_secs: i64) -> Answer {
    let body = serde_json::to_vec(&WebhookEvent::from_row(&due.event)).unwrap_or_default();
    let signature = super::signature::sign(&due.secret, now_secs, &body);
    let sent = client
        .post(&due.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .header(EVENT_ID_HEADER, due.event.id.to_string())
        .header(EVENT_KIND_HEADER, &due.event.kind)
        .header(ATTEMPT_HEADER, attempt.to_string())
        .body(body)
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => Answer { status: Some(r.status().as_u16()), error: None },
        Ok(r) => Answer { status: Some(r.status().as_u16()), error: Some(format!("answered {}", r.status())) },
        Err(e) => Answer { status: None, error: Some(describe(&e)) },
    }
}

/// A transport error in a line, with its causes (reqwest's own text says little).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let mut text = what.to_owned();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
