// Parses a whole section at once (so that the parser, not retort, decides where statements end), and on a
// syntax error blanks out the failing statement and parses again, so that every error is reported.
#include "sql/parse_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "sql/pg_parser.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {

namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);
constexpr std::size_t max_errors = 100;

class section_checker {
public:
    section_checker(std::string_view sql, std::uint32_t first_line, std::string_view file,
                    std::span<const statement> statements, const std::vector<bool>& skip, std::string_view hint)
        : sql_(sql),
          masked_(sql),
          first_line_(first_line),
          file_(file),
          statements_(statements),
          hint_(hint) {
        out_.accepted.assign(statements.size(), true);
        for (std::size_t i = 0; i < statements.size(); ++i) {
            offsets_.push_back(static_cast<std::size_t>(statements[i].sql.data() - sql.data()));
            if (i < skip.size() && skip[i]) blank(i);
        }
        blank_nul_bytes();
    }

    section_parse run() {
        // Each round either succeeds or blanks one more statement, so this ends; each parses the whole
        // section again, so a section of thousands of broken statements stops after max_errors of them.
        for (std::size_t round = 0; round <= statements_.size(); ++round) {
            auto split = pg::split(masked_);
            if (!split.error) {
                compare(split.statements);
                break;
            }
            if (round == max_errors) {
                add(sql_.size(), std::string(syntax_error_check),
                    fmt::format("{} syntax errors in this section; the rest are not reported", max_errors));
                break;
            }
            if (!report_error(*split.error)) break;
        }
        return std::move(out_);
    }

private:
    void blank(std::size_t i) {
        out_.accepted[i] = false;
        const std::size_t end = offsets_[i] + statements_[i].sql.size();
        for (std::size_t k = offsets_[i]; k < end; ++k) {
            if (masked_[k] != '\n') masked_[k] = ' ';
        }
    }

    // The parser reads a C string: a NUL byte would end the text there without a word.
    void blank_nul_bytes() {
        for (std::size_t k = masked_.find('\0'); k != std::string::npos; k = masked_.find('\0', k + 1)) {
            add(k, std::string(syntax_error_check),
                "NUL byte in SQL text: PostgreSQL would cut the statement here; remove it");
            masked_[k] = ' ';
            if (std::size_t i = statement_at(k); i != none) blank(i);
        }
    }

    void add(std::size_t offset, std::string rule, std::string message) {
        const auto p = position_at(sql_, offset, first_line_);
        out_.findings.push_back(
            finding{std::string(file_), p.line, p.column, std::move(rule), level::error, std::move(message), {}});
    }

    // The statement holding byte `offset`: the last one that begins at or before it.
    std::size_t statement_at(std::size_t offset) const {
        std::size_t found = none;
        for (std::size_t i = 0; i < statements_.size() && offsets_[i] <= offset; ++i) found = i;
        return found;
    }

    std::size_t last_accepted() const {
        for (std::size_t i = statements_.size(); i-- > 0;)
            if (out_.accepted[i]) return i;
        return none;
    }

    // Reports the error at the statement holding it and blanks that statement; false when no statement
    // can be blamed (then nothing more can be learned from this section).
    bool report_error(const pg::parse_error& e) {
        std::size_t offset = e.cursor > 0 ? byte_offset_of(masked_, e.cursor) : none;
        std::size_t culprit = offset == none ? none : statement_at(offset);
        if (culprit != none && !out_.accepted[culprit]) culprit = last_accepted();
        if (culprit == none || offset == none) {
            culprit = probe_statements(offset);
            if (culprit == none) return false;
        }
        add(offset, std::string(syntax_error_check), fmt::format("{}; {}", e.message, hint_));
        blank(culprit);
        return true;
    }

    // Without a usable position: parses the statements one by one and blames the first that fails,
    // setting `offset` to its error's position.
    std::size_t probe_statements(std::size_t& offset) const {
        for (std::size_t i = 0; i < statements_.size(); ++i) {
            if (!out_.accepted[i]) continue;
            auto alone = pg::split(statements_[i].sql);
            if (!alone.error) continue;
            offset =
                offsets_[i] + (alone.error->cursor > 0 ? byte_offset_of(statements_[i].sql, alone.error->cursor) : 0);
            return i;
        }
        return none;
    }

    // Every statement start that only one of the two splits has is a place where they disagree.
    void compare(const std::vector<pg::statement_span>& parsed) {
        std::set<std::size_t> parser_starts;
        for (const auto& span : parsed) {
            const std::size_t start = skip_blanks_and_comments(masked_, span.begin);
            if (start < span.end) parser_starts.insert(start);
        }
        std::set<std::size_t> lexer_starts;
        for (std::size_t i = 0; i < statements_.size(); ++i)
            if (out_.accepted[i]) lexer_starts.insert(offsets_[i]);
        for (std::size_t start : parser_starts) {
            if (lexer_starts.contains(start)) continue;
            const std::size_t holder = statement_at(start);
            add(start, std::string(split_mismatch_check),
                fmt::format("PostgreSQL's parser begins a statement here, but retort's statement splitter reads "
                            "this text as part of the statement at line {}; {}",
                            holder == none ? first_line_ : statements_[holder].line, split_advice));
        }
        for (std::size_t start : lexer_starts) {
            if (parser_starts.contains(start)) continue;
            add(start, std::string(split_mismatch_check),
                fmt::format("retort's statement splitter begins a statement here, but PostgreSQL's parser reads "
                            "this text as part of the statement before it; {}",
                            split_advice));
        }
    }

    static constexpr std::string_view split_advice =
        "retort would send the server other statements than PostgreSQL reads. This is a bug in retort's "
        "splitter: please report it, and meanwhile write the statement so that both agree (for example, "
        "put a function body in dollar quotes)";

    std::string_view sql_;
    std::string masked_;
    std::uint32_t first_line_;
    std::string_view file_;
    std::span<const statement> statements_;
    std::string_view hint_;
    std::vector<std::size_t> offsets_;
    section_parse out_;
};

}  // namespace

section_parse parse_section(std::string_view sql, std::uint32_t first_line, std::string_view file,
                            std::span<const statement> statements, const std::vector<bool>& skip,
                            std::string_view hint) {
    return section_checker(sql, first_line, file, statements, skip, hint).run();
}

std::string statement_opt_out_hint() {
    return fmt::format(
        "if this is valid SQL of a PostgreSQL release newer than the parser's ({}), put "
        "'-- retort:no-parse <reason>' on the line before the statement (docs/lint.md)",
        pg::grammar_version());
}

}  // namespace retort::sql
