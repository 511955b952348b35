// What a database records about its revisions, as plain values: the version rows, the history rows
// that integrity compares, the unfinished non-transactional revisions and the seeds that ran. Read by
// the history store (runtime/src/store/), interpreted by the application layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "retort/plan.hpp"

namespace retort {

// One row of the history table, as far as integrity needs it.
struct history_record {
    std::string revision;
    std::string status;  // applied, stamped, in_progress or failed
    int checksum_algorithm = 0;
    std::string upgrade_checksum;    // lower-case hex
    std::string downgrade_checksum;  // lower-case hex; empty when the revision had no downgrade
    std::string applied_at;          // as the server printed it
    std::string applied_by;

    friend bool operator==(const history_record&, const history_record&) = default;
};

// A non-transactional revision that failed or was interrupted, as its history row records it.
struct unfinished_revision {
    std::string id;
    bool failed = false;             // false: still in progress (interrupted)
    std::size_t next_statement = 0;  // 0-based index of the statement to run next
    std::uint32_t line = 0;          // file line of the failed statement (0 when in progress)

    friend bool operator==(const unfinished_revision&, const unfinished_revision&) = default;
};

// What the seed table holds about one seed.
struct recorded_seed {
    std::string name;
    std::string checksum;             // lower-case hex
    bool required_reapplied = false;  // the revision it required was applied again after it ran

    friend bool operator==(const recorded_seed&, const recorded_seed&) = default;
};

// What the database holds, as far as these migrations can tell.
struct database_state {
    bool initialized = false;              // the version table exists (retort's tables, or Alembic's alone)
    std::vector<std::string> rows;         // version-table rows as stored, in byte order
    std::optional<applied_state> applied;  // when every row is known to the graph
    std::vector<unfinished_revision> unfinished;
    std::string history_fingerprint;  // applied_fingerprint() of the recorded checksums (integrity.hpp)
};

}  // namespace retort
