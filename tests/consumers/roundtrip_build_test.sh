#!/usr/bin/env bash
# retort_add_migrations(... ROUNDTRIP_TEST) in a project built against the installed package: each set
# of migrations below gets a CTest <name>_roundtrip, run here with ctest. A sound history passes on a
# throwaway server and on the server RETORT_TEST_DATABASE_URL names; a broken downgrade fails at its
# file:line; a downgrade that leaves a table, and a seed that adds rows when run again, fail naming
# them; a revision without a downgrade ends the round trip with a message, or fails under
# REQUIRE_DOWNGRADE.
#
#   roundtrip_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]   (PG* name a server)
set -u
source "$(dirname "$0")/consumer_build.sh"

# revision DIR FILE ID PARENT UPGRADE [DOWNGRADE]: a revision file; without DOWNGRADE it has none.
revision() {
    mkdir -p "$project/$1"
    {
        printf -- '-- %s\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\n%s\n' "$2" "$3" "$4" "$5"
        [[ $# -ge 6 ]] && printf -- '\n-- +downgrade\n%s\n' "$6"
    } >"$project/$1/$2"
}
# Two revisions and a seed; the sets below change one thing each.
history() {
    revision "$1" 0001_colour.sql a1a1a1a1a1a1 "" "CREATE TABLE colour (name text PRIMARY KEY);" "DROP TABLE colour;"
    revision "$1" 0002_shade.sql b2b2b2b2b2b2 a1a1a1a1a1a1 \
        "CREATE TABLE shade (colour text REFERENCES colour, name text NOT NULL);
CREATE INDEX shade_colour ON shade (colour);" "DROP TABLE shade;"
}
seed() {
    mkdir -p "$project/$1"
    printf -- '-- colours\n-- Requires: b2b2b2b2b2b2\n\n%s\n' "$2" >"$project/$1/0001_colours.sql"
}

history sound
seed sound_seeds "INSERT INTO colour VALUES ('red'), ('blue') ON CONFLICT DO NOTHING;"
history broken
revision broken 0002_shade.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "CREATE TABLE shade (name text);" "DROP TABLE shades;"
history leaky
revision leaky 0002_shade.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "CREATE TABLE shade (name text);
CREATE TABLE tint (name text);" "DROP TABLE shade;"
history noisy
seed noisy_seeds "INSERT INTO shade (colour, name) VALUES (NULL, 'pale');"
history oneway
revision oneway 0002_shade.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "CREATE TABLE shade (name text);"
history strict
revision strict 0002_shade.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "CREATE TABLE shade (name text);"

cat >"$project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(roundtrips LANGUAGES CXX)
enable_testing()
find_package(retort 0.2 CONFIG REQUIRED)
retort_add_migrations(sound DIRECTORY sound SEEDS sound_seeds ROUNDTRIP_TEST)
retort_add_migrations(broken DIRECTORY broken ROUNDTRIP_TEST)
retort_add_migrations(leaky DIRECTORY leaky ROUNDTRIP_TEST)
retort_add_migrations(noisy DIRECTORY noisy SEEDS noisy_seeds ROUNDTRIP_TEST)
retort_add_migrations(oneway DIRECTORY oneway ROUNDTRIP_TEST)
retort_add_migrations(strict DIRECTORY strict ROUNDTRIP_TEST REQUIRE_DOWNGRADE)
CMAKE

configure
build
expect_built

server_url="host=$PGHOST port=$PGPORT user=$PGUSER dbname=$PGDATABASE"
# roundtrip NAME [URL]: runs the CTest NAME_roundtrip (on the server URL names, else a throwaway one).
roundtrip() {
    (
        if [[ -n ${2:-} ]]; then export RETORT_TEST_DATABASE_URL=$2; else unset RETORT_TEST_DATABASE_URL; fi
        ctest --test-dir "$build" -R "^$1_roundtrip\$" -V >"$work/log" 2>&1
    )
    status=$?
    echo "--- ctest -R $1_roundtrip ${2:+(RETORT_TEST_DATABASE_URL)} -> $status"
    cat "$work/log"
    grep -qE "Test +#[0-9]+: $1_roundtrip" "$work/log" || fail "ctest ran no $1_roundtrip"
}
expect_passed() { [[ $status -eq 0 ]] || fail "$1_roundtrip failed"; }
expect_failed() { [[ $status -ne 0 ]] || fail "$1_roundtrip passed"; }

roundtrip sound
expect_passed sound
for line in "phase 1/5: upgrade to head" "phase 2/5: downgrade to base" "phase 3/5: upgrade again" \
    "phase 4/5: seeds" "phase 5/5: seeds again" "Running downgrade b2b2b2b2b2b2 -> a1a1a1a1a1a1" "Round trip passed on "; do
    expect_log "$line"
done

scratch_dbs() { psql -XqAt -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort_scratch%'"; }
roundtrip sound "$server_url"
expect_passed sound
expect_log "Round trip passed on "
[[ $(scratch_dbs) == 0 ]] || fail "the scratch database was left on the server"

roundtrip broken "$server_url"
expect_failed broken
expect_log "broken/0002_shade.sql:9"
expect_log 'table "shades" does not exist'

roundtrip leaky "$server_url"
expect_failed leaky
expect_log "roundtrip: the downgrade to base did not undo the upgrade"
expect_log "table public.tint"

roundtrip noisy "$server_url"
expect_failed noisy
expect_log "roundtrip: the seeds are not idempotent"
expect_log "public.shade: 1 rows before, 2 after"

roundtrip oneway "$server_url"
expect_passed oneway
expect_log "Round trip ended after the upgrade: revision b2b2b2b2b2b2 (oneway/0002_shade.sql) has no downgrade"

roundtrip strict "$server_url"
expect_failed strict
expect_log "roundtrip: revision b2b2b2b2b2b2 (strict/0002_shade.sql) has no downgrade, and --require-downgrade"
[[ $(scratch_dbs) == 0 ]] || fail "a scratch database was left on the server"
echo "PASS"
