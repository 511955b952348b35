#!/usr/bin/env bash
# retort behind pgbouncer (docs/runtime.md#poolers-and-standbys): in transaction pooling the session-level
# migration lock protects nothing, so a run refuses before it changes anything and leaves the lock free;
# in session pooling it migrates as on a direct connection.
#   pooler_test.sh RETORT_BINARY
# Needs the fixture's PG* variables (a unix socket). Exits 77 (CTest SKIP_RETURN_CODE) when Debian's
# pgbouncer is not installed (scripts/setup.sh installs it).
set -euo pipefail

retort=${1:?usage: $0 RETORT_BINARY}
pgbouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
if [[ ! -x $pgbouncer ]]; then
    echo "SKIP: pgbouncer is not installed (apt-get install pgbouncer)"
    exit 77
fi

tmp=$(mktemp -d)
chmod 755 "$tmp"
db="pooler_$$"
port=6432
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$tmp"  # pgbouncer refuses to run as root; the cluster's owner runs it
    as_owner=(runuser -u postgres --)
fi
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    [[ -f $tmp/pgbouncer.pid ]] && kill "$(cat "$tmp/pgbouncer.pid")" 2>/dev/null
    sleep 0.2
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    [[ -f $tmp/pgbouncer.log ]] && tail -n 20 "$tmp/pgbouncer.log" >&2
    exit 1
}

psql_ -d postgres -c "CREATE DATABASE $db"

# Two entries for one database: "tx" pools by transaction, "session" by session. Round robin over two
# server connections makes consecutive transactions of one client land on different backends, as they
# do under load.
cat >"$tmp/pgbouncer.ini" <<INI
[databases]
tx = host=$PGHOST port=$PGPORT dbname=$db pool_mode=transaction
session = host=$PGHOST port=$PGPORT dbname=$db pool_mode=session

[pgbouncer]
listen_addr =
listen_port = $port
unix_socket_dir = $tmp
auth_type = trust
auth_file = $tmp/users.txt
server_round_robin = 1
default_pool_size = 4
pidfile = $tmp/pgbouncer.pid
logfile = $tmp/pgbouncer.log
ignore_startup_parameters = extra_float_digits
INI
echo "\"${PGUSER:-postgres}\" \"\"" >"$tmp/users.txt"
chown -R --reference="$tmp" "$tmp"
"${as_owner[@]}" "$pgbouncer" -d "$tmp/pgbouncer.ini" || fail "pgbouncer did not start"
for _ in $(seq 50); do [[ -S $tmp/.s.PGSQL.$port ]] && break; sleep 0.1; done

# Two concurrent transactions open two server connections in the transaction pool.
for _ in 1 2; do psql_ -h "$tmp" -p "$port" -d tx -c "SELECT pg_sleep(0.5)" >/dev/null & done
wait

mkdir -p "$tmp/migrations"
cat >"$tmp/migrations/1_aaa111.sql" <<'SQL'
-- create t
--
-- Revision ID: aaa111
-- Revises:

-- +upgrade
CREATE TABLE t (id int);

-- +downgrade
DROP TABLE t;
SQL

unset DATABASE_URL DATABASE_HOST DATABASE_PORT DATABASE_NAME DATABASE_USER DATABASE_PASSWORD PGDATABASE
run() {  # run EXPECTED_STATUS DATABASE ARGS...
    local expected=$1 database=$2 status=0
    shift 2
    out=$("$retort" --dir "$tmp/migrations" --database-url "host=$tmp port=$port dbname=$database" "$@" 2>&1) ||
        status=$?
    echo "== retort $* via pgbouncer database $database (exit $status)"
    echo "$out"
    ((status == expected)) || fail "exit $status, expected $expected"
}
direct() { psql_ -d "$db" -Atc "$1"; }

run 1 tx upgrade
[[ $out == *"pool_mode = session"* ]] || fail "the refusal should name session pooling"
[[ $out == *"the server directly (a direct URL"* ]] || fail "the refusal should name a direct URL"
[[ $out == *"Nothing was changed by this run."* ]] || fail "the refusal should say that nothing changed"
[[ $(direct "SELECT to_regclass('t') IS NULL AND to_regclass('alembic_version') IS NULL") == t ]] ||
    fail "a refused run changed the database"
[[ $(direct "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()") == 0 ]] ||
    fail "the refused run left the migration lock held"

# The same key held in another database of the server is another lock (another application's
# migrations): the refusal neither names its holder nor leaves this database's lock behind.
key=$(grep -oE 'advisory lock key -?[0-9]+' <<<"$out" | grep -oE -- '-?[0-9]+$') || fail "no lock key in: $out"
psql_ -d postgres -Atc "SELECT pg_advisory_lock($key), pg_sleep(30)" >/dev/null 2>&1 &
other=$!
held_elsewhere() {
    psql_ -d postgres -Atc "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = 'postgres') AND ((classid::bigint << 32) | objid::bigint) = $key"
}
for _ in $(seq 100); do [[ -n $(held_elsewhere) ]] && break; sleep 0.05; done
other_pid=$(held_elsewhere)
[[ -n $other_pid ]] || fail "the other database's session did not take the lock"
run 1 tx upgrade
[[ $out == *"(the lock was released)"* ]] || fail "the refusal should release this database's lock: $out"
[[ $out != *"$other_pid"* ]] || fail "the refusal named the other database's holder $other_pid: $out"
[[ $(direct "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()") == 0 ]] ||
    fail "the refused run left the migration lock held beside another database's"
kill "$other" 2>/dev/null || true
psql_ -d postgres -c "SELECT pg_terminate_backend($other_pid)" >/dev/null
wait "$other" 2>/dev/null || true

run 0 session upgrade
[[ $(direct "SELECT version_num FROM alembic_version") == aaa111 ]] || fail "session pooling did not migrate"
run 0 session current
[[ $out == *aaa111* ]] || fail "current via session pooling: $out"

# Read-only commands take no lock and work in transaction pooling.
run 0 tx current
[[ $out == *aaa111* ]] || fail "current via transaction pooling: $out"
echo "PASS"
