#!/usr/bin/env bash
# retort's benchmark: the one command behind docs/benchmarks.md.
#
# usage: bash bench/run.sh [--quick | --smoke] [--port P] [--no-docs] [--no-durable] [--no-autogenerate] [--no-large]
#   (default)  N = 100, 1,000 and 10,000 (5, 5 and 3 runs; Alembic once at 10,000), then the upgrades
#              at N = 100 and 1,000 (3 runs) on a durable server over TCP, then autogenerate against
#              migra, then one 200 MB revision and seed (bench/large_revision.py); writes the results into
#              docs/benchmarks.md and docs/benchmarks.png
#   --quick    N = 100 and 1,000 (3 runs each), the durable server at N = 1,000 (1 run); results only
#              under build/bench/results/quick/ (a few minutes)
#   --smoke    N = 20, one run: shows that every part works
#   --port P   port of the throwaway PostgreSQL (default 55600; the durable one uses P + 1)
#   --disk     keep its data under build/bench/ even when /dev/shm (tmpfs) has room for it
#   --no-docs  leave docs/ alone
#   --no-durable, --no-autogenerate, --no-large  leave out those parts
#   --runs "N:R[:A] ..."  other sizes and runs (R runs, A of them with Alembic), e.g. "100:3 1000:3 10000:1"
# Peers: Alembic (Debian's python3-alembic) and dbmate (`npm install dbmate` into build/bench/dbmate,
# run through its Go binary: the npm package's node wrapper adds about a second per command); a peer
# that cannot be installed keeps its column empty.
#
# Steps: install what is missing (scripts/setup.sh --bench), generate the workloads (bench/workload.py),
# build one baked binary per N through a small CMake project that adds this repository with
# add_subdirectory() (Release), start a throwaway PostgreSQL (tests/pg/pg_cluster.sh), measure
# (bench/measure.py), write the table and the plot (bench/report.py). Everything lands in build/bench/;
# the server is stopped and removed on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=/usr/bin/python3

given="$*"
mode=full port=55600 docs=yes disk=no durable=yes autogenerate=yes large=yes runs_override=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --port) port=$2; shift ;;
    --port=*) port=${1#--port=} ;;
    --no-docs) docs=no ;;
    --disk) disk=yes ;;
    --no-durable) durable=no ;;
    --no-autogenerate) autogenerate=no ;;
    --no-large) large=no ;;
    --runs) runs_override=$2; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $mode in
  # Alembic runs once at 10,000: its downgrade base alone takes over a minute there, and `current` 50 s.
  full) sizes=(100:5 1000:5 10000:3:1); durable_sizes=(100:3 1000:3); repeats=10; large_mb=200 ;;
  quick) sizes=(100:3 1000:3); durable_sizes=(1000:1); repeats=5; docs=no; autogenerate=no; large_mb=20 ;;
  smoke) sizes=(20:1); durable_sizes=(20:1); repeats=2; docs=no; autogenerate=no; large_mb=1 ;;
esac
if [ -n "$runs_override" ]; then
  read -r -a sizes <<<"$runs_override"
fi
command_line="bash bench/run.sh${given:+ $given}"

work=$root/build/bench
results=$work/results/$mode
mkdir -p "$work/src" "$results"

bash "$root/scripts/setup.sh" --bench
alembic=(--no-alembic)
if "$python" -c 'import alembic, psycopg2' 2>/dev/null; then
  alembic=()
else
  echo "bench/run.sh: Alembic (python3-alembic, python3-psycopg2) is not installed; its column is skipped" >&2
fi
dbmate=()
if [ ! -x "$work/dbmate/node_modules/.bin/dbmate" ] && command -v npm >/dev/null; then
  echo "bench: installing dbmate with npm into $work/dbmate" >&2
  mkdir -p "$work/dbmate"
  (cd "$work/dbmate" && npm install --no-audit --no-fund --silent dbmate >/dev/null) ||
    echo "bench/run.sh: npm install dbmate failed; its column is skipped" >&2
fi
dbmate_bin=$(find "$work/dbmate/node_modules/@dbmate" -path '*/bin/dbmate' -type f 2>/dev/null | head -1 || true)
if [ -n "$dbmate_bin" ]; then
  dbmate=(--dbmate "$dbmate_bin")
else
  echo "bench/run.sh: dbmate is not installed (npm); its column is skipped" >&2
fi

