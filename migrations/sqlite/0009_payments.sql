-- Card payments through Stripe Checkout (issue 13): one row per order that was offered
-- payment, and every Stripe event id handled, so a webhook delivered twice (or two
-- racing) is handled once. No card data is ever stored: Stripe holds it.
CREATE TABLE payments (
    order_id INTEGER PRIMARY KEY REFERENCES orders(id),
    session_id TEXT NOT NULL,
    url TEXT NOT NULL,
    -- open (a Checkout Session exists), paid, refunded
    status TEXT NOT NULL,
    payment_intent TEXT,
    amount_cents INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE stripe_events (
    event_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
