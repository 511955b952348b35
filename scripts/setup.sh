#!/usr/bin/env bash
# Installs what retort needs to build and test on Debian 12 (run as root, or with sudo available).
# Installs only the packages that are missing, so a second run costs a second.
#   setup.sh          what scripts/test.sh needs
#   setup.sh --fuzz   also clang-14 and its libFuzzer runtime, for scripts/fuzz.sh, and clang-format (14)
#                     for scripts/check_format.sh (CI runs both)
#   setup.sh --bench  also what bench/run.sh uses beyond the tests: gnuplot for its plot, GNU time,
#                     perf and valgrind for profiles
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config libpq-dev libssl-dev libfmt-dev libboost-test-dev libpg-query-dev
          postgresql postgresql-contrib python3-alembic python3-psycopg2 pgbouncer)
if [[ ${1:-} == --fuzz ]]; then
    packages+=(clang-14 libclang-rt-14-dev clang-format)
elif [[ ${1:-} == --bench ]]; then
    packages+=(gnuplot-nox time linux-perf valgrind)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a cluster of its own on install; retort's tests and example use throwaway clusters.
if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q online; then
  "${as_root[@]}" pg_ctlcluster --force "$(pg_lsclusters -h | awk 'NR==1{print $1}')" main stop || true
fi
