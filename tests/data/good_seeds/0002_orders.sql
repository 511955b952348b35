-- one order per customer, by branch label
-- Requires: orders

INSERT INTO shop.orders (id, customer_id) VALUES (1, 1), (2, 2) ON CONFLICT DO NOTHING;

-- $$;$$ is not a statement end in a dollar quote
DO $$ BEGIN PERFORM 1; END $$;
