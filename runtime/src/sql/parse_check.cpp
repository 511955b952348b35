// Parses a section with PostgreSQL's parser, so that the parser, not retort, decides where statements end;
// a long section in pieces of whole statements. On a syntax error it blanks out the failing statement and
// parses the piece again, so that every error is reported.
#include "sql/parse_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sql/pg_parser.hpp"
#include "sql/section_pieces.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {

namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);
constexpr std::size_t max_errors = 100;

constexpr std::string_view split_advice =
    "retort would send the server other statements than PostgreSQL reads. This is a bug in retort's "
    "splitter: please report it, and meanwhile write the statement so that both agree (for example, "
    "put a function body in dollar quotes)";

// The piece being parsed is statements [first_, last_) and the text from the first one's start (the
// section's start for the first piece) to the next one's: cut where retort's splitter cut, after a
// semicolon, the parser starts afresh there as it would reading the whole section, unless the two splits
// disagree at that very place, which the parser shows by ending the piece inside a statement.
class section_checker {
public:
    section_checker(std::string_view sql, std::uint32_t first_line, std::string_view file,
                    std::span<const statement> statements, const std::vector<bool>& skip, std::string_view hint,
                    piece_sizes sizes)
        : sql_(sql),
          file_(file),
          statements_(statements),
          hint_(hint),
          sizes_(sizes),
          first_line_(first_line),
          line_(first_line) {
        out_.accepted.assign(statements.size(), true);
        for (std::size_t i = 0; i < statements.size() && i < skip.size(); ++i) out_.accepted[i] = !skip[i];
    }

    section_parse run() {
        std::size_t begin = 0;
        std::size_t first = 0;
        do {
            begin = check_piece(begin, first);
            first = last_;
        } while (begin < sql_.size());
        return std::move(out_);
    }

private:
    std::size_t offset_of(std::size_t i) const {
        return static_cast<std::size_t>(statements_[i].sql.data() - sql_.data());
    }

    // Parses the piece that begins at `begin`, with statement `first` (the first at or after it); returns
    // where the next piece begins, or the section's end once the error limit stops the section. Each pass
    // blanks one more statement or takes more text in, so this ends.
    std::size_t check_piece(std::size_t begin, std::size_t first) {
        load(begin, first);
        for (;;) {
            auto split = pg::split(masked_);
            if (ends_inside_a_statement(split) && may_take_more()) {
                take();
                continue;
            }
            if (!split.error) {
                if (ends_inside_a_statement(split) && last_ < statements_.size() && end() == offset_of(last_))
                    report_cut_at(end());
                compare(split.statements);
                return end();
            }
            if (errors_ == max_errors) {
                add(sql_.size(), std::string(syntax_error_check),
                    fmt::format("{} syntax errors in this section; the rest are not reported", max_errors));
                return sql_.size();
            }
            // Nothing more can be learned from this piece when no statement can be blamed.
            if (!report_error(*split.error)) return end();
            ++errors_;
        }
    }

    std::size_t end() const { return begin_ + masked_.size(); }
    bool whole_section() const { return begin_ == 0 && end() == sql_.size(); }

    // The piece from `begin`: at least one stretch (section_pieces.hpp), then more while it stays under its
    // size.
    void load(std::size_t begin, std::size_t first) {
        begin_ = begin;
        first_ = first;
        last_ = first;
        masked_.clear();
        move_line_start(begin_);
        do {
            take();
        } while (end() < sql_.size() && masked_.size() < sizes_.piece);
    }

    // Adds the next stretch to the piece: its text, and the statements that begin in it.
    void take() {
        const std::size_t from = end();
        const std::size_t to = stretch_end(sql_, statements_, last_, from, sizes_.piece);
        masked_.append(sql_.substr(from, to - from));
        for (; last_ < statements_.size() && offset_of(last_) < to; ++last_)
            if (!out_.accepted[last_]) blank(last_);
        blank_nul_bytes(from - begin_);
    }

    bool may_take_more() const { return end() < sql_.size() && masked_.size() < sizes_.most; }

    // Whether the parser's last statement goes on past the piece's end: an error there (at its end, or in
    // its last statement), or a last statement that no semicolon ends (a terminated one ends before it).
    bool ends_inside_a_statement(const pg::split_result& split) const {
        if (split.error) {
            const std::size_t last_start = last_ > first_ ? offset_of(last_ - 1) : begin_;
            return split.error->cursor > 0 && error_offset(*split.error) >= last_start;
        }
        return !split.statements.empty() && split.statements.back().end == masked_.size();
    }

    std::size_t error_offset(const pg::parse_error& e) const {
        return e.cursor > 0 ? begin_ + byte_offset_of(masked_, e.cursor) : none;
    }

    void blank(std::size_t i) {
        out_.accepted[i] = false;
        const std::size_t end = offset_of(i) - begin_ + statements_[i].sql.size();
        for (std::size_t k = offset_of(i) - begin_; k < end; ++k) {
            if (masked_[k] != '\n') masked_[k] = ' ';
        }
    }

    // The parser reads a C string: a NUL byte would end the text there without a word.
    void blank_nul_bytes(std::size_t from) {
        for (std::size_t k = masked_.find('\0', from); k != std::string::npos; k = masked_.find('\0', k + 1)) {
            add(begin_ + k, std::string(syntax_error_check),
                "NUL byte in SQL text: PostgreSQL would cut the statement here; remove it");
            masked_[k] = ' ';
            // A NUL byte in the comments a piece begins with belongs to a statement parsed already.
            if (std::size_t i = statement_at(begin_ + k); i != none && i >= first_) blank(i);
        }
    }

