//! Reading `/api/events` in tests: one open stream, event by event.

use std::time::Duration;

use reqwest::{Method, Response};
use serde_json::Value;

use crate::helpers::TestApp;

/// One open event stream.
pub(crate) struct SseStream {
    response: Response,
    buffer: String,
}

/// One SSE event: its `id:`, its `event:` name and its `data:` JSON.
#[derive(Debug)]
pub(crate) struct SseEvent {
    pub id: Option<i64>,
    pub name: String,
    pub data: Value,
}

/// Opens `/api/events{query}` with an optional bearer token and `Last-Event-ID`; the
/// response as it came, to check refusals.
pub(crate) async fn open(app: &TestApp, token: Option<&str>, query: &str, last_event_id: Option<&str>) -> Response {
    let mut req = app.request(Method::GET, &format!("/api/events{query}"), token);
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id);
    }
    req.send().await.unwrap()
}

impl SseStream {
    /// Opens a stream that must be accepted. It has subscribed once this returns (its
    /// response headers have arrived).
    pub(crate) async fn open(app: &TestApp, token: Option<&str>, query: &str, last_event_id: Option<&str>) -> Self {
        Self::from(open(app, token, query, last_event_id).await)
    }

    /// The next event (heartbeats skipped), or `None` if none comes within `wait`.
    pub(crate) async fn next_within(&mut self, wait: Duration) -> Option<SseEvent> {
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent { id: None, name: String::new(), data: Value::Null };
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        event.id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event.name = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if !data.is_empty() {
                    event.data = serde_json::from_str(&data).unwrap();
                    return Some(event);
                }
            }
            let chunk = tokio::time::timeout(wait, self.response.chunk()).await.ok()?.unwrap()?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// The next event. The bound only stops a hung stream from hanging the suite; what
    /// a stream must not carry is shown by ordering, not timing.
    pub(crate) async fn next(&mut self) -> SseEvent {
        self.next_within(Duration::from_secs(60)).await.expect("no event on the stream for 60 s")
    }

    /// The next `n` events.
    pub(crate) async fn take(&mut self, n: usize) -> Vec<SseEvent> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            out.push(self.next().await);
        }
        out
    }

    /// Reads until an event for `order_id` with `status`, returning every event read.
    pub(crate) async fn until(&mut self, order_id: i64, status: &str) -> Vec<SseEvent> {
        let mut seen = Vec::new();
        loop {
            let event = self.next().await;
            assert_eq!(event.name, "order");
            let done = event.data["order_id"] == order_id && event.data["status"] == status;
            seen.push(event);
            if done {
                return seen;
            }
        }
    }
}

impl From<Response> for SseStream {
    fn from(response: Response) -> Self {
        assert_eq!(response.status(), 200, "the stream was refused");
        let ct = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Self { response, buffer: String::new() }
    }
}

/// The order each event is about.
pub(crate) fn order_ids(events: &[SseEvent]) -> Vec<i64> {
    events.iter().map(|e| e.data["order_id"].as_i64().unwrap()).collect()
}
