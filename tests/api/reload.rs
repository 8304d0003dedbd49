//! Catalog hot reload: a valid edit serves the next request; an invalid one is
//! reported as file:line:column and the last good catalog keeps serving.

use std::time::Duration;

use chatorder::store::Role;
use serde_json::Value;

use crate::helpers::{spawn_app, Backend};

/// Polls `check` every 50 ms for up to 20 s (file watching is asynchronous).
async fn eventually<F: std::future::Future<Output = bool>>(mut check: impl FnMut() -> F) -> bool {
    for _ in 0..400 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_menu_reloads_it_and_a_broken_edit_keeps_the_last_good_one() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let admin = app.member("ada", Role::Admin).await;
    let drinks = app.dir.path().join("menu").join("drinks.toml");
    let text = std::fs::read_to_string(&drinks).unwrap();
    let coke_price = |menu: &Value| {
        menu["items"].as_array().unwrap().iter().find(|i| i["id"] == "coke").unwrap()["price_cents"].as_i64().unwrap()
    };
    let before = coke_price(&app.get("/api/menu", None).await.json().await.unwrap());
    assert_ne!(before, 777);

    // Change only the coke's own price line: the first `price = ...` after its id.
    let at = text.find("id = \"coke\"").expect("the demo menu sells coke");
    let price_at = at + text[at..].find("\nprice = ").expect("coke has a price") + 1;
    let line_end = price_at + text[price_at..].find('\n').unwrap_or(text.len() - price_at);
    let edited = format!("{}price = 777{}", &text[..price_at], &text[line_end..]);
    assert_ne!(edited, text, "the test's edit must apply to the demo menu");
    std::fs::write(&drinks, &edited).unwrap();
    assert!(
        eventually(|| async { coke_price(&app.get("/api/menu", None).await.json().await.unwrap()) == 777 }).await,
        "the edit was not picked up"
    );

    std::fs::write(&drinks, format!("{edited}\n[[item]]\nid = \"broken\"\n")).unwrap();
    let errors = || async {
        let report: Value = app.get("/api/admin/catalog", Some(&admin)).await.json().await.unwrap();
        report["errors"].as_array().cloned().unwrap_or_default()
    };
    assert!(eventually(|| async { !errors().await.is_empty() }).await, "the broken edit was not reported");
    let first = errors().await[0].as_str().unwrap().to_owned();
    assert!(first.contains("drinks.toml:"), "{first}");
    assert_eq!(coke_price(&app.get("/api/menu", None).await.json().await.unwrap()), 777);
    app.stop().await;
}
