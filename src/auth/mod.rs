//! Accounts and access: argon2id password hashes (computed off the async threads),
//! HS256 tokens with an expiry and the failed-login throttle (the API's `AuthUser` extractor lives in `http::caller`).

pub mod accounts;
pub mod password;
pub mod secret;
pub mod throttle;
pub mod token;

pub use accounts::Accounts;
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

/// Names that look like the shop speaking: `admin`, `root`, `support`… Customers cannot
/// register them (an operator still can, with `chatorder user create`).
const RESERVED_USERNAMES: &[&str] = &[
    "admin",
    "administrator",
    "root",
    "support",
    "help",
    "staff",
    "system",
    "security",
    "owner",
    "manager",
    "moderator",
    "operator",
    "chatorder",
    "bot",
    "kitchen",
    "shop",
    "info",
    "webmaster",
    "postmaster",
    "hostmaster",
    "abuse",
    "noreply",
];

/// Whether a username is reserved for the shop. Compared without case and without the
/// separators a look-alike would add (`Ad.min`, `sup_port`).
pub fn reserved_username(name: &str) -> bool {
    let bare: String = name.chars().filter(|c| !matches!(c, '.' | '_' | '-')).map(|c| c.to_ascii_lowercase()).collect();
    let local = bare.split('@').next().unwrap_or_default();
    RESERVED_USERNAMES.contains(&local)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shop_names_are_reserved_in_any_spelling() {
        for name in ["admin", "ADMIN", "Ad.min", "root", "sup_port", "support@shop", "no-reply"] {
            assert!(super::reserved_username(name), "{name}");
        }
        for name in ["ann", "adminton", "rooted", "bob@admin"] {
            assert!(!super::reserved_username(name), "{name}");
        }
    }
}
