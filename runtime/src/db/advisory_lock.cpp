// advisory_lock_guard: takes the migration's session-level advisory lock by polling, with backoff.
#include "retort/driver.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <random>

namespace retort {
namespace {

using std::chrono::milliseconds;

// Exponential backoff with jitter, so several waiting migrators do not poll the server in lockstep.
// Seeded from the key and the pid: different processes spread out, no shared generator is needed.
class backoff {
public:
    explicit backoff(std::int64_t key)
        : random_(static_cast<std::uint_fast32_t>(static_cast<std::uint64_t>(key) ^
                                                  (static_cast<std::uint64_t>(key) >> 32) ^
                                                  static_cast<std::uint64_t>(getpid()))) {}

    milliseconds next() {
        const auto base = delay_.count();
        std::uniform_int_distribution<milliseconds::rep> jitter{base - base / 4, base + base / 4};
        delay_ = std::min(delay_ * 2, cap);
        return milliseconds{jitter(random_)};
    }

private:
    static constexpr milliseconds cap{500};
    milliseconds delay_{10};
    std::minstd_rand random_;
};

std::string timeout_message(std::int64_t key, milliseconds timeout) {
    return fmt::format(
        "timed out after {} ms waiting for the migration lock (advisory lock key {}) held by another session; "
        "wait for the other migration to finish and retry, or find the holder with "
        "SELECT pid, application_name, query_start FROM pg_stat_activity JOIN pg_locks USING (pid) "
        "WHERE locktype = 'advisory' and stop it with pg_terminate_backend(pid) if it is stuck",
        timeout.count(), key);
}

}  // namespace

advisory_lock_guard::advisory_lock_guard(connection& conn, std::int64_t key, milliseconds timeout,
                                         const std::function<void()>& on_wait)
    : conn_(conn),
      key_(key) {
    if (conn_.try_advisory_lock(key_)) {
        return;
    }
    if (on_wait) {
        on_wait();
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    backoff delays{key_};
    for (;;) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            throw lock_timeout_error(timeout_message(key_, timeout));
        }
        // Never sleep past the deadline: the last try happens right at it.
        // An interrupt ends the wait at once (interrupted_error); the lock was never taken.
        conn_.pause(std::min<milliseconds>(delays.next(), std::chrono::ceil<milliseconds>(deadline - now)));
        if (conn_.try_advisory_lock(key_)) {
            return;
        }
    }
}

advisory_lock_guard::~advisory_lock_guard() {
    // A lost connection releases the lock with the session, so a failure here changes nothing.
    try {
        conn_.advisory_unlock(key_);
    } catch (...) {
    }
}

}  // namespace retort
