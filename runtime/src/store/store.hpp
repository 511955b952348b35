// runtime/src/store/: the history store, the one place that knows how retort keeps its records. The
// interface below has a one-sentence contract per method; it has three implementations that one
// contract suite (tests/store/) holds to the same behaviour:
//   postgres_store.hpp  the real thing: every statement retort itself sends (bookkeeping_sql.hpp)
//   script_store.hpp    `--sql`: the same statements written as a psql script instead of sent
//   memory_store.hpp    an in-memory fake for unit tests of the application layer
// The store decides how facts are written; what to write and when is the application's (runtime/src/app/).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "retort/driver.hpp"
#include "retort/revision.hpp"
#include "retort/seed.hpp"
#include "retort/state.hpp"
#include "retort/target.hpp"

namespace retort {

// The section a step in direction `dir` runs (a downgrade's exists: plans refuse irreversible steps).
inline const section& section_of(const revision& r, direction dir) {
    return dir == direction::up ? r.upgrade : *r.downgrade;
}

// The word the log, the script and messages use for a step in direction `dir`.
inline std::string_view operation_of(direction dir) { return dir == direction::up ? "upgrade" : "downgrade"; }

// Where retort keeps its tables and what it writes into them about itself.
struct store_config {
    std::string schema;  // empty: the session's current schema (search_path)
    std::string version_table{"alembic_version"};
    std::string retort_version;
};

// A revision applied (up) or reverted (down): its section's statements, then its history row, the
// version rows and a log row.
struct step_change {
    const revision* rev = nullptr;
    direction dir = direction::up;
    std::vector<std::string_view> rows_removed;  // version rows (ids) the step removes
    std::vector<std::string_view> rows_added;    // and the ones it adds
    bool run_statements = true;                  // false: they ran already, one by one (a non-transactional revision)
    bool leaves_no_rows = false;                 // the version table is empty after it (a downgrade to base)
};

// A revision a stamp records: now applied (its SQL did not run here), or no longer applied.
struct stamped_revision {
    const revision* rev = nullptr;
    bool applied = true;
};

// A stamp: the history rows of revisions that became applied or stopped being (in graph order), the
// version rows, a log row. With `purge`, the version table and the history are emptied first.
struct stamp_change {
    std::vector<stamped_revision> revisions;
    std::vector<std::string_view> rows_before;
    std::vector<std::string_view> rows_after;
    bool purge = false;
};

// A seed run: its statements, its row in the seed table (with the id of the revision it requires,
// empty without one), a log row.
struct seed_change {
    const seed* s = nullptr;
    std::string_view required_id;
};

// An intended edit of an applied revision accepted: this binary's checksums recorded, and a log row
// whose detail says what changed and why.
struct edit_change {
    const revision* rev = nullptr;
    std::string detail;
};

using change = std::variant<step_change, stamp_change, seed_change, edit_change>;

// One event in the life of a non-transactional revision (see history_store::advance).
struct progress {
    enum class kind {
        started,    // before its first statement: recorded as in progress
        resumed,    // before `index` runs again after a failure or an interruption
        statement,  // run statement `index` outside any transaction, then record that it finished
        failed,     // statement `index` failed at file line `line` with `error`
    };
    kind what = kind::started;
    direction dir = direction::up;  // a downgrade's statements run without progress records
    std::size_t index = 0;
    std::uint32_t line = 0;
    std::string error;
};

struct log_entry {
    std::string_view operation;  // upgrade, downgrade, stamp, seed, accept-edit
    std::string_view revision;   // empty: none
    std::string_view outcome;    // success, started, failed, accepted
    std::string_view detail;     // empty: none
};

// The parts of the history a command needs; each costs a query.
struct history_request {
    bool records = false;                        // every history row
    std::vector<std::string_view> executed_sql;  // the upgrade SQL recorded for these revisions
    bool seeds = false;                          // the seed table
};

struct history {
    std::vector<history_record> records;                           // in byte order of revision
    std::map<std::string, std::string, std::less<>> executed_sql;  // revision -> its upgrade SQL as it ran
    std::vector<recorded_seed> seeds;                              // in byte order of name
};

struct lock_wait {
    std::chrono::milliseconds timeout{std::chrono::minutes(5)};
    // Called once, before the first wait, with what the store knows of the holder (for example its
    // server process, how long its statement has been active, and how to end it), or empty.
    std::function<void(const std::string& holder)> on_wait;
};

// What the catalog says of the index a `CREATE INDEX CONCURRENTLY` statement builds.
enum class index_fact {
    not_an_index,  // the statement builds no concurrent index, or the store cannot look
    absent,        // no such index: the build never started or was rolled back
    valid,         // the build finished
    invalid,       // the build started and did not finish: the index must be dropped and built again
};

// The migration lock, held until destroyed.
class store_lock {
public:
    virtual ~store_lock() = default;
};

// A transaction that rolls back when destroyed uncommitted (taopq's transaction is the model).
class store_transaction {
public:
    virtual ~store_transaction() = default;
    // Commits; afterwards the destructor does nothing. Throws database_error when the commit fails.
    virtual void commit() = 0;
};

// A statement that apply() or advance() ran failed; nothing of that change was recorded.
class statement_failure : public database_error {
public:
    statement_failure(const database_error& cause, const statement* file_statement, std::size_t index,
                      std::string advice = {})
        : database_error(cause.what(), cause.info()),
          statement_(file_statement),
          index_(index),
          advice_(std::move(advice)) {}

