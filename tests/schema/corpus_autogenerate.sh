#!/usr/bin/env bash
# Autogenerate over a real history: for each step k of a corpus (lemmy/), retort autogenerates from
# the schema of revisions 1..k-1 to a schema-only pg_dump of revisions 1..k (the declared file), and
# the result is judged the way migra's was: the upgrade applied to a database at step k-1 must give
# step k's pg_dump exactly, and the downgrade applied to a database at step k must give step k-1's.
#
#   corpus_autogenerate.sh SCHEMA_TOOL CORPUS_DIR [--every N] [--migra MIGRA_COMMAND] [--log FILE]
#
# --every N   only steps 1, 1+N, 1+2N, ... (CI runs a sample; without it every step runs)
# --from K    start at step K (the walk still runs from the start)
# --migra CMD also runs `CMD run FROM_URL TO_URL --unsafe` on the same databases and counts it the same way
# --log FILE  the pg_dump differences of every miss
# --min-up N, --min-down N   fail (exit 1) when fewer upgrades or downgrades are exact (a regression)
# The walk stops at the first revision the server refuses (on PostgreSQL 15, lemmy's 0248 uses 16's
# syntax). Needs PG* variables of a server where it may create databases. Exit 77 without a corpus.
set -euo pipefail

tool=${1:?usage: $0 SCHEMA_TOOL CORPUS_DIR [--every N] [--migra CMD] [--log FILE]}
corpus=${2:?usage: $0 SCHEMA_TOOL CORPUS_DIR [--every N] [--migra CMD] [--log FILE]}
shift 2
every=1
first=1
migra=""
log=/dev/null
min_up=0
min_down=0
while [[ $# -gt 0 ]]; do
    case $1 in
    --every) every=$2; shift 2 ;;
    --from) first=$2; shift 2 ;;
    --migra) migra=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --min-up) min_up=$2; shift 2 ;;
    --min-down) min_down=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
if ! compgen -G "$corpus/*.sql" >/dev/null; then
    echo "SKIP: no corpus in $corpus"
    exit 77
fi
: >"$log"

