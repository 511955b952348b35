-- first customers
-- Requires: b2c3d4e5f6a1

INSERT INTO shop.customers (id, name) VALUES (1, 'Zoë') ON CONFLICT DO NOTHING;
