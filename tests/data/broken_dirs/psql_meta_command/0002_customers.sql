-- Load the customers schema
-- Revision ID: d4e5f6
-- Revises: a1b2c3

-- +upgrade
\connect shop
CREATE TABLE customers (id int);
