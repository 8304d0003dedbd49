//! Accounts and access: argon2id password hashes (computed off the async threads),
//! HS256 tokens with an expiry, the `AuthUser` extractor and the failed-login throttle.

pub mod accounts;
pub mod extract;
pub mod password;
pub mod secret;
pub mod throttle;
pub mod token;

pub use accounts::Accounts;
pub use extract::AuthUser;
pub use throttle::Throttle;
pub use token::{Claims, Keys};

/// Shortest password accepted at registration.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted: argon2 cost grows with the input, so cap it.
pub const MAX_PASSWORD_LEN: usize = 256;

/// Checks a username: 1–64 characters, letters, digits, `.`, `_`, `-`, `@`.
pub fn valid_username(name: &str) -> bool {
    let len = name.chars().count();
    (1..=64).contains(&len) && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}
