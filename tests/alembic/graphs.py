"""The revision graphs of the differential suite, and how each is written for both tools.

A graph is a list of revisions (id, parents, labels, depends_on). Every revision's upgrade and
downgrade insert one row into `steps`, so the revisions that ran, and their order, can be read back
from the database whichever tool ran them.
"""

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rev:
    id: str
    parents: tuple = ()
    labels: tuple = ()
    depends_on: tuple = ()

    @property
    def message(self):
        return f"rev {self.id}"


def _g(*revs):
    return tuple(revs)


GRAPHS = {
    # a1 <- a2 <- a3 <- a4
    "linear": _g(Rev("a1"), Rev("a2", ("a1",)), Rev("a3", ("a2",)), Rev("a4", ("a3",))),
    # a1 <- b1 <- c1 (c1branch) <- d1 ; b1 <- c2 (c2branch) <- d2
    "branches": _g(
        Rev("a1"),
        Rev("b1", ("a1",)),
        Rev("c1", ("b1",), labels=("c1branch",)),
        Rev("d1", ("c1",)),
        Rev("c2", ("b1",), labels=("c2branch",)),
        Rev("d2", ("c2",)),
    ),
    # a1 <- b1, a1 <- b2 ; m1 merges b1 and b2 ; m1 <- n1
    "merge": _g(
        Rev("a1"),
        Rev("b1", ("a1",)),
        Rev("b2", ("a1",)),
        Rev("m1", ("b1", "b2")),
        Rev("n1", ("m1",)),
    ),
    # two bases: x1 <- x2 (xlab) ; y1 (ylab) <- y2, and y2 depends on x2 across the branches
    "depends": _g(
        Rev("x1"),
        Rev("x2", ("x1",), labels=("xlab",)),
        Rev("y1", labels=("ylab",)),
        Rev("y2", ("y1",), depends_on=("x2",)),
    ),
    # a label above a merge: a1 <- b1 (blab), a1 <- b2 ; m1 merges b1 and b2 ; m1 <- n1
    "labelmerge": _g(
        Rev("a1"),
        Rev("b1", ("a1",), labels=("blab",)),
        Rev("b2", ("a1",)),
        Rev("m1", ("b1", "b2")),
        Rev("n1", ("m1",)),
    ),
    # prefixes: abc <- abcd <- wxyz ; only ids longer than three characters are prefix candidates
    "prefix": _g(Rev("abc"), Rev("abcd", ("abc",)), Rev("wxyz", ("abcd",))),
}

DATE = "2026-01-02 03:04:05"


def _py_tuple(items):
    if not items:
        return "None"
    if len(items) == 1:
        return repr(items[0])
    return "(" + ", ".join(repr(i) for i in items) + ")"


def alembic_revision(rev):
    return f'''"""{rev.message}

Revision ID: {rev.id}
Revises: {", ".join(rev.parents)}
Create Date: {DATE}

"""
from alembic import op

revision = {rev.id!r}
down_revision = {_py_tuple(rev.parents)}
branch_labels = {_py_tuple(rev.labels)}
depends_on = {_py_tuple(rev.depends_on)}


def upgrade():
    op.execute("INSERT INTO steps (rev, dir) VALUES ('{rev.id}', 'up')")


def downgrade():
    op.execute("INSERT INTO steps (rev, dir) VALUES ('{rev.id}', 'down')")
'''


def retort_revision(rev):
    lines = [
        f"-- {rev.message}",
        "--",
        f"-- Revision ID: {rev.id}",
        f"-- Revises: {', '.join(rev.parents)}",
        f"-- Create Date: {DATE}",
    ]
    if rev.labels:
        lines.append(f"-- Branch Labels: {', '.join(rev.labels)}")
    if rev.depends_on:
        lines.append(f"-- Depends On: {', '.join(rev.depends_on)}")
    lines += [
        "",
        "-- +upgrade",
        f"INSERT INTO steps (rev, dir) VALUES ('{rev.id}', 'up');",
        "",
        "-- +downgrade",
        f"INSERT INTO steps (rev, dir) VALUES ('{rev.id}', 'down');",
        "",
    ]
    return "\n".join(lines)


# Alembic's generic template: INFO lines of alembic.* on stderr ("Running upgrade a -> b, message").
LOGGING_INI = """[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''import os

from alembic import context
from sqlalchemy import create_engine
from logging.config import fileConfig

fileConfig(context.config.config_file_name)
url = os.environ["ALEMBIC_TEST_URL"]
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
'''

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    pass


def downgrade():
    pass
'''


def write_alembic_project(root, revs):
    versions = os.path.join(root, "alembic", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write(f"[alembic]\nscript_location = {root}/alembic\n\n" + LOGGING_INI)
    with open(os.path.join(root, "alembic", "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "alembic", "script.py.mako"), "w") as f:
        f.write(SCRIPT_MAKO)
    # The same file names as the retort project: Alembic orders siblings by the order it loads files in.
    for i, rev in enumerate(revs):
        with open(os.path.join(versions, f"{i:04d}_{rev.id}.py"), "w") as f:
            f.write(alembic_revision(rev))


def write_retort_dir(root, revs):
    migrations = os.path.join(root, "migrations")
    os.makedirs(migrations)
    for i, rev in enumerate(revs):
        with open(os.path.join(migrations, f"{i:04d}_{rev.id}.sql"), "w") as f:
            f.write(retort_revision(rev))
