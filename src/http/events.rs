//! `GET /api/events`: order events as Server-Sent Events, read from the database's
//! `events` outbox so every server process sharing one database delivers every event.
//!
//! One poller per process reads the rows above the highest id it has seen every
//! [`POLL_EVERY`], and broadcasts each row once; each subscriber filters (customers:
//! their own orders; staff: all). Ids are not commit order on MySQL (an id is handed
//! out at insert, and Galera interleaves its nodes' ids), so a row can appear below
//! ids already seen: the poller also reads again the ids of a trailing window
//! ([`Window`]: the last [`RECENT`] every poll, the last [`HORIZON`] every
//! [`FULL_RESCAN_EVERY`]) and broadcasts the rows it had not seen. A subscriber first
//! subscribes to the broadcast, notes the ids already there up to its starting point
//! (its `Last-Event-ID`, or the newest id), replays the rows after that point from the
//! database, and sends every broadcast row it has not sent and that was not there: a
//! row committed once the stream is open is delivered exactly once, whatever its id.

use std::collections::{BTreeSet, VecDeque};
use std::convert::Infallible;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{get, post};
use axum::Router;
use futures::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;

use super::caller::AuthUser;
use super::error::{ErrorBody, TokenErrors};
use super::limits::StreamSlot;
use super::{AppState, Error, Json, Query};
use crate::store::{EventRow, Store, User};

/// How often the poller looks for new rows: well under the board's one-second promise.
pub const POLL_EVERY: Duration = Duration::from_millis(250);
/// A comment line this often keeps proxies and browsers from closing an idle stream.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(15);
/// Lifetime of a query-string token: long enough to open an EventSource, short enough
/// that one leaked into a log is useless.
pub const STREAM_TOKEN_TTL_SECS: i64 = 60;
/// The audience of stream tokens; no other endpoint accepts them.
pub const STREAM_AUDIENCE: &str = "chatorder-events";

/// Rows read per query, by the poller and by a replay.
const BATCH: i64 = 500;
/// How long after an id was passed over (a higher one seen, this one missing) its row
/// may still commit and be delivered. An id waits between its insert and its commit
/// for the rest of its transaction (the events row is the batch's last insert) and for
/// Galera's replication, which stalls for a few seconds when a node dies, until the
/// others agree it is gone. Time while the poller cannot read at all does not count.
/// Past this, a missing id is taken for a rolled-back insert or an id Galera skipped.
pub const HORIZON: Duration = Duration::from_secs(60);
/// The part of the window read again on every poll: where nearly every late row is.
pub const RECENT: Duration = Duration::from_secs(2);
/// How often the whole [`HORIZON`] is read again (its ids only, then the missing rows).
pub const FULL_RESCAN_EVERY: Duration = Duration::from_secs(2);
/// Ids below the newest one at start that are watched for late commits too.
const START_LOOKBACK: i64 = 1000;
/// Broadcast rows a slow subscriber may fall behind by before it catches up from the
/// database (a node that rejoins hands the poller thousands of rows at once).
const BROADCAST_CAPACITY: usize = 16_384;

/// The process-wide poller and its broadcast.
///
/// The poller starts with the server, from the last event id read before any request is
/// served: every subscriber reads its own starting id later, so each row after that id
/// is either in the subscriber's replay or in the broadcast. (Started lazily, the poller
/// could read its floor after a row a subscriber had not yet replayed, and skip it.)
#[derive(Clone)]
pub struct Hub {
    sender: broadcast::Sender<Arc<EventRow>>,
    /// Turns `true` when the server shuts down: every stream ends then.
    closing: Arc<watch::Sender<bool>>,
    /// The poller's settled id ([`Window::low`]): rows at or below it are never
    /// broadcast again, so subscribers forget the ids they sent below it.
    settled: Arc<AtomicI64>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hub(..)")
    }
}

