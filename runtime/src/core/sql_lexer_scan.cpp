// The token scanners of the statement splitter (sql_splitter.hpp): strings, quoted identifiers, dollar
// quotes, comments, words and numbers, each ending where PostgreSQL's lexer ends it.
#include <algorithm>

#include "core/sql_splitter.hpp"

namespace retort::lexer {

bool statement_splitter::scan_token(char c) {
    switch (c) {
    case '\'': return scan_string(false);
    case '"': return scan_quoted_identifier();
    case '$': return scan_dollar();
    case '(': ++paren_depth_; break;
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

void statement_splitter::skip_line_comment() {
    while (pos_ < sql_.size() && !is_newline(sql_[pos_])) {
        ++pos_;
    }
}

bool statement_splitter::skip_block_comment() {
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

// A '...' string, or with `backslash_escapes` an E'...' string; pos_ is on the opening quote.
bool statement_splitter::scan_string(bool backslash_escapes) {
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
std::size_t statement_splitter::continuation_quote(std::size_t at) const noexcept {
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

bool statement_splitter::scan_quoted_identifier() {
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
bool statement_splitter::scan_dollar() {
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
bool statement_splitter::scan_word() {
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
void statement_splitter::scan_number() {
    while (pos_ < sql_.size() && is_tag_cont(sql_[pos_])) {
        ++pos_;
    }
}

}  // namespace retort::lexer
