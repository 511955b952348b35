// Seeds against text and against a revision graph: the seed file parser, the revision a seed requires,
// and the planner that decides which seeds a database needs. Pure: text and database facts in, values
// and diagnostics out.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "retort/plan.hpp"
#include "retort/seed.hpp"
#include "retort/state.hpp"

namespace retort {

// Parses `text` (already normalized, see normalize_text) of the seed file `file`. Every problem goes to
// `diags` as `file:line`; returns nullopt when any of them is an error. Views in the result point into
// `text` and `file`, which must outlive it.
std::optional<seed> parse_seed_file(std::string_view file, std::string_view text, diagnostics& diags);

// The revision a seed's `Requires` names (an id, or a branch label); nullopt without one or when `g`
// has no such revision.
std::optional<rev_index> required_revision(const graph& g, const seed& s);

// Reports, at its `Requires` line, every seed whose `Requires` names no revision of `g`.
void check_seed_requirements(const graph& g, std::span<const seed> seeds, diagnostics& diags);

// Decides, per seed and in the given order, whether it runs. A seed with `Requires` is skipped while that
// revision is not applied (whatever the seed table says: its rows went with the revision's tables). A
// seed recorded with its checksum is done, unless its Requires revision was applied again since. Any
// other seed with `Requires` runs; one without runs only when no revision is pending.
std::vector<seed_decision> plan_seeds(const graph& g, const applied_state& state, std::span<const seed> seeds,
                                      std::span<const recorded_seed> recorded);

}  // namespace retort
