#!/usr/bin/env python3
"""Imports an Alembic project into retort revision files, and proves the import.

Runs where Alembic runs: it needs Alembic and SQLAlchemy (and psycopg2 to prove), which a team moving
from Alembic has. retort itself never needs Python.

  alembic_import.py import -c alembic.ini --out migrations/
  alembic_import.py prove  -c alembic.ini --out migrations/ --retort RETORT \\
                           --scratch-url postgresql://USER@HOST/DB_A --scratch-url postgresql://USER@HOST/DB_B

`import` renders each revision's upgrade and downgrade with Alembic's own offline mode, one revision at a
time, and writes one retort file per revision with the same id, parents, branch labels, depends_on,
message and create date. A revision that calls `op.get_context().autocommit_block()` becomes
`Transactional: false`. A revision that cannot be rendered offline (it reads the database, for example
through `op.get_bind()`) is named with the reason, and nothing is written (exit 1).

`prove` migrates the first scratch database with Alembic (online, through the project's revisions, not
its env.py) and the second with retort, compares their schema-only dumps (the version tables aside),
then runs retort on the database Alembic migrated: it must have nothing to do, with no stamp.
Exit status: 0 proven or imported, 1 a revision could not be rendered or the proof failed, 2 usage.
"""

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys

try:
    from alembic.config import Config
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.exit(f"alembic_import: Alembic is not importable by {sys.executable} ({e}); run it with the Python "
             "that runs your Alembic project")


class NotRenderable(Exception):
    """A revision Alembic cannot render offline."""


def as_tuple(value):
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def ordered_revisions(script):
    """Every revision, bases first (Alembic's walk, reversed)."""
    return list(reversed(list(script.walk_revisions(base="base", head="heads"))))


def render(rev, direction):
    """One revision's upgrade or downgrade as Alembic's offline mode writes it, and whether it used an
    autocommit block."""
    out = io.StringIO()
    ctx = MigrationContext.configure(dialect_name="postgresql",
                                     opts={"as_sql": True, "output_buffer": out, "literal_binds": True})
    used_autocommit = []

    @contextlib.contextmanager
    def autocommit_block():
        used_autocommit.append(True)
        yield

    ctx.autocommit_block = autocommit_block
    fn = getattr(rev.module, direction)
    try:
        with Operations.context(ctx):
            fn()
    except Exception as e:  # anything the revision raises offline
        raise NotRenderable(f"{direction}() cannot run in Alembic's offline mode: {type(e).__name__}: {e}") from e
    return out.getvalue().strip(), bool(used_autocommit)


def create_date(rev):
    m = re.search(r"^Create Date:\s*(.+)$", rev.longdoc or "", re.MULTILINE)
    return m.group(1).strip() if m else ""


def retort_text(rev):
    up, up_autocommit = render(rev, "upgrade")
    down, down_autocommit = render(rev, "downgrade")
    message = (rev.doc or rev.revision).splitlines()[0].strip() or rev.revision
    lines = [f"-- {message}", "--", f"-- Revision ID: {rev.revision}",
             f"-- Revises: {', '.join(as_tuple(rev.down_revision))}"]
    if create_date(rev):
        lines.append(f"-- Create Date: {create_date(rev)}")
    labels = sorted(rev._orig_branch_labels or ())
    if labels:
        lines.append(f"-- Branch Labels: {', '.join(labels)}")
    if as_tuple(rev.dependencies):
        lines.append(f"-- Depends On: {', '.join(as_tuple(rev.dependencies))}")
    if up_autocommit or down_autocommit:
        lines.append("-- Transactional: false")
    lines += ["", "-- +upgrade", up, "", "-- +downgrade", down, ""]
    return "\n".join(lines)


def file_name(rev):
    """The Alembic file's name with .sql, so that retort reads the files in the order Alembic lists them."""
    return os.path.splitext(os.path.basename(rev.path))[0] + ".sql"


def import_project(config, out_dir):
    script = ScriptDirectory.from_config(config)
    files, failures = {}, []
    for rev in ordered_revisions(script):
        try:
            files[file_name(rev)] = retort_text(rev)
        except NotRenderable as e:
            failures.append(f"{rev.revision} ({rev.path}): {e}")
    if failures:
        print("alembic_import: these revisions cannot be rendered offline; write their SQL by hand or make "
              "them offline-safe (no op.get_bind() queries), then import again. Nothing was written.",
              file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    os.makedirs(out_dir, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(out_dir, name), "w") as f:
            f.write(text)
    print(f"Imported {len(files)} revisions into {out_dir}.")
    return 0


def sqlalchemy_url(url):
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg2://", url)


def alembic_upgrade(config, url, target="heads"):
    """Alembic's `upgrade TARGET` on `url`, through the project's revisions but not its env.py."""
    from sqlalchemy import create_engine

    script = ScriptDirectory.from_config(config)
    env = EnvironmentContext(config, script, fn=lambda rev, ctx: script._upgrade_revs(target, rev),
                             destination_rev=target)
    engine = create_engine(sqlalchemy_url(url))
    with engine.connect() as connection, env:
        env.configure(connection=connection, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()
    engine.dispose()


def schema_dump(url):
    """The schema-only dump, without the version tables and the lines that name the dump itself."""
    r = subprocess.run(["pg_dump", "--schema-only", "--no-owner", "--no-privileges", "-T", "alembic_version*",
                        "-d", url], capture_output=True, text=True, check=True)
    return "\n".join(line for line in r.stdout.splitlines()
                     if line.strip() and not line.startswith("--") and not line.startswith("\\"))


def prove(config, out_dir, retort, urls):
    alembic_db, retort_db = urls
    alembic_upgrade(config, alembic_db)
    run = subprocess.run([retort, "--dir", out_dir, "--database-url", retort_db, "upgrade", "heads"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"alembic_import: retort upgrade heads failed:\n{run.stdout}{run.stderr}", file=sys.stderr)
        return 1
    a, b = schema_dump(alembic_db), schema_dump(retort_db)
    if a != b:
        import difflib
        diff = "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), "alembic", "retort", lineterm=""))
        print(f"alembic_import: the schemas differ:\n{diff}", file=sys.stderr)
        return 1
    cont = subprocess.run([retort, "--dir", out_dir, "--database-url", alembic_db, "upgrade", "heads"],
                          capture_output=True, text=True)
    if cont.returncode != 0 or not cont.stdout.startswith("Nothing to do"):
        print(f"alembic_import: retort does not continue the database Alembic migrated:\n{cont.stdout}"
              f"{cont.stderr}", file=sys.stderr)
        return 1
    print("Proven: Alembic and retort reach the same schema, and retort continues Alembic's database "
          "with no stamp.")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["import", "prove"])
    parser.add_argument("-c", "--config", default="alembic.ini", help="the Alembic project's ini file")
    parser.add_argument("--out", required=True, help="the retort revision directory to write or prove")
    parser.add_argument("--retort", help="prove: the retort tool")
    parser.add_argument("--scratch-url", action="append", default=[],
                        help="prove: two empty scratch databases (postgresql:// URLs), Alembic's then retort's")
    args = parser.parse_args(argv)
    config = Config(args.config)
    if args.action == "import":
        return import_project(config, args.out)
    if not args.retort or len(args.scratch_url) != 2:
        parser.error("prove needs --retort and two --scratch-url")
    return prove(config, args.out, args.retort, args.scratch_url)


if __name__ == "__main__":
    sys.exit(main())
