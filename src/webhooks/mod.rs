//! Webhooks for partners: order events POSTed to the endpoints admins registered, from
//! the same `events` outbox as the live stream, signed (`signature`), retried with
//! exponential backoff for 24 h (`schedule`), every attempt's answer recorded.
//!
//! Each server process runs one deliverer ([`start`], from `http::run`). Every
//! [`POLL_EVERY`] it
//! 1. enqueues: for each endpoint, the events after its durable cursor become delivery
//!    rows, the cursor moving in the same transaction (`store::webhooks`); on MySQL the
//!    ids of the last minute are compared again, for rows that committed late (`trail`);
//! 2. sends: it claims due deliveries (a lease in the row: the attempt's timeout and a
//!    margin) and POSTs each ([`send`]), at most [`IN_FLIGHT`] at once, then records the
//!    answer: delivered on a 2xx, else the next attempt's time, or failed once the
//!    retry period is over.
//!
//! Delivery is at least once: a process killed mid-attempt leaves the delivery pending
//! under its lease, and whichever process runs next sends it again when the lease ends,
//! with the same `Chatorder-Event-Id`. Several processes share the work through the
//! claims; enqueueing twice is harmless.

pub mod schedule;
pub mod send;
pub mod signature;
pub mod trail;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::Rng;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::store::{AttemptResult, DeliveryState, DueDelivery, Store, WebhookEndpoint};
pub use schedule::Schedule;
use trail::Trail;

/// How often the deliverer looks for new events and due deliveries.
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// Attempts in flight at once per process.
pub const IN_FLIGHT: usize = 16;
/// A claim outlasts the attempt's timeout by this much, for recording its answer.
pub const LEASE_MARGIN: Duration = Duration::from_secs(5);
/// Events read per query while catching an endpoint up.
const BATCH: i64 = 500;
/// How often (on MySQL) the last [`trail::HORIZON`] of ids is compared again.
const RESCAN_EVERY: Duration = Duration::from_secs(2);

/// How deliveries are made and retried.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Longest wait for an endpoint's answer (connection included).
    pub timeout: Duration,
    pub schedule: Schedule,
}

impl Settings {
    /// How long a claimed attempt keeps others off the delivery.
    fn lease(&self) -> Duration {
        self.timeout + LEASE_MARGIN
    }
}

/// Starts the deliverer; it stops when the store is closed.
pub fn start(store: Store, settings: Settings) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(store, settings))
}

/// What the deliverer keeps between polls.
struct Deliverer {
    store: Store,
    settings: Settings,
    client: reqwest::Client,
    slots: Arc<Semaphore>,
    trails: HashMap<i64, Trail>,
    last_rescan: Instant,
}

async fn run(store: Store, settings: Settings) {
    let mut deliverer = Deliverer {
        client: send::client(settings.timeout),
        store,
        settings,
        slots: Arc::new(Semaphore::new(IN_FLIGHT)),
        trails: HashMap::new(),
        last_rescan: Instant::now(),
    };
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tick.tick().await;
        if deliverer.store.is_closed() {
            return;
        }
        match deliverer.poll().await {
            Ok(()) if failing => {
                tracing::info!("webhooks: the database answers again");
                failing = false;
            }
            Ok(()) => {}
            Err(e) if !failing => {
                tracing::warn!("webhooks: {e}; trying again every {} ms", POLL_EVERY.as_millis());
                failing = true;
            }
            Err(_) => {}
        }
    }
}

impl Deliverer {
    /// One round: enqueue every endpoint's new events, then send what is due.
    async fn poll(&mut self) -> crate::store::Result<()> {
        let endpoints = self.store.webhooks().await?;
        self.trails.retain(|id, _| endpoints.iter().any(|e| e.id == *id));
        if endpoints.is_empty() {
            return Ok(());
        }
        let rescan = !self.store.backend().ids_commit_in_order() && self.last_rescan.elapsed() >= RESCAN_EVERY;
        for endpoint in &endpoints {
            match self.catch_up(endpoint, rescan).await {
                Ok(()) => {}
                Err(e) if e.is_unavailable() => return Err(e),
                // One endpoint's trouble (deleted meanwhile, say) does not hold up the others.
                Err(e) => tracing::warn!(endpoint = endpoint.id, "webhooks: enqueueing: {e}"),
            }
        }
        if rescan {
            self.last_rescan = Instant::now();
        }
        self.send_due().await
    }

