-- Usernames are looked up by username_key. As VARCHAR under a PAD SPACE collation,
-- 'ann ' compared equal to 'ann'; bytes compare exactly, as SQLite's TEXT does.
ALTER TABLE users MODIFY username_key VARBINARY(64) NOT NULL;