echo "bench: generating the workloads" >&2
cmake_lists="cmake_minimum_required(VERSION 3.25)
project(retort_bench LANGUAGES CXX)
add_subdirectory(\"$root\" retort EXCLUDE_FROM_ALL)"
for spec in "${sizes[@]}"; do
  n=${spec%%:*}
  w=$work/src/w$n
  "$python" "$root/bench/workload.py" --count "$n" --branchy --out "$w/revisions" --psql "$w/psql" \
    --alembic "$w/alembic" --dbmate "$w/dbmate"
  cmake_lists+="
retort_add_migrations(bench_n$n DIRECTORY w$n/revisions NAMESPACE bench::n$n)"
done
# Rewritten only when it changes, so that a second run rebuilds nothing.
if [ "$(cat "$work/src/CMakeLists.txt" 2>/dev/null)" != "$cmake_lists" ]; then
  printf '%s\n' "$cmake_lists" > "$work/src/CMakeLists.txt"
fi

echo "bench: building the baked binaries (Release)" >&2
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  >"$results/configure.log" || { cat "$results/configure.log" >&2; exit 1; }
cmake --build "$work/build" -j2 >"$results/build.log" || { tail -40 "$results/build.log" >&2; exit 1; }
# The tool itself (retort --dir), for the large revision: a file that size is not baked.
cmake --build "$work/build" -j2 --target retort_tool >>"$results/build.log" ||
  { tail -40 "$results/build.log" >&2; exit 1; }

# On tmpfs the server's own work is what gets measured: on ext4, creating the files of new relations
# took most of the server's CPU and varied twofold between identical runs.
cluster=$work/pg
if [ "$disk" = no ] && [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -gt 4000000 ]; then
  cluster=/dev/shm/retort-bench-$port
fi
durable_cluster=$work/pg-durable durable_port=$((port + 1))
stop_cluster() {
  bash "$root/tests/pg/pg_cluster.sh" stop "$cluster" "$port" >/dev/null 2>&1 || true
  bash "$root/tests/pg/pg_cluster.sh" stop "$durable_cluster" "$durable_port" >/dev/null 2>&1 || true
}
trap stop_cluster EXIT
bash "$root/tests/pg/pg_cluster.sh" start "$cluster" "$port" >&2

size_args=()
for spec in "${sizes[@]}"; do size_args+=(--size "$spec"); done
"$python" "$root/bench/measure.py" --work "$work" --cluster "$cluster" --port "$port" "${size_args[@]}" \
  --repeats "$repeats" "${alembic[@]}" "${dbmate[@]}" --command "$command_line" --out "$results/results.json"
large_args=()
if [ "$large" = yes ]; then
  echo "bench: a large revision and seed of $large_mb MB (bench/large_revision.py)" >&2
  "$python" "$root/bench/large_revision.py" --retort "$work/build/retort/runtime/retort" --cluster "$cluster" \
    --port "$port" --work "$work" --mb "$large_mb" ${dbmate_bin:+--dbmate "$dbmate_bin"} --out "$results/large.json"
  large_args=(--large "$results/large.json")
fi
bash "$root/tests/pg/pg_cluster.sh" stop "$cluster" "$port" >/dev/null 2>&1 || true

report=(--markdown "$results/results.md" --plot "$results/time_vs_n.png" "${large_args[@]}")
# As production runs it: data on disk, fsync, synchronous_commit and full_page_writes on, clients over TCP
# with a password. Only the upgrades from empty and the downgrades: what durability changes.
if [ "$durable" = yes ]; then
  echo "bench: the durable server (disk, fsync on, TCP)" >&2
  PG_CLUSTER_DURABLE=1 PG_CLUSTER_LISTEN=127.0.0.1 bash "$root/tests/pg/pg_cluster.sh" start "$durable_cluster" \
    "$durable_port" >&2
  PGHOST=$durable_cluster/socket PGPORT=$durable_port PGUSER=postgres psql -X -q -d postgres \
    -c "ALTER USER postgres PASSWORD 'bench'"
  durable_args=()
  for spec in "${durable_sizes[@]}"; do durable_args+=(--size "$spec"); done
  "$python" "$root/bench/measure.py" --work "$work" --cluster "$durable_cluster" --port "$durable_port" \
    "${durable_args[@]}" --lean --tcp-password bench "${alembic[@]}" "${dbmate[@]}" --dbmate-full-rollback 0 \
    --command "$command_line" --out "$results/durable.json"
  bash "$root/tests/pg/pg_cluster.sh" stop "$durable_cluster" "$durable_port" >/dev/null 2>&1 || true
  report+=(--durable "$results/durable.json")
fi
if [ "$autogenerate" = yes ] && command -v npm >/dev/null; then
  echo "bench: autogenerate against migra (bench/autogenerate.sh)" >&2
  bash "$root/bench/autogenerate.sh" --no-corpus --runs 3 --sizes "100 1000" --port $((port + 2)) >/dev/null &&
    report+=(--autogenerate "$work/autogenerate/results.md")
fi
[ "$docs" = yes ] && report+=(--docs "$root/docs/benchmarks.md" --docs-plot "$root/docs/benchmarks.png")
"$python" "$root/bench/report.py" "$results/results.json" "${report[@]}"
echo "bench: results in $results/results.md" >&2
