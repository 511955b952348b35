#!/usr/bin/env bash
# Every read-only command on a database that Alembic itself migrated (its alembic_version table, none of
# retort's): each reads alembic_version, and none of them creates a table.
#   alembic_readonly_test.sh RETORT_BINARY
# Needs the fixture's PG* variables. Exits 77 (CTest SKIP_RETURN_CODE) when /usr/bin/python3 cannot import
# alembic and psycopg2.
set -euo pipefail

retort=${1:?usage: $0 RETORT_BINARY}
source "$(dirname "${BASH_SOURCE[0]}")/alembic_setup.sh" alembic_readonly

# aaa111 <- bbb222 <- ccc333, once as retort files and once as an Alembic project.
ids=(aaa111 bbb222 ccc333)
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
CREATE TABLE t_${ids[i]} (id int);

-- +downgrade
DROP TABLE t_${ids[i]};
SQL
    cat >"$tmp/alembic/versions/${ids[i]}.py" <<PY
from alembic import op

revision = '${ids[i]}'
down_revision = $down_revision
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE TABLE t_${ids[i]} (id int)")


def downgrade():
    op.execute("DROP TABLE t_${ids[i]}")
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
export PGDATABASE=$db
unset DATABASE_URL DATABASE_HOST DATABASE_PORT DATABASE_NAME DATABASE_USER DATABASE_PASSWORD
(cd "$tmp" && "$python" -m alembic -c "$tmp/alembic.ini" upgrade bbb222) || fail "alembic upgrade bbb222 failed"

# run EXPECTED_STATUS ARGS...: the tool's stdout in $out, its exit status checked.
run() {
    local expected=$1 status=0
    shift
    out=$("$retort" --dir "$tmp/migrations" "$@" 2>&1) || status=$?
    echo "== retort $* (exit $status)"
    echo "$out"
    ((status == expected)) || fail "retort $* exited $status, expected $expected"
}
has() { [[ $out == *"$1"* ]] || fail "expected '$1' in the output above"; }
lacks() { [[ $out != *"$1"* ]] || fail "did not expect '$1' in the output above"; }

run 0 current
has bbb222
lacks base

run 0 current --verbose
has bbb222

run 0 --format json current
has '"bbb222"'

run 7 check
has "database: at bbb222"
has ccc333
lacks "do not exist"

run 0 history --indicate-current
[[ $(grep -c '(current)' <<<"$out") == 1 ]] || fail "history -i should mark exactly one revision (current)"
grep -q 'aaa111 -> bbb222.*(current)' <<<"$out" || fail "history -i should mark bbb222 (current)"

run 0 history --verbose
[[ $(grep -c 'Applied: yes' <<<"$out") == 2 ]] || fail "history --verbose should show aaa111 and bbb222 applied"
[[ $(grep -c 'Applied: no' <<<"$out") == 1 ]] || fail "history --verbose should show ccc333 not applied"

run 0 history -r current:
has "-> bbb222"
has "-> ccc333"
lacks "-> aaa111"

run 0 history -r :current
has "-> aaa111"
has "-> bbb222"
lacks "-> ccc333"

[[ $(psql_ -Atc "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'alembic_version_%'") == 0 ]] ||
    fail "a read-only command created one of retort's tables"
[[ $(psql_ -Atc "SELECT version_num FROM alembic_version") == bbb222 ]] || fail "alembic_version changed"

echo "PASS"
