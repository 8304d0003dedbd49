//! A partner's webhook endpoint, for the tests: a small axum server on a random port
//! that records every request it gets (on arrival, before answering) and answers with
//! the statuses it was told to, then 200; and the signature check a partner would
//! write, with the `hmac` crate directly, independent of the server's code.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub event_id: i64,
    pub kind: String,
    pub attempt: i64,
    pub signature: String,
    pub content_type: String,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
struct Inbox {
    got: Mutex<Vec<Received>>,
    answers: Mutex<VecDeque<u16>>,
    /// How long each answer takes, in milliseconds.
    delay_ms: AtomicU64,
    /// Requests received and not yet answered (nor dropped by the sender).
    in_flight: AtomicUsize,
}

/// Counts a request in flight until it is answered or its sender goes away.
struct InFlight(Arc<Inbox>);

impl InFlight {
    fn new(inbox: Arc<Inbox>) -> Self {
        inbox.in_flight.fetch_add(1, Ordering::SeqCst);
        Self(inbox)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running receiver.
#[derive(Clone)]
pub(crate) struct Receiver {
    pub url: String,
    inbox: Arc<Inbox>,
}

impl Receiver {
    /// Starts a receiver that takes `delay` before each answer.
    pub(crate) async fn start(delay: Duration) -> Self {
        let inbox = Arc::new(Inbox::default());
        inbox.delay_ms.store(u64::try_from(delay.as_millis()).unwrap(), Ordering::SeqCst);
        let shared = inbox.clone();
        let app = axum::Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, body: String| {
                let inbox = shared.clone();
                async move {
                    let _in_flight = InFlight::new(inbox.clone());
                    let header =
                        |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    inbox.got.lock().unwrap().push(Received {
                        event_id: header("chatorder-event-id").parse().unwrap_or(-1),
                        kind: header("chatorder-event-kind"),
                        attempt: header("chatorder-attempt").parse().unwrap_or(-1),
                        signature: header("chatorder-signature"),
                        content_type: header("content-type"),
                        body,
                        at: Instant::now(),
                    });
                    let status = inbox.answers.lock().unwrap().pop_front().unwrap_or(200);
                    let delay = Duration::from_millis(inbox.delay_ms.load(Ordering::SeqCst));
                    tokio::time::sleep(delay).await;
                    StatusCode::from_u16(status).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { url, inbox }
    }

    /// The next requests are answered with these statuses, then 200 again.
    pub(crate) fn answer_next(&self, statuses: &[u16]) {
        self.inbox.answers.lock().unwrap().extend(statuses);
    }

    /// Answers take `delay` from now on.
    pub(crate) fn set_delay(&self, delay: Duration) {
        self.inbox.delay_ms.store(u64::try_from(delay.as_millis()).unwrap(), Ordering::SeqCst);
    }

    /// Requests received and not answered yet.
    pub(crate) fn in_flight(&self) -> usize {
        self.inbox.in_flight.load(Ordering::SeqCst)
    }

    /// Every request from now on is answered 200.
    pub(crate) fn clear_answers(&self) {
        self.inbox.answers.lock().unwrap().clear();
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.inbox.got.lock().unwrap().clone()
    }

    /// Waits until `done` holds for what was received; panics after `bound`.
    pub(crate) async fn wait_for(&self, bound: Duration, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if done(&got) {
                return got;
            }
            assert!(start.elapsed() < bound, "waited {bound:?}; received {:#?}", got);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Whether `received` carries a valid `Chatorder-Signature` for its body under `secret`,
/// checked as a partner would: `t=…,v1=hex(HMAC-SHA256(secret, "{t}.{body}"))`, `t`
/// within five minutes.
pub(crate) fn signed_by(received: &Received, secret: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in received.signature.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else { return false };
    if (chrono::Utc::now().timestamp() - t).abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", received.body).as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    expected == v1
}
