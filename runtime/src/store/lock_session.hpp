// The server backend that holds the migration lock, and the proof, inside each of retort's own
// transactions, that they still run there (docs/runtime.md#poolers-and-standbys). Behind a pooler in
// transaction mode (pgbouncer's pool_mode = transaction) consecutive transactions of one client may run
// on different backends, and another client may run on the backend that holds the lock: a session-level
// advisory lock then protects nothing, and a run must stop before it changes anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "retort/driver.hpp"

namespace retort {

struct lock_session {
    std::int64_t key = 0;
    std::string pid;    // pg_backend_pid() of the backend holding the lock
    std::string token;  // retort.lock_token on that backend; another client taking the lock there overwrites it
    std::string guard;  // lock_session_guard() of this session, kept for pipelines that refer to it
};

// Right after the lock was taken on `conn`: marks the backend with a token and proves, in a second
// transaction, that the session stayed on it. Throws state_error naming session pooling or a direct URL
// when it did not, after releasing the lock where it can.
lock_session claim_lock_session(connection& conn, std::int64_t key);

// A statement for the start of each of retort's transactions: it fails (SQLSTATE 22012) unless it runs on
// the backend of `s` with its token, so that nothing is committed on another backend.
std::string lock_session_guard(const lock_session& s);

// Whether `e`, the failure of lock_session_guard(), says the session moved.
bool is_guard_failure(const database_error& e);

// The refusal for a session that moved while the lock was held (`what` says how, `outcome` what stayed
// applied).
[[noreturn]] void refuse_moved_session(const lock_session& s, const std::string& what, std::string_view outcome);

// The same, after trying to release the lock on the backend of `s` from wherever the pooler sends each
// statement (the message says whether that worked).
[[noreturn]] void refuse_and_release(connection& conn, const lock_session& s, const std::string& what,
                                     std::string_view outcome);

}  // namespace retort
