-- Items an admin switched on or off from the board, applied on top of the menu files
-- (the files say what exists; this says what is sold out today).
CREATE TABLE availability (
    item_id TEXT PRIMARY KEY,
    available INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
