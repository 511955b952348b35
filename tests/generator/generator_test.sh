#!/usr/bin/env bash
# Drives retort_generator for the CTest cases in tests/generator/CMakeLists.txt (one mode per test).
#
#   generator_test.sh expect-error      GENERATOR DIR EXPECTED WORK
#   generator_test.sh expect-seed-error GENERATOR DIR SEEDS EXPECTED WORK
#   generator_test.sh deterministic     GENERATOR DIR WORK CMAKE SEEDS
#   generator_test.sh written-if-changed GENERATOR DIR WORK
#   generator_test.sh no-absolute-paths GENERATOR DIR WORK SOURCE_DIR
#   generator_test.sh lock-catches-edit GENERATOR TOOL DIR WORK
#   generator_test.sh lock-allows-new   GENERATOR TOOL DIR WORK
#   generator_test.sh lint-error        GENERATOR DIR WORK
#   generator_test.sh lint-warning      GENERATOR TOOL DIR WORK
set -u

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# run_generator GENERATOR DIR LABEL OUT [ARGS...]: the arguments retort_add_migrations() passes, then
# ARGS; stderr to OUT/stderr.log.
run_generator() {
    local generator=$1 dir=$2 label=$3 out=$4
    shift 4
    mkdir -p "$out"
    "$generator" --dir "$dir" --label "$label" --name good --namespace retort_tests::good \
        --version-table alembic_version --header-include good/revisions.hpp \
        --source "$out/gen/revisions.cpp" --header "$out/gen/include/good/revisions.hpp" \
        --main "$out/gen/main.cpp" "$@" 2>"$out/stderr.log"
}

outputs() { echo revisions.cpp include/good/revisions.hpp main.cpp; }

# check_rejected STATUS EXPECTED WORK: exit status 3 (invalid input, as `retort --dir DIR check --offline`),
# each line of EXPECTED somewhere in stderr, nothing written.
check_rejected() {
    local status=$1 expected=$2 work=$3
    cat "$work/stderr.log"
    [[ $status -eq 3 ]] || fail "exit status $status, expected 3"
    local line found=0
    while IFS= read -r line || [[ -n $line ]]; do
        [[ -z $line ]] && continue
        found=1
        grep -qF -- "$line" "$work/stderr.log" || fail "stderr lacks: $line"
    done <"$expected"
    [[ $found -eq 1 ]] || fail "$expected holds no expected line"
    [[ ! -e $work/gen ]] || fail "the generator wrote output although the input has errors"
    echo "PASS"
}

# A broken directory of revisions.
expect_error() {
    local generator=$1 dir=$2 expected=$3 work=$4
    rm -rf "$work"
    run_generator "$generator" "$dir" "tests/data/$(basename "$(dirname "$dir")")/$(basename "$dir")" "$work"
    check_rejected $? "$expected" "$work"
}

# Good revisions with a broken directory of seeds (such as one requiring an unknown revision).
expect_seed_error() {
    local generator=$1 dir=$2 seeds=$3 expected=$4 work=$5
    rm -rf "$work"
    run_generator "$generator" "$dir" tests/data/good_dir "$work" --seeds "$seeds" \
        --seeds-label "tests/data/broken_seeds/$(basename "$seeds")"
    check_rejected $? "$expected" "$work"
}

# copy_in_order FROM TO ORDER: FROM's *.sql files into TO, created in name order (sort) or reversed (sort -r).
copy_in_order() {
    local from=$1 to=$2 order=$3 f
    mkdir -p "$to"
    for f in $(cd "$from" && ls -1 -- *.sql | $order); do cp -- "$from/$f" "$to/$f"; done
}

# The same revisions (and seeds) in two directories, files copied in opposite orders, give byte-identical
# output.
deterministic() {
    local generator=$1 dir=$2 work=$3 cmake=$4 seeds=$5
    rm -rf "$work"
    local run
    for run in a b; do
        local order=sort
        [[ $run == b ]] && order="sort -r"
        copy_in_order "$dir" "$work/$run" "$order"
        copy_in_order "$seeds" "$work/${run}_seeds" "$order"
        run_generator "$generator" "$work/$run" tests/data/good_dir "$work/out_$run" \
            --seeds "$work/${run}_seeds" --seeds-label tests/data/good_seeds ||
            fail "run $run: $(cat "$work/out_$run/stderr.log")"
    done
    for f in $(outputs); do
        "$cmake" -E compare_files "$work/out_a/gen/$f" "$work/out_b/gen/$f" || fail "$f differs between the two runs"
    done
    echo "PASS"
}

mtimes() {
    local out=$1 f
    for f in $(outputs); do stat -c '%Y' "$out/gen/$f"; done
}

