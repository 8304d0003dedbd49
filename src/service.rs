//! One chat turn: load the conversation's state and version, parse, step the dialogue,
//! then save everything in one transaction (`Store::save_turn`). When another turn
//! saved first, the turn is stepped again on the fresh state, so concurrent messages
//! are neither lost nor doubled and a confirmation places at most one order.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::dialogue::{self, DialogueState, Effect, OrderStatus, TurnContext};
use crate::engine::Intent;
use crate::order::PricedOrder;
use crate::store::{self, Conversation, KeyedTurn, NewOrder, Order, Store};

/// How many times a turn is stepped again after losing a race. Each retry means
/// another turn was saved, so the bound only trips under extreme contention.
pub const MAX_TRIES: usize = 50;

/// What one turn produced, as `POST /api/messages` answers it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChatReply {
    pub conversation_id: i64,
    /// The bot's answer.
    pub reply: String,
    /// The intent the message was read as.
    pub intent: String,
    /// The dialogue phase after the turn (`idle`, `ordering`, `awaiting_option`, ...).
    pub state: String,
    /// The cart: every line with unit and line prices (0 while a line still waits
    /// for a required choice), and the total.
    pub cart: PricedOrder,
    /// The order this conversation placed last; null until one is placed.
    pub order: Option<Order>,
    /// Where to pay the order this turn placed, when the shop takes cards (Stripe
    /// Checkout's page); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub pay_url: Option<String>,
    /// This turn placed `order`.
    #[serde(skip)]
    pub placed_now: bool,
}

/// Which conversation a message continues.
#[derive(Debug, Clone, Copy)]
pub enum Continue {
    /// Start a new conversation.
    New,
    /// This conversation (it must belong to the user).
    Conversation(i64),
    /// The conversation that produced this order (it must belong to the user).
    Order(i64),
}

/// Runs one chat turn for `user_id` (`customer`: the name an order placed now carries). With an idempotency `key` this user has used
/// before, nothing is said again: the reply is the first answer, with the
/// conversation as it stands now.
///
/// # Errors
/// `NotFound` for a conversation or order that is absent or someone else's;
/// `Conflict` if the turn lost [`MAX_TRIES`] races in a row; database errors.
#[tracing::instrument(skip(store, catalog, text))]
pub async fn chat_turn(
    store: &Store,
    catalog: &Catalog,
    user_id: i64,
    customer: &str,
    target: Continue,
    text: &str,
    key: Option<&str>,
) -> Result<ChatReply, store::Error> {
    let request_hash = key.map(|_| turn_fingerprint(target, text));
    if let (Continue::New, Some(key)) = (target, key) {
        // A retried first message must not open a second conversation.
        if let Some(keyed) = store.keyed_turn(user_id, key).await? {
            return replay(store, catalog, user_id, keyed, request_hash.as_deref()).await;
        }
    }
    let parse = crate::acts::understand(catalog, text);
    let parse_json = serde_json::to_string(&parse).map_err(|e| store::Error::Corrupt(e.to_string()))?;
    let mut conversation = match target {
        Continue::New => {
            let fresh =
                serde_json::to_string(&DialogueState::new()).map_err(|e| store::Error::Corrupt(e.to_string()))?;
            store.create_conversation(user_id, &fresh).await?
        }
        Continue::Conversation(id) => owned(store.conversation_for_turn(id).await?, user_id)?,
        Continue::Order(order_id) => {
            let order = store.get_order(order_id).await?;
            let id = order.conversation_id.filter(|_| order.user_id == user_id).ok_or(store::Error::NotFound)?;
            owned(store.load_conversation(id).await?, user_id)?
        }
    };
    // Read once, when the message may be about it: the latest order does not depend on
    // the conversation's version (it is read again after this turn changes it).
    let about_orders = matches!(parse.intent, Intent::StatusAsk | Intent::Cancel | Intent::Reorder) || parse.to_placed;
    let mut latest_order = if about_orders { latest_order_of(store, user_id).await? } else { None };
    let mut read_latest = about_orders;
    // For the estimate of an order this turn may place (counted at most once a second).
    let queued = store.kitchen_queue().await?;
    for _ in 0..MAX_TRIES {
        let state = read_state(&conversation);
        if !read_latest && matches!(state.phase, dialogue::Phase::ConfirmingOrderCancel { .. }) {
            latest_order = latest_order_of(store, user_id).await?;
            read_latest = true;
        }
        let ctx = TurnContext {
            seed: conversation.version.unsigned_abs(),
            latest_order: latest_order.clone(),
            now_ms: store::now_ms(),
            queued,
        };
        let turn = dialogue::step(catalog, &state, &parse, &ctx);
        // A change to an order already placed is carried out first; when the order has
        // moved on meanwhile, the turn is stepped again on the order as it is now.
        match change_placed(store, catalog, user_id, (conversation.id, conversation.version), &turn.effects).await {
            Err(store::Error::TooLate { .. } | store::Error::Transition { .. }) => {
                latest_order = latest_order_of(store, user_id).await?;
                continue;
            }
            other => other?,
        }
        let order = turn.effects.iter().find_map(|e| match e {
            Effect::PlaceOrder(placed) => Some(NewOrder {
                user_id,
                conversation_id: Some(conversation.id),
                idempotency_key: None,
                request_hash: None,
                order: placed.order.clone(),
                details: crate::order::fulfilment::OrderDetails {
                    customer: Some(customer.to_owned()),
                    ..placed.details.clone()
                },
                ready_at_ms: Some(placed.ready_at_ms),
            }),
            _ => None,
        });
        let new_state = serde_json::to_string(&turn.state).map_err(|e| store::Error::Corrupt(e.to_string()))?;
        let save = store::Turn {
            conversation_id: conversation.id,
            user_id,
            idempotency_key: key.map(str::to_owned),
            request_hash: request_hash.clone(),
            intent: parse.intent.to_string(),
            expected_version: conversation.version,
            new_state,
            user_text: text.to_owned(),
            parse: parse_json.clone(),
            bot_text: turn.reply.clone(),
            order,
        };
        match store.save_turn(&save).await {
            Ok((_, placed)) => {
                let placed_now = placed.is_some();
                let order = match placed {
                    Some(o) => Some(o),
                    // Only a conversation that has placed an order can have one to show.
                    None if turn.state.orders_placed > 0 => store.conversation_order(conversation.id).await?,
                    None => None,
                };
                return Ok(ChatReply {
                    conversation_id: conversation.id,
                    reply: turn.reply,
                    intent: parse.intent.to_string(),
                    state: turn.state.phase.name().to_owned(),
                    cart: turn.state.cart.draft(catalog),
                    order,
                    pay_url: None,
                    placed_now,
                });
            }
            Err(store::Error::Moved(now)) => conversation = *now,
            Err(store::Error::Duplicate) => {
                let keyed = store.keyed_turn(user_id, key.unwrap_or_default()).await?.ok_or(store::Error::NotFound)?;
                return replay(store, catalog, user_id, keyed, request_hash.as_deref()).await;
            }
            Err(e) => return Err(e),
        }
    }
    Err(store::Error::Conflict)
}

