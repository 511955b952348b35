#include "store/deferred_rows.hpp"

#include <algorithm>

namespace retort {

namespace {

// Removes `id` from `from` and says whether it was there.
bool take(std::vector<std::string>& from, std::string_view id) {
    const auto at = std::find(from.begin(), from.end(), id);
    if (at == from.end()) return false;
    from.erase(at);
    return true;
}

}  // namespace

void deferred_rows::add(const step_change& s, double duration_ms) {
    for (std::string_view id : s.rows_removed)
        if (!take(added, id)) removed.emplace_back(id);
    for (std::string_view id : s.rows_added)
        if (!take(removed, id)) added.emplace_back(id);
    upgraded.push_back({s.rev, duration_ms});
}

}  // namespace retort
