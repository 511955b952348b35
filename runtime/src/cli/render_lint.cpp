// The lint command's output: the findings in the format asked for (retort::sql's renderings, the same
// the build prints), and a summary line in text.
#include <fmt/format.h>

#include "cli/render.hpp"
#include "sql/render.hpp"

namespace retort::cli {

namespace {

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string summary(const sql::check_report& r) {
    return fmt::format("{}, {}, {} info; {} parsed{}, {} linted.\n", plural(r.count(sql::level::error), "error"),
                       plural(r.count(sql::level::warning), "warning"), r.count(sql::level::info),
                       plural(r.parsed_statements, "statement"),
                       r.skipped_statements ? fmt::format(" ({} opted out)", r.skipped_statements) : "",
                       plural(r.linted_revisions, "revision"));
}

}  // namespace

rendered render(const app::lint_outcome& o, const arguments& a) {
    rendered r;
    r.result = o.result;
    const auto& findings = o.report.findings;
    switch (a.format) {
    case output_format::json:
        r.fields = {{"findings", sql::render_json_array(findings)},
                    {"counts",
                     fmt::format("{{\"error\":{},\"warning\":{},\"info\":{}}}", o.report.count(sql::level::error),
                                 o.report.count(sql::level::warning), o.report.count(sql::level::info))},
                    {"parsed_statements", std::to_string(o.report.parsed_statements)},
                    {"skipped_statements", std::to_string(o.report.skipped_statements)},
                    {"linted_revisions", std::to_string(o.report.linted_revisions)}};
        break;
    case output_format::sarif: r.out = sql::render_sarif(findings); break;
    case output_format::github: r.out = sql::render_github(findings); break;
    case output_format::text:
        r.out = sql::render_text(findings);
        if (!a.quiet) r.out += summary(o.report);
        break;
    }
    return r;
}

}  // namespace retort::cli
