// Whether an expression is volatile (a new value per row, so a column default made of it rewrites the
// table), judged from the functions it calls: PostgreSQL's built-ins by their declared volatility; any
// other function may be volatile (CREATE FUNCTION's default), so it counts as one.
#pragma once

#include <optional>
#include <string>

#include "json.hpp"

namespace retort::sql {

struct volatile_call {
    std::string function;  // as written, e.g. "clock_timestamp" or "app.next_code"
    bool known = true;     // false: not a built-in the linter knows; it may be stable
};

// The first call in `expr` that is volatile or of unknown volatility; nullopt when every call is known to
// be stable or immutable (constants, casts, operators and now() are).
std::optional<volatile_call> find_volatile_call(const json::value& expr);

}  // namespace retort::sql
