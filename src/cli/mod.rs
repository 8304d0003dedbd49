//! The operator commands behind `chatorder <command>`; `main.rs` dispatches here.

mod serve;
mod user;

use crate::config::{Cli, Command};

/// Runs the command line and returns the process exit code.
///
/// # Errors
/// Startup problems (unreadable files, no database), reported by `main`.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Serve(args)) => serve::run(args),
        None => serve::run(cli.serve),
        Some(Command::User(command)) => user::run(command),
        Some(Command::Check(_)) | Some(Command::Parse(_)) => {
            anyhow::bail!("not built yet")
        }
    }
}
