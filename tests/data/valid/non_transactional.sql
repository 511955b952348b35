-- Index orders by date without blocking writes
-- Revision ID: 6f7a8b9c0d1e
-- Revises: 5e6f7a8b9c0d
-- Transactional: false

-- +upgrade
CREATE INDEX CONCURRENTLY orders_created_at ON orders (created_at);

-- +downgrade
DROP INDEX CONCURRENTLY orders_created_at;