impl Hub {
    /// Reads the current last event id and starts the poller from there.
    ///
    /// # Errors
    /// The database cannot be read.
    pub async fn start(store: &Store) -> crate::store::Result<Self> {
        let newest = store.last_event_id().await?;
        // The ids just below the newest are watched too: one of them may belong to a
        // transaction still committing (a lower id than one already visible).
        let low = (newest - START_LOOKBACK).max(0);
        let present = store.event_ids_between(low, newest, None).await?;
        let window = Window::new(low, newest, present, Instant::now());
        let (sender, _) = broadcast::channel(BROADCAST_CAPACITY);
        let settled = Arc::new(AtomicI64::new(low));
        tokio::spawn(poll(store.clone(), sender.clone(), window, settled.clone()));
        Ok(Self { sender, closing: Arc::new(watch::Sender::new(false)), settled })
    }

    /// A receiver of every event the poller broadcasts from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<EventRow>> {
        self.sender.subscribe()
    }

    /// Ends every open stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    fn settled(&self) -> i64 {
        self.settled.load(Ordering::Relaxed)
    }
}

/// The ids the poller has broadcast within its look-back horizon. Ids at or below
/// `low` are settled; above it, an id not in `seen` may still commit.
#[derive(Debug)]
struct Window {
    low: i64,
    /// The highest id seen.
    high: i64,
    /// Ids in `(low, high]` broadcast (or present at start).
    seen: BTreeSet<i64>,
    /// `(when, high then)`, oldest first: every id at or below that `high` had been
    /// passed over (or seen) by then.
    marks: VecDeque<(Instant, i64)>,
}

impl Window {
    fn new(low: i64, high: i64, present: impl IntoIterator<Item = i64>, now: Instant) -> Self {
        let seen = present.into_iter().filter(|&id| id > low).collect();
        Self { low, high: high.max(low), seen, marks: VecDeque::from([(now, high.max(low))]) }
    }

    /// Whether a row read now is to be broadcast: above the settled ids and not yet seen.
    fn first_time(&mut self, id: i64) -> bool {
        if id <= self.low || !self.seen.insert(id) {
            return false;
        }
        self.high = self.high.max(id);
        true
    }

    /// Records how far the ids had got at `now`, then settles what passed the horizon.
    fn mark(&mut self, now: Instant, horizon: Duration) {
        if !matches!(self.marks.back(), Some(&(_, high)) if high >= self.high) {
            self.marks.push_back((now, self.high));
        }
        while let Some(&(when, high)) = self.marks.front() {
            // The newest mark stays: it is where the next one is compared.
            if now.duration_since(when) < horizon || self.marks.len() == 1 {
                break;
            }
            self.marks.pop_front();
            self.low = self.low.max(high);
        }
        self.seen = self.seen.split_off(&(self.low + 1));
    }

    /// Where a read-back of the last `age` starts: the highest id seen `age` ago.
    fn since(&self, now: Instant, age: Duration) -> i64 {
        self.marks.iter().rev().find(|(when, _)| now.duration_since(*when) >= age).map_or(self.low, |&(_, high)| high)
    }

    /// The poller could not read for `outage`: that time does not count towards the
    /// horizon (rows committed meanwhile on other nodes arrive when it reads again).
    fn pause(&mut self, outage: Duration) {
        for (when, _) in &mut self.marks {
            *when += outage;
        }
    }
}

/// Reads new and late rows forever, broadcasting each once.
async fn poll(store: Store, sender: broadcast::Sender<Arc<EventRow>>, mut window: Window, settled: Arc<AtomicI64>) {
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_full = Instant::now();
    let mut down_since: Option<Instant> = None;
    loop {
        tick.tick().await;
        let full = last_full.elapsed() >= FULL_RESCAN_EVERY;
        match poll_once(&store, &sender, &mut window, full).await {
            Ok(()) => {
                if full {
                    last_full = Instant::now();
                }
                if let Some(since) = down_since.take() {
                    tracing::info!("event poller: the database answers again");
                    window.pause(since.elapsed());
                }
                settled.store(window.low, Ordering::Relaxed);
            }
            // The server is shutting down.
            Err(crate::store::Error::Database(sqlx::Error::PoolClosed)) => return,
            Err(e) => {
                if down_since.is_none() {
                    tracing::warn!("event poller: {e}; retrying every {} ms", POLL_EVERY.as_millis());
                    down_since = Some(Instant::now());
                }
            }
        }
    }
}

