// Cut points of a long section: statement starts, and places between comments in long stretches of them.
#include "sql/section_pieces.hpp"

#include "sql/text_position.hpp"

namespace retort::sql {

namespace {

// The first place in text[from, to) at or past `target` that lies between blanks or comments; `to` when
// there is none.
std::size_t cut_between_comments(std::string_view text, std::size_t from, std::size_t to, std::size_t target) noexcept {
    const std::string_view gap = text.substr(0, to);
    std::size_t i = from;
    while (i < target && i < to) {
        const std::size_t next = past_blank_or_comment(gap, i);
        i = next == i ? i + 1 : next;  // not a comment (the two splits disagree): the parser will say so
    }
    return i < to ? i : to;
}

}  // namespace

std::size_t stretch_end(std::string_view sql, std::span<const statement> statements, std::size_t next, std::size_t at,
                        std::size_t piece) noexcept {
    auto start_of = [&](std::size_t i) {
        return i < statements.size() ? static_cast<std::size_t>(statements[i].sql.data() - sql.data()) : sql.size();
    };
    std::size_t gap_begin = at;
    if (next < statements.size() && start_of(next) == at) {
        gap_begin = at + statements[next].sql.size();
        ++next;
    }
    const std::size_t gap_end = start_of(next);
    if (gap_end - gap_begin <= piece) return gap_end;
    return cut_between_comments(sql, gap_begin, gap_end, gap_begin + piece);
}

}  // namespace retort::sql
