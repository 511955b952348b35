-- Add customers
-- Revision ID: d4e5f6
-- Revisess: a1b2c3

-- +upgrade
CREATE TABLE customers (id int);
