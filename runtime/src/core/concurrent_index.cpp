// A small word scanner over the head of one statement: enough for CREATE INDEX CONCURRENTLY's grammar.
#include "core/concurrent_index.hpp"

#include <cctype>
#include <vector>

namespace retort {

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// Words, quoted identifiers and single punctuation characters, comments skipped; stops after `limit`.
std::vector<std::string> head_tokens(std::string_view sql, std::size_t limit) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < sql.size() && out.size() < limit) {
        char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (sql.substr(i, 2) == "--") {
            i = sql.find('\n', i);
            if (i == std::string_view::npos) break;
        } else if (sql.substr(i, 2) == "/*") {
            auto end = sql.find("*/", i + 2);
            if (end == std::string_view::npos) break;
            i = end + 2;
        } else if (c == '"') {
            std::size_t j = i + 1;
            while (j < sql.size() && (sql[j] != '"' || (j + 1 < sql.size() && sql[j + 1] == '"')))
                j += sql[j] == '"' ? 2 : 1;
            out.emplace_back(sql.substr(i, j + 1 - i));
            i = j + 1;
        } else if (is_word_char(c)) {
            std::size_t j = i;
            while (j < sql.size() && is_word_char(sql[j])) ++j;
            out.emplace_back(sql.substr(i, j - i));
            i = j;
        } else {
            out.emplace_back(1, c);
            ++i;
        }
    }
    return out;
}

bool keyword(const std::string& token, std::string_view word) {
    if (token.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(token[i])) != word[i]) return false;
    return true;
}

}  // namespace

std::optional<std::string> concurrently_built_index(std::string_view statement_sql) {
    auto t = head_tokens(statement_sql, 16);
    std::size_t i = 0;
    auto next_is = [&](std::string_view word) {
        if (i < t.size() && keyword(t[i], word)) return ++i, true;
        return false;
    };
    if (!next_is("CREATE")) return std::nullopt;
    next_is("UNIQUE");
    if (!next_is("INDEX") || !next_is("CONCURRENTLY")) return std::nullopt;
    if (next_is("IF") && !(next_is("NOT") && next_is("EXISTS"))) return std::nullopt;
    if (i >= t.size() || keyword(t[i], "ON")) return std::nullopt;  // unnamed: the server picks the name
    std::string name = t[i++];
    if (!next_is("ON")) return std::nullopt;
    next_is("ONLY");
    // The index lives in its table's schema.
    if (i + 2 < t.size() && t[i + 1] == ".") return t[i] + "." + name;
    return name;
}

}  // namespace retort
