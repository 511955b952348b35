# FindPgQuery: libpg_query, PostgreSQL's parser as a C library (Debian: libpg-query-dev).
#
# Debian ships neither a CMake package nor a pkg-config file for it, so this module looks for the header
# and the library itself. The static library is preferred: binaries then carry the parser and need no
# libpg_query at run time.
#
# Imported target:
#   PgQuery::PgQuery   the library with its include directory (and the threads library it uses)
# Result variables:
#   PgQuery_FOUND, PgQuery_INCLUDE_DIR, PgQuery_LIBRARY, PgQuery_VERSION (PostgreSQL's version of the grammar,
#   e.g. 15.1)
# Hints: PgQuery_ROOT (a prefix), or PgQuery_INCLUDE_DIR and PgQuery_LIBRARY set in the cache.
find_path(PgQuery_INCLUDE_DIR NAMES pg_query.h)
find_library(PgQuery_LIBRARY NAMES libpg_query.a pg_query)

if(PgQuery_INCLUDE_DIR AND EXISTS "${PgQuery_INCLUDE_DIR}/pg_query.h")
  file(STRINGS "${PgQuery_INCLUDE_DIR}/pg_query.h" _pg_query_version REGEX "^#define PG_VERSION \"[^\"]+\"")
  string(REGEX REPLACE "^#define PG_VERSION \"([^\"]+)\".*" "\\1" PgQuery_VERSION "${_pg_query_version}")
  unset(_pg_query_version)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PgQuery REQUIRED_VARS PgQuery_LIBRARY PgQuery_INCLUDE_DIR
                                  VERSION_VAR PgQuery_VERSION
                                  REASON_FAILURE_MESSAGE "install Debian's libpg-query-dev (scripts/setup.sh does)")

if(PgQuery_FOUND AND NOT TARGET PgQuery::PgQuery)
  find_package(Threads REQUIRED)
  add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
  set_target_properties(PgQuery::PgQuery PROPERTIES
    IMPORTED_LOCATION "${PgQuery_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PgQuery_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(PgQuery_INCLUDE_DIR PgQuery_LIBRARY)
