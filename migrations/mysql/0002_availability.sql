-- Items an admin switched on or off from the board, applied on top of the menu files
-- (the files say what exists; this says what is sold out today).
CREATE TABLE availability (
    item_id VARCHAR(100) NOT NULL PRIMARY KEY,
    available BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
