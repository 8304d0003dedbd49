//! Conversations: the dialogue state as JSON with a version for optimistic
//! concurrency, and [`Store::save_turn`], the one transaction behind a chat turn.

use sqlx::Row;

use super::orders::{NewOrder, Order};
use super::{inserted_id, now_ms, opt_text, text, Error, Result, Store};

/// What a turn sent with an idempotency key answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedTurn {
    pub conversation_id: i64,
    pub intent: String,
    pub reply: String,
    /// The fingerprint of the turn the key came with (`None` for keys older than it).
    pub request_hash: Option<String>,
}

/// A conversation as loaded for the next turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: i64,
    pub user_id: i64,
    /// The dialogue state, serialised as JSON by the dialogue layer.
    pub state: String,
    /// Bumped by every saved turn; a save names the version it read.
    pub version: i64,
}

/// Everything one chat turn writes, saved all-or-nothing by [`Store::save_turn`].
#[derive(Debug, Clone)]
pub struct Turn {
    pub conversation_id: i64,
    /// The customer saying it (the owner of the conversation).
    pub user_id: i64,
    /// The client's `Idempotency-Key`: a turn with a key this user already used is
    /// refused with `Duplicate`, and [`Store::keyed_turn`] tells what it answered.
    pub idempotency_key: Option<String>,
    /// The fingerprint of what the turn asked ([`super::fingerprint`]), kept with the key.
    pub request_hash: Option<String>,
    /// The intent the engine found, kept with the key for a replayed answer.
    pub intent: String,
    /// The version loaded before the turn; the save fails with `Moved` if it moved on.
    pub expected_version: i64,
    pub new_state: String,
    pub user_text: String,
    /// The engine's parse of `user_text`, as JSON.
    pub parse: String,
    pub bot_text: String,
    /// An order to place in this turn (its `conversation_id` is set from the turn).
    pub order: Option<NewOrder>,
}

impl Store {
    /// What the turn this user sent with `key` answered, if it was saved.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self, key))]
    pub async fn keyed_turn(&self, user_id: i64, key: &str) -> Result<Option<KeyedTurn>> {
        let row = sqlx::query(
            "SELECT conversation_id, intent, reply, request_hash FROM turn_keys \
             WHERE user_id = ? AND idempotency_key = ?",
        )
        .bind(user_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(KeyedTurn {
                conversation_id: row.try_get("conversation_id")?,
                intent: text(&row, "intent")?,
                reply: text(&row, "reply")?,
                request_hash: opt_text(&row, "request_hash")?,
            })
        })
        .transpose()
    }

    /// Starts an empty conversation for a user with the given initial state.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self, state))]
    pub async fn create_conversation(&self, user_id: i64, state: &str) -> Result<Conversation> {
        let now = now_ms();
        let _writer = self.write_turn().await;
        let mut conn = self.pool.acquire().await?;
        let done = sqlx::query(
            "INSERT INTO conversations (user_id, state, version, created_at, updated_at) VALUES (?, ?, 0, ?, ?)",
        )
        .bind(user_id)
        .bind(state)
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        let id = inserted_id(&mut conn, &done).await?;
        let conversation = Conversation { id, user_id, state: state.to_owned(), version: 0 };
        self.recent.put(conversation.clone());
        Ok(conversation)
    }

    /// Loads a conversation (its owner, state and version) from the database.
    ///
    /// # Errors
    /// `NotFound` when there is no such conversation.
    #[tracing::instrument(skip(self))]
    pub async fn load_conversation(&self, id: i64) -> Result<Conversation> {
        let row = sqlx::query("SELECT id, user_id, state, version FROM conversations WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(Error::NotFound)?;
        let conversation = Conversation {
            id: row.try_get("id")?,
            user_id: row.try_get("user_id")?,
            state: text(&row, "state")?,
            version: row.try_get("version")?,
        };
        self.recent.put(conversation.clone());
        Ok(conversation)
    }

    /// The conversation as this process last saved or read it, else from the database:
    /// what a turn starts from. It may be behind when another server saved since; the
    /// turn's save then fails with `Moved`, which carries it as it is now.
    ///
    /// # Errors
    /// `NotFound` when there is no such conversation.
    pub async fn conversation_for_turn(&self, id: i64) -> Result<Conversation> {
        match self.recent.get(id) {
            Some(c) => Ok(c),
            None => self.load_conversation(id).await,
        }
    }

    /// Saves one chat turn in a single transaction: the new state (only if the
    /// version is still `expected_version`, then version + 1), the user's message and
    /// the bot's reply, and the order if one is placed. Returns the new version and the
    /// placed order.
    ///
    /// # Errors
    /// `Moved` when another turn saved first: step again on the conversation it carries.
    #[tracing::instrument(skip(self, turn), fields(conversation_id = turn.conversation_id))]
    pub async fn save_turn(&self, turn: &Turn) -> Result<(i64, Option<Order>)> {
        let saved = self.group.save_turn(turn.clone()).await;
        match &saved {
            Ok((version, _)) => self.recent.put(Conversation {
                id: turn.conversation_id,
                user_id: turn.user_id,
                state: turn.new_state.clone(),
                version: *version,
            }),
            Err(Error::Moved(now)) => self.recent.put((**now).clone()),
            Err(_) => self.recent.forget(turn.conversation_id),
        }
        saved
    }
}
