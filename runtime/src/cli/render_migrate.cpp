// upgrade, downgrade, stamp, --sql and reset as text and JSON.
#include <fmt/format.h>

#include "cli/render.hpp"

namespace retort::cli {

namespace {

bool json(const arguments& a) { return a.format == output_format::json; }

std::string steps_json(const graph& g, const run_report& r) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < r.steps.size(); ++i)
        items.push_back(json_object({{"revision", json_string(g.at(r.steps[i].revision).id)},
                                     {"direction", json_string(r.steps[i].dir == direction::up ? "up" : "down")},
                                     {"seconds", fmt::format("{:.6f}", r.seconds[i])}}));
    return json_array(items);
}

std::string migration_json(const graph& g, const app::migration_outcome& o) {
    return json_object({{"steps", steps_json(g, o.report)}, {"current", ids_json(g, o.report.rows_after)}});
}

}  // namespace

std::string step_line(const graph& g, const step& s, double seconds) {
    const revision& r = g.at(s.revision);
    std::string parents = join_ids(g, g.parents_of(s.revision));
    if (s.dir == direction::up)
        return fmt::format("Running upgrade {} -> {}, {} ({:.1f} ms)\n", parents, r.id, r.message, seconds * 1000);
    return fmt::format("Running downgrade {} -> {}, {} ({:.1f} ms)\n", r.id, parents, r.message, seconds * 1000);
}

std::string phase_line(const catalog& c, const app::migration_outcome& o) {
    const graph& g = c.revisions;
    const run_report& r = o.report;
    double total = 0;
    for (double s : r.seconds) total += s;
    std::string now = join_ids(g, r.rows_after, "base");
    if (r.steps.empty()) return fmt::format("Nothing to do; the database is at {}.\n", now);
    return fmt::format("{} {} revision{} in {:.3f} s; the database is at {}.\n",
                       o.dir == direction::up ? "Upgraded" : "Downgraded", r.steps.size(),
                       r.steps.size() == 1 ? "" : "s", total, now);
}

rendered render(const catalog& c, const app::migration_outcome& o, const arguments& a) {
    rendered r;
    r.error = o.error;
    if (json(a)) {
        r.fields = {{"steps", steps_json(c.revisions, o.report)},
                    {"current", ids_json(c.revisions, o.report.rows_after)}};
    } else if (!a.quiet && !o.error) {
        r.out = phase_line(c, o);
    }
    return r;
}

rendered render(const catalog& c, const app::stamp_outcome& o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"before", ids_json(c.revisions, o.before)}, {"current", ids_json(c.revisions, o.after)}};
    else if (!a.quiet)
        r.out = fmt::format("Stamped the database at {}; no SQL was run.\n", join_ids(c.revisions, o.after, "base"));
    return r;
}

rendered render(app::script_outcome o, const arguments& a) {
    rendered r;
    if (json(a))
        r.fields = {{"sql", json_string(o.sql)}};
    else
        r.out = std::move(o.sql);
    return r;
}

rendered render(const catalog& c, const app::reset_outcome& o, const arguments& a) {
    rendered r;
    r.error = o.error;
    if (!json(a)) {
        // The phases were printed as they ended; the seeds' summary closes the run.
        if (o.seeded && !o.error && !a.quiet) r.out = seed_summary(c, o.seeded->seeds);
        return r;
    }
    const graph& g = c.revisions;
    auto phase = [&](const std::optional<app::migration_outcome>& m) { return m ? migration_json(g, *m) : "null"; };
    r.fields = {{"dropped_schema", o.dropped_schema ? json_string(*o.dropped_schema) : "null"},
                {"downgrade", phase(o.downgraded)},
                {"upgrade", phase(o.upgraded)},
                {"seeds", o.seeded ? seeds_json(c, *o.seeded) : "null"}};
    return r;
}

}  // namespace retort::cli
