// The order of a diff's changes: by key.
#pragma once

#include <vector>

#include "schema/diff.hpp"

namespace retort::schema {

// Sorts `changes` by key, giving the order std::sort by key gives (equal keys included).
void sort_by_key(std::vector<change>& changes);

}  // namespace retort::schema
