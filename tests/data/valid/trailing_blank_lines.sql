-- Add a notes column
-- Revision ID: 9c0d1e2f3a4b
-- Revises: 8b9c0d1e2f3a

-- +upgrade
ALTER TABLE customers ADD COLUMN notes text;

  
	

-- +downgrade
ALTER TABLE customers DROP COLUMN notes;


   

