#!/usr/bin/env bash
# retort_add_migrations(... DECLARED schema) in a project built against the installed package:
# <name>_declared_check passes while the migrations at head produce the declared schema, fails (naming
# the change) when the declared schema moves ahead of them, passes again once a revision catches up, and
# a DECLARED path that does not exist fails at configure time. Scratch databases go to the server PG*
# names, through RETORT_DEV_URL.
#
#   declared_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
source "$(dirname "$0")/consumer_build.sh"
mkdir -p "$project/migrations" "$project/schema"
export RETORT_DEV_URL="dbname=postgres"

write_project() {
    cat >"$project/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(declared LANGUAGES CXX)
find_package(retort CONFIG REQUIRED)
retort_add_migrations(shop DIRECTORY migrations DECLARED $1)
CMAKE
}

printf -- '-- colours\n-- Revision ID: a1a1a1a1a1a1\n-- Revises:\n\n-- +upgrade\nCREATE TABLE colour (name text PRIMARY KEY);\n' \
    >"$project/migrations/0001_colour.sql"
echo "CREATE TABLE colour (name text PRIMARY KEY);" >"$project/schema/10_colour.sql"

write_project schema
configure
build shop_declared_check
expect_built
expect_log "The migrations at head produce the declared schema exactly."

# The declared schema moves ahead: the check fails and names the change.
echo "CREATE TABLE shade (name text PRIMARY KEY, colour text REFERENCES colour);" >"$project/schema/20_shade.sql"
build shop_declared_check
[[ $status -ne 0 ]] || fail "shop_declared_check passed although the declared schema has a table more"
expect_log "create table public.shade"

# A revision catches up (the binary is rebuilt first: the target depends on it).
printf -- '-- shades\n-- Revision ID: b2b2b2b2b2b2\n-- Revises: a1a1a1a1a1a1\n\n-- +upgrade\nCREATE TABLE shade (name text PRIMARY KEY, colour text REFERENCES colour);\n' \
    >"$project/migrations/0002_shade.sql"
build shop_declared_check
expect_built

# A path that does not exist fails at configure time.
write_project no_such_schema
if cmake -S "$project" -B "$build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" >"$work/log" 2>&1; then
    fail "configured with a DECLARED path that does not exist"
fi
expect_log "DECLARED"
echo "declared_build_test: passed"
