// JSON string literals, shared by the CLI's JSON output and the linter's JSON and SARIF renderings.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// `text` as a JSON string literal: quotes, backslashes and control characters escaped; UTF-8 passes
// through unchanged.
std::string json_string(std::string_view text);

}  // namespace retort
