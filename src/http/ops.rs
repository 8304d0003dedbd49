//! Operability: `GET /api/health` (with a database round trip) and `GET /metrics`.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serde::Serialize;

use super::error::ErrorBody;
use super::{AppState, Error, Json};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/health", get(get_health)).route("/metrics", get(get_metrics))
}

/// Liveness and the database's state.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct Health {
    /// `ok` or `degraded`.
    pub status: &'static str,
    /// `ok` or `unreachable`.
    pub database: &'static str,
}

/// 200 when the database answers, 503 when it does not.
#[utoipa::path(get, path = "/api/health", tag = "operations",
    responses((status = 200, body = Health),
              (status = 503, body = Health)))]
pub(super) async fn get_health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", database: "ok" })),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "degraded", database: "unreachable" }))
        }
    }
}

/// Prometheus text: requests by route and status, latency histograms, orders by status.
/// With `CHATORDER_METRICS_TOKEN` set, only for `Authorization: Bearer <that token>`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", content_type = "text/plain"),
              (status = 401, description = "a metrics token is configured and was not sent", body = ErrorBody)))]
pub(super) async fn get_metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, Error> {
    if let Some(expected) = state.config.net.metrics_token.as_deref().filter(|t| !t.is_empty()) {
        let sent =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if !sent.is_some_and(|sent| same_secret(sent.trim().as_bytes(), expected.as_bytes())) {
            return Err(Error::Unauthorized);
        }
    }
    let mut text = state.metrics.render();
    if let Some(counts) = state.order_gauge.counts(&state.store).await {
        text.push_str("# TYPE chatorder_orders gauge\n");
        for status in crate::store::Status::ALL {
            let n = counts.iter().find(|(s, _)| s == status.as_str()).map_or(0, |(_, n)| *n);
            text.push_str(&format!("chatorder_orders{{status=\"{status}\"}} {n}\n"));
        }
    }
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text))
}

/// Compares without stopping at the first difference, so timing does not give the token away.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// How long order counts are reused between scrapes.
const GAUGE_FRESH_FOR: Duration = Duration::from_secs(5);

/// Orders by status, counted in the database (so every server process sharing it reports
/// the same truth) at most once per [`GAUGE_FRESH_FOR`], however often `/metrics` is
/// scraped: the count reads the whole orders table's status index.
#[derive(Debug, Default)]
pub struct OrderGauge {
    /// The last counts and when they were read. A tokio mutex: scrapes arriving while a
    /// count runs wait for it instead of starting their own.
    last: tokio::sync::Mutex<Option<(Instant, Counts)>>,
}

/// Orders per status name.
type Counts = Vec<(String, i64)>;

impl OrderGauge {
    /// The counts, fresh enough; `None` when the database cannot be read.
    async fn counts(&self, store: &crate::store::Store) -> Option<Counts> {
        let mut last = self.last.lock().await;
        if let Some((read, counts)) = last.as_ref() {
            if read.elapsed() < GAUGE_FRESH_FOR {
                return Some(counts.clone());
            }
        }
        let counts = store.order_counts().await.ok()?;
        *last = Some((Instant::now(), counts.clone()));
        Some(counts)
    }
}
