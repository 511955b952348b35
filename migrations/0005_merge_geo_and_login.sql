-- merge country and last-login branches
--
-- Revision ID: 5e6f708192a3
-- Revises: 3f2a9c1b7d4e, 4d5e6f708192
-- Create Date: 2026-11-12 16:45:00

-- +upgrade

-- +downgrade
