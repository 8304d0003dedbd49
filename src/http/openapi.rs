//! `GET /api/openapi.json`: the OpenAPI 3 description, generated from the handlers'
//! `#[utoipa::path]` attributes and the schema types below.

use axum::routing::get;
use axum::Router;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::{accounts, admin, availability, chat, events, menu, ops, orders, transcripts, AppState, Json};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(get_openapi))
}

/// The error body of every 4xx and 5xx.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code (`invalid`, `not_found`, …).
    pub code: String,
    /// Human-readable; for 422 it starts with the field at fault (`lines[0].quantity: …`).
    pub message: String,
}

/// How much of an option, when not the normal amount.
#[derive(Serialize, ToSchema)]
#[allow(dead_code, reason = "describes the JSON of `crate::order::Amount`; never built")]
#[serde(rename_all = "lowercase")]
pub enum AmountDoc {
    Extra,
    Light,
}

/// An option chosen or excluded on a line.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionInput {
    /// An option group id of the menu.
    pub group: String,
    /// A choice id of that group.
    pub choice: String,
    /// Omitted for the normal amount.
    #[schema(nullable = false)]
    pub amount: Option<AmountDoc>,
    /// For a group with `halves`: the half of the item the choice is on; omitted for
    /// the whole item.
    #[schema(nullable = false)]
    pub half: Option<HalfDoc>,
}

/// Which half of the item a choice is on.
#[derive(Serialize, ToSchema)]
#[allow(dead_code, reason = "describes the JSON of `crate::order::Half`; never built")]
#[serde(rename_all = "lowercase")]
pub enum HalfDoc {
    First,
    Second,
}

/// An order line in a request: menu ids, no prices.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineInput {
    /// An item id of the menu.
    pub item: String,
    /// Defaults to 1.
    #[schema(nullable = false, minimum = 1, maximum = 100)]
    pub quantity: Option<u32>,
    /// Defaults to none.
    #[schema(nullable = false)]
    pub options: Option<Vec<OptionInput>>,
    /// Defaults to none.
    #[schema(nullable = false)]
    pub without: Option<Vec<OptionInput>>,
    /// A note for this line ("well done"), at most 200 characters, stored exactly.
    #[schema(nullable = false, max_length = 200)]
    pub note: Option<String>,
}

/// An order line with the server's prices, in cents.
#[derive(Serialize, ToSchema)]
pub struct PricedLineDoc {
    pub item: String,
    pub quantity: u32,
    pub options: Vec<OptionInput>,
    pub without: Vec<OptionInput>,
    /// The line's note, when it has one.
    #[schema(nullable = false)]
    pub note: Option<String>,
    pub unit_price_cents: i64,
    pub line_total_cents: i64,
}

/// An order.
#[derive(Serialize, ToSchema)]
pub struct OrderDoc {
    pub id: i64,
    pub user_id: i64,
    pub status: crate::store::Status,
    pub lines: Vec<PricedLineDoc>,
    pub total_cents: i64,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub conversation_id: Option<i64>,
    /// Customer, pickup or delivery, notes, requested time, fee, estimate.
    #[serde(flatten)]
    pub details: crate::order::fulfilment::OrderDetails,
}

/// The cart after a chat turn: lines with menu defaults applied (a line still waiting
/// for a required choice shows prices of 0) and the total.
#[derive(Serialize, ToSchema)]
pub struct CartDoc {
    pub lines: Vec<PricedLineDoc>,
    pub total_cents: i64,
}

/// What one chat turn produced.
#[derive(Serialize, ToSchema)]
pub struct ChatReplyDoc {
    pub conversation_id: i64,
    /// The bot's answer.
    pub reply: String,
    /// The intent the message was read as.
    pub intent: String,
    /// The dialogue phase after the turn (`idle`, `ordering`, `awaiting_option`, ...).
    pub state: String,
    pub cart: CartDoc,
    /// The order this conversation placed last; null until one is placed.
    pub order: Option<OrderDoc>,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "chatorder", description = "Conversational food ordering: REST API"),
    paths(
        accounts::post_register, accounts::post_login,
        chat::post_message,
        orders::post_order, orders::get_orders, orders::get_order, orders::put_order, orders::delete_order,
        menu::get_menu,
        transcripts::get_order_messages, transcripts::get_conversation_messages,
        admin::get_catalog_status, availability::put_item_availability,
        events::get_events, events::post_stream_token,
        ops::get_health, ops::get_metrics,
        get_openapi,
    ),
    components(schemas(ErrorBody, ErrorDetail, AmountDoc, HalfDoc, OptionInput, LineInput, PricedLineDoc, OrderDoc, CartDoc, ChatReplyDoc, events::OrderEvent, events::OrderEventMessage, events::StreamToken)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3 JSON", body = Object)))]
pub async fn get_openapi() -> Json<serde_json::Value> {
    Json(document())
}

/// The OpenAPI document as served.
pub fn document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    fix_link_field_names(&mut doc);
    // utoipa has no `contentSchema` (JSON Schema 2020-12): say what the `data:` JSON holds.
    let data = doc.pointer_mut("/components/schemas/OrderEventMessage/properties/data");
    if let Some(data) = data.and_then(serde_json::Value::as_object_mut) {
        data.insert("contentSchema".into(), serde_json::json!({"$ref": "#/components/schemas/OrderEvent"}));
    }
    doc
}

/// utoipa 5.5 writes a Link object's fields in snake case (`operation_id`); OpenAPI
/// names them `operationId`, `operationRef` and `requestBody`, and clients that follow
/// links (schemathesis's stateful tests) reject the others.
fn fix_link_field_names(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(serde_json::Value::as_object_mut) else { return };
    let operations = paths.values_mut().filter_map(serde_json::Value::as_object_mut).flat_map(|p| p.values_mut());
    let responses = operations
        .filter_map(|op| op.get_mut("responses").and_then(serde_json::Value::as_object_mut))
        .flat_map(|r| r.values_mut());
    let links = responses
        .filter_map(|r| r.get_mut("links").and_then(serde_json::Value::as_object_mut))
        .flat_map(|l| l.values_mut().filter_map(serde_json::Value::as_object_mut));
    for link in links {
        for (from, to) in
            [("operation_id", "operationId"), ("operation_ref", "operationRef"), ("request_body", "requestBody")]
        {
            if let Some(v) = link.remove(from) {
                link.insert(to.to_owned(), v);
            }
        }
    }
}
