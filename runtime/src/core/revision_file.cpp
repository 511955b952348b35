// Parses a revision file: the comment header, then the `-- +upgrade` and `-- +downgrade` sections.
#include "retort/revision_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "retort/checksum.hpp"
#include "retort/sql_lexer.hpp"

namespace retort {

namespace {

constexpr std::string_view reserved_ids[] = {"head", "heads", "base"};

struct line_ref {
    std::string_view text;
    std::uint32_t number = 0;  // 1-based
    std::size_t offset = 0;    // of the first character in the file
};

std::vector<line_ref> split_lines(std::string_view text) {
    std::vector<line_ref> lines;
    std::size_t start = 0;
    std::uint32_t number = 1;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back({text.substr(start, end - start), number++, start});
        start = end + 1;
    }
    return lines;
}

bool is_blank_char(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank_char(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank_char(s.back())) s.remove_suffix(1);
    return s;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

bool is_comment(std::string_view line) { return trim(line).starts_with("--"); }

// The text of a comment line after `--`, trimmed.
std::string_view comment_body(std::string_view line) { return trim(trim(line).substr(2)); }

enum class marker { none, upgrade, downgrade, unknown };

// Section markers are whole lines: `-- +upgrade`, `-- +downgrade`. Any other `-- +word` line is a typo.
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

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

enum class header_key { revision_id, revises, create_date, branch_labels, depends_on, transactional };

struct key_name {
    std::string_view name;
    header_key key;
};

constexpr std::array<key_name, 6> known_keys{{
    {"Revision ID", header_key::revision_id},
    {"Revises", header_key::revises},
    {"Create Date", header_key::create_date},
    {"Branch Labels", header_key::branch_labels},
    {"Depends On", header_key::depends_on},
    {"Transactional", header_key::transactional},
}};

std::string known_key_list() {
    std::string out;
    for (const auto& k : known_keys) {
        if (!out.empty()) out += ", ";
        out += k.name;
    }
    return out;
}

const key_name* find_key(std::string_view name) {
    for (const auto& k : known_keys)
        if (k.name == name) return &k;
    return nullptr;
}

const key_name* find_key_ignoring_case(std::string_view name) {
    for (const auto& k : known_keys)
        if (iequals(k.name, name)) return &k;
    return nullptr;
}

// Labels appear in targets such as `billing@head`, so they exclude '@', '+', ':' and the reserved words.
bool is_label(std::string_view s) {
    return !s.empty() && s.size() <= 64 &&
           std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }) &&
           std::find(std::begin(reserved_ids), std::end(reserved_ids), s) == std::end(reserved_ids);
}

// Parses one header file at a time; members hold what the header said so far.
class parser {
public:
    parser(std::string_view file, std::string_view text, diagnostics& diags)
        : file_(file), text_(text), diags_(diags), lines_(split_lines(text)) {}

    std::optional<revision> run();

private:
    void error(std::uint32_t line, std::string message) { diags_.error(std::string(file_), line, std::move(message)); }

    std::size_t parse_header();
    void parse_header_line(const line_ref& line, bool first);
    void set_key(const key_name& key, std::string_view value, const line_ref& line);
    std::vector<std::string_view> parse_id_list(std::string_view value, const line_ref& line, std::string_view what,
                                                bool labels);
    void check_required_keys();
    void find_sections(std::size_t from);
    section make_section(std::size_t first, std::size_t end_line);

    std::string_view file_;
    std::string_view text_;
    diagnostics& diags_;
    std::vector<line_ref> lines_;
    revision rev_;
    std::array<std::uint32_t, known_keys.size()> seen_at_{};  // line of each key, 0 when absent
    std::optional<std::size_t> upgrade_marker_;
    std::optional<std::size_t> downgrade_marker_;
};

std::optional<revision> parser::run() {
    rev_.file = file_;
    if (lines_.empty() || !is_comment(lines_.front().text)) {
        error(1, "not a retort revision file: it must begin with a '-- message' line and a "
                 "'-- Revision ID: <id>' header (every .sql file in a migrations directory is a revision; "
                 "see docs/revision-format.md)");
        return std::nullopt;
    }
    std::size_t after_header = parse_header();
    check_required_keys();
    find_sections(after_header);
    if (diags_.has_errors()) return std::nullopt;
    return std::move(rev_);
}

// Header: the comment lines from line 1 up to the first line that is not a comment (or a marker).
std::size_t parser::parse_header() {
    std::size_t i = 0;
    for (; i < lines_.size(); ++i) {
        const auto& line = lines_[i];
        if (!is_comment(line.text) || marker_of(line.text) != marker::none) break;
        parse_header_line(line, i == 0);
    }
    return i;
}

void parser::parse_header_line(const line_ref& line, bool first) {
    std::string_view body = comment_body(line.text);
    if (body.empty()) return;
    std::size_t colon = body.find(':');
    std::string_view name = colon == std::string_view::npos ? std::string_view{} : trim(body.substr(0, colon));
    if (const key_name* key = find_key(name)) {
        set_key(*key, trim(body.substr(colon + 1)), line);
        return;
    }
    if (first) {
        rev_.message = body;
        return;
    }
    if (const key_name* near = find_key_ignoring_case(name)) {
        error(line.number, fmt::format("unknown header key '{}'; did you mean '{}'?", name, near->name));
    } else if (colon == std::string_view::npos) {
        error(line.number, fmt::format("header line '{}' is not 'Key: value'; the header ends at the first line "
                                       "that is not a comment, so put free comments after a blank line",
                                       body));
    } else {
        error(line.number, fmt::format("unknown header key '{}' (known keys: {})", name, known_key_list()));
    }
}

