// Dense numbers (0, 1, 2, ...) for object keys, for the planner's dependency graph. It holds pointers
// to keys that live elsewhere (in a model), so those must outlive it.
//
// Why not std::unordered_map: at 5,000 tables the planner numbers about 80,000 keys and looks them up
// a few hundred thousand times, and the node-based map spent most of that time on cache misses and on
// the division that maps each visited node's hash to its bucket. This table is one flat array of
// (hash, number) slots, probed linearly: a lookup reads one slot and compares a key only when the
// full hashes match.
#pragma once

#include <cstddef>
#include <vector>

#include "schema/model.hpp"

namespace retort::schema {

class key_numbers {
public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    explicit key_numbers(std::size_t expected = 0);

    // The number of `k`; a new one (the size before the call) when it had none.
    std::size_t intern(const object_key& k);
    // The number of `k`, or none.
    std::size_t find(const object_key& k) const;
    std::size_t size() const noexcept { return keys_.size(); }
    const object_key& key(std::size_t number) const { return *keys_[number]; }

private:
    struct slot {
        std::size_t hash = 0;
        std::size_t number = none;  // none: empty
    };
    std::vector<slot> slots_;  // a power of two long, at most half full
    std::vector<const object_key*> keys_;

    // The slot that holds `k`, or the empty one where it would go.
    std::size_t probe(const object_key& k, std::size_t hash) const;
    void grow();
};

}  // namespace retort::schema
