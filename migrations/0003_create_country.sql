-- create country table
--
-- Revision ID: 3f2a9c1b7d4e
-- Revises: 2b3c4d5e6f70
-- Create Date: 2026-11-10 14:00:00
-- Branch Labels: geo

-- +upgrade
CREATE TABLE country (
    code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL
);

-- Keeps a user's country optional: rows from before this revision have none.
ALTER TABLE users ADD COLUMN country_code char(2) REFERENCES country (code);

-- +downgrade
ALTER TABLE users DROP COLUMN country_code;
DROP TABLE country;
