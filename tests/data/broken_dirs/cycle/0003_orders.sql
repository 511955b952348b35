-- Revision 0a0b0c
-- Revision ID: 0a0b0c
-- Revises: d4e5f6

-- +upgrade
CREATE TABLE t_0a0b0c (id int);

-- +downgrade
DROP TABLE t_0a0b0c;
