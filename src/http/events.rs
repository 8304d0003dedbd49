//! `GET /api/events`: order events as Server-Sent Events, read from the database's
//! `events` outbox so every server process sharing one database delivers every event.
//!
//! One poller per process reads new rows every [`POLL_EVERY`] and broadcasts them; each
//! subscriber filters (customers: their own orders; staff: all). A subscriber first
//! subscribes to the broadcast, then replays rows after its `Last-Event-ID` from the
//! database, and drops broadcast rows it already sent: whatever is committed before or
//! during the connect is delivered exactly once.

use std::collections::BTreeSet;
use std::convert::Infallible;
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
/// How long an id gap may wait for its transaction to commit before it is given up as
/// a rollback. MySQL hands out auto-increment ids at insert, not commit, so a row with a
/// lower id can become visible after a higher one.
const GAP_PATIENCE: Duration = Duration::from_secs(5);

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
        let floor = store.last_event_id().await?;
        let (sender, _) = broadcast::channel(1024);
        tokio::spawn(poll(store.clone(), sender.clone(), floor));
        Ok(Self { sender, closing: Arc::new(watch::Sender::new(false)) })
    }

    /// A receiver of every event the poller broadcasts from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<EventRow>> {
        self.sender.subscribe()
    }

    /// Ends every open stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// Reads new rows forever, broadcasting each once, in id order as far as commits allow.
async fn poll(store: Store, sender: broadcast::Sender<Arc<EventRow>>, mut floor: i64) {
    // Ids above `floor` already broadcast; `floor + 1` itself is missing while non-empty.
    let mut seen = BTreeSet::new();
    let mut gap_since: Option<Instant> = None;
    let mut tick = tokio::time::interval(POLL_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let rows = match store.events_after(floor, None, BATCH).await {
            Ok(rows) => rows,
            // The server is shutting down.
            Err(crate::store::Error::Database(sqlx::Error::PoolClosed)) => return,
            Err(e) => {
                tracing::warn!("event poller: {e}");
                continue;
            }
        };
        for row in rows {
            if seen.insert(row.id) {
                // No receivers is fine: nobody is watching right now.
                let _ = sender.send(Arc::new(row));
            }
        }
        while seen.remove(&(floor + 1)) {
            floor += 1;
        }
        match (seen.first(), gap_since) {
            (None, _) => gap_since = None,
            (Some(_), None) => gap_since = Some(Instant::now()),
            (Some(&next), Some(since)) if since.elapsed() > GAP_PATIENCE => {
                floor = next - 1;
                while seen.remove(&(floor + 1)) {
                    floor += 1;
                }
                gap_since = seen.first().map(|_| Instant::now());
            }
            _ => {}
        }
    }
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
    /// `order.created` or `order.status`.
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
    let newest = state.store.last_event_id().await.map_err(|e| Error::Internal(e.into()))?;
    let after = replay_start(resume, newest, i64::from(state.config.limits.event_replay));
    let (tx, rx) = mpsc::channel(64);
    let stream = Subscriber {
        store: state.store.clone(),
        user,
        recheck: Duration::from_secs(state.config.limits.stream_recheck),
        closing: state.events.closing.subscribe(),
        _slot: slot,
    };
    tokio::spawn(stream.forward(after, live, tx));
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
    async fn forward(
        self,
        mut after: i64,
        mut live: broadcast::Receiver<Arc<EventRow>>,
        tx: mpsc::Sender<Result<Event, Infallible>>,
    ) {
        let mut sent = Sent { ids: BTreeSet::new(), below: after };
        let mut recheck = tokio::time::interval(self.recheck);
        recheck.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        recheck.reset();
        let mut closing = self.closing.clone();
        loop {
            if !self.replay(&mut after, &mut sent, &tx).await {
                return;
            }
            let end = loop {
                tokio::select! {
                    received = live.recv() => match received {
                        Ok(row) => {
                            after = after.max(row.id);
                            if sent.first_time(row.id) && visible(&self.user, &row) && tx.send(Ok(to_sse(&row))).await.is_err() {
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
        }
    }

    /// Sends the rows after `after` from the database, this user's only unless staff.
    /// `false` when the stream should end.
    async fn replay(&self, after: &mut i64, sent: &mut Sent, tx: &mpsc::Sender<Result<Event, Infallible>>) -> bool {
        let owner = (!self.user.role.is_staff()).then_some(self.user.id);
        loop {
            let rows = match self.store.events_after(*after, owner, BATCH).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!("event replay: {e}");
                    return false;
                }
            };
            let full = rows.len() as i64 == BATCH;
            for row in rows {
                *after = (*after).max(row.id);
                if sent.first_time(row.id) && visible(&self.user, &row) && tx.send(Ok(to_sse(&row))).await.is_err() {
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
/// row seen again after a catch-up) goes out once. Bounded: ids below the window are
/// treated as sent, which only matters for a commit more than `WINDOW` events late.
#[derive(Default)]
struct Sent {
    ids: BTreeSet<i64>,
    below: i64,
}

impl Sent {
    const WINDOW: usize = 4096;

    fn first_time(&mut self, id: i64) -> bool {
        if id <= self.below || !self.ids.insert(id) {
            return false;
        }
        while self.ids.len() > Self::WINDOW {
            if let Some(first) = self.ids.pop_first() {
                self.below = first;
            }
        }
        true
    }
}

fn to_sse(row: &EventRow) -> Event {
    let data = serde_json::to_string(&OrderEvent::from_row(row)).unwrap_or_else(|_| "{}".into());
    Event::default().id(row.id.to_string()).event("order").data(data)
}

#[cfg(test)]
mod tests {
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
