// Memory of baked data a run is done with. A baked binary's tables and texts lie in its read-only image,
// and each page of them a run reads stays in the process's memory until it ends: at 10,000 revisions the
// table's rows (1.6 MB, read once into the revision model), the SQL (3 MB) and the messages that the
// progress lines print (1 MB). Pages the run is done with are handed back to the kernel; the data stays
// intact (a later read maps the page again from the file).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "retort/catalog.hpp"

namespace retort {

// Releases the whole pages inside [data, data + bytes) when they belong to a read-only mapping of a file;
// anything else is left alone.
void release_read_only(const void* data, std::size_t bytes);

// The baked table's rows, statements and lists, which nothing reads once the catalog is built.
void release_baked_rows(const catalog& c);

// A cursor over one kind of baked text (sections, or messages) that a run goes through in order.
class sent_pages {
public:
    explicit sent_pages(const catalog& c) : blob_(c.baked ? c.baked->blob : std::string_view{}) {}

    // `text`, a slice of the blob, is done with. Releases the whole pages between it and the text
    // before it: a run goes through the revisions in blob order (up) or in reverse (down), so those pages
    // hold nothing it still needs; a plan that jumps about only maps a page again.
    void sent(std::string_view text);

private:
    bool releasable();

    std::string_view blob_;
    const char* previous_begin_ = nullptr;  // the text before
    const char* previous_end_ = nullptr;
    std::optional<bool> file_backed_;  // checked once, at the first release
};

}  // namespace retort
