// The SQL of retort's own tables: the version table (Alembic's), the history, the log and the seed table
// (DDL in docs/runtime.md and docs/seeds.md). Rendered as text with literals, so that the PostgreSQL
// store and the script of `--sql` send exactly the same statements. Pure.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql_text.hpp"
#include "retort/revision.hpp"
#include "retort/seed.hpp"
#include "store/deferred_rows.hpp"
#include "store/store.hpp"

namespace retort {

// A statement of the bookkeeping in parts: `sql`, then (when set) `literal` quoted as a string literal,
// then `after`. A history row carries a whole section that way, so that the script of a 200 MB revision
// is written without a quoted copy of it (script_store); joined() is the statement as one text.
struct book_statement {
    book_statement(std::string whole) : sql(std::move(whole)) {}  // NOLINT: a plain statement converts
    book_statement(std::string before, std::string_view text, std::string then)
        : sql(std::move(before)),
          literal(text),
          after(std::move(then)) {}

    std::string sql;
    std::optional<std::string_view> literal;
    std::string after;

    std::string joined() &&;
};

class bookkeeping {
public:
    // `schema` empty: the tables live in the connection's current schema. Throws usage_error for a
    // schema over 63 bytes or a version table over 55 (PostgreSQL keeps the first 63 bytes of a name:
    // two longer schemas would be one, and `_history` would be cut off).
    bookkeeping(std::string schema, std::string version_table, std::string retort_version);
    explicit bookkeeping(const store_config& c) : bookkeeping(c.schema, c.version_table, c.retort_version) {}

    const std::string& schema() const noexcept { return schema_; }

    // Qualifies every table with `schema` from now on (the schema resolved for a run; empty: none),
    // without changing the search_path that a configured schema sets.
    void place_in(std::string schema) { placed_ = std::move(schema); }
    // The schema the statements name: the placed one, else the configured one (empty: none).
    const std::string& table_schema() const noexcept { return placed_.empty() ? schema_ : placed_; }
    const std::string& version_table() const noexcept { return version_table_; }
    const std::string& history_table() const noexcept { return history_; }
    const std::string& log_table() const noexcept { return log_; }
    const std::string& seeds_table() const noexcept { return seeds_; }

    // One of retort's tables as create_tables() makes it: its name, what it is to retort, its columns.
    struct table_shape {
        std::string name;
        std::string_view role;  // "version", "history", "log", "seed"
        std::vector<std::string_view> columns;
    };
    // The version table, the history, the log and the seed table.
    std::vector<table_shape> shapes() const;

    // Creates the schema (when given) and the three tables if they do not exist.
    std::vector<std::string> create_tables() const;

    // `SET search_path` to the schema (empty without one): the offline script's equivalent of the
    // set_config() that state_query() does online.
    std::string set_search_path() const;

    // Sets search_path to the schema (when given) and reads the version rows, the unfinished (failed or
    // in-progress) revisions and the fingerprint of the recorded checksums (integrity.hpp): one statement,
    // one round trip. Its rows are typed by their first column: ('row', version_num), ('unfinished',
    // revision, status, statement_index, failed_line), ('fingerprint', hex) and, with a schema,
    // ('search_path', ...). Fails with 42P01 (or 3F000) before first use.
    // `also`: a further row of five text columns to UNION in (the placement of the tables, read in the
    // same round trip).
    std::string state_query(std::string_view also = {}) const;

    // The version rows alone (a database Alembic manages, before retort's other tables exist).
    std::string version_rows_query() const;

    // Every history row as integrity.hpp's history_record reads it (without the executed SQL).
    std::string history_query() const;

    // The upgrade SQL that ran for each of `ids` (non-empty), as recorded: rows of (revision, upgrade_sql).
    std::string executed_sql_query(std::span<const std::string_view> ids) const;

    // Replaces the recorded checksums of `r` with this binary's (accept-edit).
    std::string record_accepted_edit(const revision& r) const;

    // Turns the version rows `before` into `after` (UPDATE when one row replaces another, as Alembic does).
    std::vector<std::string> change_rows(std::span<const std::string_view> before,
                                         std::span<const std::string_view> after) const;

    // The bookkeeping a change records, in the order it is sent (after the change's own statements).
    std::vector<std::string> record(const change& c) const;

    // The statements a non-transactional revision's event records: `started` (the in-progress row and a
    // log row) and, going up, `statement` (the progress row after it ran); nothing for the others.
    std::vector<std::string> record(const revision& r, const progress& p) const;
    // The same two, in parts.
    std::vector<book_statement> record_parts(const change& c) const;
    std::vector<book_statement> record_parts(const revision& r, const progress& p) const;

