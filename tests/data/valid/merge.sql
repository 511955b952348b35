-- Merge the billing and reporting branches
-- Revision ID: 5e6f7a8b9c0d
-- Revises: 4d5e6f7a8b9c, 3c4d5e6f7a8b
-- Create Date: 2024-05-03 09:30:00

-- +upgrade

-- +downgrade
