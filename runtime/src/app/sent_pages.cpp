// Releasing the pages of baked data a run is done with (sent_pages.hpp).
#include "app/sent_pages.hpp"

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
// Whether the mapping that holds `address` is a read-only mapping of a file (an inode in
// /proc/self/maps). Dropping a page of a private file mapping that was never written loses nothing;
// dropping one of anonymous memory (a binary unpacked into memory at start) would zero it, so only the
// first is ever released.
bool in_read_only_file(const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        std::istringstream fields(line);
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::string perms, offset, device;
        unsigned long inode = 0;
        if (!(fields >> std::hex >> begin >> dash >> end >> perms >> offset >> device >> std::dec >> inode)) continue;
        if (at >= begin && at < end) return inode != 0 && perms.size() > 1 && perms[0] == 'r' && perms[1] != 'w';
    }
    return false;
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

void release_read_only(const void* data, std::size_t bytes) {
#if defined(__linux__)
    if (bytes == 0) return;
    const char* last = static_cast<const char*>(data) + bytes - 1;
    if (in_read_only_file(data) && in_read_only_file(last))
        release_pages(page_up(address(data)), page_down(address(data) + bytes));
#else
    (void)data, (void)bytes;
#endif
}

void release_baked_rows(const catalog& c) {
    if (c.baked == nullptr) return;
    const baked::table& t = *c.baked;
    release_read_only(t.revisions.data(), t.revisions.size_bytes());
    release_read_only(t.statements.data(), t.statements.size_bytes());
    release_read_only(t.lists.data(), t.lists.size_bytes());
}

bool sent_pages::releasable() {
#if defined(__linux__)
    if (!file_backed_)
        file_backed_ = !blob_.empty() && in_read_only_file(blob_.data()) && in_read_only_file(&blob_.back());
    return *file_backed_;
#else
    return false;
#endif
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
