-- Export the currencies
-- Revision ID: 1a2b3c4d5e6f
-- Revises:

-- +upgrade
CREATE TABLE currencies (code char(3) PRIMARY KEY);
COPY currencies TO stdout;
