-- index items by title without locking writes
--
-- Revision ID: 6f708192a3b4
-- Revises: 5e6f708192a3
-- Create Date: 2026-11-18 11:20:00
-- Transactional: false

-- +upgrade
CREATE INDEX CONCURRENTLY items_title_idx ON items (title);

-- +downgrade
DROP INDEX CONCURRENTLY items_title_idx;
