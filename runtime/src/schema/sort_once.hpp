// Sorting large values by moving each once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace retort::schema {

// Puts items[order[0]], items[order[1]], ... in `items`, moving each item once.
template <class T>
void permute(std::vector<T>& items, const std::vector<std::uint32_t>& order) {
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (std::uint32_t i : order) sorted.push_back(std::move(items[i]));
    items = std::move(sorted);
}

// Sorts `items` as std::sort(items, less) does, to the same order even among equal items: std::sort
// makes the same comparisons on positions as on the items. std::sort on the items moves them at each
// step, which for the model's tables (a few hundred bytes and their lists) and a diff's changes costs
// more than the comparisons at 5,000 tables.
template <class T, class Less>
void sort_moving_once(std::vector<T>& items, Less less) {
    if (items.size() < 64) {  // a table's constraints: the list of positions would cost more
        std::sort(items.begin(), items.end(), less);
        return;
    }
    std::vector<std::uint32_t> order(items.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return less(items[a], items[b]); });
    permute(items, order);
}

}  // namespace retort::schema
