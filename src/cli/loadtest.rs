//! `chatorder loadtest`: simulated customers chatting whole orders against running
//! servers, then an audit through the API of every transcript and order they made.
//!
//! Each customer registers, then loops over conversations until the time is up: order
//! several items, correct one, check out, confirm, ask for the status. Requests go
//! round-robin over every `--url`, so several servers can share one conversation.
//! Every turn carries an `Idempotency-Key` and is retried until answered, so a
//! server killed and restarted mid-run is a pause, not a lost conversation.
//! The audit counts answered messages missing from (or doubled in) the transcripts,
//! and confirmed orders missing or doubled.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};

use crate::config::LoadtestArgs;

/// The scripts customers follow, one per conversation, chosen by turn.
/// Each includes a correction; the last two turns confirm and ask for the status.
const SCRIPTS: &[&[&str]] = &[
    &["hi", "two large pepperoni pizzas", "and a coke", "make that a medium", "that's all", "yes", "where is my order"],
    &[
        "a small pizza with mushrooms and onions",
        "add extra cheese",
        "and two sprites",
        "remove one sprite",
        "i'm done",
        "yes",
        "where's my food",
    ],
    &[
        "can i get a large thin crust pizza with ham and pineapple",
        "actually make it two",
        "and garlic bread",
        "that's it",
        "yes please",
        "where is my order",
    ],
    &[
        "hello",
        "one medium pizza with sausage and no olives",
        "make that a large",
        "a diet coke too",
        "nothing else",
        "yes",
        "status of my order",
    ],
];

/// What one conversation did, for the audit.
struct Conversation {
    id: i64,
    /// The customer texts that were answered (HTTP 200), in order.
    answered: Vec<String>,
    /// Whether a confirmation was answered with a placed order.
    confirmed: bool,
}

/// Counters shared by every customer task.
#[derive(Default)]
struct Counters {
    /// Answered turns.
    turns: AtomicU64,
    /// Requests that failed (each retry of a turn counts).
    errors: AtomicU64,
    /// Turns sent again after getting no answer.
    retries: AtomicU64,
}

struct Customer {
    http: reqwest::Client,
    urls: Arc<Vec<String>>,
    next_url: usize,
    token: String,
}

impl Customer {
    fn url(&mut self, path: &str) -> String {
        self.next_url = (self.next_url + 1) % self.urls.len();
        format!("{}{path}", self.urls[self.next_url])
    }

    async fn post(&mut self, path: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
        let url = self.url(path);
        let resp = self.http.post(url).bearer_auth(&self.token).json(body).send().await?;
        let status = resp.status().as_u16();
        Ok((status, resp.json().await.unwrap_or(Value::Null)))
    }

    async fn post_keyed(&mut self, path: &str, body: &Value, key: &str) -> anyhow::Result<(u16, Value)> {
        let url = self.url(path);
        let resp =
            self.http.post(url).bearer_auth(&self.token).header("idempotency-key", key).json(body).send().await?;
        let status = resp.status().as_u16();
        Ok((status, resp.json().await.unwrap_or(Value::Null)))
    }

    async fn get(&mut self, path: &str) -> anyhow::Result<Value> {
        let url = self.url(path);
        let resp = self.http.get(url).bearer_auth(&self.token).send().await?;
        if !resp.status().is_success() {
            bail!("GET {path}: {}", resp.status());
        }
        Ok(resp.json().await?)
    }
}

