// Reads revision and seed files defensively: the entry is opened without blocking and checked on the
// open descriptor (no window between a check and the read), so a FIFO named x.sql cannot hang a
// command and a link to /dev/zero cannot read without end.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "directory/directory.hpp"

namespace retort {

namespace {

// Closes the descriptor on every path out.
class file_descriptor {
public:
    explicit file_descriptor(int fd) : fd_(fd) {}
    file_descriptor(const file_descriptor&) = delete;
    file_descriptor& operator=(const file_descriptor&) = delete;
    ~file_descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }

private:
    int fd_;
};

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

std::string mib(std::uint64_t bytes) { return fmt::format("{:g} MiB", static_cast<double>(bytes) / (1 << 20)); }

std::string too_large(std::uint64_t max_bytes) {
    return fmt::format(
        "this file is larger than the limit of {} per revision or seed file; split it, or raise the limit "
        "(retort --max-file-size MIB)",
        mib(max_bytes));
}

// Reads at most max_bytes + 1 bytes: one more than allowed is enough to know the file is too large,
// whatever its size said (a file can grow between fstat and read).
input_file read_bounded(int fd, std::uint64_t max_bytes, std::uint64_t expected) {
    std::string text;
    text.reserve(static_cast<std::size_t>(expected));
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return {std::nullopt, fmt::format("cannot read this file: {}", std::strerror(errno))};
        if (n == 0) return {std::move(text), {}};
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > max_bytes) return {std::nullopt, too_large(max_bytes)};
    }
}

}  // namespace

input_file read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    const file_descriptor fd{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
    if (fd.get() < 0) return {std::nullopt, fmt::format("cannot open this file: {}", std::strerror(errno))};
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        return {std::nullopt, fmt::format("cannot read this file: {}", std::strerror(errno))};
    if (!S_ISREG(info.st_mode))
        return {std::nullopt, fmt::format("this entry is {}, not a regular file; only regular files (or links to "
                                          "them) are read as revisions and seeds: remove it or rename it so that "
                                          "its name does not end in .sql",
                                          kind_of(info.st_mode))};
    if (static_cast<std::uint64_t>(info.st_size) > max_bytes) return {std::nullopt, too_large(max_bytes)};
    return read_bounded(fd.get(), max_bytes, static_cast<std::uint64_t>(info.st_size));
}

}  // namespace retort
