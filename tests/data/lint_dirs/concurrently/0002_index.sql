-- Index t_a1b2c3 without blocking writes, but in a transactional revision
-- Revision ID: d4e5f6
-- Revises: a1b2c3

-- +upgrade
CREATE INDEX CONCURRENTLY t_a1b2c3_id ON t_a1b2c3 (id);

-- +downgrade
DROP INDEX CONCURRENTLY t_a1b2c3_id;
