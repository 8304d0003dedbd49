//! Resuming an event stream, and several servers on one database: every server
//! delivers every event, and an item switched off on one is off on all.

use std::time::Duration;

use chatorder::store::Role;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::helpers::TestApp;
use crate::sse::SseStream;

async fn set_status(app: &TestApp, token: &str, order: i64, status: &str) {
    let r = app.put(&format!("/api/orders/{order}"), Some(token), json!({ "status": status })).await;
    assert_eq!(r.status(), 200, "{order} to {status}");
}

async fn order_id(app: &TestApp, token: &str) -> i64 {
    app.order(token, 1).await["id"].as_i64().unwrap()
}

/// `(order, status)` of each event.
fn what(events: &[crate::sse::SseEvent]) -> Vec<(i64, Value)> {
    events.iter().map(|e| (e.data["order_id"].as_i64().unwrap(), e.data["status"].clone())).collect()
}

async fn resuming_with_last_event_id_loses_nothing(app: &TestApp) {
    let cy = app.customer("cy").await;
    let staff = app.member("kitchen", Role::Staff).await;
    let mut stream = SseStream::open(app, Some(&cy), "", None).await;
    let first = order_id(app, &cy).await;
    let got = stream.take(1).await;
    drop(stream);

    // While disconnected: more changes, to this order and new ones.
    set_status(app, &staff, first, "confirmed").await;
    let second = order_id(app, &cy).await;
    set_status(app, &staff, first, "preparing").await;
    let third = order_id(app, &cy).await;

    let resume_from = got[0].id.unwrap().to_string();
    let mut resumed = SseStream::open(app, Some(&cy), "", Some(&resume_from)).await;
    let replay = resumed.take(4).await;
    assert_eq!(
        what(&replay),
        [
            (first, json!("confirmed")),
            (second, json!("pending")),
            (first, json!("preparing")),
            (third, json!("pending"))
        ]
    );
    // Live events keep coming after the replay, without repeats.
    set_status(app, &staff, second, "cancelled").await;
    let live = resumed.take(1).await;
    assert_eq!(what(&live), [(second, json!("cancelled"))]);
    assert!(live[0].id > replay[3].id);
    assert!(resumed.next_within(Duration::from_millis(800)).await.is_none(), "an event was sent twice");
}

async fn every_server_on_one_database_delivers_every_event(app: &TestApp) {
    let other = app.another_server().await;
    let staff = app.member("kitchen", Role::Staff).await;
    let fay = app.customer("fay").await;
    let mut here = SseStream::open(app, Some(&staff), "", None).await;
    let mut there = SseStream::open(&other, Some(&staff), "", None).await;
    let first = order_id(app, &fay).await;
    let second = order_id(&other, &fay).await;
    set_status(&other, &staff, first, "confirmed").await;
    for stream in [&mut here, &mut there] {
        let got = stream.take(3).await;
        assert_eq!(what(&got), [(first, json!("pending")), (second, json!("pending")), (first, json!("confirmed"))]);
    }
    other.stop().await;
}

async fn admins_switch_items_off_and_on_at_once(app: &TestApp) {
    let admin = app.member("boss", Role::Admin).await;
    let dee = app.customer("dee").await;
    let set = |token: &str, id: &str, available: bool| {
        app.request(Method::PUT, &format!("/api/admin/items/{id}"), Some(token))
            .json(&json!({ "available": available }))
            .send()
    };
    assert_eq!(set(&admin, "no_such_item", false).await.unwrap().status(), 404);
    let bad = app.put("/api/admin/items/coke", Some(&admin), json!({"available": "nope"})).await;
    assert_eq!(bad.status(), 422);

    let off = set(&admin, "coke", false).await.unwrap();
    assert_eq!(off.status(), 200);
    assert_eq!(off.json::<Value>().await.unwrap()["available"], false);
    assert_eq!(available(app, "coke").await, false);
    let coke = json!({"lines": [{"item": "coke", "quantity": 1}]});
    assert_eq!(app.post("/api/orders", Some(&dee), coke.clone()).await.status(), 422);
    assert_eq!(app.state.store.availability().await.unwrap().get("coke"), Some(&false), "the setting is stored");

    assert_eq!(set(&admin, "coke", true).await.unwrap().status(), 200);
    assert_eq!(app.post("/api/orders", Some(&dee), coke).await.status(), 201);
}

/// Whether the menu `app` serves shows `item` as available.
async fn available(app: &TestApp, item: &str) -> Value {
    let menu: Value = app.get("/api/menu", None).await.json().await.unwrap();
    menu["items"].as_array().unwrap().iter().find(|i| i["id"] == item).unwrap()["available"].clone()
}

async fn an_item_switched_off_on_one_server_is_off_on_every_server(app: &TestApp) {
    let other = app.another_server().await;
    let admin = app.member("boss", Role::Admin).await;
    assert_eq!(available(&other, "sprite").await, true);
    let off = app.put("/api/admin/items/sprite", Some(&admin), json!({"available": false})).await;
    assert_eq!(off.status(), 200);
    // The other process follows the stored setting; poll with a bound, no fixed sleep.
    let mut seen = false;
    for _ in 0..100 {
        if available(&other, "sprite").await == false {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen, "the other server never saw the item go off");
    other.stop().await;
}

both!(
    resuming_with_last_event_id_loses_nothing,
    every_server_on_one_database_delivers_every_event,
    admins_switch_items_off_and_on_at_once,
    an_item_switched_off_on_one_server_is_off_on_every_server,
);
