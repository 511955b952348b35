-- Merge the billing branch
-- Revision ID: 5e6f7a8b9c0d
-- Revises: 3c4d5e6f7a8b, 3c4d5e6f7a8b

-- +upgrade
