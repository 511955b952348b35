// Finds retort: comment lines around statements and reads them as directives.
#include "sql/directives.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "sql/rules.hpp"

namespace retort::sql {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// One line of text, with its file line.
struct text_line {
    std::string_view text;
    std::uint32_t number = 0;
    bool whole = true;  // false for the rest of a line that a statement ends on
};

// What a comment line says: nothing (an ordinary comment), a directive, or a problem.
struct reading {
    std::optional<directive> found;
    std::string problem;
    bool is_directive = false;
};

std::string known_rules_hint(std::string_view id) {
    // Suggest rules sharing a word with the mistyped id; the full list is in docs/lint.md.
    std::string close;
    for (const auto& r : rule_catalog()) {
        const auto dash = id.find('-');
        const std::string_view word = id.substr(0, dash);
        if (!word.empty() && r.id.find(word) != std::string_view::npos) {
            close += close.empty() ? "" : ", ";
            close += r.id;
        }
    }
    return close.empty() ? std::string("see docs/lint.md for the rule ids") : fmt::format("did you mean {}?", close);
}

// Reads `-- retort:<name> ...`. Only `retort:` followed at once by a letter is a directive, so prose such
// as "-- retort: note" stays a comment.
reading read_comment(std::string_view line, std::uint32_t number) {
    reading r;
    std::string_view t = trim(line);
    if (!t.starts_with("--")) return r;
    t = trim(t.substr(2));
    if (!t.starts_with("retort:") || t.size() == 7 || !(t[7] >= 'a' && t[7] <= 'z')) return r;
    r.is_directive = true;
    t.remove_prefix(7);
    const std::size_t name_end = std::min(t.find_first_of(" \t"), t.size());
    const std::string_view name = t.substr(0, name_end);
    std::string_view rest = trim(t.substr(name_end));
    directive d;
    d.line = number;
    if (name == "allow") {
        d.kind = directive_kind::allow;
        const std::size_t id_end = std::min(rest.find_first_of(" \t"), rest.size());
        d.rule = std::string(rest.substr(0, id_end));
        rest = trim(rest.substr(id_end));
        if (d.rule.empty()) {
            r.problem = "retort:allow names no rule: write '-- retort:allow <rule-id> <reason>'";
            return r;
        }
        if (!find_rule(d.rule)) {
            r.problem = fmt::format("retort:allow names the unknown rule '{}'; {}", d.rule, known_rules_hint(d.rule));
            return r;
        }
    } else if (name == "no-parse") {
        d.kind = directive_kind::no_parse;
    } else if (name == "no-parse-file") {
        d.kind = directive_kind::no_parse_file;
    } else {
        r.problem = fmt::format(
            "unknown directive 'retort:{}'; the directives are retort:allow, retort:no-parse "
            "and retort:no-parse-file (docs/lint.md)",
            name);
        return r;
    }
    if (rest.empty()) {
        r.problem = fmt::format(
            "retort:{} needs a reason, for the reviewer: '-- retort:{}{} <why this is safe "
            "here>'",
            name, name, d.kind == directive_kind::allow ? " " + d.rule : "");
        // Still honoured (the build fails on the missing reason anyway), so the statement is not also
        // reported for what the directive meant to accept.
    }
    d.reason = std::string(rest);
    r.found = std::move(d);
    return r;
}

// A stretch of text between statements (or around them): text[begin, end), which begins on file line
// `first_line`. Walked line by line rather than split into a list, so that a gap of millions of comment
// lines costs no memory.
struct gap {
    std::string_view text;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::uint32_t first_line = 1;
};

// Calls `visit` with each line of the gap, in order.
template <class Visit>
void for_each_line(const gap& g, Visit visit) {
    // Searching only up to the gap's end: a long line after it would make each gap cost the whole text.
    const std::string_view upto = g.text.substr(0, g.end);
    std::uint32_t number = g.first_line;
    std::size_t pos = g.begin;
    bool whole = g.begin == 0 || g.text[g.begin - 1] == '\n';
    while (pos < g.end) {
        const std::size_t nl = upto.find('\n', pos);
        const std::size_t stop = nl == std::string_view::npos ? g.end : nl;
        // The last piece is a whole line only when the statement after it begins on the next line.
        visit(text_line{upto.substr(pos, stop - pos), number, whole});
        if (stop == g.end) break;
        pos = stop + 1;
        ++number;
        whole = true;
    }
}

bool is_comment_line(const text_line& l) { return l.whole && trim(l.text).starts_with("--"); }

// The file line where the run of whole comment lines directly above the statement on `next_line` begins
// (the statement's own line, when the gap ends inside it, is not part of the run); 0 when there is none.
std::uint32_t comment_run_above(const gap& g, std::uint32_t next_line) {
    std::uint32_t run = 0;
    std::uint32_t run_before_last = 0;
    std::uint32_t last = 0;
    for_each_line(g, [&](const text_line& l) {
        run_before_last = run;
        run = is_comment_line(l) ? (run != 0 ? run : l.number) : 0;
        last = l.number;
    });
    // An indented statement: the gap's last piece is the start of the statement's own line.
    if (last != 0 && last == next_line) {
        run = run_before_last;
        --last;
    }
    return last + 1 == next_line ? run : 0;
}

class section_reader {
public:
    section_reader(std::string_view file, directives& out) : file_(file), out_(out) {}

