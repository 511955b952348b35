// Line diffs in the unified format (`diff -u`), for showing how an applied revision was edited.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// The unified diff from `before` to `after`, with `context` lines around each change, headed by
// `--- before_label` and `+++ after_label`; empty when the texts are equal. A final line without a
// newline counts as a line.
std::string unified_diff(std::string_view before, std::string_view after, std::string_view before_label,
                         std::string_view after_label, std::size_t context = 3);

}  // namespace retort
