// JSON output: values built as text (one line, no spaces), objects as ordered fields. Every command's
// JSON is one object built from these (docs/commands.md#json-output).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_text.hpp"
#include "retort/graph.hpp"

namespace retort::cli {

// The fields of an object in order: a key, and its value as JSON text.
using json_fields = std::vector<std::pair<std::string, std::string>>;

// A JSON string literal.
using retort::json_string;  // core/json_text.hpp

// Items that are JSON already, as a JSON array.
std::string json_array(const std::vector<std::string>& items);

// Fields as a JSON object.
std::string json_object(const json_fields& fields);

inline std::string json_bool(bool b) { return b ? "true" : "false"; }

// Strings as a JSON array of strings.
std::string strings_json(const std::vector<std::string>& items);

// Ids of `which` as a JSON array.
std::string ids_json(const graph& g, std::span<const rev_index> which);

// Each item as JSON (by `item_json`), in a JSON array.
template <class Range, class F>
std::string array_json(const Range& items, F item_json) {
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item_json(item));
    return json_array(out);
}

}  // namespace retort::cli
