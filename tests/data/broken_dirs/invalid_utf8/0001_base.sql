-- Revision a1b2c3
-- Revision ID: a1b2c3
-- Revises:

-- +upgrade
CREATE TABLE t_a1b2c3 (name text);
INSERT INTO t_a1b2c3 VALUES ('café');

-- +downgrade
DROP TABLE t_a1b2c3;
