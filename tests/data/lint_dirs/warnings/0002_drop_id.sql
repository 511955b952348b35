-- Drop the id column
-- Revision ID: d4e5f6
-- Revises: a1b2c3

-- +upgrade
ALTER TABLE t_a1b2c3 DROP COLUMN id;
