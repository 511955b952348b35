// Dense numbers for object keys (see key_numbers.hpp).
#include "schema/key_numbers.hpp"

#include "schema/key_hash.hpp"

#include <algorithm>
#include <bit>

namespace retort::schema {

key_numbers::key_numbers(std::size_t expected) : slots_(std::bit_ceil(std::max<std::size_t>(16, expected * 2))) {
    keys_.reserve(expected);
}

namespace {

// Where a hash's probe starts. Fibonacci hashing: the product's top bits, which depend on all of the
// hash's bits.
std::size_t home(std::size_t hash, std::size_t slots) {
    return (hash * 0x9e3779b97f4a7c15ULL) >> (64 - std::countr_zero(slots));
}

}  // namespace

std::size_t key_numbers::probe(const object_key& k, std::size_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = home(hash, slots_.size());
    while (slots_[i].number != none && (slots_[i].hash != hash || *keys_[slots_[i].number] != k)) i = (i + 1) & mask;
    return i;
}

void key_numbers::grow() {
    std::vector<slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const slot& s : old) {
        if (s.number == none) continue;
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = home(s.hash, slots_.size());
        while (slots_[i].number != none) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

std::size_t key_numbers::intern(const object_key& k) {
    if ((keys_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t hash = object_key_quick_hash{}(k);
    slot& s = slots_[probe(k, hash)];
    if (s.number == none) {
        s = {hash, keys_.size()};
        keys_.push_back(&k);
    }
    return s.number;
}

std::size_t key_numbers::find(const object_key& k) const {
    const std::size_t hash = object_key_quick_hash{}(k);
    return slots_[probe(k, hash)].number;
}

}  // namespace retort::schema
