//! `chatorder serve`: start tracing, build the app state and serve until SIGTERM/Ctrl-C.

use std::io::IsTerminal;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, ServeArgs};
use crate::http::{self, AppState};
use crate::store::redact_url;

/// Runs the server until a shutdown signal, then finishes the requests in flight.
///
/// # Errors
/// Startup failures: invalid catalog, unreachable database, address in use.
pub(super) fn run(args: ServeArgs) -> anyhow::Result<i32> {
    init_tracing(args.log_format);
    raise_open_file_limit(args.net.max_connections);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let state = AppState::build(&args).await?;
        let listener =
            tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        tracing::info!(catalog = %state.catalog().summary(), database = %redact_url(&args.database_url), "ready");
        println!("chatorder is serving on http://{addr} (try http://{addr}/api/menu)");
        http::run(listener, state, http::shutdown_signal()).await?;
        Ok(0)
    })
}

fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // Colour codes only for a person at a terminal, never in a file or a log collector.
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// Raises the soft limit on open files to the hard limit (the default soft limit, often
/// 1024, is what idle sockets exhausted), and warns when the connection cap does not fit.
fn raise_open_file_limit(max_connections: u32) {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => {
            tracing::debug!(limit, "open file limit");
            // Each connection is a descriptor; the database, files and the runtime need some too.
            if u64::from(max_connections) + 64 > limit {
                tracing::warn!(
                    limit,
                    max_connections,
                    "CHATORDER_MAX_CONNECTIONS is close to the open file limit; lower it or raise the limit"
                );
            }
        }
        Err(e) => tracing::warn!("cannot raise the open file limit: {e}"),
    }
}