    // Positions are counted from the start of the line holding the piece's first byte, whose number is
    // kept as the pieces advance, rather than from the section's start for each finding.
    void move_line_start(std::size_t to) {
        const std::string_view between = sql_.substr(line_start_, to - line_start_);
        const std::size_t nl = between.rfind('\n');
        if (nl == std::string_view::npos) return;
        line_ += static_cast<std::uint32_t>(std::count(between.begin(), between.end(), '\n'));
        line_start_ += nl + 1;
    }

    void add(std::size_t offset, std::string rule, std::string message) {
        const auto p = position_at(sql_.substr(line_start_), offset - line_start_, line_);
        out_.findings.push_back(
            finding{std::string(file_), p.line, p.column, std::move(rule), level::error, std::move(message), {}});
    }

    // The statement holding byte `offset` of the piece: the last one that begins at or before it.
    std::size_t statement_at(std::size_t offset) const {
        std::size_t lo = 0;
        std::size_t hi = last_;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (offset_of(mid) <= offset)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo == 0 ? none : lo - 1;
    }

    std::size_t last_accepted() const {
        for (std::size_t i = last_; i-- > first_;)
            if (out_.accepted[i]) return i;
        return none;
    }

    // Reports the error at the statement holding it and blanks that statement; false when no statement
    // can be blamed.
    bool report_error(const pg::parse_error& e) {
        std::size_t offset = error_offset(e);
        std::size_t culprit = offset == none ? none : statement_at(offset);
        // Blanked already, or before the piece (in the comments it begins with): the last one still read.
        if (culprit != none && (culprit < first_ || !out_.accepted[culprit])) culprit = last_accepted();
        if (culprit == none || offset == none) {
            culprit = probe_statements(offset);
            // A piece of comments alone has no statement to blame, and its error would be lost otherwise.
            if (culprit == none && offset != none && first_ == last_ && !whole_section())
                add(offset, std::string(syntax_error_check), fmt::format("{}; {}", e.message, hint_));
            if (culprit == none) return false;
        }
        add(offset, std::string(syntax_error_check), fmt::format("{}; {}", e.message, hint_));
        blank(culprit);
        return true;
    }

    // Without a usable position: parses the piece's statements one by one and blames the first that fails,
    // setting `offset` to its error's position.
    std::size_t probe_statements(std::size_t& offset) const {
        for (std::size_t i = first_; i < last_; ++i) {
            if (!out_.accepted[i]) continue;
            auto alone = pg::split(statements_[i].sql);
            if (!alone.error) continue;
            offset =
                offset_of(i) + (alone.error->cursor > 0 ? byte_offset_of(statements_[i].sql, alone.error->cursor) : 0);
            return i;
        }
        return none;
    }

    // Every statement start that only one of the two splits has is a place where they disagree.
    void compare(const std::vector<pg::statement_span>& parsed) {
        std::set<std::size_t> parser_starts;
        for (const auto& span : parsed) {
            const std::size_t start = skip_blanks_and_comments(masked_, span.begin);
            if (start < span.end) parser_starts.insert(begin_ + start);
        }
        std::set<std::size_t> lexer_starts;
        for (std::size_t i = first_; i < last_; ++i)
            if (out_.accepted[i]) lexer_starts.insert(offset_of(i));
        for (std::size_t start : parser_starts) {
            if (lexer_starts.contains(start)) continue;
            const std::size_t holder = statement_at(start);
            add(start, std::string(split_mismatch_check),
                fmt::format("PostgreSQL's parser begins a statement here, but retort's statement splitter reads "
                            "this text as part of the statement at line {}; {}",
                            holder == none ? first_line_ : statements_[holder].line, split_advice));
        }
        for (std::size_t start : lexer_starts)
            if (!parser_starts.contains(start)) report_cut_at(start);
    }

    void report_cut_at(std::size_t start) {
        add(start, std::string(split_mismatch_check),
            fmt::format("retort's statement splitter begins a statement here, but PostgreSQL's parser reads "
                        "this text as part of the statement before it; {}",
                        split_advice));
    }

    std::string_view sql_;
    std::string_view file_;
    std::span<const statement> statements_;
    std::string_view hint_;
    piece_sizes sizes_;
    std::uint32_t first_line_;
    std::size_t line_start_ = 0;
    std::uint32_t line_;
    std::size_t first_ = 0;
    std::size_t last_ = 0;
    std::size_t begin_ = 0;
    std::string masked_;  // the piece's text, with opted-out and failing statements and NUL bytes blanked
    std::size_t errors_ = 0;
    section_parse out_;
};

}  // namespace

section_parse parse_section(std::string_view sql, std::uint32_t first_line, std::string_view file,
                            std::span<const statement> statements, const std::vector<bool>& skip, std::string_view hint,
                            piece_sizes sizes) {
    return section_checker(sql, first_line, file, statements, skip, hint, sizes).run();
}

std::string statement_opt_out_hint() {
    return fmt::format(
        "if this is valid SQL of a PostgreSQL release newer than the parser's ({}), put "
        "'-- retort:no-parse <reason>' on the line before the statement (docs/lint.md)",
        pg::grammar_version());
}

}  // namespace retort::sql
