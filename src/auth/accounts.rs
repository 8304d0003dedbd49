//! A short-lived, per-process memory of the accounts bearer tokens named, so checking
//! that a token's account still exists costs a database read once per account every
//! few seconds instead of once per request. A role changed or an account removed in
//! the database takes effect within [`REMEMBER_FOR`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::account::User;
use crate::store::{self, Store};

/// How long an account read from the database is believed.
pub const REMEMBER_FOR: Duration = Duration::from_secs(10);
/// Above this many remembered accounts, the expired ones are dropped (all of them if
/// none has expired), so the memory stays bounded.
const MAX_REMEMBERED: usize = 50_000;

/// Accounts by id, each with the time it was read. Absent accounts are not
/// remembered: they are refused every time, from the database.
#[derive(Debug, Default)]
pub struct Accounts {
    known: Mutex<HashMap<i64, (User, Instant)>>,
}

impl Accounts {
    /// The account with this id as the database had it at most [`REMEMBER_FOR`] ago.
    ///
    /// # Errors
    /// The database fails.
    pub async fn get(&self, store: &Store, id: i64) -> Result<Option<User>, store::Error> {
        if let Some((user, read)) = self.lock().get(&id) {
            if read.elapsed() < REMEMBER_FOR {
                return Ok(Some(user.clone()));
            }
        }
        let user = store.user_by_id(id).await?;
        let mut known = self.lock();
        match &user {
            Some(user) => {
                if known.len() >= MAX_REMEMBERED {
                    known.retain(|_, (_, read)| read.elapsed() < REMEMBER_FOR);
                    if known.len() >= MAX_REMEMBERED {
                        known.clear();
                    }
                }
                known.insert(id, (user.clone(), Instant::now()));
            }
            None => {
                known.remove(&id);
            }
        }
        Ok(user)
    }

    /// Forgets an account, so its next token is checked against the database (after a
    /// logout or a password change in this process).
    pub fn forget(&self, id: i64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (User, Instant)>> {
        // A panic elsewhere while holding the lock leaves a usable map.
        self.known.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
