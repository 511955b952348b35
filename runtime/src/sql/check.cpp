// check_catalog: every revision in graph order (so that the model knows what earlier revisions created),
// then every seed; each file's comments read for directives, each section parsed, new work linted.
#include "sql/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

#include "sql/directives.hpp"
#include "sql/lint.hpp"
#include "sql/parse_check.hpp"
#include "sql/rules/rule.hpp"
#include "sql/section_builder.hpp"
#include "sql/settings.hpp"

namespace retort::sql {

namespace {

constexpr std::string_view locked_hint =
    "if this is valid SQL of a newer PostgreSQL, this revision is locked (released), so leave its sections as "
    "they are and put '-- retort:no-parse-file <reason>' among the comments between its header and "
    "'-- +upgrade', which are outside the checksums (docs/lint.md)";

// The texts that a directory catalog's views point into, to find the whole file of a revision.
class file_texts {
public:
    explicit file_texts(const catalog& c) {
        for (const auto& s : c.storage) texts_.emplace_back(*s);
        std::sort(texts_.begin(), texts_.end(), [](auto a, auto b) { return a.data() < b.data(); });
    }

    // The stored text that `part` is a view into; empty when there is none (a baked catalog).
    std::string_view containing(std::string_view part) const {
        auto it = std::upper_bound(texts_.begin(), texts_.end(), part.data(),
                                   [](const char* p, std::string_view t) { return p < t.data(); });
        if (it == texts_.begin()) return {};
        --it;
        const bool inside = part.data() >= it->data() && part.data() + part.size() <= it->data() + it->size();
        return inside ? *it : std::string_view();
    }

private:
    std::vector<std::string_view> texts_;
};

// The part of a revision file before its `-- +upgrade` marker line.
std::string_view preamble_of(std::string_view file_text, const revision& r) {
    std::uint32_t line = 1;
    std::size_t pos = 0;
    const std::uint32_t marker_line = r.upgrade.first_line > 1 ? r.upgrade.first_line - 1 : 1;
    while (line < marker_line && pos < file_text.size()) {
        const std::size_t nl = file_text.find('\n', pos);
        if (nl == std::string_view::npos) return file_text;
        pos = nl + 1;
        ++line;
    }
    return file_text.substr(0, pos);
}

class catalog_checker {
public:
    catalog_checker(const catalog& c, std::span<const lock_entry> locked, const check_options& options)
        : catalog_(c),
          options_(options),
          levels_(options),
          texts_(c),
          statement_hint_(statement_opt_out_hint()) {
        for (const auto& e : locked) locked_.insert(e.id);
    }

    check_report run() {
        for (const auto& r : catalog_.revisions.revisions()) check_revision(r);
        for (const auto& s : catalog_.seeds) check_seed(s);
        return std::move(report_);
    }

private:
    void check_revision(const revision& r) {
        const bool is_new = !locked_.contains(std::string(r.id));
        const bool lint = levels_.linting() && (is_new || options_.lint_locked);
        std::vector<finding> found;
        directives up;
        directives down;
        if (auto text = texts_.containing(r.id); !text.empty())
            read_preamble_directives(preamble_of(text, r), r.file, up);
        read_section_directives(r.upgrade.sql, r.upgrade.first_line, r.upgrade.statements, r.file, up);
        if (r.downgrade)
            read_section_directives(r.downgrade->sql, r.downgrade->first_line, r.downgrade->statements, r.file, down);
        // A no-parse-file anywhere covers both sections.
        down.whole_file.insert(down.whole_file.end(), up.whole_file.begin(), up.whole_file.end());
        up.whole_file = down.whole_file;
        if (is_new || options_.lint_locked) {
            found.insert(found.end(), up.problems.begin(), up.problems.end());
            found.insert(found.end(), down.problems.begin(), down.problems.end());
        }
        const std::string_view hint = is_new ? std::string_view(statement_hint_) : locked_hint;
        auto up_parse = parse(r.upgrade, r.file, up, hint, found);
        // Every upgrade advances the model of what exists, released ones too, unless nothing is linted.
        std::optional<section_view> up_view;
        if (levels_.linting())
            up_view.emplace(build_section(r, section_kind::upgrade, r.upgrade, up_parse, model_, nullptr));
        if (lint) {
            note_skipped(r, r.upgrade, up, found);
            lint_section(*up_view, r.upgrade, up, levels_, found);
        }
        if (r.downgrade) {
            auto down_parse = parse(*r.downgrade, r.file, down, hint, found);
            if (lint) {
                auto down_view = build_section(r, section_kind::downgrade, *r.downgrade, down_parse, model_, &*up_view);
                note_skipped(r, *r.downgrade, down, found);
                lint_section(down_view, *r.downgrade, down, levels_, found);
            }
        }
        if (lint) ++report_.linted_revisions;
        add(std::move(found), r.id);
    }

