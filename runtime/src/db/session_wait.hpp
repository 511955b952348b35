// Waiting for the server without ever blocking inside libpq: every wait of a connection polls its
// socket together with the interrupt's wake-up descriptor, under the reply timeout. An interrupt sends
// a cancel request (PQgetCancel + PQcancel, from this loop, never from a signal handler) and keeps
// reading for a short while so the rollback is seen; a silent server ends the wait with a
// connection_error instead of hanging.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "retort/driver.hpp"

namespace retort::detail {

// A cancel request on its way. PQcancel runs on a thread of its own (request_wait::cancel()); the next
// request waits until it is done, so that a cancel that comes late cannot end a later statement (the
// log row of the interrupted revision, the rollback, the unlock).
struct cancel_flight {
    std::mutex mutex;
    std::condition_variable done_changed;
    bool done = false;
};

// The waiting state a connection keeps between calls.
struct wait_state {
    const interrupt_source* interrupt = nullptr;
    std::chrono::milliseconds reply_timeout{0};  // 0: none
    bool interrupt_reported = false;             // interrupted_error was thrown once; cleanup may follow
    bool abandoned = false;                      // a wait gave up: the session is not used again
    // A cleanup statement runs (a rollback, an unlock): an interrupt that was not reported yet neither
    // stops nor cancels it, and is reported by the next other request.
    bool cleaning = false;
    std::shared_ptr<cancel_flight> cancel;  // the last cancel request sent, until it is known to be done
};

// Marks `state` as running a cleanup statement for its lifetime (wait_state::cleaning).
class cleanup_scope {
public:
    explicit cleanup_scope(wait_state& state) : state_(state), was_(std::exchange(state.cleaning, true)) {}
    cleanup_scope(const cleanup_scope&) = delete;
    cleanup_scope& operator=(const cleanup_scope&) = delete;
    ~cleanup_scope() { state_.cleaning = was_; }

private:
    wait_state& state_;
    bool was_;
};

// How long cleanup after an interrupt (rollback, unlock, a log row) may wait for each answer: the
// user asked to stop, and exits within about a second.
inline constexpr std::chrono::milliseconds cleanup_timeout{2000};

// One request to the server: what its waits do, and whether a cancel was sent during it.
class request_wait {
public:
    request_wait(PGconn* conn, wait_state& state);

    // Before each request: waits for a cancel request still on its way; throws interrupted_error when an
    // interrupt came and was not reported yet (nothing runs then; not while cleaning), connection_error
    // when an earlier wait gave the session up or a cancel request did not finish within cleanup_timeout.
    static void check_usable(wait_state& state);

    // Waits until the socket is readable (or writable, when `write`). Sends the cancel request on an
    // interrupt; throws connection_error when the server stays silent past the reply timeout, and
    // interrupted_error (not confirmed) when it stays silent after the cancel.
    void wait(bool write);

    // Reads what arrived and waits until libpq has a whole result (PQisBusy is false); false when the
    // session was lost meanwhile (the caller reports PQerrorMessage, without calling PQgetResult).
    bool until_result();

    // After the request's results were read: when a cancel was sent and the request failed, the
    // failure is the cancel's doing and is reported as interrupted_error (confirmed).
    void finish(bool failed) const;

    bool cancelled() const noexcept { return signal_ != 0; }

private:
    void cancel();
    [[noreturn]] void give_up_silent();

    PGconn* conn_;
    wait_state& state_;
    int signal_ = 0;  // the signal whose cancel was sent
};

// Sleeps `duration` unless the interrupt comes first (then throws interrupted_error).
void pause(wait_state& state, std::chrono::milliseconds duration);

// The interrupted_error for `signal`; `confirmed` as interrupted_error says.
[[noreturn]] void throw_interrupted(int signal, bool confirmed, const std::string& detail);

}  // namespace retort::detail
