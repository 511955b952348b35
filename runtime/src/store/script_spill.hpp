// Where a script's part that is too large to hold in memory waits until it is whole: an unnamed temporary
// file (in $TMPDIR, else /tmp), which disappears when it is closed, or when the process ends however it ends.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace retort {

class script_spill {
public:
    script_spill() = default;
    script_spill(const script_spill&) = delete;
    script_spill& operator=(const script_spill&) = delete;
    ~script_spill();

    bool empty() const noexcept { return size_ == 0; }

    // Appends `text`, creating the file on first use. Throws retort::error when the file cannot be
    // created or written (a full disk).
    void write(std::string_view text);

    // Hands everything written to `sink` in order, in parts of 64 kB, and empties the file.
    void drain(const std::function<void(std::string_view)>& sink);

private:
    int fd_ = -1;
    std::size_t size_ = 0;
};

}  // namespace retort
