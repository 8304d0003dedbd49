//! `POST /api/messages`: one chat turn for a customer (see `crate::service`).

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

use super::caller::AuthUser;
use super::error::{BodyErrors, ErrorBody, RoleErrors};
use super::{AppState, Error, IdempotencyKey, Json, Path};
use crate::service::{chat_turn, order_again, ChatReply, Continue};
use crate::store::Role;

/// The longest message accepted, in characters.
pub(super) const MAX_TEXT_CHARS: usize = 2000;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/messages", post(post_message)).route("/api/orders/{id}/again", post(post_order_again))
}

/// `POST /api/messages` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "two large pepperoni pizzas and a coke"}))]
pub(super) struct NewMessage {
    /// 1 to 2000 characters, not all white space.
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub text: String,
    /// Continue this conversation; a new one starts when absent.
    #[serde(default)]
    pub conversation_id: Option<i64>,
    /// Continue the conversation that produced this order.
    #[serde(default)]
    pub order_id: Option<i64>,
}

/// Sends the customer's message and returns the bot's reply, the cart and the order.
/// A retry with the same `Idempotency-Key` is not said again: it returns the first
/// reply, with the conversation as it stands now.
#[utoipa::path(post, path = "/api/messages", tag = "chat", request_body = NewMessage,
    params(("Idempotency-Key" = Option<String>, Header, nullable = false, min_length = 1, max_length = 255, pattern = r"^[!-~]([ -~]*[!-~])?$",
            description = "makes a retried message return the first reply instead of being said twice")),
    responses((status = 200, body = ChatReply, links(
                  ("GetConversationMessages" = (operation_id = "get_conversation_messages",
                                                parameters(("id" = "$response.body#/conversation_id")))))),
              BodyErrors,
              RoleErrors,
              (status = 404, description = "no such conversation or order of yours", body = ErrorBody),
              (status = 422, description = "blank or too long text, a field of the wrong type, or an Idempotency-Key used before with another message", body = ErrorBody),
              (status = 429, description = "too many messages from this account", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait")))),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user_id = user.0.id))]
pub(super) async fn post_message(
    State(state): State<AppState>,
    user: AuthUser,
    key: Result<IdempotencyKey, Error>,
    body: Result<Json<NewMessage>, Error>,
) -> Result<Json<ChatReply>, Error> {
    // The role is checked before anything else about the request, the body included.
    user.require(&[Role::Customer])?;
    if let Err(e) = state.limits.chat_turn(user.0.id) {
        tracing::warn!(user_id = user.0.id, "chat turns throttled");
        return Err(e);
    }
    let IdempotencyKey(key) = key?;
    let Json(body) = body?;
    let text = body.text.trim();
    if text.is_empty() {
        return Err(Error::invalid("text", "a message needs some text"));
    }
    if body.text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid("text", format!("at most {MAX_TEXT_CHARS} characters")));
    }
    tracing::debug!(text, "chat message");
    let target = match (body.conversation_id, body.order_id) {
        (Some(id), _) => Continue::Conversation(id),
        (None, Some(order)) => Continue::Order(order),
        (None, None) => Continue::New,
    };
    let mut reply =
        chat_turn(&state.store, &state.catalog(), user.0.id, &user.0.username, target, text, key.as_deref()).await?;
    super::payments::offer_checkout(&state, &mut reply).await;
    Ok(Json(reply))
}

/// `POST /api/orders/{id}/again` body.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"conversation_id": 12}))]
pub(super) struct OrderAgain {
    /// The conversation whose cart takes the lines; a new one starts when absent.
    #[serde(default)]
    pub conversation_id: Option<i64>,
}

/// Puts a past order's lines in the cart again ("Order again" on the chat page): the
/// lines that can still be had, notes kept; the reply names what was left out (sold out,
/// no longer on the menu). The conversation gets the turn "Order #12 again" and its
/// reply, and goes on from there ("that's all" reads the cart back).
#[utoipa::path(post, path = "/api/orders/{id}/again", tag = "chat", params(("id" = i64, Path)), request_body = OrderAgain,
    responses((status = 200, body = ChatReply),
              BodyErrors,
              RoleErrors,
              (status = 404, description = "no such order or conversation of yours", body = ErrorBody),
              (status = 429, description = "too many messages from this account", body = ErrorBody,
               headers(("Retry-After" = u64, description = "seconds to wait")))),
    security(("bearer" = [])))]
#[tracing::instrument(skip_all, fields(user_id = user.0.id))]
pub(super) async fn post_order_again(
    State(state): State<AppState>,
    user: AuthUser,
    Path(id): Path<i64>,
    body: Result<Json<OrderAgain>, Error>,
) -> Result<Json<ChatReply>, Error> {
    user.require(&[Role::Customer])?;
    if let Err(e) = state.limits.chat_turn(user.0.id) {
        tracing::warn!(user_id = user.0.id, "chat turns throttled");
        return Err(e);
    }
    let Json(body) = body?;
    let target = body.conversation_id.map_or(Continue::New, Continue::Conversation);
    Ok(Json(order_again(&state.store, &state.catalog(), user.0.id, target, id).await?))
}
