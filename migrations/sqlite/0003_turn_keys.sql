-- Chat turns sent with an Idempotency-Key: a retry of a turn that was saved gets the
-- first answer back instead of being said twice.
CREATE TABLE turn_keys (
    user_id INTEGER NOT NULL REFERENCES users(id),
    idempotency_key TEXT NOT NULL,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    intent TEXT NOT NULL,
    reply TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);
