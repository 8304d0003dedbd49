//! The operator commands behind `chatorder <command>`; `main.rs` dispatches here.

pub mod chat;
pub mod check;
pub mod clinc;
pub mod eval;
pub mod foodordering;
pub mod loadtest;
pub mod parse;
mod serve;
pub mod test;
mod user;

use anyhow::Context as _;

use crate::catalog::Catalog;
use crate::config::{CatalogArgs, Cli, Command};

/// Runs the command line and returns the process exit code.
///
/// # Errors
/// Startup problems (unreadable files, no database), reported by `main`.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Some(Command::Loadtest(args)) => tokio::runtime::Runtime::new()?.block_on(loadtest::run(args)),
        Some(Command::Serve(args)) => serve::run(args),
        None => serve::run(cli.serve),
        Some(Command::User(command)) => user::run(command),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Parse(args)) => parse::run(args),
        Some(Command::Eval(args)) => eval::run(args),
        Some(Command::Chat(args)) => {
            let Ok(catalog) = load(&args) else { return Ok(1) };
            let stdin = std::io::stdin();
            Ok(chat::run(&catalog, &crate::acts::understand, stdin.lock(), &mut std::io::stdout())?)
        }
        Some(Command::Test(args)) => {
            let Ok(catalog) = load(&args.catalog) else { return Ok(1) };
            let results = test::run_dir(&catalog, &args.dir, &crate::acts::understand)
                .with_context(|| format!("cannot read {}", args.dir.display()))?;
            Ok(test::report(&results, &mut std::io::stdout())?)
        }
    }
}

/// Loads the catalog for a command; a bad one is printed, every problem as
/// `file:line:column: message`, and the command ends with exit code 1.
fn load(args: &CatalogArgs) -> Result<Catalog, crate::catalog::Problems> {
    Catalog::load(&args.menu, &args.intents).inspect_err(|problems| eprintln!("{problems}"))
}
