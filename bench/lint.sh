#!/usr/bin/env bash
# retort's parse-and-lint benchmark: the generator over 10,000 generated revisions (docs/lint.md).
#
# usage: bash bench/lint.sh [--count N] [--runs R] [--docs]
#   --count N  revisions to generate (default 10000)
#   --runs R   timed runs per mode (default 5); the median is reported
#   --docs     rewrite the figures in docs/lint.md (between its lint-bench markers)
#
# Builds retort_generator (preset default), writes N revisions with bench/workload.py (tables, columns,
# indexes, data, views, plpgsql functions, checks; each with its downgrade) and times the whole generator
# run: reading the files, checksums and the graph, PostgreSQL's parser over every statement (twice: the
# section for the split comparison, each statement for its tree), the linter over every revision (none is
# locked), and writing the table. `--lint off` times the same run with the parse checks but no rules. The
# real Lemmy history (../shared/corpus/lemmy) is timed too when it is there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=10000 runs=5 docs=no
while [ $# -gt 0 ]; do
  case $1 in
    --count) count=$2; shift ;;
    --runs) runs=$2; shift ;;
    --docs) docs=yes ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "bench/lint.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ $count =~ ^[0-9]+$ && $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench/lint.sh: --count and --runs take numbers" >&2; exit 2; }

cd "$root"
cmake --preset default >/dev/null
cmake --build --preset default --target retort_generator >/dev/null
generator=$root/build/default/generator/retort_generator
work=$root/build/bench/lint
mkdir -p "$work"
python3 bench/workload.py --count "$count" --out "$work/revisions" --seed 14

# time_generator DIR LABEL MODE: the median wall time of RUNS generator runs, in seconds; the findings of
# the last run in $work/<label>.<mode>.log.
time_generator() {
  local dir=$1 label=$2 mode=$3
  python3 - "$generator" "$dir" "$label" "$mode" "$runs" "$work" <<'PY'
import statistics, subprocess, sys, time
generator, directory, label, mode, runs, work = sys.argv[1:]
out = f"{work}/out.{label}.{mode}"
command = [generator, "--dir", directory, "--label", label, "--name", "bench", "--namespace", "bench",
           "--version-table", "alembic_version", "--header-include", "bench/revisions.hpp",
           "--source", f"{out}/revisions.cpp", "--header", f"{out}/revisions.hpp", "--main", f"{out}/main.cpp",
           "--lint", mode]
times = []
for _ in range(int(runs)):
    start = time.perf_counter()
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True)
    times.append(time.perf_counter() - start)
    if done.returncode not in (0, 3, 11):
        sys.exit(f"bench/lint.sh: the generator failed ({done.returncode}): {done.stderr[-2000:]}")
open(f"{work}/{label}.{mode}.log", "w").write(done.stderr)
print(f"{statistics.median(times):.3f} {min(times):.3f}")
PY
}

report=$work/report.md
{
  echo "| input | revisions | statements | LINT warning (median, min) | LINT off: parse checks only (median, min) |"
  echo "|---|---:|---:|---:|---:|"
  inputs=("generated:$work/revisions")
  [[ -d $root/../shared/corpus/lemmy ]] && inputs+=("lemmy:$root/../shared/corpus/lemmy")
  for input in "${inputs[@]}"; do
    label=${input%%:*} dir=${input#*:}
    revisions=$(find "$dir" -maxdepth 1 -name '*.sql' | wc -l)
    read -r lint_median lint_min < <(time_generator "$dir" "$label" warning)
    read -r off_median off_min < <(time_generator "$dir" "$label" off)
    statements=$(grep -c ';' <(cat "$dir"/*.sql) || true)
    echo "| $label | $revisions | ~$statements | ${lint_median} s (${lint_min} s) | ${off_median} s (${off_min} s) |"
  done
} >"$report"
cat "$report"
echo "(statements: lines with a semicolon, an estimate; findings of the last runs: $work/*.log)"

if [[ $docs == yes ]]; then
  python3 - "$root/docs/lint.md" "$report" "bash bench/lint.sh --count $count --runs $runs --docs" <<'PY'
import re, sys, platform, os
doc, report, command = sys.argv[1:]
text = open(doc).read()
block = (f"<!-- lint-bench: begin (written by `{command}`) -->\n" + open(report).read() +
         "\nTarget: parse plus lint of the 10,000 generated revisions in the generator under 2 s.\n"
         f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}.\n"
         "<!-- lint-bench: end -->")
text, n = re.subn(r"<!-- lint-bench: begin.*?<!-- lint-bench: end -->", lambda m: block, text, flags=re.S)
if n != 1:
    sys.exit("bench/lint.sh: docs/lint.md has no lint-bench markers")
open(doc, "w").write(text)
PY
  echo "bench/lint.sh: docs/lint.md updated"
fi
