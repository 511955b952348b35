// JSON text: escaping and the joining of arrays and objects.
#include "cli/json.hpp"

#include <fmt/format.h>

namespace retort::cli {

std::string json_array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

std::string json_object(const json_fields& fields) {
    std::string out = "{";
    for (std::size_t i = 0; i < fields.size(); ++i)
        out += fmt::format("{}{}:{}", i ? "," : "", json_string(fields[i].first), fields[i].second);
    return out + "}";
}

std::string strings_json(const std::vector<std::string>& items) { return array_json(items, json_string); }

std::string ids_json(const graph& g, std::span<const rev_index> which) {
    return array_json(which, [&](rev_index i) { return json_string(g.at(i).id); });
}

}  // namespace retort::cli
