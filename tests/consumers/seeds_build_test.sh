#!/usr/bin/env bash
# retort_add_migrations(... SEEDS seeds) in a project built against the installed package: the seeds are
# baked in, <name>_seed runs them against a database, adding a seed file regenerates the table, and a seed
# requiring an unknown revision fails the build at file:line.
#
#   seeds_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER   (PG* point at a running server)
set -u
source "$(dirname "$0")/consumer_build.sh"
mkdir -p "$project/migrations" "$project/seeds"

cat >"$project/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.25)
project(seeded LANGUAGES CXX)
find_package(retort CONFIG REQUIRED)
retort_add_migrations(shop DIRECTORY migrations SEEDS seeds)
EOF
printf -- '-- colours\n-- Revision ID: a1a1a1a1a1a1\n-- Revises:\n\n-- +upgrade\nCREATE TABLE colour (name text PRIMARY KEY);\n' \
    >"$project/migrations/0001_colour.sql"
printf -- '-- the primary colours\n-- Requires: a1a1a1a1a1a1\n\nINSERT INTO colour VALUES (%s), (%s), (%s) ON CONFLICT DO NOTHING;\n' \
    "'red'" "'green'" "'blue'" >"$project/seeds/0001_primary.sql"

db=retort_seeds_consumer_$$
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" postgres || fail "cannot create a database"
trap 'psql -XqAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres' EXIT
export PGDATABASE=$db
colours() { psql -XqAt -c "SELECT string_agg(name, ',' ORDER BY name) FROM colour"; }

configure
build
expect_built

# shop_seed runs the baked seed once the schema is there.
build shop_upgrade
expect_built
build shop_seed
expect_built
expect_log "Running seed 0001_primary.sql, the primary colours ("
[[ $(colours) == blue,green,red ]] || fail "colours after shop_seed: $(colours)"

# A new seed file is picked up by the next build (the glob is CONFIGURE_DEPENDS) and runs alone.
printf -- '-- more colours\n-- Requires: a1a1a1a1a1a1\nINSERT INTO colour VALUES (%s) ON CONFLICT DO NOTHING;\n' \
    "'cyan'" >"$project/seeds/0002_more.sql"
build
expect_built
expect_log "retort: compiling the migrations in migrations"
build shop_seed
expect_built
expect_log "Running seed 0002_more.sql, more colours ("
grep -qF "0001_primary.sql" "$work/log" && fail "the applied seed ran again"
[[ $(colours) == blue,cyan,green,red ]] || fail "colours after the second seed: $(colours)"

# A seed requiring a revision the migrations do not have fails the build at its Requires line.
sed -i 's/Requires: a1a1a1a1a1a1/Requires: f0f0f0f0f0f0/' "$project/seeds/0002_more.sql"
build
[[ $status -ne 0 ]] || fail "the build passed although a seed requires an unknown revision"
expect_log "$project/seeds/0002_more.sql:2: error: seed 0002_more.sql requires unknown revision 'f0f0f0f0f0f0'"
echo "PASS"
