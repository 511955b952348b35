// check --declared and check --drift: the migrations against the declared schema, and a live database
// against the schema its applied revisions produce, both through scratch databases (retort::schema).
#include <fmt/format.h>

#include "app/database.hpp"
#include "app/schema_source.hpp"
#include "app/session.hpp"

namespace retort::app {

namespace {

// The revisions the version rows imply, in graph order; none before retort's tables exist.
std::vector<rev_index> applied_revisions(const graph& g, const database_state& state) {
    const applied_state applied = applied_of(g, state);
    std::vector<rev_index> out;
    for (rev_index i = 0; i < applied.applied.size(); ++i)
        if (applied.applied[i]) out.push_back(i);
    return out;
}

// retort's own tables are not part of the schema: the version table, the history, the log, the seeds.
schema::read_options drift_reading(const dev_database& dev, postgres_store& store) {
    schema::read_options r = reading_of(dev);
    const bookkeeping& b = store.books();
    for (const auto* table : {&b.version_table(), &b.history_table(), &b.log_table(), &b.seeds_table()})
        r.exclude_tables.emplace_back(b.schema(), *table);
    return r;
}

}  // namespace

declared_check_outcome check_declared(const catalog& c, const std::filesystem::path& declared,
                                      const std::optional<std::string>& head, const dev_database& dev) {
    const schema::migrations_source migrations = migrations_at(c, head);
    const auto files = schema::read_declared(declared);
    scratch::scratch_server server = scratch_server_for(dev);
    declared_check_outcome out;
    out.check = schema::check_declared(migrations, files, server, reading_of(dev));
    out.heads = head_ids(migrations);
    if (!out.check.same || !out.check.problems.empty()) out.result = retort::status::schema_differs;
    return out;
}

drift_outcome check_drift(const catalog& c, const database_options& o, const dev_database& dev) {
    // With --schema the revisions ran with that search_path; a scratch database would put their objects
    // elsewhere and report them all as drift.
    if (!o.migrate.schema.empty())
        throw usage_error(
            "check --drift compares the revisions as they run without --schema; with --schema it would report "
            "every object as moved, so it refuses (docs/autogenerate.md#drift)");
    database db(c, o);
    drift_outcome out;
    out.applied = applied_revisions(c.revisions, db.session().read());
    scratch::scratch_server server = scratch_server_for(dev);
    out.drift = schema::check_drift(db.conn(), c.revisions, out.applied, server, drift_reading(dev, db.store()));
    if (out.drift.drifted) out.result = retort::status::drift;
    return out;
}

}  // namespace retort::app
