//! Command-line flags and environment variables (clap), one struct per concern.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// chatorder: chat text in, structured food orders out.
#[derive(Debug, Parser)]
#[command(name = "chatorder", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Running `chatorder` with no command serves HTTP with these flags.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the REST API and the web pages (the default).
    Serve(ServeArgs),
    /// Parse messages (arguments, or stdin lines) and print one JSON object each.
    Parse(ParseArgs),
    /// Validate the menu and intents files (and `menu/examples/*.toml`, each as its own menu).
    Check(CatalogArgs),
    /// Drive simulated customers against running servers and audit what they left.
    Loadtest(LoadtestArgs),
    /// Score the parser on labelled messages: JSON lines `{"text", "lines"}`, or the PIZZA format.
    Eval(EvalArgs),
    /// A conversation in the terminal (one message per stdin line), showing the cart after each turn.
    Chat(CatalogArgs),
    /// Run conversation test files (`*.toml`, see docs/conversation-tests.md).
    Test(TestArgs),
    /// Manage accounts (`user create` bootstraps staff and admins).
    #[command(subcommand)]
    User(UserCommand),
}

/// `chatorder test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Folder of conversation files, or one file.
    #[arg(default_value = "tests/conversations")]
    pub dir: PathBuf,
}

/// `chatorder user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from stdin (first line).
    Create(UserCreateArgs),
}

/// `chatorder user create`.
#[derive(Debug, Args)]
pub struct UserCreateArgs {
    /// The new account's username (unique regardless of case).
    #[arg(long)]
    pub username: String,
    /// customer, staff or admin.
    #[arg(long, value_enum, default_value = "customer")]
    pub role: RoleArg,
    /// Same database as `serve`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://chatorder.db")]
    pub database_url: String,
}

/// A role as the command line spells it; clap stays out of the domain's `Role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    Customer,
    Staff,
    Admin,
}

impl From<RoleArg> for crate::account::Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Customer => Self::Customer,
            RoleArg::Staff => Self::Staff,
            RoleArg::Admin => Self::Admin,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Where the operator's files are.
#[derive(Debug, Clone, Args)]
pub struct CatalogArgs {
    /// Folder of menu files (`*.toml`).
    #[arg(long, env = "CHATORDER_MENU", default_value = "menu")]
    pub menu: PathBuf,
    /// Folder of intent files (`*.toml`).
    #[arg(long, env = "CHATORDER_INTENTS", default_value = "intents")]
    pub intents: PathBuf,
}

/// `chatorder parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Add the trace: each token's menu term, the rule that fired, edit distance and stem.
    #[arg(long)]
    pub explain: bool,
    /// Messages to parse; without any, each line of stdin is one message.
    pub text: Vec<String>,
}

/// `chatorder eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// The file is in the PIZZA dataset's format (`dev.SRC`/`dev.EXR` or `test.SRC`/`test.EXR`).
    #[arg(long)]
    pub pizza: bool,
    /// The file is CLINC150's JSON (`{"train": [[text, intent], …], …}`): replays its
    /// messages through the dialogue and counts carts changed by non-food messages,
    /// yes/no at the read-back, and greetings, thanks and goodbyes understood.
    #[arg(long, conflicts_with = "pizza")]
    pub clinc: bool,
    /// With `--clinc`: the splits to read, comma-separated (default: every split in the file).
    #[arg(long, value_delimiter = ',', requires = "clinc")]
    pub split: Vec<String>,
    /// How many failures to print (all by default).
    #[arg(long)]
    pub failures: Option<usize>,
    /// Labelled file: JSON lines.
    pub file: PathBuf,
}

/// `chatorder serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Address to listen on.
    #[arg(long, env = "CHATORDER_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// `sqlite://FILE` (created if missing) or `mysql://user:pass@host:port/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://chatorder.db")]
    pub database_url: String,
    /// Token signing secret (at least 32 characters). Required when CHATORDER_ENV=production;
    /// otherwise a per-install secret is generated and kept beside the SQLite file.
    #[arg(long, env = "JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// `production` refuses to start without JWT_SECRET.
    #[arg(long = "env", env = "CHATORDER_ENV", default_value = "development")]
    pub environment: String,
    /// Log lines as text or JSON (filter with RUST_LOG, default info).
    #[arg(long, env = "CHATORDER_LOG_FORMAT", value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Where the generated per-install secret is kept when JWT_SECRET is unset (outside
    /// production): default beside the SQLite file, or `./.jwt_secret` for MySQL.
    #[arg(long, env = "JWT_SECRET_FILE")]
    pub jwt_secret_file: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub stripe: Box<StripeArgs>,
    #[command(flatten)]
    pub webhooks: WebhookArgs,
}

impl ServeArgs {
    pub fn is_production(&self) -> bool {
        self.environment.eq_ignore_ascii_case("production")
    }

    /// Checks settings that only make sense together.
    ///
    /// # Errors
    /// Rate limits switched off in production.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.is_production() && !self.limits.rate_limits.is_on() {
            anyhow::bail!(
                "CHATORDER_RATE_LIMITS=off is for load tests and replay tools; it is refused with CHATORDER_ENV=production"
            );
        }
        Ok(())
    }
}

/// `on` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

