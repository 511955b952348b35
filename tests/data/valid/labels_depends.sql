-- Start the billing branch
-- Revision ID: 3c4d5e6f7a8b
-- Revises: 0f9e8d7c6b5a
-- Branch Labels: billing, billing-v2
-- Depends On: 1a2b3c4d5e6f

-- +upgrade
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers);

-- +downgrade
DROP TABLE invoices;
