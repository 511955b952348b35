-- Add the orders table
-- Revision ID: 4d5e6f7a8b9c
-- Revises: 1a2b3c4d5e6f

-- +upgrade
CREATE TABLE orders (
    id bigint PRIMARY KEY
);

-- +downgrade
DROP TABLE orders;
