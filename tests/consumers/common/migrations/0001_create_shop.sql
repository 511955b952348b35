-- Create the shop schema
-- Revision ID: 5f1d2a3b4c01
-- Revises:
-- Create Date: 2024-05-01 10:00:00

-- +upgrade
CREATE SCHEMA shop;

-- +downgrade
DROP SCHEMA shop;
