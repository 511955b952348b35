// Identifier and literal quoting without a connection.
#include "core/sql_text.hpp"

namespace retort {

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

// Copies runs between quotes at once: a history row carries a whole section as a literal.
std::string quote_literal(std::string_view text) {
    const bool backslash = text.find('\\') != std::string_view::npos;
    const std::string_view special = backslash ? std::string_view("'\\") : std::string_view("'");
    std::string out;
    out.reserve(text.size() + 8);
    out += backslash ? "E'" : "'";
    for (std::size_t from = 0;;) {
        // Without backslashes, find() of one character (memchr) rather than find_first_of's loop.
        const std::size_t at = backslash ? text.find_first_of(special, from) : text.find('\'', from);
        if (at == std::string_view::npos) {
            out.append(text.substr(from));
            break;
        }
        out.append(text.substr(from, at + 1 - from)).push_back(text[at]);
        from = at + 1;
    }
    out += '\'';
    return out;
}

}  // namespace retort
