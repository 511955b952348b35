-- create users table
--
-- Revision ID: 1a2b3c4d5e6f
-- Revises:
-- Create Date: 2026-11-02 09:00:00

-- +upgrade
CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +downgrade
DROP TABLE users;
