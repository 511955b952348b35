-- Revision d4e5f6
-- Revision ID: d4e5f6
-- Revises: a1b2c4

-- +upgrade
CREATE TABLE t_d4e5f6 (id int);

-- +downgrade
DROP TABLE t_d4e5f6;
