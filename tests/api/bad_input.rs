//! Hostile requests: every one gets a 4xx with the JSON error body, never a 5xx.

use reqwest::Method;

use crate::both;
use crate::helpers::{expect_error, TestApp};

async fn bad_input_gets_a_json_4xx(app: &TestApp) {
    let token = app.customer("ann").await;
    let raw = |method: Method, path: &str, body: Vec<u8>| {
        app.request(method, path, Some(&token)).header("content-type", "application/json").body(body).send()
    };
    expect_error(raw(Method::POST, "/api/orders", b"{\"lines\": [".to_vec()).await.unwrap(), 400).await;
    expect_error(raw(Method::POST, "/api/orders", b"{\"lines\": \"pizza\"}".to_vec()).await.unwrap(), 422).await;
    expect_error(raw(Method::POST, "/api/orders", br#"{"lines": [], "price": 1}"#.to_vec()).await.unwrap(), 422).await;
    expect_error(
        raw(Method::POST, "/api/orders", br#"{"lines": [{"item": "pizza", "unit_price_cents": 1}]}"#.to_vec())
            .await
            .unwrap(),
        422,
    )
    .await;
    expect_error(
        raw(Method::POST, "/api/orders", b"{\"lines\": [{\"item\": \"\xff\xfe\"}]}".to_vec()).await.unwrap(),
        400,
    )
    .await;
    let mut big = b"{\"lines\": [], \"pad\": \"".to_vec();
    big.extend(std::iter::repeat(b'x').take(65 * 1024));
    big.extend(b"\"}");
    expect_error(raw(Method::POST, "/api/orders", big).await.unwrap(), 413).await;
    expect_error(app.request(Method::POST, "/api/orders", Some(&token)).body("{}").send().await.unwrap(), 415).await;
    expect_error(raw(Method::POST, "/api/register", b"[1, 2]".to_vec()).await.unwrap(), 422).await;
    for path in [
        "/api/orders/abc",
        "/api/orders/-1",
        "/api/orders/99999999999999999999999",
        "/api/orders/..%2F..%2Fetc",
        "/api/nothing",
        "/api/orders/1/2",
    ] {
        expect_error(app.get(path, Some(&token)).await, 404).await;
    }
    expect_error(app.request(Method::PATCH, "/api/orders", Some(&token)).send().await.unwrap(), 405).await;
    let r = app.get("/api/menu", None).await;
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.headers().contains_key("content-security-policy"));
    assert!(r.headers().contains_key("x-request-id"));
}

both!(bad_input_gets_a_json_4xx);
