-- Card payments through Stripe Checkout (issue 13): one row per order that was offered
-- payment, and every Stripe event id handled, so a webhook delivered twice (or two
-- racing) is handled once. No card data is ever stored: Stripe holds it.
CREATE TABLE payments (
    order_id BIGINT NOT NULL PRIMARY KEY,
    session_id VARCHAR(255) NOT NULL,
    url TEXT NOT NULL,
    -- open (a Checkout Session exists), paid, refunded
    status VARCHAR(16) NOT NULL,
    payment_intent VARCHAR(255) NULL,
    amount_cents BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE stripe_events (
    event_id VARCHAR(255) NOT NULL PRIMARY KEY,
    kind VARCHAR(128) NOT NULL,
    created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
