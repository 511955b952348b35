#!/usr/bin/env python3
"""Writes N realistic revision files (tables with keys, added columns, indexes, reference data, views,
plpgsql functions, check constraints), linear or branchy (a merge every ~50), deterministic from a seed.

usage: workload.py --count N --out DIR [--seed S] [--branchy] [--pad-rows R] [--alembic DIR] [--psql DIR]
  --psql DIR     also writes DIR/all.sql (every upgrade, for `psql -X -1 -f`) and DIR/per_revision.sql
                 (each revision wrapped in BEGIN/COMMIT), the floors the benchmarks compare against.
  --alembic DIR  also writes an Alembic project whose revisions op.execute() the same SQL.
"""
import argparse
import os
import random


def revision_sql(i, rng):
    """The upgrade and downgrade of revision i: one of a few realistic kinds, chosen by the seed."""
    kind = rng.choice(["table", "table", "column", "index", "data", "view", "function", "check"])
    t = f"t{i:05d}"
    if kind == "table" or i < 3:
        up = (f"CREATE TABLE {t} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
              f"    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now(),\n"
              f"    UNIQUE (name)\n);\n")
        return up, f"DROP TABLE {t};\n", t
    return None, None, kind


def build(count, seed, branchy):
    rng = random.Random(seed)
    revisions = []  # (id, parents, message, upgrade, downgrade)
    tables = []
    heads = []
    for i in range(count):
        rid = f"{rng.getrandbits(48):012x}"
        if not revisions:
            parents = []
        elif branchy and len(heads) == 2 and i % 50 == 0:
            parents = list(heads)
        elif branchy and i % 50 == 25 and len(heads) == 1:
            parents = [heads[0]]
        else:
            parents = [heads[-1]] if heads else [revisions[-1][0]]
        up, down, kind = revision_sql(i, rng)
        if up is None:
            up, down = derived_sql(i, kind, tables, rng)
        else:
            tables.append(kind)
        message = f"revision {i}: {up.splitlines()[0].split('(')[0].strip().lower()[:40]}"
        revisions.append((rid, parents, message, up, down))
        # Branch bookkeeping: at i % 50 == 25 a second branch starts from the current head.
        if branchy and i % 50 == 25 and len(heads) == 1:
            heads = [parents[0], rid]
        elif len(parents) == 2:
            heads = [rid]
        elif heads and parents and parents[0] in heads:
            heads[heads.index(parents[0])] = rid
            if branchy and len(heads) == 2:
                heads.reverse()  # alternate between the two branches
        else:
            heads = [rid]
    return revisions


def derived_sql(i, kind, tables, rng):
    t = rng.choice(tables)
    if kind == "column":
        c = f"c{i:05d}"
        return (f"ALTER TABLE {t} ADD COLUMN {c} integer NOT NULL DEFAULT 0;\n",
                f"ALTER TABLE {t} DROP COLUMN {c};\n")
    if kind == "index":
        return (f"CREATE INDEX ix{i:05d} ON {t} (created_at, name);\n", f"DROP INDEX ix{i:05d};\n")
    if kind == "data":
        rows = ",\n    ".join(f"('ref {i}-{k}; ''quoted''')" for k in range(5))
        return (f"INSERT INTO {t} (name) VALUES\n    {rows}\nON CONFLICT (name) DO NOTHING;\n",
                f"DELETE FROM {t} WHERE name LIKE 'ref {i}-%';\n")
    if kind == "view":
        return (f"CREATE VIEW v{i:05d} AS\n    SELECT id, upper(name) AS name FROM {t} WHERE created_at > '2000-01-01';\n",
                f"DROP VIEW v{i:05d};\n")
    if kind == "function":
        return (f"CREATE FUNCTION f{i:05d}(x integer) RETURNS integer\nLANGUAGE plpgsql AS $$\nBEGIN\n"
                f"    -- a semicolon; inside the body\n    RETURN x * {i % 97 + 1};\nEND;\n$$;\n",
                f"DROP FUNCTION f{i:05d}(integer);\n")
    return (f"ALTER TABLE {t} ADD CONSTRAINT ck{i:05d} CHECK (length(name) < {1000 + i});\n",
            f"ALTER TABLE {t} DROP CONSTRAINT ck{i:05d};\n")


