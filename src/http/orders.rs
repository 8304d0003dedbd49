//! `/api/orders`: create from structured lines (validated and priced from the
//! catalog), list, read, change status, cancel.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::caller::AuthUser;
use super::{AppState, Error, IdempotencyKey, Json, Path, Query};
use crate::catalog::Catalog;
use crate::order::fulfilment::{Mode, Request, When};
use crate::order::{OrderLine, PricedOrder};
use crate::store::{fingerprint, NewOrder, Order, OrderFilter, Role, Status};

pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/orders", get(get_orders).post(post_order))
        .route("/api/orders/{id}", get(get_order).put(put_order).delete(delete_order))
}

/// `POST /api/orders` body: lines as the parser produces them, without prices, and
/// how, where and when the customer wants them (the shop's `[shop]` rules decide what
/// it takes; README "Menu reference").
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lines": [{"item": "pizza", "quantity": 2, "options": [
    {"group": "size", "choice": "large"}, {"group": "topping", "choice": "pepperoni", "amount": "extra"}]}]}))]
pub struct NewOrderBody {
    /// 1 to 50 lines.
    #[schema(value_type = Vec<super::openapi::LineInput>, min_items = 1, max_items = 50)]
    pub lines: Vec<OrderLine>,
    /// `pickup` or `delivery`; default: the shop's first offered (the demo shop: pickup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fulfilment: Option<String>,
    /// Delivery address (delivery only, then required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub address: Option<String>,
    /// Delivery postcode, when the shop delivers to listed postcodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 16)]
    pub postcode: Option<String>,
    /// Delivery zone, when the shop delivers to named zones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 16)]
    pub zone: Option<String>,
    /// A phone number for the driver (required for delivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 32)]
    pub phone: Option<String>,
    /// A note for the whole order, stored exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// `asap` (default) or a time of day within the opening hours, shop time: `19:30`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "asap")]
    pub requested_time: Option<String>,
}

impl NewOrderBody {
    /// What the customer asked for besides the lines.
    ///
    /// # Errors
    /// An unknown fulfilment or a malformed time, naming the field.
    fn request(&self) -> Result<Request, Error> {
        let fulfilment = match self.fulfilment.as_deref() {
            None => None,
            Some(m) => Some(
                Mode::parse(m).ok_or_else(|| Error::invalid("fulfilment", format!("pickup or delivery, not {m:?}")))?,
            ),
        };
        let requested_time = match self.requested_time.as_deref() {
            None => When::Asap,
            Some(t) => When::parse(t).ok_or_else(|| {
                Error::invalid("requested_time", format!("\"asap\" or a time of day like \"19:30\", not {t:?}"))
            })?,
        };
        Ok(Request {
            fulfilment,
            address: self.address.clone(),
            postcode: self.postcode.clone(),
            zone: self.zone.clone(),
            phone: self.phone.clone(),
            note: self.note.clone(),
            requested_time,
        })
    }
}

/// `PUT /api/orders/{id}` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "cancelled"}))]
pub struct StatusChange {
    pub status: Status,
}

/// `GET /api/orders` query: `page` from 1, `per_page` up to 100, optional `status`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The page, from 1 (default 1).
    #[param(minimum = 1, maximum = 1_000_000, nullable = false)]
    pub page: Option<i64>,
    /// Orders per page (default 20).
    #[param(minimum = 1, maximum = 100, nullable = false)]
    pub per_page: Option<i64>,
    /// Only orders in this status.
    #[param(value_type = Option<Status>, nullable = false)]
    pub status: Option<String>,
}

/// One page of orders.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderList {
    #[schema(value_type = Vec<super::openapi::OrderDoc>)]
    pub orders: Vec<Order>,
    /// Orders matching the filter, on all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Validates and prices an order's lines against the catalog; errors name the field,
/// e.g. `lines[0].options[1].choice`.
///
/// # Errors
/// `Error::Invalid` for no lines, too many, or the first bad line.
pub fn price_lines(catalog: &Catalog, lines: &[OrderLine]) -> Result<PricedOrder, Error> {
    no_owners(lines)?;
    catalog.price_order(lines).map_err(|e| Error::invalid(e.field(), e.to_string()))
}