/// One poll: the rows above the highest id seen, then the rows of the trailing window
/// that were not there before (the last [`RECENT`], or with `full` the whole window).
async fn poll_once(
    store: &Store,
    sender: &broadcast::Sender<Arc<EventRow>>,
    window: &mut Window,
    full: bool,
) -> crate::store::Result<()> {
    let send = |window: &mut Window, row: EventRow| {
        if window.first_time(row.id) {
            // No receivers is fine: nobody is watching right now.
            let _ = sender.send(Arc::new(row));
        }
    };
    loop {
        let rows = store.events_after(window.high, None, BATCH).await?;
        let more = rows.len() as i64 == BATCH;
        for row in rows {
            send(window, row);
        }
        if !more {
            break;
        }
    }
    let now = Instant::now();
    let from = if full { window.low } else { window.since(now, RECENT) };
    // Where ids commit in order (SQLite) no row can appear below the highest one seen:
    // reading the window again would cost a query over every recent event for nothing.
    if from < window.high && !store.backend().ids_commit_in_order() {
        let ids = store.event_ids_between(from, window.high, None).await?;
        let missing: Vec<i64> = ids.into_iter().filter(|id| *id > window.low && !window.seen.contains(id)).collect();
        if !missing.is_empty() {
            tracing::debug!(rows = missing.len(), "event poller: rows committed after higher ids");
            for row in store.events_with_ids(&missing).await? {
                send(window, row);
            }
        }
    }
    window.mark(now, HORIZON);
    Ok(())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/events", get(get_events)).route("/api/events/token", post(post_stream_token))
}

/// The answer of `POST /api/events/token`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StreamToken {
    /// Pass as `?token=` to `GET /api/events`; valid for `expires_in` seconds.
    pub token: String,
    pub expires_in: i64,
}

/// A short-lived token for `EventSource`, which cannot send an `Authorization` header.
#[utoipa::path(post, path = "/api/events/token", tag = "events",
    responses((status = 200, body = StreamToken),
              TokenErrors),
    security(("bearer" = [])))]
pub async fn post_stream_token(State(state): State<AppState>, user: AuthUser) -> Result<Json<StreamToken>, Error> {
    let token = state.keys.issue_for(&user.0, STREAM_AUDIENCE, STREAM_TOKEN_TTL_SECS).map_err(Error::Internal)?;
    Ok(Json(StreamToken { token, expires_in: STREAM_TOKEN_TTL_SECS }))
}

/// Query parameters of `GET /api/events`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamParams {
    /// A token from `POST /api/events/token`, for clients that cannot send a header.
    pub token: Option<String>,
    /// Resume after this event id (the `Last-Event-ID` header wins when both are sent);
    /// at most the last 1,000 events (`CHATORDER_EVENT_REPLAY`) are replayed.
    pub last_event_id: Option<i64>,
}

/// One event as sent in an SSE `data:` line (the SSE `id:` is the same `id`).
/// [`OrderEventMessage`] describes the SSE fields around it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderEvent {
    pub id: i64,
    /// `order.created`, `order.status`, `order.updated` (lines added),
    /// `order.checkout` (card payment opened) or `order.paid`.
    pub kind: String,
    pub order_id: i64,
    /// The status before the change; null for a new order.
    pub from: Option<String>,
    /// The status after the change.
    pub status: Option<String>,
    /// The order as `GET /api/orders/{id}` shows it, as of this event.
    pub order: serde_json::Value,
}

