// Planning: the database's applied revisions and a resolved target in, the ordered steps out, each with
// the version-table rows before and after it (kept the way Alembic keeps alembic_version). Pure.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/graph.hpp"
#include "retort/target.hpp"

namespace retort {

// What the version table says: its rows, and every revision they imply as applied.
struct applied_state {
    std::vector<rev_index> rows;  // version-table rows, ascending index
    std::vector<bool> applied;    // per revision: implied by the rows (rows and all they need)
};

// The database holds version rows that these migrations do not contain (it is ahead of this binary, or a
// revision file was deleted).
class unknown_revisions_error : public state_error {
public:
    using state_error::state_error;
};

// Reads version-table rows into an applied_state; throws unknown_revisions_error naming every row this
// graph does not know.
applied_state state_from_rows(const graph& g, std::span<const std::string> rows);

struct step {
    direction dir = direction::up;
    rev_index revision = 0;
    // How the version-table rows change: the rows this step removes and the rows it adds. A change, not
    // the rows themselves, so that a plan stays linear in its steps however many branches are open (a
    // merge of 5,000 heads).
    std::vector<rev_index> rows_removed;
    std::vector<rev_index> rows_added;
    bool leaves_no_rows = false;  // a downgrade that empties the version table (an offline script drops it)
};

// `rows` (sorted, as plans keep them) after step `s`.
void apply_rows(std::vector<rev_index>& rows, const step& s);

// Every revision the target needs that is not applied, parents and dependencies first.
std::vector<step> plan_upgrade(const graph& g, const applied_state& state, const resolved_target& target);

// Every applied revision above the target (and whatever needs them), dependents first. Throws
// state_error before any step when one of them has no downgrade section, naming it.
std::vector<step> plan_downgrade(const graph& g, const applied_state& state, const resolved_target& target);

// The version-table rows after stamping `target` (no SQL runs): with `purge`, exactly the target;
// otherwise the target replaces the current rows it is related to, and unrelated branches stay.
std::vector<rev_index> plan_stamp(const graph& g, const applied_state& state, const resolved_target& target,
                                  bool purge);

// The rows (heads of the applied set) implied by `applied`.
std::vector<rev_index> rows_of(const graph& g, const std::vector<bool>& applied);

// The revisions marked in `todo`, newest first, in Alembic's order (its topological sort walked down from
// `heads`, siblings in graph order): a downgrade runs in this order, an upgrade in its reverse, and
// `history` prints it.
std::vector<rev_index> alembic_order(const graph& g, std::vector<bool> todo, std::span<const rev_index> heads);
// The applied revisions no applied revision revises (Depends On does not count): what Alembic's `current`
// prints, e.g. both y2 and x2 when y2, which depends on x2, is the only version row.
std::vector<rev_index> current_heads_of(const graph& g, const std::vector<bool>& applied);
// Every revision implied by `rows` (rows and everything they need).
std::vector<bool> closure_of(const graph& g, std::span<const rev_index> rows);

}  // namespace retort
