// Classifies statements by their first words (see transaction_block.hpp).
#include "core/transaction_block.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace retort {

namespace {

// Skips whitespace, `--` comments and (nested) `/* */` comments from `at`.
std::size_t skip_space(std::string_view sql, std::size_t at) {
    while (at < sql.size()) {
        if (std::isspace(static_cast<unsigned char>(sql[at])) != 0) {
            ++at;
        } else if (sql.substr(at, 2) == "--") {
            at = std::min(sql.find('\n', at), sql.size());
        } else if (sql.substr(at, 2) == "/*") {
            int depth = 0;
            do {
                if (sql.substr(at, 2) == "/*")
                    ++depth, at += 2;
                else if (sql.substr(at, 2) == "*/")
                    --depth, at += 2;
                else
                    ++at;
            } while (depth > 0 && at < sql.size());
        } else {
            break;
        }
    }
    return at;
}

// The first `count` words of the statement, upper-cased (a word: letters, digits, underscores).
std::vector<std::string> first_words(std::string_view sql, std::size_t count) {
    std::vector<std::string> words;
    std::size_t at = skip_space(sql, 0);
    while (words.size() < count && at < sql.size()) {
        std::string word;
        while (at < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[at])) != 0 || sql[at] == '_'))
            word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[at++])));
        if (word.empty()) break;  // a quoted name, a parenthesis: the head of the statement is over
        words.push_back(std::move(word));
        at = skip_space(sql, at);
    }
    return words;
}

bool is_one_of(const std::string& word, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), word) != list.end();
}

}  // namespace

bool may_run_in_transaction_block(std::string_view statement_sql) {
    const auto words = first_words(statement_sql, 6);
    if (words.empty()) return false;
    const std::string& first = words.front();
    if (is_one_of(first, {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE",
                          "VACUUM", "CLUSTER", "REINDEX", "CALL", "DO", "DISCARD", "CHECKPOINT"}))
        return false;
    if (std::find(words.begin(), words.end(), "CONCURRENTLY") != words.end()) return false;
    if (is_one_of(first, {"CREATE", "DROP", "ALTER"}) && words.size() > 1 &&
        is_one_of(words[1], {"DATABASE", "TABLESPACE", "SUBSCRIPTION", "SYSTEM"}))
        return false;
    return true;
}

}  // namespace retort