# A second run with unchanged input leaves every output untouched (so nothing recompiles); a changed
# revision rewrites the table source only.
written_if_changed() {
    local generator=$1 dir=$2 work=$3
    rm -rf "$work"
    mkdir -p "$work/dir"
    cp -- "$dir"/*.sql "$work/dir/"
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" || fail "first run: $(cat "$work/out/stderr.log")"
    # Back-date the outputs, so a rewrite shows even within the same second.
    for f in $(outputs); do touch -d '2000-01-01 00:00:00' "$work/out/gen/$f"; done
    local before after
    before=$(mtimes "$work/out")
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" || fail "second run: $(cat "$work/out/stderr.log")"
    after=$(mtimes "$work/out")
    [[ $before == "$after" ]] || fail "unchanged input rewrote outputs (mtimes before: $before, after: $after)"

    sed -i 's/CREATE SCHEMA shop;/CREATE SCHEMA IF NOT EXISTS shop;/' "$work/dir/0001_create_schema.sql"
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" || fail "third run: $(cat "$work/out/stderr.log")"
    local source_before source_after
    source_before=$(echo "$before" | sed -n 1p)
    source_after=$(stat -c '%Y' "$work/out/gen/revisions.cpp")
    [[ $source_after != "$source_before" ]] || fail "an edited revision did not rewrite revisions.cpp"
    grep -qF 'CREATE SCHEMA IF NOT EXISTS shop;' "$work/out/gen/revisions.cpp" || fail "revisions.cpp lacks the edit"
    [[ $(echo "$before" | sed -n '2,3p') == "$(mtimes "$work/out" | sed -n '2,3p')" ]] ||
        fail "an edited revision rewrote the header or main.cpp, which do not depend on revisions"
    echo "PASS"
}

# Generated files name revision files by label only, never by the absolute directory they came from.
no_absolute_paths() {
    local generator=$1 dir=$2 work=$3 source_dir=$4
    rm -rf "$work"
    run_generator "$generator" "$dir" tests/data/good_dir "$work/out" || fail "run: $(cat "$work/out/stderr.log")"
    for f in $(outputs); do
        for path in "$source_dir" "$dir" "$work"; do
            if grep -nF -- "$path" "$work/out/gen/$f"; then fail "$f contains the absolute path $path"; fi
        done
    done
    grep -qF 'tests/data/good_dir/0001_create_schema.sql' "$work/out/gen/revisions.cpp" ||
        fail "revisions.cpp does not name the files by their label"
    echo "PASS"
}

# copy_locked TOOL DIR WORK: DIR's revision files in WORK/dir, locked there by `retort lock`.
copy_locked() {
    local tool=$1 dir=$2 work=$3
    rm -rf "$work"
    mkdir -p "$work/dir"
    cp -- "$dir"/*.sql "$work/dir/"
    "$tool" --dir "$work/dir" lock >/dev/null || fail "retort lock failed"
}

# Editing a locked revision fails the build (exit 8) at the revision file's Revision ID line, with the
# message and both checksums, and leaves the generated table as it was.
lock_catches_edit() {
    local generator=$1 tool=$2 dir=$3 work=$4
    copy_locked "$tool" "$dir" "$work"
    local lock=(--lockfile "$work/dir/retort.lock" --lockfile-label tests/data/good_dir/retort.lock)
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" "${lock[@]}" ||
        fail "the locked, unedited directory fails: $(cat "$work/out/stderr.log")"
    cp "$work/out/gen/revisions.cpp" "$work/before.cpp"

    sed -i 's/DROP TABLE shop.customers;/DROP TABLE shop.customers CASCADE;/' "$work/dir/0002_customers.sql"
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" "${lock[@]}"
    local status=$?
    cat "$work/out/stderr.log"
    [[ $status -eq 8 ]] || fail "exit status $status, expected 8"
    local line
    line=$(grep -n '^-- Revision ID:' "$work/dir/0002_customers.sql" | cut -d: -f1)
    grep -qF "$work/dir/0002_customers.sql:$line: error: revision b2c3d4e5f6a1 was edited after it was locked; revert the edit or write a new revision (downgrade checksum locked v1:" "$work/out/stderr.log" ||
        fail "stderr lacks the edit at 0002_customers.sql:$line"
    grep -qF "$work/dir/retort.lock:4: note: revision b2c3d4e5f6a1 is locked here" "$work/out/stderr.log" ||
        fail "stderr does not point at the lock file's line"
    cmp -s "$work/before.cpp" "$work/out/gen/revisions.cpp" || fail "the generator wrote a table although a locked revision was edited"
    echo "PASS"
}

# Revisions added after the lock are not a build error, and the lock text is baked into the table.
lock_allows_new() {
    local generator=$1 tool=$2 dir=$3 work=$4
    copy_locked "$tool" "$dir" "$work"
    cat >"$work/dir/0006_new.sql" <<'SQL'
-- a new revision, not locked yet
-- Revision ID: 0a1b2c3d4e5f
-- Revises: f6a1b2c3d4e5

-- +upgrade
SELECT 1;
SQL
    run_generator "$generator" "$work/dir" tests/data/good_dir "$work/out" \
        --lockfile "$work/dir/retort.lock" --lockfile-label tests/data/good_dir/retort.lock ||
        fail "an unlocked revision failed the build: $(cat "$work/out/stderr.log")"
    [[ ! -s $work/out/stderr.log ]] || fail "the generator printed: $(cat "$work/out/stderr.log")"
    grep -qF 'f6a1b2c3d4e5 parents=e5f6a1b2c3d4 up=' "$work/out/gen/revisions.cpp" || fail "revisions.cpp lacks the lock text"
    echo "PASS"
}

# require_in_log WORK TEXT: the generator's stderr holds TEXT.
require_in_log() { grep -qF -- "$2" "$1/stderr.log" || fail "stderr lacks: $2 (stderr: $(cat "$1/stderr.log"))"; }

# A lint error (CREATE INDEX CONCURRENTLY in a transactional revision) fails the build with exit 11 at
# file:line:column and writes nothing; LINT off builds it.
lint_error() {
    local generator=$1 dir=$2 work=$3
    rm -rf "$work"
    run_generator "$generator" "$dir" tests/data/lint_dirs/concurrently "$work/default"
    local status=$?
    cat "$work/default/stderr.log"
    [[ $status -eq 11 ]] || fail "exit status $status, expected 11"
    require_in_log "$work/default" "tests/data/lint_dirs/concurrently/0002_index.sql:6:1: error: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
    require_in_log "$work/default" "[concurrently-in-transaction]"
    [[ ! -e $work/default/gen ]] || fail "the generator wrote output although the linter found an error"
    run_generator "$generator" "$dir" tests/data/lint_dirs/concurrently "$work/off" --lint off ||
        fail "LINT off still failed: $(cat "$work/off/stderr.log")"
    [[ -e $work/off/gen/revisions.cpp ]] || fail "LINT off wrote nothing"
    echo "PASS"
}

# A warning prints and the build goes on; LINT error fails it (exit 11); LINT_RULES turns the rule off or
# up; unknown rules are refused (exit 2); a locked revision is not linted.
lint_warning() {
    local generator=$1 tool=$2 dir=$3 work=$4
    rm -rf "$work"
    local warning="tests/data/lint_dirs/warnings/0002_drop_id.sql:6:1: warning: DROP COLUMN id of t_a1b2c3 deletes its data for good"
    run_generator "$generator" "$dir" tests/data/lint_dirs/warnings "$work/default" ||
        fail "a warning failed the build: $(cat "$work/default/stderr.log")"
    require_in_log "$work/default" "$warning"
    [[ -e $work/default/gen/revisions.cpp ]] || fail "a warning stopped the generator from writing"

    run_generator "$generator" "$dir" tests/data/lint_dirs/warnings "$work/error" --lint error
    local status=$?
    [[ $status -eq 11 ]] || fail "LINT error: exit status $status, expected 11"
    require_in_log "$work/error" "0002_drop_id.sql:6:1: error: DROP COLUMN id"

    run_generator "$generator" "$dir" tests/data/lint_dirs/warnings "$work/rule_off" --lint error --lint-rules drop-column=off ||
        fail "drop-column=off still failed: $(cat "$work/rule_off/stderr.log")"
    grep -qF "drop-column" "$work/rule_off/stderr.log" && fail "drop-column=off still printed it"

    run_generator "$generator" "$dir" tests/data/lint_dirs/warnings "$work/rule_up" --lint-rules drop-column=error
    status=$?
    [[ $status -eq 11 ]] || fail "drop-column=error: exit status $status, expected 11"

    run_generator "$generator" "$dir" tests/data/lint_dirs/warnings "$work/unknown" --lint-rules drop-colum=off
    status=$?
    [[ $status -eq 2 ]] || fail "an unknown rule: exit status $status, expected 2"
    require_in_log "$work/unknown" "unknown lint rule 'drop-colum'"

    mkdir -p "$work/locked"
    cp -- "$dir"/*.sql "$work/locked/"
    "$tool" --dir "$work/locked" lock >/dev/null || fail "retort lock failed"
    run_generator "$generator" "$work/locked" tests/data/lint_dirs/warnings "$work/released" --lint error \
        --lockfile "$work/locked/retort.lock" || fail "a locked revision was linted: $(cat "$work/released/stderr.log")"
    [[ ! -s $work/released/stderr.log ]] || fail "the generator printed: $(cat "$work/released/stderr.log")"
    echo "PASS"
}

mode=${1:-}
shift || true
case $mode in
    expect-error) [[ $# -eq 4 ]] || fail "usage"; expect_error "$@" ;;
    expect-seed-error) [[ $# -eq 5 ]] || fail "usage"; expect_seed_error "$@" ;;
    deterministic) [[ $# -eq 5 ]] || fail "usage"; deterministic "$@" ;;
    written-if-changed) [[ $# -eq 3 ]] || fail "usage"; written_if_changed "$@" ;;
    no-absolute-paths) [[ $# -eq 4 ]] || fail "usage"; no_absolute_paths "$@" ;;
    lock-catches-edit) [[ $# -eq 4 ]] || fail "usage"; lock_catches_edit "$@" ;;
    lock-allows-new) [[ $# -eq 4 ]] || fail "usage"; lock_allows_new "$@" ;;
    lint-error) [[ $# -eq 3 ]] || fail "usage"; lint_error "$@" ;;
    lint-warning) [[ $# -eq 4 ]] || fail "usage"; lint_warning "$@" ;;
    *) fail "unknown mode '$mode'" ;;
esac
