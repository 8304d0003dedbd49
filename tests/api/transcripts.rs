//! Transcripts and the chat-turn store API: a turn saves state, both messages and the
//! order in one transaction; a stale version is a conflict; the transcript reads back.

use chatorder::order::OrderLine;
use chatorder::store::{self, NewOrder, Turn};
use serde_json::Value;

use crate::both;
use crate::helpers::{expect_error, TestApp};

async fn a_chat_turn_saves_state_messages_and_order_and_the_transcript_reads_back(app: &TestApp) {
    let token = app.customer("ann").await;
    let other = app.customer("bob").await;
    let me: Value = {
        let r = app.post("/api/login", None, serde_json::json!({"username": "ann", "password": "password123"})).await;
        assert_eq!(r.status(), 200);
        serde_json::json!({"id": app.state.store.find_user("ann").await.unwrap().unwrap().user.id})
    };
    let user_id = me["id"].as_i64().unwrap();
    let store = &app.state.store;
    let conversation = store.create_conversation(user_id, "{}").await.unwrap();
    let loaded = store.load_conversation(conversation.id).await.unwrap();
    assert_eq!((loaded.user_id, loaded.version), (user_id, 0));

    let mut line = OrderLine::new("pizza", 1);
    line.options.push(chatorder::order::OptionRef::new("size", "large"));
    let priced = chatorder::http::price_lines(&app.state.catalog(), &[line]).unwrap();
    let turn = Turn {
        conversation_id: conversation.id,
        user_id,
        idempotency_key: None,
        request_hash: None,
        intent: "order.add".into(),
        expected_version: 0,
        new_state: r#"{"step":"placed"}"#.into(),
        user_text: "one large pizza please".into(),
        parse: r#"{"intent":"order.add"}"#.into(),
        bot_text: "Your order is placed.".into(),
        order: Some(NewOrder {
            user_id,
            conversation_id: None,
            idempotency_key: None,
            request_hash: None,
            order: priced,
            details: Default::default(),
            ready_at_ms: None,
        }),
    };
    let (version, order) = store.save_turn(&turn).await.unwrap();
    assert_eq!(version, 1);
    let order = order.unwrap();
    assert_eq!(order.conversation_id, Some(conversation.id));
    // The same turn again read version 0, which is gone: a conflict, and nothing written.
    assert!(matches!(store.save_turn(&turn).await, Err(store::Error::Moved(_))));
    assert_eq!(store.load_conversation(conversation.id).await.unwrap().state, r#"{"step":"placed"}"#);
    assert_eq!(store.latest_order(user_id).await.unwrap().unwrap().id, order.id);

    let by_order: Value = app.get(&format!("/api/messages/{}", order.id), Some(&token)).await.json().await.unwrap();
    let by_conversation: Value =
        app.get(&format!("/api/conversations/{}/messages", conversation.id), Some(&token)).await.json().await.unwrap();
    assert_eq!(by_order, by_conversation);
    let roles: Vec<&str> = by_order.as_array().unwrap().iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["user", "bot"]);
    assert_eq!(by_order[0]["text"], "one large pizza please");
    expect_error(app.get(&format!("/api/conversations/{}/messages", conversation.id), Some(&other)).await, 404).await;
    expect_error(app.get("/api/conversations/999999/messages", Some(&token)).await, 404).await;
}

both!(a_chat_turn_saves_state_messages_and_order_and_the_transcript_reads_back);