/// The customer's latest order, as the dialogue speaks of it.
async fn latest_order_of(store: &Store, user_id: i64) -> Result<Option<OrderStatus>, store::Error> {
    Ok(store.latest_order(user_id).await?.map(spoken))
}

/// An order as the dialogue speaks of it.
fn spoken(o: Order) -> OrderStatus {
    OrderStatus {
        id: o.id,
        status: o.status.as_str().to_owned(),
        total_cents: o.total_cents,
        lines: o.lines.into_iter().map(|l| l.line).collect(),
        ready_at_ms: o
            .details
            .ready_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp_millis()),
    }
}

/// "Order again" on one of the customer's past orders (the chat page's list): its lines
/// that can still be had go into the cart of the conversation `target` (a new one for
/// `Continue::New`), as a turn of that conversation whose message is "Order #12 again".
///
/// # Errors
/// `NotFound` for an order or conversation that is absent or someone else's; `Conflict`
/// if the turn lost [`MAX_TRIES`] races in a row; database errors.
#[tracing::instrument(skip(store, catalog))]
pub async fn order_again(
    store: &Store,
    catalog: &Catalog,
    user_id: i64,
    target: Continue,
    order_id: i64,
) -> Result<ChatReply, store::Error> {
    let past = store.get_order(order_id).await?;
    if past.user_id != user_id {
        return Err(store::Error::NotFound);
    }
    let past = spoken(past);
    let mut conversation = match target {
        Continue::New | Continue::Order(_) => {
            let fresh =
                serde_json::to_string(&DialogueState::new()).map_err(|e| store::Error::Corrupt(e.to_string()))?;
            store.create_conversation(user_id, &fresh).await?
        }
        Continue::Conversation(id) => owned(store.conversation_for_turn(id).await?, user_id)?,
    };
    let text = format!("Order #{order_id} again");
    let parse = serde_json::json!({ "order_again": order_id }).to_string();
    for _ in 0..MAX_TRIES {
        let state = read_state(&conversation);
        let ctx = TurnContext {
            seed: conversation.version.unsigned_abs(),
            latest_order: None,
            now_ms: store::now_ms(),
            queued: 0,
        };
        let turn = dialogue::order_again(catalog, &state, &past, &ctx);
        let save = store::Turn {
            conversation_id: conversation.id,
            user_id,
            idempotency_key: None,
            request_hash: None,
            intent: "order_again".to_owned(),
            expected_version: conversation.version,
            new_state: serde_json::to_string(&turn.state).map_err(|e| store::Error::Corrupt(e.to_string()))?,
            user_text: text.clone(),
            parse: parse.clone(),
            bot_text: turn.reply.clone(),
            order: None,
        };
        match store.save_turn(&save).await {
            Ok(_) => {
                let order =
                    if turn.state.orders_placed > 0 { store.conversation_order(conversation.id).await? } else { None };
                return Ok(ChatReply {
                    conversation_id: conversation.id,
                    reply: turn.reply,
                    intent: "order_again".to_owned(),
                    state: turn.state.phase.name().to_owned(),
                    cart: turn.state.cart.draft(catalog),
                    order,
                    pay_url: None,
                    placed_now: false,
                });
            }
            Err(store::Error::Moved(now)) => conversation = *now,
            Err(e) => return Err(e),
        }
    }
    Err(store::Error::Conflict)
}

