//! Transcript reads: `GET /api/messages/{order_id}` and
//! `GET /api/conversations/{id}/messages` (owner or staff).

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use super::caller::AuthUser;
use super::error::{ErrorBody, TokenErrors};
use super::{AppState, Error, Json, Path};
use crate::store::Message;

pub(super) fn router() -> Router<AppState> {
    // `POST /api/messages` (the chat turn) is routed by the chat module.
    Router::new()
        .route("/api/messages/{order_id}", get(get_order_messages))
        .route("/api/conversations/{id}/messages", get(get_conversation_messages))
}

/// The transcript that produced an order (empty for orders placed through `POST /api/orders`).
#[utoipa::path(get, path = "/api/messages/{order_id}", tag = "transcripts", params(("order_id" = i64, Path)),
    responses((status = 200, body = Vec<Message>),
              TokenErrors,
              (status = 404, description = "no such order of yours", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn get_order_messages(
    State(state): State<AppState>,
    user: AuthUser,
    Path(order_id): Path<i64>,
) -> Result<Json<Vec<Message>>, Error> {
    let order = super::orders::visible_order(&state, &user, order_id).await?;
    match order.conversation_id {
        Some(id) => Ok(Json(state.store.messages(id).await?)),
        None => Ok(Json(Vec::new())),
    }
}

/// The messages of a conversation, oldest first.
#[utoipa::path(get, path = "/api/conversations/{id}/messages", tag = "transcripts", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Message>),
              TokenErrors,
              (status = 404, description = "no such conversation of yours", body = ErrorBody)),
    security(("bearer" = [])))]
pub(super) async fn get_conversation_messages(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Message>>, Error> {
    let conversation = state.store.load_conversation(id).await?;
    if !user.may_see(conversation.user_id) {
        return Err(Error::NotFound);
    }
    Ok(Json(state.store.messages(id).await?))
}