def padded(revisions, pad_rows):
    """Adds a reference-data insert of `pad_rows` rows to every upgrade, to reach a given SQL size."""
    if not pad_rows:
        return revisions
    rows = ",\n".join(f"    ('reference row {k}: lorem ipsum dolor sit amet, consectetur adipiscing')"
                       for k in range(pad_rows))
    pad = f"INSERT INTO padding (note) VALUES\n{rows};\n"
    first = revisions[0]
    out = [(first[0], first[1], first[2], "CREATE TABLE padding (note text);\n" + first[3] + pad,
            first[4] + "DROP TABLE padding;\n")]
    out += [(rid, parents, message, up + pad, down) for rid, parents, message, up, down in revisions[1:]]
    return out


def write_retort(revisions, out):
    os.makedirs(out, exist_ok=True)
    for n, (rid, parents, message, up, down) in enumerate(revisions):
        with open(os.path.join(out, f"{n:05d}_{rid}.sql"), "w") as f:
            f.write(f"-- {message}\n--\n-- Revision ID: {rid}\n-- Revises: {', '.join(parents)}\n\n"
                    f"-- +upgrade\n{up}\n-- +downgrade\n{down}")


def write_psql(revisions, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "all.sql"), "w") as f:
        for _, _, _, up, _ in revisions:
            f.write(up + "\n")
    with open(os.path.join(out, "per_revision.sql"), "w") as f:
        for _, _, _, up, _ in revisions:
            f.write("BEGIN;\n" + up + "COMMIT;\n")


def write_alembic(revisions, out):
    versions = os.path.join(out, "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(out, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s\n\n[loggers]\nkeys = root\n[handlers]\nkeys = null\n"
                "[formatters]\nkeys =\n[logger_root]\nlevel = WARN\nhandlers = null\n"
                "[handler_null]\nclass = NullHandler\nargs = ()\n")
    with open(os.path.join(out, "env.py"), "w") as f:
        f.write("import os\nfrom alembic import context\nfrom sqlalchemy import create_engine\n\n"
                "if context.is_offline_mode():\n"
                "    context.configure(url=os.environ['ALEMBIC_URL'], literal_binds=True)\n"
                "    with context.begin_transaction():\n        context.run_migrations()\n"
                "else:\n"
                "    engine = create_engine(os.environ['ALEMBIC_URL'])\n"
                "    with engine.connect() as connection:\n"
                "        context.configure(connection=connection, transaction_per_migration=True)\n"
                "        with context.begin_transaction():\n            context.run_migrations()\n")
    with open(os.path.join(out, "script.py.mako"), "w") as f:
        f.write("")
    for n, (rid, parents, message, up, down) in enumerate(revisions):
        down_rev = "None" if not parents else (repr(parents[0]) if len(parents) == 1 else repr(tuple(parents)))
        with open(os.path.join(versions, f"r{n:05d}_{rid}.py"), "w") as f:
            f.write(f'"""{message}"""\nfrom alembic import op\n\nrevision = {rid!r}\ndown_revision = {down_rev}\n'
                    f"branch_labels = None\ndepends_on = None\n\n\n"
                    f"def upgrade():\n    op.execute({up!r})\n\n\ndef downgrade():\n    op.execute({down!r})\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20261121)
    p.add_argument("--branchy", action="store_true")
    p.add_argument("--pad-rows", type=int, default=0, help="extra reference rows per revision (SQL size)")
    p.add_argument("--psql")
    p.add_argument("--alembic")
    a = p.parse_args()
    revisions = padded(build(a.count, a.seed, a.branchy), a.pad_rows)
    write_retort(revisions, a.out)
    if a.psql:
        write_psql(revisions, a.psql)
    if a.alembic:
        write_alembic(revisions, a.alembic)


if __name__ == "__main__":
    main()
