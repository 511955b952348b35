// The engine between the rules and the findings.
#include "sql/lint.hpp"

#include <fmt/format.h>

#include <set>

#include "sql/rules/rule.hpp"
#include "sql/text_position.hpp"

namespace retort::sql {

namespace {

class section_linter {
public:
    section_linter(const section_view& view, const section& sec, const directives& d, const severities& levels,
                   std::vector<finding>& out)
        : view_(view),
          sec_(sec),
          directives_(d),
          levels_(levels),
          out_(out) {}

    void run() {
        for (const rule* r : all_rules()) {
            if (!r->check) continue;
            const auto severity = levels_.of(r->info.id);
            if (!severity) continue;
            reporter found;
            r->check(view_, found);
            for (const auto& raw : found.items()) place(*r, *severity, raw);
        }
        report_unused_allows();
    }

private:
    void place(const rule& r, level severity, const raw_finding& raw) {
        if (allowed(r.info.id, raw.statement)) return;
        const statement& st = sec_.statements[raw.statement];
        std::size_t offset = static_cast<std::size_t>(st.sql.data() - sec_.sql.data());
        if (raw.location >= 0 && static_cast<std::size_t>(raw.location) < st.sql.size())
            offset += static_cast<std::size_t>(raw.location);
        const auto p = position_at(sec_.sql, offset, sec_.first_line);
        out_.push_back(finding{std::string(view_.rev.file), p.line, p.column, std::string(r.info.id), severity,
                               raw.message, std::string(view_.rev.id)});
    }

    bool allowed(std::string_view id, std::size_t statement) {
        if (statement >= directives_.before.size()) return false;
        for (const auto& d : directives_.before[statement]) {
            if (d.kind == directive_kind::allow && d.rule == id) {
                used_.insert(&d);
                return true;
            }
        }
        return false;
    }

    void report_unused_allows() {
        const auto severity = levels_.of(unused_allow_rule);
        if (!severity) return;
        for (std::size_t i = 0; i < directives_.before.size(); ++i) {
            for (const auto& d : directives_.before[i]) {
                if (d.kind != directive_kind::allow || used_.contains(&d) || !levels_.of(d.rule)) continue;
                // A statement the parser skipped or rejected was not linted, so its allows prove nothing.
                if (!linted(i)) continue;
                out_.push_back(finding{std::string(view_.rev.file), d.line, 0, std::string(unused_allow_rule),
                                       *severity,
                                       fmt::format("retort:allow {0} suppresses nothing: the statement below it has no "
                                                   "{0} finding; remove the directive",
                                                   d.rule),
                                       std::string(view_.rev.id)});
            }
        }
    }

    bool linted(std::size_t statement) const {
        for (const auto& st : view_.statements)
            if (st.index == statement) return st.parsed;
        return false;
    }

    const section_view& view_;
    const section& sec_;
    const directives& directives_;
    const severities& levels_;
    std::vector<finding>& out_;
    std::set<const directive*> used_;
};

}  // namespace

void lint_section(const section_view& view, const section& sec, const directives& d, const severities& levels,
                  std::vector<finding>& out) {
    section_linter(view, sec, d, levels, out).run();
}

}  // namespace retort::sql
