// A catalog: a validated revision graph plus the storage its text views point into, and the facts a
// command needs about where it came from (a baked table or a directory read at run time).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "retort/baked_table.hpp"
#include "retort/graph.hpp"

namespace retort {

struct catalog {
    std::vector<std::unique_ptr<std::string>> storage;  // file names and texts; empty for baked tables
    graph revisions;
    std::string name;           // the migrations' name (baked) or directory (run time)
    std::string version_table;  // default "alembic_version"
    std::string fingerprint;    // table_fingerprint() of revisions in order
};

inline constexpr std::string_view default_version_table = "alembic_version";

// Verifies a baked table again (ids, references, order: linear time) and indexes it; throws input_error.
catalog load_catalog(const baked::table& table);

}  // namespace retort
