-- add users.last_login_at
--
-- Revision ID: 4d5e6f708192
-- Revises: 2b3c4d5e6f70
-- Create Date: 2026-11-11 09:15:00

-- +upgrade
ALTER TABLE users ADD COLUMN last_login_at timestamptz;

CREATE FUNCTION touch_last_login(user_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- a semicolon inside a dollar-quoted body does not end the statement;
    UPDATE users SET last_login_at = now() WHERE id = user_id;
END;
$$;

-- +downgrade
DROP FUNCTION touch_last_login(bigint);
ALTER TABLE users DROP COLUMN last_login_at;
