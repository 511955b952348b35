#!/usr/bin/env bash
# A database migrated by Alembic and continued by retort, then handed back to Alembic:
#   alembic_compat_test.sh RETORT_BINARY
# Needs the fixture's PG* variables. Exits 77 (CTest SKIP_RETURN_CODE) when /usr/bin/python3 cannot import
# alembic and psycopg2.
set -euo pipefail

retort=${1:?usage: $0 RETORT_BINARY}
source "$(dirname "${BASH_SOURCE[0]}")/alembic_setup.sh" alembic_compat

# The same three revisions, once as retort files and once as an Alembic project.
ids=(aaa111 bbb222 ccc333)
ups=("CREATE TABLE t1 (id int PRIMARY KEY)" "CREATE TABLE t2 (id int REFERENCES t1 (id))" "CREATE TABLE t3 (id int)")
downs=("DROP TABLE t1" "DROP TABLE t2" "DROP TABLE t3")

mkdir -p "$tmp/migrations" "$tmp/alembic/versions"
for i in 0 1 2; do
    parent=""
    down_revision=None
    if ((i > 0)); then
        parent=${ids[i - 1]}
        down_revision="'${ids[i - 1]}'"
    fi
    cat >"$tmp/migrations/$((i + 1))_${ids[i]}.sql" <<SQL
-- revision ${ids[i]}
--
-- Revision ID: ${ids[i]}
-- Revises: $parent

-- +upgrade
${ups[i]};

-- +downgrade
${downs[i]};
SQL
    cat >"$tmp/alembic/versions/${ids[i]}.py" <<PY
from alembic import op

revision = '${ids[i]}'
down_revision = $down_revision
branch_labels = None
depends_on = None


def upgrade():
    op.execute("${ups[i]}")


def downgrade():
    op.execute("${downs[i]}")
PY
done

cat >"$tmp/alembic.ini" <<INI
[alembic]
script_location = $tmp/alembic
INI
cat >"$tmp/alembic/env.py" <<'PY'
import os

from alembic import context
from sqlalchemy import create_engine

engine = create_engine(os.environ["ALEMBIC_TEST_URL"])
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
PY

export ALEMBIC_TEST_URL="postgresql+psycopg2://${PGUSER:-postgres}@/$db?host=$PGHOST&port=$PGPORT"
alembic() { (cd "$tmp" && "$python" -m alembic -c "$tmp/alembic.ini" "$@"); }
export PGDATABASE=$db
unset DATABASE_URL DATABASE_HOST DATABASE_PORT DATABASE_NAME DATABASE_USER DATABASE_PASSWORD

echo "== alembic upgrade bbb222"
alembic upgrade bbb222
[[ $(psql_ -Atc "SELECT version_num FROM alembic_version") == bbb222 ]] || fail "alembic did not reach bbb222"

echo "== retort upgrade head (continues without a stamp)"
out=$("$retort" --dir "$tmp/migrations" upgrade head) || fail "retort upgrade head failed: $out"
echo "$out"
[[ $out == *"Upgraded 1 revision"* ]] || fail "retort should have applied exactly one revision: $out"
[[ $(psql_ -Atc "SELECT version_num FROM alembic_version") == ccc333 ]] || fail "alembic_version is not ccc333"
[[ $(psql_ -Atc "SELECT string_agg(revision, ',') FROM alembic_version_history") == ccc333 ]] ||
    fail "retort's history should hold only ccc333"
[[ $(psql_ -Atc "SELECT to_regclass('t3') IS NOT NULL") == t ]] || fail "t3 was not created"

echo "== alembic current"
current=$(alembic current 2>&1) || fail "alembic current failed: $current"
echo "$current"
[[ $current == *"ccc333 (head)"* ]] || fail "alembic current does not report ccc333 as head: $current"

echo "== alembic downgrade -1"
alembic downgrade -1 || fail "alembic downgrade -1 failed"
[[ $(psql_ -Atc "SELECT version_num FROM alembic_version") == bbb222 ]] || fail "alembic did not go back to bbb222"
[[ $(psql_ -Atc "SELECT to_regclass('t3') IS NULL") == t ]] || fail "t3 still exists"

echo "== retort current after alembic's downgrade"
current=$("$retort" --dir "$tmp/migrations" current) || fail "retort current failed: $current"
[[ $current == *bbb222* ]] || fail "retort current does not report bbb222: $current"

echo "PASS"
