// Text and JSON for the inspection commands (history, heads, branches, show, current), in Alembic's
// layout. Pure: the graph and, when a database was reachable, its version rows in; strings out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retort/graph.hpp"
#include "retort/plan.hpp"

namespace retort::cli {

// Database facts shown beside revisions; absent when no database was reachable.
struct marks {
    std::vector<bool> applied;
    std::vector<rev_index> current;
};

std::string history_text(const graph& g, const std::vector<rev_index>& which, const std::optional<marks>& m, bool verbose);
std::string history_json(const graph& g, const std::vector<rev_index>& which, const std::optional<marks>& m);
std::string heads_text(const graph& g, bool verbose);
std::string heads_json(const graph& g);
std::string branches_text(const graph& g, bool verbose);
std::string show_text(const graph& g, rev_index i, const std::optional<marks>& m);
std::string current_text(const graph& g, const std::vector<rev_index>& rows, bool verbose);
std::string current_json(const graph& g, const std::vector<rev_index>& rows);

// Revisions in `start:end` (either side may be empty; base, head, heads, ids, prefixes, labels), newest
// first. Throws usage_error for a malformed range.
std::vector<rev_index> history_range(const graph& g, const std::optional<std::string>& range,
                                     const std::vector<rev_index>& current);

// Ids of `which`, comma-separated; `empty` when there are none.
std::string join_ids(const graph& g, const std::vector<rev_index>& which, std::string_view empty = "<base>");

// Ids of `which` as a JSON array.
std::string ids_json(const graph& g, const std::vector<rev_index>& which);

// A JSON string literal.
std::string json_string(std::string_view text);

// Items that are JSON already, as a JSON array.
std::string json_array(const std::vector<std::string>& items);

}  // namespace retort::cli