    // What a session prepares once so that a step's bookkeeping (history row, version row, log row) is one
    // EXECUTE; the statements' names end in `_<generation>` (a revision may deallocate them).
    std::vector<std::string> prepare_steps(unsigned generation) const;

    // The EXECUTE that records step `s` (prepare_steps()), then the version-row statements it leaves out
    // (all but one row replacing another). `sql_at`: where the revision's upgrade SQL stands in the Query
    // that carries the EXECUTE (1-based byte offset and length), which the server then records from that
    // text; without it, the SQL travels as a literal.
    struct sql_span {
        std::size_t from = 0;
        std::size_t length = 0;
    };
    // `stashed`: how many parts of the step came before this one, each keeping its slice of the SQL with
    // stash_sql(); the recorded SQL is then those slices and this one's.
    std::vector<std::string> execute_step(const step_change& s, unsigned generation, std::optional<sql_span> sql_at,
                                          unsigned stashed = 0) const;

    // Keeps the slice of an upgrade's SQL that stands at `at` in this Query in a transaction-local setting,
    // numbered `part` from 1, for the step's last part (step_batch.hpp's step_parts).
    std::string stash_sql(unsigned part, sql_span at) const;

    // The rows of the upgrades that ran without bookkeeping of their own inside one transaction: their history rows, the
    // version rows' net change and their log rows, as statements of about `part` bytes handed to `run`.
    void write_deferred(const deferred_rows& rows, const std::function<void(const std::string&)>& run,
                        std::size_t part = 1 << 16) const;

    // Records `r` as applied (or re-applied): upsert its history row with checksums and executed SQL.
    std::string record_applied(const revision& r) const;
    book_statement applied_parts(const revision& r) const;
    // Records `r` as stamped (its SQL did not run here).
    std::string record_stamped(const revision& r) const;
    // Removes `r` from the history (downgraded or unstamped).
    std::string record_removed(std::string_view id) const;
    // Marks a non-transactional revision as started, before its first statement runs.
    std::string record_in_progress(const revision& r) const;
    book_statement in_progress_parts(const revision& r) const;
    // Records that a non-transactional revision's statements before `next_statement` (0-based) have run.
    std::string record_progress(const revision& r, std::size_t next_statement) const;
    // Marks a non-transactional revision as failed at statement `index` (0-based) on file line `line`.
    std::string record_failed(const revision& r, std::size_t index, std::uint32_t line, std::string_view error) const;
    // Empties the version table and the history (stamp --purge).
    std::vector<std::string> purge() const;
    // An offline downgrade that reaches base drops the version table, as Alembic's scripts do.
    std::string drop_version_table() const;
    // Appends a row to the log table.
    std::string log(std::string_view operation, std::string_view revision, std::string_view outcome,
                    std::string_view detail) const;

    // Creates the seed table if it does not exist (in the schema create_tables() creates).
    std::string create_seed_table() const;
    // Every recorded seed: name, checksum, and whether the revision it required was applied again after
    // the seed ran ('t' or 'f'). Fails with 42P01 before the first seed ran.
    std::string seeds_query() const;
    // Records `s` as applied with its checksum (a new row, or one replacing its earlier row);
    // `required_id` is the id of the revision its Requires names, empty without one.
    std::string record_seed(const seed& s, std::string_view required_id) const;

private:
    std::string qualified(const std::string& table) const;

    std::string schema_;
    std::string placed_;
    std::string version_table_;
    std::string history_;
    std::string log_;
    std::string seeds_;
    std::string retort_version_;
};

// The downgrade checksum of `r` as a literal, or NULL when it has no downgrade.
std::string optional_checksum(const revision& r);

// The columns of an applied history row, and what re-applying a revision overwrites in its existing row
// (`duration` the new duration_ms): shared by record_applied(), the prepared step and the deferred rows.
inline constexpr std::string_view applied_history_columns =
    "(revision, status, checksum_algorithm, upgrade_checksum, downgrade_checksum, applied_at, duration_ms, "
    "retort_version, upgrade_sql)";
std::string on_reapplied(std::string_view duration);
// A re-applied row keeps its applied_at (a resumed revision's start): its duration counts from there.
inline constexpr std::string_view duration_since_applied =
    "1000 * extract(epoch FROM clock_timestamp() - h.applied_at)";

// The session holding the advisory lock $1 in this database: pid, seconds since its current statement
// (or its last one, when idle) started, state, application_name, and the statement's first 80
// characters. No rows when nobody holds it.
std::string lock_holder_query();

// Whether the index named $1 (a to_regclass() name) is valid: one row 't' or 'f', none when absent.
std::string index_validity_query();

}  // namespace retort