    // The failed statement of the revision or seed; nullptr when retort's own bookkeeping failed.
    const statement* file_statement() const noexcept { return statement_; }
    // Its 0-based index in its section (0 for bookkeeping).
    std::size_t index() const noexcept { return index_; }
    // What the store found out about the failure and what to do (a sentence, or empty).
    const std::string& advice() const noexcept { return advice_; }

private:
    const statement* statement_;
    std::size_t index_;
    std::string advice_;
};

// apply_together() failed at its step `position` (statement_failure says how): nothing of that step was
// recorded; the steps before it were reported done.
class together_failure : public statement_failure {
public:
    together_failure(const statement_failure& f, std::size_t position) : statement_failure(f), position_(position) {}
    std::size_t position() const noexcept { return position_; }

private:
    std::size_t position_;
};

class history_store {
public:
    virtual ~history_store() = default;

    // Reads the version rows, the unfinished revisions and the fingerprint of the recorded checksums in
    // one round trip (`applied` is left to the caller); `initialized` is false while the tables are missing.
    virtual database_state read_state() = 0;

    // Reads what `request` asks for; a part whose table does not exist yet comes back empty.
    virtual history read_history(const history_request& request) = 0;

    // Creates retort's tables where they are missing (with `seeds`, the seed table too).
    virtual void ensure_tables(bool seeds) = 0;

    // Takes the migration lock, waiting as `wait` says; throws lock_timeout_error when it stays taken.
    virtual std::unique_ptr<store_lock> hold_lock(const lock_wait& wait) = 0;

    // Opens a transaction that every apply() joins until it ends (--single-transaction).
    virtual std::unique_ptr<store_transaction> begin() = 0;

    // Runs the change's statements and records its facts in one transaction (or in the open one);
    // throws statement_failure, having recorded nothing, when a statement fails.
    virtual void apply(const change& c) = 0;

    // Runs consecutive transactional steps in as few round trips as the store can: inside begin()'s
    // transaction, or each in a transaction of its own. Calls `done` for each step that ran (and, outside
    // begin()'s transaction, committed), in order, also for those before a failure or an interrupt.
    // Throws together_failure naming the step whose statement failed, or what apply() throws. By
    // default: apply() for each.
    using step_done = std::function<void(std::size_t position, double seconds)>;
    virtual void apply_together(std::span<const step_change> steps, const step_done& done);

    // Records or runs one event of the non-transactional revision `r` (see progress::kind); throws
    // statement_failure when its statement fails.
    virtual void advance(const revision& r, const progress& p) = 0;

    // Appends a row to the log in a transaction of its own (a failure's record outlives its rollback).
    virtual void log(const log_entry& e) = 0;

    // What the database says of the concurrent index `st` builds (a resume decides with it whether an
    // interrupted build finished); stores without a catalog answer not_an_index.
    virtual index_fact concurrent_index_state(const statement& st) {
        (void)st;
        return index_fact::not_an_index;
    }
};

}  // namespace retort
