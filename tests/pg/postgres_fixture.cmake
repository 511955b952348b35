# The CTest fixture `postgres`: one throwaway PostgreSQL cluster per ctest run, reachable only through
# a unix socket. Integration tests join it with retort_add_pg_test() and each work in their own database.

# Under /tmp rather than the build tree, so the postgres user (the owner when tests run as root) can
# reach it whatever the build directory's permissions are; the hash keeps build trees apart.
string(MD5 _retort_pg_hash "${CMAKE_BINARY_DIR}")
string(SUBSTRING "${_retort_pg_hash}" 0 12 _retort_pg_hash)
set(RETORT_TEST_PG_DIR "/tmp/retort-pg-${_retort_pg_hash}")
set(RETORT_TEST_PG_PORT 55432)
set(RETORT_TEST_PG_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/pg_cluster.sh")

set(RETORT_TEST_PG_ENV
    "PGHOST=${RETORT_TEST_PG_DIR}/socket"
    "PGPORT=${RETORT_TEST_PG_PORT}"
    "PGUSER=postgres"
    "PGDATABASE=postgres")

add_test(NAME postgres_start
         COMMAND bash "${RETORT_TEST_PG_SCRIPT}" start "${RETORT_TEST_PG_DIR}" ${RETORT_TEST_PG_PORT})
set_tests_properties(postgres_start PROPERTIES FIXTURES_SETUP postgres TIMEOUT 120)

add_test(NAME postgres_stop
         COMMAND bash "${RETORT_TEST_PG_SCRIPT}" stop "${RETORT_TEST_PG_DIR}" ${RETORT_TEST_PG_PORT})
set_tests_properties(postgres_stop PROPERTIES FIXTURES_CLEANUP postgres TIMEOUT 120)

# retort_add_pg_test(NAME <name> COMMAND <command> [args...]): a test that needs the running server.
function(retort_add_pg_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "COMMAND")
  if(NOT arg_NAME OR NOT arg_COMMAND)
    message(FATAL_ERROR "retort_add_pg_test: NAME and COMMAND are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "retort_add_pg_test: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  add_test(NAME ${arg_NAME} COMMAND ${arg_COMMAND})
  set_tests_properties(${arg_NAME} PROPERTIES
    FIXTURES_REQUIRED postgres
    ENVIRONMENT "${RETORT_TEST_PG_ENV}"
    TIMEOUT 300)
endfunction()
