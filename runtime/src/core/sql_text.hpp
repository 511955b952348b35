// Quoting for SQL that retort builds itself: identifiers and string literals, without a connection
// (the script of `--sql` has none), exactly as libpq's PQescapeIdentifier and PQescapeLiteral would.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// Quotes an identifier the way PQescapeIdentifier does: double quotes, inner quotes doubled.
std::string quote_identifier(std::string_view name);

// Quotes a string literal for a server with standard_conforming_strings on (PostgreSQL's default since
// 9.1): single quotes, inner quotes doubled; an E'' literal when the text holds a backslash, so that
// the result is also right where the setting is off.
std::string quote_literal(std::string_view text);

}  // namespace retort
