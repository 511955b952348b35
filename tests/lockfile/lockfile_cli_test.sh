#!/usr/bin/env bash
# `retort --dir DIR check --offline` and `retort --dir DIR lock`, as an editor, a pre-commit hook or CI
# runs them: one CTest case per mode (tests/lockfile/CMakeLists.txt).
#
#   lockfile_cli_test.sh MODE TOOL GENERATOR DATA_DIR WORK
#
# DATA_DIR is tests/data; each mode works on a copy of DATA_DIR/good_dir (6 revisions, one head,
# locked in its retort.lock) under WORK.
set -u

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

mode=$1 tool=$2 generator=$3 data=$4 work=$5
dir=$work/migrations

setup() {
    rm -rf "$work"
    mkdir -p "$dir"
    cp -- "$data"/good_dir/*.sql "$data/good_dir/retort.lock" "$dir/"
}

# run_on DIR ARGS...: the tool on DIR; sets status, out, err.
run_on() {
    local d=$1
    shift
    "$tool" --dir "$d" "$@" >"$work/out" 2>"$work/err"
    status=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
    echo "\$ retort --dir $d $* -> $status"
    [[ -z $out ]] || echo "$out"
    [[ -z $err ]] || echo "$err"
}

# run ARGS...: the tool on $dir.
run() { run_on "$dir" "$@"; }

# generate DIR: the generator as the build runs it, with the directory's lock file; sets gen_status and
# gen_err (its diagnostics, without its closing line).
generate() {
    local d=$1
    "$generator" --dir "$d" --label migrations --name t --namespace t --version-table alembic_version \
        --header-include t/revisions.hpp --source "$work/gen/revisions.cpp" --header "$work/gen/revisions.hpp" \
        --main "$work/gen/main.cpp" --lockfile "$d/retort.lock" 2>"$work/gen.err"
    gen_status=$?
    gen_err=$(grep -v '^retort_generator: ' "$work/gen.err")
}

expect_status() { [[ $status -eq $1 ]] || fail "exit status $status, expected $1"; }
expect_err() { grep -qF -- "$1" "$work/err" || fail "stderr lacks: $1"; }
expect_out() { grep -qF -- "$1" "$work/out" || fail "stdout lacks: $1"; }

# id_line FILE: the line of the file's Revision ID.
id_line() { grep -n '^-- Revision ID:' "$1" | cut -d: -f1; }

add_revision() {
    local file=$1 id=$2 revises=$3
    printf -- '-- %s\n-- Revision ID: %s\n-- Revises: %s\n\n-- +upgrade\nSELECT 1;\n' "$id" "$id" "$revises" >"$dir/$file"
}

edit_customers() { sed -i 's/DROP TABLE shop.customers;/DROP TABLE shop.customers CASCADE;/' "$dir/0002_customers.sql"; }

case $mode in
broken-dir-like-the-build)
    # Every broken directory: the generator's messages and its exit status (3), for editors and hooks.
    rm -rf "$work"
    mkdir -p "$work"
    for broken in "$data"/broken_dirs/*/; do
        broken=${broken%/}
        generate "$broken"
        run_on "$broken" check --offline
        [[ $status -eq 3 && $gen_status -eq 3 ]] || fail "$broken: retort exits $status, the generator $gen_status"
        [[ $err == "$gen_err" ]] || fail "$broken: the generator's messages differ: $gen_err"
    done
    ;;
clean)
    setup
    run check --offline
    expect_status 0
    expect_out "Checked 6 revisions against $dir/retort.lock: 6 locked and unchanged, 0 edited, 0 deleted, 0 unlocked; 1 head."
    [[ -z $err ]] || fail "a clean check printed to stderr"
    run check --offline --strict
    expect_status 0
    ;;
edited)
    setup
    edit_customers
    run check --offline
    expect_status 8
    expect_err "$dir/0002_customers.sql:$(id_line "$dir/0002_customers.sql"): error: revision b2c3d4e5f6a1 was edited after it was locked; revert the edit or write a new revision (downgrade checksum locked v1:"
    expect_err "$dir/retort.lock:4: note: revision b2c3d4e5f6a1 is locked here"
    generate "$dir"
    [[ $gen_status -eq $status ]] || fail "the generator exits $gen_status, retort $status"
    [[ $gen_err == "$err" ]] || fail "the generator's messages differ: $gen_err"
    ;;
deleted)
    setup
    rm "$dir/0000_index_orders.sql"
    run check --offline
    expect_status 8
    expect_err "$dir/retort.lock:8: error: revision f6a1b2c3d4e5 is locked but no revision file has this id any more"
    generate "$dir"
    [[ $gen_status -eq $status && $gen_err == "$err" ]] || fail "the generator differs: $gen_status, $gen_err"
    ;;
unlocked)
    setup
    add_revision 0006_new.sql 0a0a0a0a0a0a f6a1b2c3d4e5
    run check --offline
    expect_status 0
    expect_err "$dir/0006_new.sql:2: note: revision 0a0a0a0a0a0a is not locked yet; \`lock\` adds it"
    expect_out "1 unlocked"
    run check --offline --strict
    expect_status 10
    expect_err "$dir/0006_new.sql:2: error: revision 0a0a0a0a0a0a is not locked; run \`lock\` and commit the lock file"
    ;;
