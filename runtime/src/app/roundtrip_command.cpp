// roundtrip: on a scratch database, every revision up, down to base and up again, and the seeds twice;
// what each pass leaves compared with what it should (docs/commands.md#roundtrip).
#include <fmt/format.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/database.hpp"
#include "app/operations.hpp"
#include "schema/catalog_reader.hpp"
#include "schema/diff.hpp"
#include "schema/table_rows.hpp"
#include "scratch/scratch_database.hpp"
#include "store/bookkeeping_sql.hpp"

namespace retort::app {

namespace {

// The scratch database and what reads its schema. retort's own tables are not the project's schema:
// they stay at base and hold what each pass recorded.
struct scratch_run {
    const catalog& c;
    database_options options;
    scratch::scratch_database db;
    connection conn;
    schema::read_options reading;
    std::string own_schema;              // the schema of retort's tables when one is configured
    std::vector<std::string_view> plan;  // the phases this round trip has

    schema::database_schema read() { return schema::read_schema(conn, reading); }
};

// Reports the start of `phase`, numbered in the plan.
void begin(const scratch_run& run, const roundtrip_request& r, std::string_view phase) {
    if (!r.on_phase) return;
    const auto k = static_cast<std::size_t>(std::find(run.plan.begin(), run.plan.end(), phase) - run.plan.begin());
    r.on_phase(phase, k + 1, run.plan.size());
}

std::vector<std::string_view> plan_of(const catalog& c, bool reversible) {
    std::vector<std::string_view> plan{"upgrade to head"};
    if (reversible) plan.insert(plan.end(), {"downgrade to base", "upgrade again"});
    if (!c.seeds.empty()) plan.insert(plan.end(), {"seeds", "seeds again"});
    return plan;
}

schema::read_options reading_of(const bookkeeping& b) {
    schema::read_options r;
    for (const auto* t : {&b.version_table(), &b.history_table(), &b.log_table(), &b.seeds_table()})
        r.exclude_tables.emplace_back(b.schema(), *t);
    return r;
}

// Whether `ch` is part of a table that is created or dropped as a whole (its columns, constraints, ...):
// the table's own line says it.
bool part_of_whole_table(const schema::change& ch, const std::vector<schema::change>& all) {
    if (ch.key.kind == schema::object_kind::table || ch.action == schema::change_action::alter) return false;
    return std::any_of(all.begin(), all.end(), [&](const schema::change& t) {
        return t.key.kind == schema::object_kind::table && t.action == ch.action && t.key.schema == ch.key.schema &&
               t.key.name == ch.key.name;
    });
}

// What `to` has that `from` lacks and the reverse, described; retort's own schema is not compared.
std::vector<std::string> differences(const schema::database_schema& from, const schema::database_schema& to,
                                     const std::string& own_schema) {
    std::vector<std::string> out;
    const auto d = schema::diff_schemas(from, to);
    for (const auto& ch : d.changes)
        if ((ch.key.kind != schema::object_kind::schema || ch.key.name != own_schema) &&
            !part_of_whole_table(ch, d.changes))
            out.push_back(schema::describe(ch));
    out.insert(out.end(), d.notes.begin(), d.notes.end());
    for (const auto& u : to.unmodelled)
        if (std::find(from.unmodelled.begin(), from.unmodelled.end(), u) == from.unmodelled.end())
            out.push_back(fmt::format("create {} {}", u.kind, u.identity));
    for (const auto& u : from.unmodelled)
        if (std::find(to.unmodelled.begin(), to.unmodelled.end(), u) == to.unmodelled.end())
            out.push_back(fmt::format("drop {} {}", u.kind, u.identity));
    return out;
}

// The newest revision without a downgrade: the first one a downgrade to base would meet.
std::optional<rev_index> newest_irreversible(const graph& g) {
    for (rev_index i = g.size(); i-- > 0;)
        if (!g.at(i).downgrade) return i;
    return std::nullopt;
}

// Runs one migration phase; false (with the outcome's error set) when it failed.
bool migrate_phase(scratch_run& run, const roundtrip_request& r, roundtrip_outcome& out, std::string_view phase,
                   direction dir) {
    begin(run, r, phase);
    const std::vector<std::string> targets{dir == direction::up ? "heads" : "base"};
    auto m = dir == direction::up ? upgrade(run.c, run.options, targets) : downgrade(run.c, run.options, targets);
    if (m.error) {
        out.error = m.error;
        return false;
    }
    out.phases.emplace_back(phase);
    return true;
}

// The seeds, then the seeds again as if they had never run: the rows must not change.
void seed_twice(scratch_run& run, const roundtrip_request& r, roundtrip_outcome& out,
                const schema::database_schema& tables) {
    begin(run, r, "seeds");
    auto first = seed(run.c, run.options, r.on_seed);
    if (first.error) {
        out.error = first.error;
        return;
    }
    out.phases.emplace_back("seeds");
    const auto before = schema::read_table_rows(run.conn, tables);
    begin(run, r, "seeds again");
    try {
        database db(run.c, run.options);
        run_seeds(db.session(), r.on_seed, true);
    } catch (const statement_error&) {
        out.error = std::current_exception();
        return;
    }
    out.phases.emplace_back("seeds again");
    const auto after = schema::read_table_rows(run.conn, tables);
    for (std::size_t i = 0; i < before.size() && i < after.size(); ++i)
        if (before[i] != after[i])
            out.seeds_changed.push_back(
                fmt::format("{}: {} rows before, {} after", before[i].table, before[i].count, after[i].count));
    if (!out.seeds_changed.empty()) out.result = status::error;
}

// Down to base, then up again: base must be the empty database, the second upgrade the first's schema.
bool down_and_up(scratch_run& run, const roundtrip_request& r, roundtrip_outcome& out,
                 const schema::database_schema& empty, const schema::database_schema& first) {
    if (!migrate_phase(run, r, out, "downgrade to base", direction::down)) return false;
    out.left_after_base = differences(empty, run.read(), run.own_schema);
    if (!out.left_after_base.empty()) {
        out.result = status::error;
        return false;
    }
    if (!migrate_phase(run, r, out, "upgrade again", direction::up)) return false;
    out.second_upgrade_diff = differences(first, run.read(), run.own_schema);
    if (out.second_upgrade_diff.empty()) return true;
    out.result = status::error;
    return false;
}

}  // namespace

roundtrip_outcome roundtrip(const catalog& c, const database_options& o, const roundtrip_request& r) {
    roundtrip_outcome out;
    out.irreversible = newest_irreversible(c.revisions);
    if (out.irreversible && r.require_downgrade) {
        out.result = status::error;  // refused before any server is started
        return out;
    }
    auto server = scratch::scratch_server::from(r.server_url);
    auto db = server.create_database();
    database_options options = o;
    options.connection.conninfo = db.conninfo();
    const bookkeeping own(store_config_of(c, o.migrate, o.retort_version));
    auto conn = db.connect();
    scratch_run run{c,
                    std::move(options),
                    std::move(db),
                    std::move(conn),
                    reading_of(own),
                    own.schema(),
                    plan_of(c, !out.irreversible)};
    out.database = run.conn.describe();

    const auto empty = run.read();
    if (!migrate_phase(run, r, out, "upgrade to head", direction::up)) return out;
    const auto first = run.read();
    if (!out.irreversible && !down_and_up(run, r, out, empty, first)) return out;
    if (!c.seeds.empty()) seed_twice(run, r, out, first);
    return out;
}

}  // namespace retort::app
