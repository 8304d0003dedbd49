//! `/api/webhooks` (admin only): partners' endpoints, registered with a URL, a signing
//! secret and the event kinds they want, paused and resumed; each endpoint's deliveries
//! with their last answer; a replay of any delivery. The sending itself is `crate::webhooks`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::caller::AuthUser;
use super::error::{BodyErrors, ErrorBody, RoleErrors};
use super::{AppState, Error, Json, Path, Query};
use crate::store::{rfc3339, Delivery, DeliveryState, Role, WebhookEndpoint, ALL_KINDS};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/webhooks", get(get_webhooks).post(post_webhook))
        .route("/api/webhooks/{id}", get(get_webhook).put(put_webhook).delete(delete_webhook))
        .route("/api/webhooks/{id}/deliveries", get(get_webhook_deliveries))
        .route("/api/webhooks/{id}/deliveries/{delivery_id}/replay", post(post_delivery_replay))
}

/// Longest endpoint URL.
const MAX_URL: usize = 2048;
/// Shortest and longest secret an admin may choose.
const SECRET_LEN: std::ops::RangeInclusive<usize> = 16..=256;
const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 100;

/// An event kind an endpoint can ask for; `*` is every kind, present and future.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub(super) enum EventKind {
    #[serde(rename = "order.created")]
    OrderCreated,
    #[serde(rename = "order.status")]
    OrderStatus,
    #[serde(rename = "order.updated")]
    OrderUpdated,
    #[serde(rename = "order.checkout")]
    OrderCheckout,
    #[serde(rename = "order.paid")]
    OrderPaid,
    #[serde(rename = "*")]
    All,
}

impl EventKind {
    fn as_str(self) -> &'static str {
        match self {
            EventKind::OrderCreated => "order.created",
            EventKind::OrderStatus => "order.status",
            EventKind::OrderUpdated => "order.updated",
            EventKind::OrderCheckout => "order.checkout",
            EventKind::OrderPaid => "order.paid",
            EventKind::All => ALL_KINDS,
        }
    }
}

/// `POST /api/webhooks` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://partner.example/hooks/chatorder", "events": ["order.created", "order.status"]}))]
pub(super) struct NewWebhook {
    /// Where to POST: `http://` or `https://`, without a user name or password.
    #[schema(max_length = 2048, pattern = r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]+([/?#]\S*)?$")]
    pub url: String,
    /// The kinds to send (default `["*"]`, every kind).
    #[serde(default)]
    #[schema(min_items = 1, max_items = 5)]
    pub events: Option<Vec<EventKind>>,
    /// The signing secret, 16 to 256 printable ASCII characters without spaces; when
    /// absent one is generated. Shown once, in this request's answer.
    #[serde(default)]
    #[schema(min_length = 16, max_length = 256, pattern = "^[!-~]{16,256}$")]
    pub secret: Option<String>,
}

/// `PUT /api/webhooks/{id}` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub(super) struct WebhookChange {
    /// false pauses the endpoint (its events are still kept for it); true resumes it and
    /// makes its pending deliveries due now.
    pub active: bool,
}

/// A registered endpoint.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct Webhook {
    pub id: i64,
    pub url: String,
    /// The kinds sent; `["*"]` for every kind.
    pub events: Vec<String>,
    /// false while paused.
    pub active: bool,
    /// The secret's last four characters, to tell secrets apart.
    pub secret_hint: String,
    pub created_at: String,
}

/// An endpoint just registered, with its secret: the one time it is shown.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct CreatedWebhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    /// Keys the `Chatorder-Signature` HMAC; not shown again.
    pub secret: String,
    pub secret_hint: String,
    pub created_at: String,
}

impl Webhook {
    fn from_endpoint(e: &WebhookEndpoint) -> Self {
        Self {
            id: e.id,
            url: e.url.clone(),
            events: e.event_kinds.split(',').map(str::to_owned).collect(),
            active: e.active,
            secret_hint: hint(&e.secret),
            created_at: rfc3339(e.created_at),
        }
    }
}

