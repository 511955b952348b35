#!/usr/bin/env bash
# The build reads the revision directory as it is: deleting the head's file or renaming a file (without
# touching any other) regenerates the baked table, in a project built against the installed package.
#
#   deleted_revision_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
source "$(dirname "$0")/consumer_build.sh"
mkdir -p "$project/migrations"

cat >"$project/CMakeLists.txt" <<'EOF_CMAKE'
cmake_minimum_required(VERSION 3.25)
project(deleted LANGUAGES CXX)
find_package(retort CONFIG REQUIRED)
retort_add_migrations(shop DIRECTORY migrations)
EOF_CMAKE
revision() {  # revision FILE ID PARENT
    printf -- '-- table %s\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\nCREATE TABLE t_%s (id int);\n' \
        "$2" "$2" "$3" "$2" >"$project/migrations/$1"
}
revision 0001_a.sql a1a1a1a1a1a1 ""
revision 0002_b.sql b2b2b2b2b2b2 a1a1a1a1a1a1
revision 0003_c.sql c3c3c3c3c3c3 b2b2b2b2b2b2

shop() { "$build/shop" "$@" 2>&1; }

configure
build
expect_built
[[ $(shop heads) == *c3c3c3c3c3c3* ]] || fail "heads before the deletion: $(shop heads)"

# Deleting the head's file: the next build regenerates the table without it.
rm "$project/migrations/0003_c.sql"
build
expect_built
expect_log "retort: compiling the migrations in migrations"
heads=$(shop heads)
echo "heads after the deletion: $heads"
[[ $heads == *b2b2b2b2b2b2* && $heads != *c3c3c3c3c3c3* ]] || fail "heads after the deletion: $heads"
[[ $(shop history) != *c3c3c3c3c3c3* ]] || fail "history still lists the deleted revision: $(shop history)"

# Renaming a file: the baked table names the new file.
mv "$project/migrations/0002_b.sql" "$project/migrations/0002_renamed.sql"
build
expect_built
expect_log "retort: compiling the migrations in migrations"
shown=$(shop show b2b2b2b2b2b2)
echo "$shown"
[[ $shown == *0002_renamed.sql* && $shown != *0002_b.sql* ]] || fail "show after the rename: $shown"

# Nothing changed: nothing is regenerated.
build
expect_built
grep -qF "retort: compiling the migrations" "$work/log" && fail "an unchanged directory regenerated the table"
echo "PASS"
