-- Load the customers schema
-- Revision ID: 1a2b3c4d5e6f
-- Revises:

-- +upgrade
CREATE SCHEMA app;
\i customers.sql
