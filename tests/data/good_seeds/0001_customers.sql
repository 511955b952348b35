-- Kunden: a café's first customers
-- Requires: b2c3d4e5f6a1

INSERT INTO shop.customers (id, name) VALUES
    (1, 'Zoë'),
    (2, 'O''Brien \ Söhne')
ON CONFLICT (id) DO UPDATE SET name = excluded.name;