/// One delivery of an event to an endpoint.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct DeliveryView {
    pub id: i64,
    pub webhook_id: i64,
    /// The event's outbox id, sent as `Chatorder-Event-Id`.
    pub event_id: i64,
    pub kind: String,
    /// `pending` (due at `next_attempt_at`), `delivered` (a 2xx answer) or `failed`
    /// (given up after the retry period; replayable).
    #[schema(pattern = "^(pending|delivered|failed)$")]
    pub state: String,
    /// Attempts answered or timed out so far.
    pub attempts: i64,
    /// When the next attempt is due; null unless pending.
    pub next_attempt_at: Option<String>,
    pub last_attempt_at: Option<String>,
    /// The HTTP status of the last answer; null when none came.
    pub last_status: Option<i64>,
    /// Why the last attempt failed; null after a success.
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl DeliveryView {
    fn from_delivery(d: Delivery) -> Self {
        let pending = d.state == DeliveryState::Pending;
        Self {
            id: d.id,
            webhook_id: d.endpoint_id,
            event_id: d.event_id,
            kind: d.kind,
            state: d.state.as_str().to_owned(),
            attempts: d.attempts,
            next_attempt_at: pending.then(|| rfc3339(d.next_attempt_at)),
            last_attempt_at: d.last_attempt_at.map(rfc3339),
            last_status: d.last_status,
            last_error: d.last_error,
            delivered_at: d.delivered_at.map(rfc3339),
            created_at: rfc3339(d.created_at),
        }
    }
}

/// A page of deliveries, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct DeliveryList {
    pub deliveries: Vec<DeliveryView>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next_before: Option<i64>,
}

/// `GET /api/webhooks/{id}/deliveries` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct DeliveriesQuery {
    /// Only deliveries in this state.
    #[param(nullable = false, pattern = "^(pending|delivered|failed)$")]
    pub state: Option<String>,
    /// Deliveries per page (default 50, up to 100).
    #[param(nullable = false, minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// Only deliveries with an id below this (the `next_before` of the page before).
    #[param(nullable = false, minimum = 1)]
    pub before: Option<i64>,
}

/// Registers a partner's endpoint (admin only). From now on each order event of the
/// kinds asked for is POSTed to `url` as a `WebhookEvent` (JSON) with the headers
/// `Chatorder-Event-Id` (the event's id: the same on every retry, deduplicate on it),
/// `Chatorder-Event-Kind`, `Chatorder-Attempt` and `Chatorder-Signature:
/// t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Any 2xx answer within
/// the timeout (10 s) is a delivery; anything else is retried with exponential backoff
/// (10 s doubling to 1 h, with jitter) for 24 h, then the delivery is marked failed.
#[utoipa::path(post, path = "/api/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = CreatedWebhook, links(
                  ("GetWebhook" = (operation_id = "get_webhook", parameters(("id" = "$response.body#/id")))),
                  ("ChangeWebhook" = (operation_id = "put_webhook", parameters(("id" = "$response.body#/id")))),
                  ("DeleteWebhook" = (operation_id = "delete_webhook", parameters(("id" = "$response.body#/id")))),
                  ("GetWebhookDeliveries" = (operation_id = "get_webhook_deliveries", parameters(("id" = "$response.body#/id")))))),
              BodyErrors,
              RoleErrors,
              (status = 422, description = "a URL that is not http(s) or does not parse, an unknown event kind, no kinds, or a bad secret", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn post_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    body: Result<Json<NewWebhook>, Error>,
) -> Result<(StatusCode, Json<CreatedWebhook>), Error> {
    user.require(&[Role::Admin])?;
    let Json(body) = body?;
    check_url(&body.url)?;
    let kinds = event_kinds(body.events.as_deref())?;
    let secret = match body.secret {
        Some(secret) => check_secret(secret)?,
        None => generated_secret(),
    };
    let endpoint = state.store.create_webhook(&body.url, &secret, &kinds).await?;
    // Not the URL: partners put tokens in query strings.
    tracing::info!(admin_id = user.0.id, webhook = endpoint.id, events = %kinds, "webhook registered");
    let view = Webhook::from_endpoint(&endpoint);
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            id: view.id,
            url: view.url,
            events: view.events,
            active: view.active,
            secret,
            secret_hint: view.secret_hint,
            created_at: view.created_at,
        }),
    ))
}

