-- SQLite compares TEXT exactly already ('ann ' <> 'ann'); this migration keeps the two
-- backends' migration lists in step (MySQL makes username_key VARBINARY here).
SELECT 1;
