-- Everything wrong at once: each problem is reported, not only the first
-- Revision ID: 1a2b3c4d5e6f
-- Revises: 0f9e8d7c6b5a,
-- Transactional: maybe
-- Author: bob

-- +downgrade
