//! `POST /api/register` and `POST /api/login`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use serde::{Deserialize, Serialize};

use super::{AppState, Error, Json};
use crate::auth::{self, password, token::TOKEN_TTL_SECS};
use crate::store::{self, Role, User};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/register", post(post_register)).route("/api/login", post(post_login))
}

/// A username and password, for both registering and logging in.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "ann", "password": "correct horse battery"}))]
pub struct Credentials {
    /// 1 to 64 ASCII letters, digits, `.`, `_`, `-` or `@`; unique regardless of case.
    #[schema(min_length = 1, max_length = 64, pattern = r"^[A-Za-z0-9._@-]+$")]
    pub username: String,
    /// 8 to 256 characters.
    #[schema(min_length = 8, max_length = 256)]
    pub password: String,
}

/// A bearer token for the `Authorization` header.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// The client's address, when the server was started with connect info.
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}

/// Creates a customer account.
#[utoipa::path(post, path = "/api/register", tag = "accounts", request_body = Credentials,
    responses((status = 201, body = User),
              (status = 400, description = "the body is not JSON", body = super::openapi::ErrorBody),
              (status = 409, description = "username taken", body = super::openapi::ErrorBody),
              (status = 413, description = "the body is over 64 KiB", body = super::openapi::ErrorBody),
              (status = 415, description = "no `Content-Type: application/json`", body = super::openapi::ErrorBody),
              (status = 422, description = "a password of the wrong length, a bad username, or a field missing or of the wrong type", body = super::openapi::ErrorBody)))]
pub async fn post_register(
    State(state): State<AppState>,
    Json(body): Json<Credentials>,
) -> Result<(StatusCode, Json<User>), Error> {
    if !auth::valid_username(&body.username) {
        return Err(Error::invalid("username", "1 to 64 ASCII letters, digits, '.', '_', '-' or '@'"));
    }
    if !auth::valid_password_len(&body.password) {
        let (min, max) = (auth::MIN_PASSWORD_LEN, auth::MAX_PASSWORD_LEN);
        return Err(Error::invalid("password", format!("must be {min} to {max} characters")));
    }
    let hash = password::hash(body.password).await?;
    match state.store.create_user(&body.username, &hash, Role::Customer).await {
        Ok(user) => Ok((StatusCode::CREATED, Json(user))),
        Err(store::Error::Duplicate) => Err(Error::Conflict(format!("the username {:?} is taken", body.username))),
        Err(e) => Err(e.into()),
    }
}

/// Exchanges a username and password for a token.
#[utoipa::path(post, path = "/api/login", tag = "accounts", request_body = Credentials,
    responses((status = 200, body = TokenResponse),
              (status = 400, description = "the body is not JSON", body = super::openapi::ErrorBody),
              (status = 401, description = "wrong username or password", body = super::openapi::ErrorBody),
              (status = 413, description = "the body is over 64 KiB", body = super::openapi::ErrorBody),
              (status = 415, description = "no `Content-Type: application/json`", body = super::openapi::ErrorBody),
              (status = 422, description = "a field missing or of the wrong type", body = super::openapi::ErrorBody),
              (status = 429, description = "too many failed logins", body = super::openapi::ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait")))))]
pub async fn post_login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    Json(body): Json<Credentials>,
) -> Result<Json<TokenResponse>, Error> {
    if let Some(wait) = state.throttle.check(&body.username, addr) {
        return Err(Error::TooManyRequests(wait));
    }
    if body.password.chars().count() > auth::MAX_PASSWORD_LEN {
        state.throttle.fail(&body.username, addr);
        return Err(Error::BadCredentials);
    }
    let found = state.store.find_user(&body.username).await?;
    let ok = match &found {
        Some(u) => password::verify(body.password, u.password_hash.clone()).await,
        None => {
            password::dummy_verify(body.password).await;
            false
        }
    };
    match found {
        Some(u) if ok => {
            state.throttle.succeed(&body.username);
            let token = state.keys.issue(&u.user)?;
            Ok(Json(TokenResponse { token, token_type: "Bearer", expires_in: TOKEN_TTL_SECS }))
        }
        _ => {
            state.throttle.fail(&body.username, addr);
            Err(Error::BadCredentials)
        }
    }
}
