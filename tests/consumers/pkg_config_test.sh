#!/usr/bin/env bash
# retort.pc: a program built with `pkg-config --cflags --libs retort` against the installed tree, no CMake.
#
#   pkg_config_test.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
source "$(dirname "$0")/consumer_build.sh"

export PKG_CONFIG_PATH=$(echo "$prefix"/lib*/pkgconfig)
[[ -f $PKG_CONFIG_PATH/retort.pc ]] || fail "no retort.pc installed under $prefix"
[[ $(pkg-config --modversion retort) == 0.2.0 ]] || fail "pkg-config --modversion retort: $(pkg-config --modversion retort)"
flags=$(pkg-config --cflags --libs retort) || fail "pkg-config --cflags --libs retort"
echo "pkg-config --cflags --libs retort: $flags"
# The prefix is where the file is, not where it was built: the tree can move.
[[ $flags == *"-I$prefix/"* ]] || fail "the include folder is not under $prefix"

# shellcheck disable=SC2086 # the flags are words
"$cxx" -std=c++20 -o "$work/tiny" "$(dirname "$0")/pkg_config/main.cpp" $flags $linker_flags >"$work/log" 2>&1 ||
    { cat "$work/log"; fail "the program did not build from pkg-config's flags"; }
"$work/tiny" >"$work/out" 2>&1 || { cat "$work/out"; fail "the program failed"; }
cat "$work/out"
grep -qx "retort 0.2.0" "$work/out" || fail "the program did not print the runtime's version"
echo "PASS"
