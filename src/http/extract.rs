//! `Json` and `Path` extractors whose rejections are our JSON errors: malformed JSON
//! → 400, wrong types or unknown fields → 422, a body over the limit → 413, a path
//! parameter that is not a number → 404 (no such resource can exist).

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Error;

/// Like `axum::Json`, with our error body on rejection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(Error::UnsupportedMediaType);
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Error::TooLarge),
            Err(e) => return Err(Error::BadRequest(e.body_text())),
        };
        // Every request body is an object. serde would also read a struct from an array
        // of its fields in order (`["ann", "pw"]`), which no client means.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                Ok(_) => Error::invalid("body", "expected a JSON object"),
                Err(_) => Error::BadRequest("the body is not valid JSON".into()),
            });
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// `application/json` or any `application/…+json`, as axum's own `Json` accepts.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_rejection(rejection: JsonRejection) -> Error {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // serde's message names the path, e.g. "lines[0].quantity: invalid type".
            let text = e.body_text();
            let detail =
                text.strip_prefix("Failed to deserialize the JSON body into the target type: ").unwrap_or(&text);
            match detail.split_once(": ") {
                Some((field, message)) => Error::invalid(field, message),
                None => Error::invalid("body", detail),
            }
        }
        JsonRejection::JsonSyntaxError(_) => Error::BadRequest("the body is not valid JSON".into()),
        JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType,
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Error::TooLarge,
        other => Error::BadRequest(other.body_text()),
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Like `axum::extract::Path`, answering 404 when a parameter does not parse.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(Error::NotFound),
            Err(other) => Err(Error::Internal(anyhow::anyhow!("path extraction: {}", other.body_text()))),
        }
    }
}

/// Like `axum::extract::Query`, answering 422 for bad parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(e) => Err(Error::invalid("query", e.body_text())),
        }
    }
}

/// Longest accepted `Idempotency-Key`.
pub(super) const MAX_KEY_LEN: usize = 255;

/// The optional `Idempotency-Key` header: 1 to [`MAX_KEY_LEN`] printable ASCII
/// characters (space to `~`), or 400.
#[derive(Debug, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("idempotency-key") else { return Ok(Self(None)) };
        let key = value.as_bytes();
        if key.is_empty() || key.len() > MAX_KEY_LEN || !key.iter().all(|b| (b' '..=b'~').contains(b)) {
            return Err(Error::BadRequest(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_LEN} printable ASCII characters"
            )));
        }
        Ok(Self(Some(String::from_utf8_lossy(key).into_owned())))
    }
}
