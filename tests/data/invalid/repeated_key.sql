-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises: 0f9e8d7c6b5a
-- Revises: 3c4d5e6f7a8b

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
