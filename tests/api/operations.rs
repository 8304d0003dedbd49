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

both!(health_metrics_menu_and_openapi_answer);
