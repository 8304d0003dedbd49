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
use crate::order::fulfilment::{Mode, Request, When};
use crate::order::{OrderLine, PricedOrder};
use crate::store::{fingerprint, NewOrder, Order, OrderFilter, PageStart, Role, Status};

pub(super) const DEFAULT_PER_PAGE: i64 = 20;
/// What `GET /api/orders?payment=` takes.
const PAYMENT_STATES: [&str; 4] = ["open", "paid", "refunded", "none"];
pub(super) const MAX_PER_PAGE: i64 = 100;

pub(super) fn router() -> Router<AppState> {
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
pub(super) struct NewOrderBody {
    /// 1 to 50 lines.
    #[schema(min_items = 1, max_items = 50)]
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
pub(super) struct StatusChange {
    pub status: Status,
}

/// `GET /api/orders` query: filters, then either pages (`page`, `per_page`) or a cursor
/// (`limit`, `cursor`), which stays stable while orders are added.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct ListQuery {
    /// The page, from 1 (default 1). Not with `cursor`.
    #[param(minimum = 1, maximum = 1_000_000, nullable = false)]
    pub page: Option<i64>,
    /// Orders per page (default 20).
    #[param(minimum = 1, maximum = 100, nullable = false)]
    pub per_page: Option<i64>,
    /// Only orders in these statuses, comma-separated (`pending,confirmed`).
    #[param(nullable = false, example = "pending,confirmed")]
    pub status: Option<String>,
    /// Only orders placed at or after this time (RFC 3339).
    #[param(nullable = false, format = DateTime)]
    pub from: Option<String>,
    /// Only orders placed before this time (RFC 3339).
    #[param(nullable = false, format = DateTime)]
    pub to: Option<String>,
    /// Staff only: this customer's orders (a user id).
    #[param(nullable = false, minimum = 1)]
    pub customer: Option<i64>,
    /// `newest` first (the default) or `oldest` first (the kitchen's order).
    #[param(nullable = false, pattern = "^(newest|oldest)$")]
    pub order: Option<String>,
    /// Only orders whose card payment is `open` (checkout started, not paid), `paid` or
    /// `refunded`, or `none`: without a card payment. The board asks for `paid` open
    /// orders when the shop hides unpaid card orders (`[shop] unpaid_card_orders`).
    #[param(nullable = false, pattern = "^(open|paid|refunded|none)$")]
    pub payment: Option<String>,
    /// Orders per page in cursor mode (default 20, up to 100).
    #[param(minimum = 1, maximum = 100, nullable = false)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before, with the same filters and order.
    #[param(nullable = false, pattern = "^[0-9]{1,18}$")]
    pub cursor: Option<String>,
}

/// One page of orders.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct OrderList {
    pub orders: Vec<Order>,
    /// Orders matching the filters, on all pages.
    pub total: i64,
    /// The page number, in page mode; absent in cursor mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub page: Option<i64>,
    /// Orders per page (`limit` in cursor mode).
    pub per_page: i64,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
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
pub(super) async fn post_order(
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
              TokenErrors,
              (status = 403, description = "a customer filtering by customer", body = ErrorBody),
              (status = 422, description = "a bad page, per_page, limit, cursor, status, time or order, or page with cursor", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn get_orders(
    State(state): State<AppState>,
    user: AuthUser,
    Query(q): Query<ListQuery>,
) -> Result<Json<OrderList>, Error> {
    let cursor_mode = q.cursor.is_some() || q.limit.is_some();
    if cursor_mode && q.page.is_some() {
        return Err(Error::invalid("page", "use either page and per_page or limit and cursor"));
    }
    let per_page = if cursor_mode { q.limit } else { q.per_page }.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        let field = if cursor_mode { "limit" } else { "per_page" };
        return Err(Error::invalid(field, format!("must be from 1 to {MAX_PER_PAGE}")));
    }
    let page = q.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(Error::invalid("page", "must be a whole number from 1"));
    }
    let start = match &q.cursor {
        Some(c) => PageStart::After(c.parse().map_err(|_| Error::invalid("cursor", "not a cursor this API gave"))?),
        None => PageStart::Skip((page - 1) * per_page),
    };
    let user_id = match q.customer {
        Some(_) if !user.is_staff() => return Err(Error::Forbidden),
        Some(customer) => Some(customer),
        None if user.is_staff() => None,
        None => Some(user.0.id),
    };
    let filter = OrderFilter {
        user_id,
        statuses: statuses(q.status.as_deref())?,
        from_ms: time_ms("from", q.from.as_deref())?,
        to_ms: time_ms("to", q.to.as_deref())?,
        oldest_first: match q.order.as_deref() {
            None | Some("newest") => false,
            Some("oldest") => true,
            Some(other) => return Err(Error::invalid("order", format!("must be newest or oldest, not {other:?}"))),
        },
        payment: match q.payment.as_deref() {
            None => None,
            Some(p) => Some(PAYMENT_STATES.into_iter().find(|s| *s == p).ok_or_else(|| {
                Error::invalid("payment", format!("must be one of {}, not {p:?}", PAYMENT_STATES.join(", ")))
            })?),
        },
        limit: per_page,
        start,
    };
    let found = state.store.list_orders(&filter).await?;
    let full = found.orders.len() as i64 == per_page;
    let next_cursor = found.orders.last().filter(|_| full).map(|o| o.id.to_string());
    Ok(Json(OrderList {
        orders: found.orders,
        total: found.total,
        page: (!cursor_mode).then_some(page),
        per_page,
        next_cursor,
    }))
}

/// `pending,confirmed` as statuses.
fn statuses(list: Option<&str>) -> Result<Vec<Status>, Error> {
    let Some(list) = list else { return Ok(Vec::new()) };
    list.split(',')
        .map(|s| Status::parse(s.trim()).ok_or_else(|| Error::invalid("status", format!("unknown status {s:?}"))))
        .collect()
}

/// An RFC 3339 time as epoch milliseconds.
fn time_ms(field: &str, value: Option<&str>) -> Result<Option<i64>, Error> {
    value
        .map(|v| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| t.timestamp_millis())
                .map_err(|_| Error::invalid(field, format!("not an RFC 3339 time: {v:?}")))
        })
        .transpose()
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
pub(super) async fn get_order(
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
pub(super) async fn put_order(
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
    responses((status = 200, body = Order),
              TokenErrors,
              (status = 404, description = "no such order of yours", body = ErrorBody),
              (status = 409, description = "the order is already completed or cancelled, or (for a customer) past what the shop allows", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn delete_order(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Order>, Error> {
    let order = visible_order(&state, &user, id).await?;
    Ok(Json(change_status(&state, &user, order, Status::Cancelled).await?))
}
