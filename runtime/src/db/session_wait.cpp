// Waits of a connection: socket, interrupt and reply timeout together (see session_wait.hpp).
#include "db/session_wait.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

namespace retort::detail {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string signal_name(int signal) {
    if (signal == SIGINT) return "SIGINT";
    if (signal == SIGTERM) return "SIGTERM";
    return fmt::format("signal {}", signal);
}

// What poll() saw.
enum class woke { socket, interrupt, timeout };

// Polls the socket and, when `watch_interrupt`, the wake-up descriptor; `timeout` 0 waits without end.
woke poll_once(int socket, bool write, int wake_fd, milliseconds timeout) {
    pollfd fds[2]{};
    fds[0].fd = socket;
    fds[0].events = static_cast<short>(POLLIN | (write ? POLLOUT : 0));
    fds[1].fd = wake_fd;
    fds[1].events = POLLIN;
    const nfds_t count = wake_fd >= 0 ? 2 : 1;
    const auto deadline = clock::now() + timeout;
    for (;;) {
        int wait_ms = -1;
        if (timeout.count() > 0) {
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock::now()).count();
            wait_ms = static_cast<int>(std::max<long long>(0, left));
        }
        const int n = ::poll(fds, count, wait_ms);
        if (n < 0 && errno == EINTR) continue;  // a signal: the wake-up descriptor tells whether it was ours
        if (n < 0) throw error(fmt::format("poll() on the connection socket failed: {}", std::strerror(errno)));
        if (n == 0) return woke::timeout;
        if (count == 2 && (fds[1].revents & POLLIN) != 0) return woke::interrupt;
        return woke::socket;
    }
}

int pending_signal(const wait_state& state) {
    if (state.interrupt == nullptr || state.interrupt_reported || state.cleaning) return 0;
    return state.interrupt->signal();
}

// Whether the user asked to stop: later waits are bounded by cleanup_timeout.
bool stopping(const wait_state& state) {
    return state.interrupt_reported || (state.interrupt != nullptr && state.interrupt->signal() != 0);
}

[[noreturn]] void throw_unusable(std::string message) {
    database_error::details d;
    d.sqlstate = "08006";
    d.message = std::move(message);
    std::string what = d.message;
    throw connection_error(std::move(what), std::move(d));
}

// Waits for the cancel request sent last to be done: the server has then signalled the statement it was
// for, or that statement's backend had already finished it and ignores it while idle.
void settle_cancel(wait_state& state) {
    if (!state.cancel) return;
    const std::shared_ptr<cancel_flight> flight = std::move(state.cancel);
    std::unique_lock lock{flight->mutex};
    if (flight->done_changed.wait_for(lock, cleanup_timeout, [&] { return flight->done; })) return;
    state.abandoned = true;
    throw_unusable(
        fmt::format("a cancel request to the server did not finish within {} ms; the session is not used "
                    "again, so that the cancel cannot end a later statement",
                    cleanup_timeout.count()));
}

}  // namespace

void throw_interrupted(int signal, bool confirmed, const std::string& detail) {
    database_error::details d;
    d.sqlstate = "57014";
    d.message = fmt::format("interrupted by {}", signal_name(signal));
    d.detail = detail;
    std::string what = detail.empty() ? d.message : fmt::format("{}: {}", d.message, detail);
    throw interrupted_error(std::move(what), std::move(d), signal, confirmed);
}

request_wait::request_wait(PGconn* conn, wait_state& state) : conn_(conn), state_(state) {}

void request_wait::check_usable(wait_state& state) {
    if (state.abandoned) throw_unusable("the connection was given up earlier in this run and is not used again");
    settle_cancel(state);
    if (const int signal = pending_signal(state); signal != 0) {
        state.interrupt_reported = true;
        throw_interrupted(signal, true, "nothing was running on the server");
    }
}

