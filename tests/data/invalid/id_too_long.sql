-- Add the customers table
-- Revision ID: 0123456789abcdef0123456789abcdef0
-- Revises:

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
