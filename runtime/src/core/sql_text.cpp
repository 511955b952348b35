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

// Copies the runs between quotes at once: a history row carries a whole section as a literal, and
// the `--sql` script writes one per revision.
std::string quote_literal(std::string_view text) {
    const bool backslash = text.find('\\') != std::string_view::npos;
    std::string out;
    out.reserve(text.size() + text.size() / 32 + 4);
    out += backslash ? "E'" : "'";
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\'' || (backslash && c == '\\')) {
            out.append(text.data() + run, i + 1 - run).push_back(c);
            run = i + 1;
        }
    }
    out.append(text.data() + run, text.size() - run).push_back('\'');
    return out;
}

}  // namespace retort
