#!/usr/bin/env bash
# How a baked binary finds its database (docs/commands.md#connection), first match wins:
# --database-url > <SET>_<ENV>_DATABASE_URL, <ENV>_DATABASE_URL (with --env ENV or RETORT_ENV=ENV; no
# fallback) > <SET>_DATABASE_URL > DATABASE_URL > PG*.
#   environments_test.sh EXAMPLE_BINARY   (the `example` migration set; needs the fixture's PG* variables)
set -euo pipefail

example=${1:?usage: $0 EXAMPLE_BINARY}
psql_() { psql -XqAt -v ON_ERROR_STOP=1 "$@"; }
dbs=()
cleanup() { for db in "${dbs[@]}"; do psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done; }
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

unset DATABASE_URL EXAMPLE_DATABASE_URL STAGING_DATABASE_URL EXAMPLE_STAGING_DATABASE_URL RETORT_ENV

# Five databases, each stamped at a different revision so that `current` tells which one answered.
revs=(1a2b3c4d5e6f 2b3c4d5e6f70 3f2a9c1b7d4e 4d5e6f708192 5e6f708192a3)
names=(pg plain set staging set_staging)
declare -A url at
for i in "${!names[@]}"; do
    db="environments_$$_${names[i]}"
    dbs+=("$db")
    psql_ -d postgres -c "CREATE DATABASE $db"
    url[${names[i]}]="postgresql:///$db?host=$PGHOST&port=$PGPORT"
    at[${names[i]}]=${revs[i]}
    PGDATABASE=$db "$example" -q stamp "${revs[i]}"
done
export PGDATABASE=${dbs[0]}

answers() { # answers EXPECTED_DATABASE ARGS...: `current` must print that database's revision
    local expected=$1
    shift
    local out
    out=$("$example" "$@" current) || fail "current $* failed: $out"
    [[ $out == "${at[$expected]}"* ]] || fail "expected the $expected database with $*, got: $out"
}

answers pg
export DATABASE_URL=${url[plain]}
answers plain
export EXAMPLE_DATABASE_URL=${url[set]}
answers set                                           # the set's own variable beats DATABASE_URL
answers plain --database-url "${url[plain]}"          # the flag beats every variable
export STAGING_DATABASE_URL=${url[staging]}
answers staging --env staging                         # an environment beats the set's variable
RETORT_ENV=staging answers staging                    # RETORT_ENV chooses it too
export EXAMPLE_STAGING_DATABASE_URL=${url[set_staging]}
answers set_staging --env staging                     # the set's variable for that environment first
answers plain --env staging --database-url "${url[plain]}"
set +e
out=$("$example" --env production current 2>&1)
status=$?
set -e
[[ $status == 2 && $out == *PRODUCTION_DATABASE_URL* ]] ||
    fail "an environment without a variable must be refused naming it (exit 2), not fall back: $status $out"
echo PASS