/// Runs the load test and prints the summary line; exit code 1 when anything was
/// lost or doubled.
///
/// # Errors
/// When the servers cannot be reached to register the customers.
pub async fn run(args: LoadtestArgs) -> anyhow::Result<i32> {
    let urls: Arc<Vec<String>> = Arc::new(args.url.iter().map(|u| u.trim_end_matches('/').to_owned()).collect());
    if urls.is_empty() {
        bail!("give at least one --url");
    }
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(args.customers as usize)
        .build()?;
    let run_id = uuid::Uuid::new_v4().simple().to_string();
    let counters = Arc::new(Counters::default());
    let latencies = Arc::new(std::sync::Mutex::new(Vec::<u32>::new()));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.duration);

    let mut tasks = Vec::new();
    for i in 0..args.customers {
        let mut customer =
            Customer { http: http.clone(), urls: urls.clone(), next_url: i as usize, token: String::new() };
        let username = format!("load_{}_{i}", &run_id[..12]);
        let (counters, latencies, run_id) = (counters.clone(), latencies.clone(), run_id.clone());
        tasks.push(tokio::spawn(async move {
            customer.token = sign_up(&mut customer, &username).await?;
            let mut conversations = Vec::new();
            let mut n = i as usize;
            while Instant::now() < deadline {
                let script = SCRIPTS[n % SCRIPTS.len()];
                n += 1;
                let key_prefix = format!("{}-{i}-{}", &run_id[..12], conversations.len());
                conversations.push(converse(&mut customer, &key_prefix, script, &counters, &latencies).await);
            }
            anyhow::Ok((customer, conversations))
        }));
    }

    let progress = tokio::spawn(report_progress(counters.clone(), started, deadline));
    let mut results = Vec::new();
    for t in tasks {
        match t.await? {
            Ok(r) => results.push(r),
            Err(e) => {
                eprintln!("a customer could not start: {e:#}");
                counters.errors.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    progress.abort();
    let elapsed = started.elapsed().as_secs_f64();

    eprintln!(
        "auditing transcripts and orders… ({} turns were sent again after no answer)",
        counters.retries.load(Ordering::Relaxed)
    );
    let mut audit = Audit::default();
    for (mut customer, conversations) in results {
        audit.check(&mut customer, &conversations).await;
    }

    let turns = counters.turns.load(Ordering::Relaxed);
    let errors = counters.errors.load(Ordering::Relaxed) + audit.unreadable;
    let mut lat = std::mem::take(&mut *latencies.lock().expect("latency lock"));
    lat.sort_unstable();
    let pct =
        |p: f64| lat.get(((lat.len() as f64 - 1.0) * p).round() as usize).map_or(0.0, |us| f64::from(*us) / 1000.0);
    println!(
        "turns={turns} errors={errors} lost_messages={} lost_orders={} duplicate_orders={} turns_per_s={:.1} p50_ms={:.1} p99_ms={:.1}",
        audit.lost_messages,
        audit.lost_orders,
        audit.duplicate_orders,
        turns as f64 / elapsed,
        pct(0.50),
        pct(0.99)
    );
    let clean = audit.lost_messages == 0 && audit.lost_orders == 0 && audit.duplicate_orders == 0;
    Ok(if clean { 0 } else { 1 })
}

async fn sign_up(customer: &mut Customer, username: &str) -> anyhow::Result<String> {
    let creds = json!({"username": username, "password": "loadtest-password"});
    let (status, body) = customer.post("/api/register", &creds).await.context("register")?;
    if status != 201 {
        bail!("register {username}: {status} {body}");
    }
    let (status, body) = customer.post("/api/login", &creds).await.context("login")?;
    match body["token"].as_str() {
        Some(t) if status == 200 => Ok(t.to_owned()),
        _ => bail!("login {username}: {status} {body}"),
    }
}

/// How long a customer keeps retrying one turn (a server restarting, say) before
/// giving the conversation up.
const RETRY_FOR: Duration = Duration::from_secs(60);

/// One whole conversation. Every turn carries an `Idempotency-Key`; a turn that gets
/// no answer (connection refused or cut, a 5xx, a 409) is sent again with the same
/// key until it is answered, so the conversation carries on from its last answered
/// turn and nothing is said twice.
async fn converse(
    customer: &mut Customer,
    key_prefix: &str,
    script: &[&str],
    counters: &Counters,
    latencies: &std::sync::Mutex<Vec<u32>>,
) -> Conversation {
    let mut conv = Conversation { id: 0, answered: Vec::new(), confirmed: false };
    for (turn, text) in script.iter().enumerate() {
        let mut body = json!({ "text": text });
        if conv.id != 0 {
            body["conversation_id"] = json!(conv.id);
        }
        let key = format!("{key_prefix}-{turn}");
        let first_try = Instant::now();
        loop {
            let t0 = Instant::now();
            let result = customer.post_keyed("/api/messages", &body, &key).await;
            let us = u32::try_from(t0.elapsed().as_micros()).unwrap_or(u32::MAX);
            match result {
                Ok((200, resp)) => {
                    counters.turns.fetch_add(1, Ordering::Relaxed);
                    latencies.lock().expect("latency lock").push(us);
                    if let Some(id) = resp["conversation_id"].as_i64() {
                        conv.id = id;
                    }
                    conv.answered.push((*text).to_owned());
                    if resp["order"].is_object() && !conv.confirmed && resp["intent"] == "affirm" {
                        conv.confirmed = true;
                    }
                    break;
                }
                Ok((status, resp)) if status < 500 && status != 409 => {
                    // The server refused the message itself: retrying cannot help.
                    counters.errors.fetch_add(1, Ordering::Relaxed);
                    eprintln!("turn {text:?}: HTTP {status} {resp}");
                    return conv;
                }
                failed => {
                    counters.errors.fetch_add(1, Ordering::Relaxed);
                    counters.retries.fetch_add(1, Ordering::Relaxed);
                    match failed {
                        Ok((status, resp)) => eprintln!("turn {text:?}: HTTP {status} {resp}, retrying"),
                        Err(e) => eprintln!("turn {text:?}: {e}, retrying"),
                    }
                    if first_try.elapsed() > RETRY_FOR {
                        eprintln!("turn {text:?}: no answer for {}s, giving the conversation up", RETRY_FOR.as_secs());
                        return conv;
                    }
                    // Wait a little instead of spinning in a storm of refused connections.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
    conv
}

async fn report_progress(counters: Arc<Counters>, started: Instant, deadline: Instant) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let left = deadline.saturating_duration_since(Instant::now()).as_secs();
        let turns = counters.turns.load(Ordering::Relaxed);
        eprintln!(
            "[{:>4.0}s] turns={turns} errors={} rate={:.0}/s, {left}s left",
            started.elapsed().as_secs_f64(),
            counters.errors.load(Ordering::Relaxed),
            turns as f64 / started.elapsed().as_secs_f64().max(0.001)
        );
    }
}

/// The read-back: every answered message exactly once, every confirmed order exactly once.
#[derive(Default)]
struct Audit {
    lost_messages: u64,
    lost_orders: u64,
    duplicate_orders: u64,
    unreadable: u64,
}

impl Audit {
    async fn check(&mut self, customer: &mut Customer, conversations: &[Conversation]) {
        let orders = match all_orders(customer).await {
            Ok(o) => o,
            Err(e) => {
                eprintln!("cannot read orders: {e:#}");
                self.unreadable += 1;
                return;
            }
        };
        for conv in conversations.iter().filter(|c| c.id != 0) {
            match customer.get(&format!("/api/conversations/{}/messages", conv.id)).await {
                Ok(Value::Array(messages)) => {
                    let user_texts: Vec<&str> =
                        messages.iter().filter(|m| m["role"] == "user").filter_map(|m| m["text"].as_str()).collect();
                    let mut wrong = 0;
                    for text in &conv.answered {
                        let n = user_texts.iter().filter(|t| *t == text).count();
                        // Each script says each text once: 0 is a loss, 2+ a double.
                        if n != 1 {
                            wrong += 1;
                        }
                    }
                    // Exactly what was answered, in the order it was said: a turn
                    // stored out of order, or stored but never answered, is wrong too.
                    if wrong == 0 && user_texts != conv.answered {
                        wrong = 1;
                    }
                    self.lost_messages += wrong;
                    let bots = messages.iter().filter(|m| m["role"] == "bot").count();
                    if bots < conv.answered.len() {
                        self.lost_messages += (conv.answered.len() - bots) as u64;
                    }
                }
                Ok(other) => {
                    eprintln!("conversation {}: unexpected body {other}", conv.id);
                    self.unreadable += 1;
                }
                Err(e) => {
                    eprintln!("conversation {}: {e:#}", conv.id);
                    self.unreadable += 1;
                }
            }
            let placed = orders.iter().filter(|o| o["conversation_id"].as_i64() == Some(conv.id)).count() as u64;
            if conv.confirmed && placed == 0 {
                self.lost_orders += 1;
            }
            if placed > 1 {
                self.duplicate_orders += placed - 1;
            }
        }
    }
}

/// Every order of the customer, following pagination.
async fn all_orders(customer: &mut Customer) -> anyhow::Result<Vec<Value>> {
    let mut out = Vec::new();
    for page in 1.. {
        let body = customer.get(&format!("/api/orders?page={page}&per_page=100")).await?;
        let batch = body["orders"].as_array().cloned().unwrap_or_default();
        let done = batch.len() < 100;
        out.extend(batch);
        if done {
            break;
        }
    }
    Ok(out)
}
