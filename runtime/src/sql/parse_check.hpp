// The parse checks of one section: every statement through PostgreSQL's parser (syntax errors at
// file:line:column), and retort's statement split compared with the parser's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/revision.hpp"
#include "sql/finding.hpp"

namespace retort::sql {

struct section_parse {
    std::vector<bool> accepted;     // per statement: parsed without error (and not skipped)
    std::vector<finding> findings;  // syntax errors and split mismatches (file and position set)
};

// How much of a section the parser reads at once. A section longer than `piece` bytes is parsed in pieces
// of whole consecutive statements (as retort's splitter cut them) of about that size, so that neither the
// copy the parser reads nor the parser's own memory grows with the section. A piece the parser ends
// inside a statement (where the two splits disagree) takes the next statements in until the parser's
// statement ends too, up to `most` bytes.
struct piece_sizes {
    std::size_t piece = std::size_t{1} << 18;
    std::size_t most = std::size_t{8} << 20;
};

// Checks `sql` (file lines from `first_line`), whose statements retort's splitter found. `skip[i]` (when
// the vector is that long) marks statement i as opted out: it is blanked out before parsing, so that the
// parser neither reads it nor sees a boundary there. `hint` follows the parser's message of a syntax error
// (what to do when the statement is valid SQL of a newer PostgreSQL).
section_parse parse_section(std::string_view sql, std::uint32_t first_line, std::string_view file,
                            std::span<const statement> statements, const std::vector<bool>& skip, std::string_view hint,
                            piece_sizes sizes = {});

// The hint for a statement that may still be edited, naming the parser's PostgreSQL version.
std::string statement_opt_out_hint();

}  // namespace retort::sql
