-- Webhooks for partners (issue 15). An endpoint is a URL, its signing secret and the
-- event kinds it wants; `enqueued_through` is its durable cursor over the `events`
-- outbox: every event with an id at or below it has a delivery row (or was not wanted),
-- apart from ids that commit late (store/webhooks.rs reads a trailing window again).
-- The deliverer moves the cursor in the same transaction as it inserts the deliveries,
-- so a crash between the two loses nothing and doubles nothing. One delivery row per
-- (endpoint, event) holds the retry state: attempts, when the next one is due (also
-- the lease of an attempt in flight), the last answer, and when it got through.
CREATE TABLE webhook_endpoints (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    url VARCHAR(2048) NOT NULL,
    secret VARCHAR(256) NOT NULL,
    -- comma-separated event kinds, or `*` for every kind
    event_kinds VARCHAR(255) NOT NULL,
    -- 0: paused (its events are still enqueued, and sent once it is active again)
    active BIGINT NOT NULL,
    enqueued_through BIGINT NOT NULL,
    created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_deliveries (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    endpoint_id BIGINT NOT NULL,
    event_id BIGINT NOT NULL,
    -- pending, delivered or failed (given up after the retry period; replayable)
    state VARCHAR(16) NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    -- the retry period (24 h) counts from here: the first enqueue, or the last replay
    retry_since BIGINT NOT NULL,
    last_attempt_at BIGINT NULL,
    last_status BIGINT NULL,
    last_error VARCHAR(512) NULL,
    delivered_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE KEY webhook_deliveries_event (endpoint_id, event_id),
    KEY webhook_deliveries_endpoint (endpoint_id, id),
    KEY webhook_deliveries_due (state, next_attempt_at),
    CONSTRAINT webhook_deliveries_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