/// One Server-Sent Event of `GET /api/events`, field by field (heartbeat comments aside).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OrderEventMessage {
    /// Always `order`.
    #[schema(pattern = "^order$")]
    pub event: String,
    /// The outbox id, the same as `data.id`; send it back as `Last-Event-ID` to resume.
    #[schema(pattern = "^[0-9]+$")]
    pub id: String,
    /// An `OrderEvent`, as JSON.
    #[schema(content_media_type = "application/json")]
    pub data: String,
}

impl OrderEvent {
    fn from_row(row: &EventRow) -> Self {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
        let order = payload.get("order").cloned().unwrap_or_default();
        Self {
            id: row.id,
            kind: row.kind.clone(),
            order_id: row.order_id,
            from: payload.get("from").and_then(|v| v.as_str()).map(str::to_owned),
            status: order.get("status").and_then(|v| v.as_str()).map(str::to_owned),
            order,
        }
    }
}

/// Order events as Server-Sent Events (event name `order`, id = the outbox id): own
/// orders for customers, all for staff. Authenticated by `Authorization: Bearer` or
/// `?token=` from `POST /api/events/token`; resumes after `Last-Event-ID`.
#[utoipa::path(get, path = "/api/events", tag = "events", params(StreamParams),
    responses((status = 200, description = "a stream of `order` events, each `data:` an OrderEvent", body = OrderEventMessage,
               content_type = "text/event-stream"),
              TokenErrors,
              (status = 422, description = "a bad last_event_id", body = ErrorBody),
              (status = 429, description = "too many streams open for this account", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait")))),
    security(("bearer" = [])))]
pub async fn get_events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<StreamParams>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Error> {
    let user = authenticate(&state, &headers, params.token.as_deref())?;
    let AuthUser(user) = AuthUser::current(&state, user).await?;
    let slot = state.limits.open_stream(user.id)?;
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(params.last_event_id);
    let live = state.events.subscribe();
    let newest = state.store.last_event_id().await?;
    let after = replay_start(resume, newest, i64::from(state.config.limits.event_replay));
    // The rows at or below the starting point that the poller may still broadcast and
    // that are there already count as sent: they were committed before the stream
    // opened (or skipped by a capped replay). One of those ids committing later is new.
    // Read before the response starts, so a commit the client makes after it is new.
    let owner = (!user.role.is_staff()).then_some(user.id);
    let present = state.store.event_ids_between(state.events.settled().min(after), after, owner).await?;
    let sent = Sent { ids: present.into_iter().collect() };
    let (tx, rx) = mpsc::channel(64);
    let stream = Subscriber {
        store: state.store.clone(),
        hub: state.events.clone(),
        user,
        recheck: Duration::from_secs(state.config.limits.stream_recheck),
        closing: state.events.closing.subscribe(),
        _slot: slot,
    };
    tokio::spawn(stream.forward(after, sent, live, tx));
    Ok(Sse::new(ReceiverStream::new(rx)).keep_alive(KeepAlive::new().interval(HEARTBEAT_EVERY).text("heartbeat")))
}

/// The id to replay after. A fresh connection starts at "now"; a resume id is kept
/// within the last `depth` events (older ones are skipped, so one request cannot make
/// the server read the whole table), and one above the newest id (from another
/// database, or made up) starts at the newest, so new events still arrive.
fn replay_start(resume: Option<i64>, newest: i64, depth: i64) -> i64 {
    match resume {
        None => newest,
        Some(id) => id.clamp((newest - depth).max(0), newest),
    }
}

/// The user a valid token names, from the header (a normal token) or the query (a stream
/// token only); [`AuthUser::current`] then checks the account.
fn authenticate(state: &AppState, headers: &HeaderMap, query_token: Option<&str>) -> Result<User, Error> {
    if let Some(value) = headers.get(axum::http::header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| Error::Unauthorized)?;
        let token =
            value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")).ok_or(Error::Unauthorized)?;
        return state.keys.verify(token.trim()).ok_or(Error::Unauthorized);
    }
    let token = query_token.ok_or(Error::Unauthorized)?;
    state.keys.verify_for(token, STREAM_AUDIENCE).ok_or(Error::Unauthorized)
}

