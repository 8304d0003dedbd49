-- What an order carries besides its lines (issue 13): pickup or delivery with the
-- address and phone, the order's and lines' notes exactly as given, the requested time,
-- the delivery fee, the customer's name and the estimated ready time. One row per order
-- placed since this migration, written in the order's own transaction; the details
-- themselves are JSON (`order::fulfilment::StoredDetails`), `fulfilment` and `ready_at`
-- are columns for the kitchen's queries.
CREATE TABLE order_details (
    order_id INTEGER PRIMARY KEY REFERENCES orders(id),
    fulfilment TEXT NOT NULL,
    ready_at INTEGER,
    details TEXT NOT NULL
);