/// Carries out a turn's changes to orders already placed: a cancel (within the shop's
/// rule for customers) or lines added to a pending order, once per `turn`.
async fn change_placed(
    store: &Store,
    catalog: &Catalog,
    user_id: i64,
    turn: (i64, i64),
    effects: &[Effect],
) -> Result<(), store::Error> {
    for effect in effects {
        match effect {
            Effect::CancelOrder(id) => {
                let until =
                    store::Status::parse(&catalog.shop.customer_cancel_until).unwrap_or(store::Status::Confirmed);
                store.change_status(*id, store::Status::Cancelled, user_id, Some(until)).await?;
                tracing::info!(order_id = id, actor_id = user_id, "order cancelled from the chat");
            }
            Effect::AddToOrder(id, added) => {
                store.add_to_order(*id, user_id, turn, added).await?;
                tracing::info!(order_id = id, actor_id = user_id, "lines added to an order from the chat");
            }
            Effect::PlaceOrder(_) => {}
        }
    }
    Ok(())
}

/// What identifies a turn's request for its idempotency key: where it goes and what it says.
fn turn_fingerprint(target: Continue, text: &str) -> String {
    let target = match target {
        Continue::New => "new".to_owned(),
        Continue::Conversation(id) => format!("conversation {id}"),
        Continue::Order(id) => format!("order {id}"),
    };
    store::fingerprint(&[&target, text])
}

/// The answer to a turn that was saved before: its reply and intent, with the
/// conversation's current state, cart and order.
///
/// # Errors
/// `KeyReused` when the key was first sent with another request (`request_hash`).
async fn replay(
    store: &Store,
    catalog: &Catalog,
    user_id: i64,
    keyed: KeyedTurn,
    request_hash: Option<&str>,
) -> Result<ChatReply, store::Error> {
    if let (Some(first), Some(now)) = (keyed.request_hash.as_deref(), request_hash) {
        if first != now {
            return Err(store::Error::KeyReused);
        }
    }
    let conversation = owned(store.load_conversation(keyed.conversation_id).await?, user_id)?;
    let state = read_state(&conversation);
    let order = if state.orders_placed > 0 { store.conversation_order(conversation.id).await? } else { None };
    Ok(ChatReply {
        conversation_id: conversation.id,
        reply: keyed.reply,
        intent: keyed.intent,
        state: state.phase.name().to_owned(),
        cart: state.cart.draft(catalog),
        order,
        pay_url: None,
        placed_now: false,
    })
}

/// The dialogue state of a conversation. A state that no longer reads (an older
/// shape) restarts the conversation rather than failing every later message.
fn read_state(conversation: &Conversation) -> DialogueState {
    serde_json::from_str(&conversation.state).unwrap_or_else(|e| {
        tracing::warn!(conversation_id = conversation.id, error = %e, "unreadable dialogue state, starting afresh");
        DialogueState::new()
    })
}

fn owned(c: Conversation, user_id: i64) -> Result<Conversation, store::Error> {
    if c.user_id == user_id {
        Ok(c)
    } else {
        Err(store::Error::NotFound)
    }
}
