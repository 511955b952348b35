-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises:
-- The customers table replaces the old accounts table.

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
