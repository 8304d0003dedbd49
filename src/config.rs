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
    /// Validate the menu and intents files.
    Check(CatalogArgs),
    /// Drive simulated customers against running servers and audit what they left.
    Loadtest(LoadtestArgs),
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
