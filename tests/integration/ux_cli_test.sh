#!/usr/bin/env bash
# What a user sees while retort runs: the k/N counter and elapsed time on every step line, a step that
# runs over two seconds named with file:line (a line in a log, one live line on a terminal), --quiet
# and NO_COLOR, "did you mean" for mistyped commands, options, revisions and labels, a baked binary's
# help, the error when no database is configured, and `check --offline` before the first lock.
#
#   ux_cli_test.sh TOOL BAKED_BINARY WORK   (PG* name the `postgres` fixture's server)
set -u
tool=$1 baked=$2 work=$3
dir=$work/migrations
db=retort_ux_$$

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
# run ARGS...: the tool on $dir; sets status, out, err.
run() {
    "$tool" --dir "$dir" "$@" >"$work/out" 2>"$work/err"
    status=$?
    out=$(cat "$work/out") err=$(cat "$work/err")
    printf '$ retort %s -> %s\n%s\n%s\n' "$*" "$status" "$out" "$err"
}
expect_status() { [[ $status -eq $1 ]] || fail "exit status $status, expected $1"; }
expect_out() { grep -qF -- "$1" <<<"$out" || fail "stdout lacks: $1"; }
expect_err() { grep -qF -- "$1" <<<"$err" || fail "stderr lacks: $1"; }
# revision FILE ID PARENT UPGRADE [LABEL]
revision() {
    printf -- '-- %s\n-- Revision ID: %s\n-- Revises: %s\n%s\n-- +upgrade\n%s\n\n-- +downgrade\nSELECT 1;\n' \
        "${1%.sql}" "$2" "$3" "${5:+-- Branch Labels: $5}" "$4" >"$dir/$1"
}

rm -rf "$work"
mkdir -p "$dir"
revision 0001_a.sql a1a1a1a1a1a1 "" "CREATE TABLE IF NOT EXISTS a (id int);" colours
revision 0002_b.sql b2b2b2b2b2b2 a1a1a1a1a1a1 "CREATE TABLE IF NOT EXISTS b (id int);"
revision 0003_slow.sql c3c3c3c3c3c3 b2b2b2b2b2b2 "SELECT pg_sleep(2.6);"
psql -XqAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" postgres || fail "cannot create $db"
trap 'psql -XqAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null' EXIT
export PGDATABASE=$db

# Before the first lock, check --offline says so once, not once per revision.
run check --offline
expect_status 0
expect_err "retort.lock: note: no revision is locked yet (3 revisions); \`lock\` writes them all to the lock file"
[[ $(grep -c "not locked" <<<"$err") -eq 0 ]] || fail "a line per revision"

# Every step line: [k/N], its time and the time since the start. A log (not a terminal) gets a line
# naming the statement that runs over two seconds, at its file:line, with no escape sequences.
run upgrade b2b2b2b2b2b2
expect_status 0
grep -qE '^\[1/2\] Running upgrade <base> -> a1a1a1a1a1a1, 0001_a \([0-9.]+ ms, [0-9.]+ s elapsed\)$' <<<"$out" ||
    fail "no counted step line 1/2"
grep -qE '^\[2/2\] Running upgrade a1a1a1a1a1a1 -> b2b2b2b2b2b2, 0002_b \(' <<<"$out" || fail "no step line 2/2"
run upgrade
expect_status 0
expect_out "[1/1] still running upgrade c3c3c3c3c3c3: $dir/0003_slow.sql:6 (2 s so far)"
grep -qE '^\[1/1\] Running upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3, 0003_slow \(' <<<"$out" || fail "no step line"
grep -q $'\033' "$work/out" && fail "escape sequences in a log"

# --quiet: no step lines, no progress.
run downgrade base --quiet
expect_status 0
[[ -z $out ]] || fail "--quiet printed: $out"

# On a terminal: the long step is one live line, erased before the step's line; colour unless NO_COLOR.
on_terminal() { script -qec "$(printf '%q ' "$tool" --dir "$dir" "$@")" /dev/null >"$work/tty" 2>&1; }
on_terminal upgrade
cat -v "$work/tty"
grep -qF $'\r\033[K' "$work/tty" || fail "no live line on a terminal"
grep -qF $'\033[1m[3/3]\033[0m Running upgrade' "$work/tty" || fail "no coloured counter on a terminal"
grep -qF "still running upgrade c3c3c3c3c3c3: $dir/0003_slow.sql:6" "$work/tty" || fail "no live line naming the step"
"$tool" --dir "$dir" downgrade base -q || fail "downgrade"
NO_COLOR=1 on_terminal upgrade
grep -qF $'\033[1m' "$work/tty" && fail "colour although NO_COLOR is set"
grep -qF "[3/3] Running upgrade" "$work/tty" || fail "no counter under NO_COLOR"

# --single-transaction sends consecutive steps in one round trip: the long-step line names the first of
# them and says that the slow one may be after it.
"$tool" --dir "$dir" downgrade base -q || fail "downgrade"
run upgrade --single-transaction
expect_status 0
expect_out "[1/3] still running upgrade a1a1a1a1a1a1 or one of the 2 after it in the same round trip: $dir/0001_a.sql:6 (2 s so far)"
grep -qE '^\[3/3\] Running upgrade b2b2b2b2b2b2 -> c3c3c3c3c3c3, 0003_slow \(2[0-9]{3}\.[0-9] ms' <<<"$out" ||
    fail "the slow step's own time, from the server's clock"

# Did you mean: commands, options, revision ids and prefixes, branch labels.
run upgarde
expect_status 2
expect_err "unknown command 'upgarde'; run with --help for the list; did you mean 'upgrade'?"
run heads --verbsoe
expect_status 2
expect_err "unknown option '--verbsoe'; run with --help for the list; did you mean '--verbose'?"
run show b2b2b2b2b3b2
expect_status 2
expect_err "no revision 'b2b2b2b2b3b2' (not an id, a unique id prefix or a branch label); 'history' lists them; did you mean 'b2b2b2b2b2b2'?"
run show c3d3
expect_status 2
expect_err "did you mean 'c3c3c3c3c3c3'?"
run upgrade colors@head
expect_status 2
expect_err "'colors@head': no branch label or revision 'colors'; did you mean 'colours'?"
run frobnicate
expect_err "unknown command 'frobnicate'; run with --help for the list"
grep -qF "did you mean" <<<"$err" && fail "a suggestion for a word like no command"

# A baked binary lists only the commands it runs; the retort tool lists revision and merge too.
"$baked" --help >"$work/help" || fail "--help"
grep -qE '^  (revision|merge) ' "$work/help" && fail "the baked binary's help lists revision or merge"
grep -qE '^  roundtrip ' "$work/help" || fail "the baked binary's help lacks roundtrip"
"$tool" --help | grep -qE '^  revision ' || fail "the tool's help lacks revision"
"$baked" revisoin >/dev/null 2>"$work/err"
grep -qF "did you mean 'revision'" "$work/err" && fail "the baked binary suggests revision"

# Nothing names a database: the error says how to name one.
(
    unset PGHOST PGPORT PGDATABASE PGUSER DATABASE_URL
    run current
    expect_status 5
    expect_err "No database is configured, so libpq tried its default (the local socket). Set DATABASE_URL"
    expect_err "--database-url URL"
    expect_err "DATABASE_HOST"
) || exit 1
run current
expect_status 0
grep -qF "No database is configured" <<<"$err" && fail "the hint although PG* name a database"
echo "PASS"
