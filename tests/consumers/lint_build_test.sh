#!/usr/bin/env bash
# retort_add_migrations(... LINT ... LINT_RULES ...) in a project built against the installed package
# (libpg_query found through the installed FindPgQuery.cmake): a lint warning prints and the build goes
# on, LINT error fails it, LINT_RULES turns the rule off, an allow with its reason accepts it, a syntax
# error fails the build at file:line:column, and a bad LINT value fails at configure time.
#
#   lint_build_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
source "$(dirname "$0")/consumer_build.sh"
mkdir -p "$project/migrations"

write_project() {
    cat >"$project/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(linted LANGUAGES CXX)
find_package(retort CONFIG REQUIRED)
retort_add_migrations(shop DIRECTORY migrations $1)
CMAKE
}

# revision FILE ID REVISES SQL: the upgrade's first line is line 7.
revision() {
    printf -- '-- %s\n--\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\n%s\n' "$1" "$2" "$3" "$4" \
        >"$project/migrations/$1"
}

# configure_expecting_failure TEXT: configuring fails and says TEXT.
configure_expecting_failure() {
    if cmake -S "$project" -B "$build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" >"$work/log" 2>&1; then
        fail "configured although it should not"
    fi
    expect_log "$1"
}

revision 0001_users.sql a1a1a1a1a1a1 "" "CREATE TABLE users (id bigint PRIMARY KEY, fax text);"
revision 0002_no_fax.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "ALTER TABLE users DROP COLUMN fax;"

# The default, LINT warning: the warning prints, the binary is built.
write_project ""
configure
build
expect_built
expect_log "$project/migrations/0002_no_fax.sql:7:1: warning: DROP COLUMN fax of users deletes its data for good"
expect_log "[drop-column]"

# LINT error: the same finding fails the build.
write_project "LINT error"
configure
build
[[ $status -ne 0 ]] || fail "LINT error built although the linter found a warning"
expect_log "$project/migrations/0002_no_fax.sql:7:1: error: DROP COLUMN fax of users"

# LINT_RULES: the rule off, the build goes through again.
write_project "LINT error LINT_RULES drop-column=off prefer-text=info"
configure
build
expect_built
if grep -qF "drop-column" "$work/log"; then fail "drop-column=off still printed it"; fi

# An accepted finding, with its reason, under LINT error.
write_project "LINT error"
revision 0002_no_fax.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "-- retort:allow drop-column nobody has sent a fax since 2009
ALTER TABLE users DROP COLUMN fax;"
configure
build
expect_built

# A syntax error fails the build at its line and column, whatever LINT says.
write_project "LINT off"
revision 0003_typo.sql c3c3c3c3c3c3 b2b2b2b2b2b2 "CREATE TABLE orders (
    id bigint PRIMARY KEY,
    total numeric(10,2)
    user_id bigint
);"
configure
build
[[ $status -ne 0 ]] || fail "a syntax error built"
expect_log "$project/migrations/0003_typo.sql:10:5: error: syntax error at or near \"user_id\""

# A bad LINT value or rule setting fails at configure time, naming it.
write_project "LINT pedantic"
configure_expecting_failure "LINT must be error, warning or off, not"
write_project "LINT_RULES drop-column"
configure_expecting_failure "LINT_RULES entry 'drop-column' is not"
echo "PASS"
