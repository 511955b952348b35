-- Revision a1b2c3
-- Revision ID: a1b2c3
-- Revises:

-- +upgrade
CREATE TABLE t_a1b2c3 (id int);

-- +downgrade
DROP TABLE t_a1b2c3;
