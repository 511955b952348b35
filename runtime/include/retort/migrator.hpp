// The migrator: every decision about a database (verify, lock, plan, run, record). It talks to the
// server only through `connection`; the rules (order, version rows, failure states) live in plan.hpp
// and script.hpp.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "retort/bookkeeping.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/integrity.hpp"
#include "retort/plan.hpp"
#include "retort/script.hpp"

namespace retort {

// A statement of a revision failed: where (file:line), which revision, and the server's report.
class migration_error : public database_error {
public:
    migration_error(std::string what, details d, std::string revision, std::string file, std::uint32_t line)
        : database_error(std::move(what), std::move(d)),
          revision_(std::move(revision)),
          file_(std::move(file)),
          line_(line) {}
    const std::string& revision() const noexcept { return revision_; }
    const std::string& file() const noexcept { return file_; }
    std::uint32_t line() const noexcept { return line_; }

private:
    std::string revision_;
    std::string file_;
    std::uint32_t line_;
};

// A non-transactional revision failed or was interrupted earlier; the database needs a decision.
class unfinished_revision_error : public state_error {
public:
    using state_error::state_error;
};

// Refused before any change: the database holds revisions this binary does not know, or an applied
// revision was edited (see integrity.hpp).
class integrity_error : public state_error {
public:
    integrity_error(std::string what, integrity_report report)
        : state_error(std::move(what)), report_(std::move(report)) {}
    const integrity_report& report() const noexcept { return report_; }

private:
    integrity_report report_;
};

struct migrate_options {
    std::string schema;  // keep retort's tables in this schema and run with search_path set to it
    std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
    bool single_transaction = false;
    bool resume = false;  // continue a failed non-transactional revision from its failed statement
    bool warn_on_edit = false;  // carry on over edited applied revisions, reporting them through on_warning
    // PostgreSQL's lock_timeout and statement_timeout for the migrating session (unset: the server's).
    std::optional<std::chrono::milliseconds> pg_lock_timeout;
    std::optional<std::chrono::milliseconds> pg_statement_timeout;
    std::function<void(std::string_view)> on_warning;           // something the user should know
    std::function<void(std::string_view)> on_waiting;           // the lock is held elsewhere
    std::function<void(const step&, double seconds)> on_step;   // a step committed
};

// A non-transactional revision that failed or was interrupted, as its history row records it.
struct unfinished_revision {
    std::string id;
    bool failed = false;             // false: still in progress (interrupted)
    std::size_t next_statement = 0;  // 0-based index of the statement to run next
    std::uint32_t line = 0;          // file line of the failed statement (0 when in progress)
};

// What the database holds, as far as these migrations can tell.
struct database_state {
    bool initialized = false;               // retort's tables exist
    std::vector<std::string> rows;          // version-table rows as stored
    std::optional<applied_state> applied;   // when every row is known to the graph
    std::vector<unfinished_revision> unfinished;
    std::string history_fingerprint;        // applied_fingerprint() of the recorded checksums
};

// Everything `check` reports: the state, the integrity comparison, and what an upgrade would apply.
struct check_report {
    database_state state;
    integrity_report integrity;
    std::vector<rev_index> pending;         // not applied yet, in order (empty when revisions are unknown)
    std::vector<std::string> executed_sql;  // per integrity.edited: the upgrade SQL the history recorded
};

struct run_report {
    std::vector<step> steps;
    std::vector<double> seconds;  // per step
    std::vector<rev_index> rows_before, rows_after;
};

class migrator {
public:
    migrator(const catalog& c, connection& conn, migrate_options options, std::string retort_version);

    // Reads the version rows and history in one query (nothing is created).
    database_state read_state();

    // Compares the database with the revisions in full (two more queries when the fingerprint differs).
    check_report check();

    // Applies what `targets` need. A database that is already there, unedited, costs one query and
    // takes no lock. Refuses (integrity_error) over unknown or edited revisions before any change.
    run_report upgrade(std::span<const std::string> targets);

    // Reverts everything above `targets`; refuses before any change if a revision is irreversible.
    run_report downgrade(std::span<const std::string> targets);

    // Sets the version rows to `targets` without running SQL; `purge` first empties the version table.
    run_report stamp(std::span<const std::string> targets, bool purge);

    // Records that the applied revision `revision` was edited on purpose: stores this binary's checksums
    // and logs the old and new ones with `reason` and the database user. Throws state_error when the
    // revision is not applied or not edited. Returns the revision's full id.
    std::string accept_edit(std::string_view revision, std::string_view reason);

    // Development resets when downgrades are broken: drops the version table's schema (--schema, or the
    // session's current schema) with everything in it and creates it again with the same owner and the
    // same PUBLIC privileges, in one transaction under the lock. Returns the schema's name.
    std::string drop_schema();

    const bookkeeping& books() const noexcept { return books_; }

    // Takes the migration lock (the advisory lock of lock_key(), waiting up to options.lock_timeout), so
    // that work beside migrations, such as seeding, never runs while another process migrates.
    std::unique_ptr<advisory_lock_guard> take_lock();

private:
    std::string version_schema();
    void run_in_transaction(const std::vector<std::string>& statements);
    integrity_report verify(const database_state& s);
    std::vector<history_record> read_history();
    void enforce(const integrity_report& report);
    void ensure_tables();
    void apply_server_limits();
    void drop_invalid_index(const statement& st);
    bool is_invalid_index(const std::string& name);
    std::string timeout_advice(const std::string& sqlstate) const;
    std::string invalid_index_advice(const statement& st);
    database_state locked_state();
    run_report locked_run(std::span<const std::string> targets, direction dir);
    void run_steps(std::vector<step> steps, const std::vector<unfinished_revision>& unfinished, run_report& report);
    void run_batches(const step& s, const std::vector<batch>& batches);
    [[noreturn]] void fail_statement(const step& s, const script_statement& st, const pipeline_error& e);

    const catalog& catalog_;
    connection& conn_;
    migrate_options options_;
    bookkeeping books_;
};

// The SQL an upgrade or downgrade would run from the version rows `from_rows`, without a database
// (`--sql`): tables created if missing, transactions, statements and bookkeeping exactly as online.
std::string offline_script(const catalog& c, const bookkeeping& books, std::span<const std::string> from_rows,
                           std::span<const std::string> targets, direction dir, transaction_mode mode);

// The SQL a stamp would run on an empty version table (`stamp --sql`).
std::string offline_stamp_script(const catalog& c, const bookkeeping& books, std::span<const std::string> targets,
                                 bool purge);

// The advisory-lock key for a schema-qualified version table (documented in docs/runtime.md).
std::int64_t lock_key(std::string_view schema, std::string_view version_table);

}  // namespace retort
