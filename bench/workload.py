#!/usr/bin/env python3
"""Writes N realistic revision files (tables with primary, unique and foreign keys, added columns,
indexes, reference data, views, plpgsql functions with $$ bodies, check constraints), each with its
downgrade, linear or branchy (a branch every 50 revisions and its merge), deterministic from a seed.

usage: workload.py --count N --out DIR [--seed S] [--branchy] [--pad-rows R] [--alembic DIR] [--psql DIR]
                   [--dbmate DIR]
  --psql DIR     also writes the floors the benchmarks compare against, in the order the files list
                 the revisions (parents first): DIR/all.sql (every upgrade, for `psql -X -1 -f`),
                 DIR/per_revision.sql (each upgrade wrapped in BEGIN/COMMIT), DIR/all_down.sql and
                 DIR/per_revision_down.sql (the downgrades, newest first).
  --alembic DIR  also writes an Alembic project whose revisions op.execute() the same SQL; its env.py
                 reads ALEMBIC_URL, and ALEMBIC_PER_MIGRATION=1 gives each revision its own transaction
                 (Alembic's default is one transaction for the whole run).
  --dbmate DIR   also writes dbmate's migrations (the same SQL, in the order of all.sql).

A revision only uses tables created by its ancestors, so every order the graph allows gives the same
schema. Files are rewritten only when their content changes, so rerunning with the same arguments
leaves a build up to date.
"""
import argparse
import os
import random

MERGE_EVERY = 50

KINDS = ["table", "table", "column", "index", "data", "view", "function", "check"]


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def table_sql(i, visible, rng):
    """A table with a primary key, a unique key and, when a table exists to point at, a foreign key."""
    t = f"t{i:05d}"
    parent = rng.choice(visible) if visible and rng.random() < 0.5 else None
    reference = f"    parent_id bigint REFERENCES {parent} (id),\n" if parent else ""
    up = (f"CREATE TABLE {t} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
          f"    name text NOT NULL,\n{reference}    created_at timestamptz NOT NULL DEFAULT now(),\n"
          f"    UNIQUE (name)\n);\n")
    return up, f"DROP TABLE {t};\n"


def derived_sql(i, kind, t):
    """The upgrade and downgrade of a revision that changes or uses table t."""
    if kind == "column":
        c = f"c{i:05d}"
        return (f"ALTER TABLE {t} ADD COLUMN {c} integer NOT NULL DEFAULT 0;\n",
                f"ALTER TABLE {t} DROP COLUMN {c};\n")
    if kind == "index":
        return f"CREATE INDEX ix{i:05d} ON {t} (created_at, name);\n", f"DROP INDEX ix{i:05d};\n"
    if kind == "data":
        names = [f"'ref {i}-{k}; ''quoted'''" for k in range(5)]
        rows = ",\n    ".join(f"({n})" for n in names)
        return (f"INSERT INTO {t} (name) VALUES\n    {rows}\nON CONFLICT (name) DO NOTHING;\n",
                f"DELETE FROM {t} WHERE name IN ({', '.join(names)});\n")
    if kind == "view":
        return (f"CREATE VIEW v{i:05d} AS\n    SELECT id, upper(name) AS name FROM {t} WHERE created_at > '2000-01-01';\n",
                f"DROP VIEW v{i:05d};\n")
    if kind == "function":
        return (f"CREATE FUNCTION f{i:05d}(x integer) RETURNS integer\nLANGUAGE plpgsql AS $$\nBEGIN\n"
                f"    -- a semicolon; inside the body\n    RETURN x * {i % 97 + 1};\nEND;\n$$;\n",
                f"DROP FUNCTION f{i:05d}(integer);\n")
    return (f"ALTER TABLE {t} ADD CONSTRAINT ck{i:05d} CHECK (length(name) < {1000 + i});\n",
            f"ALTER TABLE {t} DROP CONSTRAINT ck{i:05d};\n")


def revision_sql(i, visible, rng):
    """The upgrade, the downgrade and the table created (or None) of revision i."""
    kind = rng.choice(KINDS)
    if kind == "table" or not visible:
        up, down = table_sql(i, visible, rng)
        return up, down, f"t{i:05d}"
    up, down = derived_sql(i, kind, rng.choice(visible))
    return up, down, None


def build(count, seed, branchy):
    """Revisions as (id, parents, message, upgrade, downgrade), parents always listed before children.

    Branchy: at i % 50 == 25 a second branch starts from the current head, the two branches take
    turns, and at i % 50 == 0 (or at the last revision) a merge joins them."""
    rng = random.Random(seed)
    revisions = []
    heads = []    # current heads, at most two
    visible = {}  # head id -> tables its ancestors (and itself) created
    for i in range(count):
        rid = f"{rng.getrandbits(48):012x}"
        if not heads:
            parents = []
        elif len(heads) == 2 and (i % MERGE_EVERY == 0 or i == count - 1):
            parents = list(heads)
        else:
            parents = [heads[-1]]
        starts_branch = branchy and i % MERGE_EVERY == MERGE_EVERY // 2 and len(heads) == 1 and i != count - 1
        if len(parents) == 2:
            a, b = visible[parents[0]], visible[parents[1]]
            seen = set(a)
            tables = a + [t for t in b if t not in seen]
        elif parents:
            # The list is shared with the parent unless the parent stays a head (a branch point).
            tables = list(visible[parents[0]]) if starts_branch else visible[parents[0]]
        else:
            tables = []
        if len(parents) == 2:
            up, down, created = "", "", None  # a merge carries no SQL, as merges usually do
        else:
            up, down, created = revision_sql(i, tables, rng)
        if created:
            tables.append(created)
        first_line = up.splitlines()[0].split("(")[0].strip().lower()[:40] if up else "merge"
        revisions.append((rid, parents, f"revision {i}: {first_line}", up, down))
        for p in parents:
            if p in heads and not (starts_branch and p == parents[0]):
                heads.remove(p)
            if p not in heads:
                visible.pop(p, None)
        if starts_branch:
            heads = [parents[0], rid]
        elif len(heads) == 1:
            heads = [rid, heads[0]]  # the other branch goes next
        else:
            heads = [rid]
        visible[rid] = tables
    return revisions


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
    out += [(rid, parents, message, up + (pad if up else ""), down)
            for rid, parents, message, up, down in revisions[1:]]
    return out


