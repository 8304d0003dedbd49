-- Lines added to a pending order from the chat ("add a coke to my order"), one row per
-- chat turn that added them: a turn carried out twice (a retry after a crash) adds once.
CREATE TABLE order_amendments (
    conversation_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, version)
);
