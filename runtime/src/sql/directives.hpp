// The retort: comments that steer the checks, each reviewed with the SQL it concerns:
//   -- retort:allow <rule-id> <reason>   on the line before a statement: that rule's findings there are accepted
//   -- retort:no-parse <reason>          on the line before a statement: PostgreSQL's parser skips it
//   -- retort:no-parse-file <reason>     anywhere outside statements (in a revision file also between its
//                                         header and `-- +upgrade`, outside the checksums): the whole file
// A directive without its reason, with an unknown name or rule, or standing where it applies to nothing
// is itself an error, so that no opt-out is ever silent.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision.hpp"
#include "sql/finding.hpp"

namespace retort::sql {

enum class directive_kind : std::uint8_t { allow, no_parse, no_parse_file };

struct directive {
    directive_kind kind = directive_kind::allow;
    std::string rule;  // allow: the rule's id
    std::string reason;
    std::uint32_t line = 0;
};

struct directives {
    std::vector<std::vector<directive>> before;  // per statement: the directives directly above it
    std::vector<directive> whole_file;           // no-parse-file
    std::vector<finding> problems;               // malformed or misplaced directives (rule "directive")

    bool skips_file() const noexcept { return !whole_file.empty(); }
    // Whether statement `i` is opted out of parsing, by itself or with its file.
    bool skips(std::size_t i) const noexcept;
};

// Reads the directives in the comment lines between (and around) the statements of a section whose text
// begins at file line `first_line`. Problems are reported for `file`.
void read_section_directives(std::string_view sql, std::uint32_t first_line, std::span<const statement> statements,
                             std::string_view file, directives& out);

// Reads the comment lines before a revision's `-- +upgrade` marker (`text` from the file's start), where
// only retort:no-parse-file belongs. Lines that are not comments are ignored (the header parser owns them).
void read_preamble_directives(std::string_view text, std::string_view file, directives& out);

}  // namespace retort::sql
