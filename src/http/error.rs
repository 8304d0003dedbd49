//! The one error type handlers return, and the JSON body every error response has:
//! `{"error": {"code": "...", "message": "..."}}`. 5xx bodies say nothing internal;
//! the detail goes to the log.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{IntoResponses, ToSchema};

use crate::store;

/// Everything a request can fail with, each mapped to one status code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 400: the body is not JSON, or a parameter is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 401: no token, or a bad or expired one.
    #[error("a valid bearer token is required")]
    Unauthorized,
    /// 401 at login: wrong username or password (never saying which).
    #[error("wrong username or password")]
    BadCredentials,
    /// 403: the caller's role may not do this.
    #[error("your role may not do this")]
    Forbidden,
    /// 404: absent, or belonging to someone else.
    #[error("not found")]
    NotFound,
    /// 409: a state change that is not allowed, or a name already taken.
    #[error("{0}")]
    Conflict(String),
    /// 413: the body is over the limit.
    #[error("the request body is over 64 KiB")]
    TooLarge,
    /// 415: a JSON body without `Content-Type: application/json`.
    #[error("expected Content-Type: application/json")]
    UnsupportedMediaType,
    /// 422: well-formed but invalid; `field` names the culprit (`lines[0].quantity`).
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// 429: a rate limit (`what` says which); retry after this many seconds.
    #[error("{what}; retry in {retry_after} s")]
    TooManyRequests { what: &'static str, retry_after: u64 },
    /// 503: the database does not answer.
    #[error("the service is unavailable")]
    Unavailable,
    /// 503: too many password hashes queued; retry after this many seconds.
    #[error("the server is busy checking passwords; retry in {0} s")]
    Busy(u64),
    /// 500: a bug or a broken dependency; logged, never shown.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid { field: field.into(), message: message.into() }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized | Error::BadCredentials => StatusCode::UNAUTHORIZED,
            Error::Forbidden => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Unavailable | Error::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Error::BadRequest(_) => "bad_request",
            Error::Unauthorized => "unauthorized",
            Error::BadCredentials => "bad_credentials",
            Error::Forbidden => "forbidden",
            Error::NotFound => "not_found",
            Error::Conflict(_) => "conflict",
            Error::TooLarge => "payload_too_large",
            Error::UnsupportedMediaType => "unsupported_media_type",
            Error::Invalid { .. } => "invalid",
            Error::TooManyRequests { .. } => "too_many_requests",
            Error::Unavailable => "unavailable",
            Error::Busy(_) => "busy",
            Error::Internal(_) => "internal",
        }
    }
}

impl From<store::Error> for Error {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => Error::NotFound,
            store::Error::Duplicate => Error::Conflict("already exists".into()),
            store::Error::Conflict | store::Error::Moved(_) => Error::Conflict(e.to_string()),
            store::Error::Transition { .. } | store::Error::TooLate { .. } => Error::Conflict(e.to_string()),
            store::Error::KeyReused => Error::invalid("Idempotency-Key", "was used before with a different request"),
            other => Error::Internal(other.into()),
        }
    }
}

/// The body of every 4xx and 5xx response.
#[derive(Serialize, ToSchema)]
pub(super) struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub(super) struct ErrorDetail {
    /// Stable machine-readable code (`invalid`, `not_found`, …).
    pub code: String,
    /// Human-readable; for 422 it starts with the field at fault (`lines[0].quantity: …`).
    pub message: String,
}

/// The answers of any endpoint that reads a JSON body to one it cannot read, described
/// once for the OpenAPI document.
#[allow(dead_code, reason = "describes responses in the OpenAPI document; never built")]
#[derive(IntoResponses)]
pub(super) enum BodyErrors {
    #[response(status = 400, description = "the body is not JSON, or a malformed header or parameter")]
    NotJson(ErrorBody),
    #[response(status = 413, description = "the body is over 64 KiB")]
    TooLarge(ErrorBody),
    #[response(status = 415, description = "no `Content-Type: application/json`")]
    NotJsonType(ErrorBody),
}

/// The answer of an endpoint that needs a bearer token to a request without a valid one.
#[allow(dead_code, reason = "describes responses in the OpenAPI document; never built")]
#[derive(IntoResponses)]
#[response(status = 401, description = "no or a bad token")]
pub(super) struct TokenErrors(ErrorBody);

/// The answers of an endpoint open to some roles only.
#[allow(dead_code, reason = "describes responses in the OpenAPI document; never built")]
#[derive(IntoResponses)]
pub(super) enum RoleErrors {
    #[response(status = 401, description = "no or a bad token")]
    NoToken(ErrorBody),
    #[response(status = 403, description = "the caller's role may not do this")]
    Forbidden(ErrorBody),
}

/// The answer of an endpoint that hashes a password when too many hashes are queued.
#[allow(dead_code, reason = "describes responses in the OpenAPI document; never built")]
#[derive(IntoResponses)]
#[response(status = 503, description = "too many passwords being hashed",
    headers(("Retry-After" = u64, description = "seconds to wait")))]
pub(super) struct BusyErrors(ErrorBody);

/// Builds the JSON error response for a status, code and message.
pub(super) fn json_error(status: StatusCode, code: &str, message: String) -> Response {
    let body = ErrorBody { error: ErrorDetail { code: code.to_owned(), message } };
    let body = serde_json::to_string(&body).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if let Error::Internal(e) = &self {
            tracing::error!(error = ?e, "internal error");
        }
        let mut response = json_error(self.status(), self.code(), self.to_string());
        if let Error::TooManyRequests { retry_after: seconds, .. } | Error::Busy(seconds) = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