    // A gap of text between statements (or before the first, or after the last). When `next` is a
    // statement index, the directive lines directly above it (it begins on `next_line`) belong to it.
    void read_gap(const gap& g, std::size_t next, std::uint32_t next_line) {
        const std::uint32_t run = next == none ? 0 : comment_run_above(g, next_line);
        for_each_line(g, [&](const text_line& l) {
            auto r = read_comment(l.text, l.number);
            if (!r.is_directive) return;
            if (!r.problem.empty()) problem(l.number, r.problem);
            if (!r.found) return;
            place(std::move(*r.found), run != 0 && l.number >= run && l.whole ? next : none);
        });
    }

    static constexpr std::size_t none = static_cast<std::size_t>(-1);

private:
    void place(directive d, std::size_t statement) {
        if (d.kind == directive_kind::no_parse_file) {
            out_.whole_file.push_back(std::move(d));
        } else if (statement == none) {
            problem(d.line, fmt::format("this retort:{} applies to no statement: put it on its own line directly "
                                        "before the statement it is about (no blank line between)",
                                        d.kind == directive_kind::allow ? "allow" : "no-parse"));
        } else {
            out_.before[statement].push_back(std::move(d));
        }
    }

    void problem(std::uint32_t line, std::string message) {
        out_.problems.push_back(
            finding{std::string(file_), line, 0, std::string(directive_check), level::error, std::move(message), {}});
    }

    std::string_view file_;
    directives& out_;
};

}  // namespace

bool directives::skips(std::size_t i) const noexcept {
    if (skips_file()) return true;
    if (i >= before.size()) return false;
    for (const auto& d : before[i])
        if (d.kind == directive_kind::no_parse) return true;
    return false;
}

void read_section_directives(std::string_view sql, std::uint32_t first_line, std::span<const statement> statements,
                             std::string_view file, directives& out) {
    out.before.resize(statements.size());
    section_reader reader(file, out);
    std::size_t gap_begin = 0;
    // The file line of sql[counted], carried forward: counting from the start for each gap made a section
    // of many statements quadratic.
    std::uint32_t line = first_line;
    std::size_t counted = 0;
    for (std::size_t i = 0; i <= statements.size(); ++i) {
        const bool last = i == statements.size();
        const std::size_t gap_end = last ? sql.size() : static_cast<std::size_t>(statements[i].sql.data() - sql.data());
        line += static_cast<std::uint32_t>(std::count(sql.begin() + counted, sql.begin() + gap_begin, '\n'));
        counted = gap_begin;
        reader.read_gap(gap{sql, gap_begin, gap_end, line}, last ? section_reader::none : i,
                        last ? 0 : statements[i].line);
        if (!last) gap_begin = gap_end + statements[i].sql.size();
    }
}

void read_preamble_directives(std::string_view text, std::string_view file, directives& out) {
    section_reader reader(file, out);
    reader.read_gap(gap{text, 0, text.size(), 1}, section_reader::none, 0);
}

}  // namespace retort::sql