    void check_seed(const seed& s) {
        directives d;
        read_section_directives(s.body.sql, s.body.first_line, s.body.statements, s.file, d);
        std::vector<finding> found = d.problems;
        parse(s.body, s.file, d, statement_hint_, found);
        add(std::move(found), {});
    }

    // The parse checks of one section; returns which statements the parser accepted.
    std::vector<bool> parse(const section& sec, std::string_view file, const directives& d, std::string_view hint,
                            std::vector<finding>& found) {
        std::vector<bool> skip(sec.statements.size());
        for (std::size_t i = 0; i < skip.size(); ++i) {
            skip[i] = d.skips(i);
            report_.skipped_statements += skip[i] ? 1 : 0;
        }
        if (d.skips_file() || sec.statements.empty()) return std::vector<bool>(sec.statements.size(), false);
        auto result = parse_section(sec.sql, sec.first_line, file, sec.statements, skip, hint);
        for (bool ok : result.accepted) report_.parsed_statements += ok ? 1 : 0;
        found.insert(found.end(), result.findings.begin(), result.findings.end());
        return std::move(result.accepted);
    }

    // Opt-outs are explicit and reviewed, and the lint report lists them too (at info level by default).
    void note_skipped(const revision& r, const section& sec, const directives& d, std::vector<finding>& found) {
        const auto severity = levels_.of(not_parsed_rule);
        if (!severity) return;
        auto note = [&](std::uint32_t line, std::string message) {
            found.push_back(finding{std::string(r.file), line, 0, std::string(not_parsed_rule), *severity,
                                    std::move(message), std::string(r.id)});
        };
        if (d.skips_file()) {
            if (&sec == &r.upgrade)
                for (const auto& dir : d.whole_file)
                    note(dir.line, fmt::format("this file is not parsed, split-checked or linted "
                                               "(retort:no-parse-file: {})",
                                               dir.reason));
            return;
        }
        for (std::size_t i = 0; i < sec.statements.size(); ++i) {
            for (const auto& dir : d.before[i])
                if (dir.kind == directive_kind::no_parse)
                    note(sec.statements[i].line, fmt::format("this statement is not parsed, split-checked or linted "
                                                             "(retort:no-parse: {})",
                                                             dir.reason));
        }
    }

    void add(std::vector<finding> found, std::string_view revision_id) {
        for (auto& f : found)
            if (f.revision.empty()) f.revision = std::string(revision_id);
        std::stable_sort(found.begin(), found.end(), [](const finding& a, const finding& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        report_.findings.insert(report_.findings.end(), std::make_move_iterator(found.begin()),
                                std::make_move_iterator(found.end()));
    }

    const catalog& catalog_;
    const check_options& options_;
    severities levels_;
    file_texts texts_;
    std::string statement_hint_;
    std::unordered_set<std::string> locked_;
    schema_model model_;
    check_report report_;
};

}  // namespace

std::size_t check_report::count(level l) const noexcept {
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(), [l](const finding& f) { return f.severity == l; }));
}

bool check_report::has_input_errors() const noexcept {
    return std::any_of(findings.begin(), findings.end(), [](const finding& f) {
        return f.rule == syntax_error_check || f.rule == split_mismatch_check || f.rule == directive_check;
    });
}

check_report check_catalog(const catalog& c, std::span<const lock_entry> locked, const check_options& options) {
    return catalog_checker(c, locked, options).run();
}

std::vector<finding> check_sql_text(std::string_view sql, std::uint32_t first_line, std::string_view file,
                                    std::span<const statement> statements) {
    return parse_section(sql, first_line, file, statements, {}, statement_opt_out_hint()).findings;
}

}  // namespace retort::sql
