// An unnamed temporary file for a large part of a script.
#include "store/script_spill.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "retort/error.hpp"

namespace retort {

namespace {

[[noreturn]] void fail(std::string_view what) {
    throw error(
        fmt::format("writing the script: {} a temporary file: {}; a step of over 1 MB waits in one until "
                    "it is whole: point TMPDIR at a writable directory with room for it",
                    what, std::strerror(errno)));
}

// O_TMPFILE makes a file without a name; where the file system lacks it, a named one is removed at once.
int open_unnamed() {
    const char* dir = std::getenv("TMPDIR");
    const std::string where = dir != nullptr && *dir != '\0' ? dir : "/tmp";
    int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    std::string name = where + "/retort-script-XXXXXX";
    fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) fail("cannot create");
    ::unlink(name.c_str());
    return fd;
}

}  // namespace

script_spill::~script_spill() {
    if (fd_ >= 0) ::close(fd_);
}

void script_spill::write(std::string_view text) {
    if (text.empty()) return;
    if (fd_ < 0) fd_ = open_unnamed();
    while (!text.empty()) {
        const ssize_t n = ::pwrite(fd_, text.data(), text.size(), static_cast<off_t>(size_));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot write");
        size_ += static_cast<std::size_t>(n);
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

void script_spill::drain(const std::function<void(std::string_view)>& sink) {
    std::vector<char> part(std::size_t{64} << 10);
    for (std::size_t at = 0; at < size_;) {
        const ssize_t n = ::pread(fd_, part.data(), std::min(part.size(), size_ - at), static_cast<off_t>(at));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("cannot read back");
        sink(std::string_view(part.data(), static_cast<std::size_t>(n)));
        at += static_cast<std::size_t>(n);
    }
    if (::ftruncate(fd_, 0) != 0) fail("cannot empty");
    size_ = 0;
}

}  // namespace retort
