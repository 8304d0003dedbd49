//! The operator commands behind `chatorder <command>`; `main.rs` dispatches here.

pub mod check;
pub mod eval;
pub mod parse;

use crate::config::{Cli, Command};

/// Runs the command line and returns the process exit code.
///
/// # Errors
/// Startup problems (unreadable files, no database), reported by `main`.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Parse(args)) => parse::run(args),
        Some(Command::Eval(args)) => eval::run(args),
        Some(Command::Serve(_)) | None => anyhow::bail!("not built yet"),
    }
}
