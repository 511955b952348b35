// Turns a baked table into the revision and seed models without copying any SQL.
#include "retort/baked_table.hpp"

#include <algorithm>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace retort::baked {

namespace {

void to_section(const table& t, const section& s, retort::section& out) {
    out.sql = view(t, s.sql);
    out.first_line = s.first_line;
    std::string_view sum = view(t, s.sum);
    std::copy_n(reinterpret_cast<const std::uint8_t*>(sum.data()), std::min(sum.size(), out.sum.bytes.size()),
                out.sum.bytes.begin());
    out.statements.reserve(s.statement_count);
    for (std::uint32_t i = 0; i < s.statement_count; ++i) {
        const statement& st = t.statements[s.first_statement + i];
        out.statements.push_back({out.sql.substr(st.offset, st.length), st.line});
    }
}

std::vector<std::string_view> to_list(const table& t, std::uint32_t first, std::uint32_t count) {
    std::vector<std::string_view> out;
    out.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) out.push_back(view(t, t.lists[first + i]));
    return out;
}

// Asks the kernel to map the pages of a fresh buffer in one call instead of one page fault per page: at
// 10,000 revisions the models are 3.3 MB, 800 faults that were a tenth of a start-up check's CPU. Only a
// hint: where it is unknown or refused, the pages fault in as usual.
void map_now(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    constexpr std::uintptr_t page = 4096;
    const auto from = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
    const auto to = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(page - 1);
    if (to > from) (void)madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
#else
    (void)data, (void)bytes;
#endif
}

}  // namespace

std::vector<retort::revision> to_revisions(const table& t) {
    std::vector<retort::revision> out;
    out.reserve(t.revisions.size());
    map_now(out.data(), out.capacity() * sizeof(retort::revision));
    for (const auto& b : t.revisions) {
        // Filled where it stands: moving 10,000 revisions into place costs more than reading them.
        retort::revision& r = out.emplace_back();
        r.id = view(t, b.id);
        r.message = view(t, b.message);
        r.file = view(t, b.file);
        r.create_date = view(t, b.create_date);
        r.parents = to_list(t, b.first_parent, b.parent_count);
        r.depends_on = to_list(t, b.first_dependency, b.dependency_count);
        r.branch_labels = to_list(t, b.first_label, b.label_count);
        r.transactional = b.transactional;
        to_section(t, b.upgrade, r.upgrade);
        if (b.has_downgrade) to_section(t, b.downgrade, r.downgrade.emplace());
        r.lines = {b.id_line, b.revises_line, b.depends_on_line, b.branch_labels_line};
    }
    return out;
}

std::vector<retort::seed> to_seeds(const table& t) {
    std::vector<retort::seed> out;
    out.reserve(t.seeds.size());
    for (const auto& b : t.seeds) {
        retort::seed& s = out.emplace_back();
        s.name = view(t, b.name);
        s.file = view(t, b.file);
        s.message = view(t, b.message);
        s.required = view(t, b.required);
        s.requires_line = b.requires_line;
        to_section(t, b.body, s.body);
    }
    return out;
}

}  // namespace retort::baked
