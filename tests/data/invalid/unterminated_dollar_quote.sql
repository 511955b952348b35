-- Add a trigger function
-- Revision ID: 1a2b3c4d5e6f
-- Revises:

-- +upgrade
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

-- +downgrade
DROP FUNCTION touch();
