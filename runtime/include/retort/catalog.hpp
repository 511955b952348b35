// A catalog: a validated revision graph plus the storage its text views point into, and the facts a
// command needs about where it came from (a baked table, or a directory read at run time). Baked tables
// load with load_catalog(); a directory, or any source a command line names, with load() in
// runtime/src/directory/directory.hpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/baked_table.hpp"
#include "retort/graph.hpp"
#include "retort/seed.hpp"

namespace retort {

inline constexpr std::string_view default_version_table = "alembic_version";

// The lock file (docs/lockfile.md) as a catalog knows it.
struct lock_file_ref {
    std::string name;                 // how messages name it: the path, or the project-relative name baked in
    std::optional<std::string> text;  // its text when it was read (absent: not read, or there is no lock file)
    bool baked = false;               // `text` is the copy baked at build time; `name` cannot be opened from here
};

struct catalog {
    std::vector<std::unique_ptr<std::string>> storage;  // file names and texts; empty for baked tables
    const baked::table* baked = nullptr;                // the table a baked catalog was read from (static)
    graph revisions;
    std::string name;  // the migrations' name (baked) or directory (run time)
    std::string version_table{default_version_table};
    std::string fingerprint;  // table_fingerprint() of revisions in order
    // applied_fingerprint() with every revision applied, when known beforehand (baked at build time, so
    // that a database at head is verified without hashing every checksum at each start); else empty.
    std::string all_applied_fingerprint;
    lock_file_ref lock;

    // Seed data (docs/seeds.md), in file-name order, each `Requires` checked against the revisions. The
    // folder is named as the project names it (baked) or as given (--seeds); empty when there is none.
    std::vector<seed> seeds;
    std::string seeds_dir;
};

// Verifies a baked table again (ids, references, order, seeds' Requires: linear time) and indexes it;
// throws input_error.
catalog load_catalog(const baked::table& table);

}  // namespace retort
