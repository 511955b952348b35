# retort_add_migrations: compile a directory of retort revision files into C++ targets.
#
# Available after add_subdirectory(<retort>) and after find_package(retort CONFIG).
#
# retort_add_migrations(<name>
#                       DIRECTORY <dir>
#                       [NAMESPACE <ns>]
#                       [VERSION_TABLE <table>])
#
# Arguments:
#   <name>         Names the targets; a C identifier ([A-Za-z_][A-Za-z0-9_]*).
#   DIRECTORY      The folder holding the revision files (*.sql, not recursive). Relative paths are
#                  taken from CMAKE_CURRENT_SOURCE_DIR.
#   NAMESPACE      C++ namespace of the generated accessor (default: <name>), e.g. app::db.
#   VERSION_TABLE  The version table (default: alembic_version).
#
# Creates:
#   <name>_revisions  static library: the baked table and the header <name>/revisions.hpp, which
#                     declares `const retort::baked::table& <ns>::revisions() noexcept;`
#   <name>            the migration CLI with the revisions baked in (heads, history, upgrade, ...)
#   <name>_upgrade, <name>_downgrade, <name>_current, <name>_history, <name>_heads, <name>_check
#                     custom targets (not part of ALL) that run the CLI; the database comes from
#                     DATABASE_URL or libpq's PG* variables. <name>_downgrade goes back one revision
#                     (downgrade -1).
#
# Adding, removing or editing a revision file regenerates the table on the next build; a build with
# no change does not run the generator. A broken revision file fails the build with file:line.
#
# Example:
#   find_package(retort CONFIG REQUIRED)
#   retort_add_migrations(app_db DIRECTORY migrations NAMESPACE app::db)
#   target_link_libraries(server PRIVATE app_db_revisions retort::runtime)
function(retort_add_migrations name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIRECTORY;NAMESPACE;VERSION_TABLE" "")
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

  _retort_generate(${name} "${arg_DIRECTORY}" "${arg_NAMESPACE}" "${arg_VERSION_TABLE}")
  _retort_add_cli_targets(${name})
endfunction()

# Runs the generator at build time; outputs land in <build>/retort/<name>/.
function(_retort_generate name dir namespace version_table)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/retort/${name}")
  # CONFIGURE_DEPENDS: adding or removing a revision file re-runs the glob at build time.
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.sql")
  # The label that names files inside the table: relative to the project, never an absolute path,
  # so the generated source is the same on every machine.
  cmake_path(RELATIVE_PATH dir BASE_DIRECTORY "${PROJECT_SOURCE_DIR}" OUTPUT_VARIABLE label)
  if(label MATCHES "^\\.\\./" OR label STREQUAL "")
    cmake_path(GET dir FILENAME label)
  endif()
  add_custom_command(
    OUTPUT "${out}/include/${name}/revisions.hpp" "${out}/revisions.cpp" "${out}/main.cpp"
    COMMAND retort::generator
            --dir "${dir}" --label "${label}" --name "${name}" --namespace "${namespace}"
            --version-table "${version_table}" --header-include "${name}/revisions.hpp"
            --header "${out}/include/${name}/revisions.hpp" --source "${out}/revisions.cpp"
            --main "${out}/main.cpp"
    DEPENDS retort::generator ${sources}
    COMMENT "retort: compiling the migrations in ${label}"
    VERBATIM)

  add_library(${name}_revisions STATIC "${out}/revisions.cpp")
  target_include_directories(${name}_revisions PUBLIC "${out}/include")
  target_link_libraries(${name}_revisions PUBLIC retort::core)
  target_compile_features(${name}_revisions PUBLIC cxx_std_20)

  add_executable(${name} "${out}/main.cpp")
  target_link_libraries(${name} PRIVATE ${name}_revisions retort::runtime)
endfunction()

function(_retort_add_cli_targets name)
  foreach(command IN ITEMS upgrade current history heads check)
    add_custom_target(${name}_${command} COMMAND ${name} ${command} USES_TERMINAL VERBATIM)
  endforeach()
  add_custom_target(${name}_downgrade COMMAND ${name} downgrade -1 USES_TERMINAL VERBATIM)
endfunction()
