-- Lines added to a pending order from the chat ("add a coke to my order"), one row per
-- chat turn that added them: a turn carried out twice (a retry after a crash) adds once.
CREATE TABLE order_amendments (
    conversation_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    order_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, version),
    CONSTRAINT order_amendments_order_fk FOREIGN KEY (order_id) REFERENCES orders(id)
) ENGINE=InnoDB;
