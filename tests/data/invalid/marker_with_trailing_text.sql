-- marker with a note after it
--
-- Revision ID: abc123
-- Revises:

-- +upgrade
CREATE TABLE t (id int);

-- +downgrade (drop t)
DROP TABLE t;
