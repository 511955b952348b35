-- Add the customers table
-- Revision ID: 1a2b3c4d5e6f
-- Revises:
-- Author: alice

-- +upgrade
CREATE TABLE customers (id bigint PRIMARY KEY);
