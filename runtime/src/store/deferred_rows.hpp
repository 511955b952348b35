// What the upgrades inside one transaction (--single-transaction) leave for its end: they commit
// together, so their history rows, the version table's net change and their log rows are written just
// before the COMMIT, a few statements in all instead of one per step.
#pragma once

#include <string>
#include <vector>

#include "retort/revision.hpp"
#include "store/store.hpp"

namespace retort {

struct deferred_upgrade {
    const revision* rev = nullptr;
    double duration_ms = 0;  // between the server's clock readings around its step
};

struct deferred_rows {
    std::vector<std::string> removed;        // version rows to delete (present before the first step)
    std::vector<std::string> added;          // version rows to insert (absent before the first step)
    std::vector<deferred_upgrade> upgraded;  // in the order they ran

    // Folds one upgrade step in: a row that an earlier step added and this one removes is never written.
    void add(const step_change& s, double duration_ms);
    bool empty() const { return removed.empty() && added.empty() && upgraded.empty(); }
};

}  // namespace retort
