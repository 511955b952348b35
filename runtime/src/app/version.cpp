// The runtime's version string, fixed at build time from the project version.
#include "retort/retort.hpp"

namespace retort {

const char* version() noexcept { return RETORT_VERSION; }

}  // namespace retort
