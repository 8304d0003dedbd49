//! Accounts: username (unique regardless of case), argon2 hash, role.

use sqlx::Row;

use super::{inserted_id, now_ms, text, Error, Result, Store};
pub use crate::account::{Role, User};

/// An account with its hash, for login only. Deliberately not `Serialize`, and its
/// `Debug` hides the hash so it can never reach a log.
#[derive(Clone)]
pub struct UserWithHash {
    pub user: User,
    pub password_hash: String,
}

impl std::fmt::Debug for UserWithHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserWithHash").field("user", &self.user).finish_non_exhaustive()
    }
}

/// The key that makes usernames unique regardless of case.
pub(super) fn username_key(username: &str) -> String {
    username.to_lowercase()
}

impl Store {
    /// Creates an account.
    ///
    /// # Errors
    /// `Duplicate` when the username is taken in any letter case.
    #[tracing::instrument(skip(self, password_hash))]
    pub async fn create_user(&self, username: &str, password_hash: &str, role: Role) -> Result<User> {
        let _writer = self.write_turn().await;
        let mut conn = self.pool.acquire().await?;
        let done = sqlx::query(
            "INSERT INTO users (username, username_key, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(username)
        .bind(username_key(username))
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now_ms())
        .execute(&mut *conn)
        .await
        .map_err(Error::from_insert)?;
        let id = inserted_id(&mut conn, &done).await?;
        Ok(User { id, username: username.to_owned(), role, token_version: 0 })
    }

    /// Finds an account by id, without its hash: what a bearer token is checked against.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        let row = sqlx::query("SELECT id, username, role, token_version FROM users WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            let role = text(&row, "role")?;
            Ok(User {
                id: row.try_get("id")?,
                username: text(&row, "username")?,
                role: Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("role {role:?}")))?,
                token_version: row.try_get("token_version")?,
            })
        })
        .transpose()
    }

    /// Finds an account by username, in any letter case, with its hash.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn find_user(&self, username: &str) -> Result<Option<UserWithHash>> {
        let row =
            sqlx::query("SELECT id, username, password_hash, role, token_version FROM users WHERE username_key = ?")
                .bind(username_key(username))
                .fetch_optional(&self.pool)
                .await?;
        row.map(|row| {
            let role = text(&row, "role")?;
            Ok(UserWithHash {
                user: User {
                    id: row.try_get("id")?,
                    username: text(&row, "username")?,
                    role: Role::parse(&role).ok_or_else(|| Error::Corrupt(format!("role {role:?}")))?,
                    token_version: row.try_get("token_version")?,
                },
                password_hash: text(&row, "password_hash")?,
            })
        })
        .transpose()
    }

    /// Makes every token issued so far stop counting (logging out), and, with a new
    /// hash, changes the password too.
    ///
    /// # Errors
    /// `NotFound`, or the database fails.
    #[tracing::instrument(skip(self, password_hash))]
    pub async fn revoke_tokens(&self, id: i64, password_hash: Option<&str>) -> Result<()> {
        let _writer = self.write_turn().await;
        let done = match password_hash {
            None => sqlx::query("UPDATE users SET token_version = token_version + 1 WHERE id = ?").bind(id),
            Some(hash) => {
                sqlx::query("UPDATE users SET token_version = token_version + 1, password_hash = ? WHERE id = ?")
                    .bind(hash)
                    .bind(id)
            }
        }
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound);
        }
        Ok(())
    }
}
