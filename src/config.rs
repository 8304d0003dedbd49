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
    /// Score the parser on labelled messages: JSON lines `{"text", "lines"}`, or the PIZZA format.
    Eval(EvalArgs),
    /// A conversation in the terminal (one message per stdin line), showing the cart after each turn.
    Chat(CatalogArgs),
    /// Run conversation test files (`*.toml`, see docs/conversation-tests.md).
    Test(TestArgs),
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
}
