//! Hostile chat input: huge messages, control characters, right-to-left text, emoji,
//! SQL and HTML. Each is either refused with a 4xx and the JSON error body or
//! answered, and an answered message is stored exactly as sent.

use serde_json::{json, Value};

use crate::both;
use crate::helpers::{expect_error, TestApp};

/// Messages the server must take as ordinary text.
const ODD_MESSAGES: &[&str] = &[
    "a large pepperoni pizza\u{0} and a coke\u{7}\u{1b}[31m",
    "tab\there\r\nnew line\u{85}next\u{2028}separator",
    "\u{202e}azzip egral a\u{202c} please",
    "مرحبا أريد بيتزا كبيرة",
    "שלום, פיצה אחת",
    "🍕🍕 two 🍕 pizzas 👩‍👩‍👧‍👦 and a 🥤",
    "\u{fe0f}\u{200d}\u{200b}\u{feff}",
    "'; DROP TABLE orders; --",
    "1' OR '1'='1",
    "\" UNION SELECT password_hash FROM users --",
    "<script>alert(1)</script> a coke",
    "<img src=x onerror=alert(1)>",
    "{{7*7}} ${7*7} %s %n",
    "Ω≈ç√∫˜µ≤≥÷ ﷽ 𝕡𝕚𝕫𝕫𝕒",
];

async fn odd_messages_are_answered_and_stored_exactly(app: &TestApp) {
    let token = app.customer("ann").await;
    let mut conversation: Option<i64> = None;
    for text in ODD_MESSAGES {
        let r = app.post("/api/messages", Some(&token), json!({"text": text, "conversation_id": conversation})).await;
        assert_eq!(r.status(), 200, "{text:?}");
        let body: Value = r.json().await.unwrap();
        assert!(body["reply"].as_str().is_some_and(|s| !s.is_empty()), "{text:?}: {body}");
        conversation = body["conversation_id"].as_i64();
    }
    let id = conversation.unwrap();
    let said = app.customer_said(&token, id).await;
    // The server trims surrounding whitespace and nothing else.
    let sent: Vec<&str> = ODD_MESSAGES.iter().map(|m| m.trim()).collect();
    assert_eq!(said, sent);
    // The tables the SQL tried to drop are still there.
    let orders = app.get("/api/orders", Some(&token)).await;
    assert_eq!(orders.status(), 200);
}

async fn huge_messages_are_refused_with_a_json_error(app: &TestApp) {
    let token = app.customer("ann").await;
    // 100 KB: over the body limit.
    let r = app.post("/api/messages", Some(&token), json!({"text": "pizza ".repeat(100 * 1024 / 6)})).await;
    expect_error(r, 413).await;
    // Under the body limit but over the message limit.
    let r = app.post("/api/messages", Some(&token), json!({"text": "🍕".repeat(5000)})).await;
    let message = expect_error(r, 422).await;
    assert!(message.contains("characters"), "{message}");
    // Invalid UTF-8 in the body.
    let r = app
        .request(reqwest::Method::POST, "/api/messages", Some(&token))
        .header("content-type", "application/json")
        .body(b"{\"text\": \"\xff\xfe pizza\"}".to_vec())
        .send()
        .await
        .unwrap();
    expect_error(r, 400).await;
}

both!(odd_messages_are_answered_and_stored_exactly, huge_messages_are_refused_with_a_json_error);
