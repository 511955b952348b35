-- Add orders
-- Revision ID: c3d4e5f6a1b2
-- Revises: b2c3d4e5f6a1
-- Branch Labels: orders

-- +upgrade
CREATE TABLE shop.orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES shop.customers);

-- +downgrade
DROP TABLE shop.orders;
