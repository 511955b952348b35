// The migrator: what an application calls to migrate its own database (see examples/). It brings a
// database to a target, stamps it, checks it against the revisions and runs the seeds, over one
// PostgreSQL session. The rules (order, version rows, failure states) live in plan.hpp and in the
// application layer (runtime/src/app/); the SQL in the history store (runtime/src/store/).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/integrity.hpp"
#include "retort/plan.hpp"
#include "retort/seed.hpp"
#include "retort/state.hpp"

namespace retort {

// A statement of a revision or of a seed failed: where (file:line), which revision or seed, and the
// server's report. What stayed applied is said in what().
class statement_error : public database_error {
public:
    enum class subject_kind { revision, seed };

    statement_error(std::string what, details d, subject_kind kind, std::string subject, std::string file,
                    std::uint32_t line)
        : database_error(std::move(what), std::move(d)),
          kind_(kind),
          subject_(std::move(subject)),
          file_(std::move(file)),
          line_(line) {}

    subject_kind kind() const noexcept { return kind_; }
    // The revision's id or the seed's name.
    const std::string& subject() const noexcept { return subject_; }
    // The revision's id; empty when a seed failed.
    std::string revision() const { return kind_ == subject_kind::revision ? subject_ : std::string(); }
    const std::string& file() const noexcept { return file_; }
    // The file line of the server's error position, or of the statement's first token; 0 when retort's
    // own bookkeeping failed.
    std::uint32_t line() const noexcept { return line_; }

private:
    subject_kind kind_;
    std::string subject_;
    std::string file_;
    std::uint32_t line_;
};

// The name earlier versions gave statement_error.
using migration_error = statement_error;

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
        : state_error(std::move(what)),
          report_(std::move(report)) {}
    const integrity_report& report() const noexcept { return report_; }

private:
    integrity_report report_;
};

struct migrate_options {
    std::string schema;  // keep retort's tables in this schema and run with search_path set to it
    std::chrono::milliseconds lock_timeout{std::chrono::minutes(5)};
    bool single_transaction = false;
    bool resume = false;  // continue a failed non-transactional revision from its failed statement
    // With resume: the 1-based statement of the unfinished revision to continue from, when retort cannot
    // tell whether the statement that was running finished (N runs it again, N + 1 skips it).
    std::optional<std::size_t> from_statement;
    bool warn_on_edit = false;  // carry on over edited applied revisions, reporting them through on_warning
    // PostgreSQL's lock_timeout and statement_timeout for the session, set when the lock is taken
    // (unset: the server's).
    std::optional<std::chrono::milliseconds> pg_lock_timeout;
    std::optional<std::chrono::milliseconds> pg_statement_timeout;
    std::function<void(std::string_view)> on_warning;          // something the user should know
    std::function<void(std::string_view)> on_waiting;          // the lock is held elsewhere
    std::function<void(const step&, double seconds)> on_step;  // a step committed
    // Steps start: the first one, its number from 1, how many steps the run has, and how many start
    // together in one round trip (under --single-transaction, consecutive steps share one; else 1).
    std::function<void(const step&, std::size_t k, std::size_t n, std::size_t together)> on_step_start;
};

// Everything `check` reports: the state, the integrity comparison, and what an upgrade would apply.
struct check_report {
    database_state state;
    integrity_report integrity;
    std::vector<rev_index> pending;         // not applied yet, in order (empty when revisions are unknown)
    std::vector<std::string> executed_sql;  // per integrity.edited: the upgrade SQL the history recorded
};

// What a run changed: the steps that committed, in order, with their seconds, and the version rows
// before and after.
struct run_report {
    std::vector<step> steps;
    std::vector<double> seconds;  // per step
    std::vector<rev_index> rows_before, rows_after;
};

class migrator {
public:
    // Works on `conn` with the revisions of `c` (both must outlive the migrator); `retort_version` is
    // recorded in the history and the log (retort::version()).
    migrator(const catalog& c, connection& conn, migrate_options options, std::string retort_version);
    migrator(migrator&&) noexcept;
    migrator& operator=(migrator&&) noexcept;
    ~migrator();

    // Reads the version rows and history in one query (nothing is created).
    database_state read_state();

    // Compares the database with the revisions in full (two more queries when the fingerprint differs).
    check_report check();

    // Applies what `targets` need. A database that is already there, unedited, costs one query and
    // takes no lock. Refuses (integrity_error) over unknown or edited revisions before any change;
    // throws statement_error when a statement fails (the steps before it stay applied).
    run_report upgrade(std::span<const std::string> targets);

    // Reverts everything above `targets`; refuses before any change if a revision is irreversible.
    run_report downgrade(std::span<const std::string> targets);

    // Sets the version rows to `targets` without running SQL; `purge` first empties the version table.
    run_report stamp(std::span<const std::string> targets, bool purge);

    // Records that the applied revision `revision` was edited on purpose: stores this binary's checksums
    // and logs the old and new ones with `reason` and the database user. Throws state_error when the
    // revision is not applied or not edited. Returns the revision's full id.
    std::string accept_edit(std::string_view revision, std::string_view reason);

    // Runs every seed that is due, in file-name order, each in its own transaction (one round trip),
    // and calls `on_outcome` for each seed as soon as it is skipped or committed. When nothing is due
    // this costs two queries and takes no lock. Throws statement_error at the first seed that fails (it
    // is rolled back; earlier seeds stay applied; later ones are not tried), and unknown_revisions_error
    // when the database holds revisions these migrations do not know.
    std::vector<seed_outcome> seed(const std::function<void(const seed_outcome&)>& on_outcome = {});

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace retort
