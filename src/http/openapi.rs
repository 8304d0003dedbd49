//! `GET /api/openapi.json`: the OpenAPI 3 description, collected from the handlers'
//! `#[utoipa::path]` attributes and the schemas derived on the real request and
//! response types. Nothing here is imported by the handlers.

use axum::routing::get;
use axum::Router;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    accounts, admin, availability, chat, events, menu, ops, orders, payments, transcripts, webhooks, AppState, Json,
};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(get_openapi))
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
        accounts::post_register, accounts::post_login, accounts::get_me, accounts::post_logout, accounts::put_password,
        chat::post_message, chat::post_order_again,
        orders::post_order, orders::get_orders, orders::get_order, orders::put_order, orders::delete_order,
        payments::post_pay, payments::get_payments,
        menu::get_menu,
        transcripts::get_order_messages, transcripts::get_conversation_messages,
        admin::get_catalog_status, availability::put_item_availability,
        events::get_events, events::post_stream_token,
        webhooks::post_webhook, webhooks::get_webhooks, webhooks::get_webhook, webhooks::put_webhook,
        webhooks::delete_webhook,
        webhooks::get_webhook_deliveries, webhooks::post_delivery_replay,
        ops::get_health, ops::get_metrics,
        get_openapi,
    ),
    components(schemas(events::OrderEvent, events::OrderEventMessage, events::StreamToken,
        crate::webhooks::send::WebhookEvent)),
    modifiers(&BearerAuth)
)]
pub(super) struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3 JSON", body = Object)))]
pub(super) async fn get_openapi() -> Json<serde_json::Value> {
    Json(document())
}

/// The OpenAPI document as served.
pub(super) fn document() -> serde_json::Value {
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
