-- Merge orders and billing
-- Revision ID: e5f6a1b2c3d4
-- Revises: c3d4e5f6a1b2, d4e5f6a1b2c3

-- +upgrade

-- +downgrade
