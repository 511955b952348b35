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

std::string quote_literal(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    quote_literal_to(text, [&out](std::string_view part) { out.append(part); });
    return out;
}

}  // namespace retort
