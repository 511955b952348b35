#!/usr/bin/env bash
# retortConfigVersion.cmake: find_package(retort 0.2) finds the installed 0.2.x; a newer version asked for
# (0.3, 1.0) fails at configure time and names the version that was found.
#
#   version_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
source "$(dirname "$0")/consumer_build.sh"

project_asking_for() {
    printf 'cmake_minimum_required(VERSION 3.25)\nproject(versioned LANGUAGES CXX)\nfind_package(retort %s CONFIG REQUIRED)\nmessage(STATUS "found retort ${retort_VERSION}")\n' \
        "$1" >"$project/CMakeLists.txt"
    rm -rf "$build"
    cmake -S "$project" -B "$build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
        >"$work/configure.log" 2>&1
    status=$?
    echo "--- find_package(retort $1) -> $status"
    cat "$work/configure.log"
}

project_asking_for 0.2
[[ $status -eq 0 ]] || fail "find_package(retort 0.2) failed"
grep -qF "found retort 0.2.0" "$work/configure.log" || fail "retort_VERSION is not 0.2.0"

for too_high in 0.3 1.0; do
    project_asking_for $too_high
    [[ $status -ne 0 ]] || fail "find_package(retort $too_high) accepted 0.2.0"
    grep -qF "version: 0.2.0" "$work/configure.log" || fail "the error does not name the version found"
done
echo "PASS"
