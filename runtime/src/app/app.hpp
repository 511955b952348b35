// runtime/src/app/: the application layer, one function per command. Each takes the revisions
// (a catalog) and what the command line asked for as plain values, does the work through a session
// (session.hpp: reading, verifying and locking the state) and the executor (executor.hpp: running
// steps and seeds), and returns an outcome value: what changed, what was found, and the status the
// process ends with (runtime/src/core/status.hpp). Rendering outcomes as text or JSON is the CLI's.
// The public migrator (retort/migrator.hpp) runs the same operations (operations.hpp).
#pragma once

#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lockfile.hpp"
#include "core/status.hpp"
#include "retort/catalog.hpp"
#include "retort/driver.hpp"
#include "retort/migrator.hpp"
#include "schema/autogenerate.hpp"
#include "sql/check.hpp"

namespace retort::app {

// How commands reach the database and what they report while they run.
struct database_options {
    connection_options connection;
    migrate_options migrate;  // schema, lock wait, server limits, and the on_step / on_warning reports
    std::string retort_version;
};

// ---- upgrade, downgrade, stamp ----------------------------------------------------------------------

// What a migration did. `error` is set when it failed after reading the state: `report` then tells
// what stayed applied (failures before that are thrown).
struct migration_outcome {
    direction dir = direction::up;
    run_report report;
    std::exception_ptr error;
};

// Applies what `targets` need (default head).
migration_outcome upgrade(const catalog& c, const database_options& o, std::span<const std::string> targets);

// Reverts everything above `targets` (at least one).
migration_outcome downgrade(const catalog& c, const database_options& o, std::span<const std::string> targets);

struct stamp_outcome {
    std::vector<rev_index> before;
    std::vector<rev_index> after;
};

// Sets the version rows to `targets` without running SQL; `purge` empties the tables first.
stamp_outcome stamp(const catalog& c, const database_options& o, std::span<const std::string> targets, bool purge);

// The script that `--sql` prints; no database is consulted.
struct script_outcome {
    std::string sql;  // all of it, or what remains after the parts given to a script_sink
};

// Receives a script's text in order as whole steps are written (so that 10,000 revisions never sit in
// memory at once); empty: the whole script comes back in script_outcome.
using script_sink = std::function<void(std::string_view)>;

// The script of an upgrade or a downgrade over `words` (`[FROM:]TO`, see parse_script_ranges()).
script_outcome migration_script(const catalog& c, const migrate_options& o, std::span<const std::string> words,
                                direction dir, const std::string& retort_version, const script_sink& sink = {});

// The script of a stamp on an empty version table.
script_outcome stamp_script(const catalog& c, const migrate_options& o, std::span<const std::string> targets,
                            bool purge, const std::string& retort_version);

// ---- current, history, heads, branches, show ---------------------------------------------------------

struct current_outcome {
    std::vector<rev_index> rows;  // the version rows
    std::vector<rev_index> heads;
    std::vector<rev_index> at;  // the applied revisions no applied revision revises (what `current` shows)
};

// The revisions the database is at (no lock, nothing created).
current_outcome current(const catalog& c, const database_options& o);

// What a database said about the revisions, shown beside them.
struct marks {
    std::vector<bool> applied;
    std::vector<rev_index> current;
};

struct history_outcome {
    std::vector<rev_index> revisions;  // newest first
    std::optional<marks> database;     // absent when no database answered
};

// The revisions in `range` (history -r), marked with what a database answering says.
history_outcome history(const catalog& c, const database_options& o, const std::optional<std::string>& range);

struct revisions_outcome {
    std::vector<rev_index> revisions;
};

// The heads (with `resolve_dependencies`, only those no revision depends on); the branch points; one
// revision.
revisions_outcome heads(const catalog& c, bool resolve_dependencies = false);
revisions_outcome branches(const catalog& c);
// `show heads` shows every head, `show current` what `current` prints (it reads the database).
revisions_outcome show(const catalog& c, const database_options& o, const std::string& word);

// ---- check, accept-edit, lock ---------------------------------------------------------------------------

struct check_outcome {
    check_report report;
    retort::status result = retort::status::ok;  // the most serious finding: unknown, edited, unfinished, pending
};

// The database against the revisions.
check_outcome check(const catalog& c, const database_options& o);

struct offline_check_outcome {
    lock_check check;
    retort::status result = retort::status::ok;  // edited, unlocked (or several heads), ok
};

// The revisions against the catalog's lock file (check --offline), without a database.
offline_check_outcome check_offline(const catalog& c, const lock_policy& policy);

struct accept_edit_outcome {
    std::string revision;
    std::string log_table;
};

accept_edit_outcome accept_edit(const catalog& c, const database_options& o, const std::string& word,
                                const std::string& reason);

struct lock_outcome {
    std::string lock_file;
    std::vector<rev_index> added;         // lock: revisions newly locked
    std::optional<lock_relock> relocked;  // lock --relock
    std::optional<lock_check> refused;    // edited or deleted locked revisions: nothing was written
    retort::status result = retort::status::ok;
};

// Adds the unlocked revisions to the catalog's lock file, or rewrites one line (`relock`).
lock_outcome lock(const catalog& c, const std::optional<std::string>& relock);

// ---- revision, merge ------------------------------------------------------------------------------------

struct revision_request {
    std::optional<std::filesystem::path> dir;  // the revision directory; absent for a baked binary
    std::optional<std::string> message;
    std::optional<std::string> head;
    std::optional<std::string> rev_id;  // --rev-id: this id instead of a random one
    bool splice = false;                // --splice: --head may be a revision that is not a head
    std::vector<std::string> branch_labels;
    std::vector<std::string> depends_on;
    bool transactional = true;
};

struct revision_outcome {
    std::filesystem::path path;
    std::string revision;
};

// A new revision file on the head (or `head`); a merge revision over `revisions` (default: every head).
revision_outcome new_revision(const catalog& c, const revision_request& r);
revision_outcome merge(const catalog& c, const revision_request& r, std::span<const std::string> revisions);

// ---- revision --autogenerate, check --declared, check --drift (docs/autogenerate.md) ------------------

// Where the scratch databases come from, and what is read.
struct dev_database {
    std::optional<std::string> url;  // --dev-url: a server where retort creates and drops its own databases
    bool grants = false;             // compare privileges too
};

struct autogenerate_request {
    revision_request revision;  // the directory, message, labels; `head` narrows the heads compared
    std::filesystem::path declared;
    dev_database dev;
    bool unverified = false;           // write a revision that could not be proven, its differences on top
    std::vector<std::string> renames;  // `KIND:OLD:NEW` (or `KIND OLD NEW`), as `-- retort:rename` hints
};

struct autogenerate_outcome {
    schema::autogenerate_result generated;
    std::vector<revision_outcome> written;       // the revision, then its concurrent index builds; empty when none
    retort::status result = retort::status::ok;  // unverified: could not be proven, nothing written
};

// Writes the revision that takes the migrations (at every head, or `head`) to the declared schema,
// after proving it on scratch databases; nothing when there is nothing to do or the proof fails.
autogenerate_outcome autogenerate(const catalog& c, const autogenerate_request& r);

struct declared_check_outcome {
    schema::check_result check;
    std::vector<std::string> heads;              // the heads compared
    retort::status result = retort::status::ok;  // schema_differs
};

// Whether the migrations at their heads (or `head`) produce exactly the declared schema.
declared_check_outcome check_declared(const catalog& c, const std::filesystem::path& declared,
                                      const std::optional<std::string>& head, const dev_database& dev);

struct drift_outcome {
    schema::drift_result drift;
    std::vector<rev_index> applied;              // the revisions the database's version rows imply, in graph order
    retort::status result = retort::status::ok;  // drift
};

// The live database against the schema its applied revisions produce.
drift_outcome check_drift(const catalog& c, const database_options& o, const dev_database& dev);

// ---- lint ------------------------------------------------------------------------------------------------

struct lint_request {
    bool all = false;   // lint the revisions the lock file records too (released history)
    std::string rules;  // `rule=level` entries (LINT_RULES), as parse_rule_settings() reads them
};

struct lint_outcome {
    sql::check_report report;
    retort::status result = retort::status::ok;  // invalid_input (a syntax error), lint (an error finding), ok
};

// PostgreSQL's parser and the lint rules over a directory's revisions and seeds, as the build runs them:
// new revisions (not in the lock file) only unless `all`. Throws usage_error for a baked catalog.
lint_outcome lint(const catalog& c, const lint_request& r);

// Throws input_error (file:line:column) when a statement of a directory's revisions or seeds does not
// parse, or the parser splits a section differently from retort: what the retort tool checks before any
// command, as the build does. A baked catalog was checked when it was built.
void require_parsed(const catalog& c);

// ---- seed, reset ------------------------------------------------------------------------------------------

// What a seed run did; `error` is set when a seed failed (`failed` names it, `seeds` the ones before).
struct seed_run_outcome {
    std::vector<seed_outcome> seeds;
    std::optional<std::size_t> failed;  // index into catalog::seeds
    std::exception_ptr error;
};

// Throws usage_error when the catalog has no seeds.
void require_seeds(const catalog& c);

seed_run_outcome seed(const catalog& c, const database_options& o,
                      const std::function<void(const seed_outcome&)>& on_seed = {});

struct reset_request {
    bool yes = false;          // without it, nothing is done: the refusal says what would be
    bool drop_schema = false;  // instead of downgrading to base
    std::function<void(const std::string& schema)> on_dropped;
    std::function<void(const migration_outcome&)> on_migrated;  // after the downgrade and after the upgrade
    std::function<void(const seed_outcome&)> on_seed;
};

struct reset_outcome {
    std::optional<std::string> dropped_schema;
    std::optional<migration_outcome> downgraded;
    std::optional<migration_outcome> upgraded;
    std::optional<seed_run_outcome> seeded;  // when the catalog has seeds
    std::exception_ptr error;                // the phase that failed, after the ones above
};

// A development database back to a clean head: downgrade to base (or drop and recreate the schema),
// upgrade head, run the seeds. Throws usage_error, saying what it would do, without `yes`.
reset_outcome reset(const catalog& c, const database_options& o, const reset_request& r);

// ---- roundtrip ------------------------------------------------------------------------------------------

struct roundtrip_request {
    // A server where scratch databases may be created and dropped (RETORT_TEST_DATABASE_URL); absent:
    // a throwaway server from the local PostgreSQL binaries.
    std::optional<std::string> server_url;
    bool require_downgrade = false;  // an irreversible revision fails the round trip instead of ending it
    // Before each phase ("upgrade to head", ...): its number from 1, and how many there are.
    std::function<void(std::string_view phase, std::size_t k, std::size_t n)> on_phase;
    std::function<void(const seed_outcome&)> on_seed;
};

struct roundtrip_outcome {
    std::string database;                          // the scratch database, as connection::describe() has it
    std::vector<std::string> phases;               // those that completed, in order
    std::optional<rev_index> irreversible;         // the round trip ended after the upgrade: it has no downgrade
    std::vector<std::string> left_after_base;      // what the downgrade to base left behind
    std::vector<std::string> second_upgrade_diff;  // how the second upgrade's schema differs from the first's
    std::vector<std::string> seeds_changed;        // tables whose rows the second run of the seeds changed
    std::exception_ptr error;                      // a migration or a seed failed (statement_error: file:line)
    retort::status result = retort::status::ok;
};

// On a scratch database: upgrade to the heads, downgrade to base and compare with the empty database,
// upgrade again and compare with the first upgrade's schema, run the seeds twice and compare the rows.
// The connection settings of `o` are not used: the database is retort's own and dropped at the end.
roundtrip_outcome roundtrip(const catalog& c, const database_options& o, const roundtrip_request& r);

}  // namespace retort::app
