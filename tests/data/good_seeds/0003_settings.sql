-- settings for every environment, at head only

MERGE INTO shop.customers c
USING (VALUES (3, 'walk-in')) AS v (id, name) ON c.id = v.id
WHEN NOT MATCHED THEN INSERT (id, name) VALUES (v.id, v.name);
