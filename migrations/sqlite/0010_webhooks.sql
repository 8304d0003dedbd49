-- Webhooks for partners (issue 15). An endpoint is a URL, its signing secret and the
-- event kinds it wants; `enqueued_through` is its durable cursor over the `events`
-- outbox: every event with an id at or below it has a delivery row (or was not wanted).
-- The deliverer moves the cursor in the same transaction as it inserts the deliveries,
-- so a crash between the two loses nothing and doubles nothing. One delivery row per
-- (endpoint, event) holds the retry state: attempts, when the next one is due (also
-- the lease of an attempt in flight), the last answer, and when it got through.
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    -- comma-separated event kinds, or `*` for every kind
    event_kinds TEXT NOT NULL,
    -- 0: paused (its events are still enqueued, and sent once it is active again)
    active INTEGER NOT NULL,
    enqueued_through INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    -- pending, delivered or failed (given up after the retry period; replayable)
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    -- the retry period (24 h) counts from here: the first enqueue, or the last replay
    retry_since INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries(endpoint_id, event_id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(state, next_attempt_at);
