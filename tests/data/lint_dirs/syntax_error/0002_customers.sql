-- Create the customers table
-- Revision ID: d4e5f6
-- Revises: a1b2c3

-- +upgrade
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    name text NOT NULL
    email text
);

-- +downgrade
DROP TABLE customers;
