#!/usr/bin/env bash
# Autogenerate's benchmark: retort's diff-and-generate against migra (npm @pgkit/migra) on the same two
# databases, and both tools' correctness on every 10th step of the Lemmy history.
#
# usage: bash bench/autogenerate.sh [--runs R] [--sizes "100 1000 5000"] [--no-corpus] [--port P]
#   FROM empty -> TO N tables for each size (every table: a bigserial key, four more columns, a foreign
#   key to the one before, an index, a comment; a view every 10 tables), and FROM 1,000 tables -> TO the
#   same with one column added. Each timing is the median of R runs (default 3) of the whole command,
#   connection and catalog reads included: `schema_tool diff FROM TO` (retort::schema's reader, differ
#   and planner) and `migra run FROM TO --unsafe`.
# Installs migra with npm into build/bench/autogenerate/npm (never needed by the build or the tests),
# starts a throwaway PostgreSQL (tests/pg/pg_cluster.sh, unix socket only) and removes it on exit.
# Results: build/bench/autogenerate/results.md (the tables of docs/autogenerate.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3 sizes="100 1000 5000" corpus=yes port=55610
while [[ $# -gt 0 ]]; do
    case $1 in
    --runs) runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --no-corpus) corpus=no ;;
    --port) port=$2; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "bench/autogenerate.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
work=$root/build/bench/autogenerate
mkdir -p "$work"
results=$work/results.md

cmake --preset default >/dev/null
cmake --build --preset default --target schema_tool >/dev/null
tool=$root/build/default/tests/schema/schema_tool
if [[ ! -x $work/npm/node_modules/.bin/migra ]]; then
    echo "bench: installing @pgkit/migra with npm" >&2
    mkdir -p "$work/npm"
    (cd "$work/npm" && npm install --no-audit --no-fund --silent @pgkit/migra >/dev/null)
fi
migra=$work/npm/node_modules/.bin/migra

cluster=/tmp/retort-bench-autogenerate-$port
bash "$root/tests/pg/pg_cluster.sh" start "$cluster" "$port" >/dev/null
trap 'bash "$root/tests/pg/pg_cluster.sh" stop "$cluster" "$port" >/dev/null 2>&1 || true' EXIT
export PGHOST=$cluster/socket PGPORT=$port PGUSER=postgres PGDATABASE=postgres
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
url() { echo "postgresql:///$1?host=$PGHOST&port=$PGPORT&user=postgres"; }

# The schema of N tables (and, with $2, one more column on table 500).
schema() {
    local n=$1 extra=${2:-}
    for ((i = 1; i <= n; i++)); do
        local ref=""
        ((i > 1)) && ref=", parent_id bigint REFERENCES t_$((i - 1)) (id)"
        echo "CREATE TABLE t_$i (id bigserial PRIMARY KEY, name text NOT NULL, created timestamptz NOT NULL DEFAULT now(), amount numeric(12,2), status varchar(20) DEFAULT 'new'$ref);"
        echo "CREATE INDEX t_${i}_name ON t_$i (name);"
        echo "COMMENT ON TABLE t_$i IS 'table $i';"
        ((i % 10 == 0)) && echo "CREATE VIEW v_$i AS SELECT id, name FROM t_$i WHERE amount > 0;"
    done
    [[ -n $extra ]] && echo "ALTER TABLE t_500 ADD COLUMN note text;"
    return 0
}
database() {
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1 TEMPLATE template0" >/dev/null
    schema "${@:2}" | psql_ -d "$1" >/dev/null
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}
measure() { # label from to
    local ours theirs
    ours=$(for ((r = 0; r < runs; r++)); do seconds "$tool" diff "dbname=$2" "dbname=$3"; done | median)
    theirs=$(for ((r = 0; r < runs; r++)); do seconds "$migra" run "$(url "$2")" "$(url "$3")" --unsafe; done | median)
    printf '| %s | %.2f s | %.2f s | %.1fx |\n' "$1" "$ours" "$theirs" "$(awk -v a="$theirs" -v b="$ours" 'BEGIN {print a / b}')" | tee -a "$results"
}

{
    echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, PostgreSQL $(psql -Atc 'SHOW server_version'), @pgkit/$(cd "$work/npm" && npm ls @pgkit/migra 2>/dev/null | grep -o 'migra@[0-9.]*'); median of $runs runs."
    echo
    echo "| case | retort | migra | retort faster |"
    echo "|---|---|---|---|"
} >"$results"
psql_ -d postgres -c "DROP DATABASE IF EXISTS bench_empty" -c "CREATE DATABASE bench_empty TEMPLATE template0" >/dev/null
for n in $sizes; do
    echo "bench: $n tables" >&2
    database "bench_$n" "$n"
    measure "empty -> $n tables" bench_empty "bench_$n"
done
echo "bench: one column on 1,000 tables" >&2
[[ " $sizes " == *" 1000 "* ]] || database bench_1000 1000
database bench_1000_col 1000 column
measure "1,000 tables, one column added" bench_1000 bench_1000_col

if [[ $corpus == yes ]]; then
    echo "bench: correctness on every 10th Lemmy step (retort and migra)" >&2
    {
        echo
        echo '```'
        bash "$root/tests/schema/corpus_autogenerate.sh" "$tool" "$root/../shared/corpus/lemmy" --every 10 --migra "$migra" \
            --log "$work/corpus.log" 2>/dev/null | grep -v NOTICE || true
        echo '```'
    } >>"$results"
fi
cat "$results"
