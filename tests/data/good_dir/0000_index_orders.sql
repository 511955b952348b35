-- Index orders by customer (named 0000 so that file order differs from dependency order)
-- Revision ID: f6a1b2c3d4e5
-- Revises: e5f6a1b2c3d4
-- Transactional: false

-- +upgrade
CREATE INDEX CONCURRENTLY orders_customer ON shop.orders (customer_id);
