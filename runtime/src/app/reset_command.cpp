// reset: a development database back to base (or an empty schema), up to head, and seeded.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/app.hpp"
#include "app/database.hpp"
#include "app/operations.hpp"

namespace retort::app {

namespace {

// What reset would do, as the refusal without --yes says it.
[[noreturn]] void refuse(const catalog& c, const database_options& o, database& db, bool drop_schema) {
    std::string first;
    if (drop_schema) {
        first = fmt::format(
            "drop the schema {} with everything in it (tables, data and retort's history) and create it "
            "again",
            o.migrate.schema.empty() ? std::string("of the version table (the current schema)") : o.migrate.schema);
    } else {
        auto rows = db.session().read().rows;
        first = fmt::format("downgrade from {} to base",
                            rows.empty() ? std::string("base") : fmt::format("{}", fmt::join(rows, ", ")));
    }
    throw usage_error(
        fmt::format("reset would {} in the database {}, then upgrade to head ({} revisions) and run the "
                    "seeds (if any). Nothing was done. reset is for development databases; run 'reset "
                    "--yes{}' to do it.",
                    first, db.conn().describe(), c.revisions.size(), drop_schema ? " --drop-schema" : ""));
}

// One phase of a reset: its outcome when it completes, with a failure recorded as the reset's error.
migration_outcome migrate_phase(retort::session& s, std::vector<std::string> targets, direction dir) {
    migration_outcome out;
    out.dir = dir;
    try {
        migrate(s, targets, dir, out.report);
    } catch (...) {
        out.error = std::current_exception();
    }
    return out;
}

}  // namespace

reset_outcome reset(const catalog& c, const database_options& o, const reset_request& r) {
    database db(c, o, true);
    if (!r.yes) refuse(c, o, db, r.drop_schema);
    reset_outcome out;
    if (r.drop_schema) {
        auto lock = db.session().lock();
        out.dropped_schema = db.store().recreate_schema();
        if (r.on_dropped) r.on_dropped(*out.dropped_schema);
    } else {
        out.downgraded = migrate_phase(db.session(), {"base"}, direction::down);
        if (out.downgraded->error) {
            out.error = out.downgraded->error;
            return out;
        }
        if (r.on_migrated) r.on_migrated(*out.downgraded);
    }
    out.upgraded = migrate_phase(db.session(), {"head"}, direction::up);
    if (out.upgraded->error) {
        out.error = out.upgraded->error;
        return out;
    }
    if (r.on_migrated) r.on_migrated(*out.upgraded);
    if (c.seeds_dir.empty()) return out;
    out.seeded = seed(c, o, r.on_seed);
    out.error = out.seeded->error;
    return out;
}

}  // namespace retort::app
