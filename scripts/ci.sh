#!/usr/bin/env bash
# What CI runs (.ci/run): the README's test command, then every test again built with AddressSanitizer
# and UndefinedBehaviorSanitizer (preset asan), then each fuzz target for FUZZ_SECONDS (default 60).
# Prints how long each part took.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --fuzz

took() { echo "ci: $1 took $((SECONDS - $2)) s"; }

start=$SECONDS
bash scripts/test.sh
took "scripts/test.sh (build and every test)" "$start"

start=$SECONDS
cmake --preset asan
cmake --build --preset asan
ctest --preset asan
took "the asan preset (build and every test)" "$start"

start=$SECONDS
bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
took "scripts/fuzz.sh (build and three targets)" "$start"