tmp=$(mktemp -d)
prefix="retort_corpus_$$"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    for db in $(psql_ -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'"); do
        psql_ -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

section() {
    awk -v want="$2" '
        /^--[ \t]*\+upgrade[ \t]*$/   { on = (want == "upgrade"); next }
        /^--[ \t]*\+downgrade[ \t]*$/ { on = (want == "downgrade"); next }
        on' "$1"
}
header() { sed -n "s/^-- $2:[ \t]*//p" "$1" | head -n 1 | tr -d '\r'; }
dump() {
    pg_dump --schema-only --no-owner --no-privileges -d "$1" |
        grep -v '^--\|^SET \|^SELECT pg_catalog.set_config\|^\\restrict \|^\\unrestrict ' | cat -s
}
fresh() {
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 TEMPLATE template0" >/dev/null
    if [[ -n ${2:-} && -s $2 ]]; then psql_ -d "$1" -f "$2" >/dev/null; fi
}
url() { echo "postgresql:///$1?host=${PGHOST:-/var/run/postgresql}&port=${PGPORT:-5432}&user=${PGUSER:-postgres}"; }

# The walk: every revision applied in order, a dump after each.
files=("$corpus"/*.sql)
walk=${prefix}_walk
fresh "$walk"
: >"$tmp/dump_0.sql"
ids=("base")
steps=0
for f in "${files[@]}"; do
    k=$((steps + 1))
    if ! { echo "BEGIN;"; section "$f" upgrade; printf '\n;\nCOMMIT;\n'; } | psql_ -d "$walk" >/dev/null 2>"$tmp/walk.err"; then
        echo "walk stops at step $k ($(basename "$f")): $(head -n 1 "$tmp/walk.err")"
        break
    fi
    pg_dump --schema-only --no-owner --no-privileges -d "$walk" >"$tmp/dump_$k.sql"
    ids+=("$(header "$f" "Revision ID")")
    steps=$k
done

# Compares database $1 with dump $2; "exact" or "differs" (the difference goes to the log).
judge() {
    dump "$1" >"$tmp/got.sql"
    if [[ -s $2 ]]; then
        grep -v '^--\|^SET \|^SELECT pg_catalog.set_config\|^\\restrict \|^\\unrestrict ' "$2" | cat -s >"$tmp/want.sql"
    else
        dump "${prefix}_empty" >"$tmp/want.sql"
    fi
    if cmp -s "$tmp/got.sql" "$tmp/want.sql"; then
        echo exact
    else
        { echo "== $3"; diff "$tmp/want.sql" "$tmp/got.sql" | head -n 30; } >>"$log"
        echo differs
    fi
}
fresh "${prefix}_empty"

# Applies $2 to database $1; "ok" or "failed" (the error goes to the log).
apply() {
    if psql_ -1 -d "$1" -f "$2" >/dev/null 2>"$tmp/apply.err"; then echo ok; else
        { echo "== $3"; head -n 5 "$tmp/apply.err"; } >>"$log"
        echo failed
    fi
}

declare -A count=([ours_up]=0 [ours_down]=0 [ours_verified]=0 [migra_up]=0 [migra_down]=0)
sampled=0
for ((k = first; k <= steps; k += every)); do
    sampled=$((sampled + 1))
    before=$tmp/dump_$((k - 1)).sql
    after=$tmp/dump_$k.sql
    line="step $k ${ids[$k]}:"
    # The tool exits 1 when it cannot verify its plan (and writes it anyway, as asked): judged all the same.
    status=$("$tool" autogenerate "$corpus" "${ids[$((k - 1))]}" "$after" "dbname=postgres" "$tmp/up.sql" "$tmp/down.sql" 2>&1 | tee "$tmp/tool.out" | sed -n 's/^status: //p' || true)
    [[ -n $status ]] || status="error: $(grep -m 1 'schema_tool: ' "$tmp/tool.out" || echo none)"
    [[ $status == generated || $status == nothing_to_do ]] && count[ours_verified]=$((count[ours_verified] + 1))
    grep '^problem: \|schema_tool: ' "$tmp/tool.out" | sed "s/^/== step $k: /" >>"$log" || true
    fresh "${prefix}_a" "$before"
    up=$(apply "${prefix}_a" "$tmp/up.sql" "step $k retort upgrade")
    [[ $up == ok ]] && up=$(judge "${prefix}_a" "$after" "step $k retort upgrade")
    fresh "${prefix}_b" "$after"
    down=$(apply "${prefix}_b" "$tmp/down.sql" "step $k retort downgrade")
    [[ $down == ok ]] && down=$(judge "${prefix}_b" "$before" "step $k retort downgrade")
    [[ $up == exact ]] && count[ours_up]=$((count[ours_up] + 1))
    [[ $down == exact ]] && count[ours_down]=$((count[ours_down] + 1))
    line+=" retort ($status) up $up, down $down"
    if [[ -n $migra ]]; then
        fresh "${prefix}_a" "$before"
        fresh "${prefix}_b" "$after"
        $migra run "$(url "${prefix}_a")" "$(url "${prefix}_b")" --unsafe >"$tmp/m_up.sql" 2>/dev/null || true
        $migra run "$(url "${prefix}_b")" "$(url "${prefix}_a")" --unsafe >"$tmp/m_down.sql" 2>/dev/null || true
        mup=$(apply "${prefix}_a" "$tmp/m_up.sql" "step $k migra upgrade")
        [[ $mup == ok ]] && mup=$(judge "${prefix}_a" "$after" "step $k migra upgrade")
        mdown=$(apply "${prefix}_b" "$tmp/m_down.sql" "step $k migra downgrade")
        [[ $mdown == ok ]] && mdown=$(judge "${prefix}_b" "$before" "step $k migra downgrade")
        [[ $mup == exact ]] && count[migra_up]=$((count[migra_up] + 1))
        [[ $mdown == exact ]] && count[migra_down]=$((count[migra_down] + 1))
        line+="; migra up $mup, down $mdown"
    fi
    echo "$line"
done
echo "steps: $sampled of $steps (every $every)"
echo "retort: ${count[ours_up]} of $sampled upgrades and ${count[ours_down]} of $sampled downgrades exact (pg_dump compared); ${count[ours_verified]} verified by retort itself"
[[ -n $migra ]] && echo "migra: ${count[migra_up]} of $sampled upgrades and ${count[migra_down]} of $sampled downgrades exact (pg_dump compared)"
if ((count[ours_up] < min_up || count[ours_down] < min_down)); then
    echo "FAIL: fewer exact steps than the floor (--min-up $min_up, --min-down $min_down)"
    exit 1
fi
exit 0
