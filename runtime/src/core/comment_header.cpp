// Lines, comment headers, markers and SQL runs shared by the revision and seed file parsers.
#include "core/comment_header.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "core/sql_lexer.hpp"

namespace retort::detail {

namespace {

constexpr std::string_view reserved_words[] = {"head", "heads", "base"};

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

std::string key_list(std::span<const std::string_view> keys) {
    std::string out;
    for (auto k : keys) {
        if (!out.empty()) out += ", ";
        out += k;
    }
    return out;
}

}  // namespace

std::optional<line_ref> line_reader::next() {
    if (start_ >= text_.size()) return std::nullopt;
    std::size_t end = text_.find('\n', start_);
    if (end == std::string_view::npos) end = text_.size();
    line_ref line{text_.substr(start_, end - start_), number_++, start_};
    start_ = end + 1;
    return line;
}

std::size_t after(std::string_view text, const line_ref& line) {
    return std::min(text.size(), line.offset + line.text.size() + 1);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
    return s;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

bool is_comment(std::string_view line) { return trim(line).starts_with("--"); }

std::string_view comment_body(std::string_view line) { return trim(trim(line).substr(2)); }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_reserved_word(std::string_view word) {
    return std::find(std::begin(reserved_words), std::end(reserved_words), word) != std::end(reserved_words);
}

bool is_label(std::string_view s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    }) && !is_reserved_word(s);
}

marker marker_of(std::string_view line) {
    if (!is_comment(line)) return marker::none;
    // Any comment that begins `-- +` and a letter is taken as a marker, so `-- +downgrade (drop t)` or
    // `-- +Downgrade` is reported instead of silently becoming part of the upgrade.
    std::string_view body = comment_body(line);
    if (body.size() < 2 || body.front() != '+' || !std::isalpha(static_cast<unsigned char>(body[1])))
        return marker::none;
    std::string_view word = body.substr(1);
    if (word == "upgrade") return marker::upgrade;
    if (word == "downgrade") return marker::downgrade;
    return marker::unknown;
}

header_line read_header_line(std::string_view line, bool first, std::span<const std::string_view> known_keys) {
    header_line out;
    std::string_view body = comment_body(line);
    if (body.empty()) return out;
    std::size_t colon = body.find(':');
    std::string_view name = colon == std::string_view::npos ? std::string_view{} : trim(body.substr(0, colon));
    for (std::size_t i = 0; i < known_keys.size(); ++i)
        if (!name.empty() && known_keys[i] == name) {
            out.what = header_line::kind::key;
            out.key = i;
            out.value = trim(body.substr(colon + 1));
            return out;
        }
    if (first) {
        out.what = header_line::kind::message;
        out.value = body;
        return out;
    }
    out.what = header_line::kind::error;
    auto near = std::find_if(known_keys.begin(), known_keys.end(), [&](auto k) { return iequals(k, name); });
    if (near != known_keys.end())
        out.error = fmt::format("unknown header key '{}'; did you mean '{}'?", name, *near);
    else if (colon == std::string_view::npos)
        out.error = fmt::format(
            "header line '{}' is not 'Key: value'; the header ends at the first line that is "
            "not a comment, so put free comments after a blank line",
            body);
    else
        out.error = fmt::format("unknown header key '{}' (known keys: {})", name, key_list(known_keys));
    return out;
}

namespace {

// text[begin, end) without its trailing blank lines and final line end.
std::string_view without_trailing_blank_lines(std::string_view text, std::size_t begin, std::size_t end) {
    std::size_t stop = end;
    while (stop > begin) {
        const std::size_t line_end = text[stop - 1] == '\n' ? stop - 1 : stop;
        const std::size_t newline = line_end > begin ? text.rfind('\n', line_end - 1) : std::string_view::npos;
        const std::size_t line_start = newline == std::string_view::npos || newline < begin ? begin : newline + 1;
        if (!is_blank(text.substr(line_start, line_end - line_start))) return text.substr(begin, line_end - begin);
        stop = line_start;
    }
    return text.substr(begin, 0);
}

}  // namespace

section section_of_lines(std::string_view text, std::size_t begin, std::size_t end, std::uint32_t first_line,
                         std::string_view file, diagnostics& diags) {
    section s;
    s.first_line = first_line;
    s.sql = without_trailing_blank_lines(text, begin, end);
    s.statements = split_statements(s.sql, s.first_line, file, diags);
    return s;
}

}  // namespace retort::detail