impl Switch {
    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

/// Limits on what one client or account may ask of the server.
#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// `off` switches off every rate limit below, the login throttle and the hashing
    /// queue's bound (load tests and replay tools only; refused in production).
    #[arg(long, env = "CHATORDER_RATE_LIMITS", value_enum, default_value = "on")]
    pub rate_limits: Switch,
    /// Failed logins per username or client address in a minute before 429.
    #[arg(long, env = "CHATORDER_LOGIN_FAILURES", default_value_t = crate::auth::throttle::MAX_FAILURES,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub login_failures: u32,
    /// Registrations per client address per minute.
    #[arg(long, env = "CHATORDER_REGISTRATIONS_PER_MINUTE", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub registrations_per_minute: u32,
    /// Chat turns (`POST /api/messages`) per account per minute.
    #[arg(long, env = "CHATORDER_CHAT_TURNS_PER_MINUTE", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub chat_turns_per_minute: u32,
    /// Password hashes waiting or running at once; registrations and logins beyond it get
    /// 503 with Retry-After.
    #[arg(long, env = "CHATORDER_HASH_QUEUE", default_value_t = 32,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub hash_queue: u32,
    /// Event streams (`GET /api/events`) open at once per account.
    #[arg(long, env = "CHATORDER_STREAMS_PER_USER", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub streams_per_user: u32,
    /// Most events a stream replays after `Last-Event-ID` (older ones are skipped).
    #[arg(long, env = "CHATORDER_EVENT_REPLAY", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub event_replay: u32,
    /// Seconds between checks that an open event stream's account still exists with the
    /// same role (the stream ends when it does not).
    #[arg(long, env = "CHATORDER_STREAM_RECHECK", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub stream_recheck: u64,
}

/// How connections are accepted, timed out and drained.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Seconds a client may take to send a request's headers, and to start the next
    /// request on a kept-alive connection, before the connection is closed.
    #[arg(long, env = "CHATORDER_HEADER_TIMEOUT", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Connections served at once; further ones wait in the listen queue.
    #[arg(long, env = "CHATORDER_MAX_CONNECTIONS", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Seconds to finish requests in flight after SIGTERM before exiting anyway.
    #[arg(long, env = "CHATORDER_DRAIN_TIMEOUT", default_value_t = 10)]
    pub drain_timeout: u64,
    /// Reverse proxies (IP addresses, comma-separated) whose `X-Forwarded-For` names the
    /// client; from any other peer the header is ignored.
    #[arg(long, env = "CHATORDER_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// When set, `GET /metrics` wants `Authorization: Bearer <this>`.
    #[arg(long, env = "CHATORDER_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
}

/// Card payment through Stripe Checkout; off without a secret key.
#[derive(Debug, Clone, Args)]
pub struct StripeArgs {
    /// The account's secret key (`sk_…`); unset: orders are paid on pickup or delivery.
    #[arg(long, env = "STRIPE_SECRET_KEY", hide_env_values = true)]
    pub stripe_secret_key: Option<String>,
    /// The webhook endpoint's signing secret (`whsec_…`).
    #[arg(long, env = "STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub stripe_webhook_secret: Option<String>,
    /// Stripe's API address (a stand-in's in tests).
    #[arg(long, env = "STRIPE_API_BASE", default_value = "https://api.stripe.com")]
    pub stripe_api_base: String,
    /// The currency of the menu's prices, as Stripe names it.
    #[arg(long, env = "STRIPE_CURRENCY", default_value = "usd")]
    pub stripe_currency: String,
    /// Where customers reach the chat page, for Checkout's success and cancel URLs.
    #[arg(long, env = "CHATORDER_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
}

impl StripeArgs {
    /// The Stripe client, when a secret key is set.
    pub fn client(&self) -> Option<crate::payments::Stripe> {
        let key = self.stripe_secret_key.as_deref().filter(|k| !k.is_empty())?;
        Some(crate::payments::Stripe::new(
            key,
            &self.stripe_api_base,
            self.stripe_webhook_secret.as_deref(),
            &self.stripe_currency,
            &self.public_url,
        ))
    }
}

/// How partners' webhooks are sent and retried (the endpoints are registered through
/// `POST /api/webhooks`).
#[derive(Debug, Clone, Args)]
pub struct WebhookArgs {
    /// Seconds an endpoint has to answer one delivery (connecting included).
    #[arg(long, env = "CHATORDER_WEBHOOK_TIMEOUT", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=300))]
    pub webhook_timeout: u64,
    /// Milliseconds before the first retry of a failed delivery; each later one waits
    /// twice as long (up to an hour), less a random part of up to half.
    #[arg(long, env = "CHATORDER_WEBHOOK_FIRST_RETRY_MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=3_600_000))]
    pub webhook_first_retry_ms: u64,
    /// Hours a failing delivery is retried before it is marked failed (replayable).
    #[arg(long, env = "CHATORDER_WEBHOOK_RETRY_HOURS", default_value_t = 24,
          value_parser = clap::value_parser!(u64).range(1..=720))]
    pub webhook_retry_hours: u64,
}

impl WebhookArgs {
    /// The deliverer's settings.
    pub fn settings(&self) -> crate::webhooks::Settings {
        use std::time::Duration;
        crate::webhooks::Settings {
            timeout: Duration::from_secs(self.webhook_timeout),
            schedule: crate::webhooks::Schedule {
                first: Duration::from_millis(self.webhook_first_retry_ms),
                cap: crate::webhooks::schedule::CAP,
                give_up_after: Duration::from_secs(self.webhook_retry_hours * 3600),
            },
        }
    }
}

/// `chatorder loadtest`.
#[derive(Debug, Args)]
pub struct LoadtestArgs {
    /// Base URL of a running server; repeat it to alternate requests between servers.
    #[arg(long, required = true)]
    pub url: Vec<String>,
    /// Simulated customers chatting at the same time.
    #[arg(long, default_value_t = 20)]
    pub customers: u32,
    /// How long to keep starting conversations, in seconds.
    #[arg(long, default_value_t = 30)]
    pub duration: u64,
}
