-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises: 0f9e8d7c6b5a
-- Create Date: 2024-05-01 10:00:00.000000

-- +upgrade
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
CREATE INDEX customers_name ON customers (name);

-- +downgrade
DROP TABLE customers;
