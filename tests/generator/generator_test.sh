#!/usr/bin/env bash
# Drives retort_generator for the CTest cases in tests/generator/CMakeLists.txt (one mode per test).
#
#   generator_test.sh expect-error      GENERATOR DIR EXPECTED WORK
#   generator_test.sh deterministic     GENERATOR DIR WORK CMAKE
#   generator_test.sh written-if-changed GENERATOR DIR WORK
#   generator_test.sh no-absolute-paths GENERATOR DIR WORK SOURCE_DIR
set -u

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# run_generator GENERATOR DIR LABEL OUT: the arguments retort_add_migrations() passes; stderr to OUT.log.
run_generator() {
    local generator=$1 dir=$2 label=$3 out=$4
    mkdir -p "$out"
    "$generator" --dir "$dir" --label "$label" --name good --namespace retort_tests::good \
        --version-table alembic_version --header-include good/revisions.hpp \
        --source "$out/gen/revisions.cpp" --header "$out/gen/include/good/revisions.hpp" \
        --main "$out/gen/main.cpp" 2>"$out/stderr.log"
}

outputs() { echo revisions.cpp include/good/revisions.hpp main.cpp; }

# A broken directory: exit status 1, each line of EXPECTED somewhere in stderr, nothing written.
expect_error() {
    local generator=$1 dir=$2 expected=$3 work=$4
    rm -rf "$work"
    run_generator "$generator" "$dir" "tests/data/broken_dirs/$(basename "$dir")" "$work"
    local status=$?
    local stderr
    stderr=$(cat "$work/stderr.log")
    echo "$stderr"
    [[ $status -eq 1 ]] || fail "exit status $status, expected 1"
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

# The same revisions in two directories (files copied in opposite orders) give byte-identical output.
deterministic() {
    local generator=$1 dir=$2 work=$3 cmake=$4
    rm -rf "$work"
    mkdir -p "$work/a" "$work/b"
    local files
    files=$(cd "$dir" && ls -1 -- *.sql)
    for f in $files; do cp -- "$dir/$f" "$work/a/$f"; done
    for f in $(echo "$files" | sort -r); do cp -- "$dir/$f" "$work/b/$f"; done
    run_generator "$generator" "$work/a" tests/data/good_dir "$work/out1" || fail "first run: $(cat "$work/out1/stderr.log")"
    run_generator "$generator" "$work/b" tests/data/good_dir "$work/out2" || fail "second run: $(cat "$work/out2/stderr.log")"
    for f in $(outputs); do
        "$cmake" -E compare_files "$work/out1/gen/$f" "$work/out2/gen/$f" || fail "$f differs between the two runs"
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

mode=${1:-}
shift || true
case $mode in
    expect-error) [[ $# -eq 4 ]] || fail "usage"; expect_error "$@" ;;
    deterministic) [[ $# -eq 4 ]] || fail "usage"; deterministic "$@" ;;
    written-if-changed) [[ $# -eq 3 ]] || fail "usage"; written_if_changed "$@" ;;
    no-absolute-paths) [[ $# -eq 4 ]] || fail "usage"; no_absolute_paths "$@" ;;
    *) fail "unknown mode '$mode'" ;;
esac
