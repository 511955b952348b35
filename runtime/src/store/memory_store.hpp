// An in-memory history store for unit tests of the application layer: it keeps what retort's tables
// would hold, runs nothing (a test decides which statements fail), and counts the round trips a
// PostgreSQL store would make. The contract suite (tests/store/) holds it to the PostgreSQL store's
// behaviour, so that tests on it cannot pass where the real store would not.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace retort {

// What a memory store's database holds; several stores (sessions) may share one.
struct memory_database {
    struct history_row {
        history_record record;  // applied_at is the logical time below; applied_by the configured user
        std::string upgrade_sql;
        std::optional<std::size_t> statement_index;
        std::uint32_t failed_line = 0;
        std::string error;
        long time = 0;
    };
    struct seed_row {
        std::string checksum;
        std::string requires_revision;
        long time = 0;
    };
    struct log_row {
        std::string operation, revision, outcome, detail;
        friend bool operator==(const log_row&, const log_row&) = default;
    };

    bool tables = false;
    bool seed_table = false;
    std::set<std::string> rows;  // the version table, in byte order
    std::map<std::string, history_row> history;
    std::map<std::string, seed_row> seeds;
    std::vector<log_row> log;

    std::vector<std::string> executed;  // every revision or seed statement sent, in order (rolled back or not)
    // Decides whether a revision or seed statement fails: the server's report, or nullopt to succeed.
    std::function<std::optional<database_error::details>(std::string_view sql)> fail;
    bool locked = false;  // the migration lock is held by a store
    // Called when a store takes the lock: a test lets another session change the database while this
    // one waited for it.
    std::function<void(memory_database&)> on_lock;
    long clock = 0;               // logical time: each transaction's now()
    std::size_t round_trips = 0;  // what a PostgreSQL store would have sent
    std::size_t locks_taken = 0;
};

class memory_store final : public history_store {
public:
    // `user` is what history rows record as applied_by.
    memory_store(memory_database& db, const store_config& config, std::string user = "memory");

    database_state read_state() override;
    history read_history(const history_request& request) override;
    void ensure_tables(bool seeds) override;
    std::unique_ptr<store_lock> hold_lock(const lock_wait& wait) override;
    std::unique_ptr<store_transaction> begin() override;
    void apply(const change& c) override;
    void advance(const revision& r, const progress& p) override;
    void log(const log_entry& e) override;

private:
    class snapshot;
    class open_transaction;

    void run(std::span<const statement> statements, std::size_t first_index = 0);
    void record(const change& c);
    void record_step(const step_change& s);
    void record_stamp(const stamp_change& s);
    void upsert(const revision& r, std::string_view status, bool ran);
    void change_rows(std::span<const std::string_view> before, std::span<const std::string_view> after);
    void add_log(std::string_view operation, std::string_view revision, std::string_view outcome,
                 std::string_view detail);
    long transaction_time();

    memory_database& db_;
    store_config config_;
    std::string user_;
    bool in_transaction_ = false;
};

}  // namespace retort
