# Sourced by the consumer build tests: arguments, a fresh work folder, and builds whose log is kept.
#
#   source consumer_build.sh PREFIX WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
# sets prefix, work, generator, cxx, project (WORK/project, created empty) and build (WORK/build).
# LINKER_FLAGS: what the installed libraries need at link time (the sanitizers' runtime under asan).

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

prefix=$1 work=$2 generator=$3 cxx=$4 linker_flags=${5:-}
project=$work/project
build=$work/build
rm -rf "$work"
mkdir -p "$project"

# build [TARGET]: sets status and the log in $work/log.
build() {
    cmake --build "$build" ${1:+--target "$1"} >"$work/log" 2>&1
    status=$?
    echo "--- cmake --build ${1:-} -> $status"
    cat "$work/log"
}

expect_built() { [[ $status -eq 0 ]] || fail "the build failed"; }
expect_log() { grep -qF -- "$1" "$work/log" || fail "the build log lacks: $1"; }

# configure: the project against the installed package at $prefix.
configure() {
    cmake -S "$project" -B "$build" -G "$generator" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
        ${linker_flags:+"-DCMAKE_EXE_LINKER_FLAGS=$linker_flags"} \
        >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure"; }
}