/// Who a line is for is a chat word ("mine", "my son's"); orders do not keep it.
fn no_owners(lines: &[OrderLine]) -> Result<(), Error> {
    match lines.iter().position(|l| l.owner.is_some()) {
        Some(i) => Err(Error::invalid(format!("lines[{i}].for"), "who a line is for is not part of an order")),
        None => Ok(()),
    }
}

/// Places an order. A retry with the same `Idempotency-Key` returns the first order (200).
#[utoipa::path(post, path = "/api/orders", tag = "orders", request_body = NewOrderBody,
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "makes retries return the first order; 1 to 255 printable ASCII characters")),
    responses((status = 201, body = super::openapi::OrderDoc, links(
                  ("GetOrder" = (operation_id = "get_order", parameters(("id" = "$response.body#/id")))),
                  ("ChangeOrder" = (operation_id = "put_order", parameters(("id" = "$response.body#/id")))),
                  ("CancelOrder" = (operation_id = "delete_order", parameters(("id" = "$response.body#/id")))),
                  ("GetOrderMessages" = (operation_id = "get_order_messages", parameters(("order_id" = "$response.body#/id")))))),
              (status = 200, description = "the first order for this Idempotency-Key", body = super::openapi::OrderDoc),
              (status = 400, description = "the body is not JSON, or a bad Idempotency-Key", body = super::openapi::ErrorBody),
              (status = 401, description = "no or a bad token", body = super::openapi::ErrorBody),
              (status = 403, description = "not a customer", body = super::openapi::ErrorBody),
              (status = 413, description = "the body is over 64 KiB", body = super::openapi::ErrorBody),
              (status = 415, description = "no `Content-Type: application/json`", body = super::openapi::ErrorBody),
              (status = 422, description = "an unknown item or option, a bad quantity, a field of the wrong type, or an Idempotency-Key used before with other lines", body = super::openapi::ErrorBody)),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user_id = user.0.id))]
pub async fn post_order(
    State(state): State<AppState>,
    user: AuthUser,
    key: Result<IdempotencyKey, Error>,
    body: Result<Json<NewOrderBody>, Error>,
) -> Result<(StatusCode, Json<Order>), Error> {
    // The role is checked before anything else about the request, the body included.
    user.require(&[Role::Customer])?;
    let IdempotencyKey(key) = key?;
    let Json(body) = body?;
    let request = body.request()?;
    let catalog = state.catalog();
    no_owners(&body.lines)?;
    let queued = state.store.kitchen_queue().await?;
    let placed = catalog
        .place(&body.lines, &request, crate::store::now_ms(), queued)
        .map_err(|e| Error::invalid(e.field(), e.to_string()))?;
    // The request as sent (not as priced, which a menu edit may change between retries);
    // an order with lines alone keeps the fingerprint it had before orders had details.
    let request_hash = key.as_ref().map(|_| {
        let lines = serde_json::to_string(&body.lines).unwrap_or_default();
        if request.is_empty() {
            fingerprint(&[&lines])
        } else {
            fingerprint(&[&lines, &serde_json::to_string(&request).unwrap_or_default()])
        }
    });
    let details = crate::order::fulfilment::OrderDetails { customer: Some(user.0.username.clone()), ..placed.details };
    let new = NewOrder {
        user_id: user.0.id,
        conversation_id: None,
        idempotency_key: key,
        request_hash,
        order: placed.order,
        details,
        ready_at_ms: Some(placed.ready_at_ms),
    };
    let (order, created) = state.store.create_order(&new).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(order)))
}

/// Lists orders, newest first: a customer's own, or all for staff.
#[utoipa::path(get, path = "/api/orders", tag = "orders", params(ListQuery),
    responses((status = 200, body = OrderList),
              (status = 401, description = "no or a bad token", body = super::openapi::ErrorBody),
              (status = 422, description = "a bad page, per_page or status", body = super::openapi::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_orders(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<OrderList>, Error> {
    let page = q.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(Error::invalid("page", "must be a whole number from 1"));
    }
    let per_page = q.per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(Error::invalid("per_page", format!("must be from 1 to {MAX_PER_PAGE}")));
    }
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| Error::invalid("status", format!("unknown status {s:?}")))?),
    };
    let filter = OrderFilter {
        user_id: if user.is_staff() { None } else { Some(user.0.id) },
        status,
        limit: per_page,
        offset: (page - 1) * per_page,
    };
    let found = state.store.list_orders(&filter).await?;
    Ok(Json(OrderList { orders: found.orders, total: found.total, page, per_page }))
}

