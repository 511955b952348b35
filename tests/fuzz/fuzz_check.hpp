// The promises the fuzz targets check besides crashes: a broken one aborts, which libFuzzer reports with
// the input that broke it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "retort/error.hpp"

namespace retort::fuzz {

inline void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz check failed: %s\n", what);
        std::abort();
    }
}

// `part` is a view into `whole` (or empty).
inline void require_within(std::string_view part, std::string_view whole, const char* what) {
    if (part.empty()) return;
    const bool inside = part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
    if (!inside) {
        std::fprintf(stderr, "fuzz check failed: a %s is not a view into its input\n", what);
        std::abort();
    }
}

// Every diagnostic names a line of `text` (or 0, the whole file; or one past the last line, where a
// missing part would have stood).
inline void require_lines_within(const diagnostics& diags, std::string_view text) {
    std::size_t lines = 1;
    for (char c : text) lines += c == '\n' ? 1U : 0U;
    for (const auto& d : diags.all()) require(d.line <= lines + 1, "a diagnostic points past the end of the input");
}

}  // namespace retort::fuzz
