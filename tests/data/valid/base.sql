-- Initial schema
-- Revision ID: 0f9e8d7c6b5a
-- Revises:
-- Create Date: 2024-04-30 08:00:00

-- +upgrade
CREATE SCHEMA app;

-- +downgrade
DROP SCHEMA app;
