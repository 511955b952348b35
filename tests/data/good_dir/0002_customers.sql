-- Kunden anlegen: "customers" with a café's \ backslash
-- Revision ID: b2c3d4e5f6a1
-- Revises: a1b2c3d4e5f6

-- +upgrade
CREATE TABLE shop.customers (
	id bigint PRIMARY KEY,
	name text NOT NULL DEFAULT 'Zoë "the" \ customer',
	note text DEFAULT E'tab\there\nnew line'
);
COMMENT ON TABLE shop.customers IS 'Kunden — 顧客';

-- +downgrade
DROP TABLE shop.customers;
