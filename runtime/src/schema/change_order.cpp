// Sorting a diff's changes. Each change (three strings of key, a vector of details) is about 140
// bytes, and at 5,000 new tables there are 80,000: std::sort on them moved every change at each step
// and compared keys across the whole list, about a tenth of `schema_tool diff`'s instructions. The
// differ writes each kind's changes mostly in key order already (creates and alters in order, then the
// drops), so the changes are bucketed by kind, each bucket is sorted only if it is out of order, and
// the changes move once.
#include "schema/change_order.hpp"

#include <algorithm>
#include <cstdint>

#include "schema/sort_once.hpp"

namespace retort::schema {

namespace {

using positions = std::vector<std::uint32_t>;

// The positions of the changes, grouped by kind in kind order, in their order within a kind.
positions by_kind(const std::vector<change>& changes, std::vector<std::size_t>& bounds) {
    std::vector<std::size_t> count;
    for (const auto& c : changes) {
        auto k = static_cast<std::size_t>(c.key.kind);
        if (k >= count.size()) count.resize(k + 1);
        ++count[k];
    }
    bounds.assign(1, 0);
    for (std::size_t n : count) bounds.push_back(bounds.back() + n);
    std::vector<std::size_t> next(bounds.begin(), bounds.end() - 1);
    positions order(changes.size());
    for (std::uint32_t i = 0; i < changes.size(); ++i) order[next[static_cast<std::size_t>(changes[i].key.kind)]++] = i;
    return order;
}

// The members of one table (columns, defaults, constraints) come in the table's column order, not by
// name, while the tables themselves come in key order: sorting each table's few members first usually
// leaves the bucket sorted, without a sort that compares the keys of 30,000 columns across the bucket.
void sort_each_object(const std::vector<change>& changes, positions::iterator first, positions::iterator last) {
    auto less = [&](std::uint32_t a, std::uint32_t b) { return changes[a].key < changes[b].key; };
    auto same_object = [&](std::uint32_t a, std::uint32_t b) {
        const object_key &x = changes[a].key, &y = changes[b].key;
        return x.name == y.name && x.schema == y.schema;
    };
    while (first != last) {
        auto end = first + 1;
        while (end != last && same_object(*first, *end)) ++end;
        if (end - first > 1) std::sort(first, end, less);
        first = end;
    }
}

// False when two changes share a key: then only std::sort itself says in which order they come. Keys
// otherwise differ, so any way of sorting gives the one order.
bool sort_buckets(const std::vector<change>& changes, positions& order, const std::vector<std::size_t>& bounds) {
    auto less = [&](std::uint32_t a, std::uint32_t b) { return changes[a].key < changes[b].key; };
    auto unsorted = [&](auto first, auto last) {
        return std::adjacent_find(first, last, [&](std::uint32_t a, std::uint32_t b) { return !less(a, b); }) != last;
    };
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
        auto first = order.begin() + static_cast<std::ptrdiff_t>(bounds[b]);
        auto last = order.begin() + static_cast<std::ptrdiff_t>(bounds[b + 1]);
        if (!unsorted(first, last)) continue;
        sort_each_object(changes, first, last);
        if (!unsorted(first, last)) continue;
        std::sort(first, last, less);
        if (unsorted(first, last)) return false;
    }
    return true;
}

}  // namespace

void sort_by_key(std::vector<change>& changes) {
    std::vector<std::size_t> bounds;
    positions order = by_kind(changes, bounds);
    if (sort_buckets(changes, order, bounds))
        permute(changes, order);
    else
        sort_moving_once(changes, [](const change& a, const change& b) { return a.key < b.key; });
}

}  // namespace retort::schema