void parser::set_key(const key_name& key, std::string_view value, const line_ref& line) {
    auto& seen = seen_at_[static_cast<std::size_t>(key.key)];
    if (seen != 0) {
        error(line.number, fmt::format("repeated header key '{}' (first given at line {})", key.name, seen));
        return;
    }
    seen = line.number;
    switch (key.key) {
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
    case header_key::create_date:
        rev_.create_date = value;
        break;
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

std::vector<std::string_view> parser::parse_id_list(std::string_view value, const line_ref& line,
                                                    std::string_view what, bool labels) {
    std::vector<std::string_view> ids;
    if (value.empty()) return ids;
    std::size_t start = 0;
    while (true) {
        std::size_t comma = value.find(',', start);
        std::string_view item = trim(value.substr(start, comma == std::string_view::npos ? value.npos : comma - start));
        // Depends On may name a branch label as well as a revision id (as in Alembic).
        const bool ok = labels ? is_label(item)
                               : is_valid_revision_id(item) || (what == "Depends On" && is_label(item));
        if (!ok) {
            error(line.number,
                  fmt::format("invalid {} entry '{}': {}", what, item,
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

void parser::find_sections(std::size_t from) {
    for (std::size_t i = from; i < lines_.size(); ++i) {
        const auto& line = lines_[i];
        switch (marker_of(line.text)) {
        case marker::upgrade:
            if (upgrade_marker_)
                error(line.number, fmt::format("a second '-- +upgrade' (the first is at line {})",
                                               lines_[*upgrade_marker_].number));
            else if (downgrade_marker_)
                error(line.number, "'-- +upgrade' must come before '-- +downgrade'");
            else
                upgrade_marker_ = i;
            break;
        case marker::downgrade:
            if (downgrade_marker_)
                error(line.number, fmt::format("a second '-- +downgrade' (the first is at line {})",
                                               lines_[*downgrade_marker_].number));
            else if (!upgrade_marker_)
                error(line.number, "'-- +downgrade' must come after '-- +upgrade'");
            else
                downgrade_marker_ = i;
            break;
        case marker::unknown:
            error(line.number, fmt::format("unknown section marker '{}'; the markers are '-- +upgrade' and "
                                           "'-- +downgrade'",
                                           trim(line.text)));
            break;
        case marker::none:
            if (!upgrade_marker_ && !is_blank(line.text) && !is_comment(line.text)) {
                error(line.number, "SQL before '-- +upgrade': every statement belongs to the '-- +upgrade' or "
                                   "'-- +downgrade' section");
                return;
            }
            break;
        }
    }
    if (!upgrade_marker_) {
        error(lines_.back().number, "missing '-- +upgrade' section marker");
        return;
    }
    std::size_t upgrade_end = downgrade_marker_ ? *downgrade_marker_ : lines_.size();
    rev_.upgrade = make_section(*upgrade_marker_ + 1, upgrade_end);
    rev_.upgrade.sum = upgrade_checksum(rev_);
    if (downgrade_marker_) {
        rev_.downgrade = make_section(*downgrade_marker_ + 1, lines_.size());
        rev_.downgrade->sum = downgrade_checksum(rev_);
    }
}

// Lines [first, end_line) with trailing blank lines dropped; the view excludes the last line's LF.
section parser::make_section(std::size_t first, std::size_t end_line) {
    section s;
    s.first_line = first < lines_.size() ? lines_[first].number
                                         : (lines_.empty() ? 1 : lines_.back().number + 1);
    std::size_t last = end_line;
    while (last > first && is_blank(lines_[last - 1].text)) --last;
    if (last > first) {
        std::size_t begin = lines_[first].offset;
        std::size_t end = lines_[last - 1].offset + lines_[last - 1].text.size();
        s.sql = text_.substr(begin, end - begin);
    } else {
        s.sql = text_.substr(first < lines_.size() ? lines_[first].offset : text_.size(), 0);
    }
    s.statements = split_statements(s.sql, s.first_line, file_, diags_);
    return s;
}

}  // namespace

std::string normalize_text(std::string_view raw) {
    if (raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\r') {
            out += '\n';
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else {
            out += c;
        }
    }
    return out;
}

bool is_valid_revision_id(std::string_view id) {
    if (id.empty() || id.size() > 32) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return std::find(std::begin(reserved_ids), std::end(reserved_ids), id) == std::end(reserved_ids);
}

std::optional<revision> parse_revision_file(std::string_view file_name, std::string_view text,
                                            diagnostics& diags) {
    // A fresh sink per file tells whether this file, not an earlier one, had errors.
    diagnostics local;
    auto result = parser(file_name, text, local).run();
    for (const auto& d : local.all()) {
        if (d.level == severity::error)
            diags.error(d.file, d.line, d.message);
        else
            diags.note(d.file, d.line, d.message);
    }
    if (local.has_errors()) return std::nullopt;
    return result;
}

}  // namespace retort
