//! `POST /api/messages`: whole conversations through HTTP, and racing messages to one
//! conversation that must lose nothing, double nothing and place one order per "yes".

use std::sync::Arc;

use serde_json::{json, Value};

use crate::both;
use crate::helpers::{expect_error, TestApp};

/// Sends a message and returns the 200 body.
async fn say(app: &TestApp, token: &str, conversation: Option<i64>, text: &str) -> Value {
    let r = app.post("/api/messages", Some(token), json!({"text": text, "conversation_id": conversation})).await;
    assert_eq!(r.status(), 200, "{text}");
    r.json().await.unwrap()
}

async fn a_conversation_orders_corrects_confirms_and_places_an_order(app: &TestApp) {
    let token = app.customer("ann").await;
    let first = say(app, &token, None, "a pepperoni pizza and a coke").await;
    let id = first["conversation_id"].as_i64().unwrap();
    assert_eq!(first["intent"], "order.add");
    assert_eq!(first["state"], "awaiting_option", "{first}");
    assert!(first["order"].is_null());
    let sized = say(app, &token, Some(id), "large").await;
    assert_eq!(sized["state"], "ordering", "{sized}");
    assert_eq!(sized["cart"]["total_cents"], 1799 + 199, "{sized}");
    let coke = &sized["cart"]["lines"][1];
    assert_eq!((coke["item"].as_str(), coke["unit_price_cents"].as_i64()), (Some("coke"), Some(199)));
    assert_eq!(coke["options"][0]["choice"], "can", "menu defaults are applied in the cart");
    let changed = say(app, &token, Some(id), "change the coke to a sprite").await;
    assert_eq!(changed["cart"]["lines"][1]["item"], "sprite", "{changed}");
    let confirm = say(app, &token, Some(id), "that's all").await;
    assert_eq!(confirm["state"], "confirming", "{confirm}");
    assert!(confirm["reply"].as_str().unwrap().contains("$19.98"), "{confirm}");
    let placed = say(app, &token, Some(id), "yes").await;
    assert_eq!(placed["state"], "idle", "{placed}");
    assert_eq!(placed["order"]["status"], "pending", "{placed}");
    assert_eq!(placed["order"]["total_cents"], 1998);
    assert_eq!(placed["order"]["conversation_id"], id);
    assert!(placed["cart"]["lines"].as_array().unwrap().is_empty());
    let order_id = placed["order"]["id"].as_i64().unwrap();
    let r = app.get(&format!("/api/orders/{order_id}"), Some(&token)).await;
    let stored: Value = r.json().await.unwrap();
    assert_eq!(stored, placed["order"], "the order is as GET /api/orders/{{id}} returns it");
    let transcript: Value = app.get(&format!("/api/messages/{order_id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(transcript.as_array().unwrap().len(), 10);
    assert_eq!(transcript[0]["text"], "a pepperoni pizza and a coke");
    assert_eq!(transcript[1]["role"], "bot");
    let status = say(app, &token, Some(id), "where is my order").await;
    assert!(status["reply"].as_str().unwrap().contains("pending"), "{status}");
    let next = say(app, &token, Some(id), "a diet coke").await;
    assert_eq!(next["cart"]["lines"].as_array().unwrap().len(), 1, "the next order starts a fresh cart");
    assert_eq!(next["order"]["id"], order_id, "the order placed so far stays in the reply");
    let by_order =
        app.post("/api/messages", Some(&token), json!({"text": "what do I have so far?", "order_id": order_id})).await;
    let by_order: Value = by_order.json().await.unwrap();
    assert_eq!(by_order["conversation_id"], id, "order_id continues the conversation that placed it");
}

async fn bad_messages_are_refused(app: &TestApp) {
    let token = app.customer("ann").await;
    let other = app.customer("bob").await;
    let id = say(app, &token, None, "a coke").await["conversation_id"].as_i64().unwrap();
    expect_error(app.post("/api/messages", Some(&token), json!({"text": "   "})).await, 422).await;
    expect_error(app.post("/api/messages", Some(&token), json!({"text": "a".repeat(2001)})).await, 422).await;
    expect_error(app.post("/api/messages", Some(&token), json!({"text": "hi", "conversation_id": 999_999})).await, 404)
        .await;
    expect_error(
        app.post("/api/messages", Some(&other), json!({"text": "remove the coke", "conversation_id": id})).await,
        404,
    )
    .await;
    expect_error(app.post("/api/messages", None, json!({"text": "hi"})).await, 401).await;
    let staff = app.member("sam", chatorder::store::Role::Staff).await;
    expect_error(app.post("/api/messages", Some(&staff), json!({"text": "hi"})).await, 403).await;
}

async fn racing_messages_lose_nothing_double_nothing_and_place_one_order(app: &TestApp) {
    let token = Arc::new(app.customer("ann").await);
    let id = say(app, &token, None, "a large pizza").await["conversation_id"].as_i64().unwrap();
    let base = app.base.clone();
    let send = |text: &'static str| {
        let (client, base, token) = (app.client.clone(), base.clone(), Arc::clone(&token));
        tokio::spawn(async move {
            let r = client
                .post(format!("{base}/api/messages"))
                .bearer_auth(token.as_str())
                .json(&json!({"text": text, "conversation_id": id}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        })
    };
    let racing: Vec<_> = (0..20).map(|_| send("add a sprite")).collect();
    for t in racing {
        t.await.unwrap();
    }
    let show = say(app, &token, Some(id), "what do I have so far?").await;
    let sprites: i64 = show["cart"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["item"] == "sprite")
        .map(|l| l["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(sprites, 20, "every message changed the cart exactly once: {show}");
    let messages: Value =
        app.get(&format!("/api/conversations/{id}/messages"), Some(&token)).await.json().await.unwrap();
    let messages = messages.as_array().unwrap();
    assert_eq!(messages.len(), 2 * 22, "each turn stored its two messages once");
    for pair in messages.chunks(2) {
        assert_eq!((pair[0]["role"].as_str(), pair[1]["role"].as_str()), (Some("user"), Some("bot")));
    }
    let version = app.state.store.load_conversation(id).await.unwrap().version;
    assert_eq!(version, 22, "one version per turn, none skipped");
    // One confirmation, ten racing "yes": one order.
    let confirm = say(app, &token, Some(id), "that's all").await;
    assert_eq!(confirm["state"], "confirming", "{confirm}");
    let racing: Vec<_> = (0..10).map(|_| send("yes")).collect();
    for t in racing {
        t.await.unwrap();
    }
    let orders: Value = app.get("/api/orders", Some(&token)).await.json().await.unwrap();
    assert_eq!(orders["total"], 1, "one confirmation places one order: {orders}");
    assert_eq!(app.state.store.load_conversation(id).await.unwrap().version, 33);
}

/// Sends a message with an `Idempotency-Key`.
async fn say_keyed(app: &TestApp, token: &str, conversation: Option<i64>, text: &str, key: &str) -> Value {
    let r = app
        .request(reqwest::Method::POST, "/api/messages", Some(token))
        .header("idempotency-key", key)
        .json(&json!({"text": text, "conversation_id": conversation}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{text}");
    r.json().await.unwrap()
}

async fn a_retried_message_is_not_said_twice(app: &TestApp) {
    let token = app.customer("ann").await;
    let first = say_keyed(app, &token, None, "two large pizzas", "k1").await;
    let id = first["conversation_id"].as_i64().unwrap();
    // A retried first message does not open a second conversation.
    let again = say_keyed(app, &token, None, "two large pizzas", "k1").await;
    assert_eq!(again, first);
    let added = say_keyed(app, &token, Some(id), "and a coke", "k2").await;
    // Retries racing each other, and a retry after the conversation moved on: the
    // first answer each time, with the conversation as it stands now.
    let racing: Vec<_> = (0..8)
        .map(|_| {
            let (app_base, client, token) = (app.base.clone(), app.client.clone(), token.clone());
            tokio::spawn(async move {
                let r = client
                    .post(format!("{app_base}/api/messages"))
                    .bearer_auth(token)
                    .header("idempotency-key", "k2")
                    .json(&json!({"text": "and a coke", "conversation_id": id}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200);
                r.json::<Value>().await.unwrap()
            })
        })
        .collect();
    for r in racing {
        let replayed = r.await.unwrap();
        assert_eq!((&replayed["reply"], &replayed["cart"]), (&added["reply"], &added["cart"]));
    }
    let done = say_keyed(app, &token, Some(id), "that's all", "k3").await;
    assert_eq!(done["state"], "confirming");
    let replayed = say_keyed(app, &token, Some(id), "and a coke", "k2").await;
    assert_eq!(replayed["reply"], added["reply"]);
    assert_eq!(replayed["state"], "confirming", "the state is the conversation's current one");
    let said = app.customer_said(&token, id).await;
    assert_eq!(said, ["two large pizzas", "and a coke", "that's all"]);
    // Keys are the customer's own: another customer's "k1" is a new message.
    let other = app.customer("bob").await;
    let theirs = say_keyed(app, &other, None, "a sprite", "k1").await;
    assert_ne!(theirs["conversation_id"], id);
    // A key that is too long is refused.
    let r = app
        .request(reqwest::Method::POST, "/api/messages", Some(&token))
        .header("idempotency-key", "k".repeat(256))
        .json(&json!({"text": "hi"}))
        .send()
        .await
        .unwrap();
    expect_error(r, 400).await;
}

/// Places "a coke" in a new conversation; returns (conversation id, order id).
async fn place_a_coke(app: &TestApp, token: &str) -> (i64, i64) {
    let id = say(app, token, None, "a coke").await["conversation_id"].as_i64().unwrap();
    say(app, token, Some(id), "that's all").await;
    let placed = say(app, token, Some(id), "yes").await;
    (id, placed["order"]["id"].as_i64().unwrap())
}

async fn a_placed_order_is_added_to_and_cancelled_from_the_chat(app: &TestApp) {
    let token = app.customer("ann").await;
    let (id, order_id) = place_a_coke(app, &token).await;
    let added = say(app, &token, Some(id), "add a sprite to my order").await;
    assert!(added["reply"].as_str().unwrap().contains("$3.98"), "{added}");
    let stored: Value = app.get(&format!("/api/orders/{order_id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(stored["total_cents"], 398, "{stored}");
    assert_eq!(stored["lines"][1]["item"], "sprite", "{stored}");
    assert!(added["cart"]["lines"].as_array().unwrap().is_empty(), "the lines went to the order, not the cart");
    let asked = say(app, &token, Some(id), "cancel my order").await;
    assert_eq!(asked["state"], "confirming_order_cancel", "{asked}");
    let cancelled = say(app, &token, Some(id), "yes").await;
    assert!(cancelled["reply"].as_str().unwrap().contains("cancelled"), "{cancelled}");
    let stored: Value = app.get(&format!("/api/orders/{order_id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(stored["status"], "cancelled", "{stored}");
}

async fn line_notes_survive_lines_added_from_the_chat(app: &TestApp) {
    let token = app.customer("ann").await;
    let staff = app.member("sam", chatorder::store::Role::Staff).await;
    let body = json!({"lines": [
        {"item": "pizza", "note": "well done", "options": [{"group": "size", "choice": "large"}]},
        {"item": "coke"},
        {"item": "garlic_bread", "note": "  extra crispy  "}], "note": "ring twice"});
    let r = app.post("/api/orders", Some(&token), body).await;
    assert_eq!(r.status(), 201);
    let order: Value = r.json().await.unwrap();
    let order_id = order["id"].as_i64().unwrap();
    let added = say(app, &token, None, "add a sprite to my order").await;
    assert!(added["reply"].as_str().unwrap().contains(&format!("order {order_id}")), "{added}");
    let check = |o: &Value| {
        let notes: Vec<&Value> = o["lines"].as_array().unwrap().iter().map(|l| &l["note"]).collect();
        assert_eq!(notes, [&json!("well done"), &Value::Null, &json!("  extra crispy  "), &Value::Null], "{o}");
        assert_eq!(o["lines"][3]["item"], "sprite", "{o}");
        assert_eq!(o["note"], "ring twice", "{o}");
    };
    // The customer's order, the kitchen's list, and the event the board hears.
    check(&app.get(&format!("/api/orders/{order_id}"), Some(&token)).await.json().await.unwrap());
    let listed: Value = app.get("/api/orders?status=pending", Some(&staff)).await.json().await.unwrap();
    check(&listed["orders"][0]);
    let events = app.state.store.events_after(0, None, 100).await.unwrap();
    let updated = events.iter().find(|e| e.kind == "order.updated").expect("an order.updated event");
    check(&serde_json::from_str::<Value>(&updated.payload).unwrap()["order"]);
    // A second addition keeps them too.
    say(app, &token, None, "add a coke to my order").await;
    let again: Value = app.get(&format!("/api/orders/{order_id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!(again["lines"][0]["note"], "well done", "{again}");
    assert_eq!(again["lines"][2]["note"], "  extra crispy  ", "{again}");
    assert_eq!(again["lines"].as_array().unwrap().len(), 5, "{again}");
}

async fn a_past_order_is_put_in_the_cart_again_without_what_cannot_be_had(app: &TestApp) {
    let token = app.customer("ann").await;
    let admin = app.member("boss", chatorder::store::Role::Admin).await;
    let body = json!({"lines": [
        {"item": "pizza", "note": "well done", "options": [{"group": "size", "choice": "large"}]},
        {"item": "coke", "quantity": 2}]});
    let order: Value = app.post("/api/orders", Some(&token), body).await.json().await.unwrap();
    let order_id = order["id"].as_i64().unwrap();
    let r = app.put("/api/admin/items/coke", Some(&admin), json!({"available": false})).await;
    assert_eq!(r.status(), 200);
    let r = app.post(&format!("/api/orders/{order_id}/again"), Some(&token), json!({})).await;
    assert_eq!(r.status(), 200);
    let again: Value = r.json().await.unwrap();
    let reply = again["reply"].as_str().unwrap();
    assert!(reply.starts_with(&format!("From order {order_id} again: 1 x Pizza (large)")), "{reply}");
    assert!(reply.contains("Left out, as it can't be had right now: Coke."), "{reply}");
    assert_eq!(again["intent"], "order_again");
    let lines = again["cart"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{again}");
    assert_eq!((lines[0]["item"].as_str(), lines[0]["note"].as_str()), (Some("pizza"), Some("well done")));
    // A turn of the conversation, which goes on from there.
    let id = again["conversation_id"].as_i64().unwrap();
    let said = app.customer_said(&token, id).await;
    assert_eq!(said, [format!("Order #{order_id} again")]);
    let read_back = say(app, &token, Some(id), "that's all").await;
    assert_eq!(read_back["state"], "confirming", "{read_back}");
    // Into an existing conversation's cart, after what is there.
    let r = app.put("/api/admin/items/coke", Some(&admin), json!({"available": true})).await;
    assert_eq!(r.status(), 200);
    let other = say(app, &token, None, "a sprite").await;
    let cid = other["conversation_id"].as_i64().unwrap();
    let both: Value = app
        .post(&format!("/api/orders/{order_id}/again"), Some(&token), json!({"conversation_id": cid}))
        .await
        .json()
        .await
        .unwrap();
    let items: Vec<&str> =
        both["cart"]["lines"].as_array().unwrap().iter().map(|l| l["item"].as_str().unwrap()).collect();
    assert_eq!(items, ["sprite", "pizza", "coke"], "{both}");
    // Someone else's order, or someone else's conversation: not found.
    let bob = app.customer("bob").await;
    expect_error(app.post(&format!("/api/orders/{order_id}/again"), Some(&bob), json!({})).await, 404).await;
    let bobs: Value =
        app.post("/api/orders", Some(&bob), json!({"lines": [{"item": "coke"}]})).await.json().await.unwrap();
    let r = app.post(&format!("/api/orders/{}/again", bobs["id"]), Some(&bob), json!({"conversation_id": cid})).await;
    expect_error(r, 404).await;
}

async fn the_kitchen_moving_on_is_said_and_nothing_is_changed(app: &TestApp) {
    let token = app.customer("ann").await;
    let staff = app.member("sam", chatorder::store::Role::Staff).await;
    let (id, order_id) = place_a_coke(app, &token).await;
    for status in ["confirmed", "preparing"] {
        let r = app.put(&format!("/api/orders/{order_id}"), Some(&staff), json!({ "status": status })).await;
        assert_eq!(r.status(), 200);
    }
    let refused = say(app, &token, Some(id), "cancel my order").await;
    assert!(refused["reply"].as_str().unwrap().contains("preparing"), "{refused}");
    let elsewhere = say(app, &token, Some(id), "add a sprite to my order").await;
    assert_eq!(elsewhere["cart"]["lines"][0]["item"], "sprite", "a new order starts: {elsewhere}");
    let stored: Value = app.get(&format!("/api/orders/{order_id}"), Some(&token)).await.json().await.unwrap();
    assert_eq!((stored["status"].as_str(), stored["total_cents"].as_i64()), (Some("preparing"), Some(199)));
}

async fn the_last_order_is_ordered_again(app: &TestApp) {
    let token = app.customer("ann").await;
    let (_, first) = place_a_coke(app, &token).await;
    let again = say(app, &token, None, "same as last time").await;
    assert_eq!(again["state"], "confirming", "{again}");
    let id = again["conversation_id"].as_i64().unwrap();
    let placed = say(app, &token, Some(id), "yes please").await;
    let second = placed["order"]["id"].as_i64().unwrap();
    assert_ne!(second, first, "{placed}");
    assert_eq!(placed["order"]["lines"][0]["item"], "coke", "{placed}");
}

both!(
    a_placed_order_is_added_to_and_cancelled_from_the_chat,
    line_notes_survive_lines_added_from_the_chat,
    a_past_order_is_put_in_the_cart_again_without_what_cannot_be_had,
    the_kitchen_moving_on_is_said_and_nothing_is_changed,
    the_last_order_is_ordered_again,
    a_retried_message_is_not_said_twice,
    a_conversation_orders_corrects_confirms_and_places_an_order,
    bad_messages_are_refused,
    racing_messages_lose_nothing_double_nothing_and_place_one_order
);
