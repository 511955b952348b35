// Parses a revision file: the comment header, then the `-- +upgrade` and `-- +downgrade` sections.
#include "core/revision_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/checksum.hpp"
#include "core/comment_header.hpp"
#include "core/text_encoding.hpp"

namespace retort {

namespace {

using detail::header_line;
using detail::iequals;
using detail::is_blank;
using detail::is_comment;
using detail::is_label;
using detail::line_reader;
using detail::line_ref;
using detail::marker;
using detail::marker_of;
using detail::trim;

enum class header_key { revision_id, revises, create_date, branch_labels, depends_on, transactional };

// In the order of header_key.
constexpr std::array<std::string_view, 6> key_names{"Revision ID",   "Revises",    "Create Date",
                                                    "Branch Labels", "Depends On", "Transactional"};

// Parses one header file at a time; members hold what the header said so far.
class parser {
public:
    parser(std::string_view file, std::string_view text, diagnostics& diags)
        : file_(file),
          text_(text),
          diags_(diags),
          lines_(text) {}

    std::optional<revision> run();

private:
    void error(std::uint32_t line, std::string message) { diags_.error(std::string(file_), line, std::move(message)); }

    std::optional<line_ref> parse_header();
    void parse_header_line(const line_ref& line, bool first);
    void set_key(header_key key, std::string_view value, const line_ref& line);
    std::vector<std::string_view> parse_id_list(std::string_view value, const line_ref& line, std::string_view what,
                                                bool labels);
    void check_required_keys();
    void find_sections(std::optional<line_ref> line);
    void note_marker(const line_ref& line);
    section make_section(const line_ref& marker, std::size_t end);

