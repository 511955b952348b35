CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Optional: rows from before the country table have none.
    country_code char(2) REFERENCES country (code),
    last_login_at timestamptz
);

CREATE FUNCTION touch_last_login(user_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- a semicolon inside a dollar-quoted body does not end the statement;
    UPDATE users SET last_login_at = now() WHERE id = user_id;
END;
$$;
