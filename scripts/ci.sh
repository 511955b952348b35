#!/usr/bin/env bash
# What CI runs (.ci/run): the formatting and size checks (.clang-format; files of at most 400 lines,
# functions of at most 60), the README's test command, then the tests again built with AddressSanitizer
# and UndefinedBehaviorSanitizer (preset asan), then each fuzz
# target for FUZZ_SECONDS (default 60). The history store's contract suite (ctest label `contract`) runs
# with the tests. Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --fuzz

took() { echo "ci: $1 took $((SECONDS - $2)) s"; }

start=$SECONDS
bash scripts/check_format.sh
python3 scripts/check_sizes.py
took "scripts/check_format.sh and scripts/check_sizes.py" "$start"

start=$SECONDS
bash scripts/test.sh
took "scripts/test.sh (build and every test)" "$start"

start=$SECONDS
cmake --preset asan
cmake --build --preset asan
# Left out under the sanitizers: the consumer and package tests build their own copies of retort
# without them, and the corpus and differential suites replay the same code paths at scale (they ran
# above, unsanitized); every unit, integration and fault test runs.
ctest --preset asan -E '^(consumer_.*|package_deb|corpus|schema_corpus|alembic_differential)$'
took "the asan preset (build and its tests)" "$start"

start=$SECONDS
bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
took "scripts/fuzz.sh (build and three targets)" "$start"
