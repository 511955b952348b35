// Reads the error tables of docs/errors.md and matches printed output against their messages.
#include "error_table.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <span>
#include <stdexcept>

namespace retort::testing {

namespace {

constexpr auto npos = std::string_view::npos;

// The cells of `| a | b |`; `\|` is a pipe inside a cell, as in GitHub's tables.
std::vector<std::string> cells_of(std::string_view line) {
    std::vector<std::string> out;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
            cell += '|';
            ++i;
        } else if (line[i] == '|') {
            out.push_back(cell);
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    return out;
}

std::string with_tabs(std::string_view span) {
    std::string out;
    for (std::size_t i = 0; i < span.size(); ++i) {
        if (span[i] == '\\' && i + 1 < span.size() && span[i + 1] == 't') {
            out += '\t';
            ++i;
        } else {
            out += span[i];
        }
    }
    return out;
}

std::size_t run_length(std::string_view text, std::size_t at) {
    std::size_t n = 0;
    while (at + n < text.size() && text[at + n] == '`') ++n;
    return n;
}

// The code spans of a cell joined, `<br>` between them a line break; text outside spans is commentary.
// A span opened by N backticks ends at the next run of exactly N, and loses one space at each end when
// it has both, as Markdown reads it.
std::string code_text(std::string_view cell) {
    std::string out;
    std::size_t i = 0;
    while (i < cell.size()) {
        if (cell.substr(i).starts_with("<br>")) {
            out += '\n';
            i += 4;
            continue;
        }
        if (cell[i] != '`') {
            ++i;
            continue;
        }
        const std::size_t fence = run_length(cell, i);
        const std::size_t start = i + fence;
        std::size_t end = start;
        while (true) {
            end = cell.find('`', end);
            if (end == npos) throw std::runtime_error("unclosed code span in: " + std::string(cell));
            const std::size_t run = run_length(cell, end);
            if (run == fence) break;
            end += run;
        }
        std::string_view span = cell.substr(start, end - start);
        if (span.size() > 2 && span.front() == ' ' && span.back() == ' ') span = span.substr(1, span.size() - 2);
        out += with_tabs(span);
        i = end + fence;
    }
    return out;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

bool is_placeholder_name(std::string_view name) {
    return !name.empty() && std::islower(static_cast<unsigned char>(name.front())) &&
           std::all_of(name.begin(), name.end(),
                       [](char c) { return std::islower(static_cast<unsigned char>(c)) || c == ' '; });
}

// `rest` is: any text of one character or more, pieces[0], any text, pieces[1], ..., pieces.back() at
// its end.
bool match_after_placeholder(std::string_view rest, std::span<const std::string> pieces) {
    const std::string& next = pieces.front();
    if (pieces.size() == 1) return rest.size() > next.size() && rest.ends_with(next);
    for (std::size_t at = rest.find(next, 1); at != npos; at = rest.find(next, at + 1))
        if (match_after_placeholder(rest.substr(at + next.size()), pieces.subspan(1))) return true;
    return false;
}

}  // namespace

std::vector<error_row> read_error_table(const std::filesystem::path& document) {
    std::ifstream in(document);
    if (!in) throw std::runtime_error("cannot read " + document.string());
    std::vector<error_row> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with("| `")) continue;
        const auto cells = cells_of(line);
        if (cells.size() != 4) throw std::runtime_error("a row of " + document.string() + " without 4 cells: " + line);
        error_row row{code_text(cells[0]), code_text(cells[2]), -1};
        try {
            row.exit_status = std::stoi(trimmed(cells[3]));
        } catch (const std::exception&) {
            throw std::runtime_error("a row of " + document.string() + " without an exit status: " + line);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

bool matches_message(std::string_view message, std::string_view text, const placeholder_values& values) {
    // Literal pieces, one more than the placeholders without a value.
    std::vector<std::string> pieces(1);
    for (std::size_t i = 0; i < message.size();) {
        const std::size_t close = message[i] == '{' ? message.find('}', i) : npos;
        const std::string_view name = close == npos ? std::string_view{} : message.substr(i + 1, close - i - 1);
        if (!is_placeholder_name(name)) {
            pieces.back() += message[i++];
            continue;
        }
        auto given = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
        if (given != values.end())
            pieces.back() += given->second;
        else
            pieces.emplace_back();
        i = close + 1;
    }
    if (!text.starts_with(pieces.front())) return false;
    const std::string_view rest = text.substr(pieces.front().size());
    if (pieces.size() == 1) return rest.empty();
    return match_after_placeholder(rest, std::span<const std::string>(pieces).subspan(1));
}

}  // namespace retort::testing
