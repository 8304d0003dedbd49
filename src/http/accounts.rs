//! Accounts: `POST /api/register`, `POST /api/login`, `GET /api/me`, `POST /api/logout`
//! and `PUT /api/me/password`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use serde::{Deserialize, Serialize};

use super::caller::AuthUser;
use super::error::{BodyErrors, BusyErrors, ErrorBody, TokenErrors};
use super::limits::ClientAddr;
use super::{AppState, Error, Json};
use crate::auth::{self, password, token::TOKEN_TTL_SECS};
use crate::store::{self, Role, User};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/register", post(post_register))
        .route("/api/login", post(post_login))
        .route("/api/me", get(get_me))
        .route("/api/logout", post(post_logout))
        .route("/api/me/password", put(put_password))
}

/// Logs out everywhere: every token of the account issued so far stops counting (on
/// this server at once, on others within the 10 s an account is remembered), and open
/// event streams end at their next check.
#[utoipa::path(post, path = "/api/logout", tag = "accounts",
    responses((status = 204, description = "logged out"), TokenErrors),
    security(("bearer" = [])))]
pub(super) async fn post_logout(State(state): State<AppState>, user: AuthUser) -> Result<StatusCode, Error> {
    state.store.revoke_tokens(user.0.id, None).await?;
    state.accounts.forget(user.0.id);
    tracing::info!(user_id = user.0.id, "logged out: tokens revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/me/password` body.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct PasswordChange {
    pub current_password: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// Changes the caller's password; every earlier token stops counting, and the answer
/// carries a new one.
#[utoipa::path(put, path = "/api/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 200, body = TokenResponse),
              BodyErrors,
              TokenErrors,
              (status = 422, description = "the current password is wrong, or the new one has the wrong length", body = ErrorBody),
              (status = 429, description = "too many wrong current passwords", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait"))),
              BusyErrors),
    security(("bearer" = [])))]
pub(super) async fn put_password(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    user: AuthUser,
    Json(body): Json<PasswordChange>,
) -> Result<Json<TokenResponse>, Error> {
    if !auth::valid_password_len(&body.new_password) {
        let (min, max) = (auth::MIN_PASSWORD_LEN, auth::MAX_PASSWORD_LEN);
        return Err(Error::invalid("new_password", format!("must be {min} to {max} characters")));
    }
    let _slot = state.hashing.admit().ok_or_else(busy)?;
    // Guesses at the current password count as failed logins do.
    if let Err(wait) = state.throttle.attempt(&user.0.username, addr) {
        return Err(Error::TooManyRequests { what: "too many failed password checks", retry_after: wait });
    }
    let found = state.store.find_user(&user.0.username).await?.ok_or(Error::Unauthorized)?;
    if body.current_password.chars().count() > auth::MAX_PASSWORD_LEN
        || !password::verify(body.current_password, found.password_hash).await
    {
        return Err(Error::invalid("current_password", "is not the account's password"));
    }
    state.throttle.succeed(&user.0.username, addr);
    let hash = password::hash(body.new_password).await?;
    state.store.revoke_tokens(user.0.id, Some(&hash)).await?;
    state.accounts.forget(user.0.id);
    let now = state.store.user_by_id(user.0.id).await?.ok_or(Error::Unauthorized)?;
    tracing::info!(user_id = now.id, "password changed: tokens revoked");
    let token = state.keys.issue(&now)?;
    Ok(Json(TokenResponse { token, token_type: "Bearer", expires_in: TOKEN_TTL_SECS }))
}

/// The caller's own account, as the database has it now (its role included).
#[utoipa::path(get, path = "/api/me", tag = "accounts",
    responses((status = 200, body = User), TokenErrors),
    security(("bearer" = [])))]
pub(super) async fn get_me(user: AuthUser) -> Json<User> {
    Json(user.0)
}

/// A username and password, for both registering and logging in.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "ann", "password": "correct horse battery"}))]
pub(super) struct Credentials {
    /// 1 to 64 ASCII letters, digits, `.`, `_`, `-` or `@`; unique regardless of case.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._@-]+$")]
    pub username: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
}