    std::string_view file_;
    std::string_view text_;
    diagnostics& diags_;
    detail::line_reader lines_;
    revision rev_;
    std::array<std::uint32_t, key_names.size()> seen_at_{};  // line of each key, 0 when absent
    std::optional<line_ref> upgrade_marker_;
    std::optional<line_ref> downgrade_marker_;
};

std::optional<revision> parser::run() {
    rev_.file = file_;
    if (text_.empty() || !is_comment(line_reader(text_).next()->text)) {
        error(1,
              "not a retort revision file: it must begin with a '-- message' line and a "
              "'-- Revision ID: <id>' header (every .sql file in a migrations directory is a revision; "
              "see docs/revision-format.md)");
        return std::nullopt;
    }
    std::optional<line_ref> after_header = parse_header();
    check_required_keys();
    find_sections(after_header);
    if (diags_.has_errors()) return std::nullopt;
    return std::move(rev_);
}

// Header: the comment lines from line 1 up to the first line that is not a comment (or a marker), which
// it returns.
std::optional<line_ref> parser::parse_header() {
    for (bool first = true;; first = false) {
        std::optional<line_ref> line = lines_.next();
        if (!line || !is_comment(line->text) || marker_of(line->text) != marker::none) return line;
        parse_header_line(*line, first);
    }
}

void parser::parse_header_line(const line_ref& line, bool first) {
    header_line h = detail::read_header_line(line.text, first, key_names);
    switch (h.what) {
    case header_line::kind::key: set_key(static_cast<header_key>(h.key), h.value, line); break;
    case header_line::kind::message: rev_.message = h.value; break;
    case header_line::kind::error: error(line.number, std::move(h.error)); break;
    case header_line::kind::empty: break;
    }
}

void parser::set_key(header_key key, std::string_view value, const line_ref& line) {
    auto& seen = seen_at_[static_cast<std::size_t>(key)];
    if (seen != 0) {
        error(line.number, fmt::format("repeated header key '{}' (first given at line {})",
                                       key_names[static_cast<std::size_t>(key)], seen));
        return;
    }
    seen = line.number;
    switch (key) {
    case header_key::revision_id:
        rev_.lines.id = line.number;
        if (!is_valid_revision_id(value))
            error(line.number, fmt::format("invalid revision id '{}': use 1 to 32 characters of [A-Za-z0-9_], and "
                                           "not head, heads or base",
                                           value));
        rev_.id = value;
        break;
    case header_key::revises:
        rev_.lines.revises = line.number;
        rev_.parents = parse_id_list(value, line, "Revises", false);
        break;
    case header_key::depends_on:
        rev_.lines.depends_on = line.number;
        rev_.depends_on = parse_id_list(value, line, "Depends On", false);
        break;
    case header_key::branch_labels:
        rev_.lines.branch_labels = line.number;
        rev_.branch_labels = parse_id_list(value, line, "Branch Labels", true);
        break;
    case header_key::create_date: rev_.create_date = value; break;
    case header_key::transactional:
        if (iequals(value, "true")) {
            rev_.transactional = true;
        } else if (iequals(value, "false")) {
            rev_.transactional = false;
        } else {
            error(line.number, fmt::format("Transactional must be 'true' or 'false', not '{}'", value));
        }
        break;
    }
}

std::vector<std::string_view> parser::parse_id_list(std::string_view value, const line_ref& line, std::string_view what,
                                                    bool labels) {
    std::vector<std::string_view> ids;
    if (value.empty()) return ids;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = value.find(',', start);
        std::string_view item = trim(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
        // Depends On may name a branch label as well as a revision id (as in Alembic).
        const bool ok =
            labels ? is_label(item) : is_valid_revision_id(item) || (what == "Depends On" && is_label(item));
        if (!ok) {
            error(line.number,
                  fmt::format(
                      "invalid {} entry '{}': {}", what, item,
                      labels ? "a branch label is 1 to 64 letters, digits, '_' and '-', and not head, heads or base"
                             : "a revision id is 1 to 32 characters of [A-Za-z0-9_]"));
        } else if (std::find(ids.begin(), ids.end(), item) != ids.end()) {
            error(line.number, fmt::format("'{}' is listed twice in {}", item, what));
        } else {
            ids.push_back(item);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return ids;
}

void parser::check_required_keys() {
    if (seen_at_[static_cast<std::size_t>(header_key::revision_id)] == 0)
        error(1, "missing '-- Revision ID: <id>' header line");
    if (seen_at_[static_cast<std::size_t>(header_key::revises)] == 0)
        error(1, "missing '-- Revises:' header line (leave its value empty for a base revision)");
}

// The markers from `line` (the first line after the header) to the end, then the sections they delimit.
void parser::find_sections(std::optional<line_ref> line) {
    for (; line; line = lines_.next()) {
        if (marker_of(line->text) != marker::none) {
            note_marker(*line);
        } else if (!upgrade_marker_ && !is_blank(line->text) && !is_comment(line->text)) {
            error(line->number,
                  "SQL before '-- +upgrade': every statement belongs to the '-- +upgrade' or "
                  "'-- +downgrade' section");
            return;
        }
    }
    if (!upgrade_marker_) {
        error(lines_.next_number() - 1, "missing '-- +upgrade' section marker");
        return;
    }
    rev_.upgrade = make_section(*upgrade_marker_, downgrade_marker_ ? downgrade_marker_->offset : text_.size());
    rev_.upgrade.sum = upgrade_checksum(rev_);
    if (downgrade_marker_) {
        rev_.downgrade = make_section(*downgrade_marker_, text_.size());
        rev_.downgrade->sum = downgrade_checksum(rev_);
    }
}

void parser::note_marker(const line_ref& line) {
    switch (marker_of(line.text)) {
    case marker::upgrade:
        if (upgrade_marker_)
            error(line.number,
                  fmt::format("a second '-- +upgrade' (the first is at line {})", upgrade_marker_->number));
        else if (downgrade_marker_)
            error(line.number, "'-- +upgrade' must come before '-- +downgrade'");
        else
            upgrade_marker_ = line;
        break;
    case marker::downgrade:
        if (downgrade_marker_)
            error(line.number,
                  fmt::format("a second '-- +downgrade' (the first is at line {})", downgrade_marker_->number));
        else if (!upgrade_marker_)
            error(line.number, "'-- +downgrade' must come after '-- +upgrade'");
        else
            downgrade_marker_ = line;
        break;
    case marker::unknown:
        error(line.number, fmt::format("unknown section marker '{}'; the markers are '-- +upgrade' and "
                                       "'-- +downgrade'",
                                       trim(line.text)));
        break;
    case marker::none: break;
    }
}

// The lines after `marker` up to `end` (an offset in the text).
section parser::make_section(const line_ref& marker, std::size_t end) {
    return detail::section_of_lines(text_, detail::after(text_, marker), end, marker.number + 1, file_, diags_);
}

}  // namespace

std::string normalize_text(std::string raw) {
    // In place: the text only shrinks, and a revision file may be hundreds of megabytes.
    const std::size_t bom = std::string_view(raw).starts_with("\xEF\xBB\xBF") ? 3 : 0;
    if (bom == 0 && raw.find('\r') == std::string::npos) return raw;
    std::size_t out = 0;
    for (std::size_t i = bom; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            raw[out++] = '\n';
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else {
            raw[out++] = c;
        }
    }
    raw.resize(out);
    return raw;
}

bool is_valid_revision_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return !detail::is_reserved_word(id);
}

std::optional<revision> parse_revision_file(std::string_view file_name, std::string_view text, diagnostics& diags) {
    if (!check_text_encoding(file_name, text, diags)) return std::nullopt;
    return detail::parse_one_file(diags, [&](diagnostics& local) { return parser(file_name, text, local).run(); });
}

}  // namespace retort
