//! Health, metrics, menu and the OpenAPI document.

use serde_json::Value;

use crate::both;
use crate::helpers::TestApp;

async fn health_metrics_menu_and_openapi_answer(app: &TestApp) {
    let health: Value = app.get("/api/health", None).await.json().await.unwrap();
    assert_eq!(health, serde_json::json!({"status": "ok", "database": "ok"}));

    let menu: Value = app.get("/api/menu", None).await.json().await.unwrap();
    let pizza = menu["items"].as_array().unwrap().iter().find(|i| i["id"] == "pizza").unwrap();
    assert!(pizza["prices_by_size"]["large"].as_i64().unwrap() > 0);

    let token = app.customer("ann").await;
    app.order(&token, 1).await;
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains("http_requests_total{"), "{metrics}");
    assert!(metrics.contains("route=\"/api/orders\""));
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    assert!(metrics.contains("chatorder_orders{status=\"pending\"} 1"));

    let doc: Value = app.get("/api/openapi.json", None).await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/register",
        "/api/login",
        "/api/orders",
        "/api/orders/{id}",
        "/api/menu",
        "/api/messages/{order_id}",
        "/api/conversations/{id}/messages",
        "/api/admin/catalog",
        "/api/health",
        "/metrics",
        "/api/openapi.json",
        "/api/webhooks",
        "/api/webhooks/{id}",
        "/api/webhooks/{id}/deliveries",
        "/api/webhooks/{id}/deliveries/{delivery_id}/replay",
    ] {
        assert!(paths.contains_key(path), "openapi lacks {path}");
    }
    for method in ["get", "put", "delete"] {
        assert!(paths["/api/orders/{id}"].get(method).is_some());
    }
    assert!(paths["/api/messages"].get("post").is_some(), "openapi lacks the chat turn");
    // Links are spelled as OpenAPI says (utoipa writes `operation_id`; we rename it).
    let link = &paths["/api/orders"]["post"]["responses"]["201"]["links"]["GetOrder"];
    assert_eq!(link["operationId"], "get_order", "{link}");
    assert!(link.get("operation_id").is_none());
}

/// What a JSON Schema validator finds wrong with `value` as the document's schema `name`.
fn problems(doc: &Value, name: &str, value: &Value) -> Vec<String> {
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"],
    });
    let validator = jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("schema {name}: {e}"));
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path)).collect()
}

fn conforms(doc: &Value, name: &str, value: &Value) {
    let problems = problems(doc, name, value);
    assert!(problems.is_empty(), "{name} does not describe {value}:\n{}", problems.join("\n"));
}

/// The schemas are derived from the types the server sends: real answers conform,
/// and a field the schema does not know is refused.
async fn real_answers_conform_to_the_openapi_schemas(app: &TestApp) {
    let doc: Value = app.get("/api/openapi.json", None).await.json().await.unwrap();
    let token = app.customer("ann").await;
    let order = app.order(&token, 2).await;
    conforms(&doc, "Order", &order);
    let list: Value = app.get("/api/orders", Some(&token)).await.json().await.unwrap();
    conforms(&doc, "OrderList", &list);

    // A cart with a line for someone and a line still waiting for its size.
    let mut reply: Value = app
        .post("/api/messages", Some(&token), serde_json::json!({"text": "a large margherita for me and a pizza"}))
        .await
        .json()
        .await
        .unwrap();
    assert!(reply["cart"]["lines"].as_array().unwrap().len() >= 2, "{reply}");
    conforms(&doc, "ChatReply", &reply);
    let menu: Value = app.get("/api/menu", None).await.json().await.unwrap();
    conforms(&doc, "MenuView", &menu);
    let error = app.post("/api/orders", Some(&token), serde_json::json!({"lines": []})).await;
    assert_eq!(error.status(), 422);
    conforms(&doc, "ErrorBody", &error.json().await.unwrap());

    reply["cart"]["lines"][0]["price"] = Value::from(1);
    assert!(!problems(&doc, "ChatReply", &reply).is_empty(), "a field the schema does not name must not conform");
}

both!(health_metrics_menu_and_openapi_answer, real_answers_conform_to_the_openapi_schemas);
