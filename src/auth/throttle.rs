//! Slows down password guessing: after [`MAX_FAILURES`] failed logins within
//! [`WINDOW`] for one username or one client address, further attempts from it are
//! refused with a retry delay until the window passes.
//!
//! An attempt is counted *before* its password is checked, under one lock, so parallel
//! guesses cannot all slip in while the first ones are still being verified; a login
//! that succeeds gives its count back.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The default number of failures allowed per window (`CHATORDER_LOGIN_FAILURES`).
pub const MAX_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Bound on remembered keys, so a flood of random usernames cannot grow memory forever
/// (usernames are at most 64 bytes, so this is a few megabytes at most).
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    User(String),
    Addr(IpAddr),
}

/// Counters per username (lower-cased) and per address, each with its window's start.
#[derive(Debug)]
struct Counters {
    counts: HashMap<Key, (u32, Instant)>,
    pruned: Instant,
}

/// Failed-login counters, per username and per address; `None` limit: switched off.
#[derive(Debug)]
pub struct Throttle {
    limit: Option<u32>,
    counters: Mutex<Counters>,
}

impl Default for Throttle {
    fn default() -> Self {
        Self::new(Some(MAX_FAILURES))
    }
}

impl Throttle {
    /// A throttle allowing `limit` failures per window, or none at all with `None`.
    pub fn new(limit: Option<u32>) -> Self {
        Self { limit, counters: Mutex::new(Counters { counts: HashMap::new(), pruned: Instant::now() }) }
    }

    /// Counts one attempt for this username and address, or refuses it with the seconds
    /// to wait when either has used up its window.
    ///
    /// # Errors
    /// The seconds until the oldest window passes.
    pub fn attempt(&self, username: &str, addr: Option<IpAddr>) -> Result<(), u64> {
        let Some(limit) = self.limit else { return Ok(()) };
        let now = Instant::now();
        let mut counters = self.lock();
        counters.prune(now);
        let wait = keys(username, addr)
            .filter_map(|k| counters.counts.get(&k))
            .filter(|(n, start)| *n >= limit && now.duration_since(*start) < WINDOW)
            .map(|(_, start)| (WINDOW - now.duration_since(*start)).as_secs().max(1))
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for key in keys(username, addr) {
            let entry = counters.counts.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
        Ok(())
    }

    /// A login succeeded: the username starts afresh and the address gets its attempt back.
    pub fn succeed(&self, username: &str, addr: Option<IpAddr>) {
        let mut counters = self.lock();
        counters.counts.remove(&Key::User(username.to_lowercase()));
        if let Some(entry) = addr.and_then(|a| counters.counts.get_mut(&Key::Addr(a))) {
            entry.0 = entry.0.saturating_sub(1);
        }
    }

    /// How many usernames and addresses are remembered now.
    pub fn len(&self) -> usize {
        self.lock().counts.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counters> {
        // A panic elsewhere while holding the lock leaves usable counters.
        self.counters.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Counters {
    /// Forgets windows that have passed: once a window, or at once when the table is full.
    fn prune(&mut self, now: Instant) {
        if now.duration_since(self.pruned) >= WINDOW || self.counts.len() >= MAX_KEYS {
            self.counts.retain(|_, (_, start)| now.duration_since(*start) < WINDOW);
            self.pruned = now;
        }
        if self.counts.len() >= MAX_KEYS {
            // Every key is within its window: a flood. Forgetting is better than growing.
            self.counts.clear();
        }
    }
}

fn keys(username: &str, addr: Option<IpAddr>) -> impl Iterator<Item = Key> {
    std::iter::once(Key::User(username.to_lowercase())).chain(addr.map(Key::Addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_attempt_in_a_minute_is_refused() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES {
            assert_eq!(t.attempt("Ann", None), Ok(()));
        }
        assert!(t.attempt("ann", None).is_err());
        assert_eq!(t.attempt("bob", None), Ok(()));
    }

    #[test]
    fn a_success_gives_the_attempt_back() {
        let t = Throttle::default();
        let addr = Some(IpAddr::from([127, 0, 0, 1]));
        for _ in 0..20 {
            t.attempt("ann", addr).unwrap();
            t.succeed("ann", addr);
        }
        assert_eq!(t.attempt("bob", addr), Ok(()));
    }

    #[test]
    fn switched_off_it_remembers_nothing() {
        let t = Throttle::new(None);
        for _ in 0..100 {
            assert_eq!(t.attempt("ann", None), Ok(()));
        }
        assert!(t.is_empty());
    }
}
