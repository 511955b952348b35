// A quick hash of short strings for lookup tables that are never iterated (so that no output depends on
// its values): eight bytes at a time, inline, no library calls. The revision graph's name table and the
// schema planner's key tables use it; std::hash (a library call per string) was a fifth of the
// planner's instructions at 5,000 tables and most of the name table's.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace retort {

inline constexpr std::uint64_t quick_hash_multiplier = 0x9e3779b97f4a7c15ULL;

// `h` combined with every byte of `s` and its length (so that "ab" + "c" and "a" + "bc" differ).
inline std::uint64_t quick_hash_bytes(std::uint64_t h, std::string_view s) {
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        h = (std::rotl(h, 23) ^ word) * quick_hash_multiplier;
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
    return (std::rotl(h, 23) ^ last ^ (std::uint64_t{s.size()} << 56)) * quick_hash_multiplier;
}

// The final mix: the high bits reach the low ones, which a power-of-two mask or a modulus keeps.
inline std::size_t quick_hash_finish(std::uint64_t h) { return static_cast<std::size_t>(h ^ (h >> 29)); }

}  // namespace retort