/// One open stream: whom it serves and what can end it.
struct Subscriber {
    store: Store,
    /// Where the poller has settled, below which sent ids are forgotten.
    hub: Hub,
    /// The account as it was when the stream opened.
    user: User,
    /// How often the account is read again; the stream ends when it has changed.
    recheck: Duration,
    /// The server's shutdown.
    closing: watch::Receiver<bool>,
    /// This stream's place among the account's open streams, freed when it ends.
    _slot: StreamSlot,
}

/// Why a stream stopped sending.
enum End {
    /// The client went, the account changed, the server is closing, or the database failed.
    Stop,
    /// Fell behind the broadcast: catch up from the database.
    Lagged,
}

impl Subscriber {
    /// Sends the replay, then the live rows, until the client disconnects, the account
    /// no longer qualifies for what the stream carries, or the server shuts down.
    ///
    /// Every broadcast row not sent yet and not there when the stream opened is sent,
    /// even one below `start`: an id below the newest can commit after it (MySQL hands
    /// ids out at insert; Galera interleaves its nodes' ids).
    async fn forward(
        self,
        start: i64,
        mut sent: Sent,
        mut live: broadcast::Receiver<Arc<EventRow>>,
        tx: mpsc::Sender<Result<Event, Infallible>>,
    ) {
        let mut after = start;
        let mut recheck = tokio::time::interval(self.recheck);
        recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        recheck.reset();
        let mut closing = self.closing.clone();
        loop {
            if !self.replay(after, &mut sent, &tx).await {
                return;
            }
            let end = loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(row) => {
                            sent.forget_below(self.hub.settled());
                            if visible(&self.user, &row) && sent.first_time(row.id) && tx.send(Ok(to_sse(&row))).await.is_err() {
                                break End::Stop;
                            }
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => break End::Lagged,
                        Err(broadcast::error::RecvError::Closed) => break End::Stop,
                    },
                    _ = recheck.tick() => if !self.still_qualifies().await {
                        break End::Stop;
                    },
                    () = closed(&mut closing) => break End::Stop,
                    () = tx.closed() => break End::Stop,
                }
            };
            if let End::Stop = end {
                return;
            }
            // Fell behind the broadcast: read again everything the poller may still
            // broadcast (above its settled id), skipping what was sent. (A row below
            // `start` first seen during the lag is the one thing not caught up.)
            after = start.max(self.hub.settled());
        }
    }

    /// Sends the rows after `after` from the database that were not sent yet, this
    /// user's only unless staff. `false` when the stream should end.
    async fn replay(&self, mut after: i64, sent: &mut Sent, tx: &mpsc::Sender<Result<Event, Infallible>>) -> bool {
        let owner = (!self.user.role.is_staff()).then_some(self.user.id);
        loop {
            let rows = match self.store.events_after(after, owner, BATCH).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!("event replay: {e}");
                    return false;
                }
            };
            let full = rows.len() as i64 == BATCH;
            for row in rows {
                after = after.max(row.id);
                if visible(&self.user, &row) && sent.first_time(row.id) && tx.send(Ok(to_sse(&row))).await.is_err() {
                    return false;
                }
            }
            if !full {
                return true;
            }
        }
    }

    /// Whether the account still exists as it was when the stream opened (same name and
    /// role): a demoted staff member must stop seeing everyone's orders, a deleted
    /// account must stop seeing anything. Read from the database, not the short-lived
    /// cache of accounts, so a change counts within one recheck.
    async fn still_qualifies(&self) -> bool {
        match self.store.user_by_id(self.user.id).await {
            Ok(Some(now)) if now == self.user => true,
            Ok(_) => {
                tracing::info!(user_id = self.user.id, "event stream ended: the account changed");
                false
            }
            // A database hiccup is not a reason to drop a live page; try again next time.
            Err(e) => {
                tracing::warn!("event stream recheck: {e}");
                true
            }
        }
    }
}

