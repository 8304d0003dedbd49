//! The operator commands behind `chatorder <command>`; `main.rs` dispatches here.

use crate::config::{Cli, Command};

pub mod loadtest;

/// Runs the command line and returns the process exit code.
///
/// # Errors
/// Startup problems (unreadable files, no database), reported by `main`.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Loadtest(args)) => tokio::runtime::Runtime::new()?.block_on(loadtest::run(args)),
        Some(Command::Check(_)) | Some(Command::Parse(_)) | Some(Command::Serve(_)) | None => {
            anyhow::bail!("not built yet")
        }
    }
}
