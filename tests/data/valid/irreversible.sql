-- Drop the legacy audit log
-- Revision ID: 7a8b9c0d1e2f
-- Revises: 6f7a8b9c0d1e

-- +upgrade
DROP TABLE legacy_audit_log;