/// Resolves once the server is shutting down (or the hub is gone).
async fn closed(closing: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is dropped here, not held across the caller's awaits.
    let _ = closing.wait_for(|closing| *closing).await.map(|_| ());
}

fn visible(user: &User, row: &EventRow) -> bool {
    user.role.is_staff() || row.user_id == user.id
}

/// The ids one subscriber has been sent, so the broadcast copy of a replayed row (or a
/// row read again after a catch-up) goes out once. Ids at or below the poller's
/// settled id are forgotten: the poller never broadcasts those again.
#[derive(Default)]
struct Sent {
    ids: BTreeSet<i64>,
}

impl Sent {
    fn first_time(&mut self, id: i64) -> bool {
        self.ids.insert(id)
    }

    fn forget_below(&mut self, settled: i64) {
        if self.ids.first().is_some_and(|&first| first <= settled) {
            self.ids = self.ids.split_off(&(settled + 1));
        }
    }
}

fn to_sse(row: &EventRow) -> Event {
    let data = serde_json::to_string(&OrderEvent::from_row(row)).unwrap_or_else(|_| "{}".into());
    Event::default().id(row.id.to_string()).event("order").data(data)
}

#[cfg(test)]
mod tests {
    use super::Window;
    use std::time::{Duration, Instant};

    #[test]
    fn a_row_below_the_highest_seen_id_is_broadcast_once_when_it_commits() {
        let t0 = Instant::now();
        let mut w = Window::new(0, 0, [], t0);
        assert!(w.first_time(2));
        w.mark(t0, Duration::from_secs(60));
        // Id 1 commits later: still above the settled ids, so it is sent, once.
        assert_eq!(w.since(t0 + Duration::from_secs(5), Duration::from_secs(2)), 2);
        assert!(w.first_time(1));
        assert!(!w.first_time(1));
        assert!(!w.first_time(2));
    }

    #[test]
    fn a_missing_id_is_given_up_only_after_the_horizon_of_reading_time() {
        let t0 = Instant::now();
        let horizon = Duration::from_secs(60);
        let mut w = Window::new(0, 0, [], t0);
        assert!(w.first_time(3));
        w.mark(t0, horizon);
        assert!(w.first_time(6));
        w.mark(t0 + Duration::from_secs(30), horizon);
        // 30 s of outage do not count: at t0 + 80 s only 50 s of reading have passed.
        w.pause(Duration::from_secs(30));
        w.mark(t0 + Duration::from_secs(80), horizon);
        assert_eq!(w.low, 0);
        w.mark(t0 + Duration::from_secs(95), horizon);
        assert_eq!(w.low, 3, "ids up to 3 were passed over more than 60 s of reading ago");
        assert!(!w.first_time(1), "settled");
        assert!(w.first_time(5), "passed over only 35 s ago");
        assert!(w.seen.iter().all(|&id| id > 3), "the seen set is pruned below the settled id");
    }

    #[test]
    fn ids_present_at_start_are_not_broadcast_but_a_late_one_among_them_is() {
        let t0 = Instant::now();
        let mut w = Window::new(90, 100, [91, 92, 94, 100], t0);
        assert!(!w.first_time(92));
        assert!(!w.first_time(90), "below the look-back");
        assert!(w.first_time(93));
        assert!(w.first_time(101));
    }

    #[test]
    fn a_resume_id_is_kept_within_the_replay_depth_and_the_newest_id() {
        use super::replay_start;
        assert_eq!(replay_start(None, 500, 100), 500);
        assert_eq!(replay_start(Some(450), 500, 100), 450);
        assert_eq!(replay_start(Some(0), 500, 100), 400);
        assert_eq!(replay_start(Some(0), 50, 100), 0);
        assert_eq!(replay_start(Some(999_999), 500, 100), 500);
        assert_eq!(replay_start(Some(-5), 500, 1000), 0);
    }
}
