// Fault tests: a generated revision history whose every effect can be looked up in the database, and the
// check that a database holds exactly the effects retort recorded (after a kill, a lost server, a race).
//
// Revision `r` creates table fault_t_<r>, adds column c_<r> to its first parent's table, and writes a row
// (r, 'upgrade') into fault_events in the same transaction as retort's bookkeeping; its downgrade undoes
// both and writes (r, 'downgrade'). fault_events is created by the test, outside retort, so it outlives
// every downgrade: compared with retort's log it shows whether each step ran exactly once.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "retort/driver.hpp"

namespace retort::testing {

struct fault_history_options {
    std::size_t count = 240;
    // Every 40 revisions a branch that a merge joins 20 revisions later, so the version table sometimes
    // holds two rows and a step replaces rows with DELETE + INSERT.
    bool branchy = true;
    // IF [NOT] EXISTS everywhere: for runs that mix in `stamp`, which records revisions without running them.
    bool idempotent = false;
    // pg_sleep() in every upgrade and downgrade, so that a fault injected after a fixed delay lands inside
    // a revision.
    double sleep_seconds = 0;
};

struct fault_revision {
    std::string id;
    std::vector<std::size_t> parents;  // indices; the first parent's table receives this revision's column
};

class fault_history {
public:
    // Writes the revision files into `dir` (which must exist), one file per revision in dependency order.
    fault_history(const std::filesystem::path& dir, const fault_history_options& options);

    const std::vector<fault_revision>& revisions() const noexcept { return revisions_; }
    const std::string& head() const { return revisions_.back().id; }
    std::set<std::string> ids() const;

    // The rows and everything they need: the applied set a version table with these rows stands for.
    std::set<std::string> closure(const std::vector<std::string>& rows) const;

    // Creates fault_events; run once on a fresh database before retort touches it.
    static const char* setup_sql();

private:
    std::vector<fault_revision> revisions_;
    std::map<std::string, std::size_t> index_;
};

// retort's log, in the order the rows were written.
struct log_entry {
    std::string id, operation, revision, outcome, detail;
};

// Everything the checks compare, read from one database.
struct fault_snapshot {
    bool initialized = false;  // retort's tables exist
    std::vector<std::string> rows;
    std::map<std::string, std::string> status;                // history table: revision -> status
    std::set<std::string> tables;                             // revisions whose fault_t_<r> exists
    std::set<std::string> columns;                            // revisions whose c_<r> exists
    std::vector<std::pair<std::string, std::string>> events;  // (revision, operation) in order
    std::vector<log_entry> log;
};

fault_snapshot read_snapshot(connection& conn);

enum class effects { follow_records, unchecked };

// Every way the database contradicts itself; empty when it is consistent:
// - the history table records exactly the closure of the version rows, all `applied` or `stamped`;
// - with effects::follow_records, a revision's table and column exist exactly when it is recorded;
// - fault_events and retort's successful upgrade/downgrade log rows are the same sequence (each step's
//   SQL and bookkeeping committed together, once);
// - replaying the log from an empty database, every upgrade applies an unapplied revision whose parents
//   are applied, every downgrade removes an applied revision none of whose children is applied, and the
//   replay ends at the recorded set (the steps of all processes were serialised).
std::vector<std::string> consistency_problems(const fault_history& h, const fault_snapshot& s, effects e);

// Waits (up to 30 s) until no session named `retort` is left on `database`: after its client was killed
// a backend may still be finishing, and the check must see what that backend committed or rolled back.
void wait_for_retort_sessions_to_end(connection& conn, const std::string& database);

}  // namespace retort::testing
