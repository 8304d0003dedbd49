-- What an order carries besides its lines (issue 13): pickup or delivery with the
-- address and phone, the order's and lines' notes exactly as given, the requested time,
-- the delivery fee, the customer's name and the estimated ready time. One row per order
-- placed since this migration, written in the order's own transaction; the details
-- themselves are JSON (`order::fulfilment::StoredDetails`), `fulfilment` and `ready_at`
-- are columns for the kitchen's queries.
CREATE TABLE order_details (
    order_id BIGINT NOT NULL PRIMARY KEY,
    fulfilment VARCHAR(16) NOT NULL,
    ready_at BIGINT NULL,
    details MEDIUMTEXT NOT NULL,
    CONSTRAINT order_details_order_fk FOREIGN KEY (order_id) REFERENCES orders(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
