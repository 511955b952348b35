// Parses and lints at build time; info findings are left to the lint command, so that builds stay quiet.
#include "sql_checks.hpp"

#include <fmt/format.h>

#include <ostream>
#include <vector>

#include "core/lockfile.hpp"
#include "sql/check.hpp"
#include "sql/render.hpp"

namespace retort::generator {

namespace {

sql::check_options options_of(const std::map<std::string, std::string>& args) {
    sql::check_options options;
    if (auto mode = args.find("lint"); mode != args.end()) {
        auto parsed = sql::parse_lint_mode(mode->second);
        if (!parsed) throw usage_error(fmt::format("--lint takes off, warning or error, not '{}'", mode->second));
        options.mode = *parsed;
    }
    if (auto rules = args.find("lint-rules"); rules != args.end())
        options.rules = sql::parse_rule_settings(rules->second);
    return options;
}

}  // namespace

status check_sql(const catalog& c, const std::map<std::string, std::string>& args, std::ostream& err) {
    sql::check_options options;
    try {
        options = options_of(args);
    } catch (const error& e) {
        err << "retort_generator: " << e.what() << '\n';
        return status::usage;
    }
    // Revisions the lock file holds are released: they are parsed, but their lint findings are history.
    std::vector<lock_entry> locked;
    if (c.lock.text) {
        diagnostics ignored;  // the lock file was checked before this runs
        locked = parse_lock(c.lock.name, *c.lock.text, ignored);
    }
    const auto report = sql::check_catalog(c, locked, options);
    std::vector<sql::finding> shown;
    for (const auto& f : report.findings)
        if (f.severity != sql::level::info) shown.push_back(f);
    err << sql::render_text(shown);
    const std::size_t errors = report.count(sql::level::error);
    const std::size_t warnings = report.count(sql::level::warning);
    if (errors + warnings > 0)
        err << fmt::format(
            "retort_generator: {} error{} and {} warning{} from PostgreSQL's parser and the linter; "
            "docs/lint.md gives each rule's safe rewrite, and how to accept a finding with "
            "'-- retort:allow <rule> <reason>' on the line before the statement\n",
            errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    if (!report.failed()) return status::ok;
    return report.has_input_errors() ? status::invalid_input : status::lint;
}

}  // namespace retort::generator
