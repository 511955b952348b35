// The signal watcher of one CLI run: while it lives, SIGINT and SIGTERM no longer end the process at
// once. The first one makes wake_fd() readable, which wakes the connection's wait; the connection then
// cancels the running statement on the server, and the run ends with exit 130 or 143 after the
// rollback. A second signal ends the process at once, as users expect of a second Ctrl-C.
#pragma once

#include <signal.h>

#include "retort/driver.hpp"

namespace retort::cli {

class signal_watcher final : public interrupt_source {
public:
    // Installs the handlers; throws retort::error when the pipe cannot be made. One at a time.
    signal_watcher();
    signal_watcher(const signal_watcher&) = delete;
    signal_watcher& operator=(const signal_watcher&) = delete;
    // Restores the previous handlers and closes the pipe.
    ~signal_watcher() override;

    int wake_fd() const noexcept override { return read_fd_; }
    int signal() const noexcept override;

private:
    int read_fd_ = -1;
    int write_fd_ = -1;
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

}  // namespace retort::cli
