# Sourced by the tests that run Debian's Alembic on a scratch database: skips (exit 77) when
# /usr/bin/python3 cannot import alembic and psycopg2, makes $tmp and the database $db (named after
# $1 and the process), removes both on exit, and defines psql_ and fail.
python=/usr/bin/python3

if ! "$python" -c 'import alembic, psycopg2' 2>/dev/null; then
    echo "SKIP: alembic or psycopg2 is not importable by $python"
    exit 77
fi

tmp=$(mktemp -d)
db="${1:?usage: source alembic_setup.sh NAME}_$$"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

psql_ -d postgres -c "CREATE DATABASE $db"
