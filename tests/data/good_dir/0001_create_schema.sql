-- Create the shop schema
-- Revision ID: a1b2c3d4e5f6
-- Revises:
-- Create Date: 2024-05-01 10:00:00

-- +upgrade
CREATE SCHEMA shop;

-- +downgrade
DROP SCHEMA shop;
