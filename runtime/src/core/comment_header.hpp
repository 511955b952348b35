// The pieces that revision files and seed files share: lines of normalized text, the `-- Key: value`
// comment header, section markers, and a run of lines as SQL text with its statements. Private to the
// core; the file formats themselves live in revision_file.cpp and seed_file.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort::detail {

struct line_ref {
    std::string_view text;
    std::uint32_t number = 0;  // 1-based
    std::size_t offset = 0;    // of the first character in the file
};

std::vector<line_ref> split_lines(std::string_view text);

// Spaces and tabs (and \f, \v) removed from both ends.
std::string_view trim(std::string_view s);

bool is_blank(std::string_view line);
bool is_comment(std::string_view line);

// The text of a comment line after `--`, trimmed.
std::string_view comment_body(std::string_view line);

bool iequals(std::string_view a, std::string_view b);

// head, heads and base are target words, so neither revision ids nor labels may be one of them.
bool is_reserved_word(std::string_view word);

// Labels appear in targets such as `billing@head`, so they exclude '@', '+', ':' and the reserved words.
bool is_label(std::string_view s);

enum class marker { none, upgrade, downgrade, unknown };

// Section markers are whole lines: `-- +upgrade`, `-- +downgrade`. Any other `-- +word` line is a typo.
marker marker_of(std::string_view line);

// What one header comment line holds, measured against a file format's known keys.
struct header_line {
    enum class kind { empty, key, message, error } what = kind::empty;
    std::size_t key = 0;     // kind::key: index into the known keys
    std::string_view value;  // kind::key: the value, trimmed; kind::message: the message
    std::string error;       // kind::error: what to report at this line
};

// Reads a header line: a known key spelled exactly, else (on the first line only) the message, else an
// error that suggests the key the author probably meant or lists the known ones.
header_line read_header_line(std::string_view line, bool first, std::span<const std::string_view> known_keys);

// Lines [first, end) of `text` as SQL: trailing blank lines are dropped, and so is the final line end;
// the statements are split with split_statements() and reported into `diags` under `file`. The
// checksum is left for the caller, whose canonical form it is.
section section_of_lines(std::string_view text, const std::vector<line_ref>& lines, std::size_t first, std::size_t end,
                         std::string_view file, diagnostics& diags);

// Runs `parse` (which returns an optional) on a fresh sink, so that its result tells whether this file,
// not an earlier one, had errors; then copies what it found into `diags`.
template <class Parse>
auto parse_one_file(diagnostics& diags, Parse&& parse) {
    diagnostics local;
    auto result = parse(local);
    for (const auto& d : local.all()) {
        if (d.level == severity::error)
            diags.error(d.file, d.line, d.message);
        else
            diags.note(d.file, d.line, d.message);
    }
    if (local.has_errors()) result.reset();
    return result;
}

}  // namespace retort::detail
