-- invoices of the first customers
-- Requires: 9f9f9f9f9f9f

INSERT INTO shop.invoices (id) VALUES (1) ON CONFLICT DO NOTHING;
