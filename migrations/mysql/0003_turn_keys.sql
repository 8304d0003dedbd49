-- Chat turns sent with an Idempotency-Key: a retry of a turn that was saved gets the
-- first answer back instead of being said twice.
CREATE TABLE turn_keys (
    user_id BIGINT NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    conversation_id BIGINT NOT NULL,
    intent VARCHAR(100) NOT NULL,
    reply MEDIUMTEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key),
    CONSTRAINT turn_keys_user_fk FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT turn_keys_conversation_fk FOREIGN KEY (conversation_id) REFERENCES conversations(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
