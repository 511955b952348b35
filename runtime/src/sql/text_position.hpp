// Positions in SQL text: byte offsets, 1-based character positions (how the server counts), file lines
// and columns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace retort::sql {

struct text_position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;  // 1-based, in characters
};

// The line and column of the byte at `offset` in `text`, whose first line is file line `first_line`.
text_position position_at(std::string_view text, std::size_t offset, std::uint32_t first_line) noexcept;

// The byte offset of the 1-based character position `position` in `text` (UTF-8), as the parser reports
// an error's cursor; text.size() when the position lies beyond the end.
std::size_t byte_offset_of(std::string_view text, int position) noexcept;

// The offset just past the blank or the -- or /* */ comment that begins at `offset` (block comments nest,
// as in PostgreSQL; a -- comment ends before its line end); `offset` itself when neither begins there.
std::size_t past_blank_or_comment(std::string_view text, std::size_t offset) noexcept;

// The offset of the first byte at or after `offset` that is neither white space nor inside a -- or
// /* */ comment.
std::size_t skip_blanks_and_comments(std::string_view text, std::size_t offset) noexcept;

}  // namespace retort::sql
