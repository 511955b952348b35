// Releasing the pages of baked data a run is done with (sent_pages.hpp).
#include "app/sent_pages.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace retort {

namespace {

#if defined(__linux__)
std::vector<std::pair<std::uintptr_t, std::uintptr_t>> read_only_file_ranges() {
    std::vector<std::pair<std::uintptr_t, std::uintptr_t>> out;
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        std::istringstream fields(line);
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::string perms, offset, device;
        unsigned long inode = 0;
        if (!(fields >> std::hex >> begin >> dash >> end >> perms >> offset >> device >> std::dec >> inode)) continue;
        if (inode != 0 && perms.size() > 1 && perms[0] == 'r' && perms[1] != 'w') out.emplace_back(begin, end);
    }
    return out;
}

std::uintptr_t page_size() { return static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE)); }
std::uintptr_t page_down(std::uintptr_t at) { return at & ~(page_size() - 1); }
std::uintptr_t page_up(std::uintptr_t at) { return (at + page_size() - 1) & ~(page_size() - 1); }
std::uintptr_t address(const void* p) { return reinterpret_cast<std::uintptr_t>(p); }

void release_pages(std::uintptr_t from, std::uintptr_t to) {
    if (to > from) (void)madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}
#endif

}  // namespace

bool read_only_files::hold(const void* data, std::size_t bytes) {
#if defined(__linux__)
    if (!ranges_) ranges_ = read_only_file_ranges();
    const auto begin = address(data);
    return std::any_of(ranges_->begin(), ranges_->end(),
                       [&](const auto& r) { return begin >= r.first && begin + bytes <= r.second; });
#else
    (void)data, (void)bytes;
    return false;
#endif
}

void release_read_only(read_only_files& files, const void* data, std::size_t bytes) {
#if defined(__linux__)
    if (bytes != 0 && files.hold(data, bytes)) release_pages(page_up(address(data)), page_down(address(data) + bytes));
#else
    (void)files, (void)data, (void)bytes;
#endif
}

void release_baked_rows(const catalog& c, read_only_files& files) {
    if (c.baked == nullptr) return;
    const baked::table& t = *c.baked;
    release_read_only(files, t.revisions.data(), t.revisions.size_bytes());
    release_read_only(files, t.statements.data(), t.statements.size_bytes());
    release_read_only(files, t.lists.data(), t.lists.size_bytes());
}

bool sent_pages::releasable() {
    if (!file_backed_) file_backed_ = !blob_.empty() && files_.hold(blob_.data(), blob_.size());
    return *file_backed_;
}

void sent_pages::sent(std::string_view text) {
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (text.empty() || begin < blob_.data() || end > blob_.data() + blob_.size() || !releasable()) return;
#if defined(__linux__)
    // Going up, the pages from the previous text's start to this one's; going down, those from this
    // text's end to the previous one's end. This text's own first (up) or last (down) page stays.
    if (previous_begin_ != nullptr && previous_begin_ < begin)
        release_pages(page_down(address(previous_begin_)), page_down(address(begin)));
    else if (previous_end_ != nullptr)
        release_pages(page_up(address(end)), page_up(address(previous_end_)));
    previous_begin_ = begin;
    previous_end_ = end;
#endif
}

}  // namespace retort
