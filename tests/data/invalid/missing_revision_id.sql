-- Add the customers table
-- Revises: 0f9e8d7c6b5a

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
