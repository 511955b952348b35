-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises:

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);

-- +upgrade
CREATE INDEX customers_id ON customers (id);
