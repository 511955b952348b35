-- Start the billing branch
-- Revision ID: 5f1d2a3b4c03
-- Revises: 5f1d2a3b4c02
-- Create Date: 2024-05-03 10:00:00
-- Branch Labels: billing

-- +upgrade
CREATE TABLE shop.invoices (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES shop.customers
);

-- +downgrade
DROP TABLE shop.invoices;
