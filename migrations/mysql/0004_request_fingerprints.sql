-- A fingerprint (SHA-256, hex) of the request an Idempotency-Key was first used with:
-- the same key sent with a different request is refused instead of answered with the
-- first result. NULL for keys stored before this column existed (they match anything).
ALTER TABLE orders ADD COLUMN request_hash VARCHAR(64) NULL;
ALTER TABLE turn_keys ADD COLUMN request_hash VARCHAR(64) NULL;
