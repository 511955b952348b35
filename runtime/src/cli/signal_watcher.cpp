// SIGINT and SIGTERM through a self-pipe (see signal_watcher.hpp).
#include "cli/signal_watcher.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "retort/error.hpp"

namespace retort::cli {

namespace {

// A signal handler receives no argument, so what it needs lives here, set and cleared only by the one
// signal_watcher alive: the pipe to write to and the first signal seen. Lock-free atomics are
// async-signal-safe.
std::atomic<int> wake_write_fd{-1};
std::atomic<int> first_signal{0};

static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_signal(int number) {
    int expected = 0;
    if (!first_signal.compare_exchange_strong(expected, number)) {
        // The second signal: the user wants out now. _exit is async-signal-safe; the server rolls back
        // what the dropped session was doing.
        _exit(128 + number);
    }
    const int saved = errno;
    const char byte = static_cast<char>(number);
    if (const int fd = wake_write_fd.load(); fd >= 0) {
        [[maybe_unused]] const auto written = ::write(fd, &byte, 1);
    }
    errno = saved;
}

}  // namespace

signal_watcher::signal_watcher() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
        throw error(fmt::format("cannot create the signal pipe: {}", std::strerror(errno)));
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    first_signal.store(0);
    wake_write_fd.store(write_fd_);
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
}

signal_watcher::~signal_watcher() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    wake_write_fd.store(-1);
    ::close(read_fd_);
    ::close(write_fd_);
}

int signal_watcher::signal() const noexcept { return first_signal.load(); }

}  // namespace retort::cli
