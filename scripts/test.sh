#!/usr/bin/env bash
# Builds everything and runs every test (unit, generator, consumers, PostgreSQL integration).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake --preset default
cmake --build --preset default
ctest --preset default
