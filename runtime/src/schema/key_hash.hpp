// A quick hash of an object_key for the planner's lookup tables (key_numbers, model_index,
// drop_node_), over core's quick_hash_bytes. object_key_hash (std::hash of each string, combined) cost
// the planner about a fifth of its instructions at 5,000 tables.
//
// Only for tables that are never iterated: object_key_hash stays wherever the iteration order of a
// table reaches the output (the planner's fates_), so that the generated SQL does not change with it.
#pragma once

#include <cstdint>

#include "core/quick_hash.hpp"
#include "schema/model.hpp"

namespace retort::schema {

struct object_key_quick_hash {
    std::size_t operator()(const object_key& k) const {
        std::uint64_t h = static_cast<std::uint64_t>(k.kind) + 1;
        h = quick_hash_bytes(h, k.schema);
        h = quick_hash_bytes(h, k.name);
        h = quick_hash_bytes(h, k.member);
        return quick_hash_finish(h);
    }
};

}  // namespace retort::schema