/// A bearer token for the `Authorization` header.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct TokenResponse {
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// Creates a customer account.
#[utoipa::path(post, path = "/api/register", tag = "accounts", request_body = Credentials,
    responses((status = 201, body = User),
              BodyErrors,
              (status = 409, description = "username taken", body = ErrorBody),
              (status = 422, description = "a password of the wrong length, a bad or reserved username, or a field missing or of the wrong type", body = ErrorBody),
              (status = 429, description = "too many registrations from this address", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait"))),
              BusyErrors))]
pub(super) async fn post_register(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(body): Json<Credentials>,
) -> Result<(StatusCode, Json<User>), Error> {
    check_username(&body.username)?;
    if auth::reserved_username(&body.username) {
        return Err(Error::invalid("username", format!("{:?} is reserved for the shop", body.username)));
    }
    if !auth::valid_password_len(&body.password) {
        let (min, max) = (auth::MIN_PASSWORD_LEN, auth::MAX_PASSWORD_LEN);
        return Err(Error::invalid("password", format!("must be {min} to {max} characters")));
    }
    if let Err(e) = state.limits.register(addr) {
        tracing::warn!(client = ?addr, "registration throttled");
        return Err(e);
    }
    // A taken name is refused before the expensive hash; the unique index still decides races.
    if state.store.find_user(&body.username).await?.is_some() {
        return Err(taken(&body.username));
    }
    let _slot = state.hashing.admit().ok_or_else(busy)?;
    let hash = password::hash(body.password).await?;
    match state.store.create_user(&body.username, &hash, Role::Customer).await {
        Ok(user) => {
            tracing::info!(user_id = user.id, username = %user.username, client = ?addr, "account registered");
            Ok((StatusCode::CREATED, Json(user)))
        }
        Err(store::Error::Duplicate) => Err(taken(&body.username)),
        Err(e) => Err(e.into()),
    }
}

fn taken(username: &str) -> Error {
    Error::Conflict(format!("the username {username:?} is taken"))
}

/// The hashing queue is full: come back in a second.
fn busy() -> Error {
    tracing::warn!("password hashing queue full: refusing a login or registration");
    Error::Busy(1)
}

/// 422 unless the username has the registered shape (so login and registration agree,
/// and nothing else, such as a trailing space a collation would ignore, reaches the database).
fn check_username(username: &str) -> Result<(), Error> {
    if auth::valid_username(username) {
        Ok(())
    } else {
        Err(Error::invalid("username", "1 to 64 ASCII letters, digits, '.', '_', '-' or '@'"))
    }
}

/// Exchanges a username and password for a token.
#[utoipa::path(post, path = "/api/login", tag = "accounts", request_body = Credentials,
    responses((status = 200, body = TokenResponse),
              BodyErrors,
              (status = 401, description = "wrong username or password", body = ErrorBody),
              (status = 422, description = "a malformed username, or a field missing or of the wrong type", body = ErrorBody),
              (status = 429, description = "too many failed logins", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait"))),
              BusyErrors))]
pub(super) async fn post_login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(body): Json<Credentials>,
) -> Result<Json<TokenResponse>, Error> {
    check_username(&body.username)?;
    let _slot = state.hashing.admit().ok_or_else(busy)?;
    // Counted before the password is checked, so parallel guesses cannot outrun the count.
    if let Err(wait) = state.throttle.attempt(&body.username, addr) {
        tracing::warn!(username = %body.username, client = ?addr, "login throttled");
        return Err(Error::TooManyRequests { what: "too many failed logins", retry_after: wait });
    }
    match verify(&state, &body).await? {
        Some(user) => {
            state.throttle.succeed(&body.username, addr);
            let token = state.keys.issue(&user)?;
            Ok(Json(TokenResponse { token, token_type: "Bearer", expires_in: TOKEN_TTL_SECS }))
        }
        None => {
            tracing::warn!(username = %body.username, client = ?addr, "login failed");
            Err(Error::BadCredentials)
        }
    }
}

/// The account when the password is right; as slow when the account does not exist.
async fn verify(state: &AppState, body: &Credentials) -> Result<Option<User>, Error> {
    if body.password.chars().count() > auth::MAX_PASSWORD_LEN {
        return Ok(None);
    }
    let Some(found) = state.store.find_user(&body.username).await? else {
        password::dummy_verify(body.password.clone()).await;
        return Ok(None);
    };
    let ok = password::verify(body.password.clone(), found.password_hash).await;
    Ok(ok.then_some(found.user))
}