void request_wait::wait(bool write) {
    if (signal_ == 0) {
        if (const int signal = pending_signal(state_); signal != 0) {
            signal_ = signal;
            cancel();
        }
    }
    // Once the cancel is sent the descriptor stays readable: it is not watched again. A cleanup statement
    // does not watch it at all (wait_state::cleaning).
    const bool watching = state_.interrupt != nullptr && signal_ == 0 && !stopping(state_) && !state_.cleaning;
    milliseconds timeout = state_.reply_timeout;
    if (signal_ != 0 || stopping(state_))
        timeout = timeout.count() == 0 ? cleanup_timeout : std::min(timeout, cleanup_timeout);
    switch (poll_once(PQsocket(conn_), write, watching ? state_.interrupt->wake_fd() : -1, timeout)) {
    case woke::socket: return;
    case woke::interrupt:
        signal_ = state_.interrupt->signal();
        cancel();
        return;
    case woke::timeout: give_up_silent();
    }
}

bool request_wait::until_result() {
    while (PQisBusy(conn_) != 0) {
        // A lost session: PQerrorMessage says why (the server's last FATAL, then libpq's words). A
        // PQgetResult now would wait on the closed socket and only add "invalid socket".
        if (PQsocket(conn_) < 0) return false;
        wait(false);
        if (PQconsumeInput(conn_) != 1) return false;
    }
    return true;
}

void request_wait::finish(bool failed) const {
    if (signal_ == 0) return;
    if (!failed) return;  // it finished before the cancel arrived: the next call reports the interrupt
    state_.interrupt_reported = true;
    throw_interrupted(signal_, true, "the running statement was cancelled on the server and rolled back");
}

// PQcancel opens a connection of its own to the server and then waits, without a time limit, for the
// server to close it: a stopped or silent server would hold it forever. It runs on a detached thread of
// its own, never in the signal handler; the loop meanwhile waits, bounded, for the answer that matters:
// the statement's result. A thread still stuck at exit ends with the process.
void request_wait::cancel() {
    if (PQstatus(conn_) != CONNECTION_OK) return;  // still connecting: nothing runs on the server yet
    PGcancel* request = PQgetCancel(conn_);
    if (request == nullptr) return;
    auto flight = std::make_shared<cancel_flight>();
    try {
        std::thread([request, flight] {
            char message[256] = {};
            PQcancel(request, message, sizeof message);
            PQfreeCancel(request);
            const std::lock_guard lock{flight->mutex};
            flight->done = true;
            flight->done_changed.notify_all();
        }).detach();
        state_.cancel = std::move(flight);
    } catch (const std::system_error&) {
        PQfreeCancel(request);  // no thread: the bounded wait that follows still ends the run
    }
}

void request_wait::give_up_silent() {
    state_.abandoned = true;
    const int pid = PQbackendPID(conn_);
    if (signal_ != 0 || stopping(state_)) {
        state_.interrupt_reported = true;
        throw_interrupted(signal_ != 0 ? signal_ : state_.interrupt->signal(), false,
                          fmt::format("the server did not answer the cancel request within {} ms; its statement may "
                                      "still run (server process {}): check pg_stat_activity, or end it with SELECT "
                                      "pg_cancel_backend({})",
                                      cleanup_timeout.count(), pid, pid));
    }
    database_error::details d;
    d.sqlstate = "08006";
    d.message = fmt::format(
        "the server sent nothing for {:g} s (--reply-timeout) while retort waited for its answer; the connection "
        "was given up (server process {}). The server may be stopped, overloaded or unreachable through a network "
        "that drops packets silently; check it, or raise --reply-timeout",
        static_cast<double>(state_.reply_timeout.count()) / 1000, pid);
    std::string what = d.message;
    throw connection_error(std::move(what), std::move(d));
}

void pause(wait_state& state, milliseconds duration) {
    const bool watching = state.interrupt != nullptr && !state.interrupt_reported;
    pollfd fd{watching ? state.interrupt->wake_fd() : -1, POLLIN, 0};
    const auto deadline = clock::now() + duration;
    while (pending_signal(state) == 0) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - clock::now()).count();
        if (left <= 0) break;
        const int n = ::poll(&fd, fd.fd >= 0 ? 1 : 0, static_cast<int>(left));
        if (n < 0 && errno != EINTR) break;
    }
    if (const int signal = pending_signal(state); signal != 0) {
        state.interrupt_reported = true;
        throw_interrupted(signal, true, "nothing was running on the server");
    }
}

}  // namespace retort::detail
