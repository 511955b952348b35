// upgrade, downgrade and stamp: online through the migrator, or as a script with --sql.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "commands.hpp"
#include "inspect.hpp"
#include "retort/cli.hpp"
#include "retort/migrator.hpp"
#include "retort/target.hpp"
#include "session.hpp"

namespace retort::cli {

namespace {

// `--sql FROM:TO`: FROM names the version rows to start from (comma-separated), TO the target.
int offline(const catalog& c, const arguments& a, direction dir) {
    std::vector<std::string> from, targets;
    for (const auto& word : targets_or(a, dir == direction::up ? "head" : "")) {
        auto colon = word.find(':');
        if (colon == std::string::npos) {
            targets.push_back(word);
            continue;
        }
        std::string start = word.substr(0, colon);
        if (!start.empty() && start != "base") {
            std::size_t begin = 0;
            while (begin <= start.size()) {
                auto comma = start.find(',', begin);
                std::string id = start.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
                from.push_back(std::string(c.revisions.at(resolve_revision(c.revisions, id)).id));
                if (comma == std::string::npos) break;
                begin = comma + 1;
            }
        }
        targets.push_back(word.substr(colon + 1));
    }
    if (dir == direction::down && from.empty())
        throw usage_error("downgrade --sql needs a range FROM:TO (there is no database to tell where it starts)");
    bookkeeping books(a.schema, c.version_table, RETORT_VERSION);
    auto mode = a.single_transaction ? transaction_mode::single : transaction_mode::per_revision;
    std::cout << offline_script(c, books, from, targets, dir, mode);
    return exit_ok;
}

void print_steps(const graph& g, const run_report& r, const arguments& a, std::string_view verb) {
    if (a.quiet) return;
    if (a.format == output_format::json) {
        std::string steps;
        for (std::size_t i = 0; i < r.steps.size(); ++i)
            steps += fmt::format("{}{{\"revision\":{},\"direction\":\"{}\",\"seconds\":{:.6f}}}", i ? "," : "",
                                 json_string(g.at(r.steps[i].revision).id),
                                 r.steps[i].dir == direction::up ? "up" : "down", r.seconds[i]);
        std::cout << fmt::format("{{\"{}\":[{}],\"current\":{}}}\n", verb, steps, ids_json(g, r.rows_after));
        return;
    }
    double total = 0;
    for (double s : r.seconds) total += s;
    std::string now = join_ids(g, r.rows_after, "base");
    if (r.steps.empty())
        std::cout << fmt::format("Nothing to do; the database is at {}.\n", now);
    else
        std::cout << fmt::format("{} {} revision{} in {:.3f} s; the database is at {}.\n", verb, r.steps.size(),
                                 r.steps.size() == 1 ? "" : "s", total, now);
}

void print_step_line(const graph& g, const step& s, double seconds) {
    const revision& r = g.at(s.revision);
    std::string parents = join_ids(g, g.parents_of(s.revision));
    if (s.dir == direction::up)
        std::cout << fmt::format("Running upgrade {} -> {}, {} ({:.1f} ms)\n", parents, r.id, r.message, seconds * 1000);
    else
        std::cout << fmt::format("Running downgrade {} -> {}, {} ({:.1f} ms)\n", r.id, parents, r.message, seconds * 1000);
    std::cout.flush();
}

int run_migration(const catalog& c, const arguments& a, direction dir) {
    const graph& g = c.revisions;
    const bool up = dir == direction::up;
    if (a.sql) return offline(c, a, dir);
    if (!up && a.positional.empty()) throw usage_error("downgrade needs a target, e.g. -1 or base");
    auto conn = connect(a);
    auto options = options_of(a);
    if (!a.quiet && a.format == output_format::text)
        options.on_step = [&g](const step& s, double seconds) { print_step_line(g, s, seconds); };
    migrator m(c, conn, options, RETORT_VERSION);
    auto targets = targets_or(a, "head");
    auto report = up ? m.upgrade(targets) : m.downgrade(targets);
    print_steps(g, report, a, up ? "Upgraded" : "Downgraded");
    return exit_ok;
}

}  // namespace

int run_upgrade(const catalog& c, const arguments& a) { return run_migration(c, a, direction::up); }

int run_downgrade(const catalog& c, const arguments& a) { return run_migration(c, a, direction::down); }

int run_reset(const catalog& c, const arguments& a) {
    if (!a.positional.empty()) throw usage_error("reset takes no revision: it always goes back to base and up to head");
    const graph& g = c.revisions;
    auto conn = connect(a);
    auto options = options_of(a);
    if (!a.quiet && a.format == output_format::text)
        options.on_step = [&g](const step& s, double seconds) { print_step_line(g, s, seconds); };
    migrator m(c, conn, options, RETORT_VERSION);
    if (!a.yes) {
        auto state = m.read_state();
        std::string first = a.drop_schema
                                ? fmt::format("drop the schema {} with everything in it (tables, data and retort's "
                                              "history) and create it again",
                                              a.schema.empty() ? std::string("of the version table (the current schema)")
                                                               : a.schema)
                                : fmt::format("downgrade from {} to base",
                                              state.rows.empty() ? std::string("base") : fmt::format("{}", fmt::join(state.rows, ", ")));
        throw usage_error(fmt::format("reset would {} in the database {}, then upgrade to head ({} revisions) and "
                                      "run the seeds (if any). Nothing was done. reset is for development databases; run "
                                      "'reset --yes{}' to do it.",
                                      first, conn.describe(), g.size(), a.drop_schema ? " --drop-schema" : ""));
    }
    if (a.drop_schema) {
        std::string schema = m.drop_schema();
        if (!a.quiet) std::cout << fmt::format("Dropped and recreated schema {}.\n", schema);
    } else {
        print_steps(g, m.downgrade(std::vector<std::string>{"base"}), a, "Downgraded");
    }
    print_steps(g, m.upgrade(std::vector<std::string>{"head"}), a, "Upgraded");
    return c.seeds_dir.empty() ? exit_ok : run_seed(c, a);
}

int run_stamp(const catalog& c, const arguments& a) {
    if (a.positional.empty()) throw usage_error("stamp needs a revision, e.g. head or base");
    if (a.sql) {
        std::cout << offline_stamp_script(c, bookkeeping(a.schema, c.version_table, RETORT_VERSION), a.positional,
                                          a.purge);
        return exit_ok;
    }
    auto conn = connect(a);
    migrator m(c, conn, options_of(a), RETORT_VERSION);
    auto report = m.stamp(a.positional, a.purge);
    if (!a.quiet)
        std::cout << fmt::format("Stamped the database at {}; no SQL was run.\n",
                                 join_ids(c.revisions, report.rows_after, "base"));
    return exit_ok;
}

}  // namespace retort::cli