/// Loads an order the caller may see; someone else's is "not found".
pub(super) async fn visible_order(state: &AppState, user: &AuthUser, id: i64) -> Result<Order, Error> {
    let order = state.store.get_order(id).await?;
    if !user.may_see(order.user_id) {
        return Err(Error::NotFound);
    }
    Ok(order)
}

/// One order (its owner, or staff).
#[utoipa::path(get, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path)),
    responses((status = 200, body = super::openapi::OrderDoc),
              (status = 401, description = "no or a bad token", body = super::openapi::ErrorBody),
              (status = 404, description = "no such order of yours", body = super::openapi::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Order>, Error> {
    Ok(Json(visible_order(&state, &user, id).await?))
}

/// Changes an order's status: staff along the allowed transitions, the owner only to `cancelled`.
#[utoipa::path(put, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path)), request_body = StatusChange,
    responses((status = 200, body = super::openapi::OrderDoc),
              (status = 400, description = "the body is not JSON", body = super::openapi::ErrorBody),
              (status = 401, description = "no or a bad token", body = super::openapi::ErrorBody),
              (status = 403, description = "a customer setting a status other than `cancelled`", body = super::openapi::ErrorBody),
              (status = 404, description = "no such order of yours", body = super::openapi::ErrorBody),
              (status = 409, description = "a transition that is not allowed, or a customer's cancel past what the shop allows", body = super::openapi::ErrorBody),
              (status = 413, description = "the body is over 64 KiB", body = super::openapi::ErrorBody),
              (status = 415, description = "no `Content-Type: application/json`", body = super::openapi::ErrorBody),
              (status = 422, description = "an unknown status or a field of the wrong type", body = super::openapi::ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    Json(body): Json<StatusChange>,
) -> Result<Json<Order>, Error> {
    let order = visible_order(&state, &user, id).await?;
    if !user.is_staff() && body.status != Status::Cancelled {
        return Err(Error::Forbidden);
    }
    Ok(Json(change_status(&state, &user, order, body.status).await?))
}

/// Moves `order` to `to` for `user`, within the shop's rule for customers' cancels
/// (`[shop] customer_cancel_until`), and logs who did it.
async fn change_status(state: &AppState, user: &AuthUser, order: Order, to: Status) -> Result<Order, Error> {
    let until = if user.is_staff() {
        None
    } else {
        // The catalog only holds statuses it validated; `confirmed` is the documented default.
        Some(Status::parse(&state.catalog().shop.customer_cancel_until).unwrap_or(Status::Confirmed))
    };
    let mut changed = state.store.change_status(order.id, to, user.0.id, until).await?;
    tracing::info!(order_id = order.id, from = %order.status, to = %to, actor_id = user.0.id, "order status changed");
    if to == Status::Cancelled && changed.details.payment.as_deref() == Some("paid") {
        super::payments::refund_if_paid(state, order.id).await;
        changed = state.store.get_order(order.id).await?;
    }
    Ok(changed)
}

/// Cancels an order (its owner, or staff); the order and its history are kept.
#[utoipa::path(delete, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path)),
    responses((status = 200, body = super::openapi::OrderDoc),
              (status = 401, description = "no or a bad token", body = super::openapi::ErrorBody),
              (status = 404, description = "no such order of yours", body = super::openapi::ErrorBody),
              (status = 409, description = "the order is already completed or cancelled, or (for a customer) past what the shop allows", body = super::openapi::ErrorBody)),
    security(("bearer" = [])))]
pub async fn delete_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Order>, Error> {
    let order = visible_order(&state, &user, id).await?;
    Ok(Json(change_status(&state, &user, order, Status::Cancelled).await?))
}
