//! `chatorder user create`: make an account (staff and admins cannot register through
//! the API); the password comes from stdin so it never sits in shell history.

use std::io::BufRead;

use anyhow::Context;

use crate::auth::{self, password};
use crate::config::{UserCommand, UserCreateArgs};
use crate::store::{self, Store};

/// Runs a `user` subcommand.
///
/// # Errors
/// A bad username or password, a taken username, or no database.
pub(super) fn run(command: UserCommand) -> anyhow::Result<i32> {
    match command {
        UserCommand::Create(args) => create(args),
    }
}

fn create(args: UserCreateArgs) -> anyhow::Result<i32> {
    if !auth::valid_username(&args.username) {
        eprintln!("error: username must be 1 to 64 ASCII letters, digits, '.', '_', '-' or '@'");
        return Ok(2);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from stdin")?;
    let pass = line.trim_end_matches(['\n', '\r']).to_owned();
    if !auth::valid_password_len(&pass) {
        eprintln!("error: the password must be {} to {} characters", auth::MIN_PASSWORD_LEN, auth::MAX_PASSWORD_LEN);
        return Ok(2);
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let store = Store::connect(&args.database_url).await?;
        let hash = password::hash(pass).await?;
        let result = store.create_user(&args.username, &hash, args.role.into()).await;
        store.close().await;
        match result {
            Ok(user) => {
                println!("created {} {:?} (id {})", user.role.as_str(), user.username, user.id);
                Ok(0)
            }
            Err(store::Error::Duplicate) => {
                eprintln!("error: the username {:?} is taken", args.username);
                Ok(1)
            }
            Err(e) => Err(e.into()),
        }
    })
}
