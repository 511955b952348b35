CREATE TABLE items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0)
);

CREATE INDEX items_owner_id_idx ON items (owner_id);
CREATE INDEX items_title_idx ON items (title);
