//! Orders: validation naming the field, idempotency, pagination and filters,
//! transitions, isolation between customers, cancelling with history.

use chatorder::store::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::{expect_error, pizza, TestApp};

async fn an_order_is_priced_on_the_server(app: &TestApp) {
    let token = app.customer("ann").await;
    let order = app.order(&token, 2).await;
    assert_eq!(order["status"], "pending");
    let line = &order["lines"][0];
    assert_eq!(line["line_total_cents"].as_i64().unwrap(), 2 * line["unit_price_cents"].as_i64().unwrap());
    assert_eq!(order["total_cents"], line["line_total_cents"]);
    assert!(order["created_at"].as_str().unwrap().ends_with('Z'));
    let id = order["id"].as_i64().unwrap();
    let again: Value = app.get(&format!("/api/orders/{id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(again, order);
}

async fn invalid_lines_get_422_naming_the_field(app: &TestApp) {
    let token = app.customer("ann").await;
    let size = |c: &str| json!({"group": "size", "choice": c});
    let cases = [
        (json!({"item": "spaghetti"}), "lines[0].item"),
        (
            json!({"item": "pizza", "options": [size("large"), {"group": "topping", "choice": "gold"}]}),
            "lines[0].options[1].choice",
        ),
        (json!({"item": "pizza", "options": [size("large"), size("small")]}), "lines[0].options"),
        (json!({"item": "pizza"}), "lines[0].options"),
        (json!({"item": "pizza", "quantity": 0, "options": [size("large")]}), "lines[0].quantity"),
        (json!({"item": "pizza", "quantity": 100000, "options": [size("large")]}), "lines[0].quantity"),
        (json!({"item": "pizza", "quantity": -3, "options": [size("large")]}), "lines[0].quantity"),
        (
            json!({"item": "pizza", "options": [{"group": "size", "choice": "large", "half": "first"}]}),
            "lines[0].options[0].half",
        ),
        (json!({"item": "pizza", "options": [size("large")], "for": "me"}), "lines[0].for"),
    ];
    for (line, field) in cases {
        let r = app.post("/api/orders", Some(&token), json!({"lines": [line]})).await;
        let message = expect_error(r, 422).await;
        assert!(message.starts_with(field), "{line}: {message}");
    }
    expect_error(app.post("/api/orders", Some(&token), json!({"lines": []})).await, 422).await;
}

async fn half_and_half_is_stored_and_priced(app: &TestApp) {
    let token = app.customer("ann").await;
    let half = |c: &str, h: &str| json!({"group": "topping", "choice": c, "half": h});
    let line = json!({"item": "pizza", "options": [{"group": "size", "choice": "large"}, half("ham", "first"), half("olives", "second")]});
    let r = app.post("/api/orders", Some(&token), json!({"lines": [line]})).await;
    assert_eq!(r.status(), 201);
    let order: Value = r.json().await.unwrap();
    let options = &order["lines"][0]["options"];
    assert_eq!((options[1]["half"].as_str(), options[2]["half"].as_str()), (Some("first"), Some("second")), "{order}");
    let id = order["id"].as_i64().unwrap();
    let again: Value = app.get(&format!("/api/orders/{id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(again, order, "halves are stored as sent");
}

async fn an_unavailable_item_is_refused(app: &TestApp) {
    let token = app.customer("ann").await;
    let drinks = app.dir.path().join("menu/drinks.toml");
    let text = std::fs::read_to_string(&drinks).unwrap();
    std::fs::write(&drinks, text.replacen("id = \"coke\"\n", "id = \"coke\"\navailable = false\n", 1)).unwrap();
    app.state.catalog.reload().unwrap();
    let r = app.post("/api/orders", Some(&token), json!({"lines": [{"item": "coke"}]})).await;
    assert!(expect_error(r, 422).await.starts_with("lines[0].item"));
}

async fn a_retried_order_with_the_same_idempotency_key_returns_the_first(app: &TestApp) {
    let token = app.customer("ann").await;
    let send = || {
        app.request(Method::POST, "/api/orders", Some(&token)).header("Idempotency-Key", "abc-1").json(&pizza(1)).send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let second = send().await.unwrap();
    assert_eq!(second.status(), 200);
    let second: Value = second.json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    let list: Value = app.get("/api/orders", Some(&token)).await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    // A key outside the documented 1 to 255 printable ASCII characters is a 400.
    for key in ["a\tb".to_owned(), "k".repeat(256)] {
        let r = app.request(Method::POST, "/api/orders", Some(&token)).header("Idempotency-Key", key).json(&pizza(1));
        expect_error(r.send().await.unwrap(), 400).await;
    }
}

async fn orders_are_paginated_newest_first_and_filtered_by_status(app: &TestApp) {
    let token = app.customer("ann").await;
    let staff = app.member("sam", Role::Staff).await;
    let mut ids = Vec::new();
    for q in 1..=5 {
        ids.push(app.order(&token, q).await["id"].as_i64().unwrap());
    }
    let page: Value = app.get("/api/orders?page=2&per_page=2", Some(&token)).await.json().await.unwrap();
    assert_eq!(page["total"], 5);
    let got: Vec<i64> = page["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(got, vec![ids[2], ids[1]]);
    let r = app
        .request(Method::PUT, &format!("/api/orders/{}", ids[0]), Some(&staff))
        .json(&json!({"status": "confirmed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let confirmed: Value = app.get("/api/orders?status=confirmed", Some(&token)).await.json().await.unwrap();
    assert_eq!(confirmed["total"], 1);
    assert_eq!(confirmed["orders"][0]["id"], ids[0]);
    expect_error(app.get("/api/orders?status=lost", Some(&token)).await, 422).await;
    expect_error(app.get("/api/orders?per_page=0", Some(&token)).await, 422).await;
    expect_error(app.get("/api/orders?page=abc", Some(&token)).await, 422).await;
}

fn ids_of(page: &Value) -> Vec<i64> {
    page["orders"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect()
}

async fn orders_filter_by_statuses_time_and_customer_with_a_cursor_stable_under_inserts(app: &TestApp) {
    let ann = app.customer("ann").await;
    let bob = app.customer("bob").await;
    let staff = app.member("sam", Role::Staff).await;
    let mut anns = Vec::new();
    for _ in 0..5 {
        anns.push(app.order(&ann, 1).await["id"].as_i64().unwrap());
    }
    let bobs = app.order(&bob, 1).await["id"].as_i64().unwrap();
    for (id, status) in [(anns[0], "confirmed"), (anns[1], "confirmed"), (anns[1], "preparing")] {
        let r = app.put(&format!("/api/orders/{id}"), Some(&staff), json!({ "status": status })).await;
        assert_eq!(r.status(), 200);
    }

    // Several statuses, oldest first, as a kitchen reads them.
    let active: Value =
        app.get("/api/orders?status=pending,confirmed&order=oldest", Some(&staff)).await.json().await.unwrap();
    assert_eq!(ids_of(&active), [anns[0], anns[2], anns[3], anns[4], bobs]);
    assert_eq!(active["total"], 5);

    // A cursor walks every order once, even when orders arrive between pages.
    let first: Value = app.get("/api/orders?limit=2", Some(&staff)).await.json().await.unwrap();
    assert_eq!(ids_of(&first), [bobs, anns[4]]);
    assert!(first.get("page").is_none(), "{first}");
    let newer = app.order(&bob, 1).await["id"].as_i64().unwrap();
    let mut seen = ids_of(&first);
    let mut cursor = first["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let page: Value =
            app.get(&format!("/api/orders?limit=2&cursor={cursor}"), Some(&staff)).await.json().await.unwrap();
        seen.extend(ids_of(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, [bobs, anns[4], anns[3], anns[2], anns[1], anns[0]], "the new order {newer} moves nothing");

    // A time range: nothing before the first order, everything from it.
    let created = app.get(&format!("/api/orders/{}", anns[0]), Some(&ann)).await.json::<Value>().await.unwrap()
        ["created_at"]
        .as_str()
        .unwrap()
        .to_owned();
    let since: Value = app
        .get(
            &format!("/api/orders?from={}&customer={}", created.replace('+', "%2B"), app.user_id("bob").await),
            Some(&staff),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ids_of(&since), [newer, bobs]);
    let before: Value = app.get(&format!("/api/orders?to={created}"), Some(&staff)).await.json().await.unwrap();
    assert_eq!(before["total"], 0, "{before}");

    // Customers see their own only, and may not ask for someone else's.
    let own: Value = app.get("/api/orders?status=pending,preparing", Some(&ann)).await.json().await.unwrap();
    assert_eq!(own["total"], 4);
    expect_error(app.get("/api/orders?customer=1", Some(&ann)).await, 403).await;
    for bad in ["order=sideways", "from=yesterday", "cursor=abc", "page=2&cursor=5", "limit=0", "status=pending,lost"] {
        expect_error(app.get(&format!("/api/orders?{bad}"), Some(&staff)).await, 422).await;
    }
}

async fn me_is_the_callers_account(app: &TestApp) {
    let ann = app.customer("ann").await;
    let me: Value = app.get("/api/me", Some(&ann)).await.json().await.unwrap();
    assert_eq!((me["username"].as_str(), me["role"].as_str()), (Some("ann"), Some("customer")));
    expect_error(app.get("/api/me", None).await, 401).await;
}

async fn staff_move_orders_along_the_allowed_transitions_only(app: &TestApp) {
    let token = app.customer("ann").await;
    let staff = app.member("sam", Role::Staff).await;
    let id = app.order(&token, 1).await["id"].as_i64().unwrap();
    let put = |who: &str, status: &str| {
        app.request(Method::PUT, &format!("/api/orders/{id}"), Some(who)).json(&json!({"status": status})).send()
    };
    expect_error(put(&staff, "ready").await.unwrap(), 409).await;
    expect_error(put(&token, "confirmed").await.unwrap(), 403).await;
    for status in ["confirmed", "preparing", "ready", "completed"] {
        let r = put(&staff, status).await.unwrap();
        assert_eq!(r.status(), 200, "to {status}");
        assert_eq!(r.json::<Value>().await.unwrap()["status"], status);
    }
    expect_error(put(&staff, "cancelled").await.unwrap(), 409).await;
    expect_error(put(&staff, "pending").await.unwrap(), 409).await;
    expect_error(put(&staff, "eaten").await.unwrap(), 422).await;
}

async fn a_customer_cannot_see_another_customers_order(app: &TestApp) {
    let ann = app.customer("ann").await;
    let bob = app.customer("bob").await;
    let staff = app.member("sam", Role::Staff).await;
    let id = app.order(&ann, 1).await["id"].as_i64().unwrap();
    expect_error(app.get(&format!("/api/orders/{id}"), Some(&bob)).await, 404).await;
    expect_error(app.request(Method::DELETE, &format!("/api/orders/{id}"), Some(&bob)).send().await.unwrap(), 404)
        .await;
    expect_error(app.get(&format!("/api/messages/{id}"), Some(&bob)).await, 404).await;
    let bobs: Value = app.get("/api/orders", Some(&bob)).await.json().await.unwrap();
    assert_eq!(bobs["total"], 0);
    let all: Value = app.get("/api/orders", Some(&staff)).await.json().await.unwrap();
    assert_eq!(all["total"], 1);
    assert_eq!(app.get(&format!("/api/orders/{id}"), Some(&staff)).await.status(), 200);
}

async fn cancelling_keeps_the_order_and_its_history(app: &TestApp) {
    let token = app.customer("ann").await;
    let id = app.order(&token, 1).await["id"].as_i64().unwrap();
    let r = app.request(Method::DELETE, &format!("/api/orders/{id}"), Some(&token)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "cancelled");
    let again: Value = app.get(&format!("/api/orders/{id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(again["status"], "cancelled");
    expect_error(app.request(Method::DELETE, &format!("/api/orders/{id}"), Some(&token)).send().await.unwrap(), 409)
        .await;
    use sqlx::Row;
    let history = sqlx::query("SELECT COUNT(*) AS n FROM order_events WHERE order_id = ?")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(history.try_get::<i64, _>("n").unwrap(), 2);
    let events = sqlx::query("SELECT COUNT(*) AS n FROM events WHERE order_id = ?")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(events.try_get::<i64, _>("n").unwrap(), 2);
}

both!(
    half_and_half_is_stored_and_priced,
    an_order_is_priced_on_the_server,
    invalid_lines_get_422_naming_the_field,
    an_unavailable_item_is_refused,
    a_retried_order_with_the_same_idempotency_key_returns_the_first,
    orders_are_paginated_newest_first_and_filtered_by_status,
    orders_filter_by_statuses_time_and_customer_with_a_cursor_stable_under_inserts,
    me_is_the_callers_account,
    staff_move_orders_along_the_allowed_transitions_only,
    a_customer_cannot_see_another_customers_order,
    cancelling_keeps_the_order_and_its_history,
);
