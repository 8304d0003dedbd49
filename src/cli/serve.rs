//! `chatorder serve`: start tracing, build the app state and serve until SIGTERM/Ctrl-C.

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, ServeArgs};
use crate::http::{self, AppState};

/// Runs the server until a shutdown signal, then finishes the requests in flight.
///
/// # Errors
/// Startup failures: invalid catalog, unreachable database, address in use.
pub fn run(args: ServeArgs) -> anyhow::Result<i32> {
    init_tracing(args.log_format);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let state = AppState::build(&args).await?;
        let listener =
            tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        tracing::info!(catalog = %state.catalog().summary(), database = %redact(&args.database_url), "ready");
        println!("chatorder is serving on http://{addr} (try http://{addr}/api/menu)");
        http::run(listener, state, http::shutdown_signal()).await?;
        Ok(0)
    })
}

fn init_tracing(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

/// The database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
