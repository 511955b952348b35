// The history store on a PostgreSQL session: every statement retort sends besides the revisions' and
// the seeds' own (their text in bookkeeping_sql.hpp), the migration lock, and what only a live server can
// tell (the current schema, invalid indexes, a schema's owner and privileges).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "retort/driver.hpp"
#include "store/bookkeeping_sql.hpp"
#include "store/lock_session.hpp"
#include "store/store.hpp"

namespace retort {

// The advisory-lock key for a schema-qualified version table (documented in docs/runtime.md).
std::int64_t lock_key(std::string_view schema, std::string_view version_table);

struct postgres_options {
    // PostgreSQL's lock_timeout and statement_timeout, set for the session once the lock is taken
    // (unset: the server's).
    std::optional<std::chrono::milliseconds> pg_lock_timeout;
    std::optional<std::chrono::milliseconds> pg_statement_timeout;
    std::function<void(std::string_view)> on_warning;  // what the store did on its own, e.g. an index dropped
    // A section larger than this goes to the server in several Queries of about this size, in one
    // transaction (step_batch.hpp's step_parts), so that memory stays far below the section's size.
    std::size_t part_bytes = std::size_t{1} << 20;
};

class postgres_store final : public history_store {
public:
    postgres_store(connection& conn, const store_config& config, postgres_options options = {});

    database_state read_state() override;
    history read_history(const history_request& request) override;
    void ensure_tables(bool seeds) override;
    std::unique_ptr<store_lock> hold_lock(const lock_wait& wait) override;
    std::unique_ptr<store_transaction> begin() override;
    void apply(const change& c) override;
    void apply_together(std::span<const step_change> steps, const step_done& done) override;
    void advance(const revision& r, const progress& p) override;
    void log(const log_entry& e) override;
    index_fact concurrent_index_state(const statement& st) override;

    // Development resets: drops the version table's schema (the configured one, or the session's
    // current schema) with everything in it and creates it again with the same owner and the same
    // PUBLIC privileges, in one transaction. Returns the schema's name; throws state_error when there is
    // no such schema. Call it under the lock.
    std::string recreate_schema();

    // The bookkeeping statements, their schema resolved for this run (a query, the first time).
    const bookkeeping& books() { return placed(); }

private:
    class open_transaction;

    const bookkeeping& placed();
    std::string_view next_guard();
    std::size_t add_guard(std::vector<pipeline_statement>& batch);
    void moved(const database_error& e, std::string_view outcome);
    void run_guarded(const std::vector<std::string>& statements, std::string_view outcome);
    database_state read_version_rows_only();
    std::string version_schema();
    void apply_server_limits();
    bool apply_step(const step_change& s);
    void run_in_parts(std::span<const pipeline_statement> batch);
    bool can_share_query(std::span<const step_change> steps) const;
    void run_in_transaction(std::span<const step_change> steps, const step_done& done);
    void forget_prepared();
    void flush_deferred();
    void run_statement(const revision& r, const progress& p);
    bool run_with_progress(const statement& st, const std::vector<std::string>& after);
    std::string lock_holder(std::int64_t key);
    void drop_invalid_index(const statement& st);
    bool is_invalid_index(const std::string& name);
    std::string invalid_index_advice(const statement& st);

    connection& conn_;
    bookkeeping books_;
    postgres_options options_;
    bool in_transaction_ = false;          // begin() opened one that apply() joins
    bool transaction_guarded_ = false;     // and a change in it has proven its backend already
    bool placed_ = false;                  // books_ names the schema resolved for this run
    std::optional<lock_session> session_;  // while the lock is held: the backend holding it
    bool prepared_ = false;                // the session holds bookkeeping::prepare_steps(generation_)
    unsigned generation_ = 0;
    bool literal_only_ = false;  // the prepared statements vanished under a pooler: bookkeeping as literals
    deferred_rows deferred_;     // what begin()'s transaction still has to write before its COMMIT
};

}  // namespace retort
