#!/usr/bin/env bash
# retort_add_migrations() and the lock file in a project built against the installed package: the
# lock file's creation, change and deletion regenerate the table; editing a locked revision fails the
# build with file:line; <name>_lock, <name>_verify and <name>_verify_strict; LOCKFILE.
#
#   lockfile_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER
set -u
source "$(dirname "$0")/consumer_build.sh"
mkdir -p "$project/migrations"

write_project() {
    cat >"$project/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(locked LANGUAGES CXX)
find_package(retort CONFIG REQUIRED)
retort_add_migrations(shop DIRECTORY migrations $1)
EOF
}

add_revision() {
    local file=$1 id=$2 revises=$3 table=$4
    printf -- '-- %s\n--\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\nCREATE TABLE %s (id int);\n\n-- +downgrade\nDROP TABLE %s;\n' \
        "$table" "$id" "$revises" "$table" "$table" >"$project/migrations/$file"
}

shop_check() {
    "$build/shop" check --offline "$@" >"$work/out" 2>&1
    status=$?
    cat "$work/out"
}

write_project ""
add_revision 0001_users.sql a1a1a1a1a1a1 "" users
add_revision 0002_items.sql b2b2b2b2b2b2 a1a1a1a1a1a1 items
configure

# No lock file yet: nothing to check, nothing baked.
build
expect_built
shop_check
grep -qF "against no lock file (none was baked into this binary)" "$work/out" || fail "a lock was baked"

# shop_lock creates it; the next build notices and bakes it.
build shop_lock
expect_built
[[ -f $project/migrations/retort.lock ]] || fail "shop_lock did not create migrations/retort.lock"
build
expect_built
expect_log "retort: compiling the migrations in migrations"
shop_check --strict
[[ $status -eq 0 ]] || fail "check --offline --strict after shop_lock exits $status"
grep -qF "against migrations/retort.lock: 2 locked and unchanged" "$work/out" || fail "the lock was not baked"

# Editing a locked revision fails the build at the revision's Revision ID line.
cp "$project/migrations/0001_users.sql" "$work/0001_users.sql"
sed -i 's/CREATE TABLE users (id int);/CREATE TABLE users (id bigint);/' "$project/migrations/0001_users.sql"
build
[[ $status -ne 0 ]] || fail "the build passed although a locked revision was edited"
expect_log "$project/migrations/0001_users.sql:3: error: revision a1a1a1a1a1a1 was edited after it was locked; revert the edit or write a new revision (upgrade checksum locked v1:"
cp "$work/0001_users.sql" "$project/migrations/0001_users.sql"
build
expect_built

# A new revision builds; CI's strict verification wants it locked.
add_revision 0003_orders.sql c3c3c3c3c3c3 b2b2b2b2b2b2 orders
build shop_verify
expect_built
build shop_verify_strict
[[ $status -ne 0 ]] || fail "shop_verify_strict passed with an unlocked revision"
expect_log "0003_orders.sql:3: error: revision c3c3c3c3c3c3 is not locked"
build shop_lock
expect_built
build shop_verify_strict
expect_built

# Deleting the lock file regenerates the table without it.
rm "$project/migrations/retort.lock"
build
expect_built
shop_check
grep -qF "none was baked into this binary" "$work/out" || fail "the deleted lock file is still baked"

# LOCKFILE: another place, relative to the project.
write_project "LOCKFILE locks/shop.lock ALLOW_MULTIPLE_HEADS"
build shop_lock
expect_built
[[ -f $project/locks/shop.lock ]] || fail "LOCKFILE locks/shop.lock was not created"
add_revision 0004_side.sql d4d4d4d4d4d4 b2b2b2b2b2b2 side
build shop_lock
build shop_verify_strict
expect_built
shop_check
grep -qF "against locks/shop.lock: 4 locked and unchanged" "$work/out" || fail "LOCKFILE was not baked"
echo "PASS"
