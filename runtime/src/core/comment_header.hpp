// The pieces that revision files and seed files share: lines of normalized text, the `-- Key: value`
// comment header, section markers, and a run of lines as SQL text with its statements. Private to the
// core; the file formats themselves live in revision_file.cpp and seed_file.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
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

// The lines of a text one at a time, without a table of them: a revision file may have millions of lines.
class line_reader {
public:
    // Reads from `offset`, a line start, whose line has number `number`.
    explicit line_reader(std::string_view text, std::size_t offset = 0, std::uint32_t number = 1)
        : text_(text),
          start_(offset),
          number_(number) {}

    // The next line without its line end, or nothing at the end of the text.
    std::optional<line_ref> next();
    // The number of the line next() reads next: one past the last line read.
    std::uint32_t next_number() const noexcept { return number_; }

private:
    std::string_view text_;
    std::size_t start_;
    std::uint32_t number_;
};

// Where the line after `line` starts (the text's end when it is the last).
std::size_t after(std::string_view text, const line_ref& line);

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

// The whole lines in text[begin, end) as SQL, the first of them numbered `first_line`: trailing blank
// lines are dropped, and so is the final line end; the statements are split with split_statements() and
// reported into `diags` under `file`. The checksum is left for the caller, whose canonical form it is.
section section_of_lines(std::string_view text, std::size_t begin, std::size_t end, std::uint32_t first_line,
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
