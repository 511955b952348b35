// Keeping a run on the backend that holds its lock: a token, one check per transaction.
#include "store/lock_session.hpp"

#include <fmt/format.h>

#include <random>

#include "core/sql_text.hpp"
#include "retort/error.hpp"

namespace retort {

namespace {

constexpr std::string_view nothing_changed = "Nothing was changed by this run.";

// Releasing a lock that a pooler left on another backend: a few tries land on it when the pool is small.
constexpr int release_tries = 8;

std::string new_token() {
    std::random_device device;
    return fmt::format("{:08x}{:08x}{:08x}", device(), device(), device());
}

// A bigint key appears in pg_locks split into classid (high half) and objid (low half), objsubid 1.
std::string held_by(std::int64_t key, std::string_view pid) {
    return fmt::format(
        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = {} AND granted AND objsubid = 1 AND "
        "((classid::bigint << 32) | objid::bigint) = {}",
        pid, key);
}

std::string advice() {
    return "Behind a pooler, point retort at a pool in session mode (pgbouncer: pool_mode = session) or at the "
           "server directly (a direct URL, e.g. the primary's own port): retort's session-level migration lock "
           "needs one server session for the whole run";
}

// Tries to release the lock on the backend of `s` from wherever the pooler sends each statement.
bool release_elsewhere(connection& conn, const lock_session& s) {
    for (int i = 0; i < release_tries; ++i) {
        auto r = conn.query(fmt::format("SELECT pg_advisory_unlock({0}) FROM ({1}) held WHERE pg_backend_pid() = {2}",
                                        s.key, held_by(s.key, s.pid), s.pid));
        if (!r.rows.empty()) return true;
    }
    return false;
}

}  // namespace

[[noreturn]] void refuse_moved_session(const lock_session& s, const std::string& what, std::string_view outcome) {
    throw state_error(fmt::format(
        "refusing to migrate: the session did not stay on one server backend while holding the migration lock "
        "(advisory lock key {}): {}. A pooler in transaction mode (pgbouncer's pool_mode = transaction) runs each "
        "transaction on any backend, so the lock protects nothing. {} {}",
        s.key, what, outcome, advice()));
}

[[noreturn]] void refuse_and_release(connection& conn, const lock_session& s, const std::string& what,
                                     std::string_view outcome) {
    bool released = false;
    try {
        released = !s.pid.empty() && release_elsewhere(conn, s);
    } catch (const database_error&) {
        // The refusal below is the news; a failed release is said there.
    }
    refuse_moved_session(
        s,
        released ? what + " (the lock was released)"
                 : fmt::format("{}; the lock stays with backend {} until the pooler closes that server connection "
                               "or SELECT pg_terminate_backend({}) ends it",
                               what, s.pid, s.pid),
        outcome);
}

lock_session claim_lock_session(connection& conn, std::int64_t key) {
    lock_session s{key, {}, new_token(), {}};
    // Advisory locks belong to a database: the same key taken in another database of the server (another
    // application's migrations) is another lock, and its holder must not be named or released here.
    auto row = conn.query(fmt::format("SELECT pg_backend_pid(), set_config('retort.lock_token', {}, false), "
                                      "EXISTS ({}), (SELECT string_agg(pid::text, ',') FROM pg_locks WHERE locktype "
                                      "= 'advisory' AND granted AND objsubid = 1 AND ((classid::bigint << 32) | "
                                      "objid::bigint) = {} AND database = (SELECT oid FROM pg_database WHERE datname = "
                                      "current_database()))",
                                      quote_literal(s.token), held_by(key, "pg_backend_pid()"), key))
                   .rows.at(0);
    s.pid = row.at(0).value_or("");
    if (row.at(2).value_or("f") != "t") {
        const std::string here = s.pid;
        s.pid = row.at(3).value_or("");
        refuse_and_release(conn, s,
                           fmt::format("the lock was taken on backend {} and the next transaction ran on backend {}",
                                       s.pid.empty() ? "?" : s.pid, here),
                           nothing_changed);
    }
    s.guard = lock_session_guard(s);
    try {
        conn.query(s.guard);
    } catch (const database_error& e) {
        if (!is_guard_failure(e)) throw;
        refuse_and_release(conn, s,
                           fmt::format("backend {} took the lock and the next transaction ran on another", s.pid),
                           nothing_changed);
    }
    return s;
}

std::string lock_session_guard(const lock_session& s) {
    // Division by zero when the session moved: an error that aborts the transaction it starts. The
    // divisor is not a constant, so the planner cannot fold it into an error of every run.
    return fmt::format(
        "SELECT 1 / (pg_backend_pid() = {} AND current_setting('retort.lock_token', true) = {})::int AS "
        "retort_lock_session",
        s.pid, quote_literal(s.token));
}

bool is_guard_failure(const database_error& e) { return e.sqlstate() == "22012"; }

}  // namespace retort
