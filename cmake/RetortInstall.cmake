# Install rules and the package config, so that consumers can find_package(retort CONFIG). Only the
# public headers (runtime/include/retort/, each library's FILE_SET HEADERS) are installed.
include(CMakePackageConfigHelpers)

install(TARGETS retort_core retort_directory retort_driver retort_store retort_app retort_cli retort_runtime
                retort_sql retort_scratch retort_schema retort_generator retort_tool
        EXPORT retortTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT retortTargets NAMESPACE retort:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/retortConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/retortConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/retortConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/retortConfig.cmake ${PROJECT_BINARY_DIR}/retortConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/RetortMigrations.cmake ${PROJECT_SOURCE_DIR}/cmake/FindPgQuery.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/retort)

include(${PROJECT_SOURCE_DIR}/cmake/RetortPackaging.cmake)
