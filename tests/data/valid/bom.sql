-- Add a currency column
-- Revision ID: 8b9c0d1e2f3a
-- Revises: 7a8b9c0d1e2f

-- +upgrade
ALTER TABLE invoices ADD COLUMN currency char(3);

-- +downgrade
ALTER TABLE invoices DROP COLUMN currency;