several-heads)
    setup
    add_revision 0006_side.sql 0b0b0b0b0b0b e5f6a1b2c3d4
    "$tool" --dir "$dir" lock >/dev/null || fail "lock failed"
    run check --offline
    expect_status 10
    expect_err "error: the graph has 2 heads:"
    run check --offline --allow-multiple-heads --strict
    expect_status 0
    ;;
json)
    setup
    edit_customers
    add_revision 0006_new.sql 0a0a0a0a0a0a f6a1b2c3d4e5
    run check --offline --format json
    expect_status 8
    [[ -z $err ]] || fail "--format json printed to stderr"
    /usr/bin/python3 - "$work/out" "$dir" <<'PY' || fail "unexpected JSON"
import json, sys
text = open(sys.argv[1]).read()
d = sys.argv[2]
assert text.count("\n") == 1, "one line"
r = json.loads(text)
assert list(r) == ["command", "status", "exit_code", "lockfile", "lockfile_present", "verdict", "revisions",
                   "unchanged", "edited", "deleted", "unlocked", "heads", "diagnostics"], list(r)
assert r["command"] == "check"
assert r["lockfile"] == d + "/retort.lock" and r["lockfile_present"] is True
assert r["status"] == "edited" and r["exit_code"] == 8 and r["verdict"] == "edited"
assert r["revisions"] == 7 and r["unchanged"] == 5
[e] = r["edited"]
assert e["revision"] == "b2c3d4e5f6a1" and e["file"] == d + "/0002_customers.sql" and e["line"] == 2, e
assert e["lock_line"] == 4 and e["changed"] == ["downgrade"], e
assert e["locked"]["upgrade"] == e["now"]["upgrade"] and e["locked"]["downgrade"] != e["now"]["downgrade"], e
assert e["locked"]["parents"] == ["a1b2c3d4e5f6"] and e["locked"]["downgrade"].startswith("v1:"), e
assert r["deleted"] == []
assert r["unlocked"] == [{"revision": "0a0a0a0a0a0a", "file": d + "/0006_new.sql", "line": 2}], r["unlocked"]
assert r["heads"] == ["0a0a0a0a0a0a"]
assert [x["severity"] for x in r["diagnostics"]] == ["error", "note", "note"], r["diagnostics"]
assert r["diagnostics"][0]["file"] == e["file"] and r["diagnostics"][0]["line"] == 2
assert "was edited after it was locked" in r["diagnostics"][0]["message"]
PY
    ;;
malformed-lock)
    setup
    sed -i '4s/ up=/ upgrade=/' "$dir/retort.lock"
    run check --offline
    expect_status 3
    expect_err "$dir/retort.lock:4: error: expected \`<id> parents=<ids or -> up=<64 hex digits> down=<64 hex digits or ->\`"
    ;;
lock-and-relock)
    setup
    rm "$dir/retort.lock"
    run lock
    expect_status 0
    expect_out "Locked 6 revisions in $dir/retort.lock: "
    cmp -s "$dir/retort.lock" "$data/good_dir/retort.lock" || fail "lock wrote another file than good_dir/retort.lock"
    run lock
    expect_status 0
    expect_out "Nothing to lock: $dir/retort.lock holds every revision (6)."
    cp "$dir/retort.lock" "$work/locked"

    # An edit: lock refuses and writes nothing; --relock rewrites that line only and says what changed.
    edit_customers
    run lock
    expect_status 8
    expect_err "nothing was written to $dir/retort.lock"
    cmp -s "$dir/retort.lock" "$work/locked" || fail "lock changed the file although a locked revision was edited"
    run lock --relock b2c3
    expect_status 0
    expect_out "Relocked b2c3d4e5f6a1 in $dir/retort.lock (downgrade checksum locked v1:"
    changed=$(diff "$work/locked" "$dir/retort.lock" | grep -c '^[<>]')
    [[ $changed -eq 2 ]] || fail "relock changed more than one line: $(diff "$work/locked" "$dir/retort.lock")"
    diff "$work/locked" "$dir/retort.lock" | grep -q '^> b2c3d4e5f6a1 ' || fail "relock did not rewrite b2c3d4e5f6a1"
    run check --offline --strict
    expect_status 0

    # A new revision: added, every existing line kept.
    add_revision 0006_new.sql 0a0a0a0a0a0a f6a1b2c3d4e5
    cp "$dir/retort.lock" "$work/relocked"
    run lock
    expect_status 0
    expect_out "Locked 1 revision in $dir/retort.lock: 0a0a0a0a0a0a."
    [[ $(diff "$work/relocked" "$dir/retort.lock" | grep -c '^<') -eq 0 ]] || fail "lock removed or changed a line"
    [[ $(diff "$work/relocked" "$dir/retort.lock" | grep -c '^>') -eq 1 ]] || fail "lock added more than one line"
    ;;
*)
    fail "unknown mode '$mode'"
    ;;
esac
echo "PASS"
