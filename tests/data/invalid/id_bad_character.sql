-- Add the customers table
-- Revision ID: 1a2b-3c4d
-- Revises:

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
