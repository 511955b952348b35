// Splits a section of PostgreSQL SQL into statements, the way the server's own lexer sees them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort {

// Splits `sql` at top-level semicolons. Understands single-quoted strings (with '' escapes and
// standard_conforming_strings on), E'' strings (with backslash escapes), U&'' strings, double-quoted
// identifiers, dollar quoting with optional tags ($$, $body$), -- comments and nested /* */ comments,
// so semicolons inside any of them do not split. Each statement's `sql` runs from its first token to
// its terminating semicolon (inclusive; the last statement may have none) and is a view into `sql`.
// Comments and white space between statements are not part of any statement; a section holding only
// comments yields no statement.
//
// `first_line` is the file line on which `sql` begins, so that each statement's `line` is a file line.
// Reported into `diags` (each with `file` and the line): psql meta-commands (a backslash at the start of
// a line outside any string or comment), COPY ... FROM stdin, COPY ... TO stdout, and unterminated quotes,
// identifiers, dollar-quoted strings and block comments.
std::vector<statement> split_statements(std::string_view sql, std::uint32_t first_line, std::string_view file,
                                        diagnostics& diags);

// The file line of the character at 1-based `position` in `st`, as the server reports an error's position
// (in characters of the statement text, so UTF-8 continuation bytes do not count); st.line when the
// position is 0 or beyond the statement.
std::uint32_t line_at(const statement& st, int position);

}  // namespace retort
