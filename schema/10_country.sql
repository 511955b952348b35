-- The schema the example migrations produce, declared: what `revision --autogenerate` compares them
-- with and `check --declared` keeps them equal to (docs/autogenerate.md). Files run in name order.
CREATE TABLE country (
    code char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL
);
