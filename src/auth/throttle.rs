//! Slows down password guessing: after [`MAX_FAILURES`] failed logins within
//! [`WINDOW`] for one username or one client address, further attempts from it are
//! refused with a retry delay until the window passes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Bound on remembered keys, so a flood of random usernames cannot grow memory forever.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    User(String),
    Addr(IpAddr),
}

/// Failed-login counters, per username (lower-cased) and per address.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, (u32, Instant)>>,
}

impl Throttle {
    /// `Some(seconds to wait)` when this username or address is blocked now.
    pub fn check(&self, username: &str, addr: Option<IpAddr>) -> Option<u64> {
        let now = Instant::now();
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        keys(username, addr)
            .filter_map(|k| map.get(&k))
            .filter(|(n, start)| *n >= MAX_FAILURES && now.duration_since(*start) < WINDOW)
            .map(|(_, start)| (WINDOW - now.duration_since(*start)).as_secs().max(1))
            .max()
    }

    /// Counts a failed attempt.
    pub fn fail(&self, username: &str, addr: Option<IpAddr>) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_KEYS {
            map.retain(|_, (_, start)| now.duration_since(*start) < WINDOW);
        }
        for key in keys(username, addr) {
            let entry = map.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
    }

    /// Clears the username's counter after a successful login.
    pub fn succeed(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Key::User(username.to_lowercase()));
    }
}

fn keys(username: &str, addr: Option<IpAddr>) -> impl Iterator<Item = Key> {
    std::iter::once(Key::User(username.to_lowercase())).chain(addr.map(Key::Addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_in_a_minute_is_refused() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES {
            assert_eq!(t.check("Ann", None), None);
            t.fail("Ann", None);
        }
        assert!(t.check("ann", None).is_some());
        assert_eq!(t.check("bob", None), None);
    }
}
