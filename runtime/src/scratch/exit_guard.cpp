// The guardian process that removes what retort created when retort is gone (see exit_guard.hpp).
#include "scratch/exit_guard.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "retort/error.hpp"

namespace retort::scratch {

namespace {

// In the guardian: keep only the pipe (as fd 3) and /dev/null for stdin and stdout; stderr stays so
// that a failing cleanup can still say so. Every other descriptor (the parent's sockets, other guards'
// pipes, whose ends would otherwise stay open here) is closed.
void isolate(int read_end) {
    if (read_end != 3) {
        dup2(read_end, 3);
        close(read_end);
    }
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        if (null > 3) close(null);
    }
    for (int fd = 4; fd < 1024; ++fd) close(fd);
}

[[noreturn]] void guardian(int read_end, const std::function<void()>& cleanup) {
    setsid();  // out of the terminal's process group: Ctrl-C is not for the guardian
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    isolate(read_end);
    char byte = 0;
    while (read(3, &byte, 1) != 0) {
        if (errno != EINTR) break;
    }
    try {
        cleanup();
    } catch (const std::exception& e) {
        auto message = fmt::format("retort: cleanup of scratch resources failed: {}\n", e.what());
        [[maybe_unused]] auto n = write(2, message.data(), message.size());
    }
    _exit(0);
}

}  // namespace

exit_guard::exit_guard(std::function<void()> cleanup) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw error(fmt::format("cannot create the pipe of a cleanup process: {}", std::strerror(errno)));
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw error(fmt::format("cannot fork a cleanup process: {}", std::strerror(errno)));
    }
    if (pid == 0) {
        close(fds[1]);
        guardian(fds[0], cleanup);
    }
    close(fds[0]);
    pipe_write_ = fds[1];
    guardian_ = pid;
}

exit_guard::exit_guard(exit_guard&& other) noexcept
    : pipe_write_(std::exchange(other.pipe_write_, -1)),
      guardian_(std::exchange(other.guardian_, -1)) {}

exit_guard::~exit_guard() { release(); }

void exit_guard::release() noexcept {
    if (pipe_write_ < 0) return;
    close(pipe_write_);
    pipe_write_ = -1;
    int status = 0;
    while (waitpid(guardian_, &status, 0) < 0 && errno == EINTR) {
    }
    guardian_ = -1;
}

}  // namespace retort::scratch
