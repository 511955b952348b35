-- Add an email column
-- Revision ID: ab12
-- Revises: 1a2b3c4d5e6f
-- +upgrade
ALTER TABLE customers ADD COLUMN email text;
