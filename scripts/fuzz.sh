#!/usr/bin/env bash
# Builds the fuzz preset (clang-14, libFuzzer, ASan, UBSan) and runs each fuzz target for SECONDS
# (default 60) on a seed corpus made of tests/data/ and migrations/ (tests/fuzz/seeds/targets for the
# target parser, plus tests/fuzz/seeds/sql_split for the splitter against PostgreSQL's parser):
#   scripts/fuzz.sh [SECONDS]
# A finding stops the run with libFuzzer's report; the input that caused it is kept under
# build/fuzz/findings/ and belongs, once fixed, in tests/fuzz/regressions/<target>/ with a unit test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

work=build/fuzz/corpus
findings=build/fuzz/findings
mkdir -p "$findings"
declare -A seeds=(
    [revision_file]="tests/data migrations"
    [sql_lexer]="tests/data migrations"
    [targets]="tests/fuzz/seeds/targets"
    [sql_split]="tests/data migrations tests/fuzz/seeds/sql_split"
)
for target in revision_file sql_lexer targets sql_split; do
    mkdir -p "$work/$target"
    echo "fuzz: $target for ${seconds} s"
    # The first directory collects what libFuzzer finds worth keeping; the seed directories are only read.
    # -timeout: one input taking 10 s is a hang. Regressions are read too, so a fixed finding stays fixed.
    regressions=()
    [[ -d tests/fuzz/regressions/$target ]] && regressions=("tests/fuzz/regressions/$target")
    # shellcheck disable=SC2086
    dictionary=()
    [[ -f tests/fuzz/$target.dict ]] && dictionary=("-dict=tests/fuzz/$target.dict")
    build/fuzz/tests/fuzz/fuzz_$target "$work/$target" ${seeds[$target]} "${regressions[@]}" "${dictionary[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/$target-" 2>"build/fuzz/$target.log" || {
        tail -n 60 "build/fuzz/$target.log" >&2
        echo "fuzz: $target found a problem; the input is in $findings/" >&2
        exit 1
    }
    grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE" "build/fuzz/$target.log" | sed "s/^/fuzz: $target: /"
done
echo "fuzz: no finding in ${seconds} s per target"
