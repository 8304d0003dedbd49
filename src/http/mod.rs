//! The REST API (axum): shared state, the router with its layers, and the server loop
//! with graceful shutdown. Each area builds its own `router()`; [`app`] merges them.

mod accounts;
mod admin;
pub mod availability;
mod caller;
mod chat;
mod error;
pub mod events;
mod extract;
mod layers;
pub mod limits;
mod menu;
mod openapi;
mod ops;
mod orders;
mod payments;
pub mod reload;
pub mod server;
mod transcripts;
pub mod web;
mod webhooks;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;

pub use error::Error;
pub use extract::{IdempotencyKey, Json, Path, Query};
pub use orders::price_lines;

use crate::auth::{Keys, Throttle};
use crate::catalog::{Catalog, LiveCatalog};
use crate::config::ServeArgs;
use crate::store::Store;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler can reach. Cheap to clone (all `Arc`s and a pool).
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The live catalog: reloaded from its folders, with admins' availability on top.
    pub catalog: Arc<LiveCatalog>,
    pub config: Arc<ServeArgs>,
    pub keys: Arc<Keys>,
    pub throttle: Arc<Throttle>,
    /// Accounts that tokens named, remembered for a few seconds.
    pub accounts: Arc<crate::auth::Accounts>,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
    /// This process's poller of the `events` table, shared by every SSE subscriber.
    pub events: events::Hub,
    /// Rate limits per address and per account, and open event streams per account.
    pub limits: Arc<limits::Limits>,
    /// Places for password hashes; a full queue answers 503.
    pub hashing: crate::auth::password::HashQueue,
    /// The order counts `/metrics` reports, read from the database at most every few seconds.
    pub order_gauge: Arc<ops::OrderGauge>,
    /// Card payment through Stripe, when `STRIPE_SECRET_KEY` is set.
    pub stripe: Option<Arc<crate::payments::Stripe>>,
}

impl AppState {
    /// Connects and migrates the database, loads the catalog and picks the token secret.
    ///
    /// # Errors
    /// An invalid catalog, an unreachable database, or no secret in production.
    pub async fn build(args: &ServeArgs) -> anyhow::Result<Self> {
        args.validate()?;
        let secret = crate::auth::secret::resolve(
            args.jwt_secret.as_deref(),
            args.is_production(),
            &args.database_url,
            args.jwt_secret_file.as_deref(),
        )?;
        let store = Store::connect(&args.database_url).await?;
        let overrides = store.availability().await.context("reading item availability")?;
        let catalog = LiveCatalog::load(&args.catalog.menu, &args.catalog.intents, overrides)
            .map_err(|problems| anyhow::anyhow!("the menu or intents are invalid:\n{problems}"))?;
        let events = events::Hub::start(&store).await.context("reading the events table")?;
        Ok(Self {
            store,
            catalog: Arc::new(catalog),
            config: Arc::new(args.clone()),
            keys: Arc::new(Keys::new(&secret)),
            throttle: Arc::new(Throttle::new(args.limits.rate_limits.is_on().then_some(args.limits.login_failures))),
            accounts: Arc::default(),
            metrics: layers::metrics_handle(),
            events,
            limits: Arc::new(limits::Limits::new(&args.limits)),
            hashing: hash_queue(&args.limits),
            order_gauge: Arc::default(),
            stripe: args.stripe.client().map(Arc::new),
        })
    }

    /// The catalog as of now; hold it for one request, not longer.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.current()
    }
}

/// The hashing queue the settings ask for. With rate limits off it is unbounded too: a
/// load tool registers its customers all at once and would be refused (503) otherwise.
fn hash_queue(limits: &crate::config::LimitArgs) -> crate::auth::password::HashQueue {
    let places =
        if limits.rate_limits.is_on() { limits.hash_queue as usize } else { tokio::sync::Semaphore::MAX_PERMITS };
    crate::auth::password::HashQueue::new(places)
}

/// The whole application: every route, the JSON fallbacks, and the layers.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(accounts::router())
        .merge(chat::router())
        .merge(orders::router())
        .merge(payments::router())
        .merge(menu::router())
        .merge(transcripts::router())
        .merge(admin::router())
        .merge(availability::router())
        .merge(ops::router())
        .merge(openapi::router())
        .merge(events::router())
        .merge(webhooks::router())
        .merge(web::router());
    layers::wrap(api, state)
}

/// Serves `state` on `listener` until `shutdown` resolves, then finishes the requests in
/// flight. Also watches the catalog folders for edits, follows the stored availability
/// and runs the webhook deliverer.
///
/// # Errors
/// The listener fails.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let _watcher = reload::watch(state.clone()).map_err(|e| tracing::warn!("catalog hot reload is off: {e:#}")).ok();
    let store = state.store.clone();
    tokio::spawn(availability::follow(state.clone()));
    crate::webhooks::start(state.store.clone(), state.config.webhooks.settings());
    let net = &state.config.net;
    let options = server::ServeOptions {
        header_timeout: Duration::from_secs(net.header_timeout),
        max_connections: net.max_connections as usize,
        drain: Duration::from_secs(net.drain_timeout),
    };
    let events = state.events.clone();
    // Event streams never end by themselves: end them when the signal comes, so their
    // connections can close and the drain can finish.
    let shutdown = async move {
        shutdown.await;
        events.close();
    };
    server::serve(listener, app(state), options, shutdown).await;
    store.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
