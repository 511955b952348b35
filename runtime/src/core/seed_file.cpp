// Parses a seed file: a comment header (the message, then optionally `-- Requires: <revision>`), then SQL.
#include <fmt/format.h>

#include <array>

#include "core/checksum.hpp"
#include "core/comment_header.hpp"
#include "core/revision_file.hpp"
#include "core/seeds.hpp"
#include "core/text_encoding.hpp"

namespace retort {

namespace {

using detail::header_line;
using detail::line_ref;

constexpr std::array<std::string_view, 1> key_names{"Requires"};

class seed_parser {
public:
    seed_parser(std::string_view file, std::string_view text, diagnostics& diags)
        : file_(file),
          text_(text),
          diags_(diags),
          lines_(text) {}

    std::optional<seed> run();

private:
    void error(std::uint32_t line, std::string message) { diags_.error(std::string(file_), line, std::move(message)); }
    std::optional<line_ref> parse_header();
    void set_requires(std::string_view value, const line_ref& line);
    void reject_markers(std::size_t from, std::uint32_t number);

    std::string_view file_;
    std::string_view text_;
    diagnostics& diags_;
    detail::line_reader lines_;
    seed seed_;
};

std::optional<seed> seed_parser::run() {
    seed_.file = file_;
    seed_.name = file_.substr(file_.rfind('/') + 1);
    if (text_.empty() || !detail::is_comment(detail::line_reader(text_).next()->text)) {
        error(1,
              "not a retort seed file: it must begin with a '-- message' line (every .sql file in a seeds "
              "directory is a seed; see docs/seeds.md)");
        return std::nullopt;
    }
    std::optional<line_ref> first = parse_header();
    if (seed_.message.empty())
        error(1, "missing message: a seed file begins with a '-- message' line that says what the seed holds");
    // Blank lines between the header and the SQL are layout, like trailing ones: not part of the checksum.
    while (first && detail::is_blank(first->text)) first = lines_.next();
    const std::size_t begin = first ? first->offset : text_.size();
    const std::uint32_t number = first ? first->number : lines_.next_number();
    reject_markers(begin, number);
    seed_.body = detail::section_of_lines(text_, begin, text_.size(), number, file_, diags_);
    if (diags_.has_errors()) return std::nullopt;
    seed_.body.sum = seed_checksum(seed_);
    return std::move(seed_);
}

// Header: the comment lines from line 1 up to the first line that is not a comment (or is a marker),
// which it returns.
std::optional<line_ref> seed_parser::parse_header() {
    for (bool first = true;; first = false) {
        std::optional<line_ref> next = lines_.next();
        if (!next || !detail::is_comment(next->text) || detail::marker_of(next->text) != detail::marker::none)
            return next;
        const line_ref& line = *next;
        header_line h = detail::read_header_line(line.text, first, key_names);
        switch (h.what) {
        case header_line::kind::key: set_requires(h.value, line); break;
        case header_line::kind::message: seed_.message = h.value; break;
        case header_line::kind::error: error(line.number, std::move(h.error)); break;
        case header_line::kind::empty: break;
        }
    }
}

void seed_parser::set_requires(std::string_view value, const line_ref& line) {
    if (seed_.requires_line != 0) {
        error(line.number, fmt::format("repeated header key 'Requires' (first given at line {})", seed_.requires_line));
        return;
    }
    seed_.requires_line = line.number;
    seed_.required = value;
    if (!is_valid_revision_id(value) && !detail::is_label(value))
        error(line.number, fmt::format("invalid Requires '{}': name one revision, by its id (1 to 32 characters of "
                                       "[A-Za-z0-9_]) or by a branch label",
                                       value));
}

// A seed is not a revision: it has no sections, so a marker is a revision file in the wrong folder.
// `from` is where the lines after the header start (line `number`).
void seed_parser::reject_markers(std::size_t from, std::uint32_t number) {
    detail::line_reader lines(text_, from, number);
    for (auto line = lines.next(); line; line = lines.next())
        if (detail::marker_of(line->text) != detail::marker::none)
            error(line->number, fmt::format("'{}' has no place in a seed file: a seed is the SQL after its "
                                            "header, run as it stands (revision files belong in the "
                                            "migrations directory; see docs/seeds.md)",
                                            detail::trim(line->text)));
}

}  // namespace

std::optional<seed> parse_seed_file(std::string_view file_name, std::string_view text, diagnostics& diags) {
    if (!check_text_encoding(file_name, text, diags)) return std::nullopt;
    return detail::parse_one_file(diags, [&](diagnostics& local) { return seed_parser(file_name, text, local).run(); });
}

}  // namespace retort
