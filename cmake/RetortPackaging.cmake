# What `cmake --install` lays out, packaged: the pkg-config file (retort.pc, for builds without CMake) and
# CPack's Debian package and tarball (`cpack -G DEB`, `cpack -G TGZ` in the build tree). docs/cmake.md
# says how to install and use them.

# retort.pc: every static library, each before the ones it uses, then what they link from the system.
set(RETORT_PC_LIBS "")
foreach(layer IN ITEMS cli app schema scratch sql directory store driver core)
  string(APPEND RETORT_PC_LIBS " -lretort_${layer}")
endforeach()
string(STRIP "${RETORT_PC_LIBS}" RETORT_PC_LIBS)
configure_file(${PROJECT_SOURCE_DIR}/cmake/retort.pc.in ${PROJECT_BINARY_DIR}/retort.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/retort.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(CPACK_PACKAGE_NAME retort)
set(CPACK_PACKAGE_VENDOR "retort")
set(CPACK_PACKAGE_CONTACT "retort maintainers <retort@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY retort)
# The prefix is each generator's default: /usr in the .deb, the archive's top folder in the tarball.
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_STRIP_FILES OFF)
# Debian: the programs need the shared libraries; the static libraries, headers and CMake package need
# the development packages that retortConfig.cmake and retort.pc find (libpg_query is linked statically).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq-dev, libfmt-dev, libssl-dev, libpg-query-dev, cmake (>= 3.25), pkg-config")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql")
# dpkg-shlibdeps finds what the programs load (libpq5, libfmt9, libssl3, libc6, libstdc++6, libgcc-s1) at
# the versions they were linked against; without it, the shared libraries are named by hand.
find_program(RETORT_DPKG_SHLIBDEPS dpkg-shlibdeps)
mark_as_advanced(RETORT_DPKG_SHLIBDEPS)
if(RETORT_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  string(PREPEND CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5, libfmt9, libssl3, ")
endif()
include(CPack)
