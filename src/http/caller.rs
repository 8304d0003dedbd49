//! `AuthUser`: the extractor that turns `Authorization: Bearer <token>` into the
//! caller's user, or answers 401 before the handler runs. A token is only believed for
//! an account that still exists under the same id and name, with its stored role.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{AppState, Error};
use crate::account::{Role, User};

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct AuthUser(pub User);

impl AuthUser {
    /// 403 unless the caller has one of `roles`.
    ///
    /// # Errors
    /// `Error::Forbidden`.
    pub fn require(&self, roles: &[Role]) -> Result<(), Error> {
        if roles.contains(&self.0.role) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    pub fn is_staff(&self) -> bool {
        self.0.role.is_staff()
    }

    /// The caller named by a token whose signature and expiry were verified, as the
    /// database has it now. A valid signature is not enough: an account that does not
    /// exist (or whose id now names someone else, after a database was recreated under
    /// the same secret), or a token from before the account logged out or changed its
    /// password, gets 401; and the stored role counts, not the token's.
    ///
    /// # Errors
    /// `Error::Unauthorized`, or a database failure.
    pub async fn current(state: &AppState, claimed: User) -> Result<Self, Error> {
        match state.accounts.get(&state.store, claimed.id).await? {
            Some(user) if user.username == claimed.username && user.token_version == claimed.token_version => {
                Ok(AuthUser(user))
            }
            _ => Err(Error::Unauthorized),
        }
    }

    /// Whether this user may see something owned by `owner_id`: its owner, or staff.
    /// Callers answer 404 otherwise, so other people's ids are not even confirmed.
    pub fn may_see(&self, owner_id: i64) -> bool {
        owner_id == self.0.id || self.is_staff()
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(axum::http::header::AUTHORIZATION).ok_or(Error::Unauthorized)?;
        let value = header.to_str().map_err(|_| Error::Unauthorized)?;
        let token =
            value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")).ok_or(Error::Unauthorized)?;
        let claimed = state.keys.verify(token.trim()).ok_or(Error::Unauthorized)?;
        Self::current(state, claimed).await
    }
}
