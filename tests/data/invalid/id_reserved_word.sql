-- Add the customers table
-- Revision ID: head
-- Revises:

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
