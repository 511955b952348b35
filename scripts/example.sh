#!/usr/bin/env bash
# Builds everything, starts a throwaway PostgreSQL, upgrades it with the example migrations in
# migrations/, seeds it from seeds/, checks it, checks that the migrations produce exactly the declared
# schema in schema/ (and that nobody changed the database by hand), shows the history, and stops the
# server again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default
cmake --build --preset default --target example

cluster=$(mktemp -d /tmp/retort-example-XXXXXX)
port=55499
trap 'bash tests/pg/pg_cluster.sh stop "$cluster" "$port" >/dev/null 2>&1 || true' EXIT
bash tests/pg/pg_cluster.sh start "$cluster" "$port"
export PGHOST="$cluster/socket" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres

echo "\$ build/default/example upgrade head"
build/default/example upgrade head
echo
echo "\$ build/default/example seed"
build/default/example seed
echo
echo "\$ build/default/example check"
build/default/example check
echo
echo "\$ build/default/example check --declared schema --dev-url dbname=postgres"
build/default/example check --declared schema --dev-url dbname=postgres
echo
echo "\$ build/default/example check --drift --dev-url dbname=postgres"
build/default/example check --drift --dev-url dbname=postgres
echo
echo "\$ build/default/example history"
build/default/example history
