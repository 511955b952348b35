// The only code that calls libpg_query (PostgreSQL's own parser, PostgreSQL 15's grammar): parse trees as
// JSON values, statement boundaries, and the parser's errors with their positions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/json.hpp"

namespace retort::sql::pg {

// A syntax error as the server reports it.
struct parse_error {
    std::string message;
    int cursor = 0;  // 1-based position in characters (UTF-8 continuation bytes do not count); 0: none
};

// One statement as the parser delimits it: from the end of the previous statement's semicolon (white space
// and comments before the statement included) to its own semicolon (excluded). Byte offsets.
struct statement_span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct split_result {
    std::vector<statement_span> statements;
    std::optional<parse_error> error;
};

// Splits `sql` into statements with the parser (not its scanner alone), so a syntax error anywhere fails
// the whole text. `sql` must not hold a NUL byte (the parser reads a C string).
split_result split(std::string_view sql);

struct parse_result {
    json::value tree;  // {"version": ..., "stmts": [{"stmt": {"<NodeType>": {...}}, ...}]}
    std::optional<parse_error> error;
};

// Parses `sql` into libpg_query's JSON tree; `sql` must not hold a NUL byte.
parse_result parse(std::string_view sql);

// The version of PostgreSQL whose grammar the parser has, e.g. "15.1".
std::string_view grammar_version() noexcept;

}  // namespace retort::sql::pg
