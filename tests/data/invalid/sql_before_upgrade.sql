-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises:

CREATE TABLE customers (id bigint PRIMARY KEY);

-- +upgrade
CREATE INDEX customers_id ON customers (id);
