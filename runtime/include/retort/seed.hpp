// Seed data: reference and test data kept apart from schema changes (docs/seeds.md). The seed model,
// the seed file parser, and the planner that decides which seeds a database needs. Pure: text and
// database facts in, values and diagnostics out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "retort/plan.hpp"
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

// Parses `text` (already normalized, see normalize_text) of the seed file `file`. Every problem goes to
// `diags` as `file:line`; returns nullopt when any of them is an error. Views in the result point into
// `text` and `file`, which must outlive it.
std::optional<seed> parse_seed_file(std::string_view file, std::string_view text, diagnostics& diags);

// The revision a seed's `Requires` names (an id, or a branch label); nullopt without one or when `g`
// has no such revision.
std::optional<rev_index> required_revision(const graph& g, const seed& s);

// Reports, at its `Requires` line, every seed whose `Requires` names no revision of `g`.
void check_seed_requirements(const graph& g, std::span<const seed> seeds, diagnostics& diags);

enum class seed_verdict {
    run_new,            // never applied here
    run_changed,        // applied with another checksum
    run_reapplied,      // its Requires revision was applied again after the seed ran (its data may be gone)
    applied,            // applied with this checksum: nothing to do
    requires_missing,   // skipped: its Requires revision is not applied
    schema_behind,      // skipped: it has no Requires and revisions are pending
};

bool runs(seed_verdict v) noexcept;

// What the seed table holds about one seed.
struct recorded_seed {
    std::string name;
    std::string checksum;             // lower-case hex
    bool required_reapplied = false;  // the revision it required was applied again after it ran
};

struct seed_decision {
    seed_verdict verdict = seed_verdict::applied;
    std::optional<rev_index> required;  // the revision `Requires` names
    std::size_t pending = 0;            // revisions not applied (all verdicts)
};

// Decides, per seed and in the given order, whether it runs. A seed with `Requires` is skipped while that
// revision is not applied (whatever the seed table says: its rows went with the revision's tables). A
// seed recorded with its checksum is done, unless its Requires revision was applied again since. Any
// other seed with `Requires` runs; one without runs only when no revision is pending.
std::vector<seed_decision> plan_seeds(const graph& g, const applied_state& state, std::span<const seed> seeds,
                                      std::span<const recorded_seed> recorded);

}  // namespace retort
