// Offsets, characters, lines and columns in SQL text.
#include "sql/text_position.hpp"

#include <algorithm>

namespace retort::sql {

namespace {

bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

text_position position_at(std::string_view text, std::size_t offset, std::uint32_t first_line) noexcept {
    if (offset > text.size()) offset = text.size();
    text_position p{first_line, 1};
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else if (!is_continuation(text[i])) {
            ++p.column;
        }
    }
    return p;
}

std::size_t byte_offset_of(std::string_view text, int position) noexcept {
    int character = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_continuation(text[i])) continue;
        if (++character >= position) return i;
    }
    return text.size();
}

std::size_t past_blank_or_comment(std::string_view text, std::size_t offset) noexcept {
    if (offset >= text.size()) return offset;
    const char c = text[offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return offset + 1;
    if (text.substr(offset, 2) == "--") {
        // Two scans for one byte each: find_first_of("\r\n") looks every byte up in the set, which took a
        // second over a 200 MB run of comments.
        const std::size_t newline = std::min(text.find('\n', offset), text.size());
        return std::min(text.substr(0, newline).find('\r', offset), newline);
    }
    if (text.substr(offset, 2) != "/*") return offset;
    int depth = 0;
    std::size_t i = offset;
    do {
        if (text.substr(i, 2) == "/*") {
            ++depth;
            i += 2;
        } else if (text.substr(i, 2) == "*/") {
            --depth;
            i += 2;
        } else {
            ++i;
        }
    } while (depth > 0 && i < text.size());
    return i;
}

std::size_t skip_blanks_and_comments(std::string_view text, std::size_t offset) noexcept {
    for (std::size_t next = past_blank_or_comment(text, offset); next != offset;
         next = past_blank_or_comment(text, offset))
        offset = next;
    return offset;
}

}  // namespace retort::sql
