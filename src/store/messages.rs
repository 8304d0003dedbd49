//! Transcripts: the messages of a conversation, in the order they were said.

use serde::Serialize;
use sqlx::Row;

use super::{rfc3339, text, Result, Store};

/// One message of a transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    /// `user` or `bot`.
    pub role: String,
    pub text: String,
    pub created_at: String,
}

impl Store {
    /// The messages of a conversation, oldest first.
    ///
    /// # Errors
    /// The database fails.
    #[tracing::instrument(skip(self))]
    pub async fn messages(&self, conversation_id: i64) -> Result<Vec<Message>> {
        let rows = sqlx::query("SELECT id, role, text, created_at FROM messages WHERE conversation_id = ? ORDER BY id")
            .bind(conversation_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(Message {
                    id: row.try_get("id")?,
                    role: text(row, "role")?,
                    text: text(row, "text")?,
                    created_at: rfc3339(row.try_get("created_at")?),
                })
            })
            .collect()
    }
}
