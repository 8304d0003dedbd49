//! Orders as a shop takes them (issue 13): pickup or delivery with address and phone,
//! notes on the order and its lines, a requested time within the opening hours, the
//! delivery fee and minimum, the ready estimate, and status events carrying the lines.
//! A shop file (`[shop]`) offering delivery is added beside the demo menu.

use chatorder::store::Role;
use serde_json::{json, Value};

use crate::helpers::{expect_error, spawn_app_with_menu, Backend, TestApp};

/// A shop that delivers to EH1 and EH3 9AB for 2.50 above 15.00, open all day.
const DELIVERY_SHOP: &str = r#"
[shop]
fulfilment = ["pickup", "delivery"]
delivery_fee = 250
delivery_minimum = 1500
delivery_postcodes = ["EH1", "EH3 9AB"]
opening_hours = ["00:00-24:00"]
prep_minutes = 10
prep_minutes_per_order = 5
"#;

/// The same shop, open one hour a day at a time the test is surely not in.
fn closed_shop() -> String {
    let now = chrono::Utc::now().time();
    let h = (chrono::Timelike::hour(&now) + 12) % 24;
    DELIVERY_SHOP.replace(r#"["00:00-24:00"]"#, &format!(r#"["{h:02}:00-{h:02}:59"]"#))
}

async fn app(backend: Backend, shop: &str) -> Option<TestApp> {
    spawn_app_with_menu(backend, &[], &[("shop.toml", shop)]).await
}

/// Two large pizzas with a line note: 15.00 or more, so delivery is allowed.
fn delivery_order() -> Value {
    json!({
        "lines": [{"item": "pizza", "quantity": 2, "note": "  cut in squares, please  ",
                   "options": [{"group": "size", "choice": "large"}]}],
        "fulfilment": "delivery",
        "address": "12 High St, flat 3",
        "postcode": "eh1 2ab",
        "phone": "+44 131 496 0000",
        "note": "ring the bell twice\nthen wait",
    })
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}

async fn a_delivery_order_keeps_its_details_fee_and_notes_exactly(app: &TestApp) {
    let ann = app.customer("ann").await;
    let r = app.post("/api/orders", Some(&ann), delivery_order()).await;
    assert_eq!(r.status(), 201);
    let order: Value = r.json().await.unwrap();
    let lines_total = order["lines"][0]["line_total_cents"].as_i64().unwrap();
    assert_eq!(order["delivery_fee_cents"], 250);
    assert_eq!(order["total_cents"].as_i64().unwrap(), lines_total + 250);
    assert_eq!(order["fulfilment"], "delivery");
    assert_eq!(order["address"], "12 High St, flat 3");
    assert_eq!(order["postcode"], "eh1 2ab");
    assert_eq!(order["phone"], "+44 131 496 0000");
    assert_eq!(order["note"], "ring the bell twice\nthen wait");
    assert_eq!(order["lines"][0]["note"], "  cut in squares, please  ");
    assert_eq!(order["requested_time"], "asap");
    assert_eq!(order["customer"], "ann");
    // Nothing else in the kitchen: the base preparation time.
    assert_eq!(order["estimate_minutes"], 10);
    assert!(order["ready_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{order}");

    // Read back exactly, alone and in the list.
    let id = order["id"].as_i64().unwrap();
    let again: Value = app.get(&format!("/api/orders/{id}"), Some(&ann)).await.json().await.unwrap();
    assert_eq!(again, order);
    let list: Value = app.get("/api/orders", Some(&ann)).await.json().await.unwrap();
    assert_eq!(list["orders"][0], order);

    // A second order waits behind the first.
    let pickup = json!({"lines": [{"item": "pizza", "options": [{"group": "size", "choice": "small"}]}],
                        "fulfilment": "pickup"});
    // The queue is counted at most once a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let second: Value = app.post("/api/orders", Some(&ann), pickup).await.json().await.unwrap();
    assert_eq!(second["fulfilment"], "pickup");
    assert_eq!(second["delivery_fee_cents"], 0);
    assert_eq!(second["address"], Value::Null);
    assert_eq!(second["estimate_minutes"], 15, "{second}");
}

async fn bad_details_get_422_naming_the_field(app: &TestApp) {
    let ann = app.customer("ann").await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (with(delivery_order(), "fulfilment", json!("drone")), "fulfilment", "pickup or delivery"),
        (without(delivery_order(), "address"), "address", "needs an address"),
        (with(delivery_order(), "address", json!("   ")), "address", "needs an address"),
        (without(delivery_order(), "phone"), "phone", "phone"),
        (with(delivery_order(), "phone", json!("call me maybe")), "phone", "digits"),
        (with(delivery_order(), "postcode", json!("G1 1AA")), "postcode", "outside the delivery area (EH1, EH39AB)"),
        (without(delivery_order(), "postcode"), "postcode", "needs a postcode"),
        (with(delivery_order(), "note", json!("x".repeat(501))), "note", "at most 500"),
        (with(delivery_order(), "requested_time", json!("7pm")), "requested_time", "19:30"),
        (with(delivery_order(), "requested_time", json!("25:00")), "requested_time", "19:30"),
        (
            json!({"lines": [{"item": "pizza", "note": "y".repeat(201), "options": [{"group": "size", "choice": "large"}]}]}),
            "lines[0].note",
            "at most 200",
        ),
        (
            json!({"lines": [{"item": "pizza", "options": [{"group": "size", "choice": "small"}]}], "fulfilment": "delivery",
                "address": "1 A St", "postcode": "EH1 1AA", "phone": "0131 496 0000"}),
            "fulfilment",
            "at least $15.00",
        ),
        (
            json!({"lines": [{"item": "pizza", "options": [{"group": "size", "choice": "small"}]}], "address": "1 A St"}),
            "address",
            "only for delivery",
        ),
        (with(delivery_order(), "requested_time", json!(1930)), "", ""),
    ];
    for (body, field, says) in cases {
        let message = expect_error(app.post("/api/orders", Some(&ann), body.clone()).await, 422).await;
        assert!(message.starts_with(field), "{body}: {message}");
        assert!(message.contains(says), "{body}: {message}");
    }
    let none: Value = app.get("/api/orders", Some(&ann)).await.json().await.unwrap();
    assert_eq!(none["total"], 0);
}

async fn a_time_outside_the_opening_hours_is_refused_with_the_hours(app: &TestApp) {
    let ann = app.customer("ann").await;
    let pickup = |time: &str| json!({"lines": [{"item": "pizza", "options": [{"group": "size", "choice": "large"}]}], "requested_time": time});
    let now = chrono::Utc::now().time();
    let h = (chrono::Timelike::hour(&now) + 12) % 24;
    let message = expect_error(app.post("/api/orders", Some(&ann), pickup("asap")).await, 422).await;
    assert!(message.starts_with("requested_time: the shop is closed now"), "{message}");
    assert!(message.contains(&format!("{h:02}:00–{h:02}:59")), "{message}");
    let outside = format!("{:02}:30", (h + 1) % 24);
    let message = expect_error(app.post("/api/orders", Some(&ann), pickup(&outside)).await, 422).await;
    assert!(message.contains(&format!("{outside} is outside the opening hours, {h:02}:00–{h:02}:59")), "{message}");
    // Within the hours (later today, or the hours have not begun): taken, ready then.
    let within = format!("{h:02}:30");
    let r = app.post("/api/orders", Some(&ann), pickup(&within)).await;
    if h > chrono::Timelike::hour(&now) {
        assert_eq!(r.status(), 201);
        let order: Value = r.json().await.unwrap();
        assert_eq!(order["requested_time"], within.as_str());
        assert!(order["ready_at"].as_str().unwrap().contains(&format!("T{h:02}:30:00")), "{order}");
    } else {
        let message = expect_error(r, 422).await;
        assert!(message.contains("has already passed"), "{message}");
    }
}

async fn status_events_carry_the_lines_and_details(app: &TestApp) {
    let ann = app.customer("ann").await;
    let staff = app.member("kim", Role::Staff).await;
    let order: Value = app.post("/api/orders", Some(&ann), delivery_order()).await.json().await.unwrap();
    let id = order["id"].as_i64().unwrap();
    let r = app.put(&format!("/api/orders/{id}"), Some(&staff), json!({"status": "confirmed"})).await;
    assert_eq!(r.status(), 200);
    let changed: Value = r.json().await.unwrap();
    assert_eq!(changed["lines"], order["lines"]);
    assert_eq!(changed["note"], order["note"]);
    let events = app.state.store.events_after(0, None, 10).await.unwrap();
    let payloads: Vec<Value> = events.iter().map(|e| serde_json::from_str(&e.payload).unwrap()).collect();
    assert_eq!(payloads.len(), 2);
    for p in &payloads {
        assert_eq!(p["order"]["lines"], order["lines"], "{p}");
        assert_eq!(p["order"]["address"], "12 High St, flat 3", "{p}");
        assert_eq!(p["order"]["estimate_minutes"], 10, "{p}");
    }
    assert_eq!(payloads[1]["order"]["status"], "confirmed");
    assert_eq!(payloads[1]["order"]["customer"], "ann");
}

async fn the_demo_shop_takes_pickup_only_and_says_so(app: &TestApp) {
    let ann = app.customer("ann").await;
    let message = expect_error(app.post("/api/orders", Some(&ann), delivery_order()).await, 422).await;
    assert_eq!(message, "fulfilment: this shop offers pickup only, not delivery");
    let plain: Value = app.order(&ann, 1).await;
    assert_eq!(plain["fulfilment"], "pickup");
    assert_eq!(plain["requested_time"], "asap");
    assert_eq!(plain["customer"], "ann");
    assert!(plain["estimate_minutes"].as_u64().is_some(), "{plain}");
}

/// Sends a chat message and returns the 200 body.
async fn say(app: &TestApp, token: &str, conversation: Option<i64>, text: &str) -> Value {
    let r = app.post("/api/messages", Some(token), json!({"text": text, "conversation_id": conversation})).await;
    assert_eq!(r.status(), 200, "{text}");
    r.json().await.unwrap()
}

async fn a_chat_order_asks_for_what_delivery_needs_and_places_it_with_the_note(app: &TestApp) {
    let ann = app.customer("ann").await;
    let staff = app.member("kim", Role::Staff).await;
    let first =
        say(app, &ann, None, "two large pepperoni pizzas, delivery to 12 High St, and please cut it in squares").await;
    let id = first["conversation_id"].as_i64().unwrap();
    assert_eq!(first["cart"]["lines"].as_array().unwrap().len(), 1, "the address's 12 is no quantity: {first}");
    assert_eq!(first["cart"]["lines"][0]["quantity"], 2);
    let asked = say(app, &ann, Some(id), "that's all").await;
    assert_eq!(asked["state"], "awaiting_detail", "{asked}");
    assert!(asked["reply"].as_str().unwrap().contains("postcode"), "{asked}");
    // Outside the area: said why, and asked again.
    let outside = say(app, &ann, Some(id), "G1 1AA").await;
    assert!(outside["reply"].as_str().unwrap().contains("outside the delivery area"), "{outside}");
    let phone = say(app, &ann, Some(id), "EH1 2AB").await;
    assert!(phone["reply"].as_str().unwrap().contains("phone"), "{phone}");
    let read_back = say(app, &ann, Some(id), "0131 496 0000").await;
    assert_eq!(read_back["state"], "confirming", "{read_back}");
    let reply = read_back["reply"].as_str().unwrap();
    for fact in ["delivery to 12 High St, EH1 2AB", "$2.50", "0131 496 0000", "cut it in squares", "about 10 minutes"] {
        assert!(reply.contains(fact), "{fact}: {reply}");
    }
    let placed = say(app, &ann, Some(id), "yes").await;
    assert!(placed["reply"].as_str().unwrap().contains("ready for delivery in about 10 minutes"), "{placed}");
    let order = &placed["order"];
    assert_eq!(order["fulfilment"], "delivery");
    assert_eq!(order["address"], "12 High St");
    assert_eq!(order["postcode"], "EH1 2AB");
    assert_eq!(order["phone"], "0131 496 0000");
    assert_eq!(order["note"], "please cut it in squares");
    assert_eq!(order["customer"], "ann");
    assert_eq!(order["delivery_fee_cents"], 250);
    assert_eq!(order["total_cents"].as_i64().unwrap(), order["lines"][0]["line_total_cents"].as_i64().unwrap() + 250);
    let seen: Value = app.get(&format!("/api/orders/{}", order["id"]), Some(&staff)).await.json().await.unwrap();
    assert_eq!(&seen, order, "the board reads the same order");
}

async fn a_delivering_shop_speaks_of_delivery_and_the_driver(app: &TestApp) {
    let ann = app.customer("ann").await;
    let asked = say(app, &ann, None, "do you deliver?").await;
    assert_eq!(asked["intent"], "info.delivery");
    assert!(asked["reply"].as_str().unwrap().starts_with("We deliver"), "the shop's own answer: {asked}");
    let id = asked["conversation_id"].as_i64();
    let pay = say(app, &ann, id, "can i pay with cash").await;
    assert_eq!(pay["reply"], "You can pay by card or in cash when you pick up or when the driver arrives.");
}

async fn the_demo_shop_answers_without_delivery(app: &TestApp) {
    let ann = app.customer("ann").await;
    let asked = say(app, &ann, None, "do you deliver?").await;
    assert_eq!(asked["intent"], "info.delivery");
    let pay = say(app, &ann, asked["conversation_id"].as_i64(), "can i pay with cash").await;
    assert_eq!(pay["reply"], "You can pay by card or in cash when you pick up.");
    for reply in [&asked["reply"], &pay["reply"]] {
        let reply = reply.as_str().unwrap().to_lowercase();
        assert!(!reply.contains("deliver") && !reply.contains("driver"), "{reply}");
    }
}

macro_rules! on_both {
    ($shop:expr => $($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let app = super::app(super::Backend::Sqlite, &$shop).await.unwrap();
                    super::$name(&app).await;
                    app.stop().await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mysql() {
                    let Some(app) = super::app(super::Backend::Mysql, &$shop).await else { return };
                    super::$name(&app).await;
                    app.stop().await;
                }
            }
        )*
    };
}

on_both!(super::DELIVERY_SHOP => a_delivery_order_keeps_its_details_fee_and_notes_exactly, bad_details_get_422_naming_the_field,
    status_events_carry_the_lines_and_details, a_chat_order_asks_for_what_delivery_needs_and_places_it_with_the_note,
    a_delivering_shop_speaks_of_delivery_and_the_driver);
on_both!(super::closed_shop() => a_time_outside_the_opening_hours_is_refused_with_the_hours);
on_both!("" => the_demo_shop_takes_pickup_only_and_says_so, the_demo_shop_answers_without_delivery);
