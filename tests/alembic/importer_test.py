#!/usr/bin/env python3
"""tools/alembic_import.py on an Alembic project written here: op.create_table, add_column, create_index,
create_foreign_key, alter_column, execute, a branch label, a merge and an autocommit block.

  importer_test.py RETORT_BINARY

Needs the fixture's PG* variables. Exits 77 when /usr/bin/python3 cannot import alembic and psycopg2.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IMPORTER = os.path.join(ROOT, "tools", "alembic_import.py")
PYTHON = "/usr/bin/python3"

REVISIONS = {
    "r1": ('create account', None, None, '''
    op.create_table("account", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("name", sa.String(50), nullable=False))
''', '''
    op.drop_table("account")
'''),
    "r2": ('add account email', "'r1'", None, '''
    op.add_column("account", sa.Column("email", sa.String(100)))
    op.create_index("ix_account_email", "account", ["email"])
''', '''
    op.drop_index("ix_account_email", table_name="account")
    op.drop_column("account", "email")
'''),
    "r3": ('create orders', "'r1'", "'orders'", '''
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True), sa.Column("account_id", sa.Integer))
    op.create_foreign_key("fk_orders_account", "orders", "account", ["account_id"], ["id"])
''', '''
    op.drop_constraint("fk_orders_account", "orders", type_="foreignkey")
    op.drop_table("orders")
'''),
    "r4": ('merge email and orders', "('r2', 'r3')", None, '''
    op.alter_column("account", "name", type_=sa.String(100), existing_nullable=False)
    op.execute("INSERT INTO account (name) VALUES ('first')")
''', '''
    op.execute("DELETE FROM account WHERE name = 'first'")
    op.alter_column("account", "name", type_=sa.String(50), existing_nullable=False)
'''),
    "r5": ('index orders without locking', "'r4'", None, '''
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_account", "orders", ["account_id"], postgresql_concurrently=True)
''', '''
    with op.get_context().autocommit_block():
        op.drop_index("ix_orders_account", table_name="orders", postgresql_concurrently=True)
'''),
}

ENV_PY = '''import os
from alembic import context
from sqlalchemy import create_engine

engine = create_engine(os.environ["ALEMBIC_TEST_URL"])
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
'''


def write_project(root, revisions):
    versions = os.path.join(root, "alembic", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(f"[alembic]\nscript_location = {root}/alembic\n")
    with open(os.path.join(root, "alembic", "env.py"), "w") as f:
        f.write(ENV_PY)
    for i, (rev, (message, down, labels, up_body, down_body)) in enumerate(revisions.items()):
        with open(os.path.join(versions, f"{i + 1:04d}_{rev}.py"), "w") as f:
            f.write(f'''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-03-0{i + 1} 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = {rev!r}
down_revision = {down}
branch_labels = {labels}
depends_on = None


def upgrade():{up_body}

def downgrade():{down_body}''')


class Cluster:
    def __init__(self):
        self.host, self.port = os.environ["PGHOST"], os.environ.get("PGPORT", "5432")
        self.user = os.environ.get("PGUSER", "postgres")
        self.created = []

    def psql(self, db, sql):
        return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                              capture_output=True, text=True, check=True).stdout.strip()

    def database(self, tag):
        name = f"importer_{os.getpid()}_{tag}"
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return name

    def url(self, db):
        return f"postgresql://{self.user}@/{db}?host={self.host}&port={self.port}"

    def drop_all(self):
        for db in self.created:
            self.psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


def the_import_keeps_ids_parents_labels_messages_dates_and_autocommit(project, out):
    r = run([PYTHON, IMPORTER, "import", "-c", f"{project}/alembic.ini", "--out", out])
    check(r.returncode == 0, f"import succeeds: {r.stdout}{r.stderr}")
    files = sorted(os.listdir(out))
    check(files == [f"{i + 1:04d}_r{i + 1}.sql" for i in range(5)], f"one file per revision, same names: {files}")
    text = {f[5:7]: open(os.path.join(out, f)).read() for f in files}
    check(text["r4"].startswith("-- merge email and orders\n--\n-- Revision ID: r4\n-- Revises: r2, r3\n"),
          "the merge keeps its message, id and both parents in order")
    check("-- Create Date: 2026-03-04 10:00:00.000000\n" in text["r4"], "the create date is kept")
    check("-- Branch Labels: orders\n" in text["r3"], "the branch label is kept")
    check("-- Transactional: false\n" in text["r5"], "an autocommit block becomes Transactional: false")
    check("Transactional" not in text["r4"], "other revisions stay transactional")
    check("CREATE INDEX CONCURRENTLY ix_orders_account" in text["r5"], "the concurrent index is rendered")
    check("ALTER TABLE account ALTER COLUMN name TYPE VARCHAR(100)" in text["r4"], "alter_column is rendered")
    check("INSERT INTO account (name) VALUES ('first')" in text["r4"], "op.execute is rendered")
    check("FOREIGN KEY(account_id) REFERENCES account (id)" in text["r3"], "create_foreign_key is rendered")


def retort_and_alembic_reach_the_same_schema(cluster, project, out, retort):
    a, b = cluster.database("alembic"), cluster.database("retort")
    r = run([PYTHON, IMPORTER, "prove", "-c", f"{project}/alembic.ini", "--out", out, "--retort", retort,
             "--scratch-url", cluster.url(a), "--scratch-url", cluster.url(b)])
    check(r.returncode == 0, f"prove succeeds: {r.stdout}{r.stderr}")
    check(cluster.psql(b, "SELECT version_num FROM alembic_version") == "r5", "retort's database is at r5")


def a_database_alembic_migrated_continues_under_retort_with_no_stamp(cluster, project, out, retort):
    db = cluster.database("continued")
    env = dict(os.environ, ALEMBIC_TEST_URL=cluster.url(db).replace("postgresql://", "postgresql+psycopg2://"),
               PGDATABASE=db)
    r = run([PYTHON, "-m", "alembic", "-c", f"{project}/alembic.ini", "upgrade", "r2"], env=env, cwd=project)
    check(r.returncode == 0, f"alembic upgrade r2: {r.stderr}")
    r = run([retort, "--dir", out, "upgrade", "heads"], env=env)
    check(r.returncode == 0 and "Upgraded 3 revisions" in r.stdout, f"retort applies r3, r4, r5: {r.stdout}{r.stderr}")
    r = run([PYTHON, "-m", "alembic", "-c", f"{project}/alembic.ini", "current"], env=env, cwd=project)
    check(r.returncode == 0 and "r5 (head)" in r.stdout, f"Alembic reads retort's result: {r.stdout}{r.stderr}")
    r = run([PYTHON, "-m", "alembic", "-c", f"{project}/alembic.ini", "downgrade", "r2"], env=env, cwd=project)
    check(r.returncode == 0, f"and Alembic downgrades it again: {r.stderr}")
    rows = cluster.psql(db, "SELECT string_agg(version_num, ',' ORDER BY version_num) FROM alembic_version")
    check(rows == "r2,r3", f"Alembic's downgrade to r2 keeps the orders branch: {rows}")
    check(cluster.psql(db, "SELECT to_regclass('ix_orders_account') IS NULL") == "t", "r5's index is gone")


def a_revision_that_reads_the_database_is_named_with_the_reason(tmp):
    project, out = os.path.join(tmp, "online_only"), os.path.join(tmp, "online_only_out")
    write_project(project, {
        "q1": ("base", None, None, "\n    op.execute('SELECT 1')\n", "\n    pass\n"),
        "q2": ("reads rows", "'q1'", None, "\n    op.get_bind().execute(sa.text('SELECT 1')).fetchall()\n",
               "\n    pass\n"),
    })
    r = run([PYTHON, IMPORTER, "import", "-c", f"{project}/alembic.ini", "--out", out])
    check(r.returncode == 1, "the import fails")
    check("q2 (" in r.stderr and "offline" in r.stderr and "q1 (" not in r.stderr,
          f"only the revision that reads the database is named, with the reason: {r.stderr}")
    check(not os.path.exists(out), "nothing is written")


def main():
    retort = sys.argv[1]
    if run([PYTHON, "-c", "import alembic, psycopg2"]).returncode != 0:
        print(f"SKIP: alembic or psycopg2 is not importable by {PYTHON}")
        return 77
    tmp = tempfile.mkdtemp(prefix="importer_test_")
    cluster = Cluster()
    try:
        project, out = os.path.join(tmp, "project"), os.path.join(tmp, "migrations")
        write_project(project, REVISIONS)
        the_import_keeps_ids_parents_labels_messages_dates_and_autocommit(project, out)
        retort_and_alembic_reach_the_same_schema(cluster, project, out, retort)
        a_database_alembic_migrated_continues_under_retort_with_no_stamp(cluster, project, out, retort)
        a_revision_that_reads_the_database_is_named_with_the_reason(tmp)
    finally:
        cluster.drop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
