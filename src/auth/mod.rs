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

/// Shortest password accepted at registration, in characters.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted, in characters (so at most 1 KiB): argon2 cost grows with
/// the input, so cap it. Characters, not bytes, so the OpenAPI `maxLength` says it exactly.
pub const MAX_PASSWORD_LEN: usize = 256;

/// Whether a password's length is accepted at registration.
pub fn valid_password_len(password: &str) -> bool {
    (MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&password.chars().count())
}

/// Checks a username: 1–64 ASCII letters, digits, `.`, `_`, `-`, `@` (the OpenAPI
/// pattern `^[A-Za-z0-9._@-]+$`). ASCII only: no look-alike accounts from other scripts,
/// and one lower-casing rule that both databases agree on.
pub fn valid_username(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}
