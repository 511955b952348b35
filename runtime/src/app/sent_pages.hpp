// Memory of baked data a run is done with. A baked binary's tables and texts lie in its read-only image,
// and each page of them a run reads stays in the process's memory until it ends: at 10,000 revisions the
// table's rows (1.6 MB, read once into the revision model), the SQL (3 MB) and the messages that the
// progress lines print (1 MB). Pages the run is done with are handed back to the kernel; the data stays
// intact (a later read maps the page again from the file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/catalog.hpp"

namespace retort {

// This process's read-only mappings of files, read from /proc/self/maps once, at the first question.
// Dropping a page of a private file mapping that was never written loses nothing; dropping one of
// anonymous memory (a binary unpacked into memory at start) would zero it, so only the first is ever
// released.
class read_only_files {
public:
    // Whether [data, data + bytes) lies in one read-only mapping of a file.
    bool hold(const void* data, std::size_t bytes);

private:
    std::optional<std::vector<std::pair<std::uintptr_t, std::uintptr_t>>> ranges_;
};

// Releases the whole pages inside [data, data + bytes) when `files` hold them; anything else is left
// alone.
void release_read_only(read_only_files& files, const void* data, std::size_t bytes);

// The baked table's rows, statements and lists, which nothing reads once the catalog is built.
void release_baked_rows(const catalog& c, read_only_files& files);

// A cursor over one kind of baked text (sections, or messages) that a run goes through in order.
class sent_pages {
public:
    sent_pages(const catalog& c, read_only_files& files)
        : files_(files),
          blob_(c.baked ? c.baked->blob : std::string_view{}) {}

    // `text`, a slice of the blob, is done with. Releases the whole pages between it and the text
    // before it: a run goes through the revisions in blob order (up) or in reverse (down), so those pages
    // hold nothing it still needs; a plan that jumps about only maps a page again.
    void sent(std::string_view text);

private:
    bool releasable();

    read_only_files& files_;
    std::string_view blob_;
    const char* previous_begin_ = nullptr;  // the text before
    const char* previous_end_ = nullptr;
    std::optional<bool> file_backed_;  // asked once, at the first release
};

}  // namespace retort
