-- Add customers
-- Revision ID: 5f1d2a3b4c02
-- Revises: 5f1d2a3b4c01
-- Create Date: 2024-05-02 10:00:00

-- +upgrade
CREATE TABLE shop.customers (
    id bigint PRIMARY KEY,
    name text NOT NULL
);

-- +downgrade
DROP TABLE shop.customers;
