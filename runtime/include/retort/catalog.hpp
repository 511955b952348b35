// A catalog: a validated revision graph plus the storage its text views point into, and the facts a
// command needs about where it came from (a baked table or a directory read at run time).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "retort/baked_table.hpp"
#include "retort/graph.hpp"
#include "retort/seed.hpp"

namespace retort {

struct catalog {
    std::vector<std::unique_ptr<std::string>> storage;  // file names and texts; empty for baked tables
    graph revisions;
    std::string name;           // the migrations' name (baked) or directory (run time)
    std::string version_table;  // default "alembic_version"
    std::string fingerprint;    // table_fingerprint() of revisions in order

    // The lock file (docs/lockfile.md). A baked table carries its text as it was at build time (absent
    // when the project had none) and names it relative to the project. A directory read at run time
    // carries only the lock file's path; the commands that need it read it from there.
    std::string lock_file;
    std::optional<std::string> lock_text;
    bool lock_baked = false;

    // Seed data (docs/seeds.md), in file-name order, each `Requires` checked against the revisions. The
    // folder is named as the project names it (baked) or as given (--seeds); empty when there is none.
    std::vector<seed> seeds;
    std::string seeds_dir;
};

inline constexpr std::string_view default_version_table = "alembic_version";

// Verifies a baked table again (ids, references, order, seeds' Requires: linear time) and indexes it;
// throws input_error.
catalog load_catalog(const baked::table& table);

}  // namespace retort
