// The entry points: parse and lint a whole catalog (the generator, `check --offline`, `--dir` mode and
// the `lint` command call the same function), and parse one SQL text (the fuzz target).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lockfile.hpp"
#include "retort/catalog.hpp"
#include "retort/revision.hpp"
#include "sql/finding.hpp"

namespace retort::sql {

// What the lint findings do (CMake's `LINT`): off (the parse checks still run), warning (findings keep
// their severity: errors fail, warnings print), error (warnings fail too).
enum class lint_mode : std::uint8_t { off, warning, error };

// "off", "warning" or "error"; nullopt for anything else.
std::optional<lint_mode> parse_lint_mode(std::string_view word) noexcept;

// One rule's severity changed (CMake's `LINT_RULES rule=level`); no level: the rule is off.
struct rule_setting {
    std::string rule;
    std::optional<level> severity;
};

// Parses `rule=level` entries separated by commas or white space (`level`: error, warning, info, off).
// Throws usage_error naming the entry when a rule is unknown or a level is not one of those.
std::vector<rule_setting> parse_rule_settings(std::string_view text);

struct check_options {
    lint_mode mode = lint_mode::warning;
    std::vector<rule_setting> rules;
    bool lint_locked = false;  // lint the revisions that the lock file records too (released history)
};

struct check_report {
    // In catalog order (revisions in graph order, then seeds), each file's findings by line.
    std::vector<finding> findings;
    std::size_t parsed_statements = 0;
    std::size_t skipped_statements = 0;  // opted out with retort:no-parse or retort:no-parse-file
    std::size_t linted_revisions = 0;

    std::size_t count(level l) const noexcept;
    // Whether any finding is an error: a syntax error, a split mismatch, a malformed directive, or a lint
    // finding at level error (after the mode and the rule settings).
    bool failed() const noexcept { return count(level::error) > 0; }
    // Whether any error is one of the parse checks (syntax-error, split-mismatch, directive).
    bool has_input_errors() const noexcept;
};

// Parses every statement of every revision and seed of `c` with PostgreSQL's parser, checks that retort's
// statement split equals the parser's, and lints the revisions whose ids `locked` does not hold (every
// revision with `lint_locked`), knowing what earlier revisions created. The catalog must come from a
// directory (load_directory), whose storage holds the files' text: the comments outside the sections
// are read for retort:no-parse-file.
check_report check_catalog(const catalog& c, std::span<const lock_entry> locked, const check_options& options);

// The parse checks of one SQL text whose statements retort's splitter found (split_statements on the same
// text): syntax errors at file:line:column, and every place where the parser's split differs.
// `first_line` is the file line on which `sql` begins.
std::vector<finding> check_sql_text(std::string_view sql, std::uint32_t first_line, std::string_view file,
                                    std::span<const statement> statements);

}  // namespace retort::sql
