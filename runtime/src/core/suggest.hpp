// "Did you mean ...?": the known word closest to one that was mistyped (commands, options, revision
// ids, branch labels). Pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "retort/graph.hpp"

namespace retort {

// Edits that turn `a` into `b`: insertions, deletions, substitutions, and swaps of two neighbours
// (the usual slip of the fingers) each count one.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be a typo of it (at most one edit in
// four characters, at least one, at most three); the first of equally close ones. nullopt otherwise.
std::optional<std::string_view> closest_match(std::string_view word, std::span<const std::string_view> candidates);

// "; did you mean 'x'?" for the closest candidate, or empty.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// The same over a graph's revision ids and branch labels. A word shorter than an id is compared with
// the id's prefix of the same length, as a typed prefix would be.
std::string did_you_mean_revision(const graph& g, std::string_view word);

}  // namespace retort
