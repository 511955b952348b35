// The statement splitter behind split_statements() (sql_lexer.hpp): one pass over a section that
// lexes as PostgreSQL's lexer does and cuts statements at top-level semicolons. Its statement-level
// rules (boundaries, COPY, BEGIN ATOMIC bodies, meta-commands) are in sql_lexer.cpp, its token scanners
// (strings, quoted identifiers, dollar quotes, comments, words) in sql_lexer_scan.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort::lexer {

inline constexpr std::size_t npos = std::string_view::npos;

inline constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

inline constexpr bool is_horiz_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

// PostgreSQL ends a -- comment at either line-end character.
inline constexpr bool is_newline(char c) noexcept { return c == '\n' || c == '\r'; }

inline constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Bytes >= 0x80 count as letters, so UTF-8 identifiers and tags work without decoding.
inline constexpr bool is_ident_start(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

// A dollar-quote tag cannot hold '$' (it would end the tag), but an identifier can: a$1 is one word.
inline constexpr bool is_tag_cont(char c) noexcept { return is_ident_start(c) || is_digit(c); }
inline constexpr bool is_ident_cont(char c) noexcept { return is_tag_cont(c) || c == '$'; }

inline constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `lower` is an ASCII keyword in lower case.
inline constexpr bool is_keyword(std::string_view word, std::string_view lower) noexcept {
    if (word.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (to_lower(word[i]) != lower[i]) {
            return false;
        }
    }
    return true;
}

inline std::uint32_t count_newlines(std::string_view text) noexcept {
    return static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

class statement_splitter {
public:
    statement_splitter(std::string_view sql, std::uint32_t first_line, std::string_view file, diagnostics& diags)
        : sql_(sql),
          file_(file),
          diags_(diags),
          line_(first_line) {}

    std::vector<statement> run();

private:
    // Lexes one token, comment or blank; false once the input ended inside an unterminated construct.
    bool step();
    bool scan_token(char c);
    char peek(std::size_t ahead) const noexcept { return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0'; }
    void begin_token();
    void finish_statement(std::size_t end, bool terminated);
    void reset_statement();
    // The rows after COPY ... FROM stdin (up to a `\.` line) are data, not SQL; lexing them would bury the
    // one useful error under a cascade of bogus ones.
    void skip_copy_data_block();
    void skip_line_comment();
    bool skip_block_comment();
    void report_meta_command();
    // A '...' string, or with `backslash_escapes` an E'...' string; pos_ is on the opening quote.
    bool scan_string(bool backslash_escapes);
    // PostgreSQL glues 'a'<white space holding a newline>'b' into one literal, and the glued part of an E''
    // string keeps backslash escapes, so E'x'\n'\'' is one string. Returns the continuing quote or npos.
    std::size_t continuation_quote(std::size_t at) const noexcept;
    bool scan_quoted_identifier();
    // pos_ is on a '$' that does not continue a word: a parameter ($1), a dollar quote ($$, $tag$) or an
    // operator character.
    bool scan_dollar();
    // An identifier or keyword, or the E of an E'' string.
    bool scan_word();
    // Numbers only matter for not mistaking what follows them; `1$$x$$` is 1 then a dollar quote.
    void scan_number();
    void on_identifier(std::string_view word);
    // psql's heuristic, so that the semicolons of a CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC ... END body
    // stay in the statement: inside such a statement, BEGIN (and CASE within it) opens a block END closes.
    void track_routine_body(std::string_view word);
    void error(std::uint32_t line, std::string message);

    std::string_view sql_;
    std::string_view file_;
    diagnostics& diags_;
    std::size_t pos_ = 0;
    std::uint32_t line_;
    bool at_line_start_ = true;
    bool no_copy_terminator_ = false;
    // The statement being lexed.
    std::size_t start_ = npos;
    std::uint32_t start_line_ = 0;
    std::size_t end_ = 0;  // one past its last token so far, so trailing comments stay out
    std::uint32_t tokens_ = 0;
    std::uint32_t from_token_ = 0;
    std::uint32_t to_token_ = 0;
    bool is_copy_ = false;
    bool copy_from_stdin_ = false;
    bool copy_to_stdout_ = false;
    int paren_depth_ = 0;
    int begin_depth_ = 0;
    bool begin_pending_ = false;  // the last word was BEGIN: an ATOMIC next opens a body
    std::array<char, 4> routine_words_{};
    std::uint32_t identifier_count_ = 0;
    std::vector<statement> out_;
};

}  // namespace retort::lexer