/// Every registered endpoint, oldest first (admin only); secrets are masked.
#[utoipa::path(get, path = "/api/webhooks", tag = "webhooks",
    responses((status = 200, body = Vec<Webhook>), RoleErrors),
    security(("bearer" = [])))]
pub(super) async fn get_webhooks(State(state): State<AppState>, user: AuthUser) -> Result<Json<Vec<Webhook>>, Error> {
    user.require(&[Role::Admin])?;
    let endpoints = state.store.webhooks().await?;
    Ok(Json(endpoints.iter().map(Webhook::from_endpoint).collect()))
}

/// One endpoint (admin only); its secret is masked.
#[utoipa::path(get, path = "/api/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 200, body = Webhook),
              RoleErrors,
              (status = 404, description = "no such endpoint", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn get_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Webhook>, Error> {
    user.require(&[Role::Admin])?;
    Ok(Json(Webhook::from_endpoint(&state.store.webhook(id).await?)))
}

/// Pauses (`active: false`) or resumes an endpoint (admin only). A paused endpoint's
/// events are still enqueued for it; resumed, its pending deliveries are due at once.
#[utoipa::path(put, path = "/api/webhooks/{id}", tag = "webhooks", request_body = WebhookChange,
    params(("id" = i64, Path)),
    responses((status = 200, body = Webhook),
              BodyErrors,
              RoleErrors,
              (status = 404, description = "no such endpoint", body = ErrorBody),
              (status = 422, description = "a field missing or of the wrong type", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn put_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    change: Result<Json<WebhookChange>, Error>,
) -> Result<Json<Webhook>, Error> {
    // The role is checked before anything else about the request, the body included.
    user.require(&[Role::Admin])?;
    let Json(change) = change?;
    let endpoint = state.store.set_webhook_active(id, change.active).await?;
    tracing::info!(admin_id = user.0.id, webhook = id, active = change.active, "webhook paused or resumed");
    Ok(Json(Webhook::from_endpoint(&endpoint)))
}

/// Removes an endpoint with its deliveries (admin only): nothing more is sent to it.
#[utoipa::path(delete, path = "/api/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 204, description = "removed"),
              RoleErrors,
              (status = 404, description = "no such endpoint", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn delete_webhook(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, Error> {
    user.require(&[Role::Admin])?;
    state.store.delete_webhook(id).await?;
    tracing::info!(admin_id = user.0.id, webhook = id, "webhook removed");
    Ok(StatusCode::NO_CONTENT)
}

/// An endpoint's deliveries, newest first, with each one's last answer (admin only).
#[utoipa::path(get, path = "/api/webhooks/{id}/deliveries", tag = "webhooks",
    params(("id" = i64, Path), DeliveriesQuery),
    responses((status = 200, body = DeliveryList),
              RoleErrors,
              (status = 404, description = "no such endpoint", body = ErrorBody),
              (status = 422, description = "a bad state, limit or before", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn get_webhook_deliveries(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Query(q): Query<DeliveriesQuery>,
) -> Result<Json<DeliveryList>, Error> {
    user.require(&[Role::Admin])?;
    let wanted = match q.state.as_deref() {
        None => None,
        Some(s) => Some(
            DeliveryState::parse(s)
                .ok_or_else(|| Error::invalid("state", format!("must be pending, delivered or failed, not {s:?}")))?,
        ),
    };
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid("limit", format!("must be from 1 to {MAX_LIMIT}")));
    }
    if q.before.is_some_and(|b| b < 1) {
        return Err(Error::invalid("before", "must be a delivery id, from 1"));
    }
    state.store.webhook(id).await?;
    let found = state.store.deliveries(id, wanted, q.before, limit).await?;
    let next_before = found.last().filter(|_| found.len() as i64 == limit).map(|d| d.id);
    Ok(Json(DeliveryList { deliveries: found.into_iter().map(DeliveryView::from_delivery).collect(), next_before }))
}

/// Sends a delivery again now, whatever its state, with a fresh 24 h of retries and
/// the same `Chatorder-Event-Id` (admin only).
#[utoipa::path(post, path = "/api/webhooks/{id}/deliveries/{delivery_id}/replay", tag = "webhooks",
    params(("id" = i64, Path), ("delivery_id" = i64, Path)),
    responses((status = 202, description = "pending, due now", body = DeliveryView),
              RoleErrors,
              (status = 404, description = "no such endpoint or delivery", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn post_delivery_replay(
    State(state): State<AppState>,
    user: AuthUser,
    Path((id, delivery_id)): Path<(i64, i64)>,
) -> Result<(StatusCode, Json<DeliveryView>), Error> {
    user.require(&[Role::Admin])?;
    let delivery = state.store.replay_delivery(id, delivery_id).await?;
    tracing::info!(admin_id = user.0.id, webhook = id, delivery = delivery_id, "webhook delivery replayed");
    Ok((StatusCode::ACCEPTED, Json(DeliveryView::from_delivery(delivery))))
}

/// An http(s) URL with a host and no credentials, of at most [`MAX_URL`] characters.
fn check_url(url: &str) -> Result<(), Error> {
    if url.len() > MAX_URL {
        return Err(Error::invalid("url", format!("is over {MAX_URL} characters")));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::invalid("url", format!("not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid("url", format!("must be http or https, not {}", parsed.scheme())));
    }
    if parsed.host_str().map_or(true, str::is_empty) {
        return Err(Error::invalid("url", "has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid("url", "must not hold a user name or password (the signature authenticates)"));
    }
    Ok(())
}

/// The stored form of the kinds asked for: `*`, or the kinds comma-separated.
fn event_kinds(events: Option<&[EventKind]>) -> Result<String, Error> {
    let Some(events) = events else { return Ok(ALL_KINDS.to_owned()) };
    if events.is_empty() {
        return Err(Error::invalid("events", "name at least one kind, or \"*\""));
    }
    if events.contains(&EventKind::All) {
        return Ok(ALL_KINDS.to_owned());
    }
    let mut kinds: Vec<&str> = events.iter().map(|k| k.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    Ok(kinds.join(","))
}

fn check_secret(secret: String) -> Result<String, Error> {
    if !SECRET_LEN.contains(&secret.len()) || !secret.bytes().all(|b| (b'!'..=b'~').contains(&b)) {
        return Err(Error::invalid("secret", "must be 16 to 256 printable ASCII characters without spaces"));
    }
    Ok(secret)
}

/// `whsec_` and 32 random bytes in hex.
fn generated_secret() -> String {
    let bytes: [u8; 32] = rand::thread_rng().gen();
    format!("whsec_{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// `…` and the secret's last four characters.
fn hint(secret: &str) -> String {
    let tail: String = secret.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(e: Error) -> String {
        match e {
            Error::Invalid { field, .. } => field,
            other => panic!("not a 422: {other}"),
        }
    }

    #[test]
    fn urls_must_be_http_or_https_with_a_host_and_no_credentials() {
        assert!(check_url("https://partner.example/hooks?x=1").is_ok());
        assert!(check_url("http://127.0.0.1:9000/").is_ok());
        for bad in ["ftp://partner.example/", "partner.example/hooks", "https://", "http://u:p@partner.example/"] {
            assert_eq!(field(check_url(bad).unwrap_err()), "url", "{bad}");
        }
        assert!(check_url(&format!("https://a.example/{}", "x".repeat(MAX_URL))).is_err());
    }

    #[test]
    fn kinds_are_stored_sorted_once_and_star_means_all() {
        use EventKind::*;
        assert_eq!(event_kinds(None).unwrap(), "*");
        assert_eq!(event_kinds(Some(&[OrderStatus, OrderCreated, OrderStatus])).unwrap(), "order.created,order.status");
        assert_eq!(event_kinds(Some(&[OrderPaid, All])).unwrap(), "*");
        assert_eq!(field(event_kinds(Some(&[])).unwrap_err()), "events");
    }

    #[test]
    fn secrets_are_checked_generated_and_masked() {
        assert_eq!(field(check_secret("short".into()).unwrap_err()), "secret");
        assert_eq!(field(check_secret("has a space in it, sixteen+".into()).unwrap_err()), "secret");
        let made = generated_secret();
        assert_eq!(made.len(), 6 + 64);
        assert!(check_secret(made.clone()).is_ok());
        assert_eq!(hint("whsec_abcdef"), "…cdef");
    }
}
