// schema_diff: the engine of retort::schema on two live databases, for the corpus script and the
// benchmark (phase 2's commands wrap the same library calls):
//   schema_diff FROM_CONNINFO TO_CONNINFO    prints the DDL that takes FROM's schema to TO's
// Exit status: 0 with no difference, 1 with differences (the DDL is printed), 2 on errors. Notes,
// unmodelled objects and what the plan cannot express go to stderr.
#include <fmt/format.h>

#include <cstdio>

#include "retort/schema/catalog_reader.hpp"
#include "retort/schema/diff.hpp"
#include "retort/schema/planner.hpp"

int main(int argc, char** argv) {
    using namespace retort::schema;
    if (argc != 3) {
        fmt::print(stderr, "usage: {} FROM_CONNINFO TO_CONNINFO\n", argv[0]);
        return 2;
    }
    try {
        auto from_conn = retort::connection::open({argv[1], "retort schema_diff"});
        auto to_conn = retort::connection::open({argv[2], "retort schema_diff"});
        database_schema from = read_schema(from_conn);
        database_schema to = read_schema(to_conn);
        schema_diff diff = diff_schemas(from, to);
        migration_plan plan = plan_migration(from, to, diff, {.concurrent_indexes = false, .dropped_elsewhere = {}});
        for (const auto& c : diff.changes) fmt::print(stderr, "change: {}\n", describe(c));
        for (const auto& n : diff.notes) fmt::print(stderr, "note: {}\n", n);
        for (const auto& u : diff.unmodelled_from) fmt::print(stderr, "unmodelled in FROM: {} {}\n", u.kind, u.identity);
        for (const auto& u : diff.unmodelled_to) fmt::print(stderr, "unmodelled in TO: {} {}\n", u.kind, u.identity);
        for (const auto& u : plan.unsupported) fmt::print(stderr, "cannot express: {}\n", u);
        std::string sql = render_statements(plan.statements);
        if (!sql.empty()) fmt::print("{}\n", sql);
        return diff.changes.empty() ? 0 : 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "schema_diff: {}\n", e.what());
        return 2;
    }
}
