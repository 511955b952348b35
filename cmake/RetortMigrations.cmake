# retort_add_migrations: compile a directory of retort revision files into C++ targets.
#
# Available after add_subdirectory(<retort>) and after find_package(retort CONFIG).
#
# retort_add_migrations(<name>
#                       DIRECTORY <dir>
#                       [NAMESPACE <ns>]
#                       [VERSION_TABLE <table>]
#                       [LOCKFILE <file>]
#                       [SEEDS <dir>]
#                       [LINT error|warning|off]
#                       [LINT_RULES <rule>=<level>...]
#                       [DECLARED <file-or-dir>]
#                       [ALLOW_MULTIPLE_HEADS]
#                       [ROUNDTRIP_TEST [REQUIRE_DOWNGRADE]])
#
# Arguments:
#   <name>         Names the targets; a C identifier ([A-Za-z_][A-Za-z0-9_]*).
#   DIRECTORY      The folder holding the revision files (*.sql, not recursive). Relative paths are
#                  taken from CMAKE_CURRENT_SOURCE_DIR.
#   NAMESPACE      C++ namespace of the generated accessor (default: <name>), e.g. app::db.
#   VERSION_TABLE  The version table (default: alembic_version).
#   LOCKFILE       The lock file (default: <dir>/retort.lock; relative paths are taken from
#                  CMAKE_CURRENT_SOURCE_DIR). Optional: while it does not exist nothing is checked.
#   SEEDS          A folder of seed files (*.sql, not recursive; docs/seeds.md), baked in beside the
#                  revisions. Relative paths are taken from CMAKE_CURRENT_SOURCE_DIR. Optional.
#   LINT           What the linter's findings on revisions not yet in the lock file do (docs/lint.md):
#                  warning (the default) prints warnings and fails the build on errors; error fails it on
#                  warnings too; off runs no lint rule. PostgreSQL's parser checks every statement in all
#                  three: a syntax error always fails the build at file:line:column.
#   LINT_RULES     Changes single rules: <rule>=error, <rule>=warning, <rule>=info (not printed by the
#                  build) or <rule>=off, e.g. LINT_RULES drop-column=error prefer-bigint=off.
#   DECLARED       The declared schema (docs/autogenerate.md): a .sql file or a directory of them that the
#                  migrations at head must produce exactly. Relative paths are taken from
#                  CMAKE_CURRENT_SOURCE_DIR. Optional; adds <name>_declared_check.
#   ALLOW_MULTIPLE_HEADS  <name>_verify and <name>_verify_strict accept several heads.
#   ROUNDTRIP_TEST Registers the CTest <name>_roundtrip (`<name> roundtrip`): on a scratch database, upgrade
#                  to head, downgrade to base (the schema must be empty again), upgrade again (the schema
#                  must equal the first upgrade's), run the seeds twice (the rows must not change). It uses
#                  the server RETORT_TEST_DATABASE_URL names (it creates and drops a database there) or,
#                  unset, a throwaway server from the local PostgreSQL binaries. Call enable_testing()
#                  first. A revision without a downgrade ends the round trip after the upgrade and passes,
#                  unless REQUIRE_DOWNGRADE is given.
#
# Creates:
#   <name>_revisions  static library: the baked table and the header <name>/revisions.hpp, which
#                     declares `const retort::baked::table& <ns>::revisions() noexcept;`; link it as
#                     <name>::revisions (an alias, so that a typo fails at configure time)
#   <name>            the migration CLI with the revisions baked in (heads, history, upgrade, ...); also
#                     <name>::<name>
#   <name>_upgrade, <name>_downgrade, <name>_current, <name>_history, <name>_heads, <name>_check
#                     custom targets (not part of ALL) that run the CLI; the database comes from
#                     DATABASE_URL or libpq's PG* variables. <name>_downgrade goes back one revision
#                     (downgrade -1).
#   <name>_lock       adds the revisions that are not yet locked to the lock file (creates it).
#   <name>_seed       runs `<name> seed` (with SEEDS only): the seeds that are due.
#   <name>_verify, <name>_verify_strict
#                     run `<name> check --offline` (and `--strict`) against the lock file as it was at
#                     build time: fail on several heads, and with _strict on unlocked revisions. For CI;
#                     not part of ALL, no database.
#   <name>_declared_check  (with DECLARED) runs `<name> check --declared <DECLARED>`: fails (exit 12) when
#                     the migrations at head do not produce exactly the declared schema, printing the
#                     changes. For CI; not part of ALL. Scratch databases go to RETORT_DEV_URL when set,
#                     else to a throwaway PostgreSQL started from the local server binaries.
#
# Adding, removing or editing a revision file or a seed file, or creating, changing or deleting the lock
# file, regenerates the table on the next build; a build with no change does not run the generator. A
# broken revision or seed file (a seed requiring an unknown revision, too), a SQL syntax error, and a
# locked revision that was edited or deleted, fail the build with file:line; so do lint errors (LINT).
# docs/lockfile.md describes the lock file.
#
# Example:
#   find_package(retort CONFIG REQUIRED)
#   retort_add_migrations(app_db DIRECTORY migrations NAMESPACE app::db)
#   target_link_libraries(server PRIVATE app_db::revisions retort::runtime)
function(retort_add_migrations name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "ALLOW_MULTIPLE_HEADS;ROUNDTRIP_TEST;REQUIRE_DOWNGRADE" "DIRECTORY;NAMESPACE;VERSION_TABLE;LOCKFILE;SEEDS;LINT;DECLARED"
                        "LINT_RULES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "retort_add_migrations(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "retort_add_migrations: '${name}' is not a valid name; use [A-Za-z_][A-Za-z0-9_]*")
  endif()
  if(NOT arg_DIRECTORY)
    message(FATAL_ERROR "retort_add_migrations(${name}): DIRECTORY is required")
  endif()
  if(NOT arg_NAMESPACE)
    set(arg_NAMESPACE "${name}")
  endif()
  if(NOT arg_NAMESPACE MATCHES "^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$")
    message(FATAL_ERROR "retort_add_migrations(${name}): NAMESPACE '${arg_NAMESPACE}' is not a C++ namespace")
  endif()
  if(NOT arg_VERSION_TABLE)
    set(arg_VERSION_TABLE alembic_version)
  endif()
  if(NOT arg_VERSION_TABLE MATCHES "^[A-Za-z_][A-Za-z0-9_]*$" OR arg_VERSION_TABLE MATCHES "^.{64}")
    message(FATAL_ERROR "retort_add_migrations(${name}): VERSION_TABLE '${arg_VERSION_TABLE}' must be a plain "
                        "identifier of at most 63 characters")
  endif()
  cmake_path(ABSOLUTE_PATH arg_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  if(NOT IS_DIRECTORY "${arg_DIRECTORY}")
    message(FATAL_ERROR "retort_add_migrations(${name}): DIRECTORY '${arg_DIRECTORY}' does not exist")
  endif()

  if(NOT arg_LOCKFILE)
    set(arg_LOCKFILE "${arg_DIRECTORY}/retort.lock")
  endif()
  cmake_path(ABSOLUTE_PATH arg_LOCKFILE BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)

  if(arg_SEEDS)
    cmake_path(ABSOLUTE_PATH arg_SEEDS BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    if(NOT IS_DIRECTORY "${arg_SEEDS}")
      message(FATAL_ERROR "retort_add_migrations(${name}): SEEDS '${arg_SEEDS}' does not exist")
    endif()
  endif()

  _retort_lint_arguments(${name} "${arg_LINT}" "${arg_LINT_RULES}" lint_arguments)
  _retort_generate(${name} "${arg_DIRECTORY}" "${arg_NAMESPACE}" "${arg_VERSION_TABLE}" "${arg_LOCKFILE}"
                   "${arg_SEEDS}" "${lint_arguments}")
  _retort_add_cli_targets(${name} "${arg_LOCKFILE}" ${arg_ALLOW_MULTIPLE_HEADS})
  if(arg_SEEDS)
    add_custom_target(${name}_seed COMMAND ${name} seed USES_TERMINAL VERBATIM)
  endif()
  if(arg_DECLARED)
    cmake_path(ABSOLUTE_PATH arg_DECLARED BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    if(NOT EXISTS "${arg_DECLARED}")
      message(FATAL_ERROR "retort_add_migrations(${name}): DECLARED '${arg_DECLARED}' does not exist")
    endif()
    add_custom_target(${name}_declared_check COMMAND ${name} check --declared "${arg_DECLARED}" USES_TERMINAL VERBATIM)
  endif()
  _retort_add_roundtrip_test(${name} "${arg_ROUNDTRIP_TEST}" "${arg_REQUIRE_DOWNGRADE}")
endfunction()

# The round trip is the CLI's `roundtrip` command; CMake only registers it.
function(_retort_add_roundtrip_test name roundtrip require_downgrade)
  if(require_downgrade AND NOT roundtrip)
    message(FATAL_ERROR "retort_add_migrations(${name}): REQUIRE_DOWNGRADE goes with ROUNDTRIP_TEST")
  endif()
  if(NOT roundtrip)
    return()
  endif()
  set(options "")
  if(require_downgrade)
    set(options --require-downgrade)
  endif()
  add_test(NAME ${name}_roundtrip COMMAND ${name} roundtrip ${options})
  # A throwaway server takes a few seconds to start; a loaded CI machine, more.
  set_tests_properties(${name}_roundtrip PROPERTIES TIMEOUT 600)
endfunction()

# How generated code names a file or folder of the project: relative to the project, never an absolute
# path, so that the generated source is the same on every machine.
function(_retort_label path out_var)
  cmake_path(RELATIVE_PATH path BASE_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE label)
  if(label MATCHES "^\\.\\./" OR label STREQUAL "")
    cmake_path(GET path FILENAME label)
  endif()
  set(${out_var} "${label}" PARENT_SCOPE)
endfunction()

# The generator's --lint and --lint-rules from LINT and LINT_RULES, checked here so that a typo fails at
# configure time (the generator checks the rule ids themselves).
function(_retort_lint_arguments name lint rules out_var)
  if(lint STREQUAL "")  # not if(NOT lint): "off" is false to if()
    set(lint warning)
  endif()
  if(NOT lint MATCHES "^(error|warning|off)$")
    message(FATAL_ERROR "retort_add_migrations(${name}): LINT must be error, warning or off, not '${lint}'")
  endif()
  set(arguments --lint ${lint})
  if(rules)
    foreach(rule IN LISTS rules)
      if(NOT rule MATCHES "^[a-z0-9-]+=(error|warning|info|off)$")
        message(FATAL_ERROR "retort_add_migrations(${name}): LINT_RULES entry '${rule}' is not <rule>=error, "
                            "<rule>=warning, <rule>=info or <rule>=off")
      endif()
    endforeach()
    string(REPLACE ";" "," joined "${rules}")
    list(APPEND arguments --lint-rules "${joined}")
  endif()
  set(${out_var} "${arguments}" PARENT_SCOPE)
endfunction()

# Runs the generator at build time; outputs land in <build>/retort/<name>/.
function(_retort_generate name dir namespace version_table lockfile seeds lint_arguments)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/retort/${name}")
  # CONFIGURE_DEPENDS: adding or removing a revision file re-runs the glob at build time.
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.sql")
  _retort_label("${dir}" label)
  # The lock file may not exist. A glob on its exact name notices when it is created or deleted (a
  # missing file in DEPENDS would stop ninja), and the command names it only while it exists, so that
  # deleting it changes the command and regenerates the table without it.
  file(GLOB lock_present CONFIGURE_DEPENDS "${lockfile}")
  set(lock_arguments "")
  if(lock_present)
    cmake_path(GET lockfile PARENT_PATH lock_dir)
    if(lock_dir STREQUAL dir)
      cmake_path(GET lockfile FILENAME lock_name)
      set(lock_label "${label}/${lock_name}")
    else()
      _retort_label("${lockfile}" lock_label)
    endif()
    set(lock_arguments --lockfile "${lockfile}" --lockfile-label "${lock_label}")
  endif()
  # Seeds: the same glob, so that adding or removing a seed file regenerates the table too.
  set(seed_sources "")
  set(seed_arguments "")
  if(seeds)
    file(GLOB seed_sources CONFIGURE_DEPENDS "${seeds}/*.sql")
    _retort_label("${seeds}" seeds_label)
    set(seed_arguments --seeds "${seeds}" --seeds-label "${seeds_label}")
  endif()
  add_custom_command(
    OUTPUT "${out}/include/${name}/revisions.hpp" "${out}/revisions.cpp" "${out}/main.cpp"
    COMMAND retort::generator
            --dir "${dir}" --label "${label}" --name "${name}" --namespace "${namespace}"
            --version-table "${version_table}" --header-include "${name}/revisions.hpp"
            --header "${out}/include/${name}/revisions.hpp" --source "${out}/revisions.cpp"
            --main "${out}/main.cpp" ${lock_arguments} ${seed_arguments} ${lint_arguments}
    DEPENDS retort::generator ${sources} ${lock_present} ${seed_sources}
    COMMENT "retort: compiling the migrations in ${label}"
    VERBATIM)

  add_library(${name}_revisions STATIC "${out}/revisions.cpp")
  add_library(${name}::revisions ALIAS ${name}_revisions)
  target_include_directories(${name}_revisions PUBLIC "${out}/include")
  target_link_libraries(${name}_revisions PUBLIC retort::core)
  target_compile_features(${name}_revisions PUBLIC cxx_std_20)

  add_executable(${name} "${out}/main.cpp")
  add_executable(${name}::${name} ALIAS ${name})
  target_link_libraries(${name} PRIVATE ${name}_revisions retort::runtime)
endfunction()

function(_retort_add_cli_targets name lockfile allow_multiple_heads)
  foreach(command IN ITEMS upgrade current history heads check)
    add_custom_target(${name}_${command} COMMAND ${name} ${command} USES_TERMINAL VERBATIM)
  endforeach()
  add_custom_target(${name}_downgrade COMMAND ${name} downgrade -1 USES_TERMINAL VERBATIM)
  # The binary knows the revisions as built; the build before it has already refused edited ones.
  add_custom_target(${name}_lock COMMAND ${name} lock --lockfile "${lockfile}" USES_TERMINAL VERBATIM)
  set(heads "")
  if(allow_multiple_heads)
    set(heads --allow-multiple-heads)
  endif()
  add_custom_target(${name}_verify COMMAND ${name} check --offline ${heads} USES_TERMINAL VERBATIM)
  add_custom_target(${name}_verify_strict COMMAND ${name} check --offline --strict ${heads} USES_TERMINAL VERBATIM)
endfunction()
