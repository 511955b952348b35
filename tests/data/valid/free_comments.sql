-- Rename a column
-- Revision ID: c0ffee
-- Revises: ab12

-- Free comments start after the first blank line.
-- Note: this line has a colon but it is not a header key.
-- +upgrade
-- Comments inside a section belong to the section's SQL.
ALTER TABLE customers RENAME COLUMN email TO email_address;
