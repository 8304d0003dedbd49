//! Card payment through Stripe: `POST /api/orders/{id}/pay` makes the order's Checkout
//! Session (the customer pays on Stripe's page, so no card data comes here), and
//! `POST /api/payments/stripe/webhook` takes Stripe's events, signature checked, each
//! event id handled once. Without `STRIPE_SECRET_KEY` orders are paid on pickup or
//! delivery and `pay` says so.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use super::caller::AuthUser;
use super::error::{ErrorBody, TokenErrors};
use super::{AppState, Error, Json, Path};
use crate::dialogue::reply::Replies;
use crate::payments::signature;
use crate::service::ChatReply;
use crate::store::{Handled, Order, Status};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/orders/{id}/pay", post(post_pay))
        .route("/api/payments/stripe/webhook", post(post_stripe_webhook))
        .route("/api/payments", get(get_payments))
}

/// How orders are paid here, for the customer's page.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct PaymentOptions {
    /// Card payment through Stripe Checkout is offered (`POST /api/orders/{id}/pay`);
    /// false: on pickup or delivery only.
    pub card: bool,
    /// What the kitchen's board does with card orders not yet paid: `show` them marked
    /// unpaid, or `hide` them until paid (`[shop] unpaid_card_orders`; `show` without
    /// card payment).
    #[schema(example = "show")]
    pub unpaid_card_orders: &'static str,
}

/// Whether card payment is offered, and whether the board waits for it.
#[utoipa::path(get, path = "/api/payments", tag = "payments", responses((status = 200, body = PaymentOptions)))]
pub(super) async fn get_payments(State(state): State<AppState>) -> Json<PaymentOptions> {
    let card = state.stripe.is_some();
    let hide = card && state.catalog().shop.orders.hide_unpaid_card_orders;
    Json(PaymentOptions { card, unpaid_card_orders: if hide { "hide" } else { "show" } })
}

/// Where to pay an order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct PayLink {
    pub order_id: i64,
    /// Stripe Checkout's page for this order.
    pub url: String,
    /// `open`, `paid` or `refunded`.
    pub status: String,
}

