// retort::scratch: what retort creates for itself and must remove again, however the process ends: a
// throwaway PostgreSQL started from the local server binaries (throwaway_server.hpp) and scratch
// databases on a server the user names (scratch_database.hpp). Used by autogenerate and by checks.
//
// This file: the guard that makes "removed on exit and on Ctrl-C" true even for SIGKILL.
#pragma once

#include <functional>
#include <sys/types.h>

namespace retort::scratch {

// Runs `cleanup` once this process is gone or the guard is destroyed, whichever comes first.
//
// A child process (the guardian) is forked in a session of its own, so that Ctrl-C, which signals the
// terminal's foreground process group, does not reach it; it waits for the read end of a pipe whose
// write end only this process holds. The pipe closes when the guard is destroyed, when the process
// exits, and when it is killed by any signal, SIGKILL included; the guardian then runs `cleanup` and
// exits. Signal handlers could not do this: they do not run on SIGKILL and may not call most functions.
class exit_guard {
public:
    // Forks the guardian; throws retort::error when it cannot. `cleanup` runs in the guardian, a copy
    // of this process at the time of the call: it must not use this process's open connections.
    explicit exit_guard(std::function<void()> cleanup);
    exit_guard(exit_guard&& other) noexcept;
    exit_guard& operator=(exit_guard&&) = delete;
    exit_guard(const exit_guard&) = delete;
    ~exit_guard();

    // Runs the cleanup now and waits until it has finished.
    void release() noexcept;

private:
    int pipe_write_ = -1;
    pid_t guardian_ = -1;
};

}  // namespace retort::scratch
