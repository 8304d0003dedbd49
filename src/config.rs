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
    /// Folder of conversation files.
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
    pub role: crate::store::Role,
    /// Same database as `serve`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://chatorder.db")]
    pub database_url: String,
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
}

impl ServeArgs {
    pub fn is_production(&self) -> bool {
        self.environment.eq_ignore_ascii_case("production")
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
