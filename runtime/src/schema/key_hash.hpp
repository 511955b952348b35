// A quick hash of an object_key for the planner's lookup tables (key_numbers, model_index,
// drop_node_): eight bytes at a time, inline, no library calls. object_key_hash (std::hash of each
// string, combined) cost the planner about a fifth of its instructions at 5,000 tables.
//
// Only for tables that are never iterated: object_key_hash stays wherever the iteration order of a
// table reaches the output (the planner's fates_), so that the generated SQL does not change with it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "schema/model.hpp"

namespace retort::schema {

namespace detail {

inline constexpr std::uint64_t key_hash_multiplier = 0x9e3779b97f4a7c15ULL;

// Every byte of `s`, and its length in the last word (so that "ab" + "c" and "a" + "bc" differ).
inline std::uint64_t hash_bytes(std::uint64_t h, std::string_view s) {
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        h = (std::rotl(h, 23) ^ word) * key_hash_multiplier;
    }
    // The last 0 to 7 bytes as two overlapping four-byte words, or three single bytes (as wyhash
    // does): a memcpy of a variable length would be a library call.
    std::uint64_t last = 0;
    if (n >= 4) {
        std::uint32_t head = 0, tail = 0;
        std::memcpy(&head, p, 4);
        std::memcpy(&tail, p + n - 4, 4);
        last = (std::uint64_t{head} << 32) | tail;
    } else if (n > 0) {
        auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
        last = (byte(0) << 16) | (byte(n / 2) << 8) | byte(n - 1);
    }
    return (std::rotl(h, 23) ^ last ^ (std::uint64_t{s.size()} << 56)) * key_hash_multiplier;
}

}  // namespace detail

struct object_key_quick_hash {
    std::size_t operator()(const object_key& k) const {
        std::uint64_t h = static_cast<std::uint64_t>(k.kind) + 1;
        h = detail::hash_bytes(h, k.schema);
        h = detail::hash_bytes(h, k.name);
        h = detail::hash_bytes(h, k.member);
        return static_cast<std::size_t>(h ^ (h >> 29));  // the high bits reach a prime modulus too
    }
};

}  // namespace retort::schema