def write_retort(revisions, out):
    os.makedirs(out, exist_ok=True)
    wanted = set()
    for n, (rid, parents, message, up, down) in enumerate(revisions):
        name = f"{n:05d}_{rid}.sql"
        wanted.add(name)
        write_if_changed(os.path.join(out, name),
                         f"-- {message}\n--\n-- Revision ID: {rid}\n-- Revises: {', '.join(parents)}\n\n"
                         f"-- +upgrade\n{up}\n-- +downgrade\n{down}")
    remove_others(out, wanted, ".sql")


def remove_others(folder, wanted, suffix):
    """Deletes files a previous run with other arguments left behind."""
    for name in os.listdir(folder):
        if name.endswith(suffix) and name not in wanted:
            os.remove(os.path.join(folder, name))


def write_psql(revisions, out):
    os.makedirs(out, exist_ok=True)
    write_if_changed(os.path.join(out, "all.sql"), "".join(up + "\n" for _, _, _, up, _ in revisions))
    write_if_changed(os.path.join(out, "per_revision.sql"),
                     "".join("BEGIN;\n" + up + "COMMIT;\n" for _, _, _, up, _ in revisions))
    backwards = list(reversed(revisions))
    write_if_changed(os.path.join(out, "all_down.sql"), "".join(down + "\n" for _, _, _, _, down in backwards))
    write_if_changed(os.path.join(out, "per_revision_down.sql"),
                     "".join("BEGIN;\n" + down + "COMMIT;\n" for _, _, _, _, down in backwards))


def write_dbmate(revisions, out):
    """dbmate's migrations: one file per revision in the order of all.sql (dbmate runs them by version, a
    straight line; merges without SQL become empty migrations so that the counts match)."""
    os.makedirs(out, exist_ok=True)
    wanted = set()
    for n, (rid, _, _, up, down) in enumerate(revisions):
        name = f"{n + 1:08d}_{rid}.sql"
        wanted.add(name)
        write_if_changed(os.path.join(out, name), f"-- migrate:up\n{up}\n-- migrate:down\n{down}\n")
    remove_others(out, wanted, ".sql")


ALEMBIC_INI = """[alembic]
script_location = %(here)s

[loggers]
keys = root
[handlers]
keys = null
[formatters]
keys =
[logger_root]
level = WARN
handlers = null
[handler_null]
class = NullHandler
args = ()
"""

ALEMBIC_ENV = """import os
from alembic import context
from sqlalchemy import create_engine

per_migration = os.environ.get('ALEMBIC_PER_MIGRATION') == '1'
if context.is_offline_mode():
    context.configure(url=os.environ['ALEMBIC_URL'], literal_binds=True,
                      transaction_per_migration=per_migration)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(os.environ['ALEMBIC_URL'])
    with engine.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=per_migration)
        with context.begin_transaction():
            context.run_migrations()
"""


def write_alembic(revisions, out):
    versions = os.path.join(out, "versions")
    os.makedirs(versions, exist_ok=True)
    write_if_changed(os.path.join(out, "alembic.ini"), ALEMBIC_INI)
    write_if_changed(os.path.join(out, "env.py"), ALEMBIC_ENV)
    write_if_changed(os.path.join(out, "script.py.mako"), "")
    wanted = set()
    for n, (rid, parents, message, up, down) in enumerate(revisions):
        down_rev = "None" if not parents else (repr(parents[0]) if len(parents) == 1 else repr(tuple(parents)))
        upgrade = f"op.execute({up!r})" if up else "pass"
        downgrade = f"op.execute({down!r})" if down else "pass"
        name = f"r{n:05d}_{rid}.py"
        wanted.add(name)
        write_if_changed(os.path.join(versions, name),
                         f'"""{message}"""\nfrom alembic import op\n\nrevision = {rid!r}\ndown_revision = {down_rev}\n'
                         f"branch_labels = None\ndepends_on = None\n\n\n"
                         f"def upgrade():\n    {upgrade}\n\n\ndef downgrade():\n    {downgrade}\n")
    remove_others(versions, wanted, ".py")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20261121)
    p.add_argument("--branchy", action="store_true")
    p.add_argument("--pad-rows", type=int, default=0, help="extra reference rows per revision (SQL size)")
    p.add_argument("--psql")
    p.add_argument("--alembic")
    p.add_argument("--dbmate", help="also writes dbmate's migrations (-- migrate:up / -- migrate:down) into DIR")
    a = p.parse_args()
    if a.count < 1:
        p.error("--count must be at least 1")
    revisions = padded(build(a.count, a.seed, a.branchy), a.pad_rows)
    write_retort(revisions, a.out)
    if a.psql:
        write_psql(revisions, a.psql)
    if a.alembic:
        write_alembic(revisions, a.alembic)
    if a.dbmate:
        write_dbmate(revisions, a.dbmate)


if __name__ == "__main__":
    main()
