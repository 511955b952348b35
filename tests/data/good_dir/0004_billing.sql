-- Start billing
-- Revision ID: d4e5f6a1b2c3
-- Revises: b2c3d4e5f6a1
-- Branch Labels: billing
-- Depends On: orders

-- +upgrade
CREATE FUNCTION shop.invoice_total(order_id bigint) RETURNS numeric
LANGUAGE plpgsql AS $body$
BEGIN
    -- a semicolon inside the body; does not split
    RETURN 0;
END;
$body$;
CREATE TABLE shop.invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES shop.orders);

-- +downgrade
DROP TABLE shop.invoices;
DROP FUNCTION shop.invoice_total(bigint);
