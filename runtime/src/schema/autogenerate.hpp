// The three uses of retort::schema, one entry point each, returning plain values that commands render:
//   autogenerate()   a revision's upgrade and downgrade from the migrations to the declared schema,
//                    proven on scratch databases before anything is written;
//   check_declared() whether the migrations at head produce exactly the declared schema (alembic check);
//   check_drift()    what was added, changed or removed by hand in a live database, compared with the
//                    schema its applied revisions produce.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/authoring.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "schema/catalog_reader.hpp"
#include "schema/diff.hpp"
#include "schema/planner.hpp"
#include "schema/sources.hpp"
#include "scratch/scratch_database.hpp"

namespace retort::schema {

// Where the schema of the migrations comes from: a graph and the heads it is taken at.
struct migrations_source {
    const graph* revisions = nullptr;  // nullptr: no revisions yet (an empty database)
    std::vector<rev_index> heads;      // empty: every head (the new revision then merges them)
};

struct autogenerate_options {
    read_options reading;              // grants, schemas
    bool concurrent_indexes = true;    // index builds on existing tables in a revision of their own
    bool unverified = false;           // keep a plan that does not replay exactly (its differences listed)
    std::vector<rename_hint> renames;  // given on the command line, after the declared files' own hints
};

enum class autogenerate_status : std::uint8_t {
    nothing_to_do,  // the migrations already produce the declared schema
    generated,      // verified: the upgrade gives the declared schema, the downgrade gives it back
    unverified,     // could not be proven, kept because asked to (problems lists why)
    failed,         // could not be proven; nothing should be written (problems lists why)
};

const char* status_name(autogenerate_status s);

struct autogenerate_result {
    autogenerate_status status = autogenerate_status::nothing_to_do;
    std::vector<std::string> parents;  // the heads compared with: the new revision revises them all
    schema_diff diff;                  // migrations -> declared
    std::vector<rename_hint> renames;  // hints that applied, in order
    // The main revision (one transaction) and, when there are concurrent index builds, a second one
    // (Transactional: false) that revises it.
    std::vector<planned_statement> upgrade;
    std::vector<planned_statement> downgrade;
    std::vector<planned_statement> concurrent_upgrade;
    std::vector<planned_statement> concurrent_downgrade;
    std::vector<std::string> problems;  // what could not be expressed or proven
    std::vector<std::string> notes;     // column order, rename hints that no longer apply, ...

    // Every hazard of the upgrade, in statement order (for stderr).
    std::vector<hazard> hazards() const;
};

// Loads the migrations (at their heads) and the declared files into two scratch databases of
// `server`, plans both directions, replays them on the migrations' database and compares with the
// declared schema and with the start. Throws input_error (declared files) or state_error (revisions)
// when a side does not load, database_error when the server fails otherwise.
autogenerate_result autogenerate(const migrations_source& migrations, std::span<const declared_file> declared,
                                 scratch::scratch_server& server, const autogenerate_options& options = {});

// The revision files of a result: the main one, then (when the result has concurrent index builds) a
// `Transactional: false` one whose id is `concurrent_id` and that revises the main one. `r` gives the
// id, message and date (its parents are set from the result). Hazards and review comments stand above
// their statements; an unverified result lists its problems in comments at the top.
struct revision_text {
    new_revision header;
    std::string text;
};
std::vector<revision_text> render_revisions(const autogenerate_result& result, const new_revision& r,
                                            const std::string& concurrent_id);

struct check_result {
    bool same = true;                               // no change, nothing unmodelled
    schema_diff diff;                               // migrations -> declared
    std::vector<planned_statement> would_generate;  // the upgrade autogenerate would write (unverified)
    std::vector<std::string> problems;              // unmodelled objects, what could not be expressed
};

// The migrations at their heads against the declared schema. Throws like autogenerate().
check_result check_declared(const migrations_source& migrations, std::span<const declared_file> declared,
                            scratch::scratch_server& server, const read_options& reading = {});

struct drift_item {
    change_action action = change_action::alter;  // create: added by hand, drop: removed, alter: changed
    object_key key;
    std::vector<std::string> details;
};

struct drift_result {
    bool drifted = false;  // something was added, changed or removed by hand, or is unmodelled
    std::vector<drift_item> items;
    std::vector<std::string> notes;
    std::vector<unmodelled_object> unmodelled;  // in the live database
};

// Reads the live database `live` (leaving out retort's own tables, named in reading.exclude_tables),
// applies `applied` (the revisions its version table implies, in graph order) to a scratch database
// and compares. Throws like autogenerate().
drift_result check_drift(connection& live, const graph& revisions, std::span<const rev_index> applied,
                         scratch::scratch_server& server, const read_options& reading = {});

}  // namespace retort::schema
