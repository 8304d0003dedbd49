//! `/api/orders`: create from structured lines (validated and priced from the
//! catalog), list, read, change status, cancel.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::caller::AuthUser;
use super::error::{BodyErrors, ErrorBody, RoleErrors, TokenErrors};
use super::{AppState, Error, IdempotencyKey, Json, Path, Query};
use crate::catalog::Catalog;
use crate::order::{OrderLine, PricedOrder};
use crate::store::{fingerprint, NewOrder, Order, OrderFilter, Role, Status};

pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/orders", get(get_orders).post(post_order))
        .route("/api/orders/{id}", get(get_order).put(put_order).delete(delete_order))
}

/// `POST /api/orders` body: lines as the parser produces them, without prices.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"lines": [{"item": "pizza", "quantity": 2, "options": [
    {"group": "size", "choice": "large"}, {"group": "topping", "choice": "pepperoni", "amount": "extra"}]}]}))]
pub struct NewOrderBody {
    /// 1 to 50 lines.
    #[schema(min_items = 1, max_items = 50)]
    pub lines: Vec<OrderLine>,
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
    if let Some(i) = lines.iter().position(|l| l.owner.is_some()) {
        // Who a line is for is a chat word ("mine", "my son's"); orders do not keep it.
        return Err(Error::invalid(format!("lines[{i}].for"), "who a line is for is not part of an order"));
    }
    catalog.price_order(lines).map_err(|e| Error::invalid(e.field(), e.to_string()))
}

/// Places an order. A retry with the same `Idempotency-Key` returns the first order (200).
#[utoipa::path(post, path = "/api/orders", tag = "orders", request_body = NewOrderBody,
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "makes retries return the first order; 1 to 255 printable ASCII characters")),
    responses((status = 201, body = Order, links(
                  ("GetOrder" = (operation_id = "get_order", parameters(("id" = "$response.body#/id")))),
                  ("ChangeOrder" = (operation_id = "put_order", parameters(("id" = "$response.body#/id")))),
                  ("CancelOrder" = (operation_id = "delete_order", parameters(("id" = "$response.body#/id")))),
                  ("GetOrderMessages" = (operation_id = "get_order_messages", parameters(("order_id" = "$response.body#/id")))))),
              BodyErrors,
              RoleErrors,
              (status = 200, description = "the first order for this Idempotency-Key", body = Order),
              (status = 422, description = "an unknown item or option, a bad quantity, a field of the wrong type, or an Idempotency-Key used before with other lines", body = ErrorBody)),
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
    let order = price_lines(&state.catalog(), &body.lines)?;
    // The lines as parsed (not as priced, which a menu edit may change between retries).
    let request_hash = key.as_ref().map(|_| fingerprint(&[&serde_json::to_string(&body.lines).unwrap_or_default()]));
    let new = NewOrder { user_id: user.0.id, conversation_id: None, idempotency_key: key, request_hash, order };
    let (order, created) = state.store.create_order(&new).await?;
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(order)))
}

/// Lists orders, newest first: a customer's own, or all for staff.
#[utoipa::path(get, path = "/api/orders", tag = "orders", params(ListQuery),
    responses((status = 200, body = OrderList),
              TokenErrors,
              (status = 422, description = "a bad page, per_page or status", body = ErrorBody)),
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
    responses((status = 200, body = Order),
              TokenErrors,
              (status = 404, description = "no such order of yours", body = ErrorBody)),
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
    responses((status = 200, body = Order),
              BodyErrors,
              TokenErrors,
              (status = 403, description = "a customer setting a status other than `cancelled`", body = ErrorBody),
              (status = 404, description = "no such order of yours", body = ErrorBody),
              (status = 409, description = "a transition that is not allowed, or a customer's cancel past what the shop allows", body = ErrorBody),
              (status = 422, description = "an unknown status or a field of the wrong type", body = ErrorBody)),
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
    let changed = state.store.change_status(order.id, to, user.0.id, until).await?;
    tracing::info!(order_id = order.id, from = %order.status, to = %to, actor_id = user.0.id, "order status changed");
    Ok(changed)
}

/// Cancels an order (its owner, or staff); the order and its history are kept.
#[utoipa::path(delete, path = "/api/orders/{id}", tag = "orders", params(("id" = i64, Path)),
    responses((status = 200, body = Order),
              TokenErrors,
              (status = 404, description = "no such order of yours", body = ErrorBody),
              (status = 409, description = "the order is already completed or cancelled, or (for a customer) past what the shop allows", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn delete_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Order>, Error> {
    let order = visible_order(&state, &user, id).await?;
    Ok(Json(change_status(&state, &user, order, Status::Cancelled).await?))
}
