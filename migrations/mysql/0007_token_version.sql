-- Token revocation: every token carries the account's token version; logging out or
-- changing the password moves it on, and older tokens stop counting.
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
