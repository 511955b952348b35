// retort::sql: PostgreSQL's own parser (libpg_query) over every statement of every revision and seed, and
// the linter that flags dangerous changes, both pure (text and values in, findings out). This folder:
//   finding.hpp  what the checks report: plain values that any renderer can print
//   rules.hpp    the lint rules as data (id, severity, lock, summary), for listings, docs and SARIF
//   check.hpp    the entry points: check a catalog (parse + lint), check one SQL text (parse + split)
//   render.hpp   text, JSON, SARIF and GitHub-annotation renderings of findings
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace retort::sql {

enum class level : std::uint8_t { error, warning, info };

// "error", "warning" or "info".
std::string_view to_string(level l) noexcept;
// The level named by `word` ("error", "warning", "info"); nullopt for anything else.
std::optional<level> parse_level(std::string_view word) noexcept;

// One thing a check found, at a place in a file. `rule` is a lint rule's id, or one of the checks that
// cannot be configured: syntax-error, split-mismatch, directive (a malformed retort: comment).
struct finding {
    std::string file;
    std::uint32_t line = 0;    // 1-based; 0 when the finding concerns the whole file
    std::uint32_t column = 0;  // 1-based, in characters; 0 when unknown
    std::string rule;
    level severity = level::error;
    std::string message;
    std::string revision;  // the revision's id; empty for a seed

    friend bool operator==(const finding&, const finding&) = default;
};

// The ids of the checks that are not lint rules: always on, always errors.
inline constexpr std::string_view syntax_error_check = "syntax-error";
inline constexpr std::string_view split_mismatch_check = "split-mismatch";
inline constexpr std::string_view directive_check = "directive";

}  // namespace retort::sql
