// The graph's flat edge lists and its name table (graph.hpp, namespace detail).
#include "core/quick_hash.hpp"
#include "retort/graph.hpp"

namespace retort::detail {

adjacency adjacency::reversed() const {
    adjacency out;
    out.starts.assign(size() + 1, 0);
    // Count each target's incoming edges, turn the counts into starts, then place each edge: visiting the
    // sources in ascending order keeps every reversed list ascending.
    for (rev_index to : targets) ++out.starts[to + 1];
    for (std::size_t i = 1; i < out.starts.size(); ++i) out.starts[i] += out.starts[i - 1];
    out.targets.resize(targets.size());
    std::vector<std::uint32_t> next(out.starts.begin(), out.starts.end() - 1);
    for (rev_index from = 0; from < size(); ++from)
        for (rev_index to : of(from)) out.targets[next[to]++] = from;
    return out;
}

std::size_t name_index::slot_of(std::string_view name) const {
    // Linear probing in a table at most half full: a miss or a hit takes one or two probes.
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = quick_hash_finish(quick_hash_bytes(0, name)) & mask;; slot = (slot + 1) & mask)
        if (slots_[slot] == 0 || names_[slots_[slot] - 1] == name) return slot;
}

void name_index::reserve(std::size_t count) {
    names_.reserve(count);
    values_.reserve(count);
    std::size_t wanted = 16;
    while (wanted < 2 * count) wanted *= 2;
    if (wanted > slots_.size()) rehash(wanted);
}

void name_index::rehash(std::size_t slot_count) {
    slots_.assign(slot_count, 0);
    for (std::uint32_t position = 0; position < names_.size(); ++position)
        slots_[slot_of(names_[position])] = position + 1;
}

std::optional<rev_index> name_index::insert(std::string_view name, rev_index value) {
    if (2 * (names_.size() + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size());
    const std::size_t slot = slot_of(name);
    if (slots_[slot] != 0) return values_[slots_[slot] - 1];
    names_.push_back(name);
    values_.push_back(value);
    slots_[slot] = static_cast<std::uint32_t>(names_.size());
    return std::nullopt;
}

std::optional<rev_index> name_index::find(std::string_view name) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint32_t position = slots_[slot_of(name)];
    if (position == 0) return std::nullopt;
    return values_[position - 1];
}

void name_index::renumber(const std::vector<rev_index>& new_index) {
    for (rev_index& value : values_) value = new_index[value];
}

}  // namespace retort::detail
