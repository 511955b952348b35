// The generator's SQL checks: PostgreSQL's parser over every statement, the split comparison, and the
// linter over the revisions the lock file does not hold (docs/lint.md).
#pragma once

#include <iosfwd>
#include <map>
#include <string>

#include "core/status.hpp"
#include "retort/catalog.hpp"

namespace retort::generator {

// Runs retort::sql::check_catalog on `c` with the options in `args` (`lint`: off, warning or error, default
// warning; `lint-rules`: rule=level entries) and prints every error and warning to `err` as
// file:line:column: severity: message [rule]. Returns ok; invalid_input for a syntax error, a split
// mismatch or a malformed directive; lint for an error-level lint finding; usage for bad options.
status check_sql(const catalog& c, const std::map<std::string, std::string>& args, std::ostream& err);

}  // namespace retort::generator