/// Starts (or resumes) paying an order by card on Stripe Checkout.
#[utoipa::path(post, path = "/api/orders/{id}/pay", tag = "payments", params(("id" = i64, Path)),
    responses((status = 200, body = PayLink),
              TokenErrors,
              (status = 404, description = "no such order of yours", body = ErrorBody),
              (status = 409, description = "card payment is not offered, or the order is cancelled", body = ErrorBody),
              (status = 503, description = "Stripe could not be reached", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn post_pay(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<PayLink>, Error> {
    let order = super::orders::visible_order(&state, &user, id).await?;
    Ok(Json(checkout(&state, &order).await?))
}

/// The order's Checkout Session: the one already opened, else a new one from Stripe.
///
/// # Errors
/// `Conflict` when the shop takes no cards or the order is cancelled; `Unavailable`
/// when Stripe cannot be reached or refuses.
async fn checkout(state: &AppState, order: &Order) -> Result<PayLink, Error> {
    let id = order.id;
    let Some(stripe) = state.stripe.as_deref() else {
        return Err(Error::Conflict("this shop takes payment on pickup or delivery, not by card here".into()));
    };
    if let Some(p) = state.store.payment(id).await? {
        return Ok(PayLink { order_id: id, url: p.url, status: p.status });
    }
    if order.status == Status::Cancelled {
        return Err(Error::Conflict("the order is cancelled".into()));
    }
    let catalog = state.catalog();
    let name = |item: &str| catalog.item(item).map_or_else(|| item.to_owned(), |i| i.name.clone());
    let session = stripe.create_session(order, name).await.map_err(|e| {
        tracing::error!(order_id = id, error = %e, "creating a Stripe Checkout Session failed");
        Error::Unavailable
    })?;
    if state.store.open_payment(id, &session.id, &session.url, order.total_cents).await? {
        // The board may have read the order before its payment existed: tell it again.
        if let Err(e) = state.store.announce_payment(id, "order.checkout").await {
            tracing::warn!(order_id = id, error = %e, "the order.checkout event was not recorded");
        }
    }
    tracing::info!(order_id = id, session_id = %session.id, "Stripe Checkout Session created");
    Ok(PayLink { order_id: id, url: session.url, status: "open".into() })
}

/// After a chat turn placed an order in a shop that takes cards: the order's Checkout
/// Session is opened at once and the reply ends with "Pay now: <link>" (the `pay_now`
/// reply), so the customer can pay straight away; `pay_url` carries the link for the page.
/// Stripe failing leaves the reply as it was (the order card's button tries again).
pub(super) async fn offer_checkout(state: &AppState, reply: &mut ChatReply) {
    if state.stripe.is_none() || !reply.placed_now {
        return;
    }
    let Some(order) = reply.order.as_mut() else { return };
    match checkout(state, order).await {
        Ok(link) if link.status == "open" => {
            order.details.payment = Some(link.status);
            let catalog = state.catalog();
            let pay_now = Replies::new(&catalog, order.id.unsigned_abs()).say("pay_now", &[("url", link.url.clone())]);
            reply.reply = format!("{} {pay_now}", reply.reply);
            reply.pay_url = Some(link.url);
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(order_id = order.id, error = %e, "no checkout link for an order placed by chat"),
    }
}

/// After a cancel: a paid order's payment is refunded through Stripe (once: the refund's
/// idempotency key is the order's) and marked refunded. A failed refund is logged for
/// the shop to see to; the cancel stands.
pub(super) async fn refund_if_paid(state: &AppState, order_id: i64) {
    let Some(stripe) = state.stripe.as_deref() else { return };
    let payment = match state.store.payment(order_id).await {
        Ok(Some(p)) if p.status == "paid" => p,
        Ok(_) => return,
        Err(e) => return tracing::error!(order_id, error = %e, "reading a cancelled order's payment failed"),
    };
    let Some(intent) = payment.payment_intent.as_deref() else {
        return tracing::error!(order_id, "a paid order has no payment intent to refund");
    };
    match stripe.refund(order_id, intent).await {
        Ok(()) => match state.store.payment_refunded(order_id).await {
            Ok(_) => tracing::info!(order_id, "payment refunded through Stripe"),
            Err(e) => tracing::error!(order_id, error = %e, "refunded, but marking it failed"),
        },
        Err(e) => tracing::error!(order_id, error = %e, "refunding a cancelled order failed: refund it by hand"),
    }
}

/// Stripe's events. 400 for a missing, malformed, stale or wrong signature; 200 for
/// an event handled, handled before, or of no concern (logged).
pub(super) async fn post_stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, Error> {
    let Some(secret) = state.stripe.as_deref().and_then(|s| s.webhook_secret.as_deref()) else {
        return Err(Error::NotFound);
    };
    let header = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    let now = crate::store::now_ms() / 1000;
    signature::verify(header, &body, secret, now, signature::TOLERANCE_SECS).map_err(|e| {
        tracing::warn!(error = %e, "a Stripe webhook was refused");
        Error::BadRequest(format!("Stripe-Signature: {e}"))
    })?;
    let event: serde_json::Value =
        serde_json::from_slice(&body).map_err(|_| Error::BadRequest("the event is not JSON".into()))?;
    let (Some(event_id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
        return Err(Error::BadRequest("the event has no id or type".into()));
    };
    let handled = match kind {
        "checkout.session.completed" => {
            let object = &event["data"]["object"];
            let order_id = object["metadata"]["order_id"]
                .as_str()
                .or_else(|| object["client_reference_id"].as_str())
                .and_then(|s| s.parse::<i64>().ok());
            let intent = object["payment_intent"].as_str();
            state.store.payment_completed(event_id, kind, order_id, intent).await?
        }
        _ => state.store.event_ignored(event_id, kind).await?,
    };
    match handled {
        Handled::Paid => {
            tracing::info!(event_id, "order paid through Stripe");
            let order_id = event["data"]["object"]["metadata"]["order_id"].as_str().and_then(|s| s.parse().ok());
            if let Some(order_id) = order_id {
                // The payment is committed; the board hears of it with the next event.
                if let Err(e) = state.store.announce_payment(order_id, "order.paid").await {
                    tracing::warn!(order_id, error = %e, "announcing a payment failed");
                }
            }
        }
        Handled::Again => tracing::info!(event_id, "a Stripe event delivered again; handled before"),
        Handled::UnknownOrder => {
            tracing::info!(event_id, kind, "a Stripe event of no order of ours, or a kind not used")
        }
    }
    Ok(Json(serde_json::json!({"received": true})))
}
