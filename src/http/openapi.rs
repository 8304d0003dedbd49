//! `GET /api/openapi.json`: the OpenAPI 3 description, generated from the handlers'
//! `#[utoipa::path]` attributes and the schema types below.

use axum::routing::get;
use axum::Router;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::{accounts, admin, availability, events, menu, ops, orders, transcripts, AppState, Json};

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

/// An option chosen or excluded on a line.
#[derive(Serialize, ToSchema)]
pub struct OptionInput {
    pub group: String,
    pub choice: String,
    /// `extra` or `light`; omitted for the normal amount.
    #[schema(nullable = false)]
    pub amount: Option<String>,
}

/// An order line in a request: menu ids, no prices.
#[derive(Serialize, ToSchema)]
pub struct LineInput {
    pub item: String,
    /// 1 to 100; defaults to 1.
    pub quantity: Option<u32>,
    pub options: Option<Vec<OptionInput>>,
    pub without: Option<Vec<OptionInput>>,
}

/// An order line with the server's prices, in cents.
#[derive(Serialize, ToSchema)]
pub struct PricedLineDoc {
    pub item: String,
    pub quantity: u32,
    pub options: Vec<OptionInput>,
    pub without: Vec<OptionInput>,
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
        orders::post_order, orders::get_orders, orders::get_order, orders::put_order, orders::delete_order,
        menu::get_menu,
        transcripts::get_order_messages, transcripts::get_conversation_messages,
        admin::get_catalog_status, availability::put_item_availability,
        events::get_events, events::post_stream_token,
        ops::get_health, ops::get_metrics,
        get_openapi,
    ),
    components(schemas(ErrorBody, ErrorDetail, OptionInput, LineInput, PricedLineDoc, OrderDoc, events::OrderEvent, events::StreamToken)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations", responses((status = 200, description = "OpenAPI 3 JSON")))]
pub async fn get_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
