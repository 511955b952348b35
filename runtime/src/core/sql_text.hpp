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

// The same literal, handed to `out` (a callable taking std::string_view) in parts, in order: runs of the
// text between quotes go as views of it, so that a history row's 200 MB section is never copied whole.
template <class Out>
void quote_literal_to(std::string_view text, Out&& out) {
    const bool backslash = text.find('\\') != std::string_view::npos;
    const std::string_view special = backslash ? std::string_view("'\\") : std::string_view("'");
    out(backslash ? std::string_view("E'") : std::string_view("'"));
    for (std::size_t from = 0;;) {
        // Without backslashes, find() of one character (memchr) rather than find_first_of's loop.
        const std::size_t at = backslash ? text.find_first_of(special, from) : text.find('\'', from);
        if (at == std::string_view::npos) {
            out(text.substr(from));
            break;
        }
        // The special character twice: the run up to and with it, then it again.
        out(text.substr(from, at + 1 - from));
        out(text.substr(at, 1));
        from = at + 1;
    }
    out(std::string_view("'"));
}

}  // namespace retort
