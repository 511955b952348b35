#!/usr/bin/env bash
# Measures the generator at 100, 1,000 and 10,000 revisions: generator time, compile time of the
# generated source (g++ -O2), size of the linked migration binary, and the SQL size.
# usage: bench/generator.sh [BUILD_DIR]   (default build/default; build it first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/default}
work=$(mktemp -d /tmp/retort-genbench-XXXXXX)
trap 'rm -rf "$work"' EXIT

seconds() { local s=$EPOCHREALTIME; "$@" >/dev/null; echo "$EPOCHREALTIME - $s" | bc; }
libs=("$build"/runtime/libretort_runtime.a "$build"/runtime/libretort_directory.a
      "$build"/runtime/libretort_driver.a "$build"/runtime/libretort_core.a)

printf '| revisions | SQL bytes | generator (s) | generated source (bytes) | compile -O2 (s) | binary (bytes) |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'
# The last row pads every revision with a 26-row insert: 10,000 revisions and about 24 MB of SQL.
for run in 100:0 1000:0 10000:0 10000:26; do
  n=${run%:*}; pad=${run#*:}
  dir=$work/m$run; out=$work/o$run
  python3 "$root/bench/workload.py" --count "$n" --out "$dir" --branchy --pad-rows "$pad"
  sql=$(cat "$dir"/*.sql | wc -c)
  gen=$(seconds "$build/generator/retort_generator" --dir "$dir" --label migrations --name bench --namespace bench \
        --version-table alembic_version --header-include bench/revisions.hpp \
        --header "$out/include/bench/revisions.hpp" --source "$out/revisions.cpp" --main "$out/main.cpp")
  size=$(wc -c < "$out/revisions.cpp")
  comp=$(seconds g++ -std=c++20 -O2 -I"$root/runtime/include" -I"$out/include" -c "$out/revisions.cpp" -o "$out/revisions.o")
  g++ -std=c++20 -O2 -I"$root/runtime/include" -I"$out/include" -c "$out/main.cpp" -o "$out/main.o"
  g++ -o "$out/bench" "$out/main.o" "$out/revisions.o" "${libs[@]}" -lfmt -lpq -lcrypto
  bin=$(wc -c < "$out/bench")
  printf '| %d | %d | %.3f | %d | %.2f | %d |\n' \
    "$n" "$sql" "$gen" "$size" "$comp" "$bin"
done
