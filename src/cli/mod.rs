//! The operator commands behind `chatorder <command>`; `main.rs` dispatches here.

pub mod chat;
pub mod test;

use crate::config::{Cli, Command};

/// Runs the command line and returns the process exit code.
///
/// # Errors
/// Startup problems (unreadable files, no database), reported by `main`.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Check(_)) | Some(Command::Parse(_)) | Some(Command::Serve(_)) | None => {
            anyhow::bail!("not built yet")
        }
    }
}