    /// Enqueues the endpoint's events above its cursor, and with `rescan` those of the
    /// trailing window that committed late.
    async fn catch_up(&mut self, endpoint: &WebhookEndpoint, rescan: bool) -> crate::store::Result<()> {
        let now = Instant::now();
        let trail = self.trails.entry(endpoint.id).or_insert_with(|| Trail::new(now, endpoint.enqueued_through));
        let mut cursor = endpoint.enqueued_through;
        loop {
            let rows = self.store.events_after(cursor, None, BATCH).await?;
            let Some(last) = rows.last().map(|r| r.id) else { break };
            let wanted: Vec<i64> = rows.iter().filter(|r| endpoint.wants(&r.kind)).map(|r| r.id).collect();
            self.store.enqueue_deliveries(endpoint.id, &wanted, last).await?;
            cursor = last;
            if (rows.len() as i64) < BATCH {
                break;
            }
        }
        trail.mark(now, cursor);
        if rescan {
            let late = self.store.unenqueued_events(endpoint, trail.low(now), cursor).await?;
            if !late.is_empty() {
                tracing::info!(endpoint = endpoint.id, events = late.len(), "webhooks: events that committed late");
                self.store.enqueue_deliveries(endpoint.id, &late, cursor).await?;
            }
        }
        Ok(())
    }

    /// Claims due deliveries, as many as there are free places, and starts their attempts.
    async fn send_due(&self) -> crate::store::Result<()> {
        let free = self.slots.available_permits();
        if free == 0 {
            return Ok(());
        }
        let now = crate::store::now_ms();
        for due in self.store.due_deliveries(now, free as i64).await? {
            let lease_until = now + millis(self.settings.lease());
            if !self.store.claim_delivery(due.id, due.next_attempt_at, lease_until).await? {
                continue;
            }
            let Ok(permit) = self.slots.clone().try_acquire_owned() else { break };
            let job = Attempt { store: self.store.clone(), client: self.client.clone(), settings: self.settings };
            tokio::spawn(job.run(due, lease_until, permit));
        }
        Ok(())
    }
}

/// One attempt in flight.
struct Attempt {
    store: Store,
    client: reqwest::Client,
    settings: Settings,
}

impl Attempt {
    async fn run(self, due: DueDelivery, lease_until: i64, _permit: OwnedSemaphorePermit) {
        let number = due.attempts + 1;
        let answer = send::attempt(&self.client, &due, number, crate::store::now_ms() / 1000).await;
        let now = crate::store::now_ms();
        let result = self.outcome(&due, &answer, now);
        metrics::counter!("chatorder_webhook_attempts_total", "result" => result.state.as_str()).increment(1);
        match &answer.error {
            None => tracing::debug!(delivery = due.id, event = due.event.id, "webhook delivered"),
            Some(error) => tracing::info!(delivery = due.id, event = due.event.id, attempt = number, %error,
                state = result.state.as_str(), "webhook attempt failed"),
        }
        match self.store.finish_attempt(due.id, lease_until, &result, now).await {
            Ok(true) => {}
            Ok(false) => tracing::info!(delivery = due.id, "webhook attempt outlived its lease; not recorded"),
            Err(e) => tracing::warn!(delivery = due.id, "recording a webhook attempt: {e}"),
        }
    }

    /// The state the delivery moves to after `answer`.
    fn outcome(&self, due: &DueDelivery, answer: &send::Answer, now: i64) -> AttemptResult {
        let status = answer.status.map(i64::from);
        if answer.delivered() {
            return AttemptResult { status, error: None, state: DeliveryState::Delivered, retry_at: now };
        }
        let failures = u32::try_from(due.attempts + 1).unwrap_or(u32::MAX);
        let jitter = rand::thread_rng().gen_range(0.0..=1.0);
        let (state, retry_at) = match self.settings.schedule.retry_at(failures, due.retry_since, now, jitter) {
            Some(at) => (DeliveryState::Pending, at),
            None => (DeliveryState::Failed, now),
        };
        AttemptResult { status, error: answer.error.clone(), state, retry_at }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
