#!/usr/bin/env bash
# CPack from the build tree: the Debian package holds the tool, the generator, the libraries, the
# headers, the CMake package and retort.pc, and declares its dependencies; the tarball holds the same
# tree; a project builds against the unpacked .deb with find_package and with pkg-config.
#
#   package_test.sh BUILD_DIR WORK CMAKE_GENERATOR CXX_COMPILER [LINKER_FLAGS]
set -u
build_dir=$1  # consumer_build.sh takes it as its PREFIX; the prefix is set below
source "$(dirname "$0")/consumer_build.sh"
packages=$work/packages

cpack -G "DEB;TGZ" --config "$build_dir/CPackConfig.cmake" -B "$packages" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack"; }
deb=$(echo "$packages"/retort_0.2.0_*.deb)
tgz=$(echo "$packages"/retort-0.2.0-*.tar.gz)
[[ -f $deb ]] || fail "no retort_0.2.0_<arch>.deb in $(ls "$packages")"
[[ -f $tgz ]] || fail "no retort-0.2.0-<system>.tar.gz in $(ls "$packages")"

dpkg-deb -c "$deb" | awk '{print $6}' >"$work/deb-files"
expect_file() { grep -qx -- "$1" "$work/deb-files" || fail "the .deb lacks $1"; }
for f in ./usr/bin/retort ./usr/bin/retort_generator ./usr/include/retort/retort.hpp \
    ./usr/include/retort/migrator.hpp ./usr/lib/pkgconfig/retort.pc ./usr/lib/cmake/retort/retortConfig.cmake \
    ./usr/lib/cmake/retort/retortConfigVersion.cmake ./usr/lib/cmake/retort/retortTargets.cmake \
    ./usr/lib/cmake/retort/RetortMigrations.cmake ./usr/lib/cmake/retort/FindPgQuery.cmake; do
    expect_file "$f"
done
for layer in core directory driver store app cli sql scratch schema; do expect_file "./usr/lib/libretort_$layer.a"; done
# Only retort's public headers: none of the headers that sit beside the sources.
grep -E '^\./usr/include/' "$work/deb-files" | grep -vE '^\./usr/include/(retort/([a-z_]+\.hpp)?)?$' &&
    fail "the .deb installs headers outside include/retort/"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libpq5 libfmt9 libssl3 libpq-dev libfmt-dev libssl-dev libpg-query-dev cmake pkg-config; do
    [[ ", $depends," == *", $dep "* || ", $depends," == *", $dep,"* ]] || fail "Depends lacks $dep"
    [[ $(grep -o ", $dep[ ,]" <<<", $depends," | wc -l) -eq 1 ]] || fail "Depends names $dep twice"
done
[[ $(dpkg-deb -f "$deb" Package) == retort && $(dpkg-deb -f "$deb" Version) == 0.2.0 ]] ||
    fail "package name or version: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"

tar -tzf "$tgz" >"$work/tgz-files"
for f in bin/retort bin/retort_generator lib/libretort_core.a lib/pkgconfig/retort.pc include/retort/retort.hpp \
    lib/cmake/retort/retortConfig.cmake; do
    grep -qE "^[^/]+/$f\$" "$work/tgz-files" || fail "the tarball lacks $f"
done

# The unpacked .deb is a usable prefix: a project with find_package(retort 0.2) bakes and runs.
root=$work/root
dpkg-deb -x "$deb" "$root"
"$root/usr/bin/retort" --help >/dev/null || fail "the packaged tool does not run"
prefix=$root/usr
mkdir -p "$project/migrations"
cat >"$project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(packaged LANGUAGES CXX)
find_package(retort 0.2 CONFIG REQUIRED)
retort_add_migrations(app_db DIRECTORY migrations)
CMAKE
printf -- '-- colours\n-- Revision ID: a1a1a1a1a1a1\n-- Revises:\n\n-- +upgrade\nCREATE TABLE colour (name text);\n\n-- +downgrade\nDROP TABLE colour;\n' \
    >"$project/migrations/0001_colour.sql"
configure
build
expect_built
"$build/app_db" heads >"$work/out" 2>&1 || { cat "$work/out"; fail "app_db heads"; }
grep -qF a1a1a1a1a1a1 "$work/out" || fail "app_db heads: $(cat "$work/out")"
echo "PASS"
