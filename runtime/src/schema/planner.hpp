// The planner: the DDL that takes one model to another, ordered by dependency, with the hazards of
// each statement. Pure: models and their diff in, statements out.
#pragma once

#include <string>
#include <vector>

#include "schema/diff.hpp"
#include "schema/model.hpp"

namespace retort::schema {

enum class hazard_kind : std::uint8_t {
    data_loss,              // rows or values are deleted (DROP TABLE, DROP COLUMN, a narrowing type change)
    table_rewrite,          // the whole table is rewritten (a type change, a volatile default, SET LOGGED)
    access_exclusive_lock,  // an existing table is locked against reads and writes while it runs
    blocks_writes,          // an existing table is locked against writes (CREATE INDEX without CONCURRENTLY)
    full_scan,              // every row is read under the lock (SET NOT NULL, a constraint without NOT VALID)
};

// "data loss", "table rewrite", "ACCESS EXCLUSIVE lock", "blocks writes", "full scan".
const char* hazard_name(hazard_kind k);

struct hazard {
    hazard_kind kind = hazard_kind::data_loss;
    std::string message;  // names the object and, where there is one, the safer way

    friend bool operator==(const hazard&, const hazard&) = default;
};

struct planned_statement {
    std::string sql;  // one statement, ending in ';'
    object_key key;   // the object it creates, drops or alters
    change_action action = change_action::alter;
    std::vector<hazard> hazards;
    std::vector<std::string> comments;  // for the reviewer: a possible rename, why not CONCURRENTLY, ...

    friend bool operator==(const planned_statement&, const planned_statement&) = default;
};

struct plan_options {
    // Index builds on tables that exist before the change go to `concurrent` (CREATE INDEX
    // CONCURRENTLY, for a revision of their own outside a transaction) when nothing else in the plan
    // needs the index; otherwise they stay, with a comment that says why.
    bool concurrent_indexes = true;
    // Objects whose drop another part of the change already does (the indexes a concurrent part builds
    // are dropped by that part's downgrade): no statement drops them here.
    std::vector<object_key> dropped_elsewhere;
};

struct migration_plan {
    std::vector<planned_statement> statements;  // in order, for one transaction
    std::vector<planned_statement> concurrent;  // after `statements`, each outside a transaction
    // Changes the planner cannot express as DDL (with the reason); a plan with any is not complete.
    std::vector<std::string> unsupported;

    bool empty() const noexcept { return statements.empty() && concurrent.empty(); }
};

// Plans the DDL for `diff` (diff_schemas(from, to)). Creates come after what they need and drops before
// what they needed (the dependencies of `to` and of `from`); objects that depend on something that must
// be dropped and created again (a view on a column whose type changes, the indexes of a recreated
// materialized view, the functions of a recreated enum) are dropped before and created after it.
migration_plan plan_migration(const database_schema& from, const database_schema& to, const schema_diff& diff,
                              const plan_options& options = {});

struct diff_and_plan_result {
    schema_diff diff;
    migration_plan plan;
};

// diff_schemas(from, to) and plan_migration() of it, with the planner's lookups of `to` built on a
// thread of their own while the diff is made (neither needs the other): the two take about as long as
// the longer of them instead of both.
diff_and_plan_result diff_and_plan(const database_schema& from, const database_schema& to,
                                   const plan_options& options = {});

// The plan as SQL text: hazards and comments as `--` lines above each statement.
std::string render_statements(const std::vector<planned_statement>& statements);

}  // namespace retort::schema
