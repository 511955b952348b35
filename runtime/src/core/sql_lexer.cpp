// Splits SQL into statements with one pass of a lexer that follows PostgreSQL's (and psql's) lexical
// rules: the statement-level part of the splitter (sql_splitter.hpp).
#include "core/sql_lexer.hpp"

#include <algorithm>

#include "core/sql_splitter.hpp"

namespace retort {

namespace lexer {

std::vector<statement> statement_splitter::run() {
    while (pos_ < sql_.size() && step()) {
    }
    if (start_ != npos) {
        finish_statement(end_, false);
    }
    return std::move(out_);
}

// Lexes one token, comment or blank; false once the input ended inside an unterminated construct.
bool statement_splitter::step() {
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

void statement_splitter::begin_token() {
    if (start_ == npos) {
        start_ = pos_;
        start_line_ = line_;
    }
    ++tokens_;
}

void statement_splitter::finish_statement(std::size_t end, bool terminated) {
    out_.push_back(statement{sql_.substr(start_, end - start_), start_line_});
    const bool skip_copy_data = copy_from_stdin_ && terminated;
    if (copy_from_stdin_) {
        error(start_line_,
              "COPY ... FROM stdin with inline data is not supported; use INSERT statements or COPY FROM a "
              "server-side file");
    }
    if (copy_to_stdout_) {
        // The server would stream rows to a client that has nowhere to put them.
        error(start_line_,
              "COPY ... TO stdout is not supported: a revision has no client to receive the rows; "
              "use COPY TO a server-side file, or SELECT");
    }
    reset_statement();
    if (skip_copy_data) {
        skip_copy_data_block();
    }
}

void statement_splitter::reset_statement() {
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
void statement_splitter::skip_copy_data_block() {
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

void statement_splitter::report_meta_command() {
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

void statement_splitter::on_identifier(std::string_view word) {
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
void statement_splitter::track_routine_body(std::string_view word) {
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

void statement_splitter::error(std::uint32_t line, std::string message) {
    diags_.error(std::string(file_), line, std::move(message));
}

}  // namespace lexer

std::vector<statement> split_statements(std::string_view sql, std::uint32_t first_line, std::string_view file,
                                        diagnostics& diags) {
    return lexer::statement_splitter(sql, first_line, file, diags).run();
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
