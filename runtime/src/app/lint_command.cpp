// lint, and the parse check that every command of the retort tool runs first: PostgreSQL's parser and
// the linter over a directory's revisions, the same rules the build runs (retort::sql::check_catalog).
#include <fmt/format.h>

#include "app/app.hpp"
#include "core/lockfile.hpp"

namespace retort::app {

namespace {

// The revisions the lock file records: released history, parsed but not linted.
std::vector<lock_entry> locked_entries(const catalog& c) {
    if (!c.lock.text) return {};
    diagnostics ignored;  // a malformed lock file is reported by check --offline and lock, not here
    return parse_lock(c.lock.name, *c.lock.text, ignored);
}

retort::status status_of(const sql::check_report& r) {
    if (!r.failed()) return retort::status::ok;
    // As the build does: a statement that does not parse is invalid input; a dangerous one is a lint error.
    return r.has_input_errors() ? retort::status::invalid_input : retort::status::lint;
}

}  // namespace

lint_outcome lint(const catalog& c, const lint_request& r) {
    if (c.storage.empty() && !c.revisions.revisions().empty())
        throw usage_error(
            "lint reads revision files: run it with the retort tool on the source directory (retort --dir "
            "migrations lint); the build already ran the same rules on a built binary's revisions");
    sql::check_options options;
    options.rules = sql::parse_rule_settings(r.rules);
    options.lint_locked = r.all;
    lint_outcome out{sql::check_catalog(c, locked_entries(c), options), retort::status::ok};
    out.result = status_of(out.report);
    return out;
}

void require_parsed(const catalog& c) {
    if (c.storage.empty()) return;  // baked: parsed by the build
    sql::check_options options;
    options.mode = sql::lint_mode::off;
    const sql::check_report report = sql::check_catalog(c, locked_entries(c), options);
    if (!report.has_input_errors()) return;
    std::vector<diagnostic> items;
    for (const auto& f : report.findings) {
        if (f.severity != sql::level::error) continue;
        items.push_back({f.file, f.line, severity::error, fmt::format("{} [{}]", f.message, f.rule), f.column});
    }
    throw input_error(std::move(items));
}

}  // namespace retort::app
