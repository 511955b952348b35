// Splits SQL into statements with one pass of a lexer that follows PostgreSQL's (and psql's) lexical rules.
#include "retort/sql_lexer.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

namespace retort {
namespace {

constexpr std::size_t npos = std::string_view::npos;

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr bool is_horiz_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

// PostgreSQL ends a -- comment at either line-end character.
constexpr bool is_newline(char c) noexcept { return c == '\n' || c == '\r'; }

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Bytes >= 0x80 count as letters, so UTF-8 identifiers and tags work without decoding.
constexpr bool is_ident_start(char c) noexcept {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

// A dollar-quote tag cannot hold '$' (it would end the tag), but an identifier can: a$1 is one word.
constexpr bool is_tag_cont(char c) noexcept { return is_ident_start(c) || is_digit(c); }
constexpr bool is_ident_cont(char c) noexcept { return is_tag_cont(c) || c == '$'; }

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// `lower` is an ASCII keyword in lower case.
constexpr bool is_keyword(std::string_view word, std::string_view lower) noexcept {
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

std::uint32_t count_newlines(std::string_view text) noexcept {
    return static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
}

class splitter {
public:
    splitter(std::string_view sql, std::uint32_t first_line, std::string_view file, diagnostics& diags)
        : sql_(sql), file_(file), diags_(diags), line_(first_line) {}

    std::vector<statement> run() {
        while (pos_ < sql_.size() && step()) {
        }
        if (start_ != npos) {
            finish_statement(end_, false);
        }
        return std::move(out_);
    }

private:
    // Lexes one token, comment or blank; false once the input ended inside an unterminated construct.
    bool step() {
        const char c = sql_[pos_];
        if (c == '\n') {
            ++line_;
            ++pos_;
            at_line_start_ = true;
            return true;
        }
        if (is_space(c)) {
            ++pos_;
            return true;
        }
        if (c == '-' && peek(1) == '-') {
            skip_line_comment();
            return true;
        }
        if (c == '/' && peek(1) == '*') {
            return skip_block_comment();
        }
        if (c == '\\' && at_line_start_) {
            report_meta_command();
            return true;
        }
        at_line_start_ = false;
        if (!is_ident_start(c)) {
            begin_pending_ = false;
        }
        if (c == ';' && paren_depth_ == 0 && begin_depth_ == 0) {
            ++pos_;
            if (start_ != npos) {
                finish_statement(pos_, true);
            }
            return true;
        }
        begin_token();
        const bool closed = scan_token(c);
        end_ = pos_;
        return closed;
    }

    bool scan_token(char c) {
        switch (c) {
            case '\'':
                return scan_string(false);
            case '"':
                return scan_quoted_identifier();
            case '$':
                return scan_dollar();
            case '(':
                ++paren_depth_;
                break;
            case ')':
                // psql ignores a stray ')' rather than letting it hide the next semicolon.
                paren_depth_ = std::max(paren_depth_ - 1, 0);
                break;
            default:
                if (is_ident_start(c)) {
                    return scan_word();
                }
                if (is_digit(c)) {
                    scan_number();
                    return true;
                }
                break;
        }
        ++pos_;
        return true;
    }

    char peek(std::size_t ahead) const noexcept {
        return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
    }

    void begin_token() {
        if (start_ == npos) {
            start_ = pos_;
            start_line_ = line_;
        }
        ++tokens_;
    }

    void finish_statement(std::size_t end, bool terminated) {
        out_.push_back(statement{sql_.substr(start_, end - start_), start_line_});
        const bool skip_copy_data = copy_from_stdin_ && terminated;
        if (copy_from_stdin_) {
            error(start_line_,
                  "COPY ... FROM stdin with inline data is not supported; use INSERT statements or COPY FROM a "
                  "server-side file");
        }
        if (copy_to_stdout_) {
            // The server would stream rows to a client that has nowhere to put them.
            error(start_line_, "COPY ... TO stdout is not supported: a revision has no client to receive the rows; "
                               "use COPY TO a server-side file, or SELECT");
        }
        reset_statement();
        if (skip_copy_data) {
            skip_copy_data_block();
        }
    }

    void reset_statement() {
        start_ = npos;
        tokens_ = 0;
        from_token_ = 0;
        to_token_ = 0;
        is_copy_ = false;
        copy_from_stdin_ = false;
        copy_to_stdout_ = false;
        paren_depth_ = 0;
        begin_depth_ = 0;
        begin_pending_ = false;
        routine_words_ = {};
        identifier_count_ = 0;
    }

    // The rows after COPY ... FROM stdin (up to a `\.` line) are data, not SQL; lexing them would bury the
    // one useful error under a cascade of bogus ones.
    void skip_copy_data_block() {
        if (no_copy_terminator_) {
            return;
        }
        std::size_t line_begin = sql_.find('\n', pos_);
        while (line_begin != npos) {
            ++line_begin;
            const std::size_t line_end = std::min(sql_.find('\n', line_begin), sql_.size());
            std::string_view text = sql_.substr(line_begin, line_end - line_begin);
            if (!text.empty() && text.back() == '\r') {
                text.remove_suffix(1);
            }
            if (text == "\\.") {
                const std::size_t resume = std::min(line_end + 1, sql_.size());
                line_ += count_newlines(sql_.substr(pos_, resume - pos_));
                pos_ = resume;
                at_line_start_ = true;
                return;
            }
            line_begin = line_end < sql_.size() ? line_end : npos;
        }
        // Remembered so that many COPY statements cannot make the search quadratic.
        no_copy_terminator_ = true;
    }

    void skip_line_comment() {
        while (pos_ < sql_.size() && !is_newline(sql_[pos_])) {
            ++pos_;
        }
    }

    bool skip_block_comment() {
        const std::uint32_t open_line = line_;
        at_line_start_ = false;
        pos_ += 2;
        // Unlike the SQL standard's, PostgreSQL's block comments nest.
        int depth = 1;
        while (pos_ < sql_.size()) {
            const char c = sql_[pos_];
            if (c == '/' && peek(1) == '*') {
                ++depth;
                pos_ += 2;
            } else if (c == '*' && peek(1) == '/') {
                pos_ += 2;
                if (--depth == 0) {
                    return true;
                }
            } else {
                line_ += c == '\n' ? 1U : 0U;
                ++pos_;
            }
        }
        error(open_line,
              "unterminated block comment (opened here): add the closing */ (block comments nest, so every /* "
              "needs its own */)");
        return false;
    }

    void report_meta_command() {
        std::size_t name_end = pos_ + 1;
        while (name_end < sql_.size() && !is_space(sql_[name_end]) && name_end - pos_ < 32) {
            ++name_end;
        }
        error(line_, "psql meta-command '" + std::string(sql_.substr(pos_, name_end - pos_)) +
                         "' is not supported: retort sends SQL to the server, not to psql; write the SQL itself");
        // The rest of the line is the meta-command's arguments, not SQL.
        while (pos_ < sql_.size() && sql_[pos_] != '\n') {
            ++pos_;
        }
    }

    // A '...' string, or with `backslash_escapes` an E'...' string; pos_ is on the opening quote.
    bool scan_string(bool backslash_escapes) {
        const std::uint32_t open_line = line_;
        ++pos_;
        while (pos_ < sql_.size()) {
            const char c = sql_[pos_];
            if (c == '\'') {
                if (peek(1) == '\'') {
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                const std::size_t next = backslash_escapes ? continuation_quote(pos_) : npos;
                if (next == npos) {
                    return true;
                }
                line_ += count_newlines(sql_.substr(pos_, next - pos_));
                pos_ = next + 1;
                continue;
            }
            if (c == '\\' && backslash_escapes && pos_ + 1 < sql_.size()) {
                line_ += sql_[pos_ + 1] == '\n' ? 1U : 0U;
                pos_ += 2;
                continue;
            }
            line_ += c == '\n' ? 1U : 0U;
            ++pos_;
        }
        error(open_line, backslash_escapes
                             ? "unterminated E'' string (opened here): add the closing ' (inside E'' strings "
                               "both \\' and '' stand for a quote)"
                             : "unterminated quoted string (opened here): add the closing ' (a quote inside the "
                               "string is written '')");
        return false;
    }

    // PostgreSQL glues 'a'<white space holding a newline>'b' into one literal, and the glued part of an E''
    // string keeps backslash escapes, so E'x'\n'\'' is one string. Returns the continuing quote or npos.
    std::size_t continuation_quote(std::size_t at) const noexcept {
        const auto skip_comment = [this](std::size_t i) {
            while (i < sql_.size() && !is_newline(sql_[i])) {
                ++i;
            }
            return i;
        };
        const auto comment_at = [this](std::size_t i) {
            return i + 1 < sql_.size() && sql_[i] == '-' && sql_[i + 1] == '-';
        };
        std::size_t i = at;
        while (i < sql_.size() && (is_horiz_space(sql_[i]) || comment_at(i))) {
            i = comment_at(i) ? skip_comment(i) : i + 1;
        }
        if (i >= sql_.size() || !is_newline(sql_[i])) {
            return npos;
        }
        ++i;
        while (i < sql_.size() && (is_space(sql_[i]) || comment_at(i))) {
            if (comment_at(i)) {
                i = skip_comment(i);
                if (i >= sql_.size()) {
                    return npos;
                }
            }
            ++i;
        }
        return i < sql_.size() && sql_[i] == '\'' ? i : npos;
    }

    bool scan_quoted_identifier() {
        const std::uint32_t open_line = line_;
        ++pos_;
        while (pos_ < sql_.size()) {
            const char c = sql_[pos_];
            if (c == '"') {
                if (peek(1) != '"') {
                    ++pos_;
                    return true;
                }
                pos_ += 2;
                continue;
            }
            line_ += c == '\n' ? 1U : 0U;
            ++pos_;
        }
        error(open_line,
              "unterminated quoted identifier (opened here): add the closing \" (a \" inside the identifier is "
              "written \"\")");
        return false;
    }

    // pos_ is on a '$' that does not continue a word: a parameter ($1), a dollar quote ($$, $tag$) or an
    // operator character.
    bool scan_dollar() {
        if (is_digit(peek(1))) {
            ++pos_;
            while (pos_ < sql_.size() && is_digit(sql_[pos_])) {
                ++pos_;
            }
            return true;
        }
        std::size_t tag_end = pos_ + 1;
        if (tag_end < sql_.size() && is_ident_start(sql_[tag_end])) {
            while (tag_end < sql_.size() && is_tag_cont(sql_[tag_end])) {
                ++tag_end;
            }
        }
        if (tag_end >= sql_.size() || sql_[tag_end] != '$') {
            ++pos_;
            return true;
        }
        const std::string_view tag = sql_.substr(pos_, tag_end + 1 - pos_);
        // A tag cannot contain '$', so the first occurrence of the tag is the one the server's lexer stops at.
        const std::size_t close = sql_.find(tag, tag_end + 1);
        if (close == npos) {
            error(line_, "unterminated dollar-quoted string " + std::string(tag) + " (opened here): add the closing " +
                             std::string(tag));
            // Like an unterminated string, the statement runs to the end: the rest is inside the quote.
            line_ += count_newlines(sql_.substr(pos_));
            pos_ = sql_.size();
            return false;
        }
        line_ += count_newlines(sql_.substr(pos_, close - pos_));
        pos_ = close + tag.size();
        return true;
    }

    // An identifier or keyword, or the E of an E'' string.
    bool scan_word() {
        const std::size_t begin = pos_;
        ++pos_;
        while (pos_ < sql_.size() && is_ident_cont(sql_[pos_])) {
            ++pos_;
        }
        const std::string_view word = sql_.substr(begin, pos_ - begin);
        if (pos_ < sql_.size() && sql_[pos_] == '\'' && (word == "E" || word == "e")) {
            return scan_string(true);
        }
        on_identifier(word);
        return true;
    }

    // Numbers only matter for not mistaking what follows them; `1$$x$$` is 1 then a dollar quote.
    void scan_number() {
        while (pos_ < sql_.size() && is_tag_cont(sql_[pos_])) {
            ++pos_;
        }
    }

    void on_identifier(std::string_view word) {
        track_routine_body(word);
        if (paren_depth_ != 0) {
            return;
        }
        if (tokens_ == 1) {
            is_copy_ = is_keyword(word, "copy");
        } else if (is_copy_ && is_keyword(word, "from")) {
            from_token_ = tokens_;
        } else if (is_copy_ && from_token_ != 0 && tokens_ == from_token_ + 1 && is_keyword(word, "stdin")) {
            copy_from_stdin_ = true;
        } else if (is_copy_ && is_keyword(word, "to")) {
            to_token_ = tokens_;
        } else if (is_copy_ && to_token_ != 0 && tokens_ == to_token_ + 1 && is_keyword(word, "stdout")) {
            copy_to_stdout_ = true;
        }
    }

    // psql's heuristic, so that the semicolons of a CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC ... END body
    // stay in the statement: inside such a statement, BEGIN ATOMIC (and CASE within it) opens a block END
    // closes.
    void track_routine_body(std::string_view word) {
        if (identifier_count_ < routine_words_.size() &&
            (is_keyword(word, "create") || is_keyword(word, "function") || is_keyword(word, "procedure") ||
             is_keyword(word, "or") || is_keyword(word, "replace"))) {
            routine_words_[identifier_count_] = to_lower(word[0]);
        }
        ++identifier_count_;
        const auto& w = routine_words_;
        const bool defines_routine =
            w[0] == 'c' && (w[1] == 'f' || w[1] == 'p' || (w[1] == 'o' && w[2] == 'r' && (w[3] == 'f' || w[3] == 'p')));
        if (!defines_routine || paren_depth_ != 0) {
            return;
        }
        // Only BEGIN ATOMIC opens a body: BEGIN alone may be an identifier (`SET search_path TO begin`),
        // which the server reads as one, and counting it would hide the statement's semicolon.
        const bool after_begin = begin_pending_;
        begin_pending_ = false;
        if (after_begin && is_keyword(word, "atomic")) {
            ++begin_depth_;
        } else if (is_keyword(word, "begin")) {
            begin_pending_ = true;
        } else if (is_keyword(word, "case")) {
            begin_depth_ += begin_depth_ > 0 ? 1 : 0;
        } else if (is_keyword(word, "end")) {
            begin_depth_ = std::max(begin_depth_ - 1, 0);
        }
    }

    void error(std::uint32_t line, std::string message) {
        diags_.error(std::string(file_), line, std::move(message));
    }

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

}  // namespace

std::vector<statement> split_statements(std::string_view sql, std::uint32_t first_line, std::string_view file,
                                        diagnostics& diags) {
    return splitter(sql, first_line, file, diags).run();
}

std::uint32_t line_at(const statement& st, int position) {
    std::uint32_t line = st.line;
    int character = 0;
    for (std::size_t i = 0; i < st.sql.size(); ++i) {
        if ((static_cast<unsigned char>(st.sql[i]) & 0xC0) == 0x80) continue;
        if (++character >= position) return line;
        if (st.sql[i] == '\n') ++line;
    }
    return st.line;
}

}  // namespace retort
