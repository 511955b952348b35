// Whether an expression is volatile (a new value per row, so a column default made of it rewrites the
// table), judged from the functions it calls: PostgreSQL's built-ins by their declared volatility; any
// other function may be volatile (CREATE FUNCTION's default), so it counts as one.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>

#include "sql/json.hpp"

namespace retort::sql {

struct volatile_call {
    std::string function;   // as written, e.g. "clock_timestamp" or "app.next_code"
    bool known = true;      // false: neither a built-in the linter knows nor created by the revisions
    bool declared = false;  // created by an earlier revision, VOLATILE (declared, or by default)
};

// The first call in `expr` that is volatile or of unknown volatility; nullopt when every call is known to
// be stable or immutable (constants, casts, operators and now() are). `declared` holds the functions that
// the revisions created (name as relation_key writes it -> volatile).
std::optional<volatile_call> find_volatile_call(const json::value& expr,
                                                const std::unordered_map<std::string, bool>& declared = {});

}  // namespace retort::sql
