// Seed data: reference and test data kept apart from schema changes (docs/seeds.md). The seed model
// and what became of a seed in a run. The parser and the planner that decides which seeds a database
// needs are in runtime/src/core/seeds.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "retort/graph.hpp"
#include "retort/revision.hpp"

namespace retort {

// One seed file after parsing. Text fields are views, like a revision's (see revision.hpp).
struct seed {
    std::string_view name;            // the file name, e.g. 0001_countries.sql: the seed's key in the seed table
    std::string_view file;            // `<label>/<file name>`, for messages
    std::string_view message;         // the first header line
    std::string_view required;        // `Requires:` as written (a revision id or a branch label); empty without one
    std::uint32_t requires_line = 0;  // the file line of `Requires:`, 0 without one
    section body;                     // the SQL after the header; body.sum is the seed checksum v1 (checksum.hpp)
};

enum class seed_verdict {
    run_new,           // never applied here
    run_changed,       // applied with another checksum
    run_reapplied,     // its Requires revision was applied again after the seed ran (its data may be gone)
    applied,           // applied with this checksum: nothing to do
    requires_missing,  // skipped: its Requires revision is not applied
    schema_behind,     // skipped: it has no Requires and revisions are pending
};

// True for the verdicts that run the seed.
bool runs(seed_verdict v) noexcept;

struct seed_decision {
    seed_verdict verdict = seed_verdict::applied;
    std::optional<rev_index> required;  // the revision `Requires` names
    std::size_t pending = 0;            // revisions not applied (all verdicts)
};

// What became of one seed.
struct seed_outcome {
    std::size_t seed = 0;  // index into catalog::seeds
    seed_decision decision;
    double seconds = 0;  // for a seed that ran: from BEGIN to COMMIT as seen here
};

}  // namespace retort
