// Where a long section is cut for the parser: the places where the parser starts afresh if it splits the
// text as retort's splitter does.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "retort/revision.hpp"

namespace retort::sql {

// The end of the stretch of `sql` that begins at `at` and that a piece takes whole: statement `next` (the
// first one at or after `at`) with the white space and comments after it up to the next statement, or
// that text alone when `at` lies between statements. Where that text between statements is longer than
// `piece` bytes, it ends at the first place past `piece` bytes that lies between two comments (or blanks),
// so that a file of comments is read in pieces too.
std::size_t stretch_end(std::string_view sql, std::span<const statement> statements, std::size_t next, std::size_t at,
                        std::size_t piece) noexcept;

}  // namespace retort::sql
